//! Instants in UTC, passed in by the caller: the crate never reads a clock.

use core::fmt;
use core::str::FromStr;
use std::time::{Duration, SystemTime};

use crate::values::{TimestampError, head};

/// Seconds in one day.
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// Every `Timestamp` is a whole second in UTC between `0001-01-01T00:00:00Z` and
/// `9999-12-31T23:59:59Z`.
///
/// The crate never reads the clock: every transition and every score takes the current
/// time as an argument, so results are reproducible and tests need no mocking. A
/// timestamp is written in one form, RFC 3339 in UTC with whole seconds
/// (`2026-11-25T09:30:00Z`), and serializes as that string, so a stored record has one
/// spelling of each instant whatever it was read from.
///
/// ```
/// use qualify::Timestamp;
///
/// let t: Timestamp = "2026-11-25T10:30:00.250+01:00".parse()?;
/// assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
/// assert_eq!(t.as_unix_seconds(), 1_795_599_000);
/// assert!("2026-11-25 09:30".parse::<Timestamp>().is_err()); // no seconds, no offset
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # What it parses
///
/// [`str::parse`] (and so deserializing, and the raw form of a record) reads what CRMs and
/// services send:
///
/// | Form | Example | Reads as |
/// | --- | --- | --- |
/// | RFC 3339 in UTC | `2026-11-25T09:30:00Z` | itself |
/// | RFC 3339 with an offset | `2026-11-25T10:30:00+01:00`, `2026-11-25T04:00:00-05:30` | `2026-11-25T09:30:00Z` |
/// | a fraction of a second, 1 to 9 digits | `2026-11-25T09:30:00.123Z` | `2026-11-25T09:30:00Z` |
/// | an offset without its colon (Salesforce) | `2026-11-25T09:30:00.000+0000` | `2026-11-25T09:30:00Z` |
/// | a date alone (a close date) | `2026-12-31` | `2026-12-31T00:00:00Z`, the start of that day in UTC |
///
/// As RFC 3339 allows, `t` and `z` may be lowercase, a space may stand for the `T`, and
/// `-00:00` (UTC, with the local offset unknown) reads as `Z`. A leap second, `:60`, reads
/// as `:59` of the same minute: like Unix time, this type counts days of exactly 86,400
/// seconds. A year `0000` is read as long as the instant, once in UTC, falls in year 1 or
/// later.
///
/// Everything else is refused rather than guessed at: a time without seconds or without an
/// offset (`2026-11-25T09:30`, whose zone is unknown), an offset of hours alone (`+01`) or
/// with seconds (`+01:00:30`), offsets beyond `±23:59`, more than 9 fraction digits, a
/// comma for the decimal point, the ISO 8601 basic form (`20261125T093000Z`), a bracketed
/// time zone (`[Europe/Paris]`), surrounding whitespace, and a bare number (`1795599000` is
/// seconds, milliseconds or something else; say which with
/// [`parse_unix_seconds`](Timestamp::parse_unix_seconds) or
/// [`parse_unix_millis`](Timestamp::parse_unix_millis)).
///
/// # Whole seconds
///
/// Digits below the second are dropped: an instant is truncated toward the earlier whole
/// second, before the epoch as after it. The same holds for milliseconds, for
/// [`SystemTime`], and for the optional jiff and chrono conversions.
///
/// ```
/// use qualify::Timestamp;
///
/// let t: Timestamp = "1969-12-31T23:59:59.999Z".parse()?;
/// assert_eq!(t.to_string(), "1969-12-31T23:59:59Z");
/// assert_eq!(Timestamp::from_unix_millis(-1)?, t); // 1 ms before the epoch
/// assert_eq!(Timestamp::from_unix_millis(1_999)?.to_string(), "1970-01-01T00:00:01Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// `0001-01-01T00:00:00Z` in Unix seconds.
const MIN_SECONDS: i64 = -62_135_596_800;
/// `9999-12-31T23:59:59Z` in Unix seconds.
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The earliest representable instant, `0001-01-01T00:00:00Z`.
    pub const MIN: Timestamp = Timestamp(MIN_SECONDS);
    /// The latest representable instant, `9999-12-31T23:59:59Z`.
    pub const MAX: Timestamp = Timestamp(MAX_SECONDS);

    /// Builds a timestamp from seconds since `1970-01-01T00:00:00Z`.
    ///
    /// # Errors
    /// [`TimestampError::OutOfRange`] when the instant falls outside years 1 to 9999,
    /// for example `i64::MAX`.
    pub const fn from_unix_seconds(seconds: i64) -> Result<Timestamp, TimestampError> {
        if seconds < MIN_SECONDS || seconds > MAX_SECONDS {
            return Err(TimestampError::OutOfRange { seconds });
        }
        Ok(Timestamp(seconds))
    }

    /// Builds a timestamp from milliseconds since `1970-01-01T00:00:00Z`, truncated toward
    /// the earlier whole second.
    ///
    /// ```
    /// use qualify::{Timestamp, TimestampError};
    ///
    /// let t = Timestamp::from_unix_millis(1_795_599_000_999)?;
    /// assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
    /// assert_eq!(
    ///     Timestamp::from_unix_millis(i64::MAX),
    ///     Err(TimestampError::OutOfRange { seconds: i64::MAX / 1000 }),
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`TimestampError::OutOfRange`], with the whole seconds, when the instant falls
    /// outside years 1 to 9999, for example `i64::MAX` or `-62_135_596_800_001` (one
    /// millisecond before year 1).
    pub const fn from_unix_millis(millis: i64) -> Result<Timestamp, TimestampError> {
        Timestamp::from_unix_seconds(millis.div_euclid(1000))
    }

    /// Reads a whole number of seconds since `1970-01-01T00:00:00Z`, such as `"1795599000"`
    /// or `"-1"`: an optional `-` and ASCII digits, nothing else.
    ///
    /// [`str::parse`] refuses a bare number, because its unit cannot be told from the
    /// text: `1795599000` is a 2026 instant in seconds and a January 1970 one in
    /// milliseconds. A host that knows its source's unit says so by calling this or
    /// [`parse_unix_millis`](Timestamp::parse_unix_millis).
    ///
    /// ```
    /// use qualify::{Timestamp, TimestampError};
    ///
    /// let t = Timestamp::parse_unix_seconds("1795599000")?;
    /// assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
    /// assert_eq!(
    ///     Timestamp::parse_unix_seconds("1795599000.5"),
    ///     Err(TimestampError::InvalidUnixSeconds { text: "1795599000.5".into(), len: 12 }),
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// - [`TimestampError::InvalidUnixSeconds`] for anything but an optional `-` and
    ///   digits: `""`, `"+5"`, `" 5"`, `"5.0"`, `"1e9"`, `"2026-11-25T09:30:00Z"`.
    /// - [`TimestampError::TextOutOfRange`] for a number outside years 1 to 9999, or
    ///   beyond `i64`: `"253402300800"`, `"99999999999999999999"`.
    pub fn parse_unix_seconds(text: &str) -> Result<Timestamp, TimestampError> {
        match integer(text.as_bytes()) {
            Some(Some(seconds)) => in_range(seconds).ok_or_else(|| out_of_range(text)),
            Some(None) => Err(out_of_range(text)),
            None => Err(TimestampError::InvalidUnixSeconds {
                text: shown(text),
                len: text.len(),
            }),
        }
    }

    /// Reads a whole number of milliseconds since `1970-01-01T00:00:00Z`, such as
    /// `"1795599000123"`, truncated toward the earlier whole second: an optional `-` and
    /// ASCII digits, nothing else. [`parse_unix_seconds`](Timestamp::parse_unix_seconds)
    /// says why a bare number needs its unit named.
    ///
    /// ```
    /// use qualify::{Timestamp, TimestampError};
    ///
    /// let t = Timestamp::parse_unix_millis("1795599000123")?;
    /// assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
    /// assert_eq!(
    ///     Timestamp::parse_unix_millis("-"),
    ///     Err(TimestampError::InvalidUnixMillis { text: "-".into(), len: 1 }),
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// - [`TimestampError::InvalidUnixMillis`] for anything but an optional `-` and
    ///   digits: `""`, `"-"`, `"+5"`, `"5 "`, `"1795599000123.4"`.
    /// - [`TimestampError::TextOutOfRange`] for a number outside years 1 to 9999, or
    ///   beyond `i64`: `"253402300800000"`, `"-99999999999999999999"`.
    pub fn parse_unix_millis(text: &str) -> Result<Timestamp, TimestampError> {
        match integer(text.as_bytes()) {
            Some(Some(millis)) => in_range(millis.div_euclid(1000)).ok_or_else(|| out_of_range(text)),
            Some(None) => Err(out_of_range(text)),
            None => Err(TimestampError::InvalidUnixMillis {
                text: shown(text),
                len: text.len(),
            }),
        }
    }

    /// Seconds since `1970-01-01T00:00:00Z` (negative before it).
    pub const fn as_unix_seconds(self) -> i64 {
        self.0
    }

    /// Milliseconds since `1970-01-01T00:00:00Z` (negative before it); always a whole
    /// number of seconds.
    pub const fn as_unix_millis(self) -> i64 {
        // At most 2.6e14 in magnitude: far from overflowing.
        self.0 * 1000
    }

    /// The instant `days` whole days later, or `None` past [`Timestamp::MAX`].
    pub fn checked_add_days(self, days: u32) -> Option<Timestamp> {
        let seconds = self.0.checked_add(i64::from(days) * SECONDS_PER_DAY)?;
        Timestamp::from_unix_seconds(seconds).ok()
    }

    /// The instant `days` whole days earlier, or `None` before [`Timestamp::MIN`].
    pub fn checked_sub_days(self, days: u32) -> Option<Timestamp> {
        let seconds = self.0.checked_sub(i64::from(days) * SECONDS_PER_DAY)?;
        Timestamp::from_unix_seconds(seconds).ok()
    }

    /// Whole seconds from `earlier` to `self`; negative when `earlier` is later.
    ///
    /// Never overflows: both instants lie within years 1 to 9999.
    pub const fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.0 - earlier.0
    }

    /// The last second (`23:59:59Z`) of the last day of a calendar span in UTC: the spans
    /// are `span` months long (1, 2, 3, 4, 6 or 12: a month, a quarter, a year), laid from
    /// January, and the one meant is `ahead` spans after the span holding `self`. `None`
    /// for a span that does not divide the year, or an end past [`Timestamp::MAX`].
    ///
    /// Every step is checked: no instant and no count makes it overflow or panic.
    pub(crate) fn end_of_span(self, span: u32, ahead: u32) -> Option<Timestamp> {
        if span == 0 || 12 % span != 0 {
            return None;
        }
        let span = i64::from(span);
        let (year, month, _) = civil_from_days(self.0.div_euclid(SECONDS_PER_DAY));
        // Months since January of year 0, of the first month of the span holding `self`.
        let start = year.checked_mul(12)?.checked_add((month - 1) / span * span)?;
        // The last month of the span meant.
        let last = start
            .checked_add(i64::from(ahead).checked_mul(span)?)?
            .checked_add(span - 1)?;
        let (year, month) = (last.div_euclid(12), last.rem_euclid(12) + 1);
        if !(1..=9999).contains(&year) {
            return None;
        }
        let day = days_from_civil(year, month, days_in_month(year, month));
        let seconds = day
            .checked_mul(SECONDS_PER_DAY)?
            .checked_add(SECONDS_PER_DAY - 1)?;
        in_range(seconds)
    }
}

/// The timestamp at `seconds`, if it lies within years 1 to 9999.
fn in_range(seconds: i64) -> Option<Timestamp> {
    Timestamp::from_unix_seconds(seconds).ok()
}

/// At most 64 characters of `text`, for an error message.
/// The start of `text` an error keeps (see [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
fn shown(text: &str) -> String {
    head(text).to_owned()
}

fn out_of_range(text: &str) -> TimestampError {
    TimestampError::TextOutOfRange {
        text: shown(text),
        len: text.len(),
    }
}

/// An optional `-` and one or more ASCII digits: `None` if the text is not that,
/// `Some(None)` if it is but does not fit an `i64`.
fn integer(text: &[u8]) -> Option<Option<i64>> {
    let (sign, digits) = match text {
        [b'-', rest @ ..] => (-1, rest),
        _ => (1, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Accumulate with the sign applied, so that `i64::MIN` itself fits.
    Some(digits.iter().try_fold(0_i64, |n, &d| {
        n.checked_mul(10)?.checked_add(sign * i64::from(d - b'0'))
    }))
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
const fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

const fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The calendar day of a [`Timestamp`], in UTC: `2026-11-04`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Day(pub(crate) Timestamp);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.0.0.div_euclid(SECONDS_PER_DAY));
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Reads text byte by byte. Every read is bounds-checked and compares whole bytes, so no
/// input, however long or non-ASCII, can make it panic.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// Takes the next byte if it is one of `any`.
    fn eat(&mut self, any: &[u8]) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        if !any.contains(&byte) {
            return None;
        }
        self.at += 1;
        Some(byte)
    }

    /// Takes exactly `len` ASCII digits, as a number.
    fn number(&mut self, len: usize) -> Option<i64> {
        let mut n = 0;
        for _ in 0..len {
            let digit = self.eat(b"0123456789")?;
            n = n * 10 + i64::from(digit - b'0');
        }
        Some(n)
    }

    /// Takes ASCII digits while there are any; returns how many.
    fn digits(&mut self) -> usize {
        let from = self.at;
        while self.eat(b"0123456789").is_some() {}
        self.at - from
    }

    fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// Why text was refused.
enum Refusal {
    /// Not an accepted form, or no real date, time of day or offset.
    Invalid,
    /// A real instant, outside years 1 to 9999 once in UTC.
    OutOfRange,
}

/// Parses the grammar documented on [`Timestamp`] into Unix seconds.
fn parse(text: &[u8]) -> Result<Timestamp, Refusal> {
    let mut c = Cursor { bytes: text, at: 0 };
    let days = date(&mut c).ok_or(Refusal::Invalid)?;
    let seconds = if c.is_done() {
        days * SECONDS_PER_DAY
    } else {
        c.eat(b"Tt ").ok_or(Refusal::Invalid)?;
        let local = days * SECONDS_PER_DAY + time_of_day(&mut c).ok_or(Refusal::Invalid)?;
        let offset = offset(&mut c).ok_or(Refusal::Invalid)?;
        if !c.is_done() {
            return Err(Refusal::Invalid);
        }
        local - offset
    };
    in_range(seconds).ok_or(Refusal::OutOfRange)
}

/// `YYYY-MM-DD`, a real proleptic Gregorian date, as days since 1970-01-01.
fn date(c: &mut Cursor<'_>) -> Option<i64> {
    let year = c.number(4)?;
    c.eat(b"-")?;
    let month = c.number(2)?;
    c.eat(b"-")?;
    let day = c.number(2)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// `hh:mm:ss` and an optional fraction of 1 to 9 digits, as seconds into the day. The
/// fraction is dropped; a leap second reads as the 59th.
fn time_of_day(c: &mut Cursor<'_>) -> Option<i64> {
    let hour = c.number(2)?;
    c.eat(b":")?;
    let minute = c.number(2)?;
    c.eat(b":")?;
    let second = c.number(2)?;
    if c.eat(b".").is_some() && !(1..=9).contains(&c.digits()) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(hour * 3600 + minute * 60 + second.min(59))
}

/// `Z`, `z`, or `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm` up to 23:59, as seconds east of UTC.
fn offset(c: &mut Cursor<'_>) -> Option<i64> {
    let sign = match c.eat(b"Zz+-")? {
        b'+' => 1,
        b'-' => -1,
        _ => return Some(0),
    };
    let hours = c.number(2)?;
    let _colon = c.eat(b":");
    let minutes = c.number(2)?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Parses RFC 3339 with any offset and fraction, Salesforce's `+0000` offsets and a
    /// date alone, as [`Timestamp`] describes.
    ///
    /// # Errors
    /// - [`TimestampError::Invalid`] for text in none of those forms (`"2026-11-25 09:30"`,
    ///   `"1795599000"`, `"2026-11-25T09:30:00+01"`), or naming no real date, time or
    ///   offset (`"2026-02-29"`, `"2026-11-25T24:00:00Z"`, `"2026-11-25T09:30:00+24:00"`).
    /// - [`TimestampError::TextOutOfRange`] for a real instant outside years 1 to 9999 in
    ///   UTC: `"0000-12-31"`, `"0001-01-01T00:30:00+01:00"`, `"9999-12-31T23:30:00-01:00"`.
    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        parse(text.as_bytes()).map_err(|refusal| match refusal {
            Refusal::Invalid => TimestampError::Invalid {
                text: shown(text),
                len: text.len(),
            },
            Refusal::OutOfRange => out_of_range(text),
        })
    }
}

/// The caller passes the time; nothing here reads a clock. Truncated toward the earlier
/// whole second.
///
/// # Errors
/// [`TimestampError::OutOfRange`] when the time falls outside years 1 to 9999, with its
/// whole seconds (held at the bounds of `i64` beyond them), for example
/// `UNIX_EPOCH + Duration::from_secs(253_402_300_800)`.
impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    fn try_from(time: SystemTime) -> Result<Timestamp, TimestampError> {
        let seconds = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
                // A fraction before the epoch moves the instant to the earlier second.
                whole.saturating_sub(i64::from(before.subsec_nanos() > 0))
            }
        };
        Timestamp::from_unix_seconds(seconds)
    }
}

/// # Panics
/// Never on Linux, macOS, Windows or the other platforms whose `SystemTime` holds every
/// year from 1 to 9999. On a platform whose `SystemTime` starts at 1970 (WASI), an
/// instant before 1970 cannot be held and converting it panics, as jiff's and chrono's
/// conversions do.
impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> SystemTime {
        let time = match u64::try_from(t.0) {
            Ok(after) => SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(after)),
            Err(_) => SystemTime::UNIX_EPOCH.checked_sub(Duration::from_secs(t.0.unsigned_abs())),
        };
        time.expect("this platform's SystemTime holds years 1 to 9999")
    }
}

/// Fails for the last 26 hours this type holds: `jiff::Timestamp` ends at
/// `9999-12-30T22:00:00Z`, so that every instant is a valid civil time at every offset.
///
/// # Errors
/// [`TimestampError::Unrepresentable`] after `9999-12-30T22:00:00Z`, for example
/// [`Timestamp::MAX`].
#[cfg(feature = "jiff")]
impl TryFrom<Timestamp> for jiff::Timestamp {
    type Error = TimestampError;

    fn try_from(t: Timestamp) -> Result<jiff::Timestamp, TimestampError> {
        jiff::Timestamp::from_second(t.0).map_err(|_| TimestampError::Unrepresentable {
            timestamp: t,
            target: "jiff::Timestamp",
        })
    }
}

/// Truncated toward the earlier whole second.
///
/// # Errors
/// [`TimestampError::OutOfRange`] before year 1 (jiff reaches back to year -9999), for
/// example `jiff::Timestamp::MIN`.
#[cfg(feature = "jiff")]
impl TryFrom<jiff::Timestamp> for Timestamp {
    type Error = TimestampError;

    fn try_from(t: jiff::Timestamp) -> Result<Timestamp, TimestampError> {
        // jiff gives the fraction the sign of the instant (`-0.5 s` is 0 s and -500 ms):
        // a negative fraction moves the instant to the earlier whole second.
        Timestamp::from_unix_seconds(t.as_second() - i64::from(t.subsec_nanosecond() < 0))
    }
}

/// chrono holds every instant of years 1 to 9999, so this cannot fail.
#[cfg(feature = "chrono")]
impl From<Timestamp> for chrono::DateTime<chrono::Utc> {
    fn from(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(t.0, 0).expect("chrono holds years -262143 to 262142")
    }
}

/// Any chrono time zone: the instant is the same. Truncated toward the earlier whole
/// second; a chrono leap second reads as the 59th, as in parsing.
///
/// # Errors
/// [`TimestampError::OutOfRange`] outside years 1 to 9999 (chrono reaches years -262143
/// to 262142), for example `chrono::DateTime::<chrono::Utc>::MAX_UTC`.
#[cfg(feature = "chrono")]
impl<Tz: chrono::TimeZone> TryFrom<chrono::DateTime<Tz>> for Timestamp {
    type Error = TimestampError;

    fn try_from(t: chrono::DateTime<Tz>) -> Result<Timestamp, TimestampError> {
        // chrono keeps the fraction non-negative, so its whole seconds are already the
        // earlier second.
        Timestamp::from_unix_seconds(t.timestamp())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp such as \"2026-11-25T09:30:00Z\", or a date")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_extremes_and_leap_days() {
        for text in [
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:00:00Z",
            "2024-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z",
        ] {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(t.to_string(), text);
            assert_eq!(Timestamp::from_unix_seconds(t.as_unix_seconds()), Ok(t));
        }
        assert_eq!(Timestamp::MIN.to_string(), "0001-01-01T00:00:00Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn ends_a_month_a_quarter_or_a_year_on_its_last_second() {
        let at = |text: &str| text.parse::<Timestamp>().unwrap();
        let end = |from: &str, span, ahead| at(from).end_of_span(span, ahead).map(|t| t.to_string());
        let from = "2026-11-25T09:00:00Z";
        assert_eq!(end(from, 1, 0).as_deref(), Some("2026-11-30T23:59:59Z"));
        assert_eq!(end(from, 3, 0).as_deref(), Some("2026-12-31T23:59:59Z"));
        assert_eq!(end(from, 3, 1).as_deref(), Some("2027-03-31T23:59:59Z"));
        assert_eq!(end(from, 12, 0).as_deref(), Some("2026-12-31T23:59:59Z"));
        assert_eq!(end(from, 12, 1).as_deref(), Some("2027-12-31T23:59:59Z"));
        // February of a leap year, and the first and last second of a quarter.
        assert_eq!(
            end("2028-02-01T00:00:00Z", 1, 0).as_deref(),
            Some("2028-02-29T23:59:59Z")
        );
        assert_eq!(
            end("2026-04-01T00:00:00Z", 3, 0).as_deref(),
            Some("2026-06-30T23:59:59Z")
        );
        assert_eq!(
            end("2026-03-31T23:59:59Z", 3, 0).as_deref(),
            Some("2026-03-31T23:59:59Z")
        );
        // Past year 9999, and spans that do not divide the year, are none.
        assert_eq!(
            end("9999-06-01T00:00:00Z", 12, 0).as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        assert_eq!(Timestamp::MAX.end_of_span(12, 1), None);
        assert_eq!(Timestamp::MAX.end_of_span(1, u32::MAX), None);
        assert_eq!(Timestamp::MIN.end_of_span(5, 0), None);
        assert_eq!(Timestamp::MIN.end_of_span(0, 0), None);
        assert_eq!(
            Timestamp::MIN.end_of_span(1, 0).map(|t| t.to_string()).as_deref(),
            Some("0001-01-31T23:59:59Z")
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00+24:00",
            "2026-01-01T00:00:0xZ",
            "",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
    }
}

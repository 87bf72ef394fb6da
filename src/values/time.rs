//! Instants in UTC, passed in by the caller: the crate never reads a clock.

use core::fmt;
use core::str::FromStr;

use crate::values::{TimestampError, head};

/// Seconds in one day.
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// Every `Timestamp` is a whole second in UTC between `0001-01-01T00:00:00Z` and
/// `9999-12-31T23:59:59Z`.
///
/// The crate never reads the clock: every transition and every score takes the current
/// time as an argument, so results are reproducible and tests need no mocking. A
/// timestamp is written and parsed in the RFC 3339 form `2026-11-25T09:30:00Z` (UTC, `Z`
/// suffix, whole seconds), and serializes as that string.
///
/// ```
/// use qualify::Timestamp;
///
/// let t: Timestamp = "2026-11-25T09:30:00Z".parse()?;
/// assert_eq!(t.as_unix_seconds(), 1_795_599_000);
/// assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
/// assert!("2026-11-25 09:30".parse::<Timestamp>().is_err());
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

    /// Seconds since `1970-01-01T00:00:00Z` (negative before it).
    pub const fn as_unix_seconds(self) -> i64 {
        self.0
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

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, the only form this crate writes.
    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        let invalid = || TimestampError::Invalid {
            text: head(text).to_owned(),
            len: text.len(),
        };
        let b = text.as_bytes();
        if b.len() != 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return Err(invalid());
        }
        let num = |from: usize, to: usize| -> Result<i64, TimestampError> {
            b[from..to].iter().try_fold(0_i64, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + i64::from(c - b'0'))
                } else {
                    Err(invalid())
                }
            })
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if year == 0
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(invalid());
        }
        let seconds =
            days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
        Ok(Timestamp(seconds))
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
                f.write_str("an RFC 3339 UTC timestamp such as \"2026-11-25T09:30:00Z\"")
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
    fn rejects_impossible_dates() {
        for text in [
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00+01:00",
            "2026-01-01T00:00:0xZ",
            "",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
    }
}

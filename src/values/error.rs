//! Errors of the values: a timestamp or a checked value that could not be built.

use rust_decimal::Decimal;

use crate::values::decimal::Refusal;
use crate::values::{Echo, Timestamp, head};

/// A timestamp that could not be parsed or built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is in none of the forms [`Timestamp`] parses, or names no real date, time
    /// of day or offset: `"2026-11-25 09:30"`, `"2026-02-29"`, `"2026-11-25T24:00:00Z"`.
    #[error(
        "invalid timestamp {}: expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\"",
        Echo::kept(.text, *.len)
    )]
    Invalid {
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// The instant lies outside years 1 to 9999.
    #[error("timestamp {seconds} seconds from the unix epoch is outside years 1 to 9999")]
    OutOfRange {
        /// The seconds given.
        seconds: i64,
    },
    /// The text names a real instant, or a number of seconds or milliseconds, outside years
    /// 1 to 9999 in UTC: `"0001-01-01T00:30:00+01:00"` is year 0 in UTC.
    #[error("timestamp {} is outside years 1 to 9999 in UTC", Echo::kept(.text, *.len))]
    TextOutOfRange {
        /// The start of the text given, as much as a message shows.
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// Not a whole number of seconds (an optional `-` and digits), for
    /// [`Timestamp::parse_unix_seconds`].
    #[error(
        "invalid unix seconds {}: expected a whole number of seconds such as \"1795599000\"",
        Echo::kept(.text, *.len)
    )]
    InvalidUnixSeconds {
        /// The start of the text given, as much as a message shows.
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// Not a whole number of milliseconds (an optional `-` and digits), for
    /// [`Timestamp::parse_unix_millis`].
    #[error(
        "invalid unix milliseconds {}: expected a whole number of milliseconds such as \"1795599000000\"",
        Echo::kept(.text, *.len)
    )]
    InvalidUnixMillis {
        /// The start of the text given, as much as a message shows.
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// The timestamp lies outside the range of the type it is converted into, such as
    /// `jiff::Timestamp`, which ends at `9999-12-30T22:00:00Z`.
    #[error("timestamp {timestamp} is outside the range of {target}")]
    Unrepresentable {
        /// The timestamp given.
        timestamp: Timestamp,
        /// The type it is converted into: `"jiff::Timestamp"`.
        target: &'static str,
    },
}

/// A value that failed its type's check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Not three ASCII uppercase letters.
    #[error(
        "invalid currency {}: expected three uppercase letters such as \"EUR\"",
        Echo::kept(.code, *.len)
    )]
    Currency {
        /// The start of the code given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        code: String,
        /// The length of the whole code, in bytes.
        len: usize,
    },
    /// Text that is not a [`Total`](crate::Total) as it writes itself: digits, and
    /// optionally a point and at most 56 more digits, within what a total holds.
    #[error(
        "invalid total {}: expected digits with an optional point, such as \"48000.50\"",
        Echo::kept(.text, *.len)
    )]
    TotalText {
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// An amount of money below zero.
    #[error("amount {amount} is negative")]
    NegativeAmount {
        /// The amount given.
        amount: Decimal,
    },
    /// Text that is not an amount of money as [`Money`](crate::Money) writes it: an amount,
    /// one space and a currency code, such as `48000.00 EUR`.
    #[error(
        "invalid money {}: expected an amount, one space and a currency code, such as \"48000.00 EUR\"",
        Echo::kept(.text, *.len)
    )]
    MoneyText {
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// Text that is not a number as a CRM writes one with the decimal mark it was read
    /// with ([`DecimalMark::read`](crate::crm::DecimalMark::read)), nor money as it writes
    /// it ([`DecimalMark::read_money`](crate::crm::DecimalMark::read_money)).
    #[error("invalid {what} {}: expected {expected}", Echo::kept(.text, *.len))]
    CrmText {
        /// What was read: `number` or `money`.
        what: &'static str,
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
        /// What the reader takes.
        expected: &'static str,
    },
    /// An amount written with more digits than a decimal holds exactly: more than 28 after
    /// the decimal point, or more significant digits than fit. It is refused, not rounded.
    #[error(
        "amount {} {}",
        Echo::kept(.text, *.len),
        if *.after_point { Refusal::Places(*.digits) } else { Refusal::Digits(*.digits) }
    )]
    InexactAmount {
        /// The start of the amount given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole amount, in bytes.
        len: usize,
        /// How many digits the amount has, written out in full: after the decimal point
        /// when `after_point`, else significant ones.
        digits: u64,
        /// Whether `digits` counts those after the decimal point (more than 28) rather than
        /// the significant ones.
        after_point: bool,
    },
    /// A probability outside `0..=1`.
    #[error("probability {value} is outside 0..=1")]
    Probability {
        /// The value given.
        value: Decimal,
    },
    /// A record id with no text.
    #[error("record id is blank")]
    BlankId,
    /// A record id longer than [`MAX_ID_LEN`](crate::values::MAX_ID_LEN).
    #[error("record id is {len} bytes long, more than the {max} allowed")]
    IdTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A reason with no text.
    #[error("reason is blank")]
    BlankReason,
    /// A reason that is a placeholder, not an answer: `"TBD"`, `"n/a"`, `"???"`, a lone
    /// zero-width space ([`is_placeholder`](crate::is_placeholder)).
    #[error("reason {} is a placeholder", Echo::kept(.text, *.len))]
    PlaceholderReason {
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
    },
    /// A reason longer than [`MAX_REASON_LEN`](crate::MAX_REASON_LEN).
    #[error("reason is {len} bytes long, more than the {max} allowed")]
    ReasonTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
}

/// Text that names none of an enum's values, from one of the crate's `FromStr` impls
/// ([`Stage`](crate::Stage), [`Source`](crate::Source), [`Method`](crate::Method), …).
///
/// ```
/// use qualify::{Access, NameError};
///
/// let err = "owner".parse::<Access>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown access \"owner\": expected one of decision_maker, champion");
/// assert!(matches!(err, NameError::Unknown { kind: "access", .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NameError {
    /// Not a name of an enum whose values are all known, such as [`Stage`](crate::Stage).
    #[error(
        "unknown {kind} {}: expected one of {}",
        Echo::kept(.name, *.len),
        .expected.join(", ")
    )]
    Unknown {
        /// What was being read: `stage`, `method`, `pass rule`, ….
        kind: &'static str,
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        name: String,
        /// The length of the whole text, in bytes.
        len: usize,
        /// The wire names the enum accepts.
        expected: &'static [&'static str],
    },
    /// Blank text where a custom name was possible, for an enum with a custom variant such
    /// as [`Source::Other`](crate::Source::Other): a name needs text.
    #[error("{kind} name is blank")]
    Blank {
        /// What was being read: `source`, `signal kind` or `custom field`.
        kind: &'static str,
    },
}

impl NameError {
    /// `text` is not one of `expected`, the wire names of `kind`.
    pub(crate) fn unknown(kind: &'static str, text: &str, expected: &'static [&'static str]) -> NameError {
        NameError::Unknown {
            kind,
            name: head(text).to_owned(),
            len: text.len(),
            expected,
        }
    }
}

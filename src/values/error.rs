//! Errors of the values: a timestamp or a checked value that could not be built.

use rust_decimal::Decimal;

use crate::values::Echo;

/// A timestamp that could not be parsed or built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not of the form `YYYY-MM-DDTHH:MM:SSZ`, or names no real instant.
    #[error(
        "invalid timestamp {}: expected a UTC instant such as \"2026-11-25T09:30:00Z\"",
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
    /// An amount of money below zero.
    #[error("amount {amount} is negative")]
    NegativeAmount {
        /// The amount given.
        amount: Decimal,
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
    /// A reason longer than [`MAX_REASON_LEN`](crate::MAX_REASON_LEN).
    #[error("reason is {len} bytes long, more than the {max} allowed")]
    ReasonTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
}

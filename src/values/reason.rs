//! [`Reason`]: the non-blank why of a disqualification, a loss or a demotion.

use core::fmt;

use crate::values::ValueError;

/// Longest text, in bytes, that a [`Reason`] may hold.
pub const MAX_REASON_LEN: usize = 1024;

/// Every `Reason` is non-blank text of at most [`MAX_REASON_LEN`] bytes.
///
/// Disqualifying, losing and demoting all need one: the why is kept in the history.
///
/// ```
/// use qualify::Reason;
///
/// assert_eq!(Reason::new("chose a competitor")?.as_str(), "chose a competitor");
/// assert!(Reason::new("   ").is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reason(String);

impl Reason {
    /// Checks and wraps a reason.
    ///
    /// # Errors
    /// [`ValueError::BlankReason`] for empty or whitespace-only text;
    /// [`ValueError::ReasonTooLong`] past [`MAX_REASON_LEN`] bytes.
    pub fn new(text: impl Into<String>) -> Result<Reason, ValueError> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(ValueError::BlankReason);
        }
        if text.len() > MAX_REASON_LEN {
            return Err(ValueError::ReasonTooLong {
                len: text.len(),
                max: MAX_REASON_LEN,
            });
        }
        Ok(Reason(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for Reason {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for Reason {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Reason::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
        }
    }
}

//! [`RecordId`]: the id a host knows a record by.

use core::fmt;
use core::str::FromStr;

use crate::values::ValueError;

/// Longest text, in bytes, that a [`RecordId`] may hold.
pub const MAX_ID_LEN: usize = 256;

/// Every `RecordId` is non-blank text of at most [`MAX_ID_LEN`] bytes: the id the host's CRM
/// knows the record by, given when the lead is captured and kept through every stage.
///
/// The crate compares ids as they are written; it never makes one up.
///
/// ```
/// use qualify::RecordId;
///
/// let id: RecordId = "00Q5g00000ABCDe".parse()?;
/// assert_eq!(id.as_str(), "00Q5g00000ABCDe");
/// assert!(RecordId::new("  ").is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId(String);

impl RecordId {
    /// Checks and wraps an id.
    ///
    /// # Errors
    /// [`ValueError::BlankId`] for empty or whitespace-only text; [`ValueError::IdTooLong`]
    /// past [`MAX_ID_LEN`] bytes.
    pub fn new(text: impl Into<String>) -> Result<RecordId, ValueError> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(ValueError::BlankId);
        }
        if text.len() > MAX_ID_LEN {
            return Err(ValueError::IdTooLong {
                len: text.len(),
                max: MAX_ID_LEN,
            });
        }
        Ok(RecordId(text))
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RecordId {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<RecordId, ValueError> {
        RecordId::new(text)
    }
}

impl TryFrom<&str> for RecordId {
    type Error = ValueError;
    fn try_from(text: &str) -> Result<RecordId, ValueError> {
        RecordId::new(text)
    }
}

impl TryFrom<String> for RecordId {
    type Error = ValueError;
    fn try_from(text: String) -> Result<RecordId, ValueError> {
        RecordId::new(text)
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for RecordId {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for RecordId {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            RecordId::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
        }
    }
}

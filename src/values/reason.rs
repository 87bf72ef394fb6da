//! [`Reason`]: the why of a disqualification, a loss or a demotion, which says something.

use core::fmt;
use core::str::FromStr;

use crate::values::{Hollowness, ValueError, head, hollowness};

/// Longest text, in bytes, that a [`Reason`] may hold.
pub const MAX_REASON_LEN: usize = 1024;

/// Every `Reason` is text of at most [`MAX_REASON_LEN`] bytes that says something: neither
/// blank nor a placeholder (`TBD`, `n/a`, `???`, a lone zero-width space: the rule hollow
/// evidence is held to, [`is_placeholder`](crate::is_placeholder)).
///
/// Disqualifying, losing and demoting all need one: the why is kept in the history.
///
/// ```
/// use qualify::Reason;
///
/// assert_eq!(Reason::new("chose a competitor")?.as_str(), "chose a competitor");
/// assert!(Reason::new("   ").is_err());
/// assert_eq!(Reason::new("TBD").unwrap_err().to_string(), "reason \"TBD\" is a placeholder");
/// # Ok::<(), qualify::ValueError>(())
/// ```
///
/// Text from elsewhere converts with the same checks: `TryFrom<&str>`, `TryFrom<String>`
/// and [`FromStr`], all keeping the text as given (whitespace included).
///
/// ```
/// use qualify::{Reason, ValueError};
///
/// let why: Reason = "no budget this year".parse()?;
/// assert_eq!(why.as_str(), "no budget this year");
/// assert_eq!(Reason::try_from(String::from("went silent"))?.as_str(), "went silent");
/// assert_eq!(Reason::try_from(""), Err(ValueError::BlankReason));
/// assert_eq!("".parse::<Reason>().unwrap_err().to_string(), "reason is blank");
/// # Ok::<(), ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reason(String);

impl Reason {
    /// A reason the crate gives itself: the caller passes text that is not blank and is
    /// shorter than [`MAX_REASON_LEN`].
    pub(crate) fn known(text: &'static str) -> Reason {
        Reason(text.to_owned())
    }

    /// Checks and wraps a reason.
    ///
    /// # Errors
    /// [`ValueError::BlankReason`] for empty or whitespace-only text;
    /// [`ValueError::ReasonTooLong`] past [`MAX_REASON_LEN`] bytes;
    /// [`ValueError::PlaceholderReason`] for a placeholder: `"TBD"`, `"n/a"`, `"???"`, a
    /// lone zero-width space.
    pub fn new(text: impl Into<String>) -> Result<Reason, ValueError> {
        let text = text.into();
        if hollowness(&text) == Some(Hollowness::Blank) {
            return Err(ValueError::BlankReason);
        }
        if text.len() > MAX_REASON_LEN {
            return Err(ValueError::ReasonTooLong {
                len: text.len(),
                max: MAX_REASON_LEN,
            });
        }
        if hollowness(&text) == Some(Hollowness::Placeholder) {
            return Err(ValueError::PlaceholderReason {
                text: head(&text).to_owned(),
                len: text.len(),
            });
        }
        Ok(Reason(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for Reason {
    type Error = ValueError;

    /// [`Reason::new`].
    ///
    /// # Errors
    /// As [`Reason::new`]: blank text, a placeholder, or text past [`MAX_REASON_LEN`]
    /// bytes.
    fn try_from(text: &str) -> Result<Reason, ValueError> {
        Reason::new(text)
    }
}

impl TryFrom<String> for Reason {
    type Error = ValueError;

    /// [`Reason::new`], keeping the string without copying it.
    ///
    /// # Errors
    /// As [`Reason::new`]: blank text, a placeholder, or text past [`MAX_REASON_LEN`]
    /// bytes.
    fn try_from(text: String) -> Result<Reason, ValueError> {
        Reason::new(text)
    }
}

impl FromStr for Reason {
    type Err = ValueError;

    /// [`Reason::new`].
    ///
    /// # Errors
    /// As [`Reason::new`]: blank text, a placeholder, or text past [`MAX_REASON_LEN`]
    /// bytes.
    fn from_str(text: &str) -> Result<Reason, ValueError> {
        Reason::new(text)
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

//! [`Excerpt`]: what a finding or an error keeps of a value it repeats, and what an error
//! or the audit keeps of a row's id.

use core::fmt;

use crate::values::{Echo, MAX_ID_LEN, head};

/// What a finding, an error or the audit keeps of a value it repeats: the start of it that a
/// message shows (at most [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN) bytes as
/// `{:?}` writes them, cut at a character) and the whole value's length. So a finding
/// about a megabyte of text is as small as one about `"12,5k"`; the row holds the value.
///
/// It shows quoted: as `{:?}` shows the value when it is whole, and as `"aaaa…" (300
/// bytes)` when it is cut. With the `serde` feature it is `{"text": "12,5k", "len": 5}` on
/// the wire.
///
/// ```
/// use qualify::crm::Excerpt;
///
/// let amount = Excerpt::new("12,5k");
/// assert_eq!((amount.as_str(), amount.len(), amount.is_whole()), ("12,5k", 5, true));
/// assert_eq!(amount.to_string(), "\"12,5k\"");
/// assert_eq!(amount, "12,5k");
///
/// let long = Excerpt::new(&"a".repeat(300));
/// assert_eq!((long.as_str().len(), long.len(), long.is_whole()), (64, 300, false));
/// assert_eq!(long.to_string(), format!("\"{}…\" (300 bytes)", "a".repeat(64)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "wire::RawExcerpt"))]
pub struct Excerpt {
    text: String,
    len: usize,
}

impl Excerpt {
    /// What a message shows of `value`, and its length.
    pub fn new(value: &str) -> Excerpt {
        Excerpt {
            text: head(value).to_owned(),
            len: value.len(),
        }
    }

    /// The start of the value kept: all of it when [`is_whole`](Excerpt::is_whole).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The whole value's length, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the value was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether all of the value is kept.
    pub fn is_whole(&self) -> bool {
        self.text.len() == self.len
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Echo::kept(&self.text, self.len), f)
    }
}

impl From<&str> for Excerpt {
    fn from(value: &str) -> Excerpt {
        Excerpt::new(value)
    }
}

impl From<&String> for Excerpt {
    fn from(value: &String) -> Excerpt {
        Excerpt::new(value)
    }
}

impl From<String> for Excerpt {
    fn from(value: String) -> Excerpt {
        Excerpt::new(&value)
    }
}

/// An excerpt equals a text when it keeps all of it.
impl PartialEq<str> for Excerpt {
    fn eq(&self, other: &str) -> bool {
        self.is_whole() && self.text == other
    }
}

impl PartialEq<&str> for Excerpt {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// What an error or the audit keeps of a row's id, to name the row to the host: the id as
/// written when a record id could hold it (at most [`MAX_ID_LEN`] bytes), else trimmed, as
/// the import reads it; of an id longer than a record id even trimmed, its first
/// [`MAX_ID_LEN`] bytes, cut at a character. Every id an import accepts is kept whole.
pub(crate) fn row_id(id: &str) -> String {
    let id = if id.len() <= MAX_ID_LEN { id } else { id.trim() };
    let mut end = id.len().min(MAX_ID_LEN);
    while !id.is_char_boundary(end) {
        end -= 1;
    }
    id.get(..end).unwrap_or_default().to_owned()
}

#[cfg(feature = "serde")]
mod wire {
    use super::{Excerpt, head};

    /// An excerpt as written, checked as it reads.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawExcerpt {
        text: String,
        len: usize,
    }

    impl TryFrom<RawExcerpt> for Excerpt {
        type Error = String;

        fn try_from(raw: RawExcerpt) -> Result<Excerpt, String> {
            let kept = raw.text.len();
            if head(&raw.text).len() < kept {
                return Err(format!(
                    "an excerpt's text of {kept} bytes is longer than a message shows"
                ));
            }
            if raw.len < kept {
                return Err(format!(
                    "an excerpt's text of {kept} bytes is longer than its value, of {} bytes",
                    raw.len
                ));
            }
            Ok(Excerpt {
                text: raw.text,
                len: raw.len,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_id_is_kept_whole_when_a_record_id_holds_it() {
        assert_eq!(row_id(" 77 "), " 77 ");
        let padded = format!("{}77{}", " ".repeat(300), " ".repeat(300));
        assert_eq!(row_id(&padded), "77");
        let long = "é".repeat(MAX_ID_LEN);
        assert_eq!(row_id(&long), "é".repeat(MAX_ID_LEN / 2));
        let odd = format!("a{long}");
        assert_eq!(row_id(&odd).len(), MAX_ID_LEN - 1);
    }
}

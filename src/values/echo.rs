//! How errors repeat bad input: at most [`MAX_ECHO_LEN`] bytes of a value, and at most
//! [`MAX_PROBLEMS`] problems, the rest counted.

use core::fmt::{self, Write as _};
use std::borrow::Cow;

/// Shows a list as `a; b; c`.
pub(crate) struct Joined<'a, T>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

/// Most bytes of a value that an error message repeats, as `{:?}` escapes it. A longer
/// value is cut at a character and shown with an ellipsis and its full length in bytes:
/// `"aaaa…" (300 bytes)`.
pub const MAX_ECHO_LEN: usize = 64;

/// Most problems an error lists. Past them it counts: `…; and 16334 more problems`.
pub const MAX_PROBLEMS: usize = 50;

/// How many bytes `{:?}` on a `str` writes for `c`: what [`char::escape_debug`] writes (an
/// escape sequence in ASCII, or the character itself), except that a single quote is left
/// alone.
fn escaped_len(c: char) -> usize {
    match c.escape_debug().len() {
        _ if c == '\'' => 1,
        1 => c.len_utf8(),
        escape => escape,
    }
}

/// The start of `text` that a message shows quoted: the longest prefix, ending at a
/// character, that `{:?}` writes in at most [`MAX_ECHO_LEN`] bytes (quotes aside).
pub(crate) fn head(text: &str) -> &str {
    let mut shown = 0_usize;
    for (at, c) in text.char_indices() {
        shown = shown.saturating_add(escaped_len(c));
        if shown > MAX_ECHO_LEN {
            return text.get(..at).unwrap_or_default();
        }
    }
    text
}

/// The start of `text` that a message shows as it is: the longest prefix of at most
/// [`MAX_ECHO_LEN`] bytes that ends at a character.
fn plain_head(text: &str) -> &str {
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if at + c.len_utf8() > MAX_ECHO_LEN {
            break;
        }
        end = at + c.len_utf8();
    }
    text.get(..end).unwrap_or_default()
}

/// A value repeated in an error message, cut to [`MAX_ECHO_LEN`] bytes.
///
/// Quoted, it shows as `{:?}` does when short (`"software"`) and as `"aaaa…" (300 bytes)`
/// when cut; plain, as `roi_calculator` or `aaaa… (300 bytes)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Echo<'a> {
    head: &'a str,
    len: usize,
    quoted: bool,
}

impl<'a> Echo<'a> {
    /// `text`, quoted and escaped.
    pub(crate) fn quoted(text: &'a str) -> Echo<'a> {
        Echo {
            head: head(text),
            len: text.len(),
            quoted: true,
        }
    }

    /// `text` as it is, unquoted: for names that messages show bare.
    pub(crate) fn plain(text: &'a str) -> Echo<'a> {
        Echo {
            head: plain_head(text),
            len: text.len(),
            quoted: false,
        }
    }

    /// Quoted, the [`head`] of a text `len` bytes long: what an error that keeps only the
    /// head shows.
    pub(crate) fn kept(head: &'a str, len: usize) -> Echo<'a> {
        Echo {
            head,
            len,
            quoted: true,
        }
    }

    /// What the echo shows, as text a table can pad (`{:<24}`): the value itself, borrowed,
    /// when it is shown plain and whole.
    pub(crate) fn text(self) -> Cow<'a, str> {
        if !self.quoted && self.head.len() == self.len {
            Cow::Borrowed(self.head)
        } else {
            Cow::Owned(self.to_string())
        }
    }
}

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cut = self.head.len() < self.len;
        match (self.quoted, cut) {
            (true, false) => write!(f, "{:?}", self.head),
            (true, true) => {
                // As `{:?}` writes the head, with the ellipsis inside the closing quote.
                f.write_char('"')?;
                for c in self.head.chars() {
                    if c == '\'' {
                        f.write_char(c)?;
                    } else {
                        write!(f, "{}", c.escape_debug())?;
                    }
                }
                write!(f, "…\" ({} bytes)", self.len)
            }
            (false, false) => f.write_str(self.head),
            (false, true) => write!(f, "{}… ({} bytes)", self.head, self.len),
        }
    }
}

/// Problems found in untrusted input: the first [`MAX_PROBLEMS`] kept, the rest only
/// counted, so that an error stays small however much is wrong.
///
/// A checker pushes every problem it finds; one past the limit is counted without being
/// built. [`Problems::into_parts`] gives the list an error stores and the count it shows
/// with [`Listed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problems<T> {
    kept: Vec<T>,
    omitted: usize,
}

impl<T> Default for Problems<T> {
    fn default() -> Problems<T> {
        Problems {
            kept: Vec::new(),
            omitted: 0,
        }
    }
}

impl<T> Problems<T> {
    /// Adds the problem `build` makes or, past [`MAX_PROBLEMS`], counts it without calling
    /// `build`.
    pub(crate) fn push_with(&mut self, build: impl FnOnce() -> T) {
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(build());
        } else {
            self.omitted = self.omitted.saturating_add(1);
        }
    }

    /// Adds a problem, or counts it past [`MAX_PROBLEMS`].
    pub(crate) fn push(&mut self, problem: T) {
        self.push_with(|| problem);
    }

    /// How many problems were found, kept or counted.
    pub(crate) fn len(&self) -> usize {
        self.kept.len().saturating_add(self.omitted)
    }

    /// Whether none was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The problems kept, in the order found, and how many more were counted.
    pub(crate) fn into_parts(self) -> (Vec<T>, usize) {
        (self.kept, self.omitted)
    }
}

impl<T> Extend<T> for Problems<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, problems: I) {
        for problem in problems {
            self.push(problem);
        }
    }
}

/// Shows problems as `a; b; c`, followed by `; and 3 more problems` for those counted but
/// not kept.
pub(crate) struct Listed<'a, T> {
    kept: &'a [T],
    omitted: usize,
}

impl<'a, T> Listed<'a, T> {
    /// The problems kept and how many more were found.
    pub(crate) fn new(kept: &'a [T], omitted: usize) -> Listed<'a, T> {
        Listed { kept, omitted }
    }
}

impl<T: fmt::Display> fmt::Display for Listed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Joined(self.kept), f)?;
        if self.omitted > 0 {
            if !self.kept.is_empty() {
                f.write_str("; ")?;
            }
            let s = if self.omitted == 1 { "" } else { "s" };
            write!(f, "and {} more problem{s}", self.omitted)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_past_the_limit_are_counted_not_built() {
        let mut problems = Problems::default();
        let mut built = 0;
        for i in 0..MAX_PROBLEMS + 3 {
            problems.push_with(|| {
                built += 1;
                i
            });
        }
        problems.extend([7, 8]);
        assert_eq!((built, problems.len()), (MAX_PROBLEMS, MAX_PROBLEMS + 5));
        let (kept, omitted) = problems.into_parts();
        assert_eq!(kept, (0..MAX_PROBLEMS).collect::<Vec<_>>());
        assert_eq!(omitted, 5);
        assert!(Problems::<u8>::default().is_empty());
    }

    #[test]
    fn listed_problems_end_with_the_count_of_the_rest() {
        assert_eq!(Listed::new(&["a", "b"], 0).to_string(), "a; b");
        assert_eq!(
            Listed::new(&["a", "b"], 1).to_string(),
            "a; b; and 1 more problem"
        );
        assert_eq!(
            Listed::new(&["a"], 16_334).to_string(),
            "a; and 16334 more problems"
        );
    }

    #[test]
    fn a_plain_echo_cuts_at_a_character() {
        assert_eq!(Echo::plain("roi_calculator").to_string(), "roi_calculator");
        let exact = "a".repeat(MAX_ECHO_LEN);
        assert_eq!(Echo::plain(&exact).to_string(), exact);
        // 63 bytes of `a`, then a two-byte `é` that would pass the limit.
        let text = format!("{}é", "a".repeat(MAX_ECHO_LEN - 1));
        assert_eq!(
            Echo::plain(&text).to_string(),
            format!("{}… (65 bytes)", "a".repeat(MAX_ECHO_LEN - 1))
        );
    }

    #[test]
    fn an_echo_as_text_borrows_a_plain_whole_value() {
        assert!(matches!(Echo::plain("rep-1").text(), Cow::Borrowed("rep-1")));
        let long = "a".repeat(MAX_ECHO_LEN + 1);
        assert_eq!(Echo::plain(&long).text(), Echo::plain(&long).to_string());
        assert_eq!(Echo::quoted("rep-1").text(), "\"rep-1\"");
        assert_eq!(format!("[{:<7}]", Echo::plain("rep").text()), "[rep    ]");
    }

    #[test]
    fn a_quoted_echo_counts_escapes_and_leaves_single_quotes_alone() {
        assert_eq!(Echo::quoted("it's").to_string(), "\"it's\"");
        // Each NUL is written `\0`: 32 of them fill the 64 bytes, the 33rd is cut.
        let nuls = "\0".repeat(33);
        assert_eq!(
            Echo::quoted(&nuls).to_string(),
            format!("\"{}…\" (33 bytes)", "\\0".repeat(32))
        );
        assert_eq!(
            Echo::quoted(&nuls[..32]).to_string(),
            format!("{:?}", &nuls[..32])
        );
    }
}

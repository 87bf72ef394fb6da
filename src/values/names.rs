//! How the crate's enums are read from text: by their wire names, ASCII case ignored, with
//! `_`, `-` and a space alike, so that `outreach_reply`, `Outreach Reply` and
//! `outreach-reply` all name [`Source::OutreachReply`](crate::Source::OutreachReply).

use crate::values::NameError;

/// Whether `b` separates the words of a name: `_`, `-` or a space, each as good as another.
fn separates(b: u8) -> bool {
    matches!(b, b'_' | b'-' | b' ')
}

/// Whether `text` is `name`, ASCII case ignored and each separator matching any other (one
/// for one: `outreach  reply`, with two spaces, is not `outreach_reply`).
fn same(text: &str, name: &str) -> bool {
    text.len() == name.len()
        && text
            .bytes()
            .zip(name.bytes())
            .all(|(t, n)| t.eq_ignore_ascii_case(&n) || (separates(t) && separates(n)))
}

/// The first of `all` that `text`, surrounding whitespace trimmed, names as `name` writes
/// it.
pub(crate) fn find<'a, T>(text: &str, all: &'a [T], name: impl Fn(&T) -> &str) -> Option<&'a T> {
    let text = text.trim();
    all.iter().find(|value| same(text, name(value)))
}

/// The value of a closed enum named by `text`: the one of `all` whose wire name, at the
/// same place in `names`, `text` is.
///
/// # Errors
/// [`NameError::Unknown`] when it names none of them.
pub(crate) fn closed<T: Copy>(
    kind: &'static str,
    text: &str,
    all: &[T],
    names: &'static [&'static str],
) -> Result<T, NameError> {
    let trimmed = text.trim();
    all.iter()
        .zip(names)
        .find(|(_, name)| same(trimmed, name))
        .map(|(value, _)| *value)
        .ok_or_else(|| NameError::unknown(kind, text, names))
}

/// `text` as a custom name: surrounding whitespace trimmed, and not blank.
///
/// # Errors
/// [`NameError::Blank`] for empty or whitespace-only text.
pub(crate) fn custom<'a>(kind: &'static str, text: &'a str) -> Result<&'a str, NameError> {
    match text.trim() {
        "" => Err(NameError::Blank { kind }),
        name => Ok(name),
    }
}

/// The wire names of a closed enum's `ALL`, in the same order, as a constant:
/// `names_of!(Stage)` is `Stage::ALL.map(Stage::as_str)`.
macro_rules! names_of {
    ($ty:ident) => {{
        let mut names = [""; $ty::ALL.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = $ty::ALL[i].as_str();
            i += 1;
        }
        names
    }};
}
pub(crate) use names_of;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_match_one_for_one_and_case_is_ascii() {
        for text in [
            "outreach_reply",
            "Outreach Reply",
            "OUTREACH-REPLY",
            "  outreach reply\t",
        ] {
            assert!(find(text, &["outreach_reply"], |n| n).is_some(), "{text:?}");
        }
        for text in [
            "outreach  reply",
            "outreachreply",
            "outreach.reply",
            "outreach_replý",
            "",
        ] {
            assert!(find(text, &["outreach_reply"], |n| n).is_none(), "{text:?}");
        }
    }

    #[test]
    fn a_custom_name_is_trimmed_and_never_blank() {
        assert_eq!(custom("source", "  webinar partner "), Ok("webinar partner"));
        assert_eq!(
            custom("source", " \t\n"),
            Err(NameError::Blank { kind: "source" })
        );
    }
}

//! When text says something: the rule for free text that evidence and reasons share, and
//! its part that actors are held to. Text is *hollow* when it is blank or a placeholder
//! ([`PLACEHOLDERS`], or no letter or digit at all); an actor's id *names no one* when it is
//! blank or has no letter or digit.

/// Text that stands in for an answer nobody gave. Compared after trimming, ignoring ASCII
/// case; text with no letter or digit at all (`"???"`, `"--"`, `"..."`, a lone zero-width
/// space) is a placeholder too.
pub const PLACEHOLDERS: [&str; 17] = [
    "tbd",
    "tbc",
    "tba",
    "todo",
    "n/a",
    "na",
    "n.a.",
    "none",
    "nil",
    "null",
    "unknown",
    "x",
    "xx",
    "xxx",
    "test",
    "asdf",
    "placeholder",
];

/// Whether `text` is a placeholder rather than an answer: one of [`PLACEHOLDERS`], or text
/// with no letter or digit. Blank text is blank, not a placeholder.
///
/// ```
/// use qualify::is_placeholder;
///
/// assert!(is_placeholder(" TBD "));
/// assert!(is_placeholder("n/a"));
/// assert!(is_placeholder("???"));
/// assert!(is_placeholder("N/A."));
/// assert!(is_placeholder("n.a.")); // and `n.a`, `N.A.!`
/// assert!(is_placeholder("\u{200B}")); // a zero-width space is no whitespace, and no word
/// assert!(!is_placeholder("month-end close takes 9 days"));
/// assert!(!is_placeholder("   "));
/// ```
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    // A placeholder keeps its meaning with a full stop or an exclamation after it: `N/A.`,
    // `n.a.!`. Both sides lose theirs, so that `n.a.` matches however many stops follow.
    let stops = ['.', '!', ' '];
    let word = t.trim_end_matches(stops);
    !t.is_empty()
        && (PLACEHOLDERS
            .iter()
            .any(|p| p.trim_end_matches(stops).eq_ignore_ascii_case(word))
            || !t.chars().any(char::is_alphanumeric))
}

/// Whether `text` says nothing: blank, or a placeholder ([`is_placeholder`]). The rule
/// every piece of evidence's free text, every reason and every need is held to, for a host
/// to apply to any text of its own.
///
/// ```
/// use qualify::says_nothing;
///
/// assert!(says_nothing("   "));
/// assert!(says_nothing(" TBD "));
/// assert!(!says_nothing("month-end close takes 9 days"));
/// ```
pub fn says_nothing(text: &str) -> bool {
    hollowness(text).is_some()
}

/// Why a text says nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hollowness {
    /// Empty, or only whitespace.
    Blank,
    /// A placeholder ([`is_placeholder`]).
    Placeholder,
}

/// Why `text` says nothing, if it says nothing: the one test that the free text of
/// evidence and reasons is held to.
pub(crate) fn hollowness(text: &str) -> Option<Hollowness> {
    if text.trim().is_empty() {
        Some(Hollowness::Blank)
    } else if is_placeholder(text) {
        Some(Hollowness::Placeholder)
    } else {
        None
    }
}

/// Why the id of an actor names no one, if it does not: blank, or a placeholder with no
/// letter or digit at all (`?`, `--`, a lone zero-width space). A word of [`PLACEHOLDERS`]
/// names someone: `x`, `test` or `NA` may be a user's id or initials, as `TBD` cannot be
/// an answer.
pub(crate) fn anonymity(id: &str) -> Option<Hollowness> {
    match hollowness(id) {
        Some(Hollowness::Placeholder) if id.chars().any(char::is_alphanumeric) => None,
        hollow => hollow,
    }
}

//! Reading a report back: every report, and every part of one, that deserializes checks
//! what it read, and refuses figures no records could have produced, naming each field at
//! fault.
//!
//! A report is data a host stores, sends between workers and merges. One read back from
//! storage or the wire is checked as a record is: counts that contradict each other (more
//! won than decided, a bin's estimates past what its deals can sum to, an overall row that
//! is not the sum of its owners) are refused with every problem listed at once. What the
//! checks let through, `Display`, the accessors and `merge` handle without panicking, for
//! any value the fields can hold.

// Without serde nothing reads a report back, and the checks go unused.
#![cfg_attr(not(feature = "serde"), allow(dead_code, unused_imports))]

use core::fmt;

use crate::values::{Listed, Problems};

/// What a report's part checks once it is read: every problem pushed, each naming its
/// field.
pub(crate) trait Check {
    /// Pushes every problem, each as `field: what is wrong`.
    fn check(&self, problems: &mut Problems<String>);
}

/// `value` if it passes its checks, or the serde error listing every problem (at most
/// [`MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS), the rest counted).
#[cfg(feature = "serde")]
pub(crate) fn checked<T: Check, E: serde::de::Error>(what: &str, value: T) -> Result<T, E> {
    let mut problems = Problems::default();
    value.check(&mut problems);
    if problems.is_empty() {
        return Ok(value);
    }
    let (kept, omitted) = problems.into_parts();
    Err(E::custom(format_args!(
        "{what} refused: {}",
        Listed::new(&kept, omitted)
    )))
}

/// Pushes `field: what` when `bad`.
pub(crate) fn require(
    problems: &mut Problems<String>,
    ok: bool,
    field: impl fmt::Display,
    what: impl fmt::Display,
) {
    if !ok {
        problems.push_with(|| format!("{field}: {what}"));
    }
}

/// Serialize and deserialize for types marked `#[serde(remote = "Self")]`: serialize as
/// derived, deserialize as derived and then [`checked`].
macro_rules! read_checked {
    ($($ty:ident: $what:literal),* $(,)?) => {$(
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                crate::pipeline::read::checked($what, $ty::deserialize(d)?)
            }
        }
    )*};
}

pub(crate) use read_checked;

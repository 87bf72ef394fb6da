//! [`PolicyError`]: a policy that failed its checks.

use core::fmt;

use crate::values::Listed;

/// One problem in a [`PolicySpec`](crate::PolicySpec), at the path of the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PolicyProblem {
    /// Where: `fit.criteria[3].weight`, `engagement.tiers.mql`, `opportunity.threshold`.
    pub path: String,
    /// What: `must not be negative`.
    pub message: String,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A policy that failed its checks: the problems found, the first
/// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS) of them listed and the rest counted.
///
/// Shown as `invalid policy: a; b; c`, or, past the limit, `invalid policy: a; b; …; and 16334
/// more problems`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid policy: {}", Listed::new(&self.problems, self.omitted))]
#[non_exhaustive]
pub struct PolicyError {
    /// The problems, section by section in the order of the spec's fields (a list's size
    /// and duplicate names first, then each entry's own fields); never empty, and at most
    /// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS).
    pub problems: Vec<PolicyProblem>,
    /// How many more problems were found past those listed; counted, not kept.
    pub omitted: usize,
}

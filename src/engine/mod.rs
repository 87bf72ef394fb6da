//! The scoring engine: a compiled policy evaluated with integer arithmetic.
//!
//! [`Policy::new`](crate::Policy::new) compiles every weight, number of points, threshold
//! and probability into an `i64` at a common scale of four decimal places ([`ONE`] is 1).
//! Scoring adds and compares those integers and converts to [`Decimal`] only at the end, so
//! results are exact, identical on every machine, and the score-only path allocates nothing.
//!
//! One generic walk serves both paths: [`Policy::assess`](crate::Policy::assess) runs it
//! with a sink that records nothing (the compiler removes the calls), and
//! [`Policy::explain`](crate::Policy::explain) runs the *same* walk with a sink that writes
//! an [`Explanation`](crate::Explanation). The two cannot disagree.

mod assessment;
mod compile;
mod compiled;
mod decay;
mod engagement;
mod field;
mod notes;
mod pattern;
mod plan;
mod policy;
mod probability;
mod rule;
mod text;

pub use assessment::Assessment;
pub(crate) use compiled::{Compiled, Sink};
pub(crate) use engagement::{Engagement, Kind, tier_of};
pub(crate) use field::FieldReader;
pub use field::Observed;
pub(crate) use notes::Notes;
#[cfg(feature = "serde")]
pub(crate) use notes::RuleNote;
pub(crate) use plan::{Coder, Entry, Plan};
pub use policy::Policy;
pub(crate) use probability::Deal;

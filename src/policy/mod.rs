//! The host's qualification rules: what fits, what engages, what makes an opportunity.
//!
//! A [`PolicySpec`] is the plain, serializable form a host writes (in JSON, TOML, or Rust);
//! every combination of its fields can be built. [`Policy::new`](crate::Policy::new) checks a spec, lists every
//! problem at once with the path of the field at fault, and compiles it into the form the
//! scoring engine runs. A `Policy` therefore always holds a valid, compiled rule set.

mod default;
mod engagement;
mod error;
mod fit;
pub mod limits;
mod pipeline;
mod probability;
mod spec;
mod tier;
pub(crate) mod wording;

pub(crate) use default::default_spec;
pub use engagement::{Decay, EngagementSpec, SignalRule, TierRule, TierSpec};
pub use error::{PolicyError, PolicyProblem};
#[cfg(feature = "serde")]
pub(crate) use fit::is_false;
pub use fit::{Condition, CriterionSpec, Field, FitSpec, KnockoutSpec, PassSpec, Require};
pub use pipeline::{ForecastBands, PipelineSpec, StageDays};
pub use probability::{OpenRange, ProbabilitySpec, StrongFit, TierAdjust, WithinDays};
pub use spec::{EvidenceSpec, OpportunitySpec, PolicySpec};
pub use tier::Tier;

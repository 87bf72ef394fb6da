//! Explanations: why a record did or did not qualify, criterion by criterion.
//!
//! These are reports, not states: their fields are public and they serialize (but do not
//! deserialize). Their `Display` is written for a person, say in a CRM side panel.

mod display;
mod engagement;
mod fit;
mod probability;
mod recorder;

pub use crate::engine::Observed;
pub use engagement::{DecayApplied, EngagementExplanation, SignalOutcome};
pub use fit::{CriterionOutcome, FitExplanation, KnockoutOutcome};
pub use probability::{Adjustment, ProbabilityExplanation};
use std::sync::Arc;

use crate::engine::{Assessment, Deal, Policy};
use crate::explain::recorder::Recorder;
use crate::profile::{Profile, Signal};
use crate::values::{Probability, Timestamp, to_decimal};

/// Serializes a value as its `Display` text.
#[cfg(feature = "serde")]
pub(crate) fn as_text<T: core::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

pub(crate) fn mark(ok: bool, yes: &'static str, no: &'static str) -> &'static str {
    if ok { yes } else { no }
}

/// Why a profile and its signals did or did not qualify under a policy at `now`.
///
/// Built by [`Policy::explain`] from the same evaluation as [`Policy::assess`]: the scores,
/// tier and verdict here always equal the assessment's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Explanation {
    /// The policy's version.
    pub policy: String,
    /// The `now` of the evaluation.
    pub now: Timestamp,
    /// Fit criteria and knockouts.
    pub fit: FitExplanation,
    /// Engagement signals and tier.
    pub engagement: EngagementExplanation,
    /// Whether the lead qualifies as a prospect: fit passed and no knockout hit.
    pub qualifies: bool,
}

impl Policy {
    /// Scores like [`Policy::assess`] and writes down why: every criterion met or not with
    /// the value seen, every knockout, every signal's decay, every threshold.
    pub fn explain(&self, profile: &Profile, signals: &[Signal], now: Timestamp) -> Explanation {
        let mut rec = Recorder::assessment(self, signals);
        let a = self.compiled().assess(profile, signals, now, &mut rec);
        let spec = self.spec();
        let notes = &self.compiled().notes;
        Explanation {
            policy: spec.version.clone(),
            now,
            fit: FitExplanation {
                notes: Arc::clone(notes),
                seen: notes.fields.iter().map(|f| f.read(profile)).collect(),
                criteria: rec.criteria,
                knockouts: rec.knockouts,
                score: a.fit_score(),
                met: a.criteria_met(),
                min_score: notes.min_score,
                min_met: spec.fit.pass.min_met,
                require: spec.fit.pass.require,
                passed: a.fit_passed(),
            },
            engagement: EngagementExplanation {
                signals: rec.outcomes,
                score: a.engagement_score(),
                tier: a.tier(),
                thresholds: notes.thresholds,
            },
            qualifies: a.qualifies(),
        }
    }

    /// The close probability of a deal, with its explanation.
    pub(crate) fn estimate(
        &self,
        deal: Deal<'_>,
        assessment: &Assessment,
        now: Timestamp,
    ) -> ProbabilityExplanation {
        let mut rec = Recorder::probability();
        let c = self.compiled();
        let p = c.probability(deal, assessment, now, &mut rec);
        let probability = Probability::new(to_decimal(p)).unwrap_or(Probability::ZERO);
        ProbabilityExplanation {
            policy: self.version().to_owned(),
            base: to_decimal(c.model.base),
            adjustments: rec.adjustments,
            probability,
            clamped_from: rec.clamped_from.map(to_decimal),
            threshold: c.threshold(),
            meets: p >= c.threshold,
        }
    }
}

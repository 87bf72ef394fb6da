//! Explanations: why a record did or did not qualify, criterion by criterion.
//!
//! These are reports, not states: their fields are public, and with the `serde` feature
//! they serialize and deserialize, so that a host can store one or send it to a front end
//! and read it back: what is read back equals what was written and writes the same JSON.
//! Their `Display` is written for a person, say in a CRM side panel.
//!
//! # Wording
//!
//! Each [`CriterionOutcome`] and [`KnockoutOutcome`] carries its rule three ways: the
//! policy's [`Field`](crate::Field) and [`Condition`](crate::Condition), for a host that
//! words rules itself (in another language, say), and [`text`](CriterionOutcome::text), the
//! crate's English for a salesperson, written once when the policy is compiled. These are
//! all its phrases; `{n}` is a number, `{v}` a condition value and `{field}` the field's
//! noun.
//!
//! | Condition | `employees` | `annual_revenue` | any other field |
//! |---|---|---|---|
//! | `range` with `min` | `{n} employees or more` | `annual revenue of {n} or more` | `{field} is {n} or more` |
//! | `range` with `max` | `at most {n} employees` | `annual revenue of at most {n}` | `{field} is at most {n}` |
//! | `range` with both | `between {n} and {n} employees` | `annual revenue between {n} and {n}` | `{field} is between {n} and {n}` |
//! | `range`, `min` = `max` | `exactly {n} employees` | `annual revenue of exactly {n}` | `{field} is {n}` |
//! | `equals` | `exactly {v} employees` | `annual revenue of exactly {v}` | `{field} is {v}` |
//! | `one_of` | `exactly {v}, {v} or {v} employees` | `annual revenue of exactly {v}, {v} or {v}` | `{field} is one of {v}, {v} or {v}` |
//! | `present` | `employee count is known` | `annual revenue is known` | `{field} is known` |
//! | `absent` | `employee count is not known` | `annual revenue is not known` | `{field} is not known` |
//! | `contains_word` | | | `{field} contains {v}, {v} or {v}` |
//! | `starts_with` | | | `{field} starts with {v}`, `{field} starts with one of {v}, {v} or {v}` |
//! | `ends_with` | | | `{field} ends with {v}`, `{field} ends with one of {v}, {v} or {v}` |
//! | `domain_in` | | | `{field} is within {v}, {v} or {v}` |
//!
//! - A field's noun is `employee count`, `annual revenue`, `industry`, `country`,
//!   `job title`, `seniority`, `e-mail domain`, or a custom attribute's name as the policy
//!   writes it (`crm_plan is enterprise`, `competitor is true`).
//! - Text conditions read only text, so none is written for a number: `job title contains
//!   student or intern`, `e-mail domain is within gmail.com or rival.example` ("within":
//!   the domain or one under it). Words and domains never hold a space or a comma, so their
//!   list is plain; a start or an end may, so a list of several is marked with `one of`
//!   unless each is a single word (`job title starts with vp or head`).
//! - A `one_of` with one value reads as `equals`. On `seniority` a list has no `one of`:
//!   `seniority is director, vice president or c-level` (a level's name never holds a comma
//!   or an "or"; other text may, so its list is marked).
//! - With a count of exactly 1, `employees` is `employee`: `at most 1 employee`.
//! - Numbers have the digits before the point grouped by threes with commas, and every
//!   digit after it kept: `50,000,000`, `1,234.50`. A value of `employees` or
//!   `annual_revenue` is shown as the number it is read as (`"1e3"` as `1,000`), a
//!   seniority by its label (`vice_president` as `vice president`), any other value as the
//!   policy writes it (a custom `"01234"` stays `01234`).
//!
//! A value seen, an [`Observed`], reads `not known` when the profile lacks the field, a
//! number as above (`2,400`), text quoted and escaped as `{:?}` writes it (`"Retail"`),
//! `true` or `false`, a seniority by its label. The `Display` of a [`FitExplanation`] puts
//! them together: `[met ] enterprise headcount (required): 1,000 employees or more; seen:
//! 2,400 (+30 of 30)` and `[HIT ] student: knocks out when seniority is student; seen:
//! student`.

#[cfg(feature = "serde")]
mod de;
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
use crate::profile::{Contact, Profile, Signal};
use crate::values::{Probability, Timestamp, to_decimal};

pub(crate) fn mark(ok: bool, yes: &'static str, no: &'static str) -> &'static str {
    if ok { yes } else { no }
}

/// Why a profile and its signals did or did not qualify under a policy at `now`.
///
/// Built by [`Policy::explain`] from the same evaluation as [`Policy::assess`]: the scores,
/// tier and verdict here always equal the assessment's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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
        self.explain_as(profile, None, signals, now)
    }

    /// [`Policy::explain`] of a record's profile, read with its `contact`'s e-mail domain
    /// when the profile has none, as [`Policy::assess_record`] scores it.
    pub(crate) fn explain_record(
        &self,
        profile: &Profile,
        contact: &Contact,
        signals: &[Signal],
        now: Timestamp,
    ) -> Explanation {
        self.explain_as(profile, contact.email_domain(), signals, now)
    }

    fn explain_as(
        &self,
        profile: &Profile,
        contact_domain: Option<&str>,
        signals: &[Signal],
        now: Timestamp,
    ) -> Explanation {
        let mut rec = Recorder::assessment(self, signals);
        let a = self
            .compiled()
            .assess(profile, contact_domain, signals, now, &mut rec);
        let spec = self.spec();
        let notes = &self.compiled().notes;
        let figures = &self.compiled().figures;
        Explanation {
            policy: spec.version.clone(),
            now,
            fit: FitExplanation {
                notes: Arc::clone(notes),
                seen: notes
                    .fields
                    .iter()
                    .map(|f| f.read(profile, contact_domain))
                    .collect(),
                criteria: rec.criteria,
                knockouts: rec.knockouts,
                score: a.fit_score(),
                met: a.criteria_met(),
                min_score: figures.min_score,
                min_met: spec.fit.pass.min_met,
                require: spec.fit.pass.require,
                passed: a.fit_passed(),
            },
            engagement: EngagementExplanation {
                signals: rec.outcomes,
                score: a.engagement_score(),
                tier: a.tier(),
                rule: spec.engagement.tier_rule,
                held_by: rec.held_by,
                thresholds: figures.thresholds,
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

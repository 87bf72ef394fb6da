//! [`FitExplanation`]: why fit did or did not pass, criterion by criterion.

use core::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::engine::{Notes, Observed};
use crate::evidence::Unmet;
use crate::policy::Require;
use crate::values::to_decimal;

/// One fit criterion, as it applied to one profile: a view into a [`FitExplanation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CriterionOutcome<'a> {
    /// The criterion's name.
    pub name: &'a str,
    /// The field looked at (`employees`, `custom.crm_plan`).
    pub field: &'a str,
    /// The condition, as text (`in 1000..`, `one of ["DE", "FR"]`).
    pub condition: &'a str,
    /// The value seen.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::explain::as_text"))]
    pub seen: &'a Observed,
    /// Whether the condition held.
    pub met: bool,
    /// The points it added: its weight when met, else zero.
    pub points: Decimal,
    /// Its weight.
    pub weight: Decimal,
    /// Whether fit fails when it is not met, whatever the score and count. On the wire,
    /// written only when true.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "crate::policy::is_false"))]
    pub required: bool,
}

/// One knockout, as it applied to one profile: a view into a [`FitExplanation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct KnockoutOutcome<'a> {
    /// The knockout's name.
    pub name: &'a str,
    /// The field looked at.
    pub field: &'a str,
    /// The condition that knocks out, as text.
    pub condition: &'a str,
    /// The value seen.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::explain::as_text"))]
    pub seen: &'a Observed,
    /// Whether it hit.
    pub hit: bool,
}

/// Whether one rule (criterion or knockout) held, and the points it added. The rule's text
/// is in the policy's [`Notes`] at the same index; the value it saw is its field's, in the
/// explanation's table of values seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) held: bool,
    pub(crate) points: i64,
}

/// What a rule shows as seen if its field's value is somehow not in the table.
static MISSING: Observed = Observed::Missing;

/// The fit half of an [`Explanation`](crate::Explanation).
///
/// The criteria and knockouts are read through [`criteria`](FitExplanation::criteria) and
/// [`knockouts`](FitExplanation::knockouts): their names, fields and conditions are shared
/// with the policy that explained them rather than copied into every explanation.
/// On the wire, `criteria` and `knockouts` are arrays of those outcomes.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FitExplanation {
    pub(crate) notes: Arc<Notes>,
    /// The value of each field the policy's rules read, in the order of
    /// [`Notes::fields`]: read once however many rules read it.
    pub(crate) seen: Box<[Observed]>,
    pub(crate) criteria: Vec<Verdict>,
    pub(crate) knockouts: Vec<Verdict>,
    /// The fit score.
    pub score: Decimal,
    /// Criteria met.
    pub met: u32,
    /// The policy's `fit.pass.min_score`.
    pub min_score: Option<Decimal>,
    /// The policy's `fit.pass.min_met`.
    pub min_met: Option<u32>,
    /// Whether both rules must hold or either.
    pub require: Require,
    /// Whether fit passed (knockouts aside): the pass rule held and every required
    /// criterion was met.
    pub passed: bool,
}

impl FitExplanation {
    /// Why fit does not qualify the lead, in the terms a salesperson reads: each knockout
    /// hit, each required criterion not met (both in policy order), then, when the pass
    /// rule itself fails, the score short of `min_score` and the count short of `min_met`.
    /// Empty when the lead qualifies on fit.
    ///
    /// ```
    /// use qualify::{Policy, Profile, Unmet};
    ///
    /// let policy = Policy::default();
    /// let small = Profile::new().employees(40);
    /// let e = policy.explain(&small, &[], "2026-11-25T09:00:00Z".parse()?);
    /// assert_eq!(
    ///     e.fit.unmet(),
    ///     [
    ///         Unmet::RequiredCriterion { name: "enterprise headcount".into() },
    ///         Unmet::FitScoreBelow { score: 0.into(), min_score: 60.into() },
    ///         Unmet::TooFewCriteriaMet { met: 0, min_met: 3 },
    ///     ]
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unmet(&self) -> Vec<Unmet> {
        let mut unmet: Vec<Unmet> = self
            .knockouts()
            .filter(|k| k.hit)
            .map(|k| Unmet::Knockout {
                name: k.name.to_owned(),
            })
            .collect();
        unmet.extend(
            self.criteria()
                .filter(|c| c.required && !c.met)
                .map(|c| Unmet::RequiredCriterion {
                    name: c.name.to_owned(),
                }),
        );
        let by_score = self.min_score.map(|m| self.score >= m);
        let by_count = self.min_met.map(|m| self.met >= m);
        let rule_holds = match (by_score, by_count) {
            (Some(a), Some(b)) if self.require == Require::All => a && b,
            (Some(a), Some(b)) => a || b,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => false,
        };
        if !rule_holds {
            if let Some(min_score) = self.min_score.filter(|m| self.score < *m) {
                unmet.push(Unmet::FitScoreBelow {
                    score: self.score,
                    min_score,
                });
            }
            if let Some(min_met) = self.min_met.filter(|m| self.met < *m) {
                unmet.push(Unmet::TooFewCriteriaMet {
                    met: self.met,
                    min_met,
                });
            }
        }
        unmet
    }

    /// Every criterion, in policy order.
    pub fn criteria(
        &self,
    ) -> impl ExactSizeIterator<Item = CriterionOutcome<'_>> + DoubleEndedIterator + Clone {
        self.notes
            .criteria
            .iter()
            .zip(&self.criteria)
            .map(|(rule, v)| CriterionOutcome {
                name: &rule.name,
                field: &rule.field,
                condition: &rule.condition,
                seen: self.seen.get(rule.slot).unwrap_or(&MISSING),
                met: v.held,
                points: to_decimal(v.points),
                weight: rule.weight,
                required: rule.required,
            })
    }

    /// Every knockout, in policy order.
    pub fn knockouts(
        &self,
    ) -> impl ExactSizeIterator<Item = KnockoutOutcome<'_>> + DoubleEndedIterator + Clone {
        self.notes
            .knockouts
            .iter()
            .zip(&self.knockouts)
            .map(|(rule, v)| KnockoutOutcome {
                name: &rule.name,
                field: &rule.field,
                condition: &rule.condition,
                seen: self.seen.get(rule.slot).unwrap_or(&MISSING),
                hit: v.held,
            })
    }
}

impl fmt::Debug for FitExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// Lists the outcomes an iterator yields.
        struct List<I>(I);
        impl<I: Iterator<Item: fmt::Debug> + Clone> fmt::Debug for List<I> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.clone()).finish()
            }
        }
        f.debug_struct("FitExplanation")
            .field("criteria", &List(self.criteria()))
            .field("knockouts", &List(self.knockouts()))
            .field("score", &self.score)
            .field("met", &self.met)
            .field("min_score", &self.min_score)
            .field("min_met", &self.min_met)
            .field("require", &self.require)
            .field("passed", &self.passed)
            .finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for FitExplanation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;

        /// Serializes the outcomes an iterator yields as a sequence.
        struct Seq<I>(I);
        impl<I: Iterator<Item: serde::Serialize> + Clone> serde::Serialize for Seq<I> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.clone())
            }
        }
        let mut s = serializer.serialize_struct("FitExplanation", 8)?;
        s.serialize_field("criteria", &Seq(self.criteria()))?;
        s.serialize_field("knockouts", &Seq(self.knockouts()))?;
        s.serialize_field("score", &self.score)?;
        s.serialize_field("met", &self.met)?;
        s.serialize_field("min_score", &self.min_score)?;
        s.serialize_field("min_met", &self.min_met)?;
        s.serialize_field("require", &self.require)?;
        s.serialize_field("passed", &self.passed)?;
        s.end()
    }
}

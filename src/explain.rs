//! Explanations: why a record did or did not qualify, criterion by criterion.
//!
//! These are reports, not states: their fields are public and they serialize (but do not
//! deserialize). Their `Display` is written for a person, say in a CRM side panel.

use core::fmt;
use core::fmt::Write as _;

use rust_decimal::Decimal;

use crate::evidence::Probability;
use crate::policy::{Condition, Decay, Field, Policy, PolicySpec, Require};
use crate::profile::{Profile, Signal};
use crate::score::{Assessment, Deal, Seen, Sink, Tier, to_decimal};
use crate::time::{SECONDS_PER_DAY, Timestamp};

/// One fit criterion, as it applied to one profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CriterionOutcome {
    /// The criterion's name.
    pub name: String,
    /// The field looked at (`employees`, `custom.crm_plan`).
    pub field: String,
    /// The condition, as text (`in 1000..`, `one of ["DE", "FR"]`).
    pub condition: String,
    /// The value seen, as text (`1200`, `"retail"`, `missing`).
    pub seen: String,
    /// Whether the condition held.
    pub met: bool,
    /// The points it added: its weight when met, else zero.
    pub points: Decimal,
    /// Its weight.
    pub weight: Decimal,
}

/// One knockout, as it applied to one profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct KnockoutOutcome {
    /// The knockout's name.
    pub name: String,
    /// The field looked at.
    pub field: String,
    /// The condition that knocks out, as text.
    pub condition: String,
    /// The value seen, as text.
    pub seen: String,
    /// Whether it hit.
    pub hit: bool,
}

/// The fit half of an [`Explanation`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct FitExplanation {
    /// Every criterion, in policy order.
    pub criteria: Vec<CriterionOutcome>,
    /// Every knockout, in policy order.
    pub knockouts: Vec<KnockoutOutcome>,
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
    /// Whether the pass rule held (knockouts aside).
    pub passed: bool,
}

/// One engagement signal, as it counted at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SignalOutcome {
    /// The signal's kind.
    pub kind: String,
    /// When it happened.
    pub at: Timestamp,
    /// The points the policy gives a fresh signal of this kind.
    pub points: Decimal,
    /// The points it counted for after decay.
    pub counted: Decimal,
    /// The decay applied, in words (`age 15 days, half-life 30 days`).
    pub decay: String,
}

/// The engagement half of an [`Explanation`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct EngagementExplanation {
    /// Every signal, in the record's order.
    pub signals: Vec<SignalOutcome>,
    /// The engagement score.
    pub score: Decimal,
    /// The tier reached, if any.
    pub tier: Option<Tier>,
    /// The policy's tier thresholds: IQL, MQL, SQL.
    pub thresholds: [Decimal; 3],
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

/// One adjustment of the close-probability model.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Adjustment {
    /// What earned it (`budget approved`, `decision date near`).
    pub name: String,
    /// The amount added (may be negative).
    pub value: Decimal,
}

/// How a close probability was estimated and how it compares with the opportunity line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ProbabilityExplanation {
    /// The policy's version.
    pub policy: String,
    /// The model's base.
    pub base: Decimal,
    /// Every adjustment that applied, in the model's order.
    pub adjustments: Vec<Adjustment>,
    /// The estimate, clamped to `0..=1`.
    pub probability: Probability,
    /// The policy's opportunity threshold.
    pub threshold: Probability,
    /// Whether the estimate is at or above the threshold.
    pub meets: bool,
}

/// What an explanation repeats from the policy, written out once when the policy is
/// compiled, so that explaining a record only copies it.
#[derive(Clone, Debug)]
pub(crate) struct Notes {
    criteria: Box<[RuleNote]>,
    knockouts: Box<[RuleNote]>,
    min_score: Option<Decimal>,
    thresholds: [Decimal; 3],
    decay: DecayNote,
}

/// A criterion's or knockout's name, field and condition as text, and a criterion's weight.
#[derive(Clone, Debug)]
struct RuleNote {
    name: String,
    field: String,
    condition: String,
    weight: Decimal,
}

/// The decay part of a signal's note: `age {days} days` then one of these.
#[derive(Clone, Debug)]
struct DecayNote {
    /// Ages up to here (in seconds) are inside the window: always, without a window.
    window: i64,
    inside: String,
    outside: String,
}

impl Notes {
    /// The notes of a validated spec.
    pub(crate) fn new(spec: &PolicySpec) -> Notes {
        let fit = &spec.fit;
        let note = |name: &String, field: &Field, condition: &Condition, weight: Decimal| RuleNote {
            name: name.clone(),
            field: field.to_string(),
            condition: condition.to_string(),
            weight: weight.normalize(),
        };
        let t = &spec.engagement.tiers;
        let (window, inside, outside) = match spec.engagement.decay {
            Decay::None => (i64::MAX, ", no decay".to_owned(), String::new()),
            Decay::HalfLifeDays(h) => (i64::MAX, format!(", half-life {h} days"), String::new()),
            Decay::WindowDays(w) => (
                i64::from(w) * SECONDS_PER_DAY,
                format!(", inside the {w}-day window"),
                format!(", outside the {w}-day window"),
            ),
        };
        Notes {
            criteria: fit
                .criteria
                .iter()
                .map(|c| note(&c.name, &c.field, &c.condition, c.weight))
                .collect(),
            knockouts: fit
                .knockouts
                .iter()
                .map(|k| note(&k.name, &k.field, &k.condition, Decimal::ZERO))
                .collect(),
            min_score: fit.pass.min_score.map(|d| d.normalize()),
            thresholds: [t.iql.normalize(), t.mql.normalize(), t.sql.normalize()],
            decay: DecayNote {
                window,
                inside,
                outside,
            },
        }
    }
}

impl DecayNote {
    /// The decay applied at `age` seconds, in words.
    fn note(&self, age: i64) -> String {
        if age < 0 {
            return "after now: not counted".to_owned();
        }
        let suffix = if age > self.window {
            &self.outside
        } else {
            &self.inside
        };
        let mut note = String::with_capacity(32 + suffix.len());
        // Writing to a `String` cannot fail.
        let _ = write!(note, "age {} days", age / SECONDS_PER_DAY);
        note.push_str(suffix);
        note
    }
}

/// The sink that writes every step of an evaluation down.
struct Recorder<'p, 's> {
    notes: &'p Notes,
    signals: &'s [Signal],
    criteria: Vec<CriterionOutcome>,
    knockouts: Vec<KnockoutOutcome>,
    outcomes: Vec<SignalOutcome>,
    adjustments: Vec<Adjustment>,
}

impl<'p, 's> Recorder<'p, 's> {
    /// A recorder for the fit and engagement of a record with these signals, its lists
    /// sized up front.
    fn assessment(policy: &'p Policy, signals: &'s [Signal]) -> Recorder<'p, 's> {
        let notes = &policy.compiled().notes;
        Recorder {
            notes,
            signals,
            criteria: Vec::with_capacity(notes.criteria.len()),
            knockouts: Vec::with_capacity(notes.knockouts.len()),
            outcomes: Vec::with_capacity(signals.len()),
            adjustments: Vec::new(),
        }
    }

    /// A recorder for the close-probability model.
    fn probability(policy: &'p Policy) -> Recorder<'p, 's> {
        Recorder {
            notes: &policy.compiled().notes,
            signals: &[],
            criteria: Vec::new(),
            knockouts: Vec::new(),
            outcomes: Vec::new(),
            adjustments: Vec::new(),
        }
    }
}

impl Sink for Recorder<'_, '_> {
    fn criterion<'a>(&mut self, index: usize, met: bool, points: i64, seen: impl FnOnce() -> Seen<'a>) {
        if let Some(c) = self.notes.criteria.get(index) {
            self.criteria.push(CriterionOutcome {
                name: c.name.clone(),
                field: c.field.clone(),
                condition: c.condition.clone(),
                seen: seen().to_text(),
                met,
                points: to_decimal(points),
                weight: c.weight,
            });
        }
    }

    fn knockout<'a>(&mut self, index: usize, hit: bool, seen: impl FnOnce() -> Seen<'a>) {
        if let Some(k) = self.notes.knockouts.get(index) {
            self.knockouts.push(KnockoutOutcome {
                name: k.name.clone(),
                field: k.field.clone(),
                condition: k.condition.clone(),
                seen: seen().to_text(),
                hit,
            });
        }
    }

    fn signal(&mut self, index: usize, base: i64, counted: i64, age: i64) {
        if let Some(s) = self.signals.get(index) {
            self.outcomes.push(SignalOutcome {
                kind: s.kind.as_str().to_owned(),
                at: s.at,
                points: to_decimal(base),
                counted: to_decimal(counted),
                decay: self.notes.decay.note(age),
            });
        }
    }

    fn adjustment(&mut self, name: &'static str, value: i64) {
        self.adjustments.push(Adjustment {
            name: name.to_owned(),
            value: to_decimal(value),
        });
    }
}

impl Policy {
    /// Scores a profile's fit and its signals' engagement at `now`, without allocating.
    ///
    /// This is the batch path: the same evaluation as [`Policy::explain`], with nothing
    /// written down.
    ///
    /// ```
    /// use qualify::{Policy, Profile, Seniority, Signal, SignalKind, Tier};
    ///
    /// let policy = Policy::default();
    /// let now = "2026-11-25T09:00:00Z".parse()?;
    /// let profile = Profile {
    ///     employees: Some(2_400),
    ///     industry: Some("Software".into()),
    ///     seniority: Some(Seniority::Director),
    ///     ..Profile::default()
    /// };
    /// let signals = [Signal::new(SignalKind::DemoRequest, now)];
    /// let a = policy.assess(&profile, &signals, now);
    /// assert_eq!(a.fit_score(), "65".parse()?);
    /// assert!(a.qualifies());
    /// assert_eq!(a.tier(), Some(Tier::Sql));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assess(&self, profile: &Profile, signals: &[Signal], now: Timestamp) -> Assessment {
        self.compiled().assess(profile, signals, now, &mut ())
    }

    /// Scores like [`Policy::assess`] and writes down why: every criterion met or not with
    /// the value seen, every knockout, every signal's decay, every threshold.
    pub fn explain(&self, profile: &Profile, signals: &[Signal], now: Timestamp) -> Explanation {
        let mut rec = Recorder::assessment(self, signals);
        let a = self.compiled().assess(profile, signals, now, &mut rec);
        let spec = self.spec();
        let notes = rec.notes;
        Explanation {
            policy: spec.version.clone(),
            now,
            fit: FitExplanation {
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
        let mut rec = Recorder::probability(self);
        let c = self.compiled();
        let p = c.probability(deal, assessment, now, &mut rec);
        let probability = Probability::new(to_decimal(p)).unwrap_or(Probability::ZERO);
        ProbabilityExplanation {
            policy: self.version().to_owned(),
            base: to_decimal(c.model.base),
            adjustments: rec.adjustments,
            probability,
            threshold: c.threshold(),
            meets: p >= c.threshold,
        }
    }
}

fn mark(ok: bool, yes: &'static str, no: &'static str) -> &'static str {
    if ok { yes } else { no }
}

impl fmt::Display for FitExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fit: {}, score {}",
            mark(self.passed, "passed", "failed"),
            self.score
        )?;
        if let Some(min) = self.min_score {
            write!(f, " (needs {min})")?;
        }
        write!(f, ", {} of {} criteria met", self.met, self.criteria.len())?;
        if let Some(min) = self.min_met {
            write!(f, " (needs {min})")?;
        }
        if self.min_score.is_some() && self.min_met.is_some() && self.require == Require::Any {
            f.write_str(", either rule suffices")?;
        }
        for c in &self.criteria {
            write!(
                f,
                "\n  [{}] {}: {} is {}, wanted {} (+{} of {})",
                mark(c.met, "met ", "miss"),
                c.name,
                c.field,
                c.seen,
                c.condition,
                c.points,
                c.weight
            )?;
        }
        let hits = self.knockouts.iter().filter(|k| k.hit).count();
        write!(f, "\nknockouts: {hits} of {} hit", self.knockouts.len())?;
        for k in &self.knockouts {
            write!(
                f,
                "\n  [{}] {}: {} is {}, knocks out when {}",
                mark(k.hit, "HIT ", "ok  "),
                k.name,
                k.field,
                k.seen,
                k.condition
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for EngagementExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [iql, mql, sql] = &self.thresholds;
        write!(f, "engagement: score {}, tier ", self.score)?;
        match self.tier {
            Some(t) => write!(f, "{t}")?,
            None => f.write_str("none")?,
        }
        write!(f, " (IQL {iql}, MQL {mql}, SQL {sql})")?;
        for s in &self.signals {
            write!(
                f,
                "\n  {} at {}: {} -> {} ({})",
                s.kind, s.at, s.points, s.counted, s.decay
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} under policy {} at {}",
            mark(self.qualifies, "qualifies", "does not qualify"),
            self.policy,
            self.now
        )?;
        writeln!(f, "{}", self.fit)?;
        write!(f, "{}", self.engagement)
    }
}

impl fmt::Display for ProbabilityExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "close probability {} {} threshold {} (policy {})\n  base {}",
            self.probability,
            mark(self.meets, "meets", "is below"),
            self.threshold,
            self.policy,
            self.base
        )?;
        for a in &self.adjustments {
            let sign = if a.value.is_sign_negative() { "" } else { "+" };
            write!(f, "\n  {sign}{} {}", a.value, a.name)?;
        }
        Ok(())
    }
}

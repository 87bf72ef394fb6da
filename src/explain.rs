//! Explanations: why a record did or did not qualify, criterion by criterion.
//!
//! These are reports, not states: their fields are public and they serialize (but do not
//! deserialize). Their `Display` is written for a person, say in a CRM side panel.

use core::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::policy::{Condition, Decay, Field, Policy, PolicySpec, Require};
use crate::profile::{Profile, Seniority, Signal, SignalKind};
use crate::score::{Assessment, Deal, Sink, Source, Tier, to_decimal};
use crate::values::{Probability, SECONDS_PER_DAY, Timestamp};

/// A profile value as a criterion or knockout saw it.
///
/// Shown and serialized as text: `missing`, `1200`, `"Retail"` (quoted, as `{:?}` writes
/// it), `true`, `director`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Observed {
    /// The profile does not have the field.
    Missing,
    /// A number: employees, annual revenue, or a numeric custom attribute.
    Number(Decimal),
    /// Text, as the profile holds it (before the case-folding that matching applies).
    Text(String),
    /// A yes/no custom attribute.
    Flag(bool),
    /// A seniority.
    Seniority(Seniority),
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::Missing => f.write_str("missing"),
            Observed::Number(n) => write!(f, "{n}"),
            Observed::Text(t) => write!(f, "{t:?}"),
            Observed::Flag(b) => write!(f, "{b}"),
            Observed::Seniority(s) => f.write_str(s.as_str()),
        }
    }
}

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
    #[cfg_attr(feature = "serde", serde(serialize_with = "as_text"))]
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
    #[cfg_attr(feature = "serde", serde(serialize_with = "as_text"))]
    pub seen: &'a Observed,
    /// Whether it hit.
    pub hit: bool,
}

/// Whether one rule (criterion or knockout) held, and the points it added. The rule's text
/// is in the policy's [`Notes`] at the same index; the value it saw is its field's, in the
/// explanation's table of values seen.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Verdict {
    held: bool,
    points: i64,
}

/// What a rule shows as seen if its field's value is somehow not in the table.
static MISSING: Observed = Observed::Missing;

/// The fit half of an [`Explanation`].
///
/// The criteria and knockouts are read through [`criteria`](FitExplanation::criteria) and
/// [`knockouts`](FitExplanation::knockouts): their names, fields and conditions are shared
/// with the policy that explained them rather than copied into every explanation.
/// On the wire, `criteria` and `knockouts` are arrays of those outcomes.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FitExplanation {
    notes: Arc<Notes>,
    /// The value of each field the policy's rules read, in the order of
    /// [`Notes::fields`]: read once however many rules read it.
    seen: Box<[Observed]>,
    criteria: Vec<Verdict>,
    knockouts: Vec<Verdict>,
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

/// Serializes a value as its `Display` text.
#[cfg(feature = "serde")]
fn as_text<T: fmt::Display, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// How a signal's age weighed on its points, at the `now` of an explanation.
///
/// Shown and serialized as text: `age 15 days, half-life 30 days`,
/// `age 91 days, outside the 90-day window`, `after now: not counted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecayApplied {
    /// The signal is dated after `now`: it does not count.
    AfterNow,
    /// The policy has no decay: the signal keeps its points.
    None {
        /// Whole days since the signal.
        age_days: u64,
    },
    /// The points halve every `half_life_days`.
    HalfLife {
        /// Whole days since the signal.
        age_days: u64,
        /// The policy's half-life.
        half_life_days: u32,
    },
    /// The signal counts in full inside the window and not at all outside it.
    Window {
        /// Whole days since the signal.
        age_days: u64,
        /// The policy's window.
        window_days: u32,
        /// Whether the signal is inside the window.
        inside: bool,
    },
}

impl DecayApplied {
    /// The decay `decay` applies at `age` seconds.
    fn new(decay: Decay, age: i64) -> DecayApplied {
        let Ok(seconds) = u64::try_from(age) else {
            return DecayApplied::AfterNow;
        };
        let age_days = seconds / SECONDS_PER_DAY.unsigned_abs();
        match decay {
            Decay::None => DecayApplied::None { age_days },
            Decay::HalfLifeDays(half_life_days) => DecayApplied::HalfLife {
                age_days,
                half_life_days,
            },
            Decay::WindowDays(window_days) => DecayApplied::Window {
                age_days,
                window_days,
                inside: seconds <= u64::from(window_days) * SECONDS_PER_DAY.unsigned_abs(),
            },
        }
    }
}

impl fmt::Display for DecayApplied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecayApplied::AfterNow => f.write_str("after now: not counted"),
            DecayApplied::None { age_days } => write!(f, "age {age_days} days, no decay"),
            DecayApplied::HalfLife {
                age_days,
                half_life_days,
            } => write!(f, "age {age_days} days, half-life {half_life_days} days"),
            DecayApplied::Window {
                age_days,
                window_days,
                inside,
            } => write!(
                f,
                "age {age_days} days, {} the {window_days}-day window",
                mark(inside, "inside", "outside")
            ),
        }
    }
}

/// One engagement signal, as it counted at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SignalOutcome {
    /// The signal's kind; on the wire, its name (`demo_request`, or a custom kind's name).
    #[cfg_attr(feature = "serde", serde(serialize_with = "as_text"))]
    pub kind: SignalKind,
    /// When it happened.
    pub at: Timestamp,
    /// The points the policy gives a fresh signal of this kind.
    pub points: Decimal,
    /// The points it counted for after decay.
    pub counted: Decimal,
    /// The decay applied.
    #[cfg_attr(feature = "serde", serde(serialize_with = "as_text"))]
    pub decay: DecayApplied,
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
    /// The estimate: the base plus the adjustments, held in the policy's open range
    /// (`probability.open`, by default `0.01..=0.99`), since an open deal is never certain.
    pub probability: Probability,
    /// The base plus the adjustments, when that sum lay outside the open range and
    /// `probability` is the range's nearer end; `None` when the sum is the estimate. On the
    /// wire, written only when set.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub clamped_from: Option<Decimal>,
    /// The policy's opportunity threshold.
    pub threshold: Probability,
    /// Whether the estimate is at or above the threshold.
    pub meets: bool,
}

/// What an explanation repeats from the policy, written out once when the policy is
/// compiled and shared by every explanation it writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Notes {
    criteria: Box<[RuleNote]>,
    knockouts: Box<[RuleNote]>,
    /// Every field a criterion or knockout reads, once each, in the order the rules first
    /// name them. An explanation reads each once and every rule on it shares the value.
    fields: Box<[Source]>,
    min_score: Option<Decimal>,
    thresholds: [Decimal; 3],
}

/// A criterion's or knockout's name, field and condition as text, a criterion's weight
/// and whether it is required, and where its field is in [`Notes::fields`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct RuleNote {
    name: String,
    field: String,
    condition: String,
    weight: Decimal,
    required: bool,
    slot: usize,
}

impl Notes {
    /// The notes of a validated spec.
    pub(crate) fn new(spec: &PolicySpec) -> Notes {
        let fit = &spec.fit;
        // At most `limits::MAX_CRITERIA + limits::MAX_KNOCKOUTS` fields: a linear search
        // for each is cheap, and runs once per policy.
        let mut fields: Vec<&Field> = Vec::new();
        let criteria = fit
            .criteria
            .iter()
            .map(|c| {
                RuleNote::new(
                    &c.name,
                    &c.field,
                    &c.condition,
                    c.weight,
                    c.required,
                    slot(&mut fields, &c.field),
                )
            })
            .collect();
        let knockouts = fit
            .knockouts
            .iter()
            .map(|k| {
                RuleNote::new(
                    &k.name,
                    &k.field,
                    &k.condition,
                    Decimal::ZERO,
                    false,
                    slot(&mut fields, &k.field),
                )
            })
            .collect();
        let t = &spec.engagement.tiers;
        Notes {
            criteria,
            knockouts,
            fields: fields.into_iter().map(Source::of).collect(),
            min_score: fit.pass.min_score.map(|d| d.normalize()),
            thresholds: [t.iql.normalize(), t.mql.normalize(), t.sql.normalize()],
        }
    }
}

impl RuleNote {
    fn new(
        name: &str,
        field: &Field,
        condition: &Condition,
        weight: Decimal,
        required: bool,
        slot: usize,
    ) -> RuleNote {
        RuleNote {
            name: name.to_owned(),
            field: field.to_string(),
            condition: condition.to_string(),
            weight: weight.normalize(),
            required,
            slot,
        }
    }
}

/// Where `field` is in `fields`, added at the end if it is not there yet.
fn slot<'a>(fields: &mut Vec<&'a Field>, field: &'a Field) -> usize {
    match fields.iter().position(|f| *f == field) {
        Some(slot) => slot,
        None => {
            fields.push(field);
            fields.len() - 1
        }
    }
}

/// The sink that writes every step of an evaluation down.
struct Recorder<'s> {
    signals: &'s [Signal],
    decay: Decay,
    criteria: Vec<Verdict>,
    knockouts: Vec<Verdict>,
    outcomes: Vec<SignalOutcome>,
    adjustments: Vec<Adjustment>,
    clamped_from: Option<i64>,
}

impl<'s> Recorder<'s> {
    /// A recorder for the fit and engagement of a record with these signals, its lists
    /// sized up front.
    fn assessment(policy: &Policy, signals: &'s [Signal]) -> Recorder<'s> {
        let notes = &policy.compiled().notes;
        Recorder {
            signals,
            decay: policy.spec().engagement.decay,
            criteria: Vec::with_capacity(notes.criteria.len()),
            knockouts: Vec::with_capacity(notes.knockouts.len()),
            outcomes: Vec::with_capacity(signals.len()),
            adjustments: Vec::new(),
            clamped_from: None,
        }
    }

    /// A recorder for the close-probability model.
    fn probability() -> Recorder<'s> {
        Recorder {
            signals: &[],
            decay: Decay::None,
            criteria: Vec::new(),
            knockouts: Vec::new(),
            outcomes: Vec::new(),
            adjustments: Vec::new(),
            clamped_from: None,
        }
    }
}

impl Sink for Recorder<'_> {
    fn criterion(&mut self, met: bool, points: i64) {
        self.criteria.push(Verdict { held: met, points });
    }

    fn knockout(&mut self, hit: bool) {
        self.knockouts.push(Verdict { held: hit, points: 0 });
    }

    fn signal(&mut self, index: usize, base: i64, counted: i64, age: i64) {
        if let Some(s) = self.signals.get(index) {
            self.outcomes.push(SignalOutcome {
                kind: s.kind.clone(),
                at: s.at,
                points: to_decimal(base),
                counted: to_decimal(counted),
                decay: DecayApplied::new(self.decay, age),
            });
        }
    }

    fn adjustment(&mut self, name: &'static str, value: i64) {
        self.adjustments.push(Adjustment {
            name: name.to_owned(),
            value: to_decimal(value),
        });
    }

    fn clamped(&mut self, sum: i64) {
        self.clamped_from = Some(sum);
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
        let required = self.criteria().filter(|c| c.required);
        let (met, all) = (required.clone().filter(|c| c.met).count(), required.count());
        if all > 0 {
            write!(f, ", {met} of {all} required criteria met")?;
        }
        for c in self.criteria() {
            write!(
                f,
                "\n  [{}] {}{}: {} is {}, wanted {} (+{} of {})",
                mark(c.met, "met ", "miss"),
                c.name,
                mark(c.required, " (required)", ""),
                c.field,
                c.seen,
                c.condition,
                c.points,
                c.weight
            )?;
        }
        let hits = self.knockouts.iter().filter(|k| k.held).count();
        write!(f, "\nknockouts: {hits} of {} hit", self.knockouts.len())?;
        for k in self.knockouts() {
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
        if let Some(sum) = self.clamped_from {
            let end = mark(sum > self.probability.value(), "most", "least");
            write!(
                f,
                "\n  = {sum}, held at {}, the {end} an open deal may show",
                self.probability
            )?;
        }
        Ok(())
    }
}

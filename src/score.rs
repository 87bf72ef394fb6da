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

use core::cmp::Ordering;
use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{Access, BudgetStatus, Probability};
use crate::policy::Field;
use crate::profile::{Profile, Seniority, Signal, Value};
use crate::time::Timestamp;

/// 1 at the engine's fixed scale of four decimal places.
pub(crate) const ONE: i64 = 10_000;

/// `value` at the fixed scale, as an exact [`Decimal`] without trailing zeros.
pub(crate) fn to_decimal(value: i64) -> Decimal {
    Decimal::new(value, 4).normalize()
}

/// An engagement tier of a lead (seed 000), in increasing order of intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Tier {
    /// Information qualified: gave contact details to get content.
    Iql,
    /// Marketing qualified: asked about the offer.
    Mql,
    /// Sales qualified: requested a trial or a demo.
    Sql,
}

impl Tier {
    /// `IQL`, `MQL` or `SQL`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Iql => "IQL",
            Tier::Mql => "MQL",
            Tier::Sql => "SQL",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The score-only result of [`Policy::assess`](crate::Policy::assess): small, `Copy`, and
/// built without allocating.
///
/// Fit and engagement are separate scores: a perfect-fit company that never engaged is no
/// SQL, and an eager student is no fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assessment {
    pub(crate) fit: i64,
    pub(crate) met: u32,
    pub(crate) knockouts_hit: u32,
    pub(crate) fit_passed: bool,
    pub(crate) engagement: i64,
    pub(crate) tier: Option<Tier>,
}

impl Assessment {
    /// The fit score: the weights of the criteria met.
    pub fn fit_score(&self) -> Decimal {
        to_decimal(self.fit)
    }

    /// How many fit criteria were met.
    pub fn criteria_met(&self) -> u32 {
        self.met
    }

    /// How many knockouts hit.
    pub fn knockouts_hit(&self) -> u32 {
        self.knockouts_hit
    }

    /// Whether the policy's pass rule holds (ignoring knockouts).
    pub fn fit_passed(&self) -> bool {
        self.fit_passed
    }

    /// Whether the lead qualifies as a prospect: the pass rule holds and no knockout hit.
    pub fn qualifies(&self) -> bool {
        self.fit_passed && self.knockouts_hit == 0
    }

    /// The engagement score, after decay.
    pub fn engagement_score(&self) -> Decimal {
        to_decimal(self.engagement)
    }

    /// The engagement tier, or `None` below IQL.
    pub fn tier(&self) -> Option<Tier> {
        self.tier
    }
}

/// A profile value as a test sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seen<'a> {
    Missing,
    Int(u32),
    Number(Decimal),
    Text(&'a str),
    Flag(bool),
    Seniority(Seniority),
}

impl fmt::Display for Seen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seen::Missing => f.write_str("missing"),
            Seen::Int(n) => write!(f, "{n}"),
            Seen::Number(n) => write!(f, "{n}"),
            Seen::Text(t) => write!(f, "{t:?}"),
            Seen::Flag(b) => write!(f, "{b}"),
            Seen::Seniority(s) => f.write_str(s.as_str()),
        }
    }
}

/// Which profile field a compiled rule reads.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Employees,
    AnnualRevenue,
    Industry,
    Country,
    JobTitle,
    Seniority,
    Custom(Box<str>),
}

impl Source {
    fn read<'a>(&self, p: &'a Profile) -> Seen<'a> {
        let text = |t: &'a Option<String>| t.as_deref().map_or(Seen::Missing, Seen::Text);
        match self {
            Source::Employees => p.employees.map_or(Seen::Missing, Seen::Int),
            Source::AnnualRevenue => p.annual_revenue.map_or(Seen::Missing, Seen::Number),
            Source::Industry => text(&p.industry),
            Source::Country => text(&p.country),
            Source::JobTitle => text(&p.job_title),
            Source::Seniority => p.seniority.map_or(Seen::Missing, Seen::Seniority),
            Source::Custom(name) => match p.custom.get(&**name) {
                None => Seen::Missing,
                Some(Value::Text(t)) => Seen::Text(t),
                Some(Value::Number(n)) => Seen::Number(*n),
                Some(Value::Bool(b)) => Seen::Flag(*b),
            },
        }
    }
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Present,
    Absent,
    /// Equals one of these: text ignoring ASCII case, numbers by value, flags by index.
    AnyOf {
        text: Box<[Box<str>]>,
        numbers: Box<[Decimal]>,
        flags: [bool; 2],
    },
    /// Seniorities as a bit set.
    Seniority(u8),
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
}

impl Test {
    fn holds(&self, seen: Seen<'_>) -> bool {
        match (self, seen) {
            (Test::Present, seen) => !matches!(seen, Seen::Missing),
            (Test::Absent, seen) => matches!(seen, Seen::Missing),
            (_, Seen::Missing) => false,
            (Test::AnyOf { text, .. }, Seen::Text(t)) => text.iter().any(|v| v.eq_ignore_ascii_case(t)),
            (Test::AnyOf { numbers, .. }, Seen::Int(n)) => {
                let n = Decimal::from(n);
                numbers.contains(&n)
            }
            (Test::AnyOf { numbers, .. }, Seen::Number(n)) => numbers.contains(&n),
            (Test::AnyOf { flags, .. }, Seen::Flag(b)) => flags[usize::from(b)],
            (Test::Seniority(mask), Seen::Seniority(s)) => mask & (1 << (s as u8)) != 0,
            (Test::Range { min, max }, Seen::Int(n)) => in_range(Decimal::from(n), *min, *max),
            (Test::Range { min, max }, Seen::Number(n)) => in_range(n, *min, *max),
            _ => false,
        }
    }
}

fn in_range(n: Decimal, min: Option<Decimal>, max: Option<Decimal>) -> bool {
    min.is_none_or(|m| n.cmp(&m) != Ordering::Less) && max.is_none_or(|m| n.cmp(&m) != Ordering::Greater)
}

/// A compiled criterion or knockout.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    source: Source,
    test: Test,
    points: i64,
}

impl Rule {
    pub(crate) fn new(field: &Field, test: Test, points: i64) -> Rule {
        let source = match field {
            Field::Employees => Source::Employees,
            Field::AnnualRevenue => Source::AnnualRevenue,
            Field::Industry => Source::Industry,
            Field::Country => Source::Country,
            Field::JobTitle => Source::JobTitle,
            Field::Seniority => Source::Seniority,
            Field::Custom(name) => Source::Custom(name.as_str().into()),
        };
        Rule { source, test, points }
    }
}

/// Compiled decay, in seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Decay {
    None,
    HalfLife(i64),
    Window(i64),
}

impl Decay {
    /// `points` after `age` seconds (`age >= 0`, `points >= 0`). Half-lives halve per whole
    /// half-life and fall linearly within one, so the result never rises with age.
    pub(crate) fn apply(self, points: i64, age: i64) -> i64 {
        match self {
            Decay::None => points,
            Decay::Window(window) => {
                if age > window {
                    0
                } else {
                    points
                }
            }
            Decay::HalfLife(h) => {
                let halvings = age / h;
                if halvings >= 63 {
                    return 0;
                }
                let whole = points >> halvings;
                let into = i128::from(age % h);
                let h = i128::from(h);
                // whole * (1 - into / 2h), exact up to truncation toward zero.
                let v = i128::from(whole) * (2 * h - into) / (2 * h);
                i64::try_from(v).unwrap_or(0)
            }
        }
    }
}

/// The compiled close-probability model; every figure at the fixed scale.
#[derive(Clone, Debug)]
pub(crate) struct ProbabilityModel {
    pub(crate) base: i64,
    pub(crate) budget_approved: i64,
    pub(crate) budget_sought: i64,
    pub(crate) decision_maker: i64,
    pub(crate) champion: i64,
    /// (seconds, adjustment)
    pub(crate) within: Option<(i64, i64)>,
    /// (minimum fit score, adjustment)
    pub(crate) strong_fit: Option<(i64, i64)>,
    pub(crate) tier: [i64; 3],
}

/// A validated policy in the form the engine runs.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub(crate) criteria: Box<[Rule]>,
    pub(crate) knockouts: Box<[Rule]>,
    pub(crate) min_score: Option<i64>,
    pub(crate) min_met: Option<u32>,
    pub(crate) require_all: bool,
    pub(crate) known_points: [i64; 9],
    /// Custom signal kinds, sorted by name for binary search.
    pub(crate) custom_points: Box<[(Box<str>, i64)]>,
    pub(crate) decay: Decay,
    pub(crate) tiers: [i64; 3],
    pub(crate) model: ProbabilityModel,
    pub(crate) threshold: i64,
}

/// Receives each step of an evaluation. The `()` sink ignores them all and compiles away.
pub(crate) trait Sink {
    fn criterion(&mut self, _index: usize, _met: bool, _points: i64, _seen: Seen<'_>) {}
    fn knockout(&mut self, _index: usize, _hit: bool, _seen: Seen<'_>) {}
    fn signal(&mut self, _index: usize, _base: i64, _counted: i64, _age: i64) {}
    fn adjustment(&mut self, _name: &'static str, _value: i64) {}
}

impl Sink for () {}

/// What the close-probability model reads from a record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deal<'a> {
    pub(crate) budget: Option<&'a BudgetStatus>,
    pub(crate) access: Option<Access>,
    pub(crate) decide_by: Option<Timestamp>,
}

impl Compiled {
    /// The fit part: score, criteria met, knockouts hit, and whether the pass rule holds.
    pub(crate) fn fit<S: Sink>(&self, profile: &Profile, sink: &mut S) -> (i64, u32, u32, bool) {
        let mut score = 0_i64;
        let mut met = 0_u32;
        for (i, rule) in self.criteria.iter().enumerate() {
            let seen = rule.source.read(profile);
            let hit = rule.test.holds(seen);
            // Weights are bounded at validation, so the sum cannot overflow; saturate anyway.
            let points = if hit { rule.points } else { 0 };
            score = score.saturating_add(points);
            met += u32::from(hit);
            sink.criterion(i, hit, points, seen);
        }
        let mut knocked = 0_u32;
        for (i, rule) in self.knockouts.iter().enumerate() {
            let seen = rule.source.read(profile);
            let hit = rule.test.holds(seen);
            knocked += u32::from(hit);
            sink.knockout(i, hit, seen);
        }
        let by_score = self.min_score.map(|m| score >= m);
        let by_count = self.min_met.map(|m| met >= m);
        let passed = match (by_score, by_count) {
            (Some(a), Some(b)) if self.require_all => a && b,
            (Some(a), Some(b)) => a || b,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => false,
        };
        (score, met, knocked, passed)
    }

    fn signal_points(&self, signal: &Signal) -> i64 {
        match signal.kind.known_index() {
            Some(i) => self.known_points[i],
            None => {
                let name = match &signal.kind {
                    crate::profile::SignalKind::Custom(name) => name.as_str(),
                    _ => return 0,
                };
                self.custom_points
                    .binary_search_by(|(k, _)| (**k).cmp(name))
                    .map_or(0, |i| self.custom_points[i].1)
            }
        }
    }

    /// The engagement score at `now`. Signals after `now` do not count.
    pub(crate) fn engagement<S: Sink>(&self, signals: &[Signal], now: Timestamp, sink: &mut S) -> i64 {
        let mut total = 0_i64;
        for (i, signal) in signals.iter().enumerate() {
            let base = self.signal_points(signal);
            let age = now.seconds_since(signal.at);
            let counted = if age < 0 { 0 } else { self.decay.apply(base, age) };
            total = total.saturating_add(counted);
            sink.signal(i, base, counted, age);
        }
        total
    }

    pub(crate) fn tier(&self, engagement: i64) -> Option<Tier> {
        let [iql, mql, sql] = self.tiers;
        if engagement >= sql {
            Some(Tier::Sql)
        } else if engagement >= mql {
            Some(Tier::Mql)
        } else if engagement >= iql {
            Some(Tier::Iql)
        } else {
            None
        }
    }

    pub(crate) fn assess<S: Sink>(
        &self,
        profile: &Profile,
        signals: &[Signal],
        now: Timestamp,
        sink: &mut S,
    ) -> Assessment {
        let (fit, met, knockouts_hit, fit_passed) = self.fit(profile, sink);
        let engagement = self.engagement(signals, now, sink);
        Assessment {
            fit,
            met,
            knockouts_hit,
            fit_passed,
            engagement,
            tier: self.tier(engagement),
        }
    }

    /// The close probability at `now`, clamped to `0..=1`, as a fixed-scale integer.
    pub(crate) fn probability<S: Sink>(
        &self,
        deal: Deal<'_>,
        assessment: &Assessment,
        now: Timestamp,
        sink: &mut S,
    ) -> i64 {
        let m = &self.model;
        let mut p = m.base;
        let mut add = |name: &'static str, value: i64| {
            p += value;
            sink.adjustment(name, value);
        };
        match deal.budget {
            Some(BudgetStatus::Approved { .. }) => add("budget approved", m.budget_approved),
            Some(BudgetStatus::Sought { .. }) => add("budget sought", m.budget_sought),
            None => {}
        }
        match deal.access {
            Some(Access::DecisionMaker) => add("decision maker engaged", m.decision_maker),
            Some(Access::Champion) => add("champion engaged", m.champion),
            None => {}
        }
        if let (Some((window, adjust)), Some(date)) = (m.within, deal.decide_by) {
            let ahead = date.seconds_since(now);
            if (0..=window).contains(&ahead) {
                add("decision date near", adjust);
            }
        }
        if let Some((min, adjust)) = m.strong_fit
            && assessment.fit >= min
        {
            add("strong fit", adjust);
        }
        match assessment.tier {
            Some(Tier::Iql) => add("engagement IQL", m.tier[0]),
            Some(Tier::Mql) => add("engagement MQL", m.tier[1]),
            Some(Tier::Sql) => add("engagement SQL", m.tier[2]),
            None => {}
        }
        // At most eight adjustments of magnitude <= 1 each: no overflow is possible.
        p.clamp(0, ONE)
    }

    pub(crate) fn threshold(&self) -> Probability {
        Probability::new(to_decimal(self.threshold)).unwrap_or(Probability::ONE)
    }
}

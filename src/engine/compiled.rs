//! [`Compiled`]: a validated policy in the form the engine runs, and the one walk that
//! scores a profile, its signals and a deal.

use std::sync::Arc;

use crate::engine::Assessment;
use crate::engine::decay::DecayCurve;
use crate::engine::engagement::{Engagement, Kind, Level, Thresholds, tier_of};
use crate::engine::notes::{Figures, Notes};
use crate::engine::plan::{Entry, KNOCKOUTS, Plan};
use crate::engine::probability::{Deal, ProbabilityModel};
use crate::engine::rule::Rule;
use crate::evidence::{Access, BudgetStatus};
use crate::policy::Tier;
use crate::profile::{Profile, Signal, SignalKind};
use crate::values::{Probability, Timestamp, to_decimal};

/// A validated policy in the form the engine runs.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub(crate) criteria: Box<[Rule]>,
    pub(crate) knockouts: Box<[Rule]>,
    /// The criteria's and knockouts' tests, grouped by field; shared with every row and
    /// batch built for the policy.
    pub(crate) plan: Arc<Plan>,
    pub(crate) min_score: Option<i64>,
    pub(crate) min_met: Option<u32>,
    pub(crate) require_all: bool,
    /// The bits of the required criteria: fit passes only when every one of them holds.
    pub(crate) required: u64,
    /// Each known kind, at its index in `SignalKind::KNOWN`.
    pub(crate) known_kinds: [Kind; SignalKind::KNOWN.len()],
    /// Custom signal kinds, sorted by name for binary search.
    pub(crate) custom_kinds: Box<[(Box<str>, Kind)]>,
    pub(crate) decay: DecayCurve,
    pub(crate) tiers: Thresholds,
    /// Whether the tier is the highest any one act reaches (the act rule), rather than
    /// the band of the summed score (the sum rule).
    pub(crate) acts: bool,
    pub(crate) model: ProbabilityModel,
    pub(crate) threshold: i64,
    /// The policy's text, ready for explanations.
    pub(crate) notes: Arc<Notes>,
    /// The policy's figures, as explanations show them.
    pub(crate) figures: Figures,
}

/// Receives each step of an evaluation, criteria and knockouts each in policy order. The
/// `()` sink ignores them all and compiles away. (The values the rules saw are read by the
/// explanation itself, once per field, not once per rule.)
pub(crate) trait Sink {
    /// Whether the sink records anything: when it does not, the walk skips the loops that
    /// only feed it.
    const RECORDS: bool = true;
    fn criterion(&mut self, _met: bool, _points: i64) {}
    fn knockout(&mut self, _hit: bool) {}
    fn signal(&mut self, _index: usize, _kind: Kind, _counted: i64, _age: i64) {}
    /// Under the act rule, the signal whose act holds the tier reached, if any.
    fn tier_held(&mut self, _index: usize) {}
    fn adjustment(&mut self, _name: &'static str, _value: i64) {}
    /// The model's sum, when it lay outside the open range and was held at its nearer end.
    fn clamped(&mut self, _sum: i64) {}
}

impl Sink for () {
    const RECORDS: bool = false;
}

impl Compiled {
    /// The fit part of the rules that hold, as the plan's entries add them up: score,
    /// criteria met, knockouts hit, and whether fit passes (the pass rule holds and every
    /// required criterion is met).
    #[inline(always)]
    pub(crate) fn fit_of<S: Sink>(&self, sum: &Entry, sink: &mut S) -> (i64, u32, u32, bool) {
        let hits = sum.hits;
        if S::RECORDS {
            let mut bits = hits as u64;
            for rule in &self.criteria {
                let hit = bits & 1 == 1;
                bits >>= 1;
                sink.criterion(hit, if hit { rule.points } else { 0 });
            }
            let mut bits = (hits >> KNOCKOUTS) as u64;
            for _ in &self.knockouts {
                sink.knockout(bits & 1 == 1);
                bits >>= 1;
            }
        }
        // Knockouts seldom hit: count the bits set one by one (`count_ones` is a long
        // sequence without the `popcnt` instruction, which baseline x86-64 lacks).
        let mut bits = (hits >> KNOCKOUTS) as u64;
        let mut knocked = 0_u32;
        while bits != 0 {
            bits &= bits - 1;
            knocked += 1;
        }
        let required_met = (hits as u64 & self.required) == self.required;
        let (score, met) = (sum.points, sum.met);
        (score, met, knocked, required_met && self.pass_rule(score, met))
    }

    /// Whether the pass rule (`fit.pass`) holds for this score and count of criteria met,
    /// required criteria aside.
    #[inline(always)]
    pub(crate) fn pass_rule(&self, score: i64, met: u32) -> bool {
        let by_score = self.min_score.map(|m| score >= m);
        let by_count = self.min_met.map(|m| met >= m);
        match (by_score, by_count) {
            (Some(a), Some(b)) if self.require_all => a && b,
            (Some(a), Some(b)) => a || b,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => false,
        }
    }

    /// How the policy scores a signal's kind.
    #[inline(always)]
    pub(crate) fn kind(&self, kind: &SignalKind) -> Kind {
        match kind.known_index() {
            Some(i) => self.known_kind(i),
            None => self.custom_kind(kind),
        }
    }

    /// How the policy scores a custom kind.
    #[inline(always)]
    pub(crate) fn custom_kind(&self, kind: &SignalKind) -> Kind {
        let name = match kind {
            SignalKind::Custom(name) => name.as_str(),
            _ => return Kind::NONE,
        };
        self.custom_kinds
            .binary_search_by(|(k, _)| (**k).cmp(name))
            .map_or(Kind::NONE, |i| self.custom_kinds[i].1)
    }

    /// How the policy scores the known kind at index `i` of `SignalKind::KNOWN`.
    #[inline(always)]
    pub(crate) fn known_kind(&self, i: usize) -> Kind {
        self.known_kinds.get(i).copied().unwrap_or(Kind::NONE)
    }

    /// The engagement at `now`. Signals after `now` do not count.
    #[inline(always)]
    pub(crate) fn engagement<S: Sink>(&self, signals: &[Signal], now: Timestamp, sink: &mut S) -> Engagement {
        let kinds = signals.iter().map(|s| (self.kind(&s.kind), s.at));
        self.engagement_of(kinds, now, sink)
    }

    /// The engagement at `now` of signals given as their kinds and times: the score adds
    /// every signal's decayed points; the tier is the highest level any one act reaches
    /// (the lower of its kind's and its points') under the act rule, and the level of the
    /// score under the sum rule.
    #[inline(always)]
    pub(crate) fn engagement_of<S: Sink>(
        &self,
        signals: impl Iterator<Item = (Kind, Timestamp)>,
        now: Timestamp,
        sink: &mut S,
    ) -> Engagement {
        let mut score = 0_i64;
        let mut best: Level = 0;
        // The act holding the tier so far: the strongest of those at the best level.
        let mut held: Option<(usize, i64)> = None;
        for (i, (kind, at)) in signals.enumerate() {
            let age = now.seconds_since(at);
            let (counted, act) = if age < 0 {
                (0, 0)
            } else {
                let counted = self.decay.apply(kind.points, age);
                (counted, kind.earns.min(self.tiers.level(counted)))
            };
            score = score.saturating_add(counted);
            if S::RECORDS && act > 0 && (act > best || held.is_some_and(|(_, c)| act == best && counted > c))
            {
                held = Some((i, counted));
            }
            best = best.max(act);
            sink.signal(i, kind, counted, age);
        }
        let level = if self.acts { best } else { self.tiers.level(score) };
        if let (true, Some((i, _))) = (self.acts, held) {
            sink.tier_held(i);
        }
        Engagement {
            score,
            tier: tier_of(level),
        }
    }

    /// Scores `profile` and `signals` at `now`; a profile without an e-mail domain is read
    /// with `contact_domain`, its contact's.
    pub(crate) fn assess<S: Sink>(
        &self,
        profile: &Profile,
        contact_domain: Option<&str>,
        signals: &[Signal],
        now: Timestamp,
        sink: &mut S,
    ) -> Assessment {
        self.assess_sum(&self.plan.profile(profile, contact_domain), signals, now, sink)
    }

    /// [`Compiled::assess`] of the rules that hold, as the plan's entries add them up: the
    /// tail that profiles, rows and batches share.
    #[inline(always)]
    pub(crate) fn assess_sum<S: Sink>(
        &self,
        sum: &Entry,
        signals: &[Signal],
        now: Timestamp,
        sink: &mut S,
    ) -> Assessment {
        let fit = self.fit_of(sum, sink);
        let engagement = self.engagement(signals, now, sink);
        self.assessment(fit, engagement)
    }

    /// The assessment of a fit part and an engagement.
    #[inline(always)]
    pub(crate) fn assessment(&self, fit: (i64, u32, u32, bool), engagement: Engagement) -> Assessment {
        let (fit, met, knockouts_hit, fit_passed) = fit;
        Assessment {
            fit,
            met,
            knockouts_hit,
            fit_passed,
            engagement: engagement.score,
            tier: engagement.tier,
        }
    }

    /// The close probability at `now`, held in the policy's open range, as a fixed-scale
    /// integer.
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
            // An approved budget counts whether or not its amount is known: the money exists.
            Some(BudgetStatus::Approved { .. } | BudgetStatus::ApprovedAmountUnknown { .. }) => {
                add("budget approved", m.budget_approved)
            }
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
        // At most eight adjustments of magnitude <= 1 each: no overflow is possible. The
        // range is checked at compile time; `max` then `min` cannot panic even if it were not.
        let (min, max) = m.open;
        let held = p.max(min).min(max);
        if held != p {
            sink.clamped(p);
        }
        held
    }

    pub(crate) fn threshold(&self) -> Probability {
        Probability::new(to_decimal(self.threshold)).unwrap_or(Probability::ONE)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bit_of_a_full_policy_counts() {
        use crate::engine::Policy;
        use crate::policy::{Condition, CriterionSpec, Field, KnockoutSpec, limits};
        use crate::profile::{Profile, Value};
        use crate::values::Timestamp;
        use rust_decimal::Decimal;
        let mut spec = Policy::default().spec().clone();
        let field = |i: usize| match i % 3 {
            0 => Field::Employees,
            1 => Field::Custom(format!("f{i}")),
            _ => Field::Industry,
        };
        spec.fit.criteria = (0..limits::MAX_CRITERIA)
            .map(|i| CriterionSpec {
                name: format!("c{i}"),
                field: field(i),
                condition: if i % 2 == 0 {
                    Condition::Present
                } else {
                    Condition::Absent
                },
                weight: Decimal::from(i),
                required: false,
            })
            .collect();
        spec.fit.knockouts = (0..limits::MAX_KNOCKOUTS)
            .map(|i| KnockoutSpec {
                name: format!("k{i}"),
                field: field(i),
                condition: if i % 2 == 1 {
                    Condition::Present
                } else {
                    Condition::Absent
                },
            })
            .collect();
        spec.fit.pass.min_met = Some(1);
        let policy = Policy::new(spec).unwrap();
        let now = Timestamp::from_unix_seconds(0).unwrap();
        let mut profile = Profile {
            employees: Some(1),
            industry: Some("x".into()),
            ..Profile::default()
        };
        for i in 0..limits::MAX_CRITERIA {
            profile.custom.insert(format!("f{i}"), Value::Bool(true));
        }
        // Every field is present: the even criteria and the odd knockouts hold.
        let a = policy.assess(&profile, &[], now);
        let e = policy.explain(&profile, &[], now);
        let even: usize = (0..limits::MAX_CRITERIA).filter(|i| i % 2 == 0).sum();
        assert_eq!((a.criteria_met(), a.knockouts_hit()), (32, 32));
        assert_eq!(a.fit_score(), Decimal::from(even));
        assert_eq!(e.fit.score, a.fit_score());
        for (i, c) in e.fit.criteria().enumerate() {
            assert_eq!(c.met, i % 2 == 0, "{i}");
        }
        for (i, k) in e.fit.knockouts().enumerate() {
            assert_eq!(k.hit, i % 2 == 1, "{i}");
        }
        // Nothing is present: the odd criteria and the even knockouts hold.
        let a = policy.assess(&Profile::default(), &[], now);
        assert_eq!((a.criteria_met(), a.knockouts_hit()), (32, 32));
        assert_eq!(a.fit_score(), Decimal::from(limits::MAX_CRITERIA * 63 / 2 - even));
        assert!(a.fit_passed());

        // A required criterion gates the pass rule at either end of the mask: an even one
        // holds when every field is present, an odd one when none is.
        for (i, holds_when_present) in [(0, true), (1, false), (62, true), (63, false)] {
            let mut spec = policy.spec().clone();
            spec.fit.criteria[i].required = true;
            let gated = Policy::new(spec).unwrap();
            let present = gated.assess(&profile, &[], now).fit_passed();
            let absent = gated.assess(&Profile::default(), &[], now).fit_passed();
            assert_eq!(
                (present, absent),
                (holds_when_present, !holds_when_present),
                "{i}"
            );
        }
    }
}

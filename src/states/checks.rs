//! The checks transitions share: is evidence current, substantive, and enough for the
//! next stage, and what does the policy estimate.

use crate::engine::{Deal, Policy};
use crate::evidence::{EvidenceKind, FitBasis, Provenance, Substance, Unmet, View};
use crate::explain::ProbabilityExplanation;
use crate::policy::Tier;
use crate::states::common::{Common, assess_fit};
use crate::states::{Stage, Transition};
use crate::values::{Actor, Probability, SECONDS_PER_DAY, Timestamp};

/// Pushes what keeps evidence recorded with `p` from holding at `now` under `policy`: recorded
/// after `now`, expired, or older than the policy's age limit.
pub(crate) fn check_current(
    unmet: &mut Vec<Unmet>,
    evidence: EvidenceKind,
    p: &Provenance,
    policy: &Policy,
    now: Timestamp,
) {
    if p.recorded_at > now {
        unmet.push(Unmet::RecordedAfterNow {
            evidence,
            recorded_at: p.recorded_at,
        });
    }
    if let Some(until) = p.valid_until
        && until < now
    {
        unmet.push(Unmet::Expired {
            evidence,
            valid_until: until,
        });
    }
    if let Some(days) = policy.spec().evidence.max_age_days
        && now.seconds_since(p.recorded_at) > i64::from(days) * SECONDS_PER_DAY
    {
        unmet.push(Unmet::Stale {
            evidence,
            recorded_at: p.recorded_at,
            max_age_days: days,
        });
    }
}

/// Whether one piece of evidence holds at `now`: recorded, current, and substantive
/// ([`Substance`]). When it is `required`, whatever fails is pushed to `unmet`; evidence
/// that is not required and does not hold simply counts for nothing.
fn held<E: Substance>(
    unmet: &mut Vec<Unmet>,
    required: bool,
    evidence: EvidenceKind,
    found: Option<(&E, &Provenance)>,
    policy: &Policy,
    now: Timestamp,
) -> bool {
    let mut problems = Vec::new();
    match found {
        None => problems.push(Unmet::Missing { evidence }),
        Some((e, provenance)) => {
            check_current(&mut problems, evidence, provenance, policy, now);
            let mut hollow = Vec::new();
            e.hollow(now, &mut hollow);
            problems.extend(hollow.into_iter().map(Unmet::Hollow));
        }
    }
    let ok = problems.is_empty();
    if required {
        unmet.append(&mut problems);
    }
    ok
}

/// What an opportunity check needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Need and timeline (a discovery opportunity).
    NeedAndTimeline,
    /// All four, and a close probability at or above the threshold.
    AllFour,
}

/// What [`judge`] found.
pub(crate) struct Judgement {
    /// Every unmet requirement, time order first.
    pub(crate) unmet: Vec<Unmet>,
    /// The close probability estimated from the evidence that holds.
    pub(crate) estimate: ProbabilityExplanation,
    /// The engagement tier at `now`.
    pub(crate) tier: Option<Tier>,
}

impl Judgement {
    /// The transition event into `to` that this judgement carries: the tier, the estimate,
    /// and the line, when `AllFour` applied it.
    pub(crate) fn transition(&self, from: Stage, to: Stage, line: bool) -> Transition {
        Transition {
            tier: self.tier,
            probability: Some(self.estimate.probability),
            threshold: line.then_some(self.estimate.threshold),
            ..Transition::new(from, to)
        }
    }
}

/// The evidence checks every judgement shares: the unmet requirements so far (the actor's
/// too, when a transition `by` one is judged), and the deal the model reads, from the
/// evidence that holds.
fn conditions<'a>(
    common: &Common,
    evidence: View<'a>,
    policy: &Policy,
    now: Timestamp,
    needs: Needs,
    by: Option<&Actor>,
) -> (Vec<Unmet>, Deal<'a>) {
    let mut unmet = common.guarded_as(now, by);
    let all = needs == Needs::AllFour;
    let need = evidence.need.map(|n| (n, &n.provenance));
    let budget = evidence.budget.map(|b| (b, &b.provenance));
    let authority = evidence.authority.map(|a| (a, &a.provenance));
    let timeline = evidence.timeline.map(|t| (t, &t.provenance));
    held(&mut unmet, true, EvidenceKind::Need, need, policy, now);
    let budget = held(&mut unmet, all, EvidenceKind::Budget, budget, policy, now)
        .then_some(evidence.budget)
        .flatten();
    let authority = held(&mut unmet, all, EvidenceKind::Authority, authority, policy, now)
        .then_some(evidence.authority)
        .flatten();
    let timeline = held(&mut unmet, true, EvidenceKind::Timeline, timeline, policy, now)
        .then_some(evidence.timeline)
        .flatten();
    let deal = Deal {
        budget: budget.map(|b| &b.status),
        access: authority.map(|a| a.access),
        decide_by: timeline.map(|t| t.decide_by),
    };
    (unmet, deal)
}

/// Checks evidence toward an opportunity at `now`, the record scored on `fit`, for a transition `by` an actor (`None`:
/// a check that moves nothing): every unmet requirement, and the close probability
/// estimated from the evidence that holds.
pub(crate) fn judge(
    common: &Common,
    fit: &FitBasis,
    evidence: View<'_>,
    policy: &Policy,
    now: Timestamp,
    needs: Needs,
    by: Option<&Actor>,
) -> Judgement {
    let (mut unmet, deal) = conditions(common, evidence, policy, now, needs, by);
    let assessment = assess_fit(policy, fit, common, now);
    let estimate = policy.estimate(deal, &assessment, now);
    if needs == Needs::AllFour {
        below_line(
            &mut unmet,
            estimate.probability,
            estimate.threshold,
            estimate.meets,
        );
    }
    Judgement {
        unmet,
        estimate,
        tier: assessment.tier(),
    }
}

/// [`judge`]'s unmet requirements alone, without the explanation: what a review of many
/// deals asks, allocating only when something is unmet.
pub(crate) fn lapsed(
    common: &Common,
    fit: &FitBasis,
    evidence: View<'_>,
    policy: &Policy,
    now: Timestamp,
    needs: Needs,
) -> Vec<Unmet> {
    let (mut unmet, deal) = conditions(common, evidence, policy, now, needs, None);
    if needs == Needs::AllFour {
        let assessment = assess_fit(policy, fit, common, now);
        let (probability, meets) = policy.meets_line(deal, &assessment, now);
        below_line(&mut unmet, probability, policy.compiled().threshold(), meets);
    }
    unmet
}

/// Pushes [`Unmet::ProbabilityBelowThreshold`] unless the estimate `meets` the line.
fn below_line(unmet: &mut Vec<Unmet>, probability: Probability, threshold: Probability, meets: bool) {
    if !meets {
        unmet.push(Unmet::ProbabilityBelowThreshold {
            probability,
            threshold,
        });
    }
}

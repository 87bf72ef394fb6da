//! What every state carries, the evidence checklist, and the checks transitions share.

use crate::error::Unmet;
use crate::evidence::{Actor, Authority, Budget, EvidenceKind, Fit, Need, Provenance, Timeline};
use crate::explain::ProbabilityExplanation;
use crate::history::{History, Stage, Transition};
use crate::policy::Policy;
use crate::profile::{Contact, Signal, Source};
use crate::score::Deal;
use crate::time::{SECONDS_PER_DAY, Timestamp};

/// The part of a record that every state carries unchanged from lead to close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Common {
    pub(crate) contact: Contact,
    pub(crate) company: Option<String>,
    pub(crate) source: Source,
    pub(crate) captured_at: Timestamp,
    pub(crate) signals: Vec<Signal>,
    pub(crate) history: History,
}

impl Common {
    /// Appends the history entry of a transition that succeeded.
    pub(crate) fn step(
        mut self,
        to: Stage,
        now: Timestamp,
        by: &Actor,
        why: String,
        policy: Option<&Policy>,
    ) -> Common {
        let from = self.history.stage();
        self.history.push(Transition {
            from,
            to,
            at: now,
            by: by.clone(),
            why,
            policy: policy.map(|p| p.version().to_owned()),
        });
        self
    }
}

/// Evidence gathered so far toward an opportunity; any of it may be missing.
///
/// Leads and prospects carry one, filled in as the sales conversation goes
/// ([`Prospect::evidence_mut`](crate::Prospect::evidence_mut)). Its fields are public: what
/// makes it *enough* is checked by [`Prospect::promote`](crate::Prospect::promote).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Checklist {
    /// A specific problem causing real pain.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub need: Option<Need>,
    /// Budget approved or being sought.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub budget: Option<Budget>,
    /// A decision maker, or a champion with access to one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub authority: Option<Authority>,
    /// A decision date.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub timeline: Option<Timeline>,
}

impl Checklist {
    /// An [`Unmet::Missing`] for each of the four not recorded, in the order need, budget,
    /// authority, timeline.
    pub fn missing(&self) -> Vec<Unmet> {
        [
            (self.need.is_none(), EvidenceKind::Need),
            (self.budget.is_none(), EvidenceKind::Budget),
            (self.authority.is_none(), EvidenceKind::Authority),
            (self.timeline.is_none(), EvidenceKind::Timeline),
        ]
        .into_iter()
        .filter_map(|(missing, evidence)| missing.then_some(Unmet::Missing { evidence }))
        .collect()
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            need: self.need.as_ref(),
            budget: self.budget.as_ref(),
            authority: self.authority.as_ref(),
            timeline: self.timeline.as_ref(),
        }
    }
}

/// The four confirmed pieces of evidence of a qualified opportunity.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bant {
    /// The need.
    pub need: Need,
    /// The budget.
    pub budget: Budget,
    /// The authority.
    pub authority: Authority,
    /// The timeline.
    pub timeline: Timeline,
}

impl Bant {
    pub(crate) fn view(&self) -> View<'_> {
        View {
            need: Some(&self.need),
            budget: Some(&self.budget),
            authority: Some(&self.authority),
            timeline: Some(&self.timeline),
        }
    }
}

impl From<Bant> for Checklist {
    fn from(b: Bant) -> Checklist {
        Checklist {
            need: Some(b.need),
            budget: Some(b.budget),
            authority: Some(b.authority),
            timeline: Some(b.timeline),
        }
    }
}

/// Borrowed evidence, whichever state holds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View<'a> {
    pub(crate) need: Option<&'a Need>,
    pub(crate) budget: Option<&'a Budget>,
    pub(crate) authority: Option<&'a Authority>,
    pub(crate) timeline: Option<&'a Timeline>,
}

/// Whether evidence recorded with `p` holds at `now` under `policy`; pushes what does not.
pub(crate) fn check_current(
    unmet: &mut Vec<Unmet>,
    evidence: EvidenceKind,
    p: &Provenance,
    policy: &Policy,
    now: Timestamp,
) -> bool {
    let before = unmet.len();
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
    unmet.len() == before
}

/// Whether one piece of evidence holds at `now`: recorded, current, and free of its own
/// `flaw` (a blank need, a passed decision date). When it is `required`, whatever fails is
/// pushed to `unmet`; evidence that is not required and does not hold simply counts for
/// nothing.
fn held(
    unmet: &mut Vec<Unmet>,
    required: bool,
    evidence: EvidenceKind,
    found: Option<(&Provenance, Option<Unmet>)>,
    policy: &Policy,
    now: Timestamp,
) -> bool {
    let mut problems = Vec::new();
    match found {
        None => problems.push(Unmet::Missing { evidence }),
        Some((provenance, flaw)) => {
            check_current(&mut problems, evidence, provenance, policy, now);
            problems.extend(flaw);
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
pub(crate) enum Require {
    /// Need and timeline (a discovery opportunity).
    NeedAndTimeline,
    /// All four, and a close probability at or above the threshold.
    AllFour,
}

/// Checks evidence toward an opportunity at `now`: every unmet requirement, and the close
/// probability estimated from the evidence that holds.
pub(crate) fn judge(
    fit: &Fit,
    signals: &[Signal],
    evidence: View<'_>,
    policy: &Policy,
    now: Timestamp,
    require: Require,
) -> (Vec<Unmet>, ProbabilityExplanation) {
    let mut unmet = Vec::new();
    let all = require == Require::AllFour;
    let need = evidence.need.map(|n| {
        (
            &n.provenance,
            n.problem.trim().is_empty().then_some(Unmet::BlankNeed),
        )
    });
    let passed = evidence.timeline.and_then(|t| {
        (t.decide_by < now).then_some(Unmet::DecisionDatePassed {
            decide_by: t.decide_by,
        })
    });
    let timeline = evidence.timeline.map(|t| (&t.provenance, passed));
    let budget = evidence.budget.map(|b| (&b.provenance, None));
    let authority = evidence.authority.map(|a| (&a.provenance, None));
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

    let assessment = policy.assess(&fit.profile, signals, now);
    let deal = Deal {
        budget: budget.map(|b| &b.status),
        access: authority.map(|a| a.access),
        decide_by: timeline.map(|t| t.decide_by),
    };
    let estimate = policy.estimate(deal, &assessment, now);
    if all && !estimate.meets {
        unmet.push(Unmet::ProbabilityBelowThreshold {
            probability: estimate.probability,
            threshold: estimate.threshold,
        });
    }
    (unmet, estimate)
}

/// Generates the accessors every state shares.
macro_rules! common_accessors {
    ($state:ident) => {
        impl $state {
            /// The person behind the record.
            pub fn contact(&self) -> &$crate::Contact {
                &self.common.contact
            }

            /// The company, if captured.
            pub fn company(&self) -> Option<&str> {
                self.common.company.as_deref()
            }

            /// Where the lead came from.
            pub fn source(&self) -> &$crate::Source {
                &self.common.source
            }

            /// When the lead was captured.
            pub fn captured_at(&self) -> $crate::Timestamp {
                self.common.captured_at
            }

            /// Engagement signals, in the order recorded.
            pub fn signals(&self) -> &[$crate::Signal] {
                &self.common.signals
            }

            /// Every transition the record has made, oldest first.
            pub fn history(&self) -> &$crate::History {
                &self.common.history
            }

            /// The record's stage.
            pub fn stage(&self) -> $crate::Stage {
                $crate::Stage::$state
            }
        }
    };
}

pub(crate) use common_accessors;

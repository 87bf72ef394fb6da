//! What every state carries, the evidence checklist, and the checks transitions share.

use crate::error::{Action, Rejected, Unmet};
use crate::evidence::{Actor, Authority, Budget, EvidenceKind, Fit, Need, Provenance, Timeline};
use crate::explain::ProbabilityExplanation;
use crate::history::{Event, EventKind, History, Stage, Transition};
use crate::policy::{Policy, limits};
use crate::profile::{Contact, Profile, Signal, Source};
use crate::score::{Deal, Tier};
use crate::substance::Substance;
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
    /// The record's latest instant: its newest event, or its capture.
    pub(crate) fn latest(&self) -> Timestamp {
        self.history
            .last()
            .map_or(self.captured_at, |e| e.at.max(self.captured_at))
    }

    /// What stops anything from being appended to the history at `now`: time running
    /// backwards, or a full history. Every transition checks it first.
    pub(crate) fn guard(&self, now: Timestamp, unmet: &mut Vec<Unmet>) {
        let latest = self.latest();
        if now < latest {
            unmet.push(Unmet::TimeRunsBackwards { now, latest });
        }
        if self.history.len() >= limits::MAX_EVENTS {
            unmet.push(Unmet::HistoryFull {
                max: limits::MAX_EVENTS,
            });
        }
    }

    /// [`guard`](Common::guard)'s findings alone.
    pub(crate) fn guarded(&self, now: Timestamp) -> Vec<Unmet> {
        let mut unmet = Vec::new();
        self.guard(now, &mut unmet);
        unmet
    }

    /// Appends the event of a transition that succeeded, from the stage the history ends in.
    pub(crate) fn step(
        mut self,
        to: Stage,
        now: Timestamp,
        by: &Actor,
        why: String,
        policy: Option<&Policy>,
    ) -> Common {
        self.push_step(Transition::new(self.history.stage(), to), now, by, why, policy);
        self
    }

    /// Appends the event of a transition that succeeded, with what it recorded.
    pub(crate) fn step_with(
        mut self,
        transition: Transition,
        now: Timestamp,
        by: &Actor,
        why: String,
        policy: &Policy,
    ) -> Common {
        self.push_step(transition, now, by, why, Some(policy));
        self
    }

    fn push_step(
        &mut self,
        transition: Transition,
        now: Timestamp,
        by: &Actor,
        why: String,
        policy: Option<&Policy>,
    ) {
        self.history.push(Event {
            at: now,
            by: by.clone(),
            why,
            policy: policy.map(|p| p.version().to_owned()),
            kind: EventKind::Transition(transition),
        });
    }

    /// Records `signal`, unless the record holds [`limits::MAX_SIGNALS`] already.
    pub(crate) fn record_signal(&mut self, signal: Signal) -> Result<(), Rejected<Signal>> {
        if self.signals.len() >= limits::MAX_SIGNALS {
            let unmet = vec![Unmet::TooManySignals {
                max: limits::MAX_SIGNALS,
            }];
            return Err(Rejected::new(signal, Action::RecordSignal, unmet));
        }
        self.signals.push(signal);
        Ok(())
    }

    /// Records the tier `policy` gives `profile` and the signals at `now` as a milestone,
    /// when it is above every tier recorded so far.
    pub(crate) fn record_tier(
        &mut self,
        profile: &Profile,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Option<Tier>, Rejected<()>> {
        let unmet = self.guarded(now);
        if !unmet.is_empty() {
            return Err(Rejected::new((), Action::RecordTier, unmet));
        }
        let assessment = policy.assess(profile, &self.signals, now);
        match assessment.tier() {
            Some(tier) if Some(tier) > self.history.highest_tier() => {
                let score = assessment.engagement_score();
                self.history.push(Event {
                    at: now,
                    by: by.clone(),
                    why: format!("engagement score {score} reached {tier}"),
                    policy: Some(policy.version().to_owned()),
                    kind: EventKind::Tier(tier),
                });
                Ok(Some(tier))
            }
            _ => Ok(None),
        }
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
pub(crate) enum Require {
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

/// Checks evidence toward an opportunity at `now`: every unmet requirement, and the close
/// probability estimated from the evidence that holds.
pub(crate) fn judge(
    common: &Common,
    fit: &Fit,
    evidence: View<'_>,
    policy: &Policy,
    now: Timestamp,
    require: Require,
) -> Judgement {
    let mut unmet = common.guarded(now);
    let all = require == Require::AllFour;
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

    let assessment = policy.assess(&fit.profile, &common.signals, now);
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
    Judgement {
        unmet,
        estimate,
        tier: assessment.tier(),
    }
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

            /// Everything that happened to the record, oldest first.
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

/// A profile with no facts, scored for a lead that has no fit evidence yet.
pub(crate) static EMPTY_PROFILE: Profile = Profile::EMPTY;

/// Generates the methods every open state (lead, prospect, discovery, opportunity) shares:
/// recording signals and tier milestones. `fit` names how the state holds its fit.
macro_rules! open_methods {
    ($state:ident, $fit:ident) => {
        impl $state {
            /// Records an engagement signal.
            ///
            /// # Errors
            /// [`Rejected`](crate::Rejected) with the signal handed back and
            /// [`Unmet::TooManySignals`](crate::Unmet::TooManySignals) when the record
            /// already holds [`limits::MAX_SIGNALS`](crate::limits::MAX_SIGNALS) signals.
            pub fn record_signal(&mut self, signal: $crate::Signal) -> Result<(), $crate::Rejected<$crate::Signal>> {
                self.common.record_signal(signal)
            }

            /// Records the engagement tier `policy` gives the record at `now` as a
            /// milestone in its history, when that tier is above every tier recorded so
            /// far (by a milestone, or at a transition); returns the tier recorded, if any.
            ///
            /// The tier a record reached is a fact that decay does not undo: a report of
            /// "how many leads reached MQL this month" counts these milestones, not
            /// today's decayed scores. Call it after recording signals.
            ///
            /// # Errors
            /// [`Rejected`](crate::Rejected) with nothing recorded when `now` is before
            /// the record's newest event or its capture
            /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)), or the
            /// history is full.
            pub fn record_tier(
                &mut self,
                policy: &$crate::Policy,
                now: $crate::Timestamp,
                by: &$crate::Actor,
            ) -> Result<Option<$crate::Tier>, $crate::Rejected<()>> {
                let profile = open_methods!(@profile self, $fit);
                self.common.record_tier(profile, policy, now, by)
            }
        }
    };
    (@profile $self:ident, fit) => {
        &$self.fit.profile
    };
    (@profile $self:ident, optional_fit) => {
        $self
            .fit
            .as_ref()
            .map_or(&$crate::common::EMPTY_PROFILE, |f| &f.profile)
    };
}

pub(crate) use open_methods;

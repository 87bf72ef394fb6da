//! What every state carries, and the methods every state, or every open state, shares.

use crate::engine::{Assessment, Policy};
use crate::evidence::{FitBasis, Unmet};
use crate::policy::Tier;
use crate::policy::limits;
use crate::profile::{Contact, Profile, Signal, Source};
use crate::states::{Action, Event, EventKind, HandOff, History, Rejected, Stage, Transition};
use crate::values::{Actor, Reason, RecordId, Timestamp};

/// The part of a record that every state carries unchanged from lead to close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Common {
    pub(crate) id: RecordId,
    pub(crate) owner: Option<Actor>,
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

    /// What stops an event by `by` from being appended at `now`: [`guard`](Common::guard)'s
    /// findings, then an actor who names no one ([`Unmet::HollowActor`]). Every transition,
    /// and every method that records an event, checks it first.
    pub(crate) fn guarded_by(&self, now: Timestamp, by: &Actor) -> Vec<Unmet> {
        let mut unmet = self.guarded(now);
        unmet.extend(Unmet::hollow_actor(by));
        unmet
    }

    /// What stops an event from being appended at `now`: by `by` when one is named
    /// ([`guarded_by`](Common::guarded_by)), or, for a `check_` method that moves nothing
    /// and judges no actor, [`guard`](Common::guard)'s findings alone. A transition and its
    /// check both call it, so they cannot drift apart.
    pub(crate) fn guarded_as(&self, now: Timestamp, by: Option<&Actor>) -> Vec<Unmet> {
        match by {
            Some(by) => self.guarded_by(now, by),
            None => self.guarded(now),
        }
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

    /// Appends an event the caller has checked may be appended (see [`guard`](Common::guard)).
    pub(crate) fn record(&mut self, event: Event) {
        self.history.push(event);
    }

    /// Hands the record to `to`, as an event, unless it has that owner already.
    pub(crate) fn hand_off(
        &mut self,
        to: Option<Actor>,
        why: Reason,
        now: Timestamp,
        by: &Actor,
    ) -> Result<(), Rejected<(Option<Actor>, Reason)>> {
        let unmet = self.judge_hand_off(to.as_ref(), now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new((to, why), Action::HandOff, unmet));
        }
        let from = core::mem::replace(&mut self.owner, to.clone());
        self.history.push(Event {
            at: now,
            by: by.clone(),
            why: why.to_string(),
            policy: None,
            kind: EventKind::HandOff(HandOff { from, to }),
        });
        Ok(())
    }

    /// What [`hand_off`](Common::hand_off) to `to` finds unmet at `now`: the guard (and the
    /// actor, when one is named), then an owner who has the record already.
    pub(crate) fn judge_hand_off(
        &self,
        to: Option<&Actor>,
        now: Timestamp,
        by: Option<&Actor>,
    ) -> Vec<Unmet> {
        let mut unmet = self.guarded_as(now, by);
        if to == self.owner.as_ref() {
            unmet.push(Unmet::AlreadyOwned { owner: to.cloned() });
        }
        unmet
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
        let unmet = self.guarded_by(now, by);
        if !unmet.is_empty() {
            return Err(Rejected::new((), Action::RecordTier, unmet));
        }
        let assessment = policy.assess_record(profile, &self.contact, &self.signals, now);
        match assessment.tier() {
            Some(tier) if Some(tier) > self.history.highest_tier() => {
                // Written only when a tier is recorded: the act (or the score) that holds it.
                let engagement = policy
                    .explain_record(profile, &self.contact, &self.signals, now)
                    .engagement;
                self.history.push(Event {
                    at: now,
                    by: by.clone(),
                    why: engagement.tier_reason().to_string(),
                    policy: Some(policy.version().to_owned()),
                    kind: EventKind::Tier(tier),
                });
                Ok(Some(tier))
            }
            _ => Ok(None),
        }
    }
}

/// Generates the accessors every state shares.
macro_rules! common_accessors {
    ($state:ident) => {
        impl $state {
            /// The id the host knows the record by.
            pub fn id(&self) -> &$crate::RecordId {
                &self.common.id
            }

            /// Who owns the record now, if anyone: the last hand-off's receiver, or the
            /// owner it was captured with.
            pub fn owner(&self) -> Option<&$crate::Actor> {
                self.common.owner.as_ref()
            }

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

/// A profile with no facts, scored for a lead that has no fit evidence yet, and for a
/// record whose fit is assumed.
pub(crate) static EMPTY_PROFILE: Profile = Profile::EMPTY;

/// The profile a record past the lead stage is scored with: its own, or no facts when its
/// fit is assumed (an assumption earns no fit score, so no "strong fit" adjustment).
pub(crate) fn scored(fit: &FitBasis) -> &Profile {
    fit.profile().unwrap_or(&EMPTY_PROFILE)
}

/// Scores a record past the lead stage under `policy` at `now`: its profile read with its
/// contact's e-mail domain, or, when its fit is assumed, its signals alone. An assumption
/// records no facts, so the contact's domain is not read as one either.
pub(crate) fn assess_fit(policy: &Policy, fit: &FitBasis, common: &Common, now: Timestamp) -> Assessment {
    match fit.profile() {
        Some(profile) => policy.assess_record(profile, &common.contact, &common.signals, now),
        None => policy.assess(&EMPTY_PROFILE, &common.signals, now),
    }
}

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
            /// Requires a `now` no earlier than the record's newest event or its capture,
            /// room in the history, and an actor `by` who names someone (not blank, with a
            /// letter or digit).
            ///
            /// # Errors
            /// [`Rejected`](crate::Rejected) with nothing recorded when `now` is before the
            /// record's newest event or its capture
            /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)), the history
            /// is full, or `by` names no one
            /// ([`Unmet::HollowActor`](crate::Unmet::HollowActor)).
            pub fn record_tier(
                &mut self,
                policy: &$crate::Policy,
                now: $crate::Timestamp,
                by: &$crate::Actor,
            ) -> Result<Option<$crate::Tier>, $crate::Rejected<()>> {
                let profile = open_methods!(@profile self, $fit);
                self.common.record_tier(profile, policy, now, by)
            }

            /// Hands the record to a new owner, `to` (`None`: back to an unassigned queue),
            /// for `why`, as an event in its history: who had it, who has it, when, by whom
            /// and why. Every transition keeps the owner; a hand-off is the only way it
            /// changes.
            ///
            /// Requires a `now` no earlier than the record's newest event or its capture,
            /// room in the history, an actor `by` who names someone (not blank, with a
            /// letter or digit), and a new owner.
            ///
            /// # Errors
            /// [`Rejected`](crate::Rejected) with nothing changed and `to` and `why` handed
            /// back, listing every unmet requirement: `now` is before the record's newest
            /// event or its capture, the history is full, `by` names no one
            /// ([`Unmet::HollowActor`](crate::Unmet::HollowActor)), or `to` already owns it
            /// ([`Unmet::AlreadyOwned`](crate::Unmet::AlreadyOwned)).
            pub fn hand_off(
                &mut self,
                to: Option<$crate::Actor>,
                why: $crate::Reason,
                now: $crate::Timestamp,
                by: &$crate::Actor,
            ) -> Result<(), $crate::Rejected<(Option<$crate::Actor>, $crate::Reason)>> {
                self.common.hand_off(to, why, now, by)
            }

            /// Every requirement [`hand_off`](Self::hand_off) to `to` would find unmet at
            /// `now`, without changing the owner: time running backwards
            /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)), a full
            /// history ([`Unmet::HistoryFull`](crate::Unmet::HistoryFull)), or `to` owning
            /// it already ([`Unmet::AlreadyOwned`](crate::Unmet::AlreadyOwned)). Empty
            /// exactly when `hand_off` to `to` at `now` by an actor who names someone would
            /// succeed; like every `check_` method it judges no actor (a hand-off by one who
            /// names no one also finds [`Unmet::HollowActor`](crate::Unmet::HollowActor),
            /// after the guard's findings).
            pub fn check_hand_off(&self, to: Option<&$crate::Actor>, now: $crate::Timestamp) -> Vec<$crate::Unmet> {
                self.common.judge_hand_off(to, now, None)
            }
        }
    };
    (@profile $self:ident, fit) => {
        $crate::states::common::scored(&$self.fit)
    };
    (@profile $self:ident, optional_fit) => {
        $self
            .fit
            .as_ref()
            .map_or(&$crate::states::common::EMPTY_PROFILE, |f| &f.profile)
    };
}

pub(crate) use open_methods;

/// Generates `need`, `budget`, `authority` and `timeline` for a state whose evidence is a
/// [`Checklist`](crate::Checklist) in its `evidence` field: each piece, if recorded.
macro_rules! checklist_accessors {
    ($state:ident) => {
        impl $state {
            /// The need evidence, if recorded.
            pub fn need(&self) -> Option<&$crate::Need> {
                self.evidence.need.as_ref()
            }

            /// The budget evidence, if recorded.
            pub fn budget(&self) -> Option<&$crate::Budget> {
                self.evidence.budget.as_ref()
            }

            /// The authority evidence, if recorded.
            pub fn authority(&self) -> Option<&$crate::Authority> {
                self.evidence.authority.as_ref()
            }

            /// The timeline evidence, if recorded.
            pub fn timeline(&self) -> Option<&$crate::Timeline> {
                self.evidence.timeline.as_ref()
            }
        }
    };
}

pub(crate) use checklist_accessors;

/// Generates `need`, `budget`, `authority` and `timeline` for a state that guarantees all
/// four, in its `bant` field.
macro_rules! bant_accessors {
    ($state:ident) => {
        impl $state {
            /// The confirmed need.
            pub fn need(&self) -> &$crate::Need {
                &self.bant.need
            }

            /// The confirmed budget.
            pub fn budget(&self) -> &$crate::Budget {
                &self.bant.budget
            }

            /// The confirmed authority.
            pub fn authority(&self) -> &$crate::Authority {
                &self.bant.authority
            }

            /// The confirmed timeline.
            pub fn timeline(&self) -> &$crate::Timeline {
                &self.bant.timeline
            }
        }
    };
}

pub(crate) use bant_accessors;

//! An opportunity under the enterprise exception: need and timeline confirmed, budget and
//! authority still being worked.

use crate::engine::Policy;
use crate::evidence::{Authority, Bant, Budget, Checklist, FitBasis, Need, Timeline, View};
use crate::explain::ProbabilityExplanation;
use crate::states::checks::{Judgement, Needs, judge, lapsed};
use crate::states::common::{Common, common_accessors, open_methods};
use crate::states::{Action, Lost, Opportunity, Prospect, Rejected, Stage};
use crate::values::{Actor, Probability, Reason, Timestamp};

/// Every `Discovery` is an opportunity opened under a staged policy with confirmed need
/// and timeline evidence; its budget and authority may not be confirmed yet.
///
/// Its pipeline label is `Stage 1: Discovery` ([`Stage::label`](crate::Stage::label)),
/// derived from its type, never typed in. It becomes a qualified [`Opportunity`] only by
/// [`confirm`](Discovery::confirm), once all four hold. It is built only by
/// [`Prospect::open_discovery`](crate::Prospect::open_discovery), which refuses unless the
/// policy's staged mode is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovery {
    pub(crate) common: Common,
    pub(crate) fit: FitBasis,
    pub(crate) need: Need,
    pub(crate) timeline: Timeline,
    pub(crate) budget: Option<Budget>,
    pub(crate) authority: Option<Authority>,
    pub(crate) probability: Probability,
}

common_accessors!(Discovery);
open_methods!(Discovery, fit);

impl Discovery {
    /// What its fit rests on: the profile that met the policy's fit requirement when
    /// it was qualified, or a CRM mapping's assumption ([`FitBasis`]).
    pub fn fit(&self) -> &FitBasis {
        &self.fit
    }

    /// The confirmed need.
    pub fn need(&self) -> &Need {
        &self.need
    }

    /// The confirmed timeline.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Budget evidence, once recorded.
    pub fn budget(&self) -> Option<&Budget> {
        self.budget.as_ref()
    }

    /// Authority evidence, once recorded.
    pub fn authority(&self) -> Option<&Authority> {
        self.authority.as_ref()
    }

    /// The close probability estimated when the record last changed stage.
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// Records budget evidence, replacing any before it.
    pub fn record_budget(&mut self, budget: Budget) {
        self.budget = Some(budget);
    }

    /// Records authority evidence, replacing any before it.
    pub fn record_authority(&mut self, authority: Authority) {
        self.authority = Some(authority);
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            need: Some(&self.need),
            budget: self.budget.as_ref(),
            authority: self.authority.as_ref(),
            timeline: Some(&self.timeline),
        }
    }

    /// The close probability `policy` estimates at `now`, against the threshold.
    pub fn close_probability(&self, policy: &Policy, now: Timestamp) -> ProbabilityExplanation {
        self.judge(policy, now, None).estimate
    }

    /// Every requirement [`confirm`](Discovery::confirm) would find unmet at `now`, without
    /// moving the discovery. Empty exactly when `confirm` at `now` by an actor who names
    /// someone would succeed; like every `check_` method it judges no actor.
    pub fn check_confirm(&self, policy: &Policy, now: Timestamp) -> Vec<crate::Unmet> {
        self.judge(policy, now, None).unmet
    }

    /// The weekly pipeline review's question asked of a discovery deal at `now`: every
    /// requirement of [`Prospect::open_discovery`](crate::Prospect::open_discovery) that
    /// no longer holds, such as need or timeline evidence that has expired, or a decision
    /// date that has passed. Empty when the deal still holds as a discovery deal.
    pub fn review(&self, policy: &Policy, now: Timestamp) -> Vec<crate::Unmet> {
        lapsed(
            &self.common,
            &self.fit,
            self.view(),
            policy,
            now,
            Needs::NeedAndTimeline,
        )
    }

    fn judge(&self, policy: &Policy, now: Timestamp, by: Option<&Actor>) -> Judgement {
        judge(
            &self.common,
            &self.fit,
            self.view(),
            policy,
            now,
            Needs::AllFour,
            by,
        )
    }

    /// Moves to a qualified [`Opportunity`] (`Stage 2: Confirmed`) when all four conditions
    /// hold at `now`, exactly as [`Prospect::promote`](crate::Prospect::promote) requires.
    ///
    /// # Errors
    /// [`Rejected`] with this discovery unchanged and every unmet requirement, such as
    /// `actor is blank` or `no authority evidence`, with the [`ProbabilityExplanation`].
    pub fn confirm(
        self,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Opportunity, Rejected<Discovery>> {
        let judgement = self.judge(policy, now, Some(by));
        match self {
            Discovery {
                common,
                fit,
                need,
                timeline,
                budget: Some(budget),
                authority: Some(authority),
                ..
            } if judgement.unmet.is_empty() => {
                let why = format!(
                    "budget and authority confirmed; close probability {}",
                    judgement.estimate.probability
                );
                let transition = judgement.transition(Stage::Discovery, Stage::Opportunity, true);
                Ok(Opportunity {
                    common: common.step_with(transition, now, by, why, policy),
                    fit,
                    bant: Bant {
                        need,
                        budget,
                        authority,
                        timeline,
                    },
                    probability: judgement.estimate.probability,
                })
            }
            discovery => {
                let mut err = Rejected::new(discovery, Action::Confirm, judgement.unmet);
                err.probability = Some(Box::new(judgement.estimate));
                Err(err)
            }
        }
    }

    /// Every requirement [`lose`](Discovery::lose) would find unmet at `now`, without
    /// closing the deal: time running backwards
    /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)) or a full history
    /// ([`Unmet::HistoryFull`](crate::Unmet::HistoryFull)). Empty exactly when `lose` at
    /// `now` by an actor who names someone would succeed, whatever the reason; like every
    /// `check_` method it judges no actor.
    pub fn check_lose(&self, now: Timestamp) -> Vec<crate::Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Every requirement [`demote`](Discovery::demote) would find unmet at `now`, without
    /// moving the deal: the same as [`check_lose`](Discovery::check_lose). Empty exactly
    /// when `demote` at `now` by an actor who names someone would succeed, whatever the
    /// reason.
    pub fn check_demote(&self, now: Timestamp) -> Vec<crate::Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Closes the discovery as lost, for `reason`.
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this discovery unchanged and every unmet requirement: `now` is
    /// before its newest event
    /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)), its history is
    /// full, or `by` names no one ([`Unmet::HollowActor`](crate::Unmet::HollowActor)).
    pub fn lose(self, reason: Reason, now: Timestamp, by: &Actor) -> Result<Lost, Rejected<Discovery>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Lose, unmet));
        }
        let (common, fit, evidence, probability) = self.parts();
        Ok(Lost {
            common: common.step(Stage::Lost, now, by, reason.to_string(), None),
            fit,
            evidence,
            probability,
            reason,
        })
    }

    /// Demotes the discovery back to a [`Prospect`] for `reason`, keeping its evidence.
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this discovery unchanged and every unmet requirement: `now` is
    /// before its newest event
    /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)), its history is
    /// full, or `by` names no one ([`Unmet::HollowActor`](crate::Unmet::HollowActor)).
    pub fn demote(self, reason: Reason, now: Timestamp, by: &Actor) -> Result<Prospect, Rejected<Discovery>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Demote, unmet));
        }
        let (common, fit, evidence, _) = self.parts();
        Ok(Prospect {
            common: common.step(Stage::Prospect, now, by, reason.to_string(), None),
            fit,
            evidence,
        })
    }

    fn parts(self) -> (Common, FitBasis, Checklist, Probability) {
        let evidence = Checklist {
            need: Some(self.need),
            budget: self.budget,
            authority: self.authority,
            timeline: Some(self.timeline),
        };
        (self.common, self.fit, evidence, self.probability)
    }
}

//! The third state: a qualified deal in active motion.

use crate::engine::Policy;
use crate::evidence::{Bant, BudgetStatus, Checklist, EvidenceKind, FitBasis, Unmet, View};
use crate::states::checks::{Needs, judge, lapsed};
use crate::states::common::{Common, bant_accessors, common_accessors, open_methods};
use crate::states::{Action, Event, EventKind, Lost, Prospect, Rejected, Stage, Won};
use crate::values::{Actor, Money, Probability, Reason, Timestamp};

/// Every `Opportunity` carries confirmed need, budget, authority and timeline evidence,
/// and a close probability that met its policy's opportunity threshold when it opened.
///
/// An opportunity without all four conditions is a prospect dressed as an opportunity,
/// and a forecast that counts it is overstated: this type cannot hold one. It is built only by
/// [`Prospect::promote`](crate::Prospect::promote) or
/// [`Discovery::confirm`](crate::Discovery::confirm); a lead cannot become one in one step:
///
/// ```compile_fail
/// # fn f(lead: qualify::Lead, policy: &qualify::Policy, now: qualify::Timestamp) {
/// let opp = lead.promote(policy, now, &"ae".into());
/// # }
/// ```
/// ```
/// # fn f(lead: qualify::Lead, policy: &qualify::Policy, now: qualify::Timestamp) -> Option<()> {
/// let opp = lead.qualify(policy, now, &"ae".into()).ok()?.promote(policy, now, &"ae".into());
/// # None }
/// ```
///
/// Nor can a transition run twice on one value, since it consumes it:
///
/// ```compile_fail
/// # fn f(p: qualify::Prospect, policy: &qualify::Policy, now: qualify::Timestamp) {
/// let a = p.promote(policy, now, &"ae".into());
/// let b = p.promote(policy, now, &"ae".into());
/// # }
/// ```
/// ```
/// # fn f(p: qualify::Prospect, policy: &qualify::Policy, now: qualify::Timestamp) {
/// let a = p.clone().promote(policy, now, &"ae".into());
/// let b = p.promote(policy, now, &"ae".into());
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opportunity {
    pub(crate) common: Common,
    pub(crate) fit: FitBasis,
    pub(crate) bant: Bant,
    pub(crate) probability: Probability,
}

common_accessors!(Opportunity);
bant_accessors!(Opportunity);
open_methods!(Opportunity, fit);

impl Opportunity {
    /// What its fit rests on: the profile that met the policy's fit requirement when
    /// it was qualified, or a CRM mapping's assumption ([`FitBasis`]).
    pub fn fit(&self) -> &FitBasis {
        &self.fit
    }

    /// The four confirmed conditions: need, budget, authority, timeline.
    pub fn bant(&self) -> &Bant {
        &self.bant
    }

    /// The close probability estimated when it opened; check it later against outcomes.
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// The weekly pipeline review's question, "is this actually an opportunity?", asked
    /// at `now`: every requirement of [`Prospect::promote`] that no longer holds, such as
    /// evidence that has expired or a decision date that has passed. Empty when it still
    /// qualifies.
    pub fn review(&self, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        lapsed(
            &self.common,
            &self.fit,
            self.bant.view(),
            policy,
            now,
            Needs::AllFour,
        )
    }

    /// Replaces lapsed evidence in place: every piece `update` holds takes the place of the
    /// one the opportunity has, when, with the update, every requirement of
    /// [`Prospect::promote`] holds at `now` (the evidence current and substantive, the
    /// estimate at or above the line). The close probability recorded when it opened stays.
    /// The way to renew a timeline whose date moved, without a demotion and a promotion.
    /// The history gains a refresh event naming the pieces replaced, by `by` at `now`, who
    /// must name someone.
    ///
    /// # Errors
    /// [`Rejected`] with the update handed back and the opportunity unchanged, listing
    /// every requirement that would not hold, such as `actor is blank` or `timeline
    /// decision date ... is not after ...`.
    pub fn refresh(
        &mut self,
        update: Checklist,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<(), Rejected<Checklist>> {
        let unmet = self.judge_refresh(&update, policy, now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(update, Action::Refresh, unmet));
        }
        let b = &self.bant;
        let merged = Bant {
            need: update.need.clone().unwrap_or_else(|| b.need.clone()),
            budget: update.budget.clone().unwrap_or_else(|| b.budget.clone()),
            authority: update.authority.clone().unwrap_or_else(|| b.authority.clone()),
            timeline: update.timeline.clone().unwrap_or_else(|| b.timeline.clone()),
        };
        let kinds: Vec<EvidenceKind> = [
            (update.need.is_some(), EvidenceKind::Need),
            (update.budget.is_some(), EvidenceKind::Budget),
            (update.authority.is_some(), EvidenceKind::Authority),
            (update.timeline.is_some(), EvidenceKind::Timeline),
        ]
        .into_iter()
        .filter_map(|(given, kind)| given.then_some(kind))
        .collect();
        self.bant = merged;
        if !kinds.is_empty() {
            self.common.record(Event {
                at: now,
                by: by.clone(),
                why: "lapsed evidence replaced".into(),
                policy: Some(policy.version().to_owned()),
                kind: EventKind::Refresh(kinds),
            });
        }
        Ok(())
    }

    /// Every requirement [`refresh`](Opportunity::refresh) with `update` would find unmet
    /// at `now`, without touching the opportunity: time running backwards, a full history,
    /// and every requirement of [`Prospect::promote`] that the evidence, each piece of
    /// `update` in place of the one the opportunity has, would not meet. Empty exactly when
    /// `refresh` with `update` at `now` by an actor who names someone would succeed; like
    /// every `check_` method it judges no actor.
    pub fn check_refresh(&self, update: &Checklist, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        self.judge_refresh(update, policy, now, None)
    }

    /// What [`refresh`](Opportunity::refresh) checks: the evidence with `update` merged in,
    /// judged as a promotion (by `by`, when one is named).
    fn judge_refresh(
        &self,
        update: &Checklist,
        policy: &Policy,
        now: Timestamp,
        by: Option<&Actor>,
    ) -> Vec<Unmet> {
        let b = &self.bant;
        let merged = View {
            need: Some(update.need.as_ref().unwrap_or(&b.need)),
            budget: Some(update.budget.as_ref().unwrap_or(&b.budget)),
            authority: Some(update.authority.as_ref().unwrap_or(&b.authority)),
            timeline: Some(update.timeline.as_ref().unwrap_or(&b.timeline)),
        };
        judge(&self.common, &self.fit, merged, policy, now, Needs::AllFour, by).unmet
    }

    /// Every requirement [`win`](Opportunity::win) would find unmet for `amount` at `now`,
    /// without closing the deal: time running backwards, a full history,
    /// [`Unmet::ZeroAmount`], [`Unmet::CurrencyMismatch`]. Empty exactly when `win` for
    /// `amount` at `now` by an actor who names someone would succeed; like every `check_`
    /// method it judges no actor.
    pub fn check_win(&self, amount: Money, now: Timestamp) -> Vec<Unmet> {
        self.judge_win(amount, now, None)
    }

    /// What [`win`](Opportunity::win) checks: the guard (and the actor, when one is named),
    /// then the amount against the budget.
    fn judge_win(&self, amount: Money, now: Timestamp, by: Option<&Actor>) -> Vec<Unmet> {
        let mut unmet = self.common.guarded_as(now, by);
        unmet.extend(won_amount(&self.bant.budget.status, amount));
        unmet
    }

    /// Every requirement [`lose`](Opportunity::lose) would find unmet at `now`, without
    /// closing the deal: time running backwards ([`Unmet::TimeRunsBackwards`]) or a full
    /// history ([`Unmet::HistoryFull`]). Empty exactly when `lose` at `now` by an actor who
    /// names someone would succeed, whatever the reason; like every `check_` method it
    /// judges no actor.
    pub fn check_lose(&self, now: Timestamp) -> Vec<Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Every requirement [`demote`](Opportunity::demote) would find unmet at `now`, without
    /// moving the deal: the same as [`check_lose`](Opportunity::check_lose). Empty exactly
    /// when `demote` at `now` by an actor who names someone would succeed, whatever the
    /// reason.
    pub fn check_demote(&self, now: Timestamp) -> Vec<Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Closes the deal as won for `amount`.
    ///
    /// Requires a `now` no earlier than the record's newest event, room in the history, an
    /// actor `by` who names someone (not blank, with a letter or digit), an amount above
    /// zero, and, when the budget was approved, its currency (whether or not the approved
    /// amount is known: [`BudgetStatus::ApprovedAmountUnknown`] names its currency too).
    ///
    /// # Errors
    /// [`Rejected`] with this opportunity unchanged and every unmet requirement:
    /// [`Unmet::TimeRunsBackwards`], [`Unmet::HistoryFull`], [`Unmet::HollowActor`] when
    /// `by` names no one, [`Unmet::ZeroAmount`] when `amount` is zero,
    /// [`Unmet::CurrencyMismatch`] when the approved budget is in another currency.
    pub fn win(self, amount: Money, now: Timestamp, by: &Actor) -> Result<Won, Rejected<Opportunity>> {
        let unmet = self.judge_win(amount, now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Win, unmet));
        }
        Ok(Won {
            common: self
                .common
                .step(Stage::Won, now, by, format!("won for {amount}"), None),
            fit: self.fit,
            bant: self.bant,
            probability: self.probability,
            amount,
        })
    }

    /// Closes the deal as lost, for `reason`.
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this opportunity unchanged and every unmet requirement: `now` is
    /// before its newest event ([`Unmet::TimeRunsBackwards`]), its history is full, or `by`
    /// names no one ([`Unmet::HollowActor`]).
    pub fn lose(self, reason: Reason, now: Timestamp, by: &Actor) -> Result<Lost, Rejected<Opportunity>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Lose, unmet));
        }
        Ok(Lost {
            common: self.common.step(Stage::Lost, now, by, reason.to_string(), None),
            fit: self.fit,
            evidence: self.bant.into(),
            probability: self.probability,
            reason,
        })
    }

    /// Demotes the opportunity to a [`Prospect`] for `reason` (say, evidence that
    /// [`review`](Opportunity::review) found lapsed), keeping all its evidence.
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this opportunity unchanged and every unmet requirement: `now` is
    /// before its newest event ([`Unmet::TimeRunsBackwards`]), its history is full, or `by`
    /// names no one ([`Unmet::HollowActor`]).
    pub fn demote(
        self,
        reason: Reason,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Prospect, Rejected<Opportunity>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Demote, unmet));
        }
        Ok(Prospect {
            common: self
                .common
                .step(Stage::Prospect, now, by, reason.to_string(), None),
            fit: self.fit,
            evidence: self.bant.into(),
        })
    }
}

/// What is wrong with winning a deal whose budget is `budget` for `amount`: the rule the
/// transition and the record loader share.
pub(crate) fn won_amount(budget: &BudgetStatus, amount: Money) -> Vec<Unmet> {
    let mut unmet = Vec::new();
    if amount.amount().is_zero() {
        unmet.push(Unmet::ZeroAmount);
    }
    // An approved budget names its currency whether or not its amount is known.
    let approved = match budget {
        BudgetStatus::Approved { amount } => Some(amount.currency()),
        BudgetStatus::ApprovedAmountUnknown { currency } => Some(*currency),
        BudgetStatus::Sought { .. } => None,
    };
    if let Some(budget) = approved
        && budget != amount.currency()
    {
        unmet.push(Unmet::CurrencyMismatch {
            won: amount.currency(),
            budget,
        });
    }
    unmet
}

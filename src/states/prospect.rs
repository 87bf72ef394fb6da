//! The second state: a lead whose fit is confirmed, or assumed by a CRM import.

use crate::engine::{Assessment, Policy};
use crate::evidence::{Bant, Checklist, FitBasis, Unmet};
use crate::explain::ProbabilityExplanation;
use crate::states::checks::{Judgement, Needs, judge};
use crate::states::common::{Common, assess_fit, checklist_accessors, common_accessors, open_methods};
use crate::states::{Action, Discovery, Disqualified, Opportunity, Rejected, Stage};
use crate::values::{Actor, Reason, Timestamp};

/// Every `Prospect` rests on fit ([`FitBasis`]): fit evidence that met a policy's fit
/// requirement (a lead assessed and confirmed to match the ideal customer profile), or an
/// assumed fit ([`AssumedFit`](crate::AssumedFit)) that a CRM import stated for a record
/// its CRM holds at prospect or beyond, under a mapping that assumes fit there. It is not
/// yet in an active buying conversation.
///
/// An assumed fit is never a profile: it records no facts, names the mapping and the CRM
/// label it was made for, scores no fit points (so no "strong fit" adjustment to the close
/// probability), and every import and audit under that mapping states it. Only an import
/// makes one ([`crm::FitSource`](crate::crm::FitSource)), and the record loader accepts
/// one only beside the import event that made it.
///
/// A prospect is never built by hand. Every one comes from one of these, each of which
/// checks what a prospect guarantees:
///
/// - [`Lead::qualify`](crate::Lead::qualify), or [`Lead::triage`](crate::Lead::triage)
///   returning [`Triage::Prospect`](crate::Triage::Prospect), when a lead's fit evidence
///   meets a policy;
/// - a CRM import ([`crm`](crate::crm)), which qualifies a row's fit evidence the same
///   way, or assumes fit for a row its CRM holds at prospect or beyond;
/// - demoting a deal: [`Opportunity::demote`](crate::Opportunity::demote) or
///   [`Discovery::demote`](crate::Discovery::demote);
/// - loading a stored record: [`RawRecord::check`](crate::RawRecord::check), or, with the
///   `serde` feature, deserializing a `Prospect` or a [`Record`](crate::Record); a
///   `Record` at the prospect stage converts with `Prospect::try_from`.
///
/// ```compile_fail
/// let p = qualify::Prospect::new();
/// ```
/// ```compile_fail
/// # fn f(lead: qualify::Lead, fit: qualify::Fit) {
/// let p = qualify::Prospect { common: todo!(), fit, evidence: Default::default() };
/// # }
/// ```
/// ```
/// use qualify::{Discovery, Lead, Opportunity, Policy, Prospect, RawRecord, Reason, Record, Timestamp, Triage};
///
/// # #[allow(unused_variables)]
/// fn every_way(lead: Lead, o: Opportunity, d: Discovery, raw: RawRecord, record: Record, policy: &Policy, now: Timestamp, why: Reason) {
///     let by = "sdr".into();
///     let p: Result<Prospect, _> = lead.clone().qualify(policy, now, &by);
///     let p: Option<Prospect> = match lead.triage(policy, now, &by) {
///         Triage::Prospect(p) => Some(p),
///         _ => None,
///     };
///     let p: Result<Prospect, _> = o.demote(why.clone(), now, &by);
///     let p: Result<Prospect, _> = d.demote(why, now, &by);
///     let p: Option<Prospect> = raw.check().ok().and_then(|r| Prospect::try_from(r).ok());
///     let p: Result<Prospect, _> = Prospect::try_from(record);
/// }
/// ```
///
/// Need, budget, authority and timeline evidence are gathered in its
/// [`evidence_mut`](Prospect::evidence_mut) checklist, then [`promote`](Prospect::promote)
/// checks them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prospect {
    pub(crate) common: Common,
    pub(crate) fit: FitBasis,
    pub(crate) evidence: Checklist,
}

common_accessors!(Prospect);
checklist_accessors!(Prospect);
open_methods!(Prospect, fit);

impl Prospect {
    /// What its fit rests on: the profile that met the policy's fit requirement when
    /// it was qualified, or a CRM mapping's assumption ([`FitBasis`]).
    pub fn fit(&self) -> &FitBasis {
        &self.fit
    }

    /// The need, budget, authority and timeline evidence gathered so far.
    pub fn evidence(&self) -> &Checklist {
        &self.evidence
    }

    /// The checklist, to fill in as the conversation goes.
    pub fn evidence_mut(&mut self) -> &mut Checklist {
        &mut self.evidence
    }

    /// Scores the prospect's fit and engagement under `policy` at `now`, its profile read
    /// with the contact's e-mail domain when it has none (see
    /// [`Contact::email_domain`](crate::Contact::email_domain)). An assumed fit records no
    /// facts: the prospect is scored on its signals alone, with a fit score of zero.
    pub fn assess(&self, policy: &Policy, now: Timestamp) -> Assessment {
        assess_fit(policy, &self.fit, &self.common, now)
    }

    /// The close probability `policy` estimates at `now` from the evidence that holds, and
    /// how it compares with the opportunity threshold.
    pub fn close_probability(&self, policy: &Policy, now: Timestamp) -> ProbabilityExplanation {
        self.judge(policy, now, Needs::AllFour, None).estimate
    }

    /// Promotes the prospect to an [`Opportunity`] when all four conditions hold at `now`.
    ///
    /// Requires a `now` no earlier than the record's newest event; an actor `by` who names
    /// someone (not blank, with a letter or digit); need, budget, authority and timeline
    /// evidence, each current at `now` (recorded by then, not expired, not stale under the
    /// policy) and substantive (a need and an authority that say something rather than
    /// `TBD`, a budget whose amount, where it has one, is above zero, a decision date after
    /// `now`, a provenance that names who recorded it); and a close probability at or above
    /// the policy's opportunity threshold. A budget approved for an amount unknown
    /// ([`BudgetStatus::ApprovedAmountUnknown`]) is substantive, and counts as approved.
    /// The opportunity records the probability; the history gains a `prospect ->
    /// opportunity` event with the tier, the estimate and the line it met.
    ///
    /// # Errors
    /// [`Rejected`] with this prospect unchanged and every unmet requirement (`actor is
    /// blank`, `no budget evidence`, `authority person "TBD" is a placeholder`, `timeline
    /// decision date 2026-10-01T00:00:00Z is not after 2026-11-25T09:00:00Z`, `close
    /// probability 0.6 is below the opportunity threshold 0.75`, ...), with the
    /// [`ProbabilityExplanation`].
    ///
    /// [`BudgetStatus::ApprovedAmountUnknown`]: crate::evidence::BudgetStatus::ApprovedAmountUnknown
    pub fn promote(
        self,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Opportunity, Rejected<Prospect>> {
        let judgement = self.judge(policy, now, Needs::AllFour, Some(by));
        if !judgement.unmet.is_empty() {
            return Err(self.rejected(Action::Promote, judgement));
        }
        match self.evidence {
            Checklist {
                need: Some(need),
                budget: Some(budget),
                authority: Some(authority),
                timeline: Some(timeline),
            } => {
                let why = format!(
                    "need, budget, authority and timeline confirmed; close probability {}",
                    judgement.estimate.probability
                );
                let transition = judgement.transition(Stage::Prospect, Stage::Opportunity, true);
                Ok(Opportunity {
                    common: self.common.step_with(transition, now, by, why, policy),
                    fit: self.fit,
                    bant: Bant {
                        need,
                        budget,
                        authority,
                        timeline,
                    },
                    probability: judgement.estimate.probability,
                })
            }
            // `judge` reports every missing piece, so this arm is never taken; it hands
            // the prospect back rather than panic.
            evidence => Err(Prospect { evidence, ..self }.missing(Action::Promote, judgement)),
        }
    }

    /// Opens a [`Discovery`] opportunity when the policy's staged mode is on and need and
    /// timeline hold at `now`; budget and authority may still be unconfirmed. This is the
    /// enterprise exception: in long buying cycles a pipeline tracks the deal before
    /// budget and authority are settled, and the stage label (`Stage 1: Discovery`) says
    /// so. No probability threshold applies yet; the estimate is recorded.
    ///
    /// Requires the staged mode, a `now` no earlier than the record's newest event, an
    /// actor `by` who names someone (not blank, with a letter or digit), and need and
    /// timeline evidence that is current and substantive at `now`.
    ///
    /// # Errors
    /// [`Rejected`] with this prospect unchanged and every unmet requirement: `the policy's
    /// staged mode is off`, time running backwards, a full history, an actor who names no
    /// one ([`Unmet::HollowActor`]), missing, expired, stale or hollow need or timeline (a
    /// blank or placeholder need, a decision date not after `now`).
    pub fn open_discovery(
        self,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Discovery, Rejected<Prospect>> {
        let judgement = self.judge_discovery(policy, now, Some(by));
        if !judgement.unmet.is_empty() {
            return Err(self.rejected(Action::OpenDiscovery, judgement));
        }
        match self.evidence {
            Checklist {
                need: Some(need),
                budget,
                authority,
                timeline: Some(timeline),
            } => {
                let why = format!(
                    "need and timeline confirmed under staged mode; close probability {}",
                    judgement.estimate.probability
                );
                let transition = judgement.transition(Stage::Prospect, Stage::Discovery, false);
                Ok(Discovery {
                    common: self.common.step_with(transition, now, by, why, policy),
                    fit: self.fit,
                    need,
                    timeline,
                    budget,
                    authority,
                    probability: judgement.estimate.probability,
                })
            }
            // Never taken, as in `promote`.
            evidence => Err(Prospect { evidence, ..self }.missing(Action::OpenDiscovery, judgement)),
        }
    }

    /// Disqualifies the prospect for `reason`, keeping all its evidence.
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this prospect unchanged and every unmet requirement: `now` is
    /// before its newest event ([`Unmet::TimeRunsBackwards`]), its history is full, or `by`
    /// names no one ([`Unmet::HollowActor`]).
    pub fn disqualify(
        self,
        reason: Reason,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Disqualified, Rejected<Prospect>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Disqualify, unmet));
        }
        Ok(Disqualified {
            common: self
                .common
                .step(Stage::Disqualified, now, by, reason.to_string(), None),
            fit: Some(self.fit),
            evidence: self.evidence,
            reason,
        })
    }

    /// Every requirement [`promote`](Prospect::promote) would find unmet at `now`, without
    /// moving the prospect: the "what is missing" list of a CRM side panel. Empty exactly
    /// when `promote` at `now` by an actor who names someone would succeed; like every
    /// `check_` method it judges no actor (see [`Lead::check_qualify`](crate::Lead::check_qualify)).
    pub fn check_promote(&self, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        self.judge(policy, now, Needs::AllFour, None).unmet
    }

    /// Every requirement [`disqualify`](Prospect::disqualify) would find unmet at `now`,
    /// without moving the prospect: time running backwards ([`Unmet::TimeRunsBackwards`])
    /// or a full history ([`Unmet::HistoryFull`]). Empty exactly when `disqualify` at `now`
    /// by an actor who names someone would succeed, whatever the reason; like every
    /// `check_` method it judges no actor.
    pub fn check_disqualify(&self, now: Timestamp) -> Vec<Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Every requirement [`open_discovery`](Prospect::open_discovery) would find unmet at
    /// `now`, without moving the prospect. Empty exactly when `open_discovery` at `now` by an
    /// actor who names someone would succeed; like every `check_` method it judges no
    /// actor.
    pub fn check_open_discovery(&self, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        self.judge_discovery(policy, now, None).unmet
    }

    /// [`judge`](Prospect::judge) for need and timeline, with the staged-mode check first.
    fn judge_discovery(&self, policy: &Policy, now: Timestamp, by: Option<&Actor>) -> Judgement {
        let mut judgement = self.judge(policy, now, Needs::NeedAndTimeline, by);
        if !policy.staged() {
            judgement.unmet.insert(0, Unmet::StagedModeOff);
        }
        judgement
    }

    fn judge(&self, policy: &Policy, now: Timestamp, needs: Needs, by: Option<&Actor>) -> Judgement {
        judge(
            &self.common,
            &self.fit,
            self.evidence.view(),
            policy,
            now,
            needs,
            by,
        )
    }

    /// Rejects with whatever the checklist lacks, for a match arm `judge` rules out.
    fn missing(self, action: Action, judgement: Judgement) -> Rejected<Prospect> {
        let unmet = self.evidence.missing();
        self.rejected(action, Judgement { unmet, ..judgement })
    }

    fn rejected(self, action: Action, judgement: Judgement) -> Rejected<Prospect> {
        let mut err = Rejected::new(self, action, judgement.unmet);
        err.probability = Some(Box::new(judgement.estimate));
        err
    }
}

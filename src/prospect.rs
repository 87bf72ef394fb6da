//! The second state: a lead whose fit is confirmed.

use crate::common::{Bant, Checklist, Common, Require, common_accessors, judge};
use crate::discovery::Discovery;
use crate::disqualified::Disqualified;
use crate::error::{Action, Rejected, Unmet};
use crate::evidence::{Actor, Fit, Reason};
use crate::explain::ProbabilityExplanation;
use crate::history::Stage;
use crate::opportunity::Opportunity;
use crate::policy::Policy;
use crate::profile::Signal;
use crate::score::Assessment;
use crate::time::Timestamp;

/// Every `Prospect` carries fit evidence that met a policy's fit requirement: a lead
/// assessed and confirmed to match the ideal customer profile, not yet in an active buying
/// conversation.
///
/// A prospect is built only by [`Lead::qualify`](crate::Lead::qualify) or by demoting an
/// opportunity, never by hand:
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
/// # fn f(lead: qualify::Lead, policy: &qualify::Policy, now: qualify::Timestamp) {
/// let p: Result<qualify::Prospect, _> = lead.qualify(policy, now, &"sdr".into());
/// # }
/// ```
///
/// Need, budget, authority and timeline evidence are gathered in its
/// [`evidence_mut`](Prospect::evidence_mut) checklist, then [`promote`](Prospect::promote)
/// checks them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prospect {
    pub(crate) common: Common,
    pub(crate) fit: Fit,
    pub(crate) evidence: Checklist,
}

common_accessors!(Prospect);

impl Prospect {
    /// The fit evidence that qualified it.
    pub fn fit(&self) -> &Fit {
        &self.fit
    }

    /// Records an engagement signal.
    pub fn record_signal(&mut self, signal: Signal) {
        self.common.signals.push(signal);
    }

    /// The need, budget, authority and timeline evidence gathered so far.
    pub fn evidence(&self) -> &Checklist {
        &self.evidence
    }

    /// The checklist, to fill in as the conversation goes.
    pub fn evidence_mut(&mut self) -> &mut Checklist {
        &mut self.evidence
    }

    /// Scores the prospect's fit and engagement under `policy` at `now`.
    pub fn assess(&self, policy: &Policy, now: Timestamp) -> Assessment {
        policy.assess(&self.fit.profile, &self.common.signals, now)
    }

    /// The close probability `policy` estimates at `now` from the evidence that holds, and
    /// how it compares with the opportunity threshold.
    pub fn close_probability(&self, policy: &Policy, now: Timestamp) -> ProbabilityExplanation {
        let view = self.evidence.view();
        judge(
            &self.fit,
            &self.common.signals,
            view,
            policy,
            now,
            Require::AllFour,
        )
        .1
    }

    /// Promotes the prospect to an [`Opportunity`] when all four conditions hold at `now`.
    ///
    /// Requires need, budget, authority and timeline evidence, each current at `now`
    /// (recorded by then, not expired, not stale under the policy), a need that describes a
    /// problem, a decision date not yet past, and a close probability at or above the
    /// policy's opportunity threshold. The opportunity records the probability; the
    /// history gains a `prospect -> opportunity` entry.
    ///
    /// # Errors
    /// [`Rejected`] with this prospect unchanged and every unmet requirement (`no budget
    /// evidence`, `timeline decision date 2026-10-01T00:00:00Z has passed`, `close
    /// probability 0.6 is below the opportunity threshold 0.75`, ...), with the
    /// [`ProbabilityExplanation`].
    pub fn promote(
        self,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Opportunity, Rejected<Prospect>> {
        let (unmet, estimate) = judge(
            &self.fit,
            &self.common.signals,
            self.evidence.view(),
            policy,
            now,
            Require::AllFour,
        );
        if !unmet.is_empty() {
            return Err(self.rejected(Action::Promote, unmet, estimate));
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
                    estimate.probability
                );
                Ok(Opportunity {
                    common: self.common.step(Stage::Opportunity, now, by, why, Some(policy)),
                    fit: self.fit,
                    bant: Bant {
                        need,
                        budget,
                        authority,
                        timeline,
                    },
                    probability: estimate.probability,
                })
            }
            evidence => {
                // `judge` reports every missing piece, so this arm is never taken; it
                // hands the prospect back rather than panic.
                let unmet = evidence.missing();
                let prospect = Prospect { evidence, ..self };
                Err(prospect.rejected(Action::Promote, unmet, estimate))
            }
        }
    }

    /// Opens a [`Discovery`] opportunity (DOMAIN.md, "the enterprise exception") when the
    /// policy's staged mode is on and need and timeline hold at `now`; budget and authority
    /// may still be unconfirmed. No probability threshold applies yet; the estimate is
    /// recorded.
    ///
    /// # Errors
    /// [`Rejected`] with this prospect unchanged and every unmet requirement: `the
    /// policy's staged mode is off`, missing, expired or stale need or timeline, a blank
    /// need, a passed decision date.
    pub fn open_discovery(
        self,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Discovery, Rejected<Prospect>> {
        let (mut unmet, estimate) = judge(
            &self.fit,
            &self.common.signals,
            self.evidence.view(),
            policy,
            now,
            Require::NeedAndTimeline,
        );
        if !policy.staged() {
            unmet.insert(0, Unmet::StagedModeOff);
        }
        if !unmet.is_empty() {
            return Err(self.rejected(Action::OpenDiscovery, unmet, estimate));
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
                    estimate.probability
                );
                Ok(Discovery {
                    common: self.common.step(Stage::Discovery, now, by, why, Some(policy)),
                    fit: self.fit,
                    need,
                    timeline,
                    budget,
                    authority,
                    probability: estimate.probability,
                })
            }
            evidence => {
                let unmet = evidence.missing();
                let prospect = Prospect { evidence, ..self };
                Err(prospect.rejected(Action::OpenDiscovery, unmet, estimate))
            }
        }
    }

    /// Disqualifies the prospect for `reason`, keeping all its evidence.
    pub fn disqualify(self, reason: Reason, now: Timestamp, by: &Actor) -> Disqualified {
        Disqualified {
            common: self
                .common
                .step(Stage::Disqualified, now, by, reason.to_string(), None),
            fit: Some(self.fit),
            evidence: self.evidence,
            reason,
        }
    }

    fn rejected(
        self,
        action: Action,
        unmet: Vec<Unmet>,
        estimate: ProbabilityExplanation,
    ) -> Rejected<Prospect> {
        let mut err = Rejected::new(self, action, unmet);
        err.probability = Some(Box::new(estimate));
        err
    }
}

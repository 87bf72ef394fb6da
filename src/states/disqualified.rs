//! A lead or prospect judged not a fit, kept with its reason.

use crate::evidence::{Checklist, FitBasis};
use crate::states::common::{Common, checklist_accessors, common_accessors};
use crate::states::{Action, Lead, Rejected, Stage};
use crate::values::{Actor, Reason, Timestamp};

/// Every `Disqualified` record was a lead or prospect and carries the reason it was
/// judged not a fit.
///
/// Nothing is deleted: a contact who is not a fit today (wrong role, no budget this year)
/// may be one later, so its evidence stays, and [`recycle`](Disqualified::recycle) makes it a lead again with its
/// history intact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disqualified {
    pub(crate) common: Common,
    pub(crate) fit: Option<FitBasis>,
    pub(crate) evidence: Checklist,
    pub(crate) reason: Reason,
}

common_accessors!(Disqualified);
checklist_accessors!(Disqualified);

impl Disqualified {
    /// Why it was disqualified.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }

    /// What its fit rested on, if anything: the profile recorded (a lead's, judged or not;
    /// a prospect's, which met the policy), or a CRM mapping's assumption for a prospect.
    pub fn fit(&self) -> Option<&FitBasis> {
        self.fit.as_ref()
    }

    /// The evidence gathered before it was disqualified.
    pub fn evidence(&self) -> &Checklist {
        &self.evidence
    }

    /// Every requirement [`recycle`](Disqualified::recycle) would find unmet at `now`,
    /// without moving the record: time running backwards
    /// ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)) or a full history
    /// ([`Unmet::HistoryFull`](crate::Unmet::HistoryFull)). Empty exactly when `recycle` at
    /// `now` by an actor who names someone would succeed, whatever the reason; like every
    /// `check_` method it judges no actor.
    pub fn check_recycle(&self, now: Timestamp) -> Vec<crate::Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Makes the record a [`Lead`] again, for `reason` (a new role, a new budget year),
    /// keeping its evidence and history. A lead's fit is judged, never assumed: a recorded
    /// profile stays to be judged again, and an assumed fit does not carry over (the
    /// history keeps the import that assumed it).
    ///
    /// Requires a `now` no earlier than its newest event, room in the history, and an actor
    /// `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this record unchanged and every unmet requirement: `now` is before
    /// its newest event ([`Unmet::TimeRunsBackwards`](crate::Unmet::TimeRunsBackwards)),
    /// its history is full, or `by` names no one
    /// ([`Unmet::HollowActor`](crate::Unmet::HollowActor)).
    pub fn recycle(self, reason: Reason, now: Timestamp, by: &Actor) -> Result<Lead, Rejected<Disqualified>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Recycle, unmet));
        }
        Ok(Lead {
            common: self.common.step(Stage::Lead, now, by, reason.to_string(), None),
            fit: self.fit.and_then(|basis| match basis {
                FitBasis::Profile(fit) => Some(fit),
                FitBasis::Assumed(_) => None,
            }),
            evidence: self.evidence,
        })
    }
}

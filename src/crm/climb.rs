//! Typing a row by its evidence: the record moves through the crate's transitions as far
//! toward its label's claim as its evidence carries it, and no further.

use core::ops::ControlFlow::{Break, Continue};

use crate::crm::finding::Finding;
use crate::crm::import::{Crm, Times};
use crate::crm::labels::Claim;
use crate::crm::mapping::FitSource;
use crate::crm::read::Reading;
use crate::evidence::{AssumedFit, Method, Provenance, Unmet};
use crate::profile::Profile;
use crate::states::{Action, Lead, Prospect, Record, Rejected, Stage};
use crate::values::{Reason, Timestamp};

impl Crm<'_> {
    /// Moves `record` as far toward the reading's claim as its evidence carries it, noting
    /// a [`Finding::Dressed`] where it stops short.
    pub(super) fn climb(
        &self,
        record: Record,
        r: &Reading,
        times: Times,
        findings: &mut Vec<Finding>,
    ) -> Record {
        let (policy, by, at) = (self.policy, &self.by, times.judged);
        let claim = r.claim;
        let target = claim.stage();
        let lead_claim = target == Stage::Lead;
        let closing = || {
            r.reason.clone().unwrap_or_else(|| {
                Reason::new(format!("{claim} in the CRM ({})", r.label))
                    .unwrap_or_else(|_| Reason::known("closed in the CRM"))
            })
        };
        let demoting = || {
            Reason::new(format!("re-imported: the CRM says {}", r.label))
                .unwrap_or_else(|_| Reason::known("re-imported: the CRM says less"))
        };
        // Why the record stopped below the claim: what the last refused transition listed.
        let mut unmet: Vec<Unmet> = Vec::new();
        let started_closed = !record.stage().is_open();
        let mut current = record;
        let record = loop {
            let step = match current {
                Record::Lead(lead) => match claim {
                    _ if lead_claim => Break(lead.into()),
                    Claim::Disqualified => {
                        Break(settle(lead.disqualify(closing(), times.closed, by), &mut unmet))
                    }
                    _ => match self.qualify(lead, r, at) {
                        Ok(prospect) => Continue(prospect.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            let lead = e.into_input();
                            if claim == Claim::Lost {
                                Break(settle(lead.disqualify(closing(), times.closed, by), &mut unmet))
                            } else {
                                Break(lead.into())
                            }
                        }
                    },
                },
                Record::Prospect(p) => match claim {
                    // The crate has no way back from prospect to lead.
                    _ if lead_claim => Break(p.into()),
                    Claim::Prospect => Break(p.into()),
                    Claim::Disqualified => {
                        Break(settle(p.disqualify(closing(), times.closed, by), &mut unmet))
                    }
                    Claim::Discovery => match p.open_discovery(policy, at, by) {
                        Ok(d) => Continue(d.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            Break(e.into_input().into())
                        }
                    },
                    _ => match p.promote(policy, at, by) {
                        Ok(o) => Continue(o.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            let p = e.into_input();
                            let p = if policy.staged() {
                                match p.open_discovery(policy, at, by) {
                                    // The discovery arm goes on toward the claim.
                                    Ok(d) => {
                                        current = d.into();
                                        continue;
                                    }
                                    Err(e) => e.into_input(),
                                }
                            } else {
                                p
                            };
                            if claim == Claim::Lost {
                                Break(settle(p.disqualify(closing(), times.closed, by), &mut unmet))
                            } else {
                                Break(p.into())
                            }
                        }
                    },
                },
                Record::Discovery(d) => match claim {
                    Claim::Discovery => Break(d.into()),
                    Claim::Opportunity | Claim::Won => match d.confirm(policy, at, by) {
                        Ok(o) => Continue(o.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            Break(e.into_input().into())
                        }
                    },
                    Claim::Lost | Claim::Disqualified => {
                        Break(settle(d.lose(closing(), times.closed, by), &mut unmet))
                    }
                    _ => match d.demote(demoting(), at, by) {
                        Ok(p) => Continue(p.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            Break(e.into_input().into())
                        }
                    },
                },
                Record::Opportunity(o) => match claim {
                    Claim::Opportunity => Break(o.into()),
                    Claim::Won => match r.won {
                        Some(amount) => Break(settle(o.win(amount, times.closed, by), &mut unmet)),
                        None => {
                            findings.push(Finding::WonWithoutAmount);
                            return o.into();
                        }
                    },
                    Claim::Lost | Claim::Disqualified => {
                        Break(settle(o.lose(closing(), times.closed, by), &mut unmet))
                    }
                    _ => match o.demote(demoting(), at, by) {
                        Ok(p) => Continue(p.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            Break(e.into_input().into())
                        }
                    },
                },
                closed => Break(closed),
            };
            match step {
                Continue(next) => current = next,
                Break(done) => break done,
            }
        };
        let typed = record.stage();
        let reached = match claim {
            Claim::Disqualified => matches!(typed, Stage::Disqualified | Stage::Lost),
            _ => typed == target,
        };
        // A record the crate holds above the label (a prospect the CRM calls a lead, a
        // deal it closed and the CRM reopened) is not dressed: it is more. A record closed
        // before this import that the CRM closes otherwise does not move.
        let finding = if reached {
            None
        } else if let Some(above) = above_label(&record, claim) {
            Some(above)
        } else if started_closed {
            Some(Finding::Closed {
                claimed: claim,
                typed,
            })
        } else {
            Some(Finding::Dressed {
                claimed: claim,
                typed,
                unmet,
            })
        };
        findings.extend(finding);
        record
    }
}

impl Crm<'_> {
    /// Qualifies `lead` toward the reading's claim at `at`: by its fit evidence, or, for a
    /// lead with none that the CRM holds at prospect or beyond under a mapping that assumes
    /// fit there, by the assumption, stated as an [`AssumedFit`]. What is known of a lead
    /// without a profile is its contact's e-mail domain: a knockout it hits is a fact, and
    /// no fit is assumed past it.
    fn qualify(&self, lead: Lead, r: &Reading, at: Timestamp) -> Result<Prospect, Rejected<Lead>> {
        let assumes = self.mapping.spec().fit == FitSource::AssumedAtProspect;
        let at_prospect = !matches!(r.claim.stage(), Stage::Lead | Stage::Disqualified);
        if assumes && at_prospect && lead.fit().is_none() {
            if lead.assess(self.policy, at).knockouts_hit() > 0 {
                let explained =
                    self.policy
                        .explain_record(&Profile::EMPTY, lead.contact(), lead.signals(), at);
                let knockouts = explained
                    .fit
                    .unmet()
                    .into_iter()
                    .filter(|u| matches!(u, Unmet::Knockout { .. }))
                    .collect();
                return Err(Rejected::new(lead, Action::Qualify, knockouts));
            }
            let assumed = AssumedFit {
                mapping: self.mapping.name().to_owned(),
                label: r.label.clone(),
                provenance: Provenance::new(self.by.clone(), at, Method::Import),
            };
            lead.assume_fit(assumed, self.policy, at, &self.by)
        } else {
            lead.qualify(self.policy, at, &self.by)
        }
    }
}

/// An [`Finding::AboveLabel`] when `record` is above what `claim` says: an open record
/// higher than an open claim, or a closed record the CRM calls open.
pub(crate) fn above_label(record: &Record, claim: Claim) -> Option<Finding> {
    let (typed, target) = (record.stage(), claim.stage());
    let above = if typed.is_open() {
        target.is_open() && rank(typed) > rank(target)
    } else {
        target.is_open()
    };
    above.then_some(Finding::AboveLabel {
        claimed: claim,
        typed,
    })
}

/// An open stage's height: lead, prospect, discovery, opportunity.
fn rank(stage: Stage) -> u8 {
    match stage {
        Stage::Lead => 0,
        Stage::Prospect => 1,
        Stage::Discovery => 2,
        _ => 3,
    }
}

/// The record a close, a disqualification or a demotion left: the new state, or the old
/// one handed back with why.
fn settle<T: Into<Record>, U: Into<Record>>(
    result: Result<T, crate::states::Rejected<U>>,
    unmet: &mut Vec<Unmet>,
) -> Record {
    match result {
        Ok(next) => next.into(),
        Err(e) => {
            *unmet = e.unmet().to_vec();
            e.into_input().into()
        }
    }
}

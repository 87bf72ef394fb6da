//! Typing a row by its evidence: the record moves through the crate's transitions as far
//! toward its label's claim as its evidence carries it, and no further.

use core::ops::ControlFlow::{Break, Continue};

use crate::crm::excerpt::Excerpt;
use crate::crm::finding::Finding;
use crate::crm::import::{Crm, Times};
use crate::crm::labels::Claim;
use crate::crm::mapping::{FitSource, OnKnockout};
use crate::crm::read::Reading;
use crate::evidence::{AssumedFit, Method, Provenance, Unmet};
use crate::profile::Profile;
use crate::states::{Action, Lead, Prospect, Record, Rejected, Stage};
use crate::values::{Reason, Timestamp};

impl Crm<'_> {
    /// Moves `record` as far toward the reading's claim as its evidence carries it, noting
    /// a [`Finding::Dressed`] where it stops short and a [`Finding::BehindEvidence`] where
    /// the claim stops it short of what the evidence supports. Under
    /// [`OnKnockout::Disqualify`] an open lead a knockout refuses is disqualified, and any
    /// row whose lead a knockout refuses is a [`Finding::Knockout`].
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
        // Under a mapping that disqualifies on a knockout: the knockouts the lead hit, and
        // whether the import disqualified it for them (else why it could not).
        let disqualifying = self.mapping.spec().knockouts == OnKnockout::Disqualify;
        let mut knocked: Vec<Excerpt> = Vec::new();
        let mut unmet_after: Option<Vec<Unmet>> = None;
        let started_closed = !record.stage().is_open();
        let mut current = record;
        let record = loop {
            let step = match current {
                Record::Lead(lead) => match claim {
                    // A lead label claims no more, but under a mapping that disqualifies
                    // on a knockout, the lead is judged as triage judges it.
                    _ if lead_claim && disqualifying => {
                        let refused = self.refusals(&lead, None, at);
                        let names = Lead::knockouts_that_hold(&refused);
                        if names.is_empty() {
                            Break(lead.into())
                        } else {
                            knocked = names.into_iter().map(Excerpt::new).collect();
                            unmet = refused;
                            Break(self.knock_out(lead, &unmet, at, &mut unmet_after))
                        }
                    }
                    _ if lead_claim => Break(lead.into()),
                    Claim::Disqualified => {
                        Break(settle(lead.disqualify(closing(), times.closed, by), &mut unmet))
                    }
                    _ => match self.qualify(lead, r, at) {
                        Ok(prospect) => Continue(prospect.into()),
                        Err(e) => {
                            unmet = e.unmet().to_vec();
                            let lead = e.into_input();
                            let refused = if disqualifying {
                                self.refusals(&lead, Some(&unmet), at)
                            } else {
                                Vec::new()
                            };
                            knocked = Lead::knockouts_that_hold(&refused)
                                .into_iter()
                                .map(Excerpt::new)
                                .collect();
                            if claim == Claim::Lost {
                                Break(settle(lead.disqualify(closing(), times.closed, by), &mut unmet))
                            } else if !knocked.is_empty() && target.is_open() {
                                Break(self.knock_out(lead, &refused, at, &mut unmet_after))
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
        // Disqualified for a knockout by this import, the record is below its open label,
        // not above it.
        let knocked_out = !knocked.is_empty() && typed == Stage::Disqualified && target.is_open();
        if let Some(refused) = unmet_after {
            unmet = refused;
        }
        // A record the crate holds above the label (a prospect the CRM calls a lead, a
        // deal it closed and the CRM reopened) is not dressed: it is more. A record closed
        // before this import that the CRM closes otherwise does not move.
        let finding = if reached {
            // The label stopped the climb: say so when the evidence carries further.
            self.supported(&record, at)
                .map(|supported| Finding::BehindEvidence {
                    claimed: claim,
                    supported,
                })
        } else if knocked_out {
            Some(Finding::Dressed {
                claimed: claim,
                typed,
                unmet,
            })
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
        if !knocked.is_empty() {
            findings.push(Finding::Knockout {
                names: knocked,
                label: Excerpt::new(&r.label),
            });
        }
        record
    }

    /// Disqualifies `lead` for the knockouts `refused` lists, as [`Lead::triage`] does: the
    /// reason names them and the history names the policy. Were it refused (it is not:
    /// the import's actor and moment were checked), the lead stays, and `why` holds why.
    fn knock_out(
        &self,
        lead: Lead,
        refused: &[Unmet],
        at: Timestamp,
        why: &mut Option<Vec<Unmet>>,
    ) -> Record {
        let Some(reason) = Lead::knockout_reason(refused) else {
            return lead.into();
        };
        match lead.disqualify_under(reason, at, &self.by, Some(self.policy)) {
            Ok(disqualified) => disqualified.into(),
            Err(e) => {
                *why = Some(e.unmet().to_vec());
                e.into_input().into()
            }
        }
    }

    /// What refuses `lead` at `at` that may hold a knockout: `qualified` (what qualifying it
    /// listed) or what qualifying it would list, for a lead with fit evidence; for one
    /// without, the knockouts its contact's e-mail domain hits, a fact (see
    /// [`qualify`](Crm::qualify)).
    fn refusals(&self, lead: &Lead, qualified: Option<&[Unmet]>, at: Timestamp) -> Vec<Unmet> {
        match (lead.fit(), qualified) {
            (Some(_), Some(unmet)) => unmet.to_vec(),
            (Some(_), None) => lead.check_qualify(self.policy, at),
            (None, _) => self.domain_knockouts(lead, at),
        }
    }

    /// The knockouts the e-mail domain of `lead`'s contact hits at `at`, for a lead without
    /// fit evidence: each an [`Unmet::Knockout`].
    fn domain_knockouts(&self, lead: &Lead, at: Timestamp) -> Vec<Unmet> {
        if lead.assess(self.policy, at).knockouts_hit() == 0 {
            return Vec::new();
        }
        let explained = self
            .policy
            .explain_record(&Profile::EMPTY, lead.contact(), lead.signals(), at);
        explained
            .fit
            .unmet()
            .into_iter()
            .filter(|u| matches!(u, Unmet::Knockout { .. }))
            .collect()
    }

    /// The highest open stage `record`'s evidence would carry it to at `at` past its own,
    /// were its label to claim it: through the transitions an import climbs by, on a copy,
    /// and only when the first of them would succeed. `None` when it would go no further.
    fn supported(&self, record: &Record, at: Timestamp) -> Option<Stage> {
        let (policy, by) = (self.policy, &self.by);
        let moves = match record {
            Record::Lead(l) => l.check_qualify(policy, at).is_empty(),
            Record::Prospect(p) => {
                p.check_promote(policy, at).is_empty()
                    || policy.staged() && p.check_open_discovery(policy, at).is_empty()
            }
            Record::Discovery(d) => d.check_confirm(policy, at).is_empty(),
            _ => false,
        };
        if !moves {
            return None;
        }
        let (mut current, mut supported) = (record.clone(), None);
        loop {
            let next: Option<Record> = match current {
                // A lead is judged on its fit: no fit is assumed below prospect.
                Record::Lead(l) => l.qualify(policy, at, by).ok().map(Into::into),
                Record::Prospect(p) => match p.promote(policy, at, by) {
                    Ok(o) => Some(o.into()),
                    Err(e) if policy.staged() => {
                        e.into_input().open_discovery(policy, at, by).ok().map(Into::into)
                    }
                    Err(_) => None,
                },
                Record::Discovery(d) => d.confirm(policy, at, by).ok().map(Into::into),
                _ => None,
            };
            match next {
                Some(next) => {
                    supported = Some(next.stage());
                    current = next;
                }
                None => break,
            }
        }
        supported
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
            let knockouts = self.domain_knockouts(&lead, at);
            if !knockouts.is_empty() {
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

//! Importing a CRM row: reading it under a mapping, typing it by its evidence under a
//! policy, and saying where its label and its evidence disagree.

use core::fmt;
use core::ops::ControlFlow::{Break, Continue};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::crm::format;
use crate::crm::mapping::{BudgetMeaning, Claim, Mapping};
use crate::crm::row::CrmRow;
use crate::engine::Policy;
use crate::evidence::{
    Authority, Budget, BudgetStatus, Checklist, EvidenceKind, Fit, Need, Provenance, Timeline, Unmet,
};
use crate::policy::Field;
use crate::profile::{Contact, Profile, Seniority, Source, Value};
use crate::states::{Event, EventKind, Import, Lead, Record, Stage};
use crate::values::{Actor, Currency, Money, Probability, Reason, RecordId, Timestamp};

/// What imports run under: the mapping, the policy, the moment of judgement and who runs
/// them. Export goes back through the same mapping ([`Crm::export`]).
///
/// ```
/// use qualify::crm::{presets, Claim, Crm, CrmRow, Finding};
/// use qualify::{Policy, Stage};
///
/// let mapping = presets::hubspot_deals();
/// let policy = Policy::default();
/// let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "import-bot");
///
/// // A deal in "Contract sent" with nothing recorded about its budget or authority:
/// let mut row = CrmRow::new("9001", "contractsent");
/// row.amount = Some("50000".into());
/// row.currency = Some("EUR".into());
/// row.close_date = Some("2026-12-20".into());
/// let imported = crm.import(row)?;
/// assert_eq!(imported.claim, Claim::Opportunity);
/// assert_eq!(imported.record.stage(), Stage::Lead); // not even fit is recorded
/// assert!(matches!(&imported.findings[0], Finding::Dressed { typed: Stage::Lead, .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Crm<'a> {
    pub(crate) mapping: &'a Mapping,
    pub(crate) policy: &'a Policy,
    pub(crate) as_of: Timestamp,
    pub(crate) by: Actor,
}

/// A row imported: its typed record, the row as the CRM holds it (kept for the write-back
/// and the next re-import), what its label claims, and every disagreement found.
///
/// With the `serde` feature it serializes (for a dashboard), but does not deserialize,
/// because a finding's [`Unmet`] does not: store the record and the row, which both read
/// back, and re-import from them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Imported {
    /// The record at the highest stage its evidence supports, never above its label.
    pub record: Record,
    /// The row, unchanged.
    pub row: CrmRow,
    /// The label that made the claim: the status, when the mapping reads it as deciding,
    /// else the stage.
    pub label: String,
    /// What the row's label claims.
    pub claim: Claim,
    /// Every disagreement between the label and the evidence, and every value that could
    /// not be read, in the order found.
    pub findings: Vec<Finding>,
    /// The amount the CRM states, read.
    pub amount: Option<Money>,
    /// The probability the CRM states, read: the row's own, else its stage label's
    /// default.
    pub probability: Option<Probability>,
}

impl Imported {
    /// Whether the evidence supports less than the label claims: a dressed opportunity, a
    /// win the evidence does not carry, a loss that was never a deal.
    pub fn dressed(&self) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| matches!(f, Finding::Dressed { .. }))
    }
}

/// One disagreement between what a CRM row says and what its evidence supports, or a
/// value the import could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "finding", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Finding {
    /// The label claims more than the evidence supports: the record stopped at `typed`,
    /// for the reasons `unmet` lists (every missing or hollow condition). A lost row that
    /// was never a deal is `Disqualified`; a won row without the evidence of one stays open
    /// at the stage its evidence supports.
    Dressed {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record is at.
        typed: Stage,
        /// What kept it from going higher.
        unmet: Vec<Unmet>,
    },
    /// Labelled won (a customer) with no won amount to record: it stays an opportunity.
    /// This, not [`Dressed`](Finding::Dressed), is the finding of a win the evidence
    /// supports but the row cannot record.
    WonWithoutAmount,
    /// The CRM's probability is further from the policy's estimate than the mapping's
    /// tolerance.
    Probability {
        /// What the CRM stored.
        stored: Probability,
        /// What the policy estimates from the evidence.
        estimate: Probability,
        /// The mapping's tolerance.
        tolerance: Decimal,
    },
    /// A value that cannot be read: the import went on without it.
    Unreadable {
        /// The CRM's field.
        field: String,
        /// The value, as written.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A stage change the CRM recorded under a label the mapping does not know.
    UnknownHistoryLabel {
        /// Its place in the row's stage history.
        index: usize,
        /// The label.
        label: String,
    },
    /// A value the CRM changed since the row was last imported.
    Changed {
        /// The CRM's field.
        field: String,
        /// Before.
        before: Option<String>,
        /// Now.
        after: Option<String>,
    },
    /// The label claims less than the record is, and the crate has no transition back (a
    /// prospect whose CRM label went back to lead): the record stays where it is.
    AboveLabel {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record is at.
        typed: Stage,
    },
    /// The CRM closes the row otherwise than the record closed (lost where the record
    /// won, say): a closed record does not move, and the CRM's word is this finding.
    Closed {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record closed at.
        typed: Stage,
    },
    /// Evidence the CRM changed that the record's stage holds fixed (an opportunity's
    /// conditions, a prospect's fit): the record keeps what it was typed with; refresh or
    /// demote it to take the new evidence.
    Kept {
        /// Which evidence.
        evidence: EvidenceKind,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Dressed {
                claimed,
                typed,
                unmet,
            } => {
                write!(f, "labelled {claimed}, but the evidence supports {typed}")?;
                for (i, u) in unmet.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    write!(f, "{u}")?;
                }
                Ok(())
            }
            Finding::WonWithoutAmount => f.write_str("labelled won, but no won amount is recorded"),
            Finding::Probability {
                stored,
                estimate,
                tolerance,
            } => write!(
                f,
                "the CRM's probability {stored} is more than {tolerance} from the policy's estimate {estimate}"
            ),
            Finding::Unreadable {
                field,
                value,
                expected,
            } => {
                write!(f, "field {field:?}: {value:?} is not {expected}")
            }
            Finding::UnknownHistoryLabel { index, label } => {
                write!(f, "stage_history[{index}]: label {label:?} is not in the mapping")
            }
            Finding::Changed { field, before, after } => {
                let shown =
                    |v: &Option<String>| v.as_deref().map_or("(none)".to_owned(), |v| format!("{v:?}"));
                write!(
                    f,
                    "field {field:?} changed from {} to {}",
                    shown(before),
                    shown(after)
                )
            }
            Finding::AboveLabel { claimed, typed } => write!(
                f,
                "labelled {claimed}, but the record is {typed} already, and the crate does not move it back"
            ),
            Finding::Closed { claimed, typed } => write!(
                f,
                "labelled {claimed}, but the record closed as {typed}, and a closed record does not move"
            ),
            Finding::Kept { evidence } => write!(
                f,
                "the CRM changed the {evidence} evidence; the record keeps what it was typed with"
            ),
        }
    }
}

/// A row that cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The row's stage or status label is not in the mapping: the import does not guess.
    #[error("row {row:?}: {field} label {label:?} is not in mapping {mapping:?}")]
    UnknownLabel {
        /// The row's id.
        row: String,
        /// `stage` or `status`.
        field: &'static str,
        /// The label.
        label: String,
        /// The mapping's name.
        mapping: String,
    },
    /// The row's id is not a record id.
    #[error("row {row:?}: id {problem}")]
    Id {
        /// The id, as written.
        row: String,
        /// Why it is not one.
        problem: String,
    },
    /// A re-import was given a record of another row.
    #[error("row {row:?}: the record given is {record:?}")]
    OtherRecord {
        /// The row's id.
        row: String,
        /// The record's id.
        record: String,
    },
    /// A re-import onto a record whose history is full.
    #[error("row {row:?}: the record's history holds {max} events, as many as it can")]
    HistoryFull {
        /// The row's id.
        row: String,
        /// The limit.
        max: usize,
    },
    /// A re-import at a moment before the record's newest event.
    #[error("row {row:?}: as_of {as_of} is before the record's newest event at {latest}")]
    TimeRunsBackwards {
        /// The row's id.
        row: String,
        /// The import's moment.
        as_of: Timestamp,
        /// The record's newest event.
        latest: Timestamp,
    },
}

/// A row's values, read under the mapping.
pub(crate) struct Reading {
    id: RecordId,
    claim: Claim,
    label: String,
    owner: Option<Actor>,
    created: Option<Timestamp>,
    amount: Option<Money>,
    close: Option<Timestamp>,
    probability: Option<Probability>,
    stated: Option<Probability>,
    pub(crate) profile: Option<Profile>,
    pub(crate) need: Option<String>,
    pub(crate) budget: Option<BudgetStatus>,
    pub(crate) authority: Option<(String, crate::evidence::Access)>,
    pub(crate) decide_by: Option<Timestamp>,
    contact: Contact,
    company: Option<String>,
    reason: Option<Reason>,
    findings: Vec<Finding>,
}

/// When the import's events happen: when the record is judged, and when it closes.
#[derive(Clone, Copy)]
struct Times {
    judged: Timestamp,
    closed: Timestamp,
}

impl<'a> Crm<'a> {
    /// Imports and exports under `mapping` and `policy`, judging at `as_of`, by `by`.
    pub fn new(mapping: &'a Mapping, policy: &'a Policy, as_of: Timestamp, by: impl Into<Actor>) -> Crm<'a> {
        Crm {
            mapping,
            policy,
            as_of,
            by: by.into(),
        }
    }

    /// The mapping.
    pub fn mapping(&self) -> &Mapping {
        self.mapping
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        self.policy
    }

    /// Imports `row` as a new record at the highest stage its evidence supports, never
    /// above what its label claims.
    ///
    /// The record is captured at the row's created time and starts with an
    /// [`Import`] event naming the CRM label, the mapping and the policy version (and the
    /// tier a tier-like label claims). It then moves through the crate's own transitions
    /// under the policy, as far as the evidence carries it: each transition checks what it
    /// always checks. Its evidence is what the mapping's fields hold, recorded by the row's
    /// owner (or `by`) with the mapping's method.
    ///
    /// An open row is judged at `as_of`. A closed row (won, lost, disqualified) is judged
    /// as it stood while open, at its created time (or a second before its close, if it was
    /// created later or the CRM has no created time), and closes at its close date (neither
    /// later than `as_of`): its decision date is judged against the moment it was relied
    /// on, as the record loader judges a closed deal's. A won row becomes a [`Won`]
    /// only with the evidence of an opportunity and an amount; without the evidence it
    /// stays open at the stage the evidence supports, so that recording the missing
    /// evidence and re-importing wins it. A lost row becomes a [`Lost`] from a discovery
    /// deal or an opportunity, and a [`Disqualified`] record when it was never a deal.
    ///
    /// # Errors
    /// [`ImportError::UnknownLabel`] for a stage or status label the mapping does not list,
    /// [`ImportError::Id`] for an id that is not a record id. Every other value that cannot
    /// be read is a [`Finding::Unreadable`], and the row imports without it.
    ///
    /// [`Won`]: crate::Won
    /// [`Lost`]: crate::Lost
    /// [`Disqualified`]: crate::Disqualified
    pub fn import(&self, row: CrmRow) -> Result<Imported, ImportError> {
        let mut reading = self.read(&row)?;
        let times = self.times(&reading, None);
        let captured = reading.created.map_or(times.judged, |c| c.min(times.judged));
        let mut builder = Lead::builder(
            reading.id.clone(),
            reading.contact.clone(),
            Source::Import,
            captured,
        );
        if let Some(owner) = &reading.owner {
            builder = builder.owner(owner.clone());
        }
        if let Some(company) = &reading.company {
            builder = builder.company(company.clone());
        }
        let mut lead = builder.build();
        let provenance = self.provenance(&reading, times.judged);
        let (fit, checklist) = self.evidence(&mut reading, &provenance);
        if let Some(fit) = fit {
            lead.record_fit(fit);
        }
        *lead.evidence_mut() = checklist;
        let findings = core::mem::take(&mut reading.findings);
        Ok(self.type_row(Record::from(lead), &reading, row, times, findings, None))
    }

    /// Imports `row` again onto `record`, the record an earlier import of `before` made
    /// (and the host may have moved on since).
    ///
    /// An unchanged row changes nothing: `record` comes back as it was, with the findings
    /// a fresh import of the row would have today (only those about its values, if the
    /// host has moved the record to another stage since). A changed row yields a
    /// [`Finding::Changed`] for every value that changed, then a new [`Import`] event on
    /// `record` (at `as_of`, or for a row the CRM closed, when it is judged, as
    /// [`import`](Crm::import) judges one, never before the record's newest event), and the
    /// record moves as what the CRM changed since `before` says. Only that is taken, so
    /// evidence and owners the host recorded in the crate since stay: an open record takes
    /// the CRM's new evidence where its stage lets it (a lead any, a prospect its four
    /// conditions, a discovery deal its budget and authority; anything else is a
    /// [`Finding::Kept`]), follows a new CRM owner with a hand-off, is demoted if the label
    /// now claims less, and climbs as far as the label and the evidence carry it. A closed
    /// record stays closed ([`Finding::AboveLabel`], [`Finding::Closed`]). The history only
    /// grows.
    ///
    /// # Errors
    /// As [`import`](Crm::import), and [`ImportError::OtherRecord`] when `record` is not
    /// the row's, [`ImportError::TimeRunsBackwards`] when `as_of` is before its newest event,
    /// [`ImportError::HistoryFull`] when its history has no room.
    pub fn reimport(&self, record: Record, before: &CrmRow, row: CrmRow) -> Result<Imported, ImportError> {
        if record.id().as_str() != row.id.trim() {
            return Err(ImportError::OtherRecord {
                row: row.id.clone(),
                record: record.id().to_string(),
            });
        }
        if row == *before {
            let mut fresh = self.import(row)?;
            // What a fresh import says of the row's values holds; what it says of the
            // stage holds only if the host has not moved the record since, and a record
            // above its label is still above it.
            if fresh.record.stage() != record.stage() {
                fresh.findings.retain(|f| {
                    matches!(
                        f,
                        Finding::Unreadable { .. } | Finding::UnknownHistoryLabel { .. }
                    )
                });
                if let Some(finding) = above_label(&record, fresh.claim) {
                    fresh.findings.push(finding);
                }
            }
            return Ok(Imported { record, ..fresh });
        }
        let latest = record.common().latest();
        if self.as_of < latest {
            return Err(ImportError::TimeRunsBackwards {
                row: row.id.clone(),
                as_of: self.as_of,
                latest,
            });
        }
        // Room for all a re-import may append: the import, a hand-off, a demotion, the
        // transitions up to a close.
        if record.history().len().saturating_add(REIMPORT_EVENTS) > crate::policy::limits::MAX_EVENTS {
            return Err(ImportError::HistoryFull {
                row: row.id.clone(),
                max: crate::policy::limits::MAX_EVENTS,
            });
        }
        let mut reading = self.read(&row)?;
        let mut findings = changes(before, &row);
        let times = self.times(&reading, Some(latest));
        let provenance = self.provenance(&reading, times.judged);
        let (fit, checklist) = self.evidence(&mut reading, &provenance);
        findings.append(&mut reading.findings);
        // What the CRM changed since the last import: only that is taken (or kept), so that
        // evidence and owners the host recorded in the crate since stay as they are.
        let was = self.read(before).ok().map(|mut b| {
            let (fit, checklist) = self.evidence(&mut b, &provenance);
            (b.owner, fit, checklist)
        });
        let changed: Vec<EvidenceKind> = EvidenceKind::ALL
            .into_iter()
            .filter(|kind| match &was {
                None => true,
                Some((_, was_fit, was)) => match kind {
                    EvidenceKind::Fit => !same(was_fit.as_ref(), fit.as_ref()),
                    EvidenceKind::Need => !same(was.need.as_ref(), checklist.need.as_ref()),
                    EvidenceKind::Budget => !same(was.budget.as_ref(), checklist.budget.as_ref()),
                    EvidenceKind::Authority => !same(was.authority.as_ref(), checklist.authority.as_ref()),
                    EvidenceKind::Timeline => !same(was.timeline.as_ref(), checklist.timeline.as_ref()),
                },
            })
            .collect();
        let owner_changed = self.mapping.spec().columns.owner.is_some()
            && was.as_ref().is_none_or(|(owner, _, _)| *owner != reading.owner);
        let record = sync(record, fit, checklist, &changed, &mut findings);
        let hand_to = owner_changed.then(|| reading.owner.clone());
        Ok(self.type_row(record, &reading, row, times, findings, hand_to))
    }

    /// What an import and a re-import share once the record holds the row's evidence:
    /// the import event, the climb toward the label's claim, and the probability check.
    fn type_row(
        &self,
        mut record: Record,
        r: &Reading,
        row: CrmRow,
        times: Times,
        mut findings: Vec<Finding>,
        hand_to: Option<Option<Actor>>,
    ) -> Imported {
        self.mark(&mut record, r, times.judged);
        // A new owner in the CRM follows as a hand-off while the record is open: a closed
        // record keeps the owner it closed with.
        if let Some(to) = hand_to
            && record.stage().is_open()
            && record.owner() != to.as_ref()
        {
            let why = Reason::known(CRM_OWNER);
            // Room was checked: a refusal leaves the owner, which the next import retries.
            let _refused = record.common_mut().hand_off(to, why, times.judged, &self.by);
        }
        let record = self.climb(record, r, times, &mut findings);
        self.estimate(&record, r, times.judged, &mut findings);
        Imported {
            record,
            row,
            label: r.label.clone(),
            claim: r.claim,
            findings,
            amount: r.amount,
            probability: r.stated,
        }
    }

    /// When an import's events happen (see [`import`](Crm::import)), none before `floor`
    /// (a re-imported record's newest event).
    fn times(&self, r: &Reading, floor: Option<Timestamp>) -> Times {
        let at_least = |t: Timestamp| floor.map_or(t, |f| t.max(f));
        let closed = matches!(r.claim, Claim::Won | Claim::Lost | Claim::Disqualified);
        if !closed {
            return Times {
                judged: self.as_of,
                closed: self.as_of,
            };
        }
        let closed = at_least(r.close.map_or(self.as_of, |c| c.min(self.as_of)));
        // Judged while open: at its creation, and in any case a second before it closed,
        // so that a decision date on the close date is still ahead of the judgement.
        let before =
            Timestamp::from_unix_seconds(closed.as_unix_seconds().saturating_sub(1)).unwrap_or(closed);
        let judged = at_least(r.created.map_or(before, |c| c.min(before)));
        Times { judged, closed }
    }

    /// Appends the import event: the label, the claim, the mapping, the policy, and the
    /// tier a tier-like label claims when the record is open and the tier is new.
    fn mark(&self, record: &mut Record, r: &Reading, at: Timestamp) {
        let open = record.stage().is_open();
        let common = record.common_mut();
        let tier = r
            .claim
            .tier()
            .filter(|t| open && Some(*t) > common.history.highest_tier());
        common.record(Event {
            at,
            by: self.by.clone(),
            why: format!("imported on {}", self.as_of),
            policy: Some(self.policy.version().to_owned()),
            kind: EventKind::Import(Import {
                label: r.label.clone(),
                claimed: r.claim.stage(),
                tier,
                mapping: self.mapping.name().to_owned(),
            }),
        });
    }

    fn provenance(&self, r: &Reading, at: Timestamp) -> Provenance {
        let by = r.owner.clone().unwrap_or_else(|| self.by.clone());
        Provenance::new(by, at, self.mapping.spec().evidence.method)
    }

    /// The evidence a reading holds, with `provenance`.
    fn evidence(&self, r: &mut Reading, provenance: &Provenance) -> (Option<Fit>, Checklist) {
        let fit = r
            .profile
            .take()
            .map(|profile| Fit::new(profile, provenance.clone()));
        let checklist = Checklist {
            need: r.need.take().map(|p| Need::new(p, provenance.clone())),
            budget: r.budget.take().map(|status| match status {
                BudgetStatus::Approved { amount } => Budget::approved(amount, provenance.clone()),
                BudgetStatus::Sought { amount } => Budget::sought(amount, provenance.clone()),
            }),
            authority: r
                .authority
                .take()
                .map(|(person, access)| Authority::new(person, access, provenance.clone())),
            timeline: r.decide_by.map(|t| Timeline::new(t, provenance.clone())),
        };
        (fit, checklist)
    }

    /// Moves `record` as far toward the reading's claim as its evidence carries it, noting
    /// a [`Finding::Dressed`] where it stops short.
    fn climb(&self, record: Record, r: &Reading, times: Times, findings: &mut Vec<Finding>) -> Record {
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
                    _ => match lead.qualify(policy, at, by) {
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
                    Claim::Won => match r.amount {
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

    /// Notes a [`Finding::Probability`] when the CRM's probability of an open row is
    /// further from the policy's estimate than the tolerance.
    fn estimate(&self, record: &Record, r: &Reading, at: Timestamp, findings: &mut Vec<Finding>) {
        let Some(stored) = r.probability else { return };
        if !record.stage().is_open() || matches!(r.claim, Claim::Won | Claim::Lost | Claim::Disqualified) {
            return;
        }
        let Some(estimate) = self.estimate_of(record, at) else {
            return;
        };
        let tolerance = self.mapping.spec().tolerance;
        let gap = (stored.value() - estimate.value()).abs();
        if gap > tolerance {
            findings.push(Finding::Probability {
                stored,
                estimate,
                tolerance,
            });
        }
    }

    /// The policy's close probability for `record` at `at`: a deal's estimate, or what a
    /// prospect's evidence would be estimated at; `None` for a lead or a closed record.
    pub(crate) fn estimate_of(&self, record: &Record, at: Timestamp) -> Option<Probability> {
        match record {
            Record::Prospect(p) => Some(p.close_probability(self.policy, at).probability),
            Record::Discovery(_) | Record::Opportunity(_) => record.probability(),
            _ => None,
        }
    }

    /// Reads a row's values under the mapping, noting each that cannot be read.
    pub(crate) fn read(&self, row: &CrmRow) -> Result<Reading, ImportError> {
        let m = self.mapping;
        let spec = m.spec();
        let columns = &spec.columns;
        let id = RecordId::new(row.id.trim()).map_err(|e| ImportError::Id {
            row: row.id.clone(),
            problem: e.to_string(),
        })?;
        let (claim, label) = self.claim(row)?;
        let mut n = Notes {
            mapping: m,
            findings: Vec::new(),
        };
        let slot = |column: &Option<String>, name: &str| column.clone().unwrap_or_else(|| name.to_owned());
        let created = row
            .created
            .as_deref()
            .and_then(|v| n.date(&slot(&columns.created, "created"), v));
        let close = row
            .close_date
            .as_deref()
            .and_then(|v| n.date(&slot(&columns.close_date, "close_date"), v));
        let currency = match row.currency.as_deref() {
            // A code that does not read is not replaced by the default: the amount would be
            // read in a currency the row does not say.
            Some(code) => Currency::new(code.trim()).ok().or_else(|| {
                n.unreadable(&slot(&columns.currency, "currency"), code, "a currency code");
                None
            }),
            None => m.currency(),
        };
        let amount = row
            .amount
            .as_deref()
            .and_then(|v| n.money(&slot(&columns.amount, "amount"), v, currency));
        let probability = row.probability.as_deref().and_then(|v| {
            let f = &spec.formats;
            let read = format::probability(f.probability, f.decimal, v);
            if read.is_none() {
                n.unreadable(
                    &slot(&columns.probability, "probability"),
                    v,
                    "a probability in the mapping's scale",
                );
            }
            read
        });
        let field = |name: &str| row.fields.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let e = &spec.evidence;
        let need = e.need.as_deref().and_then(field).map(str::to_owned);
        let budget = e.budget.as_ref().and_then(|choice| {
            let v = field(&choice.column)?;
            let Some(meaning) = choice.read(v) else {
                n.unreadable(&choice.column, v, "one of the mapping's budget labels");
                return None;
            };
            let amount = match &e.budget_amount {
                Some(col) => field(col).and_then(|a| n.money(col, a, currency)),
                None => amount,
            };
            match (meaning, amount) {
                (BudgetMeaning::Approved, Some(amount)) => Some(BudgetStatus::Approved { amount }),
                (BudgetMeaning::Approved, None) => {
                    n.unreadable(&choice.column, v, "an approved budget with an amount");
                    None
                }
                (BudgetMeaning::Sought, amount) => Some(BudgetStatus::Sought { amount }),
                (BudgetMeaning::None, _) => None,
            }
        });
        let authority = match (&e.authority, &e.access) {
            (Some(person), Some(choice)) => match (field(person), field(&choice.column)) {
                (Some(person), Some(v)) => match choice.read(v) {
                    Some(access) => access.map(|a| (person.to_owned(), a)),
                    None => {
                        n.unreadable(&choice.column, v, "one of the mapping's access labels");
                        None
                    }
                },
                _ => None,
            },
            _ => None,
        };
        let decide_by = match &e.decide_by {
            Some(col) => field(col).and_then(|v| n.date(col, v)),
            None if e.close_date_is_timeline => close,
            None => None,
        };
        let mut profile = Profile::new();
        let mut facts = false;
        for p in &spec.profile {
            if let Some(v) = field(&p.column) {
                facts |= n.profile(&mut profile, &p.field, &p.column, v);
            }
        }
        for (index, change) in row.stage_history.iter().enumerate() {
            if m.stage_label(&change.stage).is_none() {
                n.findings.push(Finding::UnknownHistoryLabel {
                    index,
                    label: change.stage.clone(),
                });
            }
        }
        let text = |column: &Option<String>| column.as_deref().and_then(field);
        let reason = text(&spec.reason_column).and_then(|r| match Reason::new(r) {
            Ok(reason) => Some(reason),
            Err(_) => {
                let column = spec.reason_column.as_deref().unwrap_or("reason");
                n.unreadable(
                    column,
                    r,
                    "a reason the crate can keep (not blank, at most 1024 bytes)",
                );
                None
            }
        });
        Ok(Reading {
            id,
            claim,
            label,
            owner: row
                .owner
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(Actor::new),
            created,
            amount,
            close,
            probability,
            stated: probability.or_else(|| {
                m.stage_label(&row.stage)
                    .and_then(|s| s.probability)
                    .and_then(|p| Probability::new(p).ok())
            }),
            profile: facts.then_some(profile),
            need,
            budget,
            authority,
            decide_by,
            contact: Contact::new(
                text(&spec.name_column).unwrap_or_default(),
                text(&spec.email_column).unwrap_or_default(),
            ),
            company: text(&spec.company_column).map(str::to_owned),
            reason,
            findings: n.findings,
        })
    }

    /// What the row's status or stage label claims, and that label: a status the mapping
    /// reads as deciding wins over the stage.
    pub(crate) fn claim(&self, row: &CrmRow) -> Result<(Claim, String), ImportError> {
        let m = self.mapping;
        let unknown = |field, label: &str| ImportError::UnknownLabel {
            row: row.id.clone(),
            field,
            label: label.to_owned(),
            mapping: m.name().to_owned(),
        };
        if let (Some(_), Some(status)) = (&m.spec().columns.status, &row.status) {
            match m.status_label(status) {
                Some(s) => {
                    if let Some(claim) = s.means {
                        return Ok((claim, status.clone()));
                    }
                }
                None => return Err(unknown("status", status)),
            }
        }
        match m.stage_label(&row.stage) {
            Some(s) => Ok((s.means, row.stage.clone())),
            None => Err(unknown("stage", &row.stage)),
        }
    }
}

/// The findings of reading one row, and the readers that note them.
struct Notes<'m> {
    mapping: &'m Mapping,
    findings: Vec<Finding>,
}

impl Notes<'_> {
    fn unreadable(&mut self, field: &str, value: &str, expected: &'static str) {
        self.findings.push(Finding::Unreadable {
            field: field.to_owned(),
            value: value.to_owned(),
            expected,
        });
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Timestamp> {
        let t = format::date(&self.mapping.spec().formats, value);
        if t.is_none() {
            self.unreadable(field, value, "a date in the mapping's formats");
        }
        t
    }

    fn money(&mut self, field: &str, value: &str, currency: Option<Currency>) -> Option<Money> {
        let Some(amount) = format::amount(self.mapping.spec().formats.decimal, value) else {
            self.unreadable(field, value, "an amount in the mapping's decimal format");
            return None;
        };
        let Some(currency) = currency else {
            self.unreadable(
                field,
                value,
                "an amount with a currency (the row has none, nor the mapping)",
            );
            return None;
        };
        let money = Money::new(amount, currency).ok();
        if money.is_none() {
            self.unreadable(field, value, "an amount of money that is not negative");
        }
        money
    }

    /// Sets `field` of `profile` from `value`; whether it read.
    fn profile(&mut self, profile: &mut Profile, field: &Field, column: &str, value: &str) -> bool {
        let mark = self.mapping.spec().formats.decimal;
        let text = || Some(value.to_owned());
        // What was expected, when the value does not read.
        let refused = match field {
            Field::Employees => match format::amount(mark, value)
                .filter(|d| d.fract().is_zero())
                .and_then(|d| d.to_u32())
            {
                Some(n) => {
                    profile.employees = Some(n);
                    None
                }
                None => Some("a whole number of employees"),
            },
            Field::AnnualRevenue => match format::amount(mark, value) {
                Some(d) => {
                    profile.annual_revenue = Some(d);
                    None
                }
                None => Some("an amount in the mapping's decimal format"),
            },
            Field::Industry => {
                profile.industry = text();
                None
            }
            Field::Country => {
                profile.country = text();
                None
            }
            Field::JobTitle => {
                profile.job_title = text();
                None
            }
            Field::Seniority => match value.parse::<Seniority>() {
                Ok(s) => {
                    profile.seniority = Some(s);
                    None
                }
                Err(_) => {
                    Some("a seniority: individual, manager, director, vice president, c-level or owner")
                }
            },
            Field::Custom(name) => {
                let v = match format::amount(mark, value) {
                    Some(d) => Value::Number(d),
                    None if value.eq_ignore_ascii_case("true") => Value::Bool(true),
                    None if value.eq_ignore_ascii_case("false") => Value::Bool(false),
                    None => Value::Text(value.to_owned()),
                };
                profile.custom.insert(name.clone(), v);
                None
            }
        };
        if let Some(expected) = refused {
            self.unreadable(column, value, expected);
        }
        refused.is_none()
    }
}

/// Why a re-import hands a record to the CRM's new owner: how write-back tells that
/// hand-off from one the host made.
pub(crate) const CRM_OWNER: &str = "the CRM's owner changed";

/// The most events a re-import appends: the import, a hand-off, a demotion, and the
/// transitions from prospect through discovery and opportunity to a close.
const REIMPORT_EVENTS: usize = 8;

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

/// Every slot and field whose value differs between `before` and `after`.
fn changes(before: &CrmRow, after: &CrmRow) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut change = |field: &str, b: Option<&str>, a: Option<&str>| {
        if b != a {
            found.push(Finding::Changed {
                field: field.to_owned(),
                before: b.map(str::to_owned),
                after: a.map(str::to_owned),
            });
        }
    };
    for ((name, b), (_, a)) in before.slots().into_iter().zip(after.slots()) {
        change(name, b, a);
    }
    let names: std::collections::BTreeSet<&String> =
        before.fields.keys().chain(after.fields.keys()).collect();
    for name in names {
        change(
            name,
            before.fields.get(name).map(String::as_str),
            after.fields.get(name).map(String::as_str),
        );
    }
    if before.stage_history != after.stage_history {
        let shown = |row: &CrmRow| Some(format!("{} changes", row.stage_history.len()));
        change("stage_history", shown(before).as_deref(), shown(after).as_deref());
    }
    found
}

/// What a piece of evidence says, without who recorded it or when: two pieces that say
/// the same are one fact, whatever their provenance.
trait Says {
    fn says_as(&self, other: &Self) -> bool;
}

impl Says for Fit {
    fn says_as(&self, other: &Fit) -> bool {
        self.profile == other.profile
    }
}

impl Says for Need {
    fn says_as(&self, other: &Need) -> bool {
        self.problem == other.problem
    }
}

impl Says for Budget {
    fn says_as(&self, other: &Budget) -> bool {
        self.status == other.status
    }
}

impl Says for Authority {
    fn says_as(&self, other: &Authority) -> bool {
        (&self.person, self.access) == (&other.person, other.access)
    }
}

impl Says for Timeline {
    fn says_as(&self, other: &Timeline) -> bool {
        self.decide_by == other.decide_by
    }
}

/// Whether two optional pieces say the same: both absent, or both saying one thing.
fn same<T: Says>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.says_as(b),
        _ => false,
    }
}

/// `record` with the evidence the CRM `changed` taken where its stage lets it: a lead takes
/// any (but cannot lose its fit), a prospect its four conditions, a discovery deal a new
/// budget or authority. Every other piece the CRM changed is a [`Finding::Kept`]: the record
/// holds what it was typed with. Evidence the CRM did not change stays as the record has it.
fn sync(
    record: Record,
    fit: Option<Fit>,
    mut checklist: Checklist,
    changed: &[EvidenceKind],
    findings: &mut Vec<Finding>,
) -> Record {
    let changed: Vec<EvidenceKind> = changed
        .iter()
        .copied()
        .filter(|kind| match kind {
            EvidenceKind::Fit => !same(record.fit(), fit.as_ref()),
            EvidenceKind::Need => !same(record.need(), checklist.need.as_ref()),
            EvidenceKind::Budget => !same(record.budget(), checklist.budget.as_ref()),
            EvidenceKind::Authority => !same(record.authority(), checklist.authority.as_ref()),
            EvidenceKind::Timeline => !same(record.timeline(), checklist.timeline.as_ref()),
        })
        .collect();
    let mut kept = |kinds: &[EvidenceKind]| {
        for kind in changed.iter().filter(|k| kinds.contains(k)) {
            findings.push(Finding::Kept { evidence: *kind });
        }
    };
    // The pieces the CRM did not change are the record's, in a checklist a state takes.
    let take = |kind: EvidenceKind| changed.contains(&kind);
    let held = |record: &Record, checklist: &mut Checklist| {
        if !take(EvidenceKind::Need) {
            checklist.need = record.need().cloned();
        }
        if !take(EvidenceKind::Budget) {
            checklist.budget = record.budget().cloned();
        }
        if !take(EvidenceKind::Authority) {
            checklist.authority = record.authority().cloned();
        }
        if !take(EvidenceKind::Timeline) {
            checklist.timeline = record.timeline().cloned();
        }
    };
    held(&record, &mut checklist);
    match record {
        Record::Lead(mut lead) => {
            match fit {
                Some(fit) if take(EvidenceKind::Fit) => lead.record_fit(fit),
                _ => kept(&[EvidenceKind::Fit]),
            }
            merge(lead.evidence_mut(), checklist);
            lead.into()
        }
        Record::Prospect(mut p) => {
            kept(&[EvidenceKind::Fit]);
            merge(p.evidence_mut(), checklist);
            p.into()
        }
        Record::Discovery(mut d) => {
            kept(&[EvidenceKind::Fit, EvidenceKind::Need, EvidenceKind::Timeline]);
            match checklist.budget {
                Some(b) if take(EvidenceKind::Budget) => d.record_budget(b),
                _ => kept(&[EvidenceKind::Budget]),
            }
            match checklist.authority {
                Some(a) if take(EvidenceKind::Authority) => d.record_authority(a),
                _ => kept(&[EvidenceKind::Authority]),
            }
            d.into()
        }
        // An opportunity's conditions are fixed, and a closed record's evidence is what it
        // closed with.
        other => {
            kept(&EvidenceKind::ALL);
            other
        }
    }
}

/// `into` with each piece of `new` that says something other than what it holds: a piece
/// that says the same keeps its provenance, and a piece the row no longer holds is
/// removed.
fn merge(into: &mut Checklist, new: Checklist) {
    fn take<T: Says>(slot: &mut Option<T>, new: Option<T>) {
        if !same(slot.as_ref(), new.as_ref()) {
            *slot = new;
        }
    }
    take(&mut into.need, new.need);
    take(&mut into.budget, new.budget);
    take(&mut into.authority, new.authority);
    take(&mut into.timeline, new.timeline);
}

//! Importing a CRM row: the session it runs under, the import and the re-import. Reading
//! the row is `read.rs`, typing it by its evidence `climb.rs`, taking a changed row's
//! evidence `sync.rs`, and what an import finds `finding.rs`.

use crate::crm::climb::above_label;
use crate::crm::excerpt::row_id;
use crate::crm::finding::{Finding, ImportError};
use crate::crm::labels::Claim;
use crate::crm::mapping::{Assumption, Mapping};
use crate::crm::read::{Reading, id};
use crate::crm::row::CrmRow;
use crate::crm::sync::{changes, same, sync};
use crate::engine::Policy;
use crate::evidence::{
    Authority, Budget, BudgetStatus, Checklist, EvidenceKind, Fit, Need, Provenance, Timeline, Unmet,
};
use crate::profile::Source;
use crate::states::{Event, EventKind, Import, Lead, Record};
use crate::values::{Actor, Money, Probability, Reason, Timestamp};

/// What imports run under: the mapping, the policy, the moment of judgement and who runs
/// them. Export goes back through the same mapping ([`Crm::export`]).
///
/// ```
/// use qualify::crm::{presets, Assumption, Claim, Crm, CrmRow, Finding};
/// use qualify::{Policy, Stage};
///
/// let mapping = presets::hubspot_deals();
/// let policy = Policy::default();
/// let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "import-bot");
///
/// // A deal in "Contract sent" with nothing recorded about its need, budget, authority
/// // or decision date:
/// let mut row = CrmRow::new("9001", "contractsent");
/// row.amount = Some("50000".into());
/// row.currency = Some("EUR".into());
/// row.close_date = Some("2026-12-20".into());
/// let imported = crm.import(row)?;
/// assert_eq!(imported.claim, Claim::Opportunity);
/// // The deals preset assumes fit for deals, and says so; the evidence carries no further.
/// assert_eq!(imported.assumptions, [Assumption::FitAtProspect]);
/// assert_eq!(imported.record.stage(), Stage::Prospect);
/// assert!(imported.record.assumed_fit().is_some());
/// assert!(matches!(&imported.findings[0], Finding::Dressed { typed: Stage::Prospect, .. }));
/// // Write-back writes the stage the evidence supports, out of the forecast.
/// let back = crm.write_back(&imported)?;
/// assert_eq!(back.stage, "appointmentscheduled");
/// assert_eq!(back.fields["hs_manual_forecast_category"], "OMIT");
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
/// because a finding's [`Unmet`](crate::Unmet) does not: store the record and the row, which both read
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
    /// When the CRM last moved the row, as its stage history dates it: the newest date of
    /// the history that reads; `None` for a row without one. Of two rows with one id, the
    /// [`Audit`](crate::crm::Audit) counts the one moved last.
    pub last_stage_change: Option<Timestamp>,
    /// What the mapping took as evidence that the CRM does not record as such
    /// ([`Mapping::assumptions`](crate::crm::Mapping::assumptions)); the audit lists them.
    pub assumptions: Vec<Assumption>,
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

/// When the import's events happen: when the record is judged, and when it closes.
#[derive(Clone, Copy)]
pub(super) struct Times {
    pub(super) judged: Timestamp,
    pub(super) closed: Timestamp,
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
    /// The record is captured at the row's created time (at `as_of` if that is later, and
    /// for a closed row before it closes) and starts with an
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
    /// A record that stops below its label is a [`Finding::Dressed`]; one whose label
    /// stopped it while its evidence carries further (a lead that would qualify) is a
    /// [`Finding::BehindEvidence`], and stays at its label. Under a mapping that
    /// disqualifies on a knockout ([`OnKnockout::Disqualify`](crate::crm::OnKnockout)), an
    /// open row whose lead a knockout of the policy refuses is disqualified as
    /// [`Lead::triage`](crate::Lead::triage) would, and a won or lost one keeps the CRM's
    /// outcome; both get a [`Finding::Knockout`].
    ///
    /// A blank value reads as absent. Dates that contradict each other are findings, so
    /// that no date the import moves is moved silently: a row created after its close date
    /// is a [`Finding::OutOfOrder`] (a closed one is captured a second before it closes), a
    /// row created after `as_of`, or closed by the CRM after it, a [`Finding::AfterImport`]
    /// (it is captured, and closes, at `as_of`), and a stage history dated backwards a
    /// [`Finding::OutOfOrder`] naming both entries.
    ///
    /// A budget labelled approved whose amount is blank or does not read (`TBD`) is still a
    /// budget: [`BudgetStatus::ApprovedAmountUnknown`] in the currency the amount would have
    /// been read in (the row's currency, else its currency id, else the mapping's
    /// currency), with a finding naming the amount's field (the budget amount's, or the
    /// row's amount where the mapping reads the budget's amount from it): a
    /// [`Finding::BudgetWithoutAmount`] when it is blank, a [`Finding::Unreadable`] when it
    /// does not read.
    /// Without any currency it is no budget evidence, and a finding names the budget's
    /// field. An amount of exactly zero is an approved budget of zero, which is hollow.
    ///
    /// # Errors
    /// [`ImportError::Actor`] when the `by` of [`Crm::new`] is blank or has no letter or
    /// digit (`""`, `"--"`), before the row is read;
    /// [`ImportError::UnknownLabel`] for a stage or status label the mapping does not list,
    /// [`ImportError::Id`] for an id that is not a record id. Every other value that cannot
    /// be read is a [`Finding::Unreadable`], and the row imports without it.
    ///
    /// [`Won`]: crate::Won
    /// [`Lost`]: crate::Lost
    /// [`Disqualified`]: crate::Disqualified
    pub fn import(&self, row: CrmRow) -> Result<Imported, ImportError> {
        self.check_actor(&row)?;
        let mut reading = self.read(&row)?;
        let times = self.times(&reading, None);
        let captured = reading.created.map_or(times.judged, |c| c.min(times.judged));
        let mut builder = Lead::builder(
            reading.id.clone(),
            reading.contact.clone(),
            reading.source.clone().unwrap_or(Source::Import),
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
    /// As [`import`](Crm::import) (the actor is checked first, then the row's id:
    /// [`ImportError::Id`] before any other), and [`ImportError::OtherRecord`] when `record` is not the row's,
    /// [`ImportError::TimeRunsBackwards`] when `as_of` is before its newest event,
    /// [`ImportError::HistoryFull`] when its history has no room.
    pub fn reimport(&self, record: Record, before: &CrmRow, row: CrmRow) -> Result<Imported, ImportError> {
        self.check_actor(&row)?;
        if *record.id() != id(&row)? {
            return Err(ImportError::OtherRecord {
                row: row_id(&row.id),
                record: record.id().to_string(),
            });
        }
        if row == *before {
            let mut fresh = self.import(row)?;
            // What a fresh import says of the row's values holds; what it says of the
            // stage (dressed, behind the evidence, knocked out) holds only if the host has
            // not moved the record since, and a record above its label is still above it.
            if fresh.record.stage() != record.stage() {
                fresh.findings.retain(|f| {
                    matches!(
                        f,
                        Finding::Unreadable { .. }
                            | Finding::BudgetWithoutAmount { .. }
                            | Finding::UnknownHistoryLabel { .. }
                            | Finding::OutOfOrder { .. }
                            | Finding::AfterImport { .. }
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
                row: row_id(&row.id),
                as_of: self.as_of,
                latest,
            });
        }
        // Room for all a re-import may append: the import, a hand-off, a demotion, the
        // transitions up to a close.
        if record.history().len().saturating_add(REIMPORT_EVENTS) > crate::policy::limits::MAX_EVENTS {
            return Err(ImportError::HistoryFull {
                row: row_id(&row.id),
                max: crate::policy::limits::MAX_EVENTS,
            });
        }
        let mut reading = self.read(&row)?;
        let mut findings = changes(&self.mapping.spec().columns, before, &row);
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
            last_stage_change: r.last_stage_change,
            assumptions: self.mapping.assumptions(),
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

    /// [`ImportError::Actor`] when the import's actor names no one.
    fn check_actor(&self, row: &CrmRow) -> Result<(), ImportError> {
        match Unmet::hollow_actor(&self.by) {
            Some(unmet) => Err(ImportError::Actor {
                row: row_id(&row.id),
                unmet,
            }),
            None => Ok(()),
        }
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
                BudgetStatus::ApprovedAmountUnknown { currency } => {
                    Budget::approved_amount_unknown(currency, provenance.clone())
                }
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
}

/// Why a re-import hands a record to the CRM's new owner: how write-back tells that
/// hand-off from one the host made.
pub(crate) const CRM_OWNER: &str = "the CRM's owner changed";

/// The most events a re-import appends: the import, a hand-off, a demotion, and the
/// transitions from prospect through discovery and opportunity to a close.
pub(super) const REIMPORT_EVENTS: usize = 8;

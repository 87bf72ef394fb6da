//! Export: a typed record back in a CRM's vocabulary, through the mapping it came in by.

use crate::crm::excerpt::Excerpt;
use crate::crm::finding::Finding;
use crate::crm::format;
use crate::crm::import::{CRM_OWNER, Crm, Imported};
use crate::crm::labels::{BudgetMeaning, Claim, ForecastMeaning, NeedMeaning};
use crate::crm::mapping::Unlabelled;
use crate::crm::row::CrmRow;
use crate::evidence::BudgetStatus;
use crate::evidence::EvidenceKind;
use crate::policy::Field;
use crate::policy::Tier;
use crate::profile::{Seniority, Value};
use crate::states::{ForecastCategory, Record, Stage};
use crate::values::{Currency, Echo, Money, Timestamp};

/// A record the mapping cannot write.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The mapping has no label for the record's stage, nor for any stage below it.
    #[error(
        "record {}: mapping {mapping} has no label for {stage}, nor for a stage below it",
        Echo::quoted(.record)
    )]
    NoLabel {
        /// The record's id.
        record: String,
        /// Its stage.
        stage: Stage,
        /// The mapping's name.
        mapping: Excerpt,
    },
}

/// The claims a record's stage may be written as, most exact first: its own, then the
/// stages below it. A lead at a tier is written as that tier, then the tiers below it.
fn preference(record: &Record) -> Vec<Claim> {
    match record.stage() {
        Stage::Won => vec![Claim::Won],
        Stage::Lost => vec![Claim::Lost, Claim::Disqualified],
        Stage::Disqualified => vec![Claim::Disqualified, Claim::Lost],
        open => open_claims(open, record.history().highest_tier()),
    }
}

/// The claims an open stage may be written as, most exact first; a lead's start at the
/// highest tier `tier` it reached. From prospect on, fit is confirmed or assumed: a CRM
/// without the stage reads it as a qualified lead.
fn open_claims(stage: Stage, tier: Option<Tier>) -> Vec<Claim> {
    let mut claims = match stage {
        Stage::Opportunity => vec![Claim::Opportunity, Claim::Discovery, Claim::Prospect],
        Stage::Discovery => vec![Claim::Discovery, Claim::Prospect],
        Stage::Prospect => vec![Claim::Prospect],
        _ => Vec::new(),
    };
    let top = if claims.is_empty() { tier } else { Some(Tier::Sql) };
    let tiers = [
        (Tier::Sql, Claim::Sql),
        (Tier::Mql, Claim::Mql),
        (Tier::Iql, Claim::Iql),
    ];
    claims.extend(
        tiers
            .into_iter()
            .filter(|(t, _)| top.is_some_and(|top| *t <= top))
            .map(|(_, c)| c),
    );
    claims.push(Claim::Lead);
    claims
}

/// The claim a record is, in the mapping's terms: what an import of its label would need to
/// type it as it is.
fn claim_of(record: &Record) -> Claim {
    preference(record).first().copied().unwrap_or(Claim::Lead)
}

/// Which of a record's facts are the host's, recorded in the crate, rather than taken from
/// the CRM by an import: what write-back may carry to the CRM.
struct Since {
    /// The moments of the record's imports; `None` for a record never imported.
    imports: Option<Vec<Timestamp>>,
    /// Whether the record's last hand-off was the host's, not an import following the CRM.
    handed_off: bool,
}

impl Since {
    fn of(record: &Record) -> Since {
        let events = record.history().entries();
        let imports: Vec<Timestamp> = events
            .iter()
            .filter(|e| matches!(e.kind, crate::states::EventKind::Import(_)))
            .map(|e| e.at)
            .collect();
        let last_hand_off = events.iter().rev().find(|e| e.hand_off().is_some());
        Since {
            handed_off: last_hand_off.is_some_and(|e| e.why != CRM_OWNER),
            imports: (!imports.is_empty()).then_some(imports),
        }
    }

    /// Whether the record's `kind` of evidence is the host's: recorded at another moment
    /// than any import (an import records what it reads at its own moment), or the record
    /// was never imported.
    fn newer(&self, record: &Record, kind: EvidenceKind) -> bool {
        let recorded = match kind {
            EvidenceKind::Fit => record.fit().map(|e| e.provenance.recorded_at),
            EvidenceKind::Need => record.need().map(|e| e.provenance.recorded_at),
            EvidenceKind::Budget => record.budget().map(|e| e.provenance.recorded_at),
            EvidenceKind::Authority => record.authority().map(|e| e.provenance.recorded_at),
            EvidenceKind::Timeline => record.timeline().map(|e| e.provenance.recorded_at),
        };
        match (&self.imports, recorded) {
            (None, _) => true,
            (Some(imports), Some(recorded)) => !imports.contains(&recorded),
            (Some(_), None) => false,
        }
    }
}

/// `new`, unless `old` already says the same: the old text is kept, byte for byte.
fn keep(old: Option<&str>, new: Option<String>, same: impl Fn(&str) -> bool) -> Option<String> {
    match old {
        Some(text) if same(text) => Some(text.to_owned()),
        _ => new,
    }
}

impl Crm<'_> {
    /// `record` as a fresh row in the CRM's vocabulary: its id, the stage label (and the
    /// status label, for a mapping with a status column) of its stage, the forecast
    /// category, the owner, the amount (won, or the budget's), the decision date, the
    /// probability (a deal's, or a prospect's estimate), the created time, and every
    /// evidence field. Labels are the mapping's first for each meaning; a stage the
    /// mapping has no label for is written as the nearest stage below it that it has (a
    /// prospect in a deal pipeline without a prospect stage, say, as a lead).
    ///
    /// The forecast category is the outcome of a closed record, omitted for a record that
    /// is not a deal, and for an open deal the person's call if one was made
    /// ([`Opportunity::call_forecast`](crate::Opportunity::call_forecast)); the crate
    /// never writes its own suggestion over a person's column.
    ///
    /// # Errors
    /// [`ExportError::NoLabel`] when the mapping has no label for the stage, nor for one
    /// below it, and says to refuse such a row ([`Unlabelled::Refuse`]); by default the
    /// row's stage is left as it is ([`Unlabelled::KeepStage`]).
    pub fn export(&self, record: &Record) -> Result<CrmRow, ExportError> {
        self.write(record, None, false)
    }

    /// The imported row with what the crate knows better written over it, and every other
    /// field as it came: the row a plugin writes back.
    ///
    /// The stage and status labels and the forecast category are rewritten only when the
    /// record is not what the row's label claims (a dressed opportunity becomes a
    /// prospect, an open row the import disqualified for a knockout becomes disqualified,
    /// as the mapping labels it), and never for a row the CRM closed or one the crate holds
    /// above its label. A label that is behind the evidence
    /// ([`Finding::BehindEvidence`]) is not moved up: write-back corrects what a label
    /// overstates, and moving a row forward is a person's call. The probability only when it is further from the policy's estimate than the
    /// mapping's tolerance; evidence only when the host recorded it in the crate (at a
    /// moment no import recorded it), and the owner only after a hand-off the host made.
    /// Each field written keeps its old text when that reads as the same value. So
    /// importing a row and writing it back changes nothing the crate did not correct, byte
    /// for byte, and a re-import never has write-back revert what the CRM changed.
    ///
    /// # Errors
    /// As [`export`](Crm::export).
    pub fn write_back(&self, imported: &Imported) -> Result<CrmRow, ExportError> {
        // An open row the import disqualified for a knockout is the crate's correction, not
        // a record the CRM reopened.
        let knocked_out = imported.record.stage() == Stage::Disqualified
            && imported.claim.stage().is_open()
            && imported
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Knockout { .. }));
        self.write(&imported.record, Some(&imported.row), knocked_out)
    }

    /// `record` written over `base`, or as a fresh row.
    ///
    /// Over a row, the crate writes only what it knows better than the CRM: what it
    /// corrected at the import, and what the host recorded in the crate (evidence recorded
    /// at a moment no import recorded it, a hand-off the host made). Evidence the record
    /// kept from an earlier import while the CRM moved on is the CRM's newer word, and a
    /// row the CRM closed or reopened is the CRM's call: both are left as they are.
    fn write(
        &self,
        record: &Record,
        base: Option<&CrmRow>,
        knocked_out: bool,
    ) -> Result<CrmRow, ExportError> {
        let since = base.map(|_| Since::of(record));
        let kept: Vec<EvidenceKind> = match &since {
            Some(since) => EvidenceKind::ALL
                .into_iter()
                .filter(|k| !since.newer(record, *k))
                .collect(),
            None => Vec::new(),
        };
        let kept = kept.as_slice();
        // What the row's label claims, if the mapping reads it.
        let was = base.map(|b| self.claim(b).ok().map(|(c, _)| c));
        let hold = !knocked_out
            && was
                .flatten()
                .is_some_and(|claim| crate::crm::climb::above_label(record, claim).is_some());
        let owner_moved = since.as_ref().is_none_or(|s| s.handed_off || s.imports.is_none());
        let spec = self.mapping.spec();
        let f = &spec.formats;
        let mut row = base.cloned().unwrap_or_default();
        if base.is_none() {
            row.id = record.id().to_string();
        }
        // The stage: kept when the row's label already claims what the record is, and kept
        // when the CRM closed the row: an outcome is the CRM's fact, and writing a won deal
        // back as open would reopen it; the findings say what its evidence lacks.
        let claim = claim_of(record);
        let closed = hold || was.flatten().is_some_and(|c| !c.stage().is_open());
        let corrected = !closed && was.is_none_or(|c| c != Some(claim));
        if corrected {
            self.labels(record, &mut row)?;
        }
        let money = |m: Option<Money>| m.map(|m| format::write_amount(f.decimal, m.amount()));
        let date = |t: Option<Timestamp>| t.map(|t| format::write_date(f, t));
        let same_money =
            |m: Option<Money>| move |text: &str| format::amount(f.decimal, text) == m.map(|m| m.amount());
        let same_date = |t: Option<Timestamp>| move |text: &str| format::date(f, text) == t;

        let c = &spec.columns;
        // The owner is the crate's to write when the host handed the record off in the
        // crate since the last import; otherwise it is the CRM's.
        if c.owner.is_some() && owner_moved {
            let owner = record.owner().map(|o| o.to_string());
            // A blank owner the record reads as none is kept as written.
            row.owner = keep(base.and_then(|b| b.owner.as_deref()), owner.clone(), |t| {
                Some(t.trim()) == owner.as_deref() || t.trim().is_empty() && owner.is_none()
            });
        }
        // The row's amount is the crate's to write when it is the won amount, or when the
        // mapping reads the budget's amount from it and the record has one; a deal's value
        // the CRM keeps beside a budget field is the CRM's, and an amount is never erased.
        let amount = match record {
            // A won amount goes to the mapping's won-amount field where it has one, beside
            // the deal's estimated value.
            Record::Won(won) if !closed => match &spec.won_amount_column {
                Some(column) => {
                    let m = Some(won.amount());
                    let old = base.and_then(|b| b.fields.get(column)).map(String::as_str);
                    if let Some(text) = keep(old, money(m), same_money(m)) {
                        row.fields.insert(column.clone(), text);
                    }
                    None
                }
                None => Some(won.amount()),
            },
            // A row the CRM closed keeps its amount, as it keeps its stage.
            Record::Won(_) => None,
            _ if spec.evidence.budget_amount.is_none() && !kept.contains(&EvidenceKind::Budget) => {
                record.deal_amount()
            }
            _ => None,
        };
        if let Some(m) = amount.filter(|_| c.amount.is_some()) {
            let old = base.and_then(|b| b.amount.as_deref());
            row.amount = keep(old, money(Some(m)), same_money(Some(m)));
        }
        // The currency is written when the row wrote one, or the mapping's default is not it.
        if let Some(m) = amount.filter(|_| c.currency.is_some()) {
            let old = base.and_then(|b| b.currency.as_deref());
            if old.is_some() || self.mapping.currency() != Some(m.currency()) {
                let code = m.currency().to_string();
                // A code that does not read is left for a person, as a probability is.
                let same = |t: &str| t.trim() == code || Currency::new(t.trim()).is_err();
                row.currency = keep(old, Some(code.clone()), same);
            }
        }
        let decide_by = record.timeline().map(|t| t.decide_by);
        // The close date is the timeline's field only where the row's timeline is read from
        // it: not over a period the row states, which the import reads first and which
        // write-back leaves as it is.
        let period_stated = spec.evidence.timeline_period.as_ref().is_some_and(|p| {
            base.and_then(|b| b.fields.get(&p.column))
                .is_some_and(|v| !v.trim().is_empty())
        });
        if c.close_date.is_some()
            && !kept.contains(&EvidenceKind::Timeline)
            && spec.evidence.decide_by.is_none()
            && spec.evidence.close_date_is_timeline
            && !period_stated
            && record.stage().is_open()
        {
            row.close_date = keep(
                base.and_then(|b| b.close_date.as_deref()),
                date(decide_by),
                same_date(decide_by),
            );
        }
        let estimate = self.estimate_of(record, self.as_of);
        // A probability is rewritten where the row has one (a blank one, or a placeholder,
        // is none), and written on a fresh row.
        let had = base.map(|b| {
            b.probability.as_deref().is_some_and(|p| {
                let placeholder = c
                    .probability
                    .as_deref()
                    .is_some_and(|col| self.mapping.is_placeholder(col, p));
                !p.trim().is_empty() && !placeholder
            })
        });
        let open = record.stage().is_open() && !closed;
        if let Some(estimate) = estimate.filter(|_| c.probability.is_some() && open && had != Some(false)) {
            // A probability that does not read is left for a person: the crate cannot say
            // what it meant.
            let near = |text: &str| match format::probability(f.probability, f.decimal, text) {
                Some(p) => (p.value() - estimate.value()).abs() <= spec.tolerance,
                None => true,
            };
            let written = format::write_probability(f.probability, f.decimal, estimate);
            row.probability = keep(base.and_then(|b| b.probability.as_deref()), Some(written), near);
        }
        if base.is_none() && c.created.is_some() {
            row.created = Some(format::write_date(f, record.captured_at()));
        }
        self.write_evidence(record, base, kept, &mut row);
        Ok(row)
    }

    /// Writes the stage and status labels and the forecast category of `record`.
    fn labels(&self, record: &Record, row: &mut CrmRow) -> Result<(), ExportError> {
        let spec = self.mapping.spec();
        let wanted = preference(record);
        let stage_label = |claims: &[Claim]| {
            claims
                .iter()
                .find_map(|c| spec.stages.iter().find(|s| s.means == *c))
                .map(|s| s.label.clone())
        };
        let status = wanted
            .iter()
            .find_map(|c| spec.statuses.iter().find(|s| s.means == Some(*c)));
        let stage = match stage_label(&wanted) {
            Some(label) => Some(label),
            // A close the status column says: the stage column keeps the stage closed from.
            None if status.is_some() => {
                let from = record
                    .history()
                    .transitions()
                    .next_back()
                    .map_or(Stage::Lead, |t| t.from);
                // A lead is written at the highest tier it reached, as an open one is.
                let open = open_claims(from, record.history().highest_tier());
                // Failing a label, a row's own stage stays: the status says it closed.
                stage_label(&open).or_else(|| Some(row.stage.clone()).filter(|s| !s.trim().is_empty()))
            }
            None => None,
        };
        match stage {
            Some(stage) => row.stage = stage,
            None if spec.unlabelled == Unlabelled::Refuse => {
                return Err(ExportError::NoLabel {
                    record: record.id().to_string(),
                    stage: record.stage(),
                    mapping: Excerpt::new(self.mapping.name()),
                });
            }
            // No label says what the record is: the row keeps its stage and status, and
            // the rest is written.
            None => {
                self.forecast(record, row);
                return Ok(());
            }
        }
        if !spec.statuses.is_empty() {
            // An open record keeps a status that decides nothing (a HubSpot lead status of
            // `CONNECTED`, say); a status that decides is rewritten.
            let deciding = row
                .status
                .as_deref()
                .is_some_and(|s| self.mapping.status_label(s).is_none_or(|l| l.means.is_some()));
            let open = spec.statuses.iter().find(|s| s.means.is_none());
            if let Some(label) = status.or(open.filter(|_| deciding || row.status.is_none())) {
                row.status = Some(label.label.clone());
            }
        }
        self.forecast(record, row);
        Ok(())
    }

    /// Writes the forecast category of `record`: a person's call on an open deal, never a
    /// suggestion (the crate does not overwrite a call with its own reading); out of the
    /// forecast for a record that is not a deal; the outcome for a closed one.
    fn forecast(&self, record: &Record, row: &mut CrmRow) {
        if let Some(choice) = &self.mapping.spec().forecast {
            let meaning = match record {
                Record::Won(_) => Some(ForecastMeaning::Won),
                Record::Lost(_) | Record::Disqualified(_) => Some(ForecastMeaning::Lost),
                Record::Lead(_) | Record::Prospect(_) => {
                    Some(ForecastMeaning::Open(ForecastCategory::Omitted))
                }
                Record::Discovery(_) | Record::Opportunity(_) => record
                    .history()
                    .forecast_call()
                    .map(|(_, c)| ForecastMeaning::Open(c)),
            };
            if let Some(label) = meaning.and_then(|m| choice.label(m)) {
                row.fields.insert(choice.column.clone(), label.to_owned());
            }
        }
    }

    /// Writes the evidence fields of `record`. A piece of evidence the record holds as
    /// the row reads (the same need, the same budget, no authority where the row names a
    /// person without access, the decision date the row's period gives) leaves the row's
    /// fields as they are; any other is written, each field keeping its old text when it
    /// reads as the same value. A timeline's period is never written: a decision date goes
    /// to the mapping's decision date field, if it has one.
    fn write_evidence(
        &self,
        record: &Record,
        base: Option<&CrmRow>,
        kept: &[EvidenceKind],
        row: &mut CrmRow,
    ) {
        let spec = self.mapping.spec();
        let e = &spec.evidence;
        let f = &spec.formats;
        let read = base.and_then(|b| self.read(b).ok());
        let as_read = |same: &dyn Fn(&crate::crm::read::Reading) -> bool| read.as_ref().is_some_and(same);
        let need = record.need().map(|n| n.problem.clone());
        let budget = record.budget().map(|b| b.status.clone());
        let authority = record.authority().map(|a| (a.person.clone(), a.access));
        let decide_by = record.timeline().map(|t| t.decide_by);
        let fit = record.fit().map(|fit| &fit.profile);
        // Evidence the record kept from an earlier import while the CRM moved on is the
        // CRM's newer word: it is not written back over.
        let held = |kind| kept.contains(&kind);
        let keep_need = held(EvidenceKind::Need) || as_read(&|r| r.need == need);
        let keep_budget = held(EvidenceKind::Budget) || as_read(&|r| r.budget == budget);
        let keep_authority = held(EvidenceKind::Authority) || as_read(&|r| r.authority == authority);
        let keep_timeline = held(EvidenceKind::Timeline) || as_read(&|r| r.decide_by == decide_by);
        let keep_profile = held(EvidenceKind::Fit) || as_read(&|r| r.profile.as_ref() == fit);
        let old = |column: &str| base.and_then(|b| b.fields.get(column)).map(String::as_str);
        // A field the row did not have, or held blank or as one of its placeholders, stays
        // as it is while the record has nothing to say.
        let mut put = |column: &str, new: Option<String>, same: &dyn Fn(&str) -> bool, says: bool| {
            let unsaid = |v: &str| v.trim().is_empty() || self.mapping.is_placeholder(column, v);
            if !says && old(column).is_none_or(unsaid) {
                return;
            }
            match keep(old(column), new, same) {
                Some(v) => row.fields.insert(column.to_owned(), v),
                None => row.fields.remove(column),
            };
        };
        if let Some(column) = e.need.as_ref().filter(|_| !keep_need) {
            let says = need.is_some();
            put(
                column,
                need.clone(),
                &|t| Some(t.trim()) == need.as_deref().map(str::trim),
                says,
            );
            // A need written is one that matters: a level that already says so stays as
            // written. (A need the record lacks is never written: see `write`.)
            if let Some(level) = e.need_level.as_ref().filter(|_| says) {
                let label = level.label(NeedMeaning::Matters).map(str::to_owned);
                let matters = |t: &str| level.read(t) == Some(NeedMeaning::Matters);
                put(&level.column, label, &matters, true);
            }
        }
        if let Some(choice) = e.budget.as_ref().filter(|_| !keep_budget) {
            let meaning = match &budget {
                Some(BudgetStatus::Approved { .. } | BudgetStatus::ApprovedAmountUnknown { .. }) => {
                    BudgetMeaning::Approved
                }
                Some(BudgetStatus::Sought { .. }) => BudgetMeaning::Sought,
                None => BudgetMeaning::None,
            };
            let label = choice.label(meaning).map(str::to_owned);
            let says = meaning != BudgetMeaning::None;
            put(&choice.column, label, &|t| choice.read(t) == Some(meaning), says);
            let unknown = matches!(&budget, Some(BudgetStatus::ApprovedAmountUnknown { .. }));
            let was_approved = as_read(&|r| matches!(r.budget, Some(BudgetStatus::Approved { .. })));
            match e.budget_amount.as_ref() {
                // An approved budget whose amount the crate does not know leaves the CRM's
                // amount as written when it says nothing (blank, `TBD`) or when the CRM
                // itself holds the budget approved for it. A figure the CRM held for another
                // status is cleared: written beside the approved label it would read as an
                // approval for that figure, which nobody said.
                Some(column) if unknown && !was_approved => {
                    let unread = |t: &str| format::amount(f.decimal, t).is_none();
                    put(column, None, &unread, false);
                }
                Some(_) if unknown => {}
                Some(column) => {
                    let amount = record.deal_amount();
                    let text = amount.map(|m| format::write_amount(f.decimal, m.amount()));
                    let same = |t: &str| format::amount(f.decimal, t) == amount.map(|m| m.amount());
                    put(column, text, &same, amount.is_some());
                }
                None => {}
            }
        }
        if let (Some(person), Some(choice)) = (&e.authority, &e.access)
            && !keep_authority
        {
            let says = authority.is_some();
            let name = authority.as_ref().map(|(p, _)| p.clone());
            put(
                person,
                name.clone(),
                &|t| Some(t.trim()) == name.as_deref().map(str::trim),
                says,
            );
            let access = authority.as_ref().map(|(_, a)| *a);
            let label = choice.label(access).map(str::to_owned);
            put(&choice.column, label, &|t| choice.read(t) == Some(access), says);
        }
        let profile = fit.filter(|_| !keep_profile);
        for p in spec.profile.iter().filter(|_| !keep_profile) {
            let number = |d: Option<rust_decimal::Decimal>| d.map(|d| format::write_amount(f.decimal, d));
            let text = match (&p.field, profile) {
                (_, None) => None,
                (Field::Employees, Some(pr)) => pr.employees.map(|n| n.to_string()),
                (Field::AnnualRevenue, Some(pr)) => number(pr.annual_revenue),
                (Field::Industry, Some(pr)) => pr.industry.clone(),
                (Field::Country, Some(pr)) => pr.country.clone(),
                (Field::JobTitle, Some(pr)) => pr.job_title.clone(),
                (Field::EmailDomain, Some(pr)) => pr.email_domain.clone(),
                (Field::Seniority, Some(pr)) => pr.seniority.map(|s| s.as_str().to_owned()),
                (Field::Custom(name), Some(pr)) => pr.custom.get(name).map(|v| match v {
                    Value::Text(t) => t.clone(),
                    Value::Number(d) => format::write_amount(f.decimal, *d),
                    Value::Bool(b) => b.to_string(),
                }),
            };
            // The old text is kept when it reads as the same fact: the same number, the
            // same level, the same words.
            let same = |old: &str| match (&p.field, &text) {
                (_, None) => false,
                (Field::Employees | Field::AnnualRevenue | Field::Custom(_), Some(new)) => {
                    old.trim() == new
                        || format::amount(f.decimal, old)
                            .is_some_and(|a| format::amount(f.decimal, new) == Some(a))
                }
                (Field::Seniority, Some(new)) => {
                    old.parse::<Seniority>().ok().map(|s| s.as_str()) == Some(new)
                }
                (_, Some(new)) => old.trim() == new,
            };
            let says = text.is_some();
            put(&p.column, text.clone(), &same, says);
        }
        if let Some(column) = e.decide_by.as_ref().filter(|_| !keep_timeline) {
            let t = decide_by;
            put(
                column,
                t.map(|t| format::write_date(f, t)),
                &|text| format::date(f, text) == t,
                t.is_some(),
            );
        }
    }
}

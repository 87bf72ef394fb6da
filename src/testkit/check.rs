//! The checkers: every invariant of one record, or of a pipeline, judged on the raw form.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::states::raw::{EventTag, RawBudgetStatus, RawEvent, RawRecord};
use crate::states::{Record, RecordProblem, Stage};
use crate::testkit::weighted::weighted_pipeline;
use crate::testkit::{Invariant, Violation};
use crate::values::{Currency, Money, Total};

/// Every invariant one record breaks, judged on its raw form, so that a record which
/// would not load strictly is judged too.
///
/// It names what the loader finds ([`RawRecord::problems`], each problem under its
/// [`Invariant`]) and adds what the loader does not judge: the estimates every step of
/// the history recorded, a won deal closed from an opportunity, hand-offs to someone
/// else, and the round trip through the wire form. Empty when the record holds every
/// invariant. It reads no clock and needs no policy; nothing in it panics, whatever the
/// record holds.
///
/// ```
/// use qualify::testkit::{Invariant, check_record};
/// use qualify::{Contact, Lead, RawRecord, Record, Source, Timestamp};
///
/// let lead = Lead::builder("crm-1".parse()?, Contact::new("Ada", "ada@example.com"), Source::Form,
///     "2026-11-25T09:00:00Z".parse::<Timestamp>()?).build();
/// let mut raw = RawRecord::from(Record::from(lead));
/// assert!(check_record(&raw).is_empty());
///
/// raw.captured_at = "yesterday".into();
/// let found = check_record(&raw);
/// assert_eq!(found[0].invariant, Invariant::Readable);
/// assert_eq!(
///     found[0].to_string(),
///     "crm-1: readable: captured_at: invalid timestamp \"yesterday\": \
///      expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\""
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_record(raw: &RawRecord) -> Vec<Violation> {
    let id = raw.id.as_str();
    let mut found: Vec<Violation> = raw
        .problems()
        .into_iter()
        .map(|p| Violation::new(invariant_of(&p, raw), id, p.to_string()))
        .collect();
    recorded_estimates(raw, &mut found);
    closed_from(raw, &mut found);
    round_trip(raw, &mut found);
    found
}

/// Every invariant a pipeline breaks: each record's ([`check_record`]), two records with
/// one id, and a weighted pipeline ([`weighted_pipeline`]) that is not exactly the sum
/// of its open deals (worked out again from the raw form) or that counts a closed one.
///
/// ```
/// use qualify::testkit::{Invariant, check_pipeline};
/// use qualify::{Contact, Lead, RawRecord, Record, Source, Timestamp};
///
/// let at: Timestamp = "2026-11-25T09:00:00Z".parse()?;
/// let lead = |id: &str| -> Result<RawRecord, qualify::ValueError> {
///     let lead = Lead::builder(id.parse()?, Contact::new("Ada", "ada@example.com"), Source::Form, at);
///     Ok(RawRecord::from(Record::from(lead.build())))
/// };
/// assert!(check_pipeline(&[lead("crm-1")?, lead("crm-2")?]).is_empty());
/// let found = check_pipeline(&[lead("crm-1")?, lead("crm-1")?]);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].invariant, Invariant::UniqueIds);
/// assert_eq!(found[0].to_string(), "crm-1: unique-ids: records 0 and 1 share the id \"crm-1\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_pipeline(records: &[RawRecord]) -> Vec<Violation> {
    let mut found: Vec<Violation> = records.iter().flat_map(check_record).collect();
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, raw) in records.iter().enumerate() {
        if let Some(j) = first.get(raw.id.as_str()) {
            let message = format!("records {j} and {i} share the id {:?}", raw.id);
            found.push(Violation::new(Invariant::UniqueIds, &raw.id, message));
        } else {
            first.insert(raw.id.as_str(), i);
        }
    }
    weighted(records, &mut found);
    found
}

/// The invariant a loader problem breaks: by its kind, and for the history by where it
/// was found.
fn invariant_of(problem: &RecordProblem, raw: &RawRecord) -> Invariant {
    match problem {
        RecordProblem::MissingEvidence { .. } | RecordProblem::Hollow(_) => Invariant::Evidence,
        RecordProblem::ProbabilityNotOpen { .. }
        | RecordProblem::BelowLine { .. }
        | RecordProblem::NotTheOpeningEstimate { .. } => Invariant::OpenEstimate,
        RecordProblem::RecordedAfterTheRecord { .. }
        | RecordProblem::AssumedFitWithoutImport
        | RecordProblem::FitAndAssumedFit => Invariant::Evidence,
        RecordProblem::ZeroAmount | RecordProblem::CurrencyMismatch { .. } => Invariant::WonDeal,
        RecordProblem::History { field, problem } => history_invariant(field, problem, raw),
        _ => Invariant::Readable,
    }
}

/// The invariant a history problem at `field` breaks.
fn history_invariant(field: &str, problem: &str, raw: &RawRecord) -> Invariant {
    if field.ends_with(".at") {
        return Invariant::TimeOrder;
    }
    if field == "owner" {
        return Invariant::HandOffs;
    }
    let event = field
        .strip_prefix("history[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| raw.history.get(i));
    match event.map(tag) {
        Some(EventTag::HandOff) => Invariant::HandOffs,
        Some(EventTag::Tier) => Invariant::TierMilestones,
        // The loader's words for a step no transition makes (`moves lead -> won, which no
        // transition does`); every other problem of a step is one of the chain.
        Some(_) if problem.ends_with("which no transition does") => Invariant::LegalSteps,
        _ => Invariant::Chain,
    }
}

/// The kind of a raw event. Format 1 wrote only transitions, without a tag; an untagged
/// event in a later format is unreadable to the loader, and judged here as a step.
fn tag(event: &RawEvent) -> EventTag {
    event.event.unwrap_or(EventTag::Transition)
}

/// Notes every estimate a step into an open deal recorded that is certain, or below the
/// line recorded with it.
fn recorded_estimates(raw: &RawRecord, found: &mut Vec<Violation>) {
    for (i, e) in raw.history.iter().enumerate() {
        let opens = matches!(e.to, Some(Stage::Discovery | Stage::Opportunity));
        if tag(e) != EventTag::Transition || !opens {
            continue;
        }
        let Some(p) = e.probability.as_deref().and_then(decimal) else {
            continue;
        };
        let path = format!("history[{i}].probability");
        if p <= Decimal::ZERO || p >= Decimal::ONE {
            let message = format!("{path} {p} is not strictly between 0 and 1");
            found.push(Violation::new(Invariant::OpenEstimate, &raw.id, message));
        } else if let Some(line) = e.threshold.as_deref().and_then(decimal)
            && p < line
        {
            let message = format!("{path} {p} is below the line {line} recorded with it");
            found.push(Violation::new(Invariant::OpenEstimate, &raw.id, message));
        }
    }
}

/// Notes a won deal whose last step was not from an opportunity.
fn closed_from(raw: &RawRecord, found: &mut Vec<Violation>) {
    if raw.stage != Stage::Won {
        return;
    }
    let last = raw.history.iter().rev().find(|e| tag(e) == EventTag::Transition);
    match last.and_then(|e| e.from) {
        Some(Stage::Opportunity) => {}
        Some(from) => {
            let message = format!("won deal was closed from {from}, not from an opportunity");
            found.push(Violation::new(Invariant::WonDeal, &raw.id, message));
        }
        None => {
            let message = "won deal records no step that closed it";
            found.push(Violation::new(Invariant::WonDeal, &raw.id, message));
        }
    }
}

/// Notes a record that loads but does not come back unchanged from its wire form: the
/// round trip serde makes (a record serializes as its raw form, and deserializes by
/// checking it).
fn round_trip(raw: &RawRecord, found: &mut Vec<Violation>) {
    let Ok(record) = raw.clone().check() else {
        return;
    };
    let written = RawRecord::from(&record);
    match written.clone().check() {
        Ok(back) if back == record => {}
        Ok(_) => {
            let message = "reads back from its wire form as a different record";
            found.push(Violation::new(Invariant::RoundTrip, &raw.id, message));
        }
        Err(e) => {
            let message = format!("does not read back from its wire form: {e}");
            found.push(Violation::new(Invariant::RoundTrip, &raw.id, message));
        }
    }
}

/// Notes a weighted pipeline that is not the sum of the open deals, worked out again from
/// the raw form, or that counts a closed deal.
fn weighted(records: &[RawRecord], found: &mut Vec<Violation>) {
    let loaded: Vec<Record> = records.iter().filter_map(|r| r.clone().check().ok()).collect();
    let mut pipeline = |message: String| {
        found.push(Violation::new(Invariant::WeightedPipeline, "", message));
    };
    let closed: Vec<Record> = loaded.iter().filter(|r| !r.stage().is_open()).cloned().collect();
    match weighted_pipeline(&closed) {
        Ok(sums) if sums.is_empty() => {}
        Ok(sums) => pipeline(format!("counts closed deals: {}", listed(&sums))),
        Err(e) => pipeline(format!("counts closed deals, and {e}")),
    }
    let expected = match raw_sums(records) {
        Some(sums) => sums,
        None => return pipeline("the open deals' sum overflows".into()),
    };
    match weighted_pipeline(&loaded) {
        Ok(sums) if sums == expected => {}
        Ok(sums) => pipeline(format!(
            "is {}, but the open deals sum to {}",
            listed(&sums),
            listed(&expected)
        )),
        Err(e) => pipeline(e.to_string()),
    }
}

/// The open deals' weighted amounts per currency, from the raw form of the records that
/// load; `None` on overflow.
fn raw_sums(records: &[RawRecord]) -> Option<Vec<Money>> {
    let mut sums: BTreeMap<Currency, Total> = BTreeMap::new();
    for raw in records {
        let open = matches!(raw.stage, Stage::Discovery | Stage::Opportunity);
        if !open || raw.clone().check().is_err() {
            continue;
        }
        let money = raw.budget.as_ref().and_then(|b| match &b.status {
            RawBudgetStatus::Approved { amount } => Some(amount),
            RawBudgetStatus::ApprovedAmountUnknown { .. } => None,
            RawBudgetStatus::Sought { amount } => amount.as_ref(),
        });
        let (Some(money), Some(p)) = (money, raw.probability.as_deref().and_then(decimal)) else {
            continue;
        };
        let (Some(amount), Ok(currency)) = (decimal(&money.amount), Currency::new(&money.currency)) else {
            continue;
        };
        let sum = sums.entry(currency).or_default();
        *sum = sum.checked_add(Total::product(amount, p).ok()?)?;
    }
    sums.into_iter()
        .map(|(c, s)| Money::new(s.to_decimal()?, c).ok())
        .collect()
}

fn decimal(text: &str) -> Option<Decimal> {
    crate::values::decimal::parse(text).ok()
}

fn listed(sums: &[Money]) -> String {
    if sums.is_empty() {
        return "nothing".into();
    }
    sums.iter().map(Money::to_string).collect::<Vec<_>>().join(", ")
}

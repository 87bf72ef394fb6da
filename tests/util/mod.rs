//! Fixtures shared by the integration tests. Each builder panics with the caller's
//! location if the crate refuses what the fixture expects it to accept.
#![allow(dead_code)]

use qualify::{
    Access, Actor, Authority, Budget, BudgetStatus, Checklist, Condition, Contact, CriterionSpec, Currency,
    Field, Fit, Lead, Method, Money, Need, Opportunity, Policy, PolicySpec, Profile, Prospect, Provenance,
    Rejected, Seniority, Signal, Source, Timeline, Timestamp,
};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

use core::fmt::Debug;

/// A custom field, by name.
pub fn custom(name: &str) -> Field {
    Field::Custom(name.into())
}

/// An inclusive range; `None` leaves that end open.
pub fn range(min: Option<&str>, max: Option<&str>) -> Condition {
    Condition::Range {
        min: min.map(dec),
        max: max.map(dec),
    }
}

/// A condition met by exactly `value`.
pub fn equals(value: &str) -> Condition {
    Condition::Equals(value.into())
}

/// A condition met by any of `values`.
pub fn one_of(values: &[&str]) -> Condition {
    Condition::OneOf(values.iter().map(|v| (*v).to_owned()).collect())
}

/// A fit criterion with its weight written as a decimal.
pub fn criterion(name: &str, field: Field, condition: Condition, weight: &str) -> CriterionSpec {
    CriterionSpec::new(name, field, condition, dec(weight))
}

/// Parses an RFC 3339 timestamp.
#[track_caller]
pub fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A checked record id.
#[track_caller]
pub fn id(text: &str) -> qualify::RecordId {
    text.parse().unwrap()
}

/// The `now` most tests run at.
pub fn now() -> Timestamp {
    ts("2026-11-25T09:00:00Z")
}

/// Parses a decimal.
#[track_caller]
pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn rep() -> Actor {
    Actor::new("rep@acme.example")
}

pub fn eur(amount: &str) -> Money {
    Money::new(dec(amount), Currency::new("EUR").unwrap()).unwrap()
}

/// Provenance recorded by the rep at `at` on a call.
pub fn said(at: Timestamp) -> Provenance {
    Provenance::new(rep(), at, Method::Call)
}

/// A profile that passes the default policy: 75 points, 4 criteria met (no job title, so
/// below the strong-fit bonus at 80).
pub fn good_profile() -> Profile {
    Profile::new()
        .employees(2_400)
        .industry("Software")
        .country("DE")
        .seniority(Seniority::VicePresident)
}

pub fn fit(profile: Profile) -> Fit {
    Fit {
        profile,
        provenance: said(now()),
    }
}

pub fn new_lead() -> Lead {
    Lead::builder(
        id("crm-lead-1"),
        Contact::new("Ada Park", "ada@northwind.example"),
        Source::Form,
        ts("2026-11-20T10:00:00Z"),
    )
    .company("Northwind")
    .owner("sdr-7")
    .build()
}

pub fn lead_with_fit(profile: Profile) -> Lead {
    let mut lead = new_lead();
    lead.record_fit(fit(profile));
    lead
}

#[track_caller]
pub fn prospect() -> Prospect {
    lead_with_fit(good_profile())
        .qualify(&Policy::default(), now(), &rep())
        .unwrap()
}

/// Need, approved budget, decision maker, and a decision date 60 days out: 0.95 under
/// the default policy.
pub fn full_checklist() -> Checklist {
    Checklist {
        need: Some(Need {
            problem: "month-end close takes 9 days".into(),
            provenance: said(now()),
        }),
        budget: Some(Budget {
            status: BudgetStatus::Approved { amount: eur("60000") },
            provenance: said(now()),
        }),
        authority: Some(Authority {
            person: "CFO".into(),
            access: Access::DecisionMaker,
            provenance: said(now()),
        }),
        timeline: Some(Timeline {
            decide_by: ts("2027-01-24T00:00:00Z"),
            provenance: said(now()),
        }),
    }
}

#[track_caller]
pub fn prospect_with(evidence: Checklist) -> Prospect {
    let mut p = prospect();
    *p.evidence_mut() = evidence;
    p
}

#[track_caller]
pub fn opportunity() -> Opportunity {
    prospect_with(full_checklist())
        .promote(&Policy::default(), now(), &rep())
        .unwrap()
}

/// The default policy's spec, to edit.
pub fn default_spec() -> PolicySpec {
    Policy::default().spec().clone()
}

/// A policy with staged mode on.
#[track_caller]
pub fn staged_policy() -> Policy {
    let mut spec = default_spec();
    spec.opportunity.staged = true;
    Policy::new(spec).unwrap()
}

/// A checked reason.
#[track_caller]
pub fn reason(text: &str) -> qualify::Reason {
    qualify::Reason::new(text).unwrap()
}

/// Need and a decision date 60 days out, nothing else: 0.6 under the default policy, enough
/// for a discovery opportunity under `staged_policy()`, not for a qualified one.
pub fn need_and_timeline() -> Checklist {
    Checklist {
        budget: None,
        authority: None,
        ..full_checklist()
    }
}

/// A discovery opportunity (need and timeline only), opened under `staged_policy()` at `now()`.
#[track_caller]
pub fn discovery() -> qualify::Discovery {
    prospect_with(need_and_timeline())
        .open_discovery(&staged_policy(), now(), &rep())
        .unwrap()
}

/// Returns, from the function it is in, an error naming both sides unless they are equal.
macro_rules! same {
    ($left:expr, $right:expr) => {
        let (left, right) = ($left, $right);
        if left != right {
            return Err(format!(
                "{} is {left:?} but {} is {right:?}",
                stringify!($left),
                stringify!($right)
            ));
        }
    };
}

/// Checks that `explain` reports what `assess` computes: the same scores, counts, tier and
/// verdict, in its totals and in the sums of its lines, with one line per criterion,
/// knockout and signal.
///
/// # Errors
///
/// The first difference found, naming both sides.
pub fn agree(policy: &Policy, profile: &Profile, signals: &[Signal], now: Timestamp) -> Result<(), String> {
    let a = policy.assess(profile, signals, now);
    let e = policy.explain(profile, signals, now);
    same!(e.fit.score, a.fit_score());
    same!(e.fit.met, a.criteria_met());
    same!(e.fit.passed, a.fit_passed());
    same!(e.engagement.score, a.engagement_score());
    same!(e.engagement.tier, a.tier());
    same!(e.qualifies, a.qualifies());
    same!(e.fit.criteria().len(), policy.spec().fit.criteria.len());
    same!(e.fit.knockouts().len(), policy.spec().fit.knockouts.len());
    same!(e.engagement.signals.len(), signals.len());
    same!(
        e.fit.knockouts().filter(|k| k.hit).count(),
        a.knockouts_hit() as usize
    );
    same!(
        e.fit.criteria().filter(|c| c.met).count(),
        a.criteria_met() as usize
    );
    same!(e.fit.criteria().map(|c| c.points).sum::<Decimal>(), a.fit_score());
    same!(
        e.engagement.signals.iter().map(|s| s.counted).sum::<Decimal>(),
        a.engagement_score()
    );
    same!(a.qualifies(), a.fit_passed() && a.knockouts_hit() == 0);
    if e.fit.criteria().any(|c| c.required && !c.met) {
        same!(a.fit_passed(), false);
    }
    Ok(())
}

/// Runs a transition that must refuse, and checks that the refusal hands back exactly the
/// input it consumed and names at least one reason.
#[track_caller]
#[allow(clippy::result_large_err)]
pub fn refuse<T, U>(input: T, transition: impl FnOnce(T) -> Result<U, Rejected<T>>) -> Rejected<T>
where
    T: Clone + PartialEq + Debug,
    U: Debug,
{
    let before = input.clone();
    let err = match transition(input) {
        Ok(next) => panic!("expected a refusal, got {next:?}"),
        Err(err) => err,
    };
    assert!(err.input() == &before, "input() differs from the input");
    assert!(
        err.clone().into_input() == before,
        "into_input() differs from the input"
    );
    assert!(!err.unmet().is_empty(), "a refusal with no reason");
    err
}

/// A value as a JSON tree.
#[track_caller]
pub fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

/// The message of a JSON that must not deserialize as `T`.
#[track_caller]
pub fn refusal<T: DeserializeOwned + Debug>(json: serde_json::Value) -> String {
    match serde_json::from_value::<T>(json) {
        Ok(value) => panic!("expected a refusal, got {value:?}"),
        Err(err) => err.to_string(),
    }
}

/// The JSON of `value` with `edit` applied to its top-level object.
#[track_caller]
pub fn edited<T: Serialize>(
    value: &T,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> serde_json::Value {
    let mut json = to_json(value);
    edit(json.as_object_mut().expect("a state is a JSON object"));
    json
}

/// A Salesforce opportunity row (`presets::salesforce_opportunities`) in USD closing on
/// 2027-01-31, with the account's profile (5,000 employees, software, US), a need, and
/// `fields` beside them.
#[allow(dead_code)]
pub fn salesforce_row(id: &str, stage: &str, fields: &[(&str, &str)]) -> qualify::crm::CrmRow {
    let mut row = qualify::crm::CrmRow::new(id, stage);
    row.amount = Some("20000".into());
    row.currency = Some("USD".into());
    row.close_date = Some("2027-01-31".into());
    let account = [
        ("Account.NumberOfEmployees", "5000"),
        ("Account.Industry", "software"),
        ("Account.BillingCountry", "US"),
        ("Qualify_Need__c", "churn reporting takes two analysts"),
        // The buyer's decision date, a field of its own: the close date is not a timeline.
        ("Qualify_Decide_By__c", "2027-01-31"),
    ];
    for (k, v) in account.iter().chain(fields) {
        row.fields.insert((*k).into(), (*v).into());
    }
    row
}

/// Checks that an imported `record` loads back from its wire form unchanged and keeps every
/// invariant the test kit checks; `row` names it in a failure.
pub fn loads_back(record: &qualify::Record, row: &str) {
    let json = serde_json::to_value(record).unwrap();
    let back: qualify::Record = serde_json::from_value(json).unwrap();
    assert_eq!(&back, record, "{row}");
    let raw = qualify::RawRecord::from(record);
    assert_eq!(qualify::testkit::check_record(&raw), Vec::new(), "{row}");
}

/// What an import found unreadable, as a person reads each finding.
pub fn unreadable(imported: &qualify::crm::Imported) -> Vec<String> {
    imported
        .findings
        .iter()
        .filter(|f| matches!(f, qualify::crm::Finding::Unreadable { .. }))
        .map(ToString::to_string)
        .collect()
}

//! Records that say nothing, or that a host wrote wrong: a reason that is a placeholder, a
//! transition by an actor who names no one, and stored records with unknown fields and numbers of the wrong
//! type, each refused with every problem named.
#![cfg(all(feature = "serde", feature = "proptest"))]
// The closures handed to `refuse` return the transitions' own `Result`, whose `Err` side
// holds the input by design (DESIGN.md), as `src/lib.rs` allows too.
#![allow(clippy::result_large_err)]

mod util;

use proptest::prelude::*;
use proptest::sample::select;
use qualify::raw::RawFit;
use qualify::testkit::strategy::{StageMix, reasons, records};
use qualify::{
    Actor, Checklist, ForecastCategory, Lead, Opportunity, PLACEHOLDERS, Policy, RawRecord, Reason, Record,
    Timestamp, Triage, is_placeholder, limits,
};
use serde_json::json;
use util::*;

/// Text that says nothing: blank, a placeholder in any case with stray spaces and stops,
/// or text with no letter or digit (a lone zero-width space, `???`).
fn hollow_text() -> BoxedStrategy<String> {
    prop_oneof![
        "[ \t\r\n]{0,4}",
        (select(&PLACEHOLDERS[..]), any::<bool>(), "[ ]{0,2}", "[.!]{0,2}").prop_map(
            |(p, upper, pad, stop)| {
                let p = if upper { p.to_uppercase() } else { p.to_owned() };
                format!("{pad}{p}{stop}{pad}")
            }
        ),
        "[\u{200B}\u{2060}?\\-.*/#_~]{1,6}",
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------

#[test]
fn a_placeholder_reason_is_refused_like_a_placeholder_need() {
    assert_eq!(
        Reason::new("TBD").unwrap_err().to_string(),
        "reason \"TBD\" is a placeholder"
    );
    assert_eq!(
        Reason::new("\u{200B}").unwrap_err().to_string(),
        "reason \"\\u{200b}\" is a placeholder"
    );
    assert_eq!(Reason::new("   ").unwrap_err().to_string(), "reason is blank");
    // Quoted through the echo cap: 64 bytes of it, and its length.
    let long = "?".repeat(300);
    assert_eq!(
        Reason::new(long.as_str()).unwrap_err().to_string(),
        format!("reason \"{}…\" (300 bytes) is a placeholder", "?".repeat(64))
    );
    // A stored reason is read with the same rule.
    let json = edited(
        &new_lead().disqualify(reason("spam bot"), now(), &rep()).unwrap(),
        |o| {
            o["reason"] = json!("n/a");
        },
    );
    assert_eq!(
        refusal::<Record>(json),
        "invalid disqualified record: reason: reason \"n/a\" is a placeholder"
    );
}

proptest! {
    #[test]
    fn a_reason_that_says_nothing_is_refused(text in hollow_text()) {
        prop_assert!(Reason::new(text.as_str()).is_err(), "{:?}", text);
        // Hollow as a need, too: one rule.
        prop_assert!(text.trim().is_empty() || is_placeholder(&text), "{:?}", text);
    }

    #[test]
    fn a_reason_is_refused_exactly_when_it_says_nothing(
        text in prop_oneof![hollow_text(), "\\PC{0,40}", reasons().prop_map(|r| r.as_str().to_owned())]
    ) {
        let hollow = text.trim().is_empty() || is_placeholder(&text);
        prop_assert_eq!(Reason::new(text.as_str()).is_err(), hollow, "{:?}", text);
        prop_assert_eq!(text.parse::<Reason>().is_err(), hollow);
    }
}

// ---------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------

/// Ids that name no one: blank, or with no letter or digit (a lone zero-width space, `?`).
fn anonymous() -> BoxedStrategy<Actor> {
    prop_oneof!["[ \t\r\n]{0,4}", "[ \u{200B}\u{2060}?\\-.*/#_~]{1,6}"]
        .prop_map(Actor::new)
        .boxed()
}

/// The refusal a transition by `by` must list.
fn unattributed(by: &Actor) -> String {
    if by.as_str().trim().is_empty() {
        "actor is blank".to_owned()
    } else {
        format!("actor {:?} names no one", by.as_str())
    }
}

/// The record's latest instant, a day on: no transition is refused for time running
/// backwards.
fn after(record: &Record) -> Timestamp {
    let latest = record
        .history()
        .entries()
        .iter()
        .map(|e| e.at)
        .chain([record.captured_at()])
        .max()
        .unwrap();
    Timestamp::from_unix_seconds(latest.as_unix_seconds() + 86_400).unwrap()
}

/// Asserts that an in-place change by `by` was refused naming the actor, and left the
/// record as it was.
#[track_caller]
fn refused_in_place<T: PartialEq + core::fmt::Debug, U: core::fmt::Debug, I>(
    before: &T,
    after: &T,
    result: Result<U, qualify::Rejected<I>>,
    by: &Actor,
) {
    let err = result
        .map(|_| ())
        .expect_err("a transition by nobody must be refused");
    assert!(
        err.unmet().iter().any(|u| u.to_string() == unattributed(by)),
        "{:?}",
        err.unmet()
    );
    assert_eq!(before, after);
}

/// Every transition and every event `record` can take, by `by`: each must be refused,
/// naming the actor, with the input handed back.
fn every_transition_by(policy: &qualify::Policy, record: Record, by: &Actor) {
    let now = after(&record);
    let named = |unmet: &[qualify::Unmet]| unmet.iter().any(|u| u.to_string() == unattributed(by));
    let why = reason("territory change");
    match record {
        Record::Lead(lead) => {
            assert!(named(
                refuse(lead.clone(), |l| l.qualify(policy, now, by)).unmet()
            ));
            assert!(named(
                refuse(lead.clone(), |l| l.disqualify(why.clone(), now, by)).unmet()
            ));
            match lead.clone().triage(policy, now, by) {
                Triage::Undecided(err) => {
                    assert!(named(err.unmet()));
                    assert_eq!(err.into_input(), lead);
                }
                other => panic!("a triage by nobody moved the lead: {other:?}"),
            }
            let mut l = lead.clone();
            let result = l.record_tier(policy, now, by);
            refused_in_place(&lead, &l, result, by);
            let result = l.hand_off(Some(Actor::new("ae-9")), why, now, by);
            refused_in_place(&lead, &l, result, by);
        }
        Record::Prospect(p) => {
            assert!(named(refuse(p.clone(), |p| p.promote(policy, now, by)).unmet()));
            assert!(named(
                refuse(p.clone(), |p| p.open_discovery(policy, now, by)).unmet()
            ));
            assert!(named(
                refuse(p.clone(), |p| p.disqualify(why.clone(), now, by)).unmet()
            ));
            let mut q = p.clone();
            let result = q.record_tier(policy, now, by);
            refused_in_place(&p, &q, result, by);
            let result = q.hand_off(Some(Actor::new("ae-9")), why, now, by);
            refused_in_place(&p, &q, result, by);
        }
        Record::Discovery(d) => {
            assert!(named(refuse(d.clone(), |d| d.confirm(policy, now, by)).unmet()));
            assert!(named(refuse(d.clone(), |d| d.lose(why.clone(), now, by)).unmet()));
            assert!(named(
                refuse(d.clone(), |d| d.demote(why.clone(), now, by)).unmet()
            ));
            let mut e = d.clone();
            let result = e.call_forecast(ForecastCategory::Commit, now, by);
            refused_in_place(&d, &e, result, by);
            let result = e.record_tier(policy, now, by);
            refused_in_place(&d, &e, result, by);
            let result = e.hand_off(Some(Actor::new("ae-9")), why, now, by);
            refused_in_place(&d, &e, result, by);
        }
        Record::Opportunity(o) => {
            let amount = o.budget().status.clone();
            let amount = match amount {
                qualify::BudgetStatus::Approved { amount } => amount,
                _ => eur("1000"),
            };
            assert!(named(refuse(o.clone(), |o| o.win(amount, now, by)).unmet()));
            assert!(named(refuse(o.clone(), |o| o.lose(why.clone(), now, by)).unmet()));
            assert!(named(
                refuse(o.clone(), |o| o.demote(why.clone(), now, by)).unmet()
            ));
            let mut p = o.clone();
            let result = p.refresh(Checklist::default(), policy, now, by);
            refused_in_place::<Opportunity, _, _>(&o, &p, result, by);
            let result = p.call_forecast(ForecastCategory::Commit, now, by);
            refused_in_place(&o, &p, result, by);
            let result = p.record_tier(policy, now, by);
            refused_in_place(&o, &p, result, by);
            let result = p.hand_off(Some(Actor::new("ae-9")), why, now, by);
            refused_in_place(&o, &p, result, by);
        }
        Record::Disqualified(d) => {
            assert!(named(refuse(d, |d| d.recycle(why, now, by)).unmet()));
        }
        // Closed deals take no transition.
        Record::Won(_) | Record::Lost(_) => {}
    }
}

#[test]
fn a_transition_by_a_blank_actor_is_refused_naming_the_actor() {
    let err = refuse(lead_with_fit(good_profile()), |l| {
        l.qualify(&qualify::Policy::default(), now(), &Actor::new(" "))
    });
    assert_eq!(err.to_string(), "cannot qualify lead as prospect: actor is blank");
    let err = refuse(opportunity(), |o| {
        o.lose(reason("price"), now(), &Actor::new("--"))
    });
    assert_eq!(err.to_string(), "cannot close as lost: actor \"--\" names no one");
    // Listed with every other unmet requirement, after the time order.
    let err = refuse(new_lead(), |l| {
        l.qualify(
            &qualify::Policy::default(),
            ts("2026-11-01T00:00:00Z"),
            &Actor::new("\u{200B}"),
        )
    });
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: now 2026-11-01T00:00:00Z is earlier than the record's \
         latest time, 2026-11-20T10:00:00Z; actor \"\\u{200b}\" names no one; no fit evidence"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_transition_by_nobody_is_refused_with_its_input_back(
        (policy, record) in records(StageMix::default()),
        by in anonymous(),
    ) {
        every_transition_by(&policy, record, &by);
    }
}

#[test]
fn a_stored_event_by_nobody_does_not_load() {
    let json = edited(&opportunity(), |o| {
        o["history"][0]["by"] = json!("  ");
        o["history"][1]["by"] = json!("?");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: history[0].by is blank; history[1].by \"?\" names no one"
    );
}

#[test]
fn an_id_with_a_letter_or_digit_names_someone() {
    // `x`, `NA` or `test` may be a user's id or initials: unlike an answer, an id is not
    // judged by what it says, only by whether it says anything.
    for by in ["x", "NA", "TBD", "test", "7", "\u{200B}ada"] {
        let by = Actor::new(by);
        let prospect = lead_with_fit(good_profile()).qualify(&qualify::Policy::default(), now(), &by);
        assert!(prospect.is_ok(), "{by:?}");
        let json = to_json(&prospect.unwrap());
        assert!(serde_json::from_value::<Record>(json).is_ok(), "{by:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Unknown fields and numbers of the wrong type
// ---------------------------------------------------------------------------------------

const RECORD_FIELDS: &str = "format, stage, id, owner, contact, company, source, captured_at, signals, \
                             history, fit, assumed_fit, need, budget, authority, timeline, probability, amount, reason";

#[test]
fn the_record_docs_list_every_wire_field_in_order() {
    // `Record`'s "Wire format" names each field it writes in backquoted quotes, in order,
    // beside the stage names and the event kind's key: the fields are what a read accepts.
    let src = include_str!("../src/states/record.rs");
    let start = src.find("/// Every state serializes to one JSON object").unwrap();
    let end = start + src[start..].find("No other field is written").unwrap();
    let not_fields = [
        "lead",
        "prospect",
        "discovery",
        "opportunity",
        "disqualified",
        "won",
        "lost",
        "event",
    ];
    let named: Vec<&str> = src[start..end]
        .split("`\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .filter(|name| !not_fields.contains(name))
        .collect();
    assert_eq!(named.join(", "), RECORD_FIELDS);
}

#[test]
fn an_unknown_field_is_listed_with_every_other_problem() {
    let json = edited(&opportunity(), |o| {
        o.insert("score".into(), json!("1"));
        o.remove("budget");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        format!(
            "invalid opportunity record: unknown field \"score\": expected one of {RECORD_FIELDS}; \
             missing budget evidence"
        )
    );
}

#[test]
fn unknown_fields_anywhere_are_named_by_their_path() {
    let json = edited(&opportunity(), |o| {
        o["contact"]["phone"] = json!("+49 30 1234");
        o["fit"]["profile"]["headcount"] = json!(40);
        o["fit"]["provenance"]["confidence"] = json!("high");
        o["budget"]["status"]["approved"]["note"] = json!("verbal");
        o["budget"]["status"]["approved"]["amount"]["cents"] = json!(0);
        o["history"][1]["colour"] = json!("green");
        o["timeline"]["decide_by"] = json!("soon");
    });
    // Listed in the order read (a JSON tree keeps its keys sorted), then what the checks
    // find.
    assert_eq!(
        refusal::<Record>(json),
        "invalid opportunity record: \
         unknown field \"cents\" in budget.status.approved.amount: expected one of amount, currency; \
         unknown field \"note\" in budget.status.approved: expected one of amount; \
         unknown field \"phone\" in contact: expected one of name, email; \
         unknown field \"headcount\" in fit.profile: expected one of employees, annual_revenue, industry, \
         country, job_title, seniority, email_domain, custom; \
         unknown field \"confidence\" in fit.provenance: expected one of recorded_by, recorded_at, method, \
         valid_until; \
         unknown field \"colour\" in history[1]: expected one of event, from, to, at, by, why, policy, tier, \
         probability, threshold, from_owner, to_owner, refreshed, category, import; \
         timeline.decide_by: invalid timestamp \"soon\": expected an instant such as \
         \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) \
         or a date alone, \"2026-11-25\""
    );
}

#[test]
fn custom_attributes_past_the_limit_are_refused_and_listed_with_every_other_problem() {
    let mut profile = good_profile();
    for i in profile.custom.len()..limits::MAX_CUSTOM_ATTRIBUTES {
        profile = profile.custom(format!("a{i}"), true);
    }
    let prospect = lead_with_fit(profile)
        .qualify(&Policy::default(), now(), &rep())
        .unwrap();
    // At the limit, a record loads.
    assert!(serde_json::from_value::<Record>(to_json(&prospect)).is_ok());

    // One past it, the attributes are named by their path, first of all problems.
    let json = edited(&prospect, |o| {
        o["fit"]["profile"]["custom"]["extra"] = json!({"bool": true});
        o.insert("score".into(), json!("1"));
    });
    assert_eq!(
        refusal::<Record>(json.clone()),
        format!(
            "invalid prospect record: fit.profile.custom holds 1001 attributes, more than the 1000 allowed; \
             unknown field \"score\": expected one of {RECORD_FIELDS}"
        )
    );
    // The fit evidence read on its own names them from there.
    assert_eq!(
        refusal::<RawFit>(json["fit"].clone()),
        "profile.custom holds 1001 attributes, more than the 1000 allowed"
    );
    // A raw form built in code is held to the limit when it is checked.
    let mut raw = RawRecord::from(Record::from(prospect));
    let profile = &mut raw.fit.as_mut().unwrap().profile;
    profile.custom.insert("extra".into(), true.into());
    let problems: Vec<String> = raw.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["fit.profile.custom holds 1001 attributes, more than the 1000 allowed"]
    );
}

#[test]
fn an_unknown_field_repeats_its_name_through_the_echo_cap() {
    let name = "x".repeat(100);
    let json = edited(&new_lead(), |o| {
        o.insert(name.clone(), json!(null));
    });
    assert_eq!(
        refusal::<Lead>(json),
        format!(
            "invalid lead record: unknown field \"{}…\" (100 bytes): expected one of {RECORD_FIELDS}",
            "x".repeat(64)
        )
    );
}

#[test]
fn the_raw_form_lists_every_field_it_cannot_hold() {
    let json = edited(&new_lead(), |o| {
        o.insert("score".into(), json!("1"));
        o["contact"]["phone"] = json!("+49 30 1234");
    });
    assert_eq!(
        refusal::<RawRecord>(json),
        format!(
            "invalid lead record: unknown field \"phone\" in contact: expected one of name, email; \
             unknown field \"score\": expected one of {RECORD_FIELDS}"
        )
    );
}

#[test]
fn a_number_of_the_wrong_type_is_named_by_its_path() {
    let json = edited(&opportunity(), |o| {
        o["fit"]["profile"]["employees"] = json!(-5);
        o.remove("need");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: fit.profile.employees: invalid value: integer `-5`, expected a \
         whole number from 0 to 4294967295; missing need evidence"
    );
    let json = edited(&lead_with_fit(good_profile()), |o| {
        o["fit"]["profile"]["employees"] = json!(1e300);
    });
    // The shortest form of a float, not its 301 digits.
    assert_eq!(
        refusal::<Lead>(json),
        "invalid lead record: fit.profile.employees: invalid type: floating point `1e300`, expected \
         a whole number from 0 to 4294967295"
    );
    let json = edited(&new_lead(), |o| {
        o["format"] = json!("2");
    });
    assert_eq!(
        refusal::<Lead>(json),
        "invalid lead record: format: invalid type: string \"2\", expected a whole number from 0 to \
         4294967295"
    );
}

/// Any JSON value but a whole number that fits in a `u32`.
fn not_a_count() -> BoxedStrategy<serde_json::Value> {
    prop_oneof![
        (i64::MIN..0).prop_map(|n| json!(n)),
        (u64::from(u32::MAX) + 1..=u64::MAX).prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("a finite float", |f| serde_json::Number::from_f64(f)
            .map(Into::into)),
        "\\PC{0,80}".prop_map(|s| json!(s)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(json!([1, 2])),
        Just(json!({ "n": 1 })),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_count_of_the_wrong_type_is_refused_by_its_path_beside_other_problems(value in not_a_count()) {
        let json = edited(&opportunity(), |o| {
            o["fit"]["profile"]["employees"] = value.clone();
            o.insert("score".into(), json!("1"));
        });
        let message = refusal::<Opportunity>(json);
        let employees = "invalid opportunity record: fit.profile.employees: invalid ";
        prop_assert!(message.starts_with(employees), "{}", message);
        prop_assert!(
            message.ends_with(&format!("unknown field \"score\": expected one of {RECORD_FIELDS}")),
            "{}",
            message
        );
        // Repeated through the echo cap: no more than 64 bytes of a string.
        prop_assert!(message.len() <= employees.len() + 300 + RECORD_FIELDS.len(), "{}", message);
    }
}

#[test]
fn a_null_count_is_no_count() {
    let json = edited(&lead_with_fit(good_profile()), |o| {
        o["fit"]["profile"]["employees"] = json!(null);
    });
    let lead: Lead = serde_json::from_value(json).unwrap();
    assert_eq!(lead.fit().unwrap().profile.employees, None);
}

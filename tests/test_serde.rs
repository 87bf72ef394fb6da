//! The wire form: every state and `Record` round-trip through JSON, the JSON of each state is
//! pinned by a reviewed snapshot, and a JSON that describes no valid state is refused with a
//! message that names what is wrong.
//!
//! Refusals are read with `serde_json::from_value`, whose messages carry no line and column,
//! so each can be pinned exactly.
#![cfg(feature = "serde")]

mod util;

use core::fmt::Debug;

use qualify::{
    Actor, Budget, BudgetStatus, Currency, Discovery, Disqualified, Fit, Lead, Lost, Method, Need,
    Opportunity, Policy, PolicySpec, Profile, Prospect, Provenance, Record, Signal, SignalKind, Source,
    Stage, Timestamp, TimestampError, Value, ValueError, Won,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use util::*;

/// A lead with everything a lead can carry: fit with custom attributes and an expiry,
/// signals (one of a custom kind), and a need noted early.
fn rich_lead() -> Lead {
    let mut lead = Lead::builder(
        id("crm-lead-2"),
        qualify::Contact::new("Ada Park", "ada@northwind.example"),
        Source::Other("partner webinar".into()),
        ts("2026-11-20T10:00:00Z"),
    )
    .company("Northwind")
    .owner("sdr-7")
    .build();
    let mut profile = good_profile();
    profile.annual_revenue = Some(dec("72500000.50"));
    profile
        .custom
        .insert("crm_plan".into(), Value::Text("enterprise".into()));
    profile.custom.insert("seats".into(), Value::Number(dec("120")));
    profile.custom.insert("competitor".into(), Value::Bool(false));
    lead.record_fit(Fit {
        profile,
        provenance: Provenance::new("enrichment-bot", ts("2026-11-20T10:05:00Z"), Method::Enrichment)
            .valid_until(ts("2027-05-20T00:00:00Z")),
    });
    lead.record_signal(Signal::new(SignalKind::DemoRequest, ts("2026-11-21T08:00:00Z")))
        .unwrap();
    lead.record_signal(Signal::new(
        SignalKind::Custom("podcast_mention".into()),
        ts("2026-11-22T08:00:00Z"),
    ))
    .unwrap();
    lead.evidence_mut().need = Some(Need {
        problem: "month-end close takes 9 days".into(),
        provenance: Provenance::new("sdr-7", ts("2026-11-21T09:00:00Z"), Method::Email),
    });
    lead
}

fn a_prospect() -> Prospect {
    let mut p = prospect_with(need_and_timeline());
    p.record_signal(Signal::new(
        SignalKind::PricingPageVisit,
        ts("2026-11-24T12:00:00Z"),
    ))
    .unwrap();
    p
}

fn a_discovery() -> Discovery {
    let mut d = discovery();
    d.record_budget(Budget {
        status: BudgetStatus::Sought {
            amount: Some(eur("40000")),
        },
        provenance: said(now()),
    });
    d
}

fn a_won() -> Won {
    opportunity()
        .win(eur("58000.00"), ts("2027-01-20T17:00:00Z"), &Actor::new("ae-1"))
        .unwrap()
}

fn a_lost() -> Lost {
    a_discovery()
        .lose(
            reason("went with a spreadsheet"),
            ts("2027-01-05T10:00:00Z"),
            &rep(),
        )
        .unwrap()
}

fn a_disqualified() -> Disqualified {
    new_lead()
        .disqualify(reason("spam bot"), ts("2026-11-20T10:01:00Z"), &rep())
        .unwrap()
}

/// One of each state, as records, in `Stage::ALL` order.
fn one_of_each() -> Vec<Record> {
    vec![
        rich_lead().into(),
        a_prospect().into(),
        a_discovery().into(),
        opportunity().into(),
        a_disqualified().into(),
        a_won().into(),
        a_lost().into(),
    ]
}

/// Value -> JSON text -> value, and value -> JSON tree -> value; both must give it back.
#[track_caller]
fn assert_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let text = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), value, "{text}");
    assert_eq!(&serde_json::from_value::<T>(to_json(value)).unwrap(), value);
}

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

#[test]
fn every_state_round_trips() {
    assert_round_trip(&new_lead());
    assert_round_trip(&rich_lead());
    assert_round_trip(&prospect());
    assert_round_trip(&a_prospect());
    assert_round_trip(&discovery());
    assert_round_trip(&a_discovery());
    assert_round_trip(&opportunity());
    assert_round_trip(&a_disqualified());
    assert_round_trip(
        &prospect()
            .disqualify(reason("no fit after all"), now(), &rep())
            .unwrap(),
    );
    assert_round_trip(&a_won());
    assert_round_trip(&a_lost());
    assert_round_trip(&opportunity().lose(reason("no decision"), now(), &rep()).unwrap());
    // A longer history: disqualified, recycled, qualified again, demoted, promoted again.
    let long = prospect()
        .disqualify(reason("hiring freeze"), now(), &rep())
        .unwrap()
        .recycle(reason("new budget year"), now(), &rep())
        .unwrap()
        .qualify(&Policy::default(), now(), &rep())
        .unwrap();
    let mut long = long;
    *long.evidence_mut() = full_checklist();
    let long = long
        .promote(&Policy::default(), now(), &rep())
        .unwrap()
        .demote(reason("champion left"), now(), &rep())
        .unwrap();
    assert_eq!(long.history().len(), 6);
    assert_round_trip(&long);
}

#[test]
fn a_lead_or_disqualified_record_without_fit_round_trips() {
    // Most leads arrive with no fit evidence yet; storing one must not lose it.
    let lead = new_lead();
    assert_eq!(to_json(&lead).get("fit"), None);
    assert_eq!(serde_json::from_value::<Lead>(to_json(&lead)).unwrap(), lead);
    assert_eq!(
        serde_json::from_value::<Record>(to_json(&lead)).unwrap(),
        Record::Lead(lead)
    );

    let disqualified = a_disqualified();
    assert_eq!(disqualified.fit(), None);
    assert_eq!(
        serde_json::from_value::<Disqualified>(to_json(&disqualified)).unwrap(),
        disqualified
    );
}

#[test]
fn every_record_round_trips_with_the_same_wire_form_as_its_state() {
    let records = one_of_each();
    let stages: Vec<Stage> = records.iter().map(Record::stage).collect();
    assert_eq!(stages, Stage::ALL);
    for record in &records {
        assert_round_trip(record);
        assert_eq!(to_json(record)["stage"], json!(record.stage().as_str()));
    }
    assert_eq!(to_json(&records[0]), to_json(&rich_lead()));
    assert_eq!(to_json(&records[1]), to_json(&a_prospect()));
    assert_eq!(to_json(&records[2]), to_json(&a_discovery()));
    assert_eq!(to_json(&records[3]), to_json(&opportunity()));
    assert_eq!(to_json(&records[4]), to_json(&a_disqualified()));
    assert_eq!(to_json(&records[5]), to_json(&a_won()));
    assert_eq!(to_json(&records[6]), to_json(&a_lost()));

    // A state's JSON reads back as a record of that state, and the reverse.
    let won: Record = serde_json::from_value(to_json(&a_won())).unwrap();
    assert_eq!(won, Record::Won(a_won()));
    let lead: Lead = serde_json::from_value(to_json(&records[0])).unwrap();
    assert_eq!(lead, rich_lead());
}

// ---------------------------------------------------------------------------------------
// Wire form: one reviewed snapshot per state
// ---------------------------------------------------------------------------------------

#[test]
fn wire_form_of_a_lead() {
    insta::assert_json_snapshot!("lead", rich_lead());
}

#[test]
fn wire_form_of_a_prospect() {
    insta::assert_json_snapshot!("prospect", a_prospect());
}

#[test]
fn wire_form_of_a_discovery() {
    insta::assert_json_snapshot!("discovery", a_discovery());
}

#[test]
fn wire_form_of_an_opportunity() {
    insta::assert_json_snapshot!("opportunity", opportunity());
}

#[test]
fn wire_form_of_a_disqualified() {
    insta::assert_json_snapshot!("disqualified", a_disqualified());
}

#[test]
fn wire_form_of_a_won() {
    insta::assert_json_snapshot!("won", a_won());
}

#[test]
fn wire_form_of_a_lost() {
    insta::assert_json_snapshot!("lost", a_lost());
}

#[test]
fn unmet_requirements_serialize_tagged_with_decimals_as_strings() {
    let err = prospect().promote(&Policy::default(), now(), &rep()).unwrap_err();
    insta::assert_json_snapshot!(err.unmet(), @r#"
    [
      {
        "unmet": "missing",
        "evidence": "need"
      },
      {
        "unmet": "missing",
        "evidence": "budget"
      },
      {
        "unmet": "missing",
        "evidence": "authority"
      },
      {
        "unmet": "missing",
        "evidence": "timeline"
      },
      {
        "unmet": "probability_below_threshold",
        "probability": "0.5",
        "threshold": "0.75"
      }
    ]
    "#);

    let small = good_profile().employees(40);
    let err = lead_with_fit(small)
        .qualify(&Policy::default(), now(), &rep())
        .unwrap_err();
    insta::assert_json_snapshot!(err.unmet(), @r#"
    [
      {
        "unmet": "required_criterion",
        "name": "enterprise headcount"
      },
      {
        "unmet": "fit_score_below",
        "score": "45",
        "min_score": "60"
      }
    ]
    "#);
}

// ---------------------------------------------------------------------------------------
// Refusals: missing and unexpected parts
// ---------------------------------------------------------------------------------------

#[test]
fn an_opportunity_without_budget_is_refused_naming_budget_evidence() {
    let json = edited(&opportunity(), |o| {
        o.remove("budget");
    });
    assert_eq!(
        refusal::<Opportunity>(json.clone()),
        "invalid opportunity record: missing budget evidence"
    );
    assert_eq!(
        refusal::<Record>(json),
        "invalid opportunity record: missing budget evidence"
    );
}

#[test]
fn an_opportunity_without_all_four_lists_all_four() {
    let json = edited(&opportunity(), |o| {
        for field in ["need", "budget", "authority", "timeline"] {
            o.remove(field);
        }
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: missing need evidence; missing budget evidence; \
         missing authority evidence; missing timeline evidence"
    );
}

#[test]
fn a_won_deal_without_all_four_lists_all_four() {
    let json = edited(&a_won(), |o| {
        o.remove("authority");
        o.remove("timeline");
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: missing authority evidence; missing timeline evidence"
    );
}

#[test]
fn a_discovery_needs_need_timeline_and_probability_but_not_budget() {
    let json = edited(&a_discovery(), |o| {
        o.remove("need");
        o.remove("timeline");
        o.remove("probability");
    });
    assert_eq!(
        refusal::<Discovery>(json),
        "invalid discovery record: missing probability; missing need evidence; missing timeline evidence"
    );

    let json = edited(&a_discovery(), |o| {
        o.remove("budget");
    });
    let d: Discovery = serde_json::from_value(json).unwrap();
    assert_eq!(d.budget(), None);
}

#[test]
fn a_prospect_without_fit_is_refused() {
    let json = edited(&a_prospect(), |o| {
        o.remove("fit");
    });
    assert_eq!(
        refusal::<Prospect>(json),
        "invalid prospect record: missing fit evidence"
    );
}

#[test]
fn a_lost_deal_without_need_and_timeline_is_refused() {
    // Every lost deal was an opportunity or a discovery, so it carries need and timeline.
    let json = edited(&a_lost(), |o| {
        o.remove("need");
        o.remove("timeline");
    });
    assert_eq!(
        refusal::<Lost>(json),
        "invalid lost record: missing need evidence; missing timeline evidence"
    );

    // Budget and authority may be missing, as in a lost discovery.
    assert_eq!(a_lost().evidence().authority, None);
    assert_round_trip(&a_lost());
}

#[test]
fn a_lost_or_disqualified_record_without_reason_is_refused() {
    let json = edited(&a_lost(), |o| {
        o.remove("reason");
    });
    assert_eq!(refusal::<Lost>(json), "invalid lost record: missing reason");

    let json = edited(&a_disqualified(), |o| {
        o.remove("reason");
    });
    assert_eq!(
        refusal::<Disqualified>(json),
        "invalid disqualified record: missing reason"
    );
}

#[test]
fn a_won_deal_without_amount_is_refused() {
    let json = edited(&a_won(), |o| {
        o.remove("amount");
    });
    assert_eq!(refusal::<Won>(json), "invalid won record: missing amount");
}

#[test]
fn a_won_deal_for_zero_is_refused() {
    let json = edited(&a_won(), |o| {
        o["amount"] = json!({"amount": "0", "currency": "EUR"});
    });
    assert_eq!(refusal::<Won>(json), "invalid won record: won amount is zero");

    let json = edited(&a_won(), |o| {
        o["amount"] = json!({"amount": "-0.00", "currency": "EUR"});
    });
    assert_eq!(refusal::<Won>(json), "invalid won record: won amount is zero");
}

#[test]
fn a_negative_amount_is_refused() {
    let json = edited(&a_won(), |o| {
        o["amount"] = json!({"amount": "-5", "currency": "EUR"});
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: amount.amount: amount -5 is negative"
    );
}

#[test]
fn a_field_the_stage_does_not_carry_is_refused() {
    let json = edited(&new_lead(), |o| {
        o.insert("amount".into(), json!({"amount": "100", "currency": "EUR"}));
    });
    assert_eq!(
        refusal::<Lead>(json),
        "invalid lead record: unexpected amount, which this stage does not carry"
    );

    let json = edited(&prospect(), |o| {
        o.insert("probability".into(), json!("0.9"));
        o.insert("amount".into(), json!({"amount": "100", "currency": "EUR"}));
        o.insert("reason".into(), json!("why not"));
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid prospect record: unexpected probability, which this stage does not carry; \
         unexpected amount, which this stage does not carry; \
         unexpected reason, which this stage does not carry"
    );

    let json = edited(&a_won(), |o| {
        o.insert("reason".into(), json!("we were lucky"));
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: unexpected reason, which this stage does not carry"
    );
}

#[test]
fn a_field_no_stage_knows_is_refused() {
    let json = edited(&new_lead(), |o| {
        o.insert("score".into(), json!("75"));
    });
    assert_eq!(
        refusal::<Lead>(json),
        "invalid lead record: unknown field \"score\": expected one of format, stage, id, owner, contact, \
         company, source, captured_at, signals, history, fit, assumed_fit, need, budget, authority, timeline, \
         probability, amount, reason"
    );
}

#[test]
fn a_record_of_another_stage_says_which_stage_it_found() {
    assert_eq!(
        refusal::<Opportunity>(to_json(&a_prospect())),
        "expected an opportunity record, found a prospect record"
    );
    assert_eq!(
        refusal::<Lead>(to_json(&opportunity())),
        "expected a lead record, found an opportunity record"
    );
    assert_eq!(
        refusal::<Won>(to_json(&a_lost())),
        "expected a won record, found a lost record"
    );
}

#[test]
fn a_record_without_a_stage_is_refused() {
    let json = edited(&new_lead(), |o| {
        o.remove("stage");
    });
    assert_eq!(refusal::<Record>(json), "missing field `stage`");

    let json = edited(&new_lead(), |o| {
        o["stage"] = json!("customer");
    });
    assert_eq!(
        refusal::<Record>(json),
        "unknown variant `customer`, expected one of `lead`, `prospect`, `discovery`, \
         `opportunity`, `disqualified`, `won`, `lost`"
    );
}

// ---------------------------------------------------------------------------------------
// Refusals: history
// ---------------------------------------------------------------------------------------

#[test]
fn a_history_that_does_not_end_in_the_records_stage_is_refused() {
    let json = edited(&opportunity(), |o| {
        o["history"].as_array_mut().unwrap().pop();
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: history ends in prospect, not opportunity"
    );

    let json = edited(&a_prospect(), |o| {
        o.remove("history");
    });
    assert_eq!(
        refusal::<Prospect>(json),
        "invalid prospect record: history ends in lead, not prospect"
    );
}

#[test]
fn a_history_with_an_illegal_move_is_refused() {
    let json = edited(&a_won(), |o| {
        o["history"] = json!([{
            "event": "transition",
            "from": "lead",
            "to": "won",
            "at": "2026-11-25T09:00:00Z",
            "by": "rep@acme.example",
            "why": "skipped the pipeline",
        }]);
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: history[0] moves lead -> won, which no transition does"
    );
}

#[test]
fn a_history_with_a_broken_chain_is_refused_with_every_problem() {
    let json = edited(&a_won(), |o| {
        let history = o["history"].as_array_mut().unwrap();
        history.remove(1); // lead -> prospect, then opportunity -> won
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: history[1] starts from opportunity but the record was prospect"
    );

    // Every problem at once: a bad chain, missing evidence and a zero amount.
    let json = edited(&a_won(), |o| {
        o["history"].as_array_mut().unwrap().remove(1);
        o.remove("need");
        o["amount"] = json!({"amount": "0", "currency": "EUR"});
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: history[1] starts from opportunity but the record was prospect; \
         missing need evidence; won amount is zero"
    );
}

// ---------------------------------------------------------------------------------------
// Refusals: values
// ---------------------------------------------------------------------------------------

#[test]
fn a_probability_above_one_is_refused() {
    let json = edited(&opportunity(), |o| {
        o["probability"] = json!("1.5");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: probability: probability 1.5 is outside 0..=1"
    );

    let json = edited(&a_discovery(), |o| {
        o["probability"] = json!("-0.1");
    });
    assert_eq!(
        refusal::<Discovery>(json),
        "invalid discovery record: probability: probability -0.1 is outside 0..=1"
    );
}

#[test]
fn a_decimal_written_as_a_json_number_is_refused() {
    let json = edited(&opportunity(), |o| {
        o["probability"] = json!(0.95);
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid type: floating point `0.95`, expected a string"
    );

    let json = edited(&a_won(), |o| {
        o["amount"] = json!({"amount": 58000, "currency": "EUR"});
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid type: integer `58000`, expected a string"
    );
    // Read on their own, too: a record's values are written by the crate, as strings.
    assert_eq!(
        refusal::<qualify::Money>(json!({"amount": 58000, "currency": "EUR"})),
        "invalid type: integer `58000`, expected a Decimal type representing a fixed-point number"
    );
    assert_eq!(
        refusal::<qualify::Probability>(json!(0.95)),
        "invalid type: floating point `0.95`, expected a Decimal type representing a fixed-point number"
    );
    assert_eq!(
        refusal::<Profile>(json!({"annual_revenue": 72500000})),
        "invalid type: integer `72500000`, expected a Decimal type representing a fixed-point number"
    );
    assert_eq!(
        refusal::<Profile>(json!({"custom": {"seats": {"number": 120}}})),
        "invalid type: integer `120`, expected a Decimal type representing a fixed-point number"
    );
}

/// A decimal with one digit more after the point than a `Decimal` holds.
const TINY: &str = "0.00000000000000000000000000001";

/// The JSON pointer and key of every object member in `json` whose value is a string that
/// reads as a decimal.
fn decimal_members(json: &serde_json::Value, at: &str, found: &mut Vec<(String, String)>) {
    match json {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = format!("{at}/{key}");
                if value
                    .as_str()
                    .is_some_and(|s| s.parse::<rust_decimal::Decimal>().is_ok())
                {
                    found.push((path, key.clone()));
                } else {
                    decimal_members(value, &path, found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                decimal_members(item, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Sets each decimal in `json` in turn to one too precise to read exactly, and checks that
/// `T` refuses it, naming the field and why; returns the fields' names.
#[track_caller]
fn every_decimal_is_read_exactly<T: DeserializeOwned + Debug>(json: &serde_json::Value) -> Vec<String> {
    let mut members = Vec::new();
    decimal_members(json, "", &mut members);
    for (path, key) in &members {
        let mut bad = json.clone();
        *bad.pointer_mut(path).unwrap() = json!(TINY);
        // A policy, or a value inside a record's profile, names the field; a record's own
        // values are read leniently first and named by their path in the record.
        let message = refusal::<T>(bad);
        let field = path
            .trim_start_matches('/')
            .split('/')
            .fold(String::new(), |acc, part| match part.parse::<usize>() {
                Ok(i) => format!("{acc}[{i}]"),
                Err(_) if acc.is_empty() => part.to_owned(),
                Err(_) => format!("{acc}.{part}"),
            });
        let want = format!(
            "\"{TINY}\" has 29 digits after the decimal point, more than the 28 a decimal holds exactly"
        );
        assert!(
            message == format!("{key} {want}") || message.ends_with(&format!(" record: {field}: {want}")),
            "at {path}: {message}"
        );
    }
    let mut keys: Vec<String> = members.into_iter().map(|(_, key)| key).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The key of every decimal figure in a policy.
const POLICY_DECIMALS: [&str; 18] = [
    "adjust",
    "base",
    "best_case",
    "budget_approved",
    "budget_sought",
    "champion",
    "commit",
    "decision_maker",
    "iql",
    "max",
    "min",
    "min_score",
    "mql",
    "pipeline",
    "points",
    "sql",
    "threshold",
    "weight",
];

#[test]
fn every_decimal_in_a_policy_is_read_exactly_or_refused() {
    let keys = every_decimal_is_read_exactly::<Policy>(&to_json(&Policy::default()));
    assert_eq!(keys, POLICY_DECIMALS);
    // The plain spec refuses them too: the digits are lost before any check could run.
    let mut json = to_json(&Policy::default());
    json["fit"]["criteria"][0]["weight"] = json!(TINY);
    assert_eq!(
        refusal::<PolicySpec>(json),
        format!(
            "weight \"{TINY}\" has 29 digits after the decimal point, more than the 28 a decimal holds exactly"
        )
    );
}

#[test]
fn every_figure_in_a_policy_may_be_a_number_that_converts_exactly() {
    let json = to_json(&Policy::default());
    let mut members = Vec::new();
    decimal_members(&json, "", &mut members);
    // Every figure written as a JSON number: the same spec.
    let mut numbers = json.clone();
    for (path, _) in &members {
        let figure = numbers.pointer_mut(path).unwrap();
        *figure = serde_json::from_str(figure.as_str().unwrap()).unwrap();
    }
    assert!(numbers["fit"]["criteria"][0]["weight"].is_u64());
    assert!(numbers["opportunity"]["threshold"].is_f64());
    let spec: PolicySpec = serde_json::from_value(numbers).unwrap();
    assert_eq!(spec, *Policy::default().spec());
    // Each in turn given a number that is not exactly what a float holds: refused, naming
    // the field.
    let mut keys = Vec::new();
    for (path, key) in &members {
        let mut bad = json.clone();
        *bad.pointer_mut(path).unwrap() = json!(0.1 + 0.2);
        assert_eq!(
            refusal::<Policy>(bad),
            format!(
                "{key} 0.30000000000000004 cannot be read exactly as a number; write it as a string, \
                 \"0.30000000000000004\""
            ),
            "at {path}"
        );
        keys.push(key.as_str());
    }
    keys.sort();
    keys.dedup();
    assert_eq!(keys, POLICY_DECIMALS);
    // Optional figures may be numbers too, or null.
    let mut json = json;
    json["fit"]["pass"]["min_score"] = json!(60);
    json["fit"]["knockouts"][3]["condition"]["range"] = json!({ "min": null, "max": 9 });
    assert_eq!(
        serde_json::from_value::<PolicySpec>(json).unwrap(),
        *Policy::default().spec()
    );
}

#[test]
fn a_condition_value_is_a_string_even_when_it_is_a_number() {
    // `equals` and `one_of` values are read by the field's type when the policy is checked,
    // so they are kept as the text written.
    let mut json = to_json(&Policy::default());
    json["fit"]["knockouts"][0]["condition"] = json!({ "equals": true });
    assert_eq!(
        refusal::<PolicySpec>(json.clone()),
        "invalid type: boolean `true`, expected a string"
    );
    json["fit"]["knockouts"][0]["condition"] = json!({ "one_of": [1000] });
    assert_eq!(
        refusal::<PolicySpec>(json),
        "invalid type: integer `1000`, expected a string"
    );
}

#[test]
fn every_decimal_in_a_record_is_read_exactly_or_refused() {
    let mut keys = Vec::new();
    for record in one_of_each() {
        let mut json = to_json(&record);
        if let Some(profile) = json.pointer_mut("/fit/profile") {
            profile["annual_revenue"] = json!("72500000.50");
            profile["custom"] = json!({ "seats": { "number": "120" } });
        }
        keys.extend(every_decimal_is_read_exactly::<Record>(&json));
    }
    keys.sort();
    keys.dedup();
    assert_eq!(
        keys,
        ["amount", "annual_revenue", "number", "probability", "threshold"]
    );
}

#[test]
fn a_decimal_is_read_as_written_or_refused_with_the_reason() {
    // What was read before is read the same: digits, a point, a sign, `_`, an exponent.
    for (amount, shown) in [
        ("48000", "48000"),
        ("48000.50", "48000.50"),
        ("0.75", "0.75"),
        ("1_000", "1000"),
        ("4.8e4", "48000"),
        ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
        ("79228162514264337593543950335", "79228162514264337593543950335"),
    ] {
        let money: qualify::Money =
            serde_json::from_value(json!({ "amount": amount, "currency": "EUR" })).unwrap();
        assert_eq!(money.amount().to_string(), shown, "{amount}");
    }
    // One digit too many was rounded: to zero here, and the won deal was then refused as
    // a zero amount, the wrong reason.
    let json = edited(&a_won(), |o| {
        o["amount"]["amount"] = json!(TINY);
    });
    assert_eq!(
        refusal::<Won>(json),
        format!(
            "invalid won record: amount.amount: \"{TINY}\" has 29 digits after the decimal point, \
             more than the 28 a decimal holds exactly"
        )
    );
    let text = r#"{"annual_revenue": "123456789012345678901234567890"}"#;
    assert_eq!(
        serde_json::from_str::<Profile>(text).unwrap_err().to_string(),
        "annual_revenue \"123456789012345678901234567890\" has 30 significant digits, more than a decimal \
         holds exactly (28, or 29 up to 79228162514264337593543950335) at line 1 column 51"
    );
    let text = r#"{"custom": {"seats": {"number": "79228162514264337593543950336"}}}"#;
    assert_eq!(
        serde_json::from_str::<Profile>(text).unwrap_err().to_string(),
        "number \"79228162514264337593543950336\" has 29 significant digits, more than a decimal holds \
         exactly (28, or 29 up to 79228162514264337593543950335) at line 1 column 63"
    );
    let json = edited(&opportunity(), |o| {
        o["probability"] = json!("0.9500000000000000000000000000000");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: probability: \"0.9500000000000000000000000000000\" has 31 \
         digits after the decimal point, more than the 28 a decimal holds exactly"
    );
    // A long value is cut in the message, as every echoed value is.
    let long = format!("0.{}1", "0".repeat(100));
    let json = edited(&a_won(), |o| {
        o["amount"]["amount"] = json!(long);
    });
    assert_eq!(
        refusal::<Won>(json),
        format!(
            "invalid won record: amount.amount: \"{}…\" (103 bytes) has 101 digits after the decimal \
             point, more than the 28 a decimal holds exactly",
            &long[..64]
        )
    );
    let json = edited(&a_won(), |o| {
        o["amount"]["amount"] = json!("x".repeat(100));
    });
    assert_eq!(
        refusal::<Won>(json),
        format!(
            "invalid won record: amount.amount: \"{}…\" (100 bytes) is not a decimal number",
            "x".repeat(64)
        )
    );
}

#[test]
fn an_optional_decimal_may_be_null_or_absent() {
    let profile: Profile = serde_json::from_str(r#"{"annual_revenue": null}"#).unwrap();
    assert_eq!(profile.annual_revenue, None);
    let profile: Profile = serde_json::from_str(r#"{"annual_revenue": "1e6"}"#).unwrap();
    assert_eq!(profile.annual_revenue, Some(dec("1000000")));
    let mut json = to_json(&Policy::default());
    json["fit"]["pass"]["min_score"] = json!(null);
    json["fit"]["knockouts"][3]["condition"]["range"] = json!({ "min": null, "max": "9" });
    let spec: PolicySpec = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(spec.fit.pass.min_score, None);
    json["fit"]["pass"].as_object_mut().unwrap().remove("min_score");
    assert_eq!(serde_json::from_value::<PolicySpec>(json).unwrap(), spec);
}

#[test]
fn an_invalid_timestamp_is_refused() {
    let json = edited(&new_lead(), |o| {
        o["captured_at"] = json!("2026-11-20 10:00:00");
    });
    assert_eq!(
        refusal::<Lead>(json),
        "invalid lead record: captured_at: invalid timestamp \"2026-11-20 10:00:00\": \
         expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\""
    );

    let json = edited(&opportunity(), |o| {
        o["timeline"]["decide_by"] = json!("2027-02-30T00:00:00Z");
    });
    assert_eq!(
        refusal::<Opportunity>(json),
        "invalid opportunity record: timeline.decide_by: invalid timestamp \"2027-02-30T00:00:00Z\": \
         expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\""
    );

    let json = edited(&new_lead(), |o| {
        o["captured_at"] = json!(1_795_599_000);
    });
    assert_eq!(
        refusal::<Lead>(json),
        "invalid type: integer `1795599000`, expected a string"
    );
}

#[test]
fn an_invalid_currency_is_refused() {
    let json = edited(&a_won(), |o| {
        o["amount"]["currency"] = json!("eur");
    });
    assert_eq!(
        refusal::<Won>(json),
        "invalid won record: amount.currency: invalid currency \"eur\": \
         expected three uppercase letters such as \"EUR\""
    );
}

#[test]
fn a_long_timestamp_or_currency_is_cut_in_the_message() {
    let long = "2026-11-20T10:00:00Z".repeat(10);
    let err = long.parse::<Timestamp>().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid timestamp \"{}…\" (200 bytes): expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\"",
            &long[..64]
        )
    );
    // The error keeps only what it shows.
    assert_eq!(
        err,
        TimestampError::Invalid {
            text: long[..64].to_owned(),
            len: 200
        }
    );
    let err = Currency::new(&"EUR".repeat(30)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid currency \"{}…\" (90 bytes): expected three uppercase letters such as \"EUR\"",
            &"EUR".repeat(30)[..64]
        )
    );
    assert_eq!(
        err,
        ValueError::Currency {
            code: "EUR".repeat(30)[..64].to_owned(),
            len: 90
        }
    );
}

#[test]
fn a_custom_attribute_given_twice_is_refused_not_guessed() {
    let text = r#"{"custom": {"plan": {"text": "a"}, "seats": {"number": "5"}, "plan": {"text": "b"}}}"#;
    assert_eq!(
        serde_json::from_str::<Profile>(text).unwrap_err().to_string(),
        "duplicate custom attribute \"plan\" at line 1 column 67"
    );
    // However deep in a record, and however long the name (it is cut in the message).
    let long = "p".repeat(100);
    let mut json = to_json(&rich_lead());
    let text = json.to_string().replace(
        r#""custom":{"#,
        &format!(r#""custom":{{"{long}":{{"bool":true}},"{long}":{{"bool":false}},"#),
    );
    assert!(text.contains(&long), "the lead has custom attributes");
    let err = serde_json::from_str::<Lead>(&text).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "duplicate custom attribute \"{}…\" (100 bytes) at line 1 column ",
            &long[..64]
        )),
        "{err}"
    );
    // Distinct names are kept, each with its value.
    json["fit"]["profile"]["custom"] = json!({"plan": {"text": "a"}, "Plan": {"text": "b"}});
    let lead: Lead = serde_json::from_value(json).unwrap();
    assert_eq!(lead.fit().unwrap().profile.custom.len(), 2);
}

#[test]
fn a_field_given_twice_is_refused() {
    // Every struct on the wire refuses a field given twice, as serde's derive does.
    let text = r#"{"stage":"lead","stage":"won","contact":{"name":"Ada"},"source":"form","captured_at":"2026-11-20T10:00:00Z"}"#;
    assert_eq!(
        serde_json::from_str::<Record>(text).unwrap_err().to_string(),
        "duplicate field `stage` at line 1 column 23"
    );
    let policy = serde_json::to_string(&Policy::default()).unwrap().replacen(
        r#""threshold":"0.75""#,
        r#""threshold":"0.75","threshold":"0.1""#,
        1,
    );
    assert_eq!(
        serde_json::from_str::<Policy>(&policy).unwrap_err().to_string(),
        format!(
            "duplicate field `threshold` at line 1 column {}",
            // serde_json points at the end of the second key.
            policy.find(r#","threshold":"0.1""#).unwrap() + r#","threshold""#.len()
        )
    );
    let text = r#"{"amount": "1", "amount": "2", "currency": "EUR"}"#;
    assert_eq!(
        serde_json::from_str::<qualify::Money>(text)
            .unwrap_err()
            .to_string(),
        "duplicate field `amount` at line 1 column 24"
    );
    // A tagged value (a custom value, a condition, a field) is one key: a second is refused.
    assert_eq!(
        serde_json::from_str::<Value>(r#"{"text": "a", "text": "b"}"#)
            .unwrap_err()
            .to_string(),
        "expected value at line 1 column 12"
    );
}

#[test]
fn a_blank_reason_is_refused() {
    let json = edited(&a_lost(), |o| {
        o["reason"] = json!("  \t");
    });
    assert_eq!(
        refusal::<Lost>(json),
        "invalid lost record: reason: reason is blank"
    );

    let json = edited(&a_disqualified(), |o| {
        o["reason"] = json!("");
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid disqualified record: reason: reason is blank"
    );
}

#[test]
fn refusals_read_from_text() {
    // A record's checks run once the whole object is read, values included: the message
    // is the same as from a JSON tree, and lists every problem at once.
    let text = r#"{"stage":"lead","id":"l-1","contact":{"name":"Ada"},"source":"form","captured_at":"2026-11-20T10:00:00Z","amount":{"amount":"1","currency":"EUR"}}"#;
    assert_eq!(
        serde_json::from_str::<Lead>(text).unwrap_err().to_string(),
        "invalid lead record: unexpected amount, which this stage does not carry"
    );
    let text = r#"{"stage":"disqualified","id":"l-1","contact":{"name":"Ada"},"source":"form","captured_at":"2026-11-20T10:00:00Z","reason":" "}"#;
    assert_eq!(
        serde_json::from_str::<Disqualified>(text)
            .unwrap_err()
            .to_string(),
        "invalid disqualified record: history ends in lead, not disqualified; reason: reason is blank"
    );

    let minimal = r#"{"stage":"lead","id":"l-1","contact":{"name":"Ada"},"source":"form","captured_at":"2026-11-20T10:00:00Z"}"#;
    let lead: Lead = serde_json::from_str(minimal).unwrap();
    assert_eq!(lead.contact().name, "Ada");
    assert_eq!(lead.contact().email, None);
    assert_eq!(lead.company(), None);
    assert!(lead.history().is_empty());
    assert!(lead.fit().is_none());
}

// ---------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------

#[test]
fn the_default_policy_round_trips() {
    let policy = Policy::default();
    let json = to_json(&policy);
    assert_eq!(json, to_json(policy.spec()), "a policy serializes as its spec");
    let back: Policy = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, policy);
    assert_eq!(back.spec(), policy.spec());
    let spec: PolicySpec = serde_json::from_value(json).unwrap();
    assert_eq!(&spec, policy.spec());
    assert_round_trip(&policy);

    // Decimals in a policy are strings too.
    assert_eq!(to_json(&policy)["opportunity"]["threshold"], json!("0.75"));
    assert_eq!(to_json(&policy)["fit"]["criteria"][0]["weight"], json!("30"));
    // A criterion's `required` is written only when true.
    assert_eq!(to_json(&policy)["fit"]["criteria"][0]["required"], json!(true));
    assert_eq!(to_json(&policy)["fit"]["criteria"][1].get("required"), None);
}

#[test]
fn a_hand_edited_policy_lists_every_mistake_with_its_path() {
    let mut json = to_json(&Policy::default());
    json["fit"]["criteria"][1]["weight"] = json!("-20");
    json["engagement"]["tiers"]["sql"] = json!("5");
    assert_eq!(
        refusal::<Policy>(json.clone()),
        "invalid policy: fit.criteria[1].weight: must not be negative; \
         engagement.tiers.sql: must not be below mql (30)"
    );
    // The spec itself is plain data: it reads, and `Policy::new` names the same problems.
    let spec: PolicySpec = serde_json::from_value(json).unwrap();
    let err = Policy::new(spec).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["fit.criteria[1].weight", "engagement.tiers.sql"]);
}

#[test]
fn a_policy_with_an_unknown_field_is_refused() {
    let mut json = to_json(&Policy::default());
    json["opportunity"]["treshold"] = json!("0.8");
    assert_eq!(
        refusal::<Policy>(json),
        "unknown field `treshold`, expected `threshold` or `staged`"
    );
}

// ---------------------------------------------------------------------------------------
// Evidence on its own
// ---------------------------------------------------------------------------------------

#[test]
fn evidence_round_trips_and_refuses_unknown_fields() {
    let fit = rich_lead().fit().unwrap().clone();
    assert_round_trip(&fit);
    assert_round_trip(&full_checklist());
    assert_round_trip(&Profile::default());
    assert_eq!(to_json(&Profile::default()), json!({}));

    let mut json = to_json(&fit);
    json["provenance"]["confidence"] = json!("high");
    assert_eq!(
        refusal::<Fit>(json),
        "unknown field `confidence`, expected one of `recorded_by`, `recorded_at`, `method`, `valid_until`"
    );
}

#[test]
fn every_deal_without_fit_is_refused() {
    let deals: [Record; 4] = [
        a_discovery().into(),
        opportunity().into(),
        a_won().into(),
        a_lost().into(),
    ];
    for deal in deals {
        let json = edited(&deal, |o| {
            o.remove("fit");
        });
        assert_eq!(
            refusal::<Record>(json),
            format!("invalid {} record: missing fit evidence", deal.stage())
        );
    }
}

#[test]
fn a_move_no_policy_judged_records_no_estimate_of_any_kind() {
    // Disqualifying consults no policy: a tier, a probability or a line on it, each alone,
    // is refused.
    for (field, value) in [("tier", "mql"), ("probability", "0.5"), ("threshold", "0.5")] {
        let json = edited(&a_disqualified(), |o| {
            o["history"][0][field] = serde_json::Value::from(value);
        });
        let err = refusal::<Record>(json);
        assert!(
            err.contains("moves lead -> disqualified recording a tier or an estimate no policy judged"),
            "{field}: {err}"
        );
    }
}

#[test]
fn an_event_with_another_kinds_fields_is_refused() {
    // Each kind of event owns its fields; one that carries another kind's is unreadable.
    let cases = [
        ("to_owner", json!("ae-2"), "is a transition with hand-off fields"),
        (
            "refreshed",
            json!(["need"]),
            "is a transition with hand-off fields",
        ),
        (
            "category",
            json!("commit"),
            "is a transition with hand-off fields",
        ),
    ];
    for (field, value, problem) in cases {
        let json = edited(&a_disqualified(), |o| {
            o["history"][0][field] = value.clone();
        });
        let err = refusal::<Record>(json);
        assert!(err.contains(&format!("history[0]: {problem}")), "{field}: {err}");
    }
}

#[test]
fn a_milestone_or_refresh_with_another_kinds_fields_is_refused() {
    let event = |extra: serde_json::Value| {
        let mut e = json!({"at": now().to_string(), "by": "rep", "why": "x", "policy": "v1"});
        for (k, v) in extra.as_object().unwrap() {
            e[k] = v.clone();
        }
        e
    };
    let milestone = "is a tier milestone with transition fields";
    let refresh = "is a refresh without the evidence it refreshed, or with other fields";
    let forecast = "is a forecast call without a category, or with other fields";
    let cases = [
        (
            json!({"event": "tier", "tier": "mql", "probability": "0.5"}),
            milestone,
        ),
        (
            json!({"event": "tier", "tier": "mql", "threshold": "0.5"}),
            milestone,
        ),
        (
            json!({"event": "tier", "tier": "mql", "from_owner": "a"}),
            milestone,
        ),
        (
            json!({"event": "tier", "tier": "mql", "to_owner": "a"}),
            milestone,
        ),
        (json!({"event": "refresh", "refreshed": []}), refresh),
        (
            json!({"event": "refresh", "refreshed": ["need"], "tier": "sql"}),
            refresh,
        ),
        (
            json!({"event": "forecast", "category": "commit", "to_owner": "a"}),
            forecast,
        ),
        (json!({"event": "forecast"}), forecast),
    ];
    for (extra, problem) in cases {
        let json = edited(&new_lead(), |o| {
            o["history"] = json!([event(extra.clone())]);
        });
        let err = refusal::<Record>(json);
        assert!(err.contains(&format!("history[0]: {problem}")), "{extra}: {err}");
    }
}

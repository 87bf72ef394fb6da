//! Reports read back: figures no records could have produced are refused, naming the
//! field, and whatever a report's fields hold, its `Display`, accessors and `merge` never
//! panic.

mod util;

use proptest::prelude::*;
use qualify::crm::{Audit, Crm, CrmRow, presets};
use qualify::pipeline::{
    Ageing, Bin, Calibration, CloseRates, Durations, Forecast, Funnel, Motion, Outcomes, Period, Rate,
    Reports, Scope, Step, TriageSla, Velocity,
};
use qualify::testkit::sample;
use qualify::{Actor, Currency, Decimal, Policy, Total};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use util::*;

fn november() -> Period {
    Period::new(ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z")).unwrap()
}

/// Every report over a sample pipeline of 300 records.
fn sample_reports(policy: &Policy) -> Reports {
    let owners = [Actor::new("rep-1"), Actor::new("rep-2")];
    let records = sample::pipeline(policy, november(), 300, 7, &owners);
    let scope = Scope::new(policy, november(), ts("2026-12-01T00:00:00Z")).with_min_sample(1);
    Reports::from_records(&scope, &records).unwrap()
}

#[track_caller]
fn refused<T: DeserializeOwned + core::fmt::Debug>(json: Value) -> String {
    serde_json::from_value::<T>(json).unwrap_err().to_string()
}

#[test]
fn the_reports_the_trial_broke_are_refused_on_read_naming_the_field() {
    let policy = Policy::default();
    let reports = sample_reports(&policy);

    // A cycle of 10^29 seconds, more than any two instants are apart.
    let mut velocity = serde_json::to_value(&reports.velocity).unwrap();
    velocity["overall"]["cycle_seconds"] = json!(i64::MAX);
    velocity["overall"]["cycles"] = json!(1);
    let err = refused::<Velocity>(velocity);
    assert!(
        err.starts_with(
            "motion refused: cycle_seconds: 9223372036854775807 seconds cannot be the sum of 1 cycles"
        ),
        "{err}"
    );
    let too_long =
        r#"{"won":1,"lost":0,"cycle_seconds":100000000000000000000000000000,"cycles":1,"currencies":[]}"#;
    let err = serde_json::from_str::<Motion>(too_long).unwrap_err().to_string();
    assert!(
        err.starts_with("motion refused: cycle_seconds: 100000000000000000000000000000 seconds"),
        "{err}"
    );

    // Won amounts need won deals; cycles may be as long as a timestamp spans, each.
    let currency = json!({"open": 1, "won": 0, "won_amount": "5"});
    assert_eq!(
        refused::<qualify::pipeline::CurrencyMotion>(currency),
        "currency motion refused: won_amount: 5 is more than 0 won deals can add up to"
    );
    let longest = 315_537_897_599_i64; // 0001-01-01 to 9999-12-31T23:59:59
    let two = json!({"won": 2, "lost": 0, "cycle_seconds": 2 * longest, "cycles": 2,
        "currencies": [["EUR", {"open": 0, "won": 2, "won_amount": "10"}]]});
    assert_eq!(serde_json::from_value::<Motion>(two.clone()).unwrap().cycles, 2);
    let mut past = two;
    past["cycle_seconds"] = json!(2 * longest + 1);
    assert!(refused::<Motion>(past).starts_with("motion refused: cycle_seconds: 631075795199 seconds"));
    // The overall row is the owners' rows added up.
    let mut velocity = serde_json::to_value(&reports.velocity).unwrap();
    velocity["overall"]["lost"] = json!(velocity["overall"]["lost"].as_u64().unwrap() + 1);
    assert_eq!(
        refused::<Velocity>(velocity),
        "velocity refused: overall: is not the sum of the owners' rows"
    );

    // A bin whose squared error has 29 digits before the point.
    let bin =
        json!({"deals": 3, "won": 1, "estimates": "2.1", "squared_error": "12345678901234567890123456789"});
    assert_eq!(
        refused::<Bin>(bin),
        "calibration bin refused: squared_error: 12345678901234567890123456789 is more than 3 deals can add \
         up to, at most 1 each"
    );
    let bin = json!({"deals": 1, "won": 2, "estimates": "0.5", "squared_error": "0.25"});
    assert_eq!(
        refused::<Bin>(bin),
        "calibration bin refused: won: 2 won of 1 deals"
    );

    // A bin of estimates outside its tenth.
    let mut calibration = serde_json::to_value(&reports.calibration).unwrap();
    let bins = &mut calibration["versions"][0][1];
    let (i, bin) = bins
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
        .find(|(_, b)| b["deals"] != json!(0))
        .unwrap();
    bin["estimates"] = json!("0");
    let err = refused::<Calibration>(calibration);
    assert!(
        err.starts_with(&format!(
            "calibration refused: versions[\"{}\"][{i}].estimates: 0 is not",
            policy.version()
        )),
        "{err}"
    );

    assert_eq!(
        refused::<Rate>(json!({"num": 3, "den": 2})),
        "rate refused: num: 3 is more than den, 2"
    );
    let suggestion =
        json!({"version": "v1", "estimated": "1.5", "closed": "0.5", "deals": 3, "verdict": "lower"});
    assert_eq!(
        refused::<qualify::pipeline::Suggestion>(suggestion),
        "suggestion refused: estimated: 1.5 is not a share between 0 and 1"
    );
    assert_eq!(
        refused::<Durations>(json!([5, 3])),
        "durations refused: [1]: 3 comes after 5: durations are in ascending order"
    );
    let mut funnel = serde_json::to_value(&reports.funnel).unwrap();
    funnel["reached"][Step::Won as usize] = json!(u64::MAX);
    assert!(
        refused::<Funnel>(funnel).starts_with("funnel refused: reached[6]: 18446744073709551615 reached Won")
    );

    let mut close = serde_json::to_value(&reports.close_rates).unwrap();
    close["overall"]["won"] = json!(0);
    assert_eq!(
        refused::<CloseRates>(close),
        "close rates refused: overall: is not the sum of the owners' rows"
    );

    let mut forecast = serde_json::to_value(&reports.forecast).unwrap();
    let row = &mut forecast["currencies"][0][1];
    row["open"]["weighted"] = row["open"]["amount"].clone();
    let err = refused::<Forecast>(forecast);
    assert!(
        err.starts_with("currency forecast refused: by_category: its deals, amounts"),
        "{err}"
    );
    let worth = json!({"deals": 1, "amount": "10", "weighted": "11"});
    assert!(
        refused::<qualify::pipeline::Worth>(worth)
            .starts_with("worth refused: weighted: 11 is more than the amount, 10")
    );

    let mut triage = serde_json::to_value(&reports.triage).unwrap();
    triage["within"] = json!(u64::MAX);
    assert!(
        refused::<TriageSla>(triage)
            .starts_with("triage refused: within: 18446744073709551615 within the window of")
    );

    let mut ageing = serde_json::to_value(&reports.ageing).unwrap();
    ageing["stages"][0]["past_limit"] = json!(0);
    ageing["stages"][0]["records"] = json!(0);
    ageing["stages"][0]["oldest"] = json!(5);
    let err = refused::<Ageing>(ageing);
    assert!(
        err.starts_with("stage age refused: oldest: 5 seconds old with no records"),
        "{err}"
    );

    // A won deal counts whole: its weighted amount is its amount.
    let mut forecast = serde_json::to_value(&reports.forecast).unwrap();
    forecast["currencies"][0][1]["won"]["weighted"] = json!("0");
    let err = refused::<Forecast>(forecast);
    assert!(
        err.starts_with("currency forecast refused: won.weighted: 0 is not the won amount"),
        "{err}"
    );
    // A disagreement is a call the suggestion differs from, and the list is in deal order.
    let mut forecast = serde_json::to_value(&reports.forecast).unwrap();
    let calls = forecast["disagreements"].as_array_mut().unwrap();
    assert!(calls.len() >= 2);
    calls.swap(0, 1);
    assert_eq!(
        refused::<Forecast>(forecast),
        "forecast refused: disagreements: not in order, by deal"
    );
    let mut forecast = serde_json::to_value(&reports.forecast).unwrap();
    let call = &mut forecast["disagreements"][0];
    call["suggested"] = call["called"].clone();
    let err = refused::<Forecast>(forecast);
    assert!(err.starts_with("disagreement refused: suggested: "), "{err}");
    assert!(
        err.contains("is the category called: that is no disagreement"),
        "{err}"
    );

    let outcomes = json!({"opened": 1, "opened_won": 2, "won": 2, "lost": 0});
    assert_eq!(
        refused::<Outcomes>(outcomes),
        "outcomes refused: opened_won: 2 won of 1 opened"
    );

    let rows = json!([["b", {"opened": 1, "opened_won": 0, "won": 0, "lost": 0}], ["a", {"opened": 1, "opened_won": 0, "won": 0, "lost": 0}]]);
    let err = serde_json::from_value::<qualify::pipeline::Rows<Option<Actor>, Outcomes>>(rows).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("rows refused: [1]: its key does not come after"),
        "{err}"
    );
    // Each key once.
    let row = json!({"opened": 1, "opened_won": 0, "won": 0, "lost": 0});
    let twice = json!([["a", row.clone()], ["a", row]]);
    let err = serde_json::from_value::<qualify::pipeline::Rows<Option<Actor>, Outcomes>>(twice).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("rows refused: [1]: its key does not come after"),
        "{err}"
    );
}

#[test]
fn every_report_reads_back_as_written() {
    let policy = Policy::default();
    let r = sample_reports(&policy);
    fn again<T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug>(report: &T) {
        let json = serde_json::to_string(report).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), report);
    }
    again(&r.funnel);
    again(&r.close_rates);
    again(&r.forecast);
    again(&r.calibration);
    again(&r.triage);
    again(&r.ageing);
    again(&r.velocity);
    // The sample has something in every report.
    assert!(
        r.forecast.currencies.len() == 2
            && !r.calibration.versions.is_empty()
            && !r.ageing.rotting.is_empty()
    );
}

#[test]
fn an_audit_read_back_is_checked() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts("2026-11-25T09:00:00Z"), "audit");
    let rows = [
        CrmRow::new("006-1", "Negotiation/Review"),
        CrmRow::new("006-2", "Closed Lost"),
    ];
    let audit = Audit::of(rows.into_iter().map(|row| crm.import(row))).unwrap();
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(serde_json::from_value::<Audit>(json.clone()).unwrap(), audit);
    let mut more = json.clone();
    more["rows"] = json!(3);
    assert_eq!(
        refused::<Audit>(more),
        "audit refused: stages.claimed: 2 rows in all stages, where 3 rows were imported; stages.typed: 2 rows \
         in all stages, where 3 rows were imported"
    );
    let forecast = json!({"by_label": "1", "by_evidence": "0", "dressed": "2", "unweighted": 0});
    assert_eq!(
        refused::<qualify::crm::ForecastAudit>(forecast),
        "forecast audit refused: dressed: 2 is more than the forecast by label it is part of, 1"
    );
    let mut won = json;
    won["close"]["won_unsupported"] = json!(1);
    assert_eq!(
        refused::<Audit>(won),
        "close audit refused: won_unsupported: 1 of 0 won by label"
    );
}

/// What a leaf of a report's JSON becomes.
#[derive(Clone, Debug)]
enum Leaf {
    Number(i128),
    Digits(String),
}

/// A few leaves of a report's JSON (each picked by an index among its numbers and digit
/// strings), each replaced: most reports stay readable, so what they read back is used.
fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, Leaf)>> {
    let leaf = prop_oneof![
        prop_oneof![
            Just(0_i128),
            Just(1),
            Just(-1),
            Just(u64::MAX.into()),
            Just(i64::MIN.into()),
            Just(i64::MAX.into()),
            any::<u32>().prop_map(i128::from),
        ]
        .prop_map(Leaf::Number),
        prop_oneof![
            Just("0".to_owned()),
            "[0-9]{1,40}",
            "[0-9]{1,60}\\.[0-9]{1,56}",
            Just(format!("{}.{}", "9".repeat(59), "9".repeat(56))),
        ]
        .prop_map(Leaf::Digits),
    ];
    prop::collection::vec((any::<prop::sample::Index>(), leaf), 1..4)
}

/// The numbers and digit strings of `value`, in document order.
fn leaves(value: &mut Value) -> Vec<&mut Value> {
    match value {
        Value::Array(items) => items.iter_mut().flat_map(leaves).collect(),
        Value::Object(fields) => fields.values_mut().flat_map(leaves).collect(),
        Value::Number(_) => vec![value],
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            vec![value]
        }
        _ => vec![],
    }
}

/// `value` with `edits` made.
fn mutate(value: &mut Value, edits: &[(prop::sample::Index, Leaf)]) {
    for (index, leaf) in edits {
        let mut all = leaves(value);
        if all.is_empty() {
            return;
        }
        let at = index.index(all.len());
        let target = &mut all[at];
        match leaf {
            Leaf::Number(n) if target.is_number() => {
                **target =
                    i64::try_from(*n).map_or_else(|_| json!(u64::try_from(*n).unwrap_or(0)), |n| json!(n));
            }
            Leaf::Digits(d) if target.is_string() => **target = json!(d),
            _ => {}
        }
    }
}

/// Reads `report` back after mutating it; if it reads, shows, merges with itself and with
/// the original, and runs `use_it`, none of which may panic.
fn try_report<T>(
    report: &T,
    edits: &[(prop::sample::Index, Leaf)],
    use_it: impl Fn(&T),
) -> Result<bool, TestCaseError>
where
    T: Serialize + DeserializeOwned + Clone + core::fmt::Display,
{
    let mut json = serde_json::to_value(report).unwrap();
    mutate(&mut json, edits);
    match serde_json::from_value::<T>(json) {
        Ok(read) => {
            let _ = read.to_string();
            use_it(&read);
            Ok(true)
        }
        Err(err) => {
            // Refusals stay short: the problems are capped, each value echoed at most 64 bytes.
            prop_assert!(
                err.to_string().len() < 16 * 1024,
                "{} bytes",
                err.to_string().len()
            );
            Ok(false)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_report_read_back_panics_whatever_its_fields_hold(leaves in edits()) {
        let policy = Policy::default();
        let r = sample_reports(&policy);
        let eur = Currency::new("EUR").unwrap();
        try_report(&r.funnel, &leaves, |f| {
            for step in Step::ALL {
                let _ = (f.count(step), f.skipped(step), f.conversion(Step::Lead, step).rounded(2));
            }
            let _ = f.clone().merge(f.clone()).merge(r.funnel.clone()).to_string();
        })?;
        try_report(&r.close_rates, &leaves, |c| {
            for (_, o) in c.ranked() {
                let _ = (o.expected_deals(), o.win_rate().to_string(), o.cohort_close_rate().rounded(28));
            }
            let _ = c.clone().merge(c.clone()).merge(r.close_rates.clone()).to_string();
        })?;
        try_report(&r.forecast, &leaves, |fc| {
            let _ = fc.weighted();
            if let Ok(m) = fc.clone().merge(fc.clone()).and_then(|m| m.merge(r.forecast.clone())) {
                let _ = m.to_string();
            }
        })?;
        try_report(&r.calibration, &leaves, |c| {
            let _ = (c.brier(policy.version()), c.suggestions());
            for (_, bins) in c.versions.iter() {
                for bin in bins {
                    let _ = (bin.mean_estimate(), bin.observed().to_string());
                }
            }
            if let Ok(m) = c.clone().merge(c.clone()).and_then(|m| m.merge(r.calibration.clone())) {
                let _ = m.to_string();
            }
        })?;
        try_report(&r.triage, &leaves, |t| {
            let _ = (t.within_window().to_string(), t.decided.median(), t.decided.percentile(90));
            let _ = t.clone().merge(t.clone()).merge(r.triage.clone()).to_string();
        })?;
        try_report(&r.ageing, &leaves, |a| {
            let _ = a.clone().merge(a.clone()).merge(r.ageing.clone()).to_string();
        })?;
        try_report(&r.velocity, &leaves, |v| {
            for (_, m) in v.owners.iter().chain([(&None, &v.overall)]) {
                let _ = (m.velocity(eur), m.win_rate().to_string());
            }
            if let Ok(m) = v.clone().merge(v.clone()).and_then(|m| m.merge(r.velocity.clone())) {
                let _ = m.to_string();
            }
        })?;
    }

    #[test]
    fn the_parts_of_a_report_show_whatever_their_public_fields_hold(
        counts in prop::array::uniform4(any::<u64>()),
        seconds in any::<i128>(),
        total in prop_oneof!["[0-9]{1,60}", "[0-9]{1,60}\\.[0-9]{1,56}"]
            .prop_filter_map("past what a total holds", |t| t.parse::<Total>().ok()),
        places in 0_u32..40,
    ) {
        let policy = Policy::default();
        let scope = Scope::new(&policy, november(), ts("2026-12-01T00:00:00Z"));
        let _ = (total.to_string(), format!("{total:.2}"), format!("{total:>30.0}"), total.to_decimal(), total.mean(counts[0]));
        let _ = total.checked_add(total).map(|t| t.normalize().to_string());

        let mut velocity = Velocity::new(&scope);
        velocity.overall.won = counts[0];
        velocity.overall.lost = counts[1];
        velocity.overall.cycles = counts[2];
        velocity.overall.cycle_seconds = seconds;
        let _ = (velocity.to_string(), velocity.overall.win_rate().to_string());

        let mut bin = Bin::default();
        (bin.deals, bin.won) = (counts[0], counts[1]);
        (bin.estimates, bin.squared_error) = (total, total);
        let _ = (bin.mean_estimate(), bin.observed().to_string(), bin.observed().rounded(places));

        let mut outcomes = Outcomes::default();
        (outcomes.opened, outcomes.opened_won, outcomes.won, outcomes.lost) = (counts[0], counts[1], counts[2], counts[3]);
        let _ = (outcomes.expected_deals(), outcomes.win_rate().to_string(), outcomes.cohort_close_rate().rounded(places));

        let mut funnel = Funnel::new(&scope);
        funnel.reached = [counts[0], counts[1], counts[2], counts[3], 0, u64::MAX, 1];
        let _ = (funnel.to_string(), funnel.conversion(Step::Lead, Step::Won).to_string());

        let mut triage = TriageSla::new(&scope);
        triage.within = counts[0];
        triage.window = seconds as i64;
        let _ = triage.to_string();

        let mut ageing = Ageing::new(&scope);
        ageing.stages[0].records = counts[0];
        ageing.stages[0].oldest = seconds as i64;
        let _ = ageing.to_string();

        let rate = Rate::new(counts[0], counts[1]);
        let _ = (rate.to_string(), rate.rounded(places));
        let _ = Decimal::MAX;
    }
}

#[test]
fn a_rotting_record_read_back_is_past_its_stages_limit() {
    let policy = Policy::default();
    let reports = sample_reports(&policy);
    let ageing = serde_json::to_value(&reports.ageing).unwrap();
    let limit = ageing["rotting"][0]["limit_days"].as_i64().unwrap();
    let day = 86_400;
    // At the limit exactly, or one day past it counted as seconds: not past the limit.
    for age in [limit * day, limit + day, limit * day - 1] {
        let mut tampered = ageing.clone();
        tampered["rotting"][0]["age"] = json!(age);
        let err = refused::<Ageing>(tampered);
        assert!(
            err.starts_with(&format!("ageing refused: rotting[0]: {age} seconds in ")),
            "{age}: {err}"
        );
        assert!(
            err.contains(&format!("is not past the limit of {limit} days")),
            "{err}"
        );
    }
    // Past the limit, but not the limit of its stage.
    let mut tampered = ageing.clone();
    tampered["rotting"][0]["limit_days"] = json!(limit - 1);
    let err = refused::<Ageing>(tampered);
    assert!(err.starts_with("ageing refused: rotting[0]: "), "{err}");
    // One second past it reads back.
    let mut past = ageing.clone();
    past["rotting"][0]["age"] = json!(limit * day + 1);
    assert!(serde_json::from_value::<Ageing>(past).is_ok());
}

#[test]
fn a_funnel_read_back_skips_no_more_than_reached_and_nothing_to_the_first_step() {
    let policy = Policy::default();
    let reports = sample_reports(&policy);
    let funnel = serde_json::to_value(&reports.funnel).unwrap();
    let reached = funnel["reached"][3].as_u64().unwrap();
    let mut tampered = funnel.clone();
    tampered["skipped"][3] = json!(reached + 1);
    let err = refused::<Funnel>(tampered);
    assert!(
        err.starts_with(&format!(
            "funnel refused: skipped[3]: {} skipped to {} of {reached} that reached it",
            reached + 1,
            Step::ALL[3]
        )),
        "{err}"
    );
    // No record skips to the step every record starts at.
    let mut tampered = funnel.clone();
    tampered["skipped"][0] = json!(1);
    let err = refused::<Funnel>(tampered);
    assert!(
        err.starts_with("funnel refused: skipped[0]: 1 skipped to "),
        "{err}"
    );
    assert!(serde_json::from_value::<Funnel>(funnel).is_ok());
}

#[test]
fn an_overdue_lead_read_back_has_waited() {
    let overdue = |waiting: i64| json!({"id": "lead-1", "owner": null, "waiting": waiting});
    for waiting in [0, -1] {
        assert_eq!(
            refused::<qualify::pipeline::Overdue>(overdue(waiting)),
            format!("overdue lead refused: waiting: {waiting} seconds is not past any window")
        );
    }
    assert!(serde_json::from_value::<qualify::pipeline::Overdue>(overdue(1)).is_ok());
}

#[test]
fn an_overdue_lead_in_a_triage_read_back_has_waited_past_the_window() {
    let policy = Policy::default();
    let reports = sample_reports(&policy);
    let mut triage = serde_json::to_value(&reports.triage).unwrap();
    let window = triage["window"].as_i64().unwrap();
    triage["overdue"] = json!([{"id": "lead-1", "owner": null, "waiting": window}]);
    let err = refused::<TriageSla>(triage.clone());
    assert!(err.starts_with("triage refused: overdue[0].waiting: "), "{err}");
    triage["overdue"][0]["waiting"] = json!(window + 1);
    assert!(serde_json::from_value::<TriageSla>(triage).is_ok());
}

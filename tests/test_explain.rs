//! Explanations for people: how rules and values are worded, what a probability
//! explanation lists, and explanations read back from the wire.

mod util;

use qualify::{Condition, Field, Observed, Policy, Profile, Seniority, Signal, SignalKind, Value};
use util::*;

/// The default policy with `rules` as its only criteria and no knockouts, passing at
/// `min_met` 0.
#[track_caller]
fn policy_of(rules: Vec<(Field, Condition)>) -> Policy {
    let mut spec = default_spec();
    spec.fit.criteria = rules
        .into_iter()
        .enumerate()
        .map(|(i, (field, condition))| criterion(&format!("rule {i}"), field, condition, "1"))
        .collect();
    spec.fit.knockouts = Vec::new();
    spec.fit.pass.min_score = None;
    spec.fit.pass.min_met = Some(0);
    Policy::new(spec).unwrap()
}

/// Each rule's text, as an explanation of an empty profile gives it.
#[track_caller]
fn texts(rules: &[(Field, Condition)]) -> Vec<String> {
    let e = policy_of(rules.to_vec()).explain(&Profile::default(), &[], now());
    e.fit.criteria().map(|c| c.text.to_owned()).collect()
}

/// Asserts that each rule reads as its text.
#[track_caller]
fn assert_worded(table: &[(Field, Condition, &str)]) {
    let rules: Vec<(Field, Condition)> = table.iter().map(|(f, c, _)| (f.clone(), c.clone())).collect();
    let wanted: Vec<&str> = table.iter().map(|(_, _, text)| *text).collect();
    assert_eq!(texts(&rules), wanted);
}

// ---- wording: every row of the table in the `explain` docs ------------------------------

#[test]
fn employee_counts_read_as_headcounts() {
    assert_worded(&[
        (
            Field::Employees,
            range(Some("1000"), None),
            "1,000 employees or more",
        ),
        (Field::Employees, range(None, Some("9")), "at most 9 employees"),
        (
            Field::Employees,
            range(Some("200"), Some("5000")),
            "between 200 and 5,000 employees",
        ),
        (
            Field::Employees,
            range(Some("5"), Some("5")),
            "exactly 5 employees",
        ),
        (Field::Employees, range(Some("1"), None), "1 employee or more"),
        (Field::Employees, range(None, Some("1")), "at most 1 employee"),
        (Field::Employees, equals("1e3"), "exactly 1,000 employees"),
        (Field::Employees, equals("1"), "exactly 1 employee"),
        (
            Field::Employees,
            one_of(&["10", "20", "2_500"]),
            "exactly 10, 20 or 2,500 employees",
        ),
        (Field::Employees, Condition::Present, "employee count is known"),
        (Field::Employees, Condition::Absent, "employee count is not known"),
    ]);
}

#[test]
fn annual_revenue_reads_as_an_amount_with_its_digits_grouped() {
    assert_worded(&[
        (
            Field::AnnualRevenue,
            range(Some("50000000"), None),
            "annual revenue of 50,000,000 or more",
        ),
        (
            Field::AnnualRevenue,
            range(None, Some("1234.50")),
            "annual revenue of at most 1,234.50",
        ),
        (
            Field::AnnualRevenue,
            range(Some("1000000"), Some("25000000")),
            "annual revenue between 1,000,000 and 25,000,000",
        ),
        (
            Field::AnnualRevenue,
            range(Some("7"), Some("7.0")),
            "annual revenue of exactly 7",
        ),
        (
            Field::AnnualRevenue,
            equals("1000000.5"),
            "annual revenue of exactly 1,000,000.5",
        ),
        (
            Field::AnnualRevenue,
            one_of(&["1000", "2000"]),
            "annual revenue of exactly 1,000 or 2,000",
        ),
        (
            Field::AnnualRevenue,
            Condition::Present,
            "annual revenue is known",
        ),
        (
            Field::AnnualRevenue,
            Condition::Absent,
            "annual revenue is not known",
        ),
    ]);
}

#[test]
fn text_fields_read_as_the_policy_writes_their_values() {
    assert_worded(&[
        (
            Field::Industry,
            one_of(&["software", "saas", "fintech", "financial services"]),
            "industry is one of software, saas, fintech or financial services",
        ),
        (Field::Country, equals("DE"), "country is DE"),
        (Field::Country, one_of(&["DE"]), "country is DE"),
        (
            Field::Country,
            one_of(&["DE", "FR"]),
            "country is one of DE or FR",
        ),
        (Field::JobTitle, Condition::Present, "job title is known"),
        (Field::JobTitle, Condition::Absent, "job title is not known"),
        (
            Field::Industry,
            equals("Retail, Wholesale"),
            "industry is Retail, Wholesale",
        ),
    ]);
}

#[test]
fn text_conditions_read_as_a_salesperson_says_them() {
    let list = |vs: &[&str]| vs.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
    assert_worded(&[
        (
            Field::JobTitle,
            Condition::ContainsWord(list(&["student"])),
            "job title contains student",
        ),
        (
            Field::JobTitle,
            Condition::ContainsWord(list(&["student", "intern", "trainee"])),
            "job title contains student, intern or trainee",
        ),
        (
            Field::JobTitle,
            Condition::StartsWith(list(&["head of"])),
            "job title starts with head of",
        ),
        (
            Field::JobTitle,
            Condition::StartsWith(list(&["head of", "vp, "])),
            "job title starts with one of head of or vp, ",
        ),
        (
            Field::JobTitle,
            Condition::StartsWith(list(&["vp", "head"])),
            "job title starts with vp or head",
        ),
        (
            Field::JobTitle,
            Condition::EndsWith(list(&["assistant"])),
            "job title ends with assistant",
        ),
        (
            Field::Industry,
            Condition::EndsWith(list(&[" services", "ware"])),
            "industry ends with one of  services or ware",
        ),
        (
            Field::EmailDomain,
            Condition::DomainIn(list(&["rival.example"])),
            "e-mail domain is within rival.example",
        ),
        (
            Field::EmailDomain,
            Condition::DomainIn(list(&["gmail.com", "yahoo.com", "mailinator.com"])),
            "e-mail domain is within gmail.com, yahoo.com or mailinator.com",
        ),
        (Field::EmailDomain, Condition::Present, "e-mail domain is known"),
        (
            custom("website"),
            Condition::DomainIn(list(&["rival.example"])),
            "website is within rival.example",
        ),
    ]);
}

#[test]
fn seniorities_read_by_their_labels_as_a_plain_list() {
    assert_worded(&[
        (
            Field::Seniority,
            one_of(&["director", "vice_president", "c_level"]),
            "seniority is director, vice president or c-level",
        ),
        (
            Field::Seniority,
            one_of(&["manager", "Owner"]),
            "seniority is manager or owner",
        ),
        (
            Field::Seniority,
            equals("Vice_President"),
            "seniority is vice president",
        ),
        (Field::Seniority, Condition::Present, "seniority is known"),
    ]);
}

#[test]
fn custom_fields_read_by_their_names() {
    assert_worded(&[
        (custom("crm_plan"), equals("enterprise"), "crm_plan is enterprise"),
        (custom("competitor"), equals("true"), "competitor is true"),
        (
            custom("crm_plan"),
            one_of(&["business", "enterprise"]),
            "crm_plan is one of business or enterprise",
        ),
        (
            custom("seats"),
            range(Some("1000"), None),
            "seats is 1,000 or more",
        ),
        (custom("seats"), range(None, Some("9.5")), "seats is at most 9.5"),
        (
            custom("seats"),
            range(Some("10"), Some("20")),
            "seats is between 10 and 20",
        ),
        (custom("seats"), range(Some("10"), Some("10")), "seats is 10"),
        // A custom value is text as written: a postcode keeps its zero and gains no comma.
        (custom("postcode"), equals("01234"), "postcode is 01234"),
        (custom("postcode"), equals("10115"), "postcode is 10115"),
        (custom("dispute"), Condition::Absent, "dispute is not known"),
    ]);
}

#[test]
fn knockouts_read_as_criteria_do() {
    let e = Policy::default().explain(&good_profile(), &[], now());
    let knockouts: Vec<(&str, &str)> = e.fit.knockouts().map(|k| (k.name, k.text)).collect();
    assert_eq!(
        knockouts,
        [
            ("competitor", "competitor is true"),
            ("student", "seniority is student"),
            ("spam", "spam is true"),
            ("company under 10 employees", "at most 9 employees"),
            (
                "student or intern title",
                "job title contains student, intern, internship or trainee"
            ),
        ]
    );
}

#[test]
fn each_outcome_carries_the_spec_field_and_condition_beside_its_text() {
    let spec = default_spec();
    let e = Policy::default().explain(&good_profile(), &[], now());
    for (outcome, rule) in e.fit.criteria().zip(&spec.fit.criteria) {
        assert_eq!((outcome.field, outcome.condition), (&rule.field, &rule.condition));
    }
    for (outcome, rule) in e.fit.knockouts().zip(&spec.fit.knockouts) {
        assert_eq!((outcome.field, outcome.condition), (&rule.field, &rule.condition));
    }
    let first = e.fit.criteria().next().unwrap();
    assert_eq!(first.field, &Field::Employees);
    assert_eq!(
        first.condition,
        &Condition::Range {
            min: Some(dec("1000")),
            max: None
        }
    );
    assert_eq!(first.text, "1,000 employees or more");
}

#[test]
fn values_seen_read_as_a_salesperson_reads_them() {
    let rules = vec![
        (Field::Employees, Condition::Present),
        (Field::AnnualRevenue, Condition::Present),
        (Field::Industry, Condition::Present),
        (Field::Seniority, Condition::Present),
        (custom("churned"), Condition::Present),
        (custom("seats"), Condition::Present),
        (Field::Country, Condition::Present),
        (custom("note"), Condition::Present),
    ];
    let profile = Profile::new()
        .employees(2_400)
        .annual_revenue(dec("1234567.50"))
        .industry("Retail")
        .seniority(Seniority::CLevel)
        .custom("churned", Value::Bool(false))
        .custom("seats", Value::Number(dec("12.50")))
        .custom("note", Value::Text("two\nlines".into()));
    let e = policy_of(rules).explain(&profile, &[], now());
    let seen: Vec<String> = e.fit.criteria().map(|c| c.seen.to_string()).collect();
    assert_eq!(
        seen,
        [
            "2,400",
            "1,234,567.50",
            "\"Retail\"",
            "c-level",
            "false",
            "12.50",
            "not known",
            "\"two\\nlines\"",
        ]
    );
    assert_eq!(Observed::Missing.to_string(), "not known");
    assert_eq!(Observed::Number(dec("-1000")).to_string(), "-1,000");
}

// ---- probability: adjustments of zero are not listed ------------------------------------

#[test]
fn an_adjustment_of_zero_is_not_listed() {
    // Under the default policy an IQL lead's tier adjustment is 0: it changes nothing, so the
    // explanation says nothing of it, in its text or on the wire.
    let mut prospect = prospect_with(full_checklist());
    prospect
        .record_signal(Signal::new(SignalKind::ContentDownload, now()))
        .unwrap();
    let policy = qualify::Policy::default();
    assert_eq!(
        policy
            .assess(prospect.fit().profile().unwrap(), prospect.signals(), now())
            .tier(),
        Some(qualify::Tier::Iql)
    );
    let estimate = prospect.close_probability(&policy, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.95 meets threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.2 budget approved\n  \
         +0.15 decision maker engaged\n  \
         +0.1 decision date near"
    );
    let names: Vec<&str> = estimate.adjustments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["budget approved", "decision maker engaged", "decision date near"]
    );
    let json = to_json(&estimate);
    assert_eq!(json["adjustments"].as_array().map(Vec::len), Some(3));

    // An MQL lead's adjustment is not zero, and is listed.
    prospect
        .record_signal(Signal::new(SignalKind::PricingRequest, now()))
        .unwrap();
    let estimate = prospect.close_probability(&policy, now());
    assert_eq!(
        estimate.adjustments.last().map(|a| (a.name.as_str(), a.value)),
        Some(("engagement MQL", dec("0.02")))
    );
}

// ---- explanations read back -------------------------------------------------------------

/// Serializes `value`, reads it back, and checks it equal and written the same; the JSON.
#[track_caller]
fn round_trip<T>(value: &T) -> String
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug,
{
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    json
}

/// A policy that words every kind of rule, two of them on one field, with decimals.
fn varied_policy() -> Policy {
    let mut spec = default_spec();
    spec.version = "varied-2026".into();
    spec.fit.criteria = vec![
        criterion("big", Field::Employees, range(Some("1000"), None), "30"),
        criterion("not huge", Field::Employees, range(None, Some("50000")), "2.5"),
        criterion(
            "plan",
            custom("crm_plan"),
            one_of(&["business", "enterprise"]),
            "12.50",
        ),
        criterion("seats", custom("seats"), range(Some("10"), None), "1"),
        criterion("titled", Field::JobTitle, Condition::Present, "5"),
        criterion("senior", Field::Seniority, one_of(&["director", "c_level"]), "5"),
    ];
    spec.fit.criteria[0].required = true;
    spec.fit.pass.min_score = Some(dec("40.0"));
    spec.fit.pass.min_met = Some(2);
    spec.fit.pass.require = qualify::Require::Any;
    // Edited from a clone, not built, so that this holds when spec types are non-exhaustive.
    let mut rule = spec.engagement.signals[0].clone();
    rule.kind = SignalKind::Custom("demo_request".into());
    rule.points = dec("0.25");
    spec.engagement.signals.push(rule);
    Policy::new(spec).unwrap()
}

#[test]
fn explanations_of_varied_records_read_back_as_they_were() {
    let crm: Policy = serde_json::from_str(include_str!("../examples/policy.json")).unwrap();
    let policies = [Policy::default(), varied_policy(), crm];
    let profiles = [
        Profile::default(),
        good_profile(),
        Profile::new()
            .employees(5)
            .annual_revenue(dec("1234567.50"))
            .industry("Say \"hi\"\n")
            .seniority(Seniority::Student)
            .custom("competitor", Value::Bool(true))
            .custom("seats", Value::Number(dec("12.50")))
            .custom("crm_plan", Value::Text("1200".into())),
    ];
    // Every kind of decay: a signal after now, fresh, old, and a custom kind named like a
    // known one, which must not come back as the known kind.
    let signals = [
        Signal::new(SignalKind::DemoRequest, ts("2026-11-10T09:00:00Z")),
        Signal::new(
            SignalKind::Custom("demo_request".into()),
            ts("2026-11-24T09:00:00Z"),
        ),
        Signal::new(SignalKind::ContentDownload, ts("2026-11-26T09:00:00Z")),
        Signal::new(SignalKind::NewsletterSignup, ts("2025-01-01T09:00:00Z")),
    ];
    for policy in &policies {
        for profile in &profiles {
            for signals in [&signals[..], &[]] {
                let e = policy.explain(profile, signals, now());
                round_trip(&e);
                round_trip(&e.fit);
                round_trip(&e.engagement);
                let back: qualify::Explanation =
                    serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
                assert_eq!(back.to_string(), e.to_string());
            }
        }
    }
    let e = varied_policy().explain(&profiles[2], &signals, now());
    let back: qualify::Explanation = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    assert_eq!(
        back.engagement.signals[1].kind,
        SignalKind::Custom("demo_request".into())
    );
    // Read back, a value seen is what the profile held, not its text.
    let seen: Vec<&Observed> = back.fit.criteria().map(|c| c.seen).collect();
    assert_eq!(seen[2], &Observed::Text("1200".into()));
    assert_eq!(seen[3], &Observed::Number(dec("12.50")));
    assert_eq!(seen[3].to_string(), "12.50");
}

#[test]
fn probability_explanations_read_back_as_they_were() {
    let policy = Policy::default();
    let mut clamped = prospect_with(full_checklist());
    clamped
        .record_signal(Signal::new(SignalKind::DemoRequest, now()))
        .unwrap();
    for prospect in [prospect(), prospect_with(full_checklist()), clamped] {
        let estimate = prospect.close_probability(&policy, now());
        round_trip(&estimate);
    }
}

#[test]
fn an_explanation_read_back_equals_the_original_and_differs_from_another() {
    let policy = Policy::default();
    let e = policy.explain(&good_profile(), &[], now());
    let json = serde_json::to_value(&e.fit).unwrap();
    let back: qualify::FitExplanation = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, e.fit);
    let other = policy.explain(&Profile::default(), &[], now());
    assert_ne!(back, other.fit);
    // A different text for the same rule is a different explanation.
    let mut edited = json;
    edited["criteria"][0]["text"] = "mindestens 1.000 Mitarbeitende".into();
    let translated: qualify::FitExplanation = serde_json::from_value(edited).unwrap();
    assert_ne!(translated, e.fit);
    assert_eq!(
        translated.criteria().next().unwrap().text,
        "mindestens 1.000 Mitarbeitende"
    );
}

/// An explanation's fit on the wire, with `edit` applied; what reading it back gives.
fn read_edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<qualify::FitExplanation, String> {
    let e = Policy::default().explain(&good_profile(), &[], now());
    let mut json = serde_json::to_value(&e.fit).unwrap();
    edit(&mut json);
    serde_json::from_value(json).map_err(|e| e.to_string())
}

#[test]
fn a_rule_without_text_is_worded_by_the_crate() {
    let e = read_edited(|j| {
        for rule in j["criteria"].as_array_mut().unwrap() {
            rule.as_object_mut().unwrap().remove("text");
        }
    })
    .unwrap();
    assert_eq!(
        e.criteria().map(|c| c.text).collect::<Vec<_>>()[..3],
        [
            "1,000 employees or more",
            "industry is one of software, saas, fintech or financial services",
            "annual revenue of 50,000,000 or more"
        ]
    );
}

#[test]
fn two_values_seen_for_one_field_are_both_kept() {
    // The crate never writes this (it reads a field once), but a wire that does reads back
    // as written.
    let e = read_edited(|j| {
        j["knockouts"][3]["seen"] = serde_json::json!({ "number": "2400.0" });
    })
    .unwrap();
    assert_eq!(e.criteria().next().unwrap().seen.to_string(), "2,400");
    assert_eq!(e.knockouts().nth(3).unwrap().seen.to_string(), "2,400.0");
    round_trip(&e);
}

#[test]
fn a_wire_that_contradicts_itself_is_refused() {
    assert_eq!(
        read_edited(|j| j["criteria"][0]["points"] = "5".into()).unwrap_err(),
        "criterion \"enterprise headcount\" is met, so its points must be its weight 30, not 5"
    );
    assert_eq!(
        read_edited(|j| {
            j["criteria"][0]["met"] = false.into();
        })
        .unwrap_err(),
        "criterion \"enterprise headcount\" is not met, so its points must be 0, not 30"
    );
    let err = read_edited(|j| {
        let rule = j["knockouts"][0].clone();
        j["knockouts"] = serde_json::Value::Array(vec![rule; 65]);
    })
    .unwrap_err();
    assert_eq!(err, "an explanation lists at most 64 knockouts, found 65");
    let err = read_edited(|j| j["criteria"][0]["seen"] = "1200".into()).unwrap_err();
    assert!(
        err.starts_with("unknown variant `1200`, expected one of"),
        "{err}"
    );
    let err = read_edited(|j| j["criteria"][0]["seen"] = serde_json::json!({ "number": 1200 })).unwrap_err();
    assert!(
        err.starts_with("invalid type: integer `1200`, expected a Decimal"),
        "{err}"
    );
    let err = read_edited(|j| j["score"] = "0.00000000000000000000000000001".into()).unwrap_err();
    assert_eq!(
        err,
        "score \"0.00000000000000000000000000001\" has 29 digits after the decimal point, more than \
         the 28 a decimal holds exactly"
    );
    let err = read_edited(|j| j["criteria"][0]["colour"] = "red".into()).unwrap_err();
    assert!(err.starts_with("unknown field `colour`"), "{err}");
}

#[test]
fn an_explanation_whose_totals_disagree_with_its_criteria_does_not_read_back() {
    let e = qualify::Policy::default().explain(&good_profile(), &[], now());
    let mut json = serde_json::to_value(&e).unwrap();
    json["fit"]["score"] = serde_json::json!("99");
    let err = serde_json::from_value::<qualify::Explanation>(json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "score 99 and 4 criteria met disagree with the criteria, which add to 75 and 4"
    );
    let mut json = serde_json::to_value(&e).unwrap();
    json["fit"]["met"] = serde_json::json!(6);
    assert!(serde_json::from_value::<qualify::Explanation>(json).is_err());
}

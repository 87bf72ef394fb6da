//! The scoring engine: fit criteria, knockouts, pass rules, engagement decay and tiers, the
//! close-probability model, and explanations.

mod util;

use qualify::{
    Access, Assessment, BudgetStatus, Condition, CriterionSpec, Decay, Field, KnockoutSpec, OpenRange,
    PassSpec, Policy, PolicySpec, Profile, Require, Seniority, Signal, SignalKind, SignalRule, Tier,
    TierRule, Timeline, Timestamp, Unmet, Value,
};
use rust_decimal::Decimal;
use util::*;

/// The default spec after `edit`, as a policy.
#[track_caller]
fn policy(edit: impl FnOnce(&mut PolicySpec)) -> Policy {
    let mut spec = default_spec();
    edit(&mut spec);
    Policy::new(spec).unwrap()
}

/// A policy whose fit is only `criteria` and `knockouts`, passing at `min_met` 0.
#[track_caller]
fn fit_policy(criteria: Vec<CriterionSpec>, knockouts: Vec<KnockoutSpec>) -> Policy {
    policy(|s| {
        s.fit.criteria = criteria;
        s.fit.knockouts = knockouts;
        s.fit.pass = PassSpec::min_met(0);
    })
}

fn with_custom(pairs: &[(&str, Value)]) -> Profile {
    pairs
        .iter()
        .fold(Profile::new(), |profile, (k, v)| profile.custom(*k, v.clone()))
}

fn fit_of(policy: &Policy, profile: &Profile) -> Assessment {
    policy.assess(profile, &[], now())
}

/// `now()` moved by `seconds`.
fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(now().as_unix_seconds() + seconds).unwrap()
}

const DAY: i64 = 86_400;

fn engagement(policy: &Policy, signals: &[Signal]) -> Decimal {
    policy
        .assess(&Profile::default(), signals, now())
        .engagement_score()
}

// ---- fit ------------------------------------------------------------------------------

#[test]
fn met_criteria_add_their_weights() {
    let p = Policy::default();
    let a = fit_of(&p, &Profile::default());
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("0"), 0));
    // headcount 30 + industry 20 + seniority 15 + country 10
    let a = fit_of(&p, &good_profile());
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("75"), 4));
    let titled = good_profile().job_title("VP Finance");
    // + job title 10
    let a = fit_of(&p, &titled);
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("85"), 5));
    let everything = titled.annual_revenue(dec("50000000"));
    // + revenue 15: every weight, 30 + 20 + 15 + 15 + 10 + 10
    let a = fit_of(&p, &everything);
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("100"), 6));

    // Fractional weights add exactly.
    let p = fit_policy(
        vec![
            criterion("a", custom("a"), Condition::Present, "0.1"),
            criterion("b", custom("b"), Condition::Present, "0.2"),
            criterion("c", custom("c"), Condition::Present, "1000000"),
        ],
        vec![],
    );
    let both = with_custom(&[("a", Value::Bool(true)), ("b", Value::Bool(true))]);
    assert_eq!(fit_of(&p, &both).fit_score(), dec("0.3"));
    let all = with_custom(&[
        ("a", Value::Bool(true)),
        ("b", Value::Bool(true)),
        ("c", Value::Bool(true)),
    ]);
    assert_eq!(fit_of(&p, &all).fit_score(), dec("1000000.3"));
}

#[test]
fn text_compares_ignoring_ascii_case_only() {
    let p = Policy::default();
    let industry = |text: &str| {
        let profile = Profile::new().industry(text);
        fit_of(&p, &profile).fit_score()
    };
    for text in ["software", "SOFTWARE", "SaaS", "fINTECH", "Financial Services"] {
        assert_eq!(industry(text), dec("20"), "{text}");
    }
    for text in ["software ", "soft", "financial-services", ""] {
        assert_eq!(industry(text), dec("0"), "{text:?}");
    }
    let country = Profile::new().country("de");
    assert_eq!(fit_of(&p, &country).fit_score(), dec("10"));

    // Only ASCII letters fold: "ü" and "Ü" differ.
    let p = fit_policy(
        vec![criterion("city", Field::Industry, one_of(&["münchen"]), "1")],
        vec![],
    );
    let city = |text: &str| {
        let profile = Profile::new().industry(text);
        fit_of(&p, &profile).criteria_met()
    };
    assert_eq!(city("MüNCHEN"), 1);
    assert_eq!(city("MÜNCHEN"), 0);
}

#[test]
fn text_of_any_length_compares_ignoring_case() {
    // Lengths around 16 bytes, where short texts are compared by packed keys and long
    // ones byte by byte.
    let values = [
        "abcdefghijklmn",    // 14 bytes
        "bcdefghijklmnop",   // 15
        "cdefghijklmnopqr",  // 16
        "defghijklmnopqrst", // 17
        "x",
        "",
    ];
    let p = fit_policy(
        vec![criterion("industry", Field::Industry, one_of(&values), "1")],
        vec![],
    );
    let met = |text: &str| {
        let profile = Profile::new().industry(text);
        fit_of(&p, &profile).criteria_met()
    };
    for v in values {
        assert_eq!(met(v), 1, "{v:?}");
        assert_eq!(met(&v.to_ascii_uppercase()), 1, "{v:?}");
        // One byte more, one byte less, or the last letter changed: no match.
        assert_eq!(met(&format!("{v}z")), 0, "{v:?}z");
        if let Some(stem) = v.get(..v.len().saturating_sub(1)).filter(|s| !s.is_empty()) {
            assert_eq!(met(stem), 0, "{stem:?}");
            assert_eq!(met(&format!("{stem}@")), 0, "{stem:?}@");
        }
    }
    // Non-letters do not fold: '@' is not '`', '[' is not '{'.
    let p = fit_policy(
        vec![criterion(
            "odd",
            Field::Country,
            one_of(&["a@[", "AbCdEfGhIjKlMnOp@["]),
            "1",
        )],
        vec![],
    );
    let country = |text: &str| {
        let profile = Profile::new().country(text);
        fit_of(&p, &profile).criteria_met()
    };
    assert_eq!(country("A@["), 1);
    assert_eq!(country("a`{"), 0);
    assert_eq!(country("abcdefghijklmnop@["), 1);
    assert_eq!(country("abcdefghijklmnop`{"), 0);
}

#[test]
fn whole_employee_counts_meet_decimal_bounds() {
    let p = fit_policy(
        vec![
            criterion("over 999.5", Field::Employees, range(Some("999.5"), None), "1"),
            criterion("at most 9.9", Field::Employees, range(None, Some("9.9")), "10"),
            criterion(
                "exactly 1000.0",
                Field::Employees,
                Condition::Equals("1000.0".into()),
                "100",
            ),
            criterion("never", Field::Employees, one_of(&["1000.5", "-3"]), "1000"),
            criterion(
                "huge",
                Field::Employees,
                range(Some("79228162514264337593543950335"), None),
                "10000",
            ),
            criterion(
                "any",
                Field::Employees,
                range(
                    Some("-79228162514264337593543950335"),
                    Some("79228162514264337593543950335"),
                ),
                "100000",
            ),
        ],
        vec![],
    );
    let score = |n: u32| {
        let profile = Profile::new().employees(n);
        fit_of(&p, &profile).fit_score()
    };
    // 999: only "any"; 1000: min 999.5, equals 1000.0 and "any"; 9: at most 9.9 and "any".
    assert_eq!(score(999), dec("100000"));
    assert_eq!(score(1000), dec("100101"));
    assert_eq!(score(9), dec("100010"));
    assert_eq!(score(10), dec("100000"));
    assert_eq!(score(u32::MAX), dec("100001"));
    assert_eq!(score(0), dec("100010"));
}

#[test]
fn range_bounds_are_inclusive() {
    let p = Policy::default();
    let employees = |n: u32| {
        let profile = Profile::new().employees(n);
        fit_of(&p, &profile)
    };
    // "enterprise headcount" is `min 1000`: 1000 meets it, 999 does not.
    assert_eq!(employees(1000).fit_score(), dec("30"));
    assert_eq!(employees(999).fit_score(), dec("0"));
    assert_eq!(employees(u32::MAX).fit_score(), dec("30"));
    // The knockout "company under 10 employees" is `max 9`: it hits at 9, not at 10.
    assert_eq!(employees(9).knockouts_hit(), 1);
    assert_eq!(employees(0).knockouts_hit(), 1);
    assert_eq!(employees(10).knockouts_hit(), 0);

    let revenue = |text: &str| {
        let profile = Profile::new().annual_revenue(dec(text));
        fit_of(&p, &profile).fit_score()
    };
    assert_eq!(revenue("50000000"), dec("15"));
    assert_eq!(revenue("50000000.00"), dec("15"));
    assert_eq!(revenue("49999999.99"), dec("0"));

    let p = fit_policy(
        vec![criterion(
            "mid",
            Field::Employees,
            range(Some("10"), Some("20")),
            "1",
        )],
        vec![],
    );
    let met = |n: u32| {
        let profile = Profile::new().employees(n);
        fit_of(&p, &profile).criteria_met()
    };
    assert_eq!([9, 10, 15, 20, 21].map(met), [0, 1, 1, 1, 0]);
}

#[test]
fn present_and_absent() {
    let p = Policy::default();
    let titled = Profile::new().job_title("CFO");
    assert_eq!(fit_of(&p, &titled).fit_score(), dec("10"));
    assert_eq!(fit_of(&p, &Profile::default()).fit_score(), dec("0"));

    let p = fit_policy(
        vec![
            criterion("no dispute", custom("dispute"), Condition::Absent, "1"),
            criterion("has a plan", custom("plan"), Condition::Present, "10"),
        ],
        vec![],
    );
    assert_eq!(fit_of(&p, &Profile::default()).fit_score(), dec("1"));
    // A flag set to false is still a value: the field is present, not absent.
    let disputed = with_custom(&[
        ("dispute", Value::Bool(false)),
        ("plan", Value::Text("free".into())),
    ]);
    assert_eq!(fit_of(&p, &disputed).fit_score(), dec("10"));
}

#[test]
fn custom_attributes_compare_by_their_type() {
    // Weights 1, 10, 100, 1000: the score says which criteria met.
    let p = fit_policy(
        vec![
            criterion(
                "plan",
                custom("crm_plan"),
                one_of(&["business", "enterprise"]),
                "1",
            ),
            criterion("seats", custom("seats"), range(Some("100"), None), "10"),
            criterion(
                "partner",
                custom("partner"),
                Condition::Equals("true".into()),
                "100",
            ),
            criterion("region", custom("region"), Condition::Equals("3".into()), "1000"),
        ],
        vec![],
    );
    let score = |key: &str, value: Value| fit_of(&p, &with_custom(&[(key, value)])).fit_score();
    let text = |t: &str| Value::Text(t.into());
    let number = |n: &str| Value::Number(dec(n));

    assert_eq!(score("crm_plan", text("ENTERPRISE")), dec("1"));
    assert_eq!(score("crm_plan", text("free")), dec("0"));
    assert_eq!(score("crm_plan", Value::Bool(true)), dec("0"));
    assert_eq!(score("crm_plan", number("1")), dec("0"));

    assert_eq!(score("seats", number("100")), dec("10"));
    assert_eq!(score("seats", number("100000.5")), dec("10"));
    assert_eq!(score("seats", number("99.9999")), dec("0"));
    // A range reads numbers only: text that looks like one does not count.
    assert_eq!(score("seats", text("100")), dec("0"));
    assert_eq!(score("seats", Value::Bool(true)), dec("0"));

    assert_eq!(score("partner", Value::Bool(true)), dec("100"));
    assert_eq!(score("partner", Value::Bool(false)), dec("0"));
    assert_eq!(score("partner", text("TRUE")), dec("100"));
    assert_eq!(score("partner", number("1")), dec("0"));

    // Numbers compare by value, not by how they are written.
    assert_eq!(score("region", number("3.00")), dec("1000"));
    assert_eq!(score("region", text("3")), dec("1000"));
    assert_eq!(score("region", number("3.0001")), dec("0"));

    // An attribute under another name is not looked at.
    assert_eq!(score("CRM_PLAN", text("enterprise")), dec("0"));

    let everything = with_custom(&[
        ("crm_plan", text("business")),
        ("seats", number("250")),
        ("partner", Value::Bool(true)),
        ("region", number("3")),
    ]);
    let a = fit_of(&p, &everything);
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("1111"), 4));
}

#[test]
fn seniority_matches_by_level() {
    let p = Policy::default();
    let level = |s: Seniority| {
        let profile = Profile::new().seniority(s);
        let a = fit_of(&p, &profile);
        (a.fit_score(), a.knockouts_hit())
    };
    // "buying seniority" lists manager and up; "student" is a knockout.
    assert_eq!(level(Seniority::Student), (dec("0"), 1));
    assert_eq!(level(Seniority::Individual), (dec("0"), 0));
    for s in [
        Seniority::Manager,
        Seniority::Director,
        Seniority::VicePresident,
        Seniority::CLevel,
        Seniority::Owner,
    ] {
        assert_eq!(level(s), (dec("15"), 0), "{s:?}");
    }
}

#[test]
fn a_missing_field_meets_nothing_but_absent() {
    let fields = [
        (Field::Employees, Condition::Equals("5".into())),
        (Field::AnnualRevenue, range(None, Some("1000000000"))),
        (Field::Industry, one_of(&["software"])),
        (Field::Country, Condition::Equals("DE".into())),
        (Field::JobTitle, Condition::Present),
        (Field::Seniority, one_of(&["student", "owner"])),
        (custom("plan"), range(Some("0"), None)),
    ];
    let mut criteria = Vec::new();
    for (i, (field, condition)) in fields.iter().enumerate() {
        criteria.push(criterion(&format!("c{i}"), field.clone(), condition.clone(), "1"));
        criteria.push(criterion(
            &format!("absent{i}"),
            field.clone(),
            Condition::Absent,
            "100",
        ));
    }
    let knockouts = fields
        .iter()
        .enumerate()
        .map(|(i, (field, condition))| KnockoutSpec::new(format!("k{i}"), field.clone(), condition.clone()))
        .collect();
    let p = fit_policy(criteria, knockouts);
    let a = fit_of(&p, &Profile::default());
    // Only the seven `absent` criteria, 100 each.
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("700"), 7));
    assert_eq!(a.knockouts_hit(), 0);

    // The default policy's criteria and knockouts all look at fields a blank lead lacks.
    let a = fit_of(&Policy::default(), &Profile::default());
    assert_eq!(
        (a.criteria_met(), a.knockouts_hit(), a.fit_passed()),
        (0, 0, false)
    );
}

#[test]
fn a_knockout_fails_fit_whatever_the_score() {
    let p = Policy::default();
    let perfect = Profile::new()
        .employees(5_000)
        .annual_revenue(dec("80000000"))
        .industry("saas")
        .country("US")
        .job_title("CFO")
        .seniority(Seniority::CLevel)
        .custom("competitor", Value::Bool(true))
        .custom("spam", Value::Text("TRUE".into()));
    let a = fit_of(&p, &perfect);
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("100"), 6));
    assert!(a.fit_passed());
    assert_eq!(a.knockouts_hit(), 2);
    assert!(!a.qualifies());

    let err = lead_with_fit(perfect).qualify(&p, now(), &rep()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: knockout \"competitor\" hit; knockout \"spam\" hit"
    );
}

#[test]
fn the_pass_rule_requires_all_or_any() {
    let rule = |min_score: Option<&str>, min_met: Option<u32>, require: Require| {
        policy(|s| {
            s.fit.criteria = [("a", "50"), ("b", "20"), ("c", "5"), ("d", "5"), ("e", "5")]
                .map(|(name, weight)| criterion(name, custom(name), Condition::Present, weight))
                .into();
            s.fit.knockouts.clear();
            s.fit.pass = PassSpec::default();
            s.fit.pass.min_score = min_score.map(dec);
            s.fit.pass.min_met = min_met;
            s.fit.pass.require = require;
        })
    };
    let flags = |names: &[&str]| {
        names
            .iter()
            .fold(Profile::new(), |profile, n| profile.custom(*n, Value::Bool(true)))
    };
    let high_few = flags(&["a", "b"]); // 70 points, 2 met
    let low_many = flags(&["c", "d", "e"]); // 15 points, 3 met
    let both = flags(&["a", "b", "c"]); // 75 points, 3 met
    let neither = flags(&["a"]); // 50 points, 1 met
    let edge = flags(&["a", "c", "d"]); // exactly 60 points, 3 met

    let verdicts = |p: &Policy| {
        [&high_few, &low_many, &both, &neither, &edge].map(|profile| fit_of(p, profile).qualifies())
    };
    let all = rule(Some("60"), Some(3), Require::All);
    assert_eq!(verdicts(&all), [false, false, true, false, true]);
    let any = rule(Some("60"), Some(3), Require::Any);
    assert_eq!(verdicts(&any), [true, true, true, false, true]);
    // With one rule set, `require` makes no difference.
    for require in [Require::All, Require::Any] {
        assert_eq!(
            verdicts(&rule(Some("60"), None, require)),
            [true, false, true, false, true]
        );
        assert_eq!(
            verdicts(&rule(None, Some(3), require)),
            [false, true, true, false, true]
        );
    }

    // The refusal names each rule that failed.
    let err = lead_with_fit(high_few).qualify(&all, now(), &rep()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: 2 fit criteria met, fewer than the required 3"
    );
    let err = lead_with_fit(neither).qualify(&all, now(), &rep()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit score 50 is below the required 60; \
         1 fit criteria met, fewer than the required 3"
    );
}

fn required(criterion: CriterionSpec) -> CriterionSpec {
    criterion.required()
}

#[test]
fn a_required_criterion_must_hold_whatever_the_score_or_count() {
    let p = policy(|s| {
        s.fit.criteria = vec![
            required(criterion(
                "enterprise",
                Field::Employees,
                range(Some("1000"), None),
                "10",
            )),
            criterion("software", Field::Industry, one_of(&["software"]), "50"),
            criterion("titled", Field::JobTitle, Condition::Present, "50"),
        ];
        s.fit.knockouts.clear();
        s.fit.pass = PassSpec::either(dec("50"), 2);
    });
    let small = Profile::new()
        .employees(999)
        .industry("software")
        .job_title("CTO");
    // 100 points and two criteria met pass the rule; the required criterion is not met.
    let a = fit_of(&p, &small);
    assert_eq!(
        (a.fit_score(), a.criteria_met(), a.knockouts_hit()),
        (dec("100"), 2, 0)
    );
    assert!(!a.fit_passed());
    assert!(!a.qualifies());
    // Nor is it met when the size is unknown.
    let mut unknown = small.clone();
    unknown.employees = None;
    assert!(!fit_of(&p, &unknown).fit_passed());
    // Met, beside the pass rule: the lead qualifies.
    let big = small.clone().employees(1000);
    assert!(fit_of(&p, &big).qualifies());
    // Met without the pass rule: a required criterion is necessary, not sufficient.
    let only_big = Profile::new().employees(5000);
    let a = fit_of(&p, &only_big);
    assert_eq!(
        (a.fit_score(), a.criteria_met(), a.fit_passed()),
        (dec("10"), 1, false)
    );

    // The refusal names the criterion, and nothing else while the pass rule holds...
    let err = lead_with_fit(small.clone())
        .qualify(&p, now(), &rep())
        .unwrap_err();
    assert_eq!(
        err.unmet(),
        [Unmet::RequiredCriterion {
            name: "enterprise".into()
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: required criterion \"enterprise\" not met"
    );
    // ...and comes before the score and the count when it fails too.
    let bare = Profile::new().employees(999);
    let err = lead_with_fit(bare).qualify(&p, now(), &rep()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: required criterion \"enterprise\" not met; \
         fit score 0 is below the required 50; 0 fit criteria met, fewer than the required 2"
    );

    // The explanation marks it and counts the required criteria met.
    let e = p.explain(&small, &[], now());
    assert!(!e.fit.passed);
    let flags: Vec<(bool, bool)> = e.fit.criteria().map(|c| (c.required, c.met)).collect();
    assert_eq!(flags, [(true, false), (false, true), (false, true)]);
    insta::assert_snapshot!(e.fit, @r#"
    fit: failed, score 100 (needs 50), 2 of 3 criteria met (needs 2), either rule suffices, 0 of 1 required criteria met
      [miss] enterprise (required): 1,000 employees or more; seen: 999 (+0 of 10)
      [met ] software: industry is software; seen: "software" (+50 of 50)
      [met ] titled: job title is known; seen: "CTO" (+50 of 50)
    knockouts: 0 of 0 hit
    "#);
    // On the wire, in the explanation and in the policy, `required` is written only when
    // true; the policy reads back the same.
    let json = serde_json::to_value(&e.fit).unwrap();
    assert_eq!(json["criteria"][0]["required"], true);
    assert_eq!(json["criteria"][1].get("required"), None);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["fit"]["criteria"][0]["required"], true);
    assert_eq!(json["fit"]["criteria"][1].get("required"), None);
    assert_eq!(serde_json::from_value::<Policy>(json).unwrap(), p);
}

#[test]
fn a_required_absent_criterion_requires_the_field_to_be_missing() {
    let p = fit_policy(
        vec![required(criterion(
            "no open dispute",
            custom("dispute"),
            Condition::Absent,
            "1",
        ))],
        vec![],
    );
    assert!(fit_of(&p, &Profile::default()).fit_passed());
    let disputed = with_custom(&[("dispute", Value::Bool(false))]);
    assert!(!fit_of(&p, &disputed).fit_passed());
    assert_eq!(
        lead_with_fit(disputed)
            .qualify(&p, now(), &rep())
            .unwrap_err()
            .to_string(),
        "cannot qualify lead as prospect: required criterion \"no open dispute\" not met"
    );
}

// ---- engagement -------------------------------------------------------------------------

#[test]
fn tiers_start_at_their_thresholds() {
    // No decay; one custom kind per figure just below or at each threshold (10, 30, 100),
    // each earning SQL, so its points alone place it, under either rule.
    let figures = ["9.9999", "10", "29.9999", "30", "99.9999", "100"];
    let under = |rule: TierRule| {
        policy(|s| {
            s.engagement.decay = Decay::None;
            s.engagement.tier_rule = rule;
            s.engagement.signals = figures
                .iter()
                .map(|f| {
                    let r = SignalRule::new(SignalKind::Custom(format!("worth {f}")), dec(f));
                    if rule == TierRule::Act {
                        r.earns(Tier::Sql)
                    } else {
                        r
                    }
                })
                .collect();
        })
    };
    let worth = |figure: &str| Signal::new(SignalKind::Custom(format!("worth {figure}")), now());
    for rule in [TierRule::Act, TierRule::Sum] {
        let p = under(rule);
        let tier = |figure: &str| {
            let a = p.assess(&Profile::default(), &[worth(figure)], now());
            assert_eq!(a.engagement_score(), dec(figure));
            a.tier()
        };
        assert_eq!(
            figures.map(tier),
            [
                None,
                Some(Tier::Iql),
                Some(Tier::Iql),
                Some(Tier::Mql),
                Some(Tier::Mql),
                Some(Tier::Sql)
            ],
            "{rule:?}"
        );
        assert_eq!(p.assess(&Profile::default(), &[], now()).tier(), None);
    }
    // Scores add under both rules: 30 + 30 + 29.9999 + 9.9999 = 99.9998, and 10 more is
    // 109.9998. Under the sum rule that is SQL; under the act rule the strongest act, 30,
    // holds MQL, however many acts there are.
    let mut several = vec![worth("30"), worth("30"), worth("29.9999"), worth("9.9999")];
    for (rule, tier) in [(TierRule::Sum, Tier::Mql), (TierRule::Act, Tier::Mql)] {
        let a = under(rule).assess(&Profile::default(), &several, now());
        assert_eq!((a.engagement_score(), a.tier()), (dec("99.9998"), Some(tier)));
    }
    several.push(worth("10"));
    for (rule, tier) in [(TierRule::Sum, Tier::Sql), (TierRule::Act, Tier::Mql)] {
        let a = under(rule).assess(&Profile::default(), &several, now());
        assert_eq!(
            (a.engagement_score(), a.tier()),
            (dec("109.9998"), Some(tier)),
            "{rule:?}"
        );
    }
    assert!(Tier::Iql < Tier::Mql && Tier::Mql < Tier::Sql);
    assert_eq!(Tier::Mql.to_string(), "MQL");
}

#[test]
fn a_half_life_halves_and_falls_linearly_between() {
    // The default policy: demo_request 200 points, half-life 30 days. Within a half-life
    // the points are whole * (2h - into) / (2h), whole = 200 halved per full half-life.
    let p = Policy::default();
    let demo_aged = |seconds: i64| engagement(&p, &[Signal::new(SignalKind::DemoRequest, at(-seconds))]);
    assert_eq!(demo_aged(0), dec("200"));
    assert_eq!(demo_aged(15 * DAY), dec("150")); // 200 * 45/60
    assert_eq!(demo_aged(30 * DAY), dec("100")); // 100 * 60/60
    assert_eq!(demo_aged(45 * DAY), dec("75")); // 100 * 45/60
    assert_eq!(demo_aged(60 * DAY), dec("50")); // 50 * 60/60
    assert_eq!(demo_aged(90 * DAY), dec("25"));
    // One second past a half-life: 100 * (5_184_000 - 1) / 5_184_000 = 99.99998...,
    // cut toward zero at four places.
    assert_eq!(demo_aged(30 * DAY + 1), dec("99.9999"));
    // One second before it: 200 * (5_184_000 - 2_591_999) / 5_184_000 = 100.0000385...
    assert_eq!(demo_aged(30 * DAY - 1), dec("100"));

    // newsletter_signup, 20 points, after 14 half-lives (420 days): 20 / 2^14 = 0.00122...,
    // which is 12 at the engine's scale of 0.0001; after 17 (510 days) 1 is left, after
    // 18 (540 days) nothing.
    let newsletter =
        |days: i64| engagement(&p, &[Signal::new(SignalKind::NewsletterSignup, at(-days * DAY))]);
    assert_eq!(newsletter(420), dec("0.0012"));
    assert_eq!(newsletter(510), dec("0.0001"));
    assert_eq!(newsletter(540), dec("0"));
    // Across the whole calendar: no overflow, nothing left.
    let ancient = [Signal::new(SignalKind::DemoRequest, Timestamp::MIN)];
    assert_eq!(
        p.assess(&Profile::default(), &ancient, Timestamp::MAX)
            .engagement_score(),
        dec("0")
    );
}

#[test]
fn one_act_of_a_tier_holds_the_default_policy_in_that_tier_for_a_half_life() {
    use SignalKind::*;
    let p = Policy::default();
    let half_life = 30 * DAY;
    let tier_at = |kind: &SignalKind, age: i64| {
        p.assess(&Profile::default(), &[Signal::new(kind.clone(), at(-age))], now())
            .tier()
    };
    let iql = [NewsletterSignup, ContentDownload, WebinarAttended];
    let mql = [PricingRequest, ContactSales];
    let sql = [DemoRequest, TrialStarted];
    let tiers: [(&[SignalKind], Tier, Option<Tier>); 3] = [
        (&iql, Tier::Iql, None),
        (&mql, Tier::Mql, Some(Tier::Iql)),
        (&sql, Tier::Sql, Some(Tier::Mql)),
    ];
    for (kinds, tier, below) in tiers {
        for kind in kinds {
            // In exactly its tier at the act (so never in the next one), a second before
            // one half-life, and at one half-life, when it counts half its points...
            for age in [0, 1, half_life - 1, half_life] {
                assert_eq!(tier_at(kind, age), Some(tier), "{kind} at {age} s");
            }
            // ...and one tier lower a second later.
            assert_eq!(tier_at(kind, half_life + 1), below, "{kind} past a half-life");
        }
    }
    // Then down a tier at a time, each at the second its score crosses the line: an MQL act
    // is worth 15 * (60 - 20) / 60 = 10 on day 80; an SQL act 50 * (60 - 24) / 60 = 30 on
    // day 84 and 12.5 * (60 - 12) / 60 = 10 on day 132.
    for kind in &mql {
        assert_eq!(tier_at(kind, 80 * DAY), Some(Tier::Iql), "{kind}");
        assert_eq!(tier_at(kind, 80 * DAY + 1), None, "{kind}");
    }
    for kind in &sql {
        assert_eq!(tier_at(kind, 84 * DAY), Some(Tier::Mql), "{kind}");
        assert_eq!(tier_at(kind, 84 * DAY + 1), Some(Tier::Iql), "{kind}");
        assert_eq!(tier_at(kind, 132 * DAY), Some(Tier::Iql), "{kind}");
        assert_eq!(tier_at(kind, 132 * DAY + 1), None, "{kind}");
    }
    // A look at the pricing page earns MQL with 40 points: 40 * (60 - 15) / 60 = 30 on
    // day 15, then IQL while 20 * (60 - (age - 30)) / 60 stays at 10 or more, to day 60.
    for (age, tier) in [
        (0, Some(Tier::Mql)),
        (15 * DAY, Some(Tier::Mql)),
        (15 * DAY + 1, Some(Tier::Iql)),
        (60 * DAY, Some(Tier::Iql)),
        (60 * DAY + 1, None),
    ] {
        assert_eq!(tier_at(&PricingPageVisit, age), tier, "pricing page at {age} s");
    }
    // Interest that defines no tier reaches none, even fresh.
    for kind in [EmailReply, EventVisit] {
        assert_eq!(tier_at(&kind, 0), None, "{kind}");
    }
    // Every known kind is in one of these groups.
    let grouped = iql.len() + mql.len() + sql.len() + 3;
    assert_eq!(grouped, SignalKind::KNOWN.len());
}

#[test]
fn a_tier_is_what_one_act_reaches_not_what_acts_add_up_to() {
    use SignalKind::*;
    let p = Policy::default();
    let fresh = |kinds: &[SignalKind]| -> Vec<Signal> {
        kinds.iter().map(|k| Signal::new(k.clone(), now())).collect()
    };
    let tier = |kinds: &[SignalKind]| p.assess(&Profile::default(), &fresh(kinds), now()).tier();
    // Content for contact details is an IQL, however much of it: 40 points, under MQL's 30
    // only by the act rule.
    assert_eq!(tier(&[NewsletterSignup, ContentDownload]), Some(Tier::Iql));
    // Asking about the offer twice is an MQL, not an SQL: 120 points.
    assert_eq!(tier(&[PricingRequest, ContactSales]), Some(Tier::Mql));
    // Four looks at the pricing page are an MQL, as one is.
    assert_eq!(tier(&[const { PricingPageVisit }; 4]), Some(Tier::Mql));
    assert_eq!(tier(&[PricingPageVisit]), Some(Tier::Mql));
    // Replies and event visits rank a lead but place it in no tier, however many.
    assert_eq!(tier(&[const { EmailReply }; 10]), None);
    // The score still adds every act: it ranks leads within a tier.
    let a = p.assess(
        &Profile::default(),
        &fresh(&[NewsletterSignup, ContentDownload]),
        now(),
    );
    assert_eq!(a.engagement_score(), dec("40"));

    // The same acts under the sum rule add up across tiers.
    let summed = policy(|s| {
        s.engagement.tier_rule = TierRule::Sum;
        for rule in &mut s.engagement.signals {
            rule.tier = None;
        }
    });
    let sum_tier = |kinds: &[SignalKind]| summed.assess(&Profile::default(), &fresh(kinds), now()).tier();
    assert_eq!(sum_tier(&[NewsletterSignup, ContentDownload]), Some(Tier::Mql));
    assert_eq!(sum_tier(&[PricingRequest, ContactSales]), Some(Tier::Sql));
}

#[test]
fn an_act_holds_its_tier_to_the_second_its_points_reach_the_threshold() {
    // A demo request is an SQL while its points are at least 100: to the second one
    // half-life after it, and an MQL the second after; a stronger act holds the tier.
    let p = Policy::default();
    let demo = |age: i64| Signal::new(SignalKind::DemoRequest, at(-age));
    let half_life = 30 * DAY;
    for (age, tier) in [
        (half_life - 1, Tier::Sql),
        (half_life, Tier::Sql),
        (half_life + 1, Tier::Mql),
    ] {
        let e = p.explain(&Profile::default(), &[demo(age)], now()).engagement;
        assert_eq!(e.tier, Some(tier), "{age} s");
        assert_eq!(e.held_by, Some(0));
    }
    // Of two acts at the tier, the one with more points now holds it: the fresher.
    let signals = [demo(half_life / 2), demo(DAY)];
    let e = p.explain(&Profile::default(), &signals, now()).engagement;
    assert_eq!((e.tier, e.held_by), (Some(Tier::Sql), Some(1)));
    assert_eq!(
        e.tier_reason().to_string(),
        "SQL: requested a demo on 2026-11-24, 196.6666 points, 100 needed"
    );
    // Without a tier, the reason says what the strongest act lacked.
    let e = p
        .explain(
            &Profile::default(),
            &[Signal::new(SignalKind::EmailReply, now())],
            now(),
        )
        .engagement;
    assert_eq!((e.tier, e.held_by), (None, None));
    assert_eq!(
        e.tier_reason().to_string(),
        "no tier: no one act has the 10 points IQL needs"
    );
}

#[test]
fn a_pricing_request_is_a_known_kind_on_the_wire() {
    let kind = SignalKind::PricingRequest;
    assert_eq!(kind.to_string(), "pricing_request");
    assert!(SignalKind::KNOWN.contains(&kind));
    assert_eq!(serde_json::to_value(&kind).unwrap(), "pricing_request");
    assert_eq!(
        serde_json::from_value::<SignalKind>(serde_json::json!("pricing_request")).unwrap(),
        kind
    );
    // A policy scores it by its own rule, apart from the custom kind of the same name.
    let p = policy(|s| {
        s.engagement.decay = Decay::None;
        s.engagement.signals.push(SignalRule::new(
            SignalKind::Custom("pricing_request".into()),
            dec("1"),
        ));
    });
    assert_eq!(engagement(&p, &[Signal::new(kind, now())]), dec("60"));
    assert_eq!(
        engagement(
            &p,
            &[Signal::new(SignalKind::Custom("pricing_request".into()), now())]
        ),
        dec("1")
    );
}

#[test]
fn a_window_counts_signals_up_to_its_last_day() {
    let p = policy(|s| s.engagement.decay = Decay::WindowDays(90));
    let demo_aged = |seconds: i64| engagement(&p, &[Signal::new(SignalKind::DemoRequest, at(-seconds))]);
    assert_eq!(demo_aged(0), dec("200"));
    assert_eq!(demo_aged(89 * DAY), dec("200"));
    assert_eq!(demo_aged(90 * DAY), dec("200"));
    assert_eq!(demo_aged(90 * DAY + 1), dec("0"));

    let signals = [
        Signal::new(SignalKind::DemoRequest, at(-90 * DAY)),
        Signal::new(SignalKind::TrialStarted, at(-90 * DAY - 1)),
    ];
    let e = p.explain(&Profile::default(), &signals, now());
    let notes: Vec<_> = e.engagement.signals.iter().map(|s| s.decay.to_string()).collect();
    assert_eq!(
        notes,
        [
            "age 90 days, inside the 90-day window",
            "age 90 days, outside the 90-day window"
        ]
    );

    let p = policy(|s| s.engagement.decay = Decay::None);
    let old = [Signal::new(SignalKind::DemoRequest, Timestamp::MIN)];
    assert_eq!(
        p.assess(&Profile::default(), &old, Timestamp::MAX)
            .engagement_score(),
        dec("200")
    );
}

#[test]
fn signals_after_now_do_not_count() {
    let p = Policy::default();
    assert_eq!(
        engagement(&p, &[Signal::new(SignalKind::DemoRequest, now())]),
        dec("200")
    );
    assert_eq!(
        engagement(&p, &[Signal::new(SignalKind::DemoRequest, at(1))]),
        dec("0")
    );
    assert_eq!(
        engagement(&p, &[Signal::new(SignalKind::DemoRequest, Timestamp::MAX)]),
        dec("0")
    );
    let e = p.explain(
        &Profile::default(),
        &[Signal::new(SignalKind::DemoRequest, at(1))],
        now(),
    );
    let s = &e.engagement.signals[0];
    assert_eq!((s.points, s.counted), (dec("200"), dec("0")));
    assert_eq!(s.decay, qualify::DecayApplied::AfterNow);
    assert_eq!(s.decay.to_string(), "after now: not counted");
}

#[test]
fn custom_signal_kinds_score_their_own_points() {
    // Listed out of order, one named like a known kind.
    let p = policy(|s| {
        s.engagement.decay = Decay::None;
        for (name, points) in [
            ("zeta", "1"),
            ("alpha", "2.5"),
            ("mid", "7"),
            ("demo_request", "0.25"),
        ] {
            s.engagement
                .signals
                .push(SignalRule::new(SignalKind::Custom(name.into()), dec(points)));
        }
    });
    let one = |kind: SignalKind| engagement(&p, &[Signal::new(kind, now())]);
    let custom = |name: &str| SignalKind::Custom(name.into());
    assert_eq!(one(custom("zeta")), dec("1"));
    assert_eq!(one(custom("alpha")), dec("2.5"));
    assert_eq!(one(custom("mid")), dec("7"));
    assert_eq!(one(custom("demo_request")), dec("0.25"));
    assert_eq!(one(SignalKind::DemoRequest), dec("200"));
    // Kinds the policy does not list earn nothing; names match exactly.
    assert_eq!(one(custom("unlisted")), dec("0"));
    assert_eq!(one(custom("Alpha")), dec("0"));
    // 1 + 2.5 + 7 + 0.25 + 200 + 0, and a repeated kind counts each time: + 2.5
    let all = [
        custom("zeta"),
        custom("alpha"),
        custom("mid"),
        custom("demo_request"),
        SignalKind::DemoRequest,
        custom("unlisted"),
        custom("alpha"),
    ]
    .map(|kind| Signal::new(kind, now()));
    assert_eq!(engagement(&p, &all), dec("213.25"));
}

// ---- close probability -------------------------------------------------------------------

#[test]
fn the_close_probability_lists_each_adjustment() {
    let p = Policy::default();
    // 0.5 + 0.2 (approved) + 0.15 (decision maker) + 0.1 (decision in 59 days 15 hours)
    let estimate = prospect_with(full_checklist()).close_probability(&p, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.95 meets threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.2 budget approved\n  \
         +0.15 decision maker engaged\n  \
         +0.1 decision date near"
    );
    assert_eq!(estimate.probability.value(), dec("0.95"));
    assert!(estimate.meets);

    // 0.5 + 0.05 (sought) + 0.05 (champion); the decision, 120 days out, is not near.
    let mut weaker = full_checklist();
    if let Some(b) = weaker.budget.as_mut() {
        b.status = BudgetStatus::Sought { amount: None };
    }
    if let Some(a) = weaker.authority.as_mut() {
        a.access = Access::Champion;
    }
    if let Some(t) = weaker.timeline.as_mut() {
        t.decide_by = ts("2027-03-25T09:00:00Z");
    }
    let prospect = prospect_with(weaker);
    let estimate = prospect.close_probability(&p, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.6 is below threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.05 budget sought\n  \
         +0.05 champion engaged"
    );
    assert!(!estimate.meets);
    let err = prospect.promote(&p, now(), &rep()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: close probability 0.6 is below the opportunity \
         threshold 0.75"
    );
    assert_eq!(err.probability_explanation(), Some(&estimate));
}

#[test]
fn an_open_deal_is_never_certain_to_close_or_to_be_lost() {
    let p = Policy::default();
    // A perfect fit (100 >= 80: strong fit) that requested a demo today (200: SQL).
    let mut lead = lead_with_fit(good_profile().job_title("CFO").annual_revenue(dec("60000000")));
    lead.record_signal(Signal::new(SignalKind::DemoRequest, now()))
        .unwrap();
    let mut prospect = lead.qualify(&p, now(), &rep()).unwrap();
    *prospect.evidence_mut() = full_checklist();
    // 0.5 + 0.2 + 0.15 + 0.1 + 0.05 + 0.05 = 1.05, held at the default range's top, 0.99.
    let estimate = prospect.close_probability(&p, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.99 meets threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.2 budget approved\n  \
         +0.15 decision maker engaged\n  \
         +0.1 decision date near\n  \
         +0.05 strong fit\n  \
         +0.05 engagement SQL\n  \
         = 1.05, held at 0.99, the most an open deal may show"
    );
    assert_eq!(estimate.probability.value(), dec("0.99"));
    assert_eq!(estimate.clamped_from, Some(dec("1.05")));
    let json = serde_json::to_value(&estimate).unwrap();
    assert_eq!(
        (&json["probability"], &json["clamped_from"]),
        (&"0.99".into(), &"1.05".into())
    );
    let opportunity = prospect.promote(&p, now(), &rep()).unwrap();
    assert_eq!(opportunity.probability().value(), dec("0.99"));
    // The weekly review re-estimates it the same way, and finds nothing wrong.
    assert!(opportunity.review(&p, now()).is_empty());

    // An estimate inside the range is the sum itself, and says nothing of a clamp.
    let estimate = prospect_with(full_checklist()).close_probability(&p, now());
    assert_eq!(
        (estimate.probability.value(), estimate.clamped_from),
        (dec("0.95"), None)
    );
    let json = serde_json::to_value(&estimate).unwrap();
    assert_eq!(json.get("clamped_from"), None);

    // 0.2 - 0.3 (IQL) = -0.1, held at the range's bottom, 0.01.
    let gloomy = policy(|s| {
        s.probability.base = dec("0.2");
        s.probability.tier.iql = dec("-0.3");
    });
    let mut prospect = prospect_with(Default::default());
    prospect
        .record_signal(Signal::new(SignalKind::ContentDownload, now()))
        .unwrap();
    let estimate = prospect.close_probability(&gloomy, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.01 is below threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.2\n  \
         -0.3 engagement IQL\n  \
         = -0.1, held at 0.01, the least an open deal may show"
    );

    // A policy may narrow the range, but not reach 0 or 1.
    let cautious = policy(|s| {
        s.probability.open = OpenRange::new(dec("0.05"), dec("0.9"));
    });
    let estimate = prospect_with(full_checklist()).close_probability(&cautious, now());
    assert_eq!(
        (estimate.probability.value(), estimate.clamped_from),
        (dec("0.9"), Some(dec("0.95")))
    );
}

#[test]
fn the_threshold_is_met_at_equality() {
    // The probability an opportunity opens with, or why it does not.
    let at_threshold = |threshold: &str| {
        let p = policy(|s| s.opportunity.threshold = dec(threshold));
        prospect_with(full_checklist())
            .promote(&p, now(), &rep())
            .map(|o| o.probability().value())
            .map_err(|e| e.to_string())
    };
    // The estimate is 0.95.
    assert_eq!(at_threshold("0.95"), Ok(dec("0.95")));
    assert_eq!(
        at_threshold("0.9501"),
        Err(
            "cannot promote prospect to opportunity: close probability 0.95 is below the opportunity \
             threshold 0.9501"
                .to_owned()
        )
    );
    assert_eq!(at_threshold("0"), Ok(dec("0.95")));
    // The highest threshold the default open range allows.
    assert_eq!(
        at_threshold("0.99"),
        Err(
            "cannot promote prospect to opportunity: close probability 0.95 is below the opportunity \
             threshold 0.99"
                .to_owned()
        )
    );
}

#[test]
fn a_decision_date_is_near_up_to_the_window() {
    let p = Policy::default();
    let estimate = |decide_by: Timestamp| {
        let mut checklist = full_checklist();
        checklist.timeline = Some(Timeline {
            decide_by,
            provenance: said(now()),
        });
        prospect_with(checklist)
            .close_probability(&p, now())
            .probability
            .value()
    };
    // 0.5 + 0.2 + 0.15, + 0.1 when the date is ahead, by at most 90 days.
    assert_eq!(estimate(at(1)), dec("0.95"));
    assert_eq!(estimate(at(90 * DAY)), dec("0.95"));
    assert_eq!(estimate(at(90 * DAY + 1)), dec("0.85"));
    // A date already come is no timeline at all: no adjustment.
    assert_eq!(estimate(now()), dec("0.85"));
    assert_eq!(estimate(at(-1)), dec("0.85"));
}

#[test]
fn evidence_that_does_not_hold_adds_nothing() {
    let p = Policy::default();
    let mut checklist = full_checklist();
    if let Some(b) = checklist.budget.as_mut() {
        b.provenance = said(now()).valid_until(at(-1));
    }
    // 0.5 + 0.15 + 0.1, without the lapsed budget: 0.75, which meets 0.75...
    let prospect = prospect_with(checklist);
    let estimate = prospect.close_probability(&p, now());
    assert_eq!(estimate.probability.value(), dec("0.75"));
    assert!(estimate.meets);
    // ...but the promotion still needs a budget that holds.
    assert_eq!(
        prospect.promote(&p, now(), &rep()).unwrap_err().to_string(),
        "cannot promote prospect to opportunity: budget evidence expired at 2026-11-25T08:59:59Z"
    );
}

// ---- explanations ------------------------------------------------------------------------

/// Asserts that an explanation reports exactly what the assessment does.
#[track_caller]
fn assert_agree(policy: &Policy, profile: &Profile, signals: &[Signal], now: Timestamp) {
    if let Err(why) = agree(policy, profile, signals, now) {
        panic!("explain and assess disagree: {why}");
    }
}

fn qualifying() -> (Profile, Vec<Signal>) {
    let signals = vec![
        Signal::new(SignalKind::DemoRequest, ts("2026-11-10T09:00:00Z")),
        Signal::new(SignalKind::PricingPageVisit, now()),
        Signal::new(SignalKind::ContentDownload, ts("2026-11-26T09:00:00Z")),
        Signal::new(
            SignalKind::Custom("podcast_listen".into()),
            ts("2026-11-24T09:00:00Z"),
        ),
    ];
    (good_profile(), signals)
}

fn failing() -> (Profile, Vec<Signal>) {
    let profile = Profile::new()
        .employees(5)
        .annual_revenue(dec("100000"))
        .industry("Retail")
        .country("BR")
        .job_title("Intern")
        .seniority(Seniority::Student)
        .custom("competitor", Value::Bool(true));
    let signals = vec![Signal::new(
        SignalKind::NewsletterSignup,
        ts("2026-09-26T09:00:00Z"),
    )];
    (profile, signals)
}

#[test]
fn a_qualifying_explanation_reads_criterion_by_criterion() {
    let p = Policy::default();
    let (profile, signals) = qualifying();
    let e = p.explain(&profile, &signals, now());
    assert_agree(&p, &profile, &signals, now());
    // Fit 30 + 20 + 15 + 10 = 75. Engagement: demo 15 days old 200 * 45/60 = 150, pricing
    // page today 40, a download tomorrow 0, an unlisted kind 0: 190; SQL by the demo alone.
    insta::assert_snapshot!(e, @r#"
    qualifies under policy qualify-default-2026-12 at 2026-11-25T09:00:00Z
    fit: passed, score 75 (needs 60), 4 of 6 criteria met (needs 3), 1 of 1 required criteria met
      [met ] enterprise headcount (required): 1,000 employees or more; seen: 2,400 (+30 of 30)
      [met ] target industry: industry is one of software, saas, fintech or financial services; seen: "Software" (+20 of 20)
      [miss] revenue over 50 million: annual revenue of 50,000,000 or more; seen: not known (+0 of 15)
      [met ] buying seniority: seniority is manager, director, vice president, c-level or owner; seen: vice president (+15 of 15)
      [met ] served market: country is one of US, CA, GB, DE, FR, NL or SE; seen: "DE" (+10 of 10)
      [miss] known job title: job title is known; seen: not known (+0 of 10)
    knockouts: 0 of 5 hit
      [ok  ] competitor: knocks out when competitor is true; seen: not known
      [ok  ] student: knocks out when seniority is student; seen: vice president
      [ok  ] spam: knocks out when spam is true; seen: not known
      [ok  ] company under 10 employees: knocks out when at most 9 employees; seen: 2,400
      [ok  ] student or intern title: knocks out when job title contains student, intern, internship or trainee; seen: not known
    engagement: score 190, tier SQL (IQL 10, MQL 30, SQL 100)
      SQL: requested a demo on 2026-11-10, 150 points, 100 needed
      demo_request at 2026-11-10T09:00:00Z: 200 -> 150 (age 15 days, half-life 30 days)
      pricing_page_visit at 2026-11-25T09:00:00Z: 40 -> 40 (age 0 days, half-life 30 days)
      content_download at 2026-11-26T09:00:00Z: 20 -> 0 (after now: not counted)
      podcast_listen at 2026-11-24T09:00:00Z: 0 -> 0 (age 1 days, half-life 30 days)
    "#);
}

#[test]
fn a_failing_explanation_shows_every_miss_and_hit() {
    let p = Policy::default();
    let (profile, signals) = failing();
    let e = p.explain(&profile, &signals, now());
    assert_agree(&p, &profile, &signals, now());
    // Fit: only the job title, 10. Knockouts: competitor, student, 5 employees.
    // Engagement: newsletter 20 points at 60 days, two half-lives: 5, below IQL.
    insta::assert_snapshot!(e, @r#"
    does not qualify under policy qualify-default-2026-12 at 2026-11-25T09:00:00Z
    fit: failed, score 10 (needs 60), 1 of 6 criteria met (needs 3), 0 of 1 required criteria met
      [miss] enterprise headcount (required): 1,000 employees or more; seen: 5 (+0 of 30)
      [miss] target industry: industry is one of software, saas, fintech or financial services; seen: "Retail" (+0 of 20)
      [miss] revenue over 50 million: annual revenue of 50,000,000 or more; seen: 100,000 (+0 of 15)
      [miss] buying seniority: seniority is manager, director, vice president, c-level or owner; seen: student (+0 of 15)
      [miss] served market: country is one of US, CA, GB, DE, FR, NL or SE; seen: "BR" (+0 of 10)
      [met ] known job title: job title is known; seen: "Intern" (+10 of 10)
    knockouts: 4 of 5 hit
      [HIT ] competitor: knocks out when competitor is true; seen: true
      [HIT ] student: knocks out when seniority is student; seen: student
      [ok  ] spam: knocks out when spam is true; seen: not known
      [HIT ] company under 10 employees: knocks out when at most 9 employees; seen: 5
      [HIT ] student or intern title: knocks out when job title contains student, intern, internship or trainee; seen: "Intern"
    engagement: score 5, tier none (IQL 10, MQL 30, SQL 100)
      no tier: no one act has the 10 points IQL needs
      newsletter_signup at 2026-09-26T09:00:00Z: 20 -> 5 (age 60 days, half-life 30 days)
    "#);

    // A refused qualification carries the same explanation.
    let err = lead_with_fit(profile.clone())
        .qualify(&p, now(), &rep())
        .unwrap_err();
    let carried = err.fit_explanation().unwrap();
    assert_eq!(carried.fit, e.fit);
    assert!(!carried.qualifies);
}

#[test]
fn an_explanation_serializes_to_json() {
    let p = policy(|s| {
        s.version = "small-2026".into();
        s.fit.criteria = vec![
            criterion("big", Field::Employees, range(Some("1000"), None), "30"),
            criterion(
                "plan",
                custom("crm_plan"),
                one_of(&["business", "enterprise"]),
                "12.50",
            ),
        ];
        s.fit.knockouts = vec![KnockoutSpec::new(
            "spam",
            custom("spam"),
            Condition::Equals("true".into()),
        )];
        s.fit.pass = PassSpec::min_score(dec("40.0"));
        s.engagement.signals = vec![
            SignalRule::new(SignalKind::DemoRequest, dec("100")).earns(Tier::Sql),
            SignalRule::new(SignalKind::Custom("podcast".into()), dec("3")),
        ];
        s.engagement.decay = Decay::WindowDays(90);
    });
    let profile = Profile::new()
        .employees(1200)
        .custom("crm_plan", Value::Text("Business".into()));
    let signals = [
        Signal::new(SignalKind::DemoRequest, ts("2026-08-27T09:00:00Z")),
        Signal::new(SignalKind::Custom("podcast".into()), ts("2026-08-26T09:00:00Z")),
    ];
    assert_agree(&p, &profile, &signals, now());
    // Fit 30 + 12.5 = 42.5 >= 40. The demo is 90 days old, inside the window: 100, SQL;
    // the podcast is 91 days old: 0. Decimals are normalized ("12.50" shows as "12.5").
    insta::assert_json_snapshot!(p.explain(&profile, &signals, now()), @r#"
    {
      "policy": "small-2026",
      "now": "2026-11-25T09:00:00Z",
      "fit": {
        "criteria": [
          {
            "name": "big",
            "field": "employees",
            "condition": {
              "range": {
                "min": "1000"
              }
            },
            "text": "1,000 employees or more",
            "seen": {
              "number": "1200"
            },
            "met": true,
            "points": "30",
            "weight": "30"
          },
          {
            "name": "plan",
            "field": {
              "custom": "crm_plan"
            },
            "condition": {
              "one_of": [
                "business",
                "enterprise"
              ]
            },
            "text": "crm_plan is one of business or enterprise",
            "seen": {
              "text": "Business"
            },
            "met": true,
            "points": "12.5",
            "weight": "12.5"
          }
        ],
        "knockouts": [
          {
            "name": "spam",
            "field": {
              "custom": "spam"
            },
            "condition": {
              "equals": "true"
            },
            "text": "spam is true",
            "seen": "missing",
            "hit": false
          }
        ],
        "score": "42.5",
        "met": 2,
        "min_score": "40",
        "min_met": null,
        "require": "all",
        "passed": true
      },
      "engagement": {
        "signals": [
          {
            "kind": "demo_request",
            "at": "2026-08-27T09:00:00Z",
            "points": "100",
            "earns": "sql",
            "counted": "100",
            "decay": {
              "window": {
                "age_days": 90,
                "window_days": 90,
                "inside": true
              }
            }
          },
          {
            "kind": {
              "custom": "podcast"
            },
            "at": "2026-08-26T09:00:00Z",
            "points": "3",
            "counted": "0",
            "decay": {
              "window": {
                "age_days": 91,
                "window_days": 90,
                "inside": false
              }
            }
          }
        ],
        "score": "100",
        "tier": "sql",
        "rule": "act",
        "held_by": 0,
        "thresholds": [
          "10",
          "30",
          "100"
        ]
      },
      "qualifies": true
    }
    "#);
}

#[test]
fn explanations_report_what_assess_computes() {
    let p = Policy::default();
    let (q, qs) = qualifying();
    let (f, fs) = failing();
    for (profile, signals) in [(&q, &qs), (&f, &fs), (&good_profile(), &Vec::new())] {
        for now in [now(), at(45 * DAY), Timestamp::MIN, Timestamp::MAX] {
            assert_agree(&p, profile, signals, now);
        }
    }
    let window = policy(|s| s.engagement.decay = Decay::WindowDays(10));
    assert_agree(&window, &q, &qs, at(DAY));
}

#[test]
fn explanations_keep_the_values_seen_as_values_and_show_them_as_text() {
    use qualify::{DecayApplied, Observed};
    let p = policy(|s| {
        s.fit.criteria = vec![
            criterion(
                "churned",
                custom("churned"),
                Condition::Equals("true".into()),
                "1",
            ),
            criterion("seats", custom("seats"), range(Some("10"), None), "1"),
            criterion("plan", custom("plan"), Condition::Present, "1"),
            criterion("revenue", Field::AnnualRevenue, Condition::Present, "1"),
        ];
        s.engagement.decay = Decay::None;
    });
    let profile = with_custom(&[
        ("churned", Value::Bool(true)),
        ("seats", Value::Number(dec("12.50"))),
        ("plan", Value::Text("Say \"hi\"\n".into())),
    ]);
    let signals = [Signal::new(SignalKind::DemoRequest, at(-3 * DAY - 5))];
    let e = p.explain(&profile, &signals, now());
    let seen: Vec<(&Observed, String)> = e.fit.criteria().map(|c| (c.seen, c.seen.to_string())).collect();
    assert_eq!(
        seen,
        [
            (&Observed::Flag(true), "true".to_owned()),
            (&Observed::Number(dec("12.50")), "12.50".to_owned()),
            (
                &Observed::Text("Say \"hi\"\n".into()),
                r#""Say \"hi\"\n""#.to_owned()
            ),
            (&Observed::Missing, "not known".to_owned()),
        ]
    );
    let s = &e.engagement.signals[0];
    assert_eq!(s.decay, DecayApplied::None { age_days: 3 });
    assert_eq!(s.decay.to_string(), "age 3 days, no decay");
    assert_eq!(s.kind, SignalKind::DemoRequest);
    // On the wire a value seen is tagged, so the text is the profile's own.
    assert_eq!(
        serde_json::to_value(&e.fit).unwrap()["criteria"][2]["seen"],
        serde_json::json!({ "text": "Say \"hi\"\n" })
    );
    assert_eq!(
        serde_json::to_value(s).unwrap()["decay"],
        serde_json::json!({ "none": { "age_days": 3 } })
    );
}

#[test]
fn a_fit_explanation_debugs_its_outcomes_not_the_shared_policy_text() {
    let p = fit_policy(
        vec![criterion(
            "big",
            Field::Employees,
            range(Some("1000"), None),
            "30",
        )],
        vec![KnockoutSpec::new(
            "spam",
            custom("spam"),
            Condition::Equals("true".into()),
        )],
    );
    let profile = Profile::new().employees(1200);
    let e = p.explain(&profile, &[], now());
    assert_eq!(
        format!("{:?}", e.fit),
        "FitExplanation { \
         criteria: [CriterionOutcome { name: \"big\", field: Employees, \
         condition: Range { min: Some(1000), max: None }, text: \"1,000 employees or more\", \
         seen: Number(1200), met: true, points: 30, weight: 30, required: false }], \
         knockouts: [KnockoutOutcome { name: \"spam\", field: Custom(\"spam\"), \
         condition: Equals(\"true\"), text: \"spam is true\", seen: Missing, hit: false }], \
         score: 30, met: 1, min_score: None, min_met: Some(0), require: All, passed: true }"
    );
}

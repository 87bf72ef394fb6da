//! `Policy::new`: every problem message, each at its path; every problem at once; the JSON
//! wire form of a policy.

mod util;

use qualify::{
    Condition, CriterionSpec, Decay, EngagementSpec, EvidenceSpec, Field, FitSpec, KnockoutSpec, OpenRange,
    OpportunitySpec, PassSpec, Policy, PolicySpec, ProbabilitySpec, Profile, Seniority, Signal, SignalKind,
    SignalRule, StrongFit, Tier, TierRule, Value, WithinDays, limits,
};
use util::*;

/// The default spec after `edit`.
fn edited(edit: impl FnOnce(&mut PolicySpec)) -> PolicySpec {
    let mut spec = default_spec();
    edit(&mut spec);
    spec
}

/// Every problem `Policy::new` finds in the default spec after `edit`, as displayed.
#[track_caller]
fn problems(edit: impl FnOnce(&mut PolicySpec)) -> Vec<String> {
    match Policy::new(edited(edit)) {
        Ok(_) => panic!("the edited spec was accepted"),
        Err(err) => err.problems.iter().map(ToString::to_string).collect(),
    }
}

/// The one problem `Policy::new` finds in the default spec after `edit`.
#[track_caller]
fn problem(edit: impl FnOnce(&mut PolicySpec)) -> String {
    let mut all = problems(edit);
    assert_eq!(all.len(), 1, "expected exactly one problem, found {all:?}");
    all.remove(0)
}

/// Asserts that the default spec after `edit` is a valid policy.
#[track_caller]
fn accepts(edit: impl FnOnce(&mut PolicySpec)) -> Policy {
    match Policy::new(edited(edit)) {
        Ok(policy) => policy,
        Err(err) => panic!("refused: {err}"),
    }
}

fn knockout(name: &str, field: Field, condition: Condition) -> KnockoutSpec {
    KnockoutSpec::new(name, field, condition)
}

fn at_least(min: &str) -> Condition {
    Condition::Range {
        min: Some(dec(min)),
        max: None,
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

// The default spec, for the paths below: criteria [0] enterprise headcount (employees),
// [1] target industry (industry), [2] revenue (annual_revenue), [3] buying seniority,
// [4] served market (country), [5] known job title; knockouts [0] competitor, [1] student,
// [2] spam, [3] company under 10 employees; signals [0] newsletter_signup ... [7] demo_request,
// [8] trial_started.

#[test]
fn the_default_spec_is_valid_and_is_the_default_policy() {
    let policy = Policy::new(default_spec()).unwrap();
    assert_eq!(policy, Policy::default());
    assert_eq!(policy.version(), "qualify-default-2026-12");
    assert!(!policy.staged());
    assert!(accepts(|s| s.opportunity.staged = true).staged());
}

#[test]
fn the_default_spec_is_the_default_policys_spec() {
    assert_eq!(PolicySpec::default(), *Policy::default().spec());
    assert_eq!(Policy::new(PolicySpec::default()).unwrap(), Policy::default());
    // A section's own default is that section with nothing set; the fit section's has no
    // pass rule, so a policy built from it is refused until one is set.
    let spec = PolicySpec::default().with_fit(FitSpec::default());
    assert_eq!(
        Policy::new(spec).unwrap_err().to_string(),
        "invalid policy: fit.pass: must set min_score, min_met or both"
    );
    let empty = PolicySpec::new(
        "empty sections",
        FitSpec::new(PassSpec::min_met(0)),
        EngagementSpec::default(),
        ProbabilitySpec::default(),
        OpportunitySpec::default(),
    )
    .with_evidence(EvidenceSpec::default());
    let policy = Policy::new(empty).unwrap();
    // Every tier at 0: a lead with no engagement at all is an SQL.
    assert_eq!(
        policy.assess(&Profile::default(), &[], now()).tier(),
        Some(Tier::Sql)
    );
}

#[test]
fn an_optional_section_left_out_reads_as_its_default() {
    // Only the required parts: the optional ones read as their sections' defaults.
    let json = r#"{
  "version": "minimal",
  "fit": { "pass": { "min_met": 0 } },
  "engagement": { "tiers": { "iql": "1", "mql": "2", "sql": "3" } },
  "probability": { "base": "0.5" },
  "opportunity": { "threshold": "0.5" }
}"#;
    let spec: PolicySpec = serde_json::from_str(json).unwrap();
    assert_eq!(spec.fit.criteria, []);
    assert_eq!(spec.fit.knockouts, []);
    assert_eq!(spec.engagement.signals, []);
    assert_eq!(spec.engagement.decay, Decay::None);
    assert_eq!(spec.probability, ProbabilitySpec::new(dec("0.5")));
    assert!(!spec.opportunity.staged);
    assert_eq!(spec.evidence, EvidenceSpec::default());
    assert_eq!(spec.evidence.max_age_days, None);
    assert!(Policy::new(spec).is_ok());
}

#[test]
fn a_negative_number_of_points_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[3].weight = dec("-5")),
        "fit.criteria[3].weight: must not be negative"
    );
    assert_eq!(
        problem(|s| s.engagement.signals[7].points = dec("-0.0001")),
        "engagement.signals[7].points: must not be negative"
    );
    assert_eq!(
        problem(|s| s.fit.pass.min_score = Some(dec("-60"))),
        "fit.pass.min_score: must not be negative"
    );
    assert_eq!(
        problem(|s| s.engagement.tiers.iql = dec("-1")),
        "engagement.tiers.iql: must not be negative"
    );
    // A weight of zero is allowed: the criterion counts toward min_met but adds nothing.
    accepts(|s| s.fit.criteria[3].weight = dec("0"));
}

#[test]
fn more_than_four_decimal_places_are_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[0].weight = dec("12.34567")),
        "fit.criteria[0].weight: must have at most 4 decimal places"
    );
    assert_eq!(
        problem(|s| s.probability.base = dec("0.12345")),
        "probability.base: must have at most 4 decimal places"
    );
    assert_eq!(
        problem(|s| s.probability.tier.mql = dec("0.00001")),
        "probability.tier.mql: must have at most 4 decimal places"
    );
    // Trailing zeros are not precision: 12.34560000 is 12.3456.
    let policy = accepts(|s| s.fit.criteria[0].weight = dec("12.34560000"));
    let a = policy.assess(&good_profile(), &[], now());
    // 12.3456 (headcount) + 20 (industry) + 15 (seniority) + 10 (country)
    assert_eq!(a.fit_score(), dec("57.3456"));
}

#[test]
fn points_above_the_limit_are_refused() {
    assert_eq!(limits::MAX_POINTS, 1_000_000);
    assert_eq!(
        problem(|s| s.fit.criteria[2].weight = dec("1000000.0001")),
        "fit.criteria[2].weight: must be at most 1000000"
    );
    assert_eq!(
        problem(|s| s.engagement.tiers.sql = dec("1000001")),
        "engagement.tiers.sql: must be at most 1000000"
    );
    assert_eq!(
        problem(|s| {
            s.probability.strong_fit =
                Some(StrongFit::new(dec("79228162514264337593543950335"), dec("0.05")));
        }),
        "probability.strong_fit.min_score: must be at most 1000000"
    );
    let policy = accepts(|s| s.fit.criteria[2].weight = dec("1000000"));
    let profile = Profile::new().annual_revenue(dec("50000000"));
    assert_eq!(policy.assess(&profile, &[], now()).fit_score(), dec("1000000"));
}

#[test]
fn an_empty_criterion_name_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[0].name = String::new()),
        "fit.criteria[0].name: must not be empty"
    );
    assert_eq!(
        problem(|s| s.fit.criteria[5].name = " \t ".into()),
        "fit.criteria[5].name: must not be empty"
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[1].name = String::new()),
        "fit.knockouts[1].name: must not be empty"
    );
}

#[test]
fn a_duplicate_criterion_name_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[4].name = "target industry".into()),
        "fit.criteria[4].name: duplicates the name \"target industry\" of fit.criteria[1]"
    );
    // Each later copy names the first.
    assert_eq!(
        problems(|s| {
            for c in &mut s.fit.criteria[2..] {
                c.name = "enterprise headcount".into();
            }
        }),
        [2, 3, 4, 5].map(|i| format!(
            "fit.criteria[{i}].name: duplicates the name \"enterprise headcount\" of fit.criteria[0]"
        ))
    );
    // Names compare exactly: case makes a different name.
    accepts(|s| s.fit.criteria[4].name = "Target Industry".into());
}

#[test]
fn a_duplicate_knockout_name_is_refused() {
    assert_eq!(
        problem(|s| s.fit.knockouts[2].name = "competitor".into()),
        "fit.knockouts[2].name: duplicates the name \"competitor\" of fit.knockouts[0]"
    );
    // A knockout may share a criterion's name: they are separate lists.
    accepts(|s| s.fit.knockouts[0].name = "target industry".into());
}

#[test]
fn a_duplicate_signal_kind_is_refused() {
    assert_eq!(
        problem(|s| s
            .engagement
            .signals
            .push(SignalRule::new(SignalKind::DemoRequest, dec("10")))),
        "engagement.signals[10].kind: duplicates the kind demo_request of engagement.signals[6]"
    );
    let podcast = || SignalRule::new(SignalKind::Custom("podcast".into()), dec("3"));
    assert_eq!(
        problem(|s| s.engagement.signals.extend([podcast(), podcast()])),
        "engagement.signals[11].kind: duplicates the kind podcast of engagement.signals[10]"
    );
    // A custom kind spelled like a known one is a different kind.
    accepts(|s| {
        s.engagement.signals.push(SignalRule::new(
            SignalKind::Custom("demo_request".into()),
            dec("1"),
        ));
    });
}

#[test]
fn an_empty_version_is_refused() {
    assert_eq!(
        problem(|s| s.version = String::new()),
        "version: must not be empty"
    );
    assert_eq!(
        problem(|s| s.version = "   ".into()),
        "version: must not be empty"
    );
}

#[test]
fn strings_longer_than_the_limit_are_refused() {
    assert_eq!(limits::MAX_TEXT_LEN, 256);
    assert_eq!(
        problem(|s| s.version = "v".repeat(257)),
        "version: must be at most 256 bytes long, found 257"
    );
    accepts(|s| s.version = "v".repeat(256));
    // The limit counts bytes: 129 two-byte characters are 258 bytes.
    assert_eq!(
        problem(|s| s.fit.criteria[0].name = "é".repeat(129)),
        "fit.criteria[0].name: must be at most 256 bytes long, found 258"
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[0].field = custom(&"c".repeat(300))),
        "fit.knockouts[0].field.custom: must be at most 256 bytes long, found 300"
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[0].field = custom("")),
        "fit.knockouts[0].field.custom: must not be empty"
    );
    assert_eq!(
        problem(|s| s.fit.criteria[1].condition = Condition::OneOf(vec!["saas".into(), "s".repeat(257)])),
        "fit.criteria[1].condition: one_of[1] must be at most 256 bytes long, found 257"
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[0].condition = Condition::Equals("x".repeat(300))),
        "fit.knockouts[0].condition: the value must be at most 256 bytes long, found 300"
    );
    assert_eq!(
        problem(|s| s
            .engagement
            .signals
            .push(SignalRule::new(SignalKind::Custom("k".repeat(257)), dec("1")))),
        "engagement.signals[10].kind.custom: must be at most 256 bytes long, found 257"
    );
    assert_eq!(
        problem(|s| s
            .engagement
            .signals
            .push(SignalRule::new(SignalKind::Custom(String::new()), dec("1")))),
        "engagement.signals[10].kind.custom: must not be empty"
    );
}

#[test]
fn more_entries_than_the_limits_are_refused() {
    assert_eq!(limits::MAX_CRITERIA, 64);
    let many = |n: usize| -> Vec<CriterionSpec> {
        (0..n)
            .map(|i| criterion(&format!("c{i}"), Field::JobTitle, Condition::Present, "1"))
            .collect()
    };
    assert_eq!(
        problem(|s| s.fit.criteria = many(limits::MAX_CRITERIA + 1)),
        "fit.criteria: must hold at most 64 entries, found 65"
    );
    let policy = accepts(|s| s.fit.criteria = many(limits::MAX_CRITERIA));
    let titled = Profile::new().job_title("CFO");
    let a = policy.assess(&titled, &[], now());
    // 64 criteria of weight 1, all met.
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("64"), 64));

    assert_eq!(limits::MAX_KNOCKOUTS, 64);
    assert_eq!(
        problem(|s| {
            s.fit.knockouts = (0..=limits::MAX_KNOCKOUTS)
                .map(|i| knockout(&format!("k{i}"), custom(&format!("k{i}")), Condition::Present))
                .collect();
        }),
        "fit.knockouts: must hold at most 64 entries, found 65"
    );

    assert_eq!(limits::MAX_SIGNAL_RULES, 64);
    assert_eq!(
        problem(|s| {
            s.engagement.signals = (0..=limits::MAX_SIGNAL_RULES)
                .map(|i| SignalRule::new(SignalKind::Custom(format!("s{i}")), dec("1")).earns(Tier::Iql))
                .collect();
        }),
        "engagement.signals: must hold at most 64 entries, found 65"
    );
}

#[test]
fn names_past_the_limit_are_not_checked() {
    // Validation work is bounded by the limits: past the 64th criterion only the count is
    // reported, so a duplicate there waits until the list is cut down. That is 64 problems:
    // the first 50 listed, the other 14 counted.
    let err = Policy::new(edited(|s| {
        s.fit.criteria = (0..100)
            .map(|_| criterion("same", Field::JobTitle, Condition::Present, "1"))
            .collect();
    }))
    .unwrap_err();
    assert_eq!((err.problems.len(), err.omitted), (limits::MAX_PROBLEMS, 14));
    assert_eq!(
        err.problems[0].to_string(),
        "fit.criteria: must hold at most 64 entries, found 100"
    );
    assert_eq!(
        err.problems[49].to_string(),
        "fit.criteria[49].name: duplicates the name \"same\" of fit.criteria[0]"
    );
    assert!(
        err.to_string().ends_with(
            "; fit.criteria[49].name: duplicates the name \"same\" of fit.criteria[0]; and 14 more problems"
        ),
        "{err}"
    );
}

#[test]
fn an_empty_one_of_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[1].condition = Condition::OneOf(Vec::new())),
        "fit.criteria[1].condition: one_of must list at least one value"
    );
}

#[test]
fn a_one_of_longer_than_the_limit_is_refused() {
    assert_eq!(limits::MAX_SET_SIZE, 256);
    let values = |n: usize| (0..n).map(|i| format!("industry {i}")).collect::<Vec<_>>();
    assert_eq!(
        problem(|s| s.fit.criteria[1].condition = Condition::OneOf(values(limits::MAX_SET_SIZE + 1))),
        "fit.criteria[1].condition: one_of must list at most 256 values, found 257"
    );
    let policy = accepts(|s| s.fit.criteria[1].condition = Condition::OneOf(values(limits::MAX_SET_SIZE)));
    let last = Profile::new().industry("INDUSTRY 255");
    assert_eq!(policy.assess(&last, &[], now()).fit_score(), dec("20"));
}

#[test]
fn a_range_on_a_text_field_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[1].condition = at_least("1000")),
        "fit.criteria[1].condition: range needs a numeric field, not industry"
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[1].condition = at_least("1")),
        "fit.knockouts[1].condition: range needs a numeric field, not seniority"
    );
    assert_eq!(
        problem(|s| s.fit.criteria[5].condition = at_least("1")),
        "fit.criteria[5].condition: range needs a numeric field, not job_title"
    );
    // A custom field may hold a number, so a range on one is allowed.
    accepts(|s| {
        s.fit.criteria[5] = criterion("many seats", custom("seats"), at_least("100"), "10");
    });
}

#[test]
fn a_range_with_min_above_max_is_refused() {
    assert_eq!(
        problem(|s| {
            s.fit.criteria[0].condition = Condition::Range {
                min: Some(dec("10")),
                max: Some(dec("5")),
            };
        }),
        "fit.criteria[0].condition: range min 10 is above max 5"
    );
    // min == max is a single value, and allowed.
    accepts(|s| {
        s.fit.criteria[0].condition = Condition::Range {
            min: Some(dec("5")),
            max: Some(dec("5.0")),
        };
    });
}

#[test]
fn a_range_with_neither_bound_is_refused() {
    assert_eq!(
        problem(|s| s.fit.knockouts[3].condition = Condition::Range { min: None, max: None }),
        "fit.knockouts[3].condition: range needs min, max or both"
    );
}

#[test]
fn a_value_that_is_not_a_number_on_a_numeric_field_is_refused() {
    assert_eq!(
        problem(|s| s.fit.criteria[0].condition = Condition::OneOf(strings(&["1000", "lots"]))),
        "fit.criteria[0].condition: \"lots\" is not a number, which employees needs"
    );
    assert_eq!(
        problem(|s| s.fit.criteria[2].condition = Condition::Equals("50M".into())),
        "fit.criteria[2].condition: \"50M\" is not a number, which annual_revenue needs"
    );
    // Each bad value is its own problem.
    assert_eq!(
        problems(|s| s.fit.criteria[0].condition = Condition::OneOf(strings(&["a", "1", "b"]))),
        [
            "fit.criteria[0].condition: \"a\" is not a number, which employees needs",
            "fit.criteria[0].condition: \"b\" is not a number, which employees needs",
        ]
    );
}

#[test]
fn a_condition_value_is_a_number_only_if_it_reads_exactly() {
    let tiny = "0.00000000000000000000000000001";
    assert_eq!(
        problem(|s| s.fit.criteria[2].condition = Condition::Equals(tiny.into())),
        format!(
            "fit.criteria[2].condition: \"{tiny}\" has 29 digits after the decimal point, more than \
             the 28 a decimal holds exactly"
        )
    );
    assert_eq!(
        problem(|s| s.fit.criteria[0].condition = Condition::OneOf(strings(&["1e30"]))),
        "fit.criteria[0].condition: \"1e30\" has 31 significant digits, more than a decimal holds \
         exactly (28, or 29 up to 79228162514264337593543950335)"
    );
    // On a custom field such a value is only text: it was rounded to 0, and met by a 0.
    let policy = accepts(|s| {
        s.fit.criteria.push(criterion(
            "no seats",
            custom("seats"),
            Condition::Equals(tiny.into()),
            "10",
        ))
    });
    let zero = Profile::new().custom("seats", Value::Number(dec("0")));
    assert_eq!(policy.assess(&zero, &[], now()).criteria_met(), 0);
    let text = Profile::new().custom("seats", Value::Text(tiny.into()));
    assert_eq!(policy.assess(&text, &[], now()).criteria_met(), 1);
    // What reads exactly is a number, in any form that was read before.
    let policy = accepts(|s| s.fit.criteria[0].condition = Condition::OneOf(strings(&["2_400", "1e3"])));
    for employees in [1_000, 2_400] {
        let p = Profile::new().employees(employees);
        assert_eq!(policy.assess(&p, &[], now()).criteria_met(), 1, "{employees}");
    }
}

#[test]
fn a_long_value_is_cut_in_a_message_with_its_length() {
    let long = "x".repeat(300);
    assert_eq!(
        problems(|s| s.fit.criteria[0].condition = Condition::Equals(long.clone())),
        [
            "fit.criteria[0].condition: the value must be at most 256 bytes long, found 300".to_owned(),
            format!(
                "fit.criteria[0].condition: \"{}…\" (300 bytes) is not a number, which employees needs",
                "x".repeat(64)
            ),
        ]
    );
    assert_eq!(
        problem(|s| s.fit.knockouts[1].condition = Condition::Equals("é".repeat(100))),
        format!(
            "fit.knockouts[1].condition: \"{}…\" (200 bytes) is not a seniority (one of student, \
             individual, manager, director, vice_president, c_level, owner)",
            "é".repeat(32)
        )
    );
    // A name is cut the same way; a control character counts as its escape, `\n` as two.
    let name = "line\n".repeat(20);
    assert_eq!(
        problem(|s| {
            s.fit.criteria[0].name = name.clone();
            s.fit.criteria[1].name = name.clone();
        }),
        format!(
            "fit.criteria[1].name: duplicates the name \"{}…\" (100 bytes) of fit.criteria[0]",
            "line\\n".repeat(10) + "line"
        )
    );
    // A signal kind is shown bare, as in `duplicates the kind demo_request`.
    let kind = SignalKind::Custom("k".repeat(100));
    assert_eq!(
        problem(|s| {
            for points in ["1", "2"] {
                s.engagement
                    .signals
                    .push(SignalRule::new(kind.clone(), dec(points)));
            }
        }),
        format!(
            "engagement.signals[11].kind: duplicates the kind {}… (100 bytes) of engagement.signals[10]",
            "k".repeat(64)
        )
    );
}

/// The most broken spec within `limits`: every list full, every name the same and as long as
/// allowed, every condition value as long as allowed and unreadable by its field, every
/// weight and number of points negative. `name` and `value` are repeated to the length limit.
fn worst_spec(name: &str, value: &str, field: Field) -> PolicySpec {
    let fill = |s: &str| s.repeat(limits::MAX_TEXT_LEN / s.len());
    let (name, value) = (fill(name), fill(value));
    assert_eq!(
        (name.len(), value.len()),
        (limits::MAX_TEXT_LEN, limits::MAX_TEXT_LEN)
    );
    let values = vec![value; limits::MAX_SET_SIZE];
    edited(|s| {
        s.fit.criteria = (0..limits::MAX_CRITERIA)
            .map(|_| {
                CriterionSpec::new(
                    name.clone(),
                    field.clone(),
                    Condition::OneOf(values.clone()),
                    dec("-1"),
                )
            })
            .collect();
        s.fit.knockouts = (0..limits::MAX_KNOCKOUTS)
            .map(|_| knockout(&name, field.clone(), Condition::OneOf(values.clone())))
            .collect();
        s.engagement.signals = (0..limits::MAX_SIGNAL_RULES)
            .map(|_| SignalRule::new(SignalKind::Custom(name.clone()), dec("-1")))
            .collect();
    })
}

#[test]
fn the_most_broken_policy_within_the_limits_gives_a_small_error() {
    // 63 duplicate names in each of the three lists, one negative weight and 256 unreadable
    // values per criterion, 256 per knockout, one negative number of points per signal, and
    // under the act rule no signal naming a tier.
    let found = 3 * 63 + 64 * (1 + 256) + 64 * 256 + 64 + 1;
    assert_eq!(limits::MAX_PROBLEMS, 50);
    for (name, value, field) in [
        ("n", "x", Field::Employees),
        ("\u{10ffff}", "\u{7f}", Field::Seniority),
        ("'\"", "é", Field::AnnualRevenue),
    ] {
        let err = Policy::new(worst_spec(name, value, field)).unwrap_err();
        assert_eq!(err.problems.len(), limits::MAX_PROBLEMS);
        assert_eq!(err.omitted, found - limits::MAX_PROBLEMS);
        let shown = err.to_string();
        assert!(shown.len() < 16 * 1024, "{} bytes: {shown}", shown.len());
        assert!(
            shown.ends_with(&format!("; and {} more problems", found - 50)),
            "{shown}"
        );
    }
    // The first problems are listed exactly, in order.
    let err = Policy::new(worst_spec("n", "x", Field::Employees)).unwrap_err();
    let dup = |i: usize| {
        format!(
            "fit.criteria[{i}].name: duplicates the name \"{}…\" (256 bytes) of fit.criteria[0]",
            "n".repeat(64)
        )
    };
    let listed: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(listed, (1..=50).map(dup).collect::<Vec<_>>());
    assert_eq!(
        err.to_string(),
        format!("invalid policy: {}; and 33036 more problems", listed.join("; "))
    );
}

#[test]
fn one_problem_past_the_limit_is_counted_as_one() {
    let values: Vec<String> = (0..=limits::MAX_PROBLEMS).map(|i| format!("v{i}")).collect();
    let err = Policy::new(edited(|s| s.fit.criteria[0].condition = Condition::OneOf(values))).unwrap_err();
    assert_eq!((err.problems.len(), err.omitted), (50, 1));
    assert_eq!(
        err.problems[49].to_string(),
        "fit.criteria[0].condition: \"v49\" is not a number, which employees needs"
    );
    assert!(err.to_string().ends_with("; and 1 more problem"), "{err}");
}

#[test]
fn an_unknown_seniority_is_refused() {
    assert_eq!(
        problem(|s| s.fit.knockouts[1].condition = Condition::Equals("boss".into())),
        "fit.knockouts[1].condition: \"boss\" is not a seniority (one of student, individual, manager, \
         director, vice_president, c_level, owner)"
    );
    // Names ignore ASCII case.
    let policy = accepts(|s| s.fit.criteria[3].condition = Condition::Equals("Vice_President".into()));
    assert_eq!(policy.assess(&good_profile(), &[], now()).criteria_met(), 4);
}

#[test]
fn a_pass_rule_with_no_threshold_is_refused() {
    assert_eq!(
        problem(|s| {
            s.fit.pass.min_score = None;
            s.fit.pass.min_met = None;
        }),
        "fit.pass: must set min_score, min_met or both"
    );
    accepts(|s| s.fit.pass.min_score = None);
    accepts(|s| s.fit.pass.min_met = None);
}

#[test]
fn min_met_above_the_number_of_criteria_is_refused() {
    assert_eq!(
        problem(|s| s.fit.pass.min_met = Some(7)),
        "fit.pass.min_met: 7 exceeds the 6 criteria"
    );
    assert_eq!(
        problem(|s| s.fit.pass.min_met = Some(u32::MAX)),
        "fit.pass.min_met: 4294967295 exceeds the 6 criteria"
    );
    accepts(|s| s.fit.pass.min_met = Some(6));
}

#[test]
fn tiers_out_of_order_are_refused() {
    assert_eq!(
        problem(|s| s.engagement.tiers.mql = dec("9.9999")),
        "engagement.tiers.mql: must not be below iql (10)"
    );
    assert_eq!(
        problem(|s| s.engagement.tiers.sql = dec("29.9999")),
        "engagement.tiers.sql: must not be below mql (30)"
    );
    // The message shows the threshold as written.
    assert_eq!(
        problem(|s| {
            s.engagement.tiers.mql = dec("30.00");
            s.engagement.tiers.sql = dec("20");
        }),
        "engagement.tiers.sql: must not be below mql (30.00)"
    );
    // Equal tiers are allowed: under the sum rule the higher one wins; under the act rule
    // an act still reaches no higher than the tier its kind earns.
    let signals = [Signal::new(SignalKind::ContentDownload, now())];
    let summed = accepts(|s| {
        s.engagement.tiers.mql = dec("10");
        s.engagement.tiers.sql = dec("10");
        s.engagement.tier_rule = TierRule::Sum;
        for rule in &mut s.engagement.signals {
            rule.tier = None;
        }
    });
    assert_eq!(
        summed.assess(&Profile::default(), &signals, now()).tier(),
        Some(Tier::Sql)
    );
    let acts = accepts(|s| {
        s.engagement.tiers.mql = dec("10");
        s.engagement.tiers.sql = dec("10");
    });
    assert_eq!(
        acts.assess(&Profile::default(), &signals, now()).tier(),
        Some(Tier::Iql)
    );
}

#[test]
fn a_half_life_of_zero_days_is_refused() {
    assert_eq!(
        problem(|s| s.engagement.decay = Decay::HalfLifeDays(0)),
        "engagement.decay.half_life_days: must be at least 1 day"
    );
    accepts(|s| s.engagement.decay = Decay::HalfLifeDays(1));
}

#[test]
fn a_window_of_zero_days_is_refused() {
    assert_eq!(
        problem(|s| s.engagement.decay = Decay::WindowDays(0)),
        "engagement.decay.window_days: must be at least 1 day"
    );
    assert_eq!(
        problem(|s| s.probability.decision_within.as_mut().unwrap().days = 0),
        "probability.decision_within.days: must be at least 1 day"
    );
    assert_eq!(
        problem(|s| s.evidence.max_age_days = Some(0)),
        "evidence.max_age_days: must be at least 1 day"
    );
    accepts(|s| s.engagement.decay = Decay::WindowDays(1));
}

#[test]
fn more_days_than_the_limit_are_refused() {
    assert_eq!(limits::MAX_DAYS, 36_500);
    assert_eq!(
        problem(|s| s.engagement.decay = Decay::HalfLifeDays(36_501)),
        "engagement.decay.half_life_days: must be at most 36500 days"
    );
    assert_eq!(
        problem(|s| s.engagement.decay = Decay::WindowDays(u32::MAX)),
        "engagement.decay.window_days: must be at most 36500 days"
    );
    assert_eq!(
        problem(|s| {
            s.probability.decision_within = Some(WithinDays::new(36_501, dec("0.1")));
        }),
        "probability.decision_within.days: must be at most 36500 days"
    );
    assert_eq!(
        problem(|s| s.evidence.max_age_days = Some(u32::MAX)),
        "evidence.max_age_days: must be at most 36500 days"
    );
    accepts(|s| {
        s.engagement.decay = Decay::WindowDays(36_500);
        s.evidence.max_age_days = Some(36_500);
    });
}

#[test]
fn a_probability_base_or_threshold_outside_zero_to_one_is_refused() {
    assert_eq!(
        problem(|s| s.probability.base = dec("1.0001")),
        "probability.base: must be between 0 and 1"
    );
    assert_eq!(
        problem(|s| s.probability.base = dec("-0.5")),
        "probability.base: must be between 0 and 1"
    );
    assert_eq!(
        problem(|s| s.opportunity.threshold = dec("1.5")),
        "opportunity.threshold: must be between 0 and 1"
    );
    assert_eq!(
        problem(|s| s.opportunity.threshold = dec("-0.0001")),
        "opportunity.threshold: must be between 0 and 1"
    );
    // The base may be 0 or 1 (the adjustments move it, and the open range holds it).
    accepts(|s| {
        s.probability.base = dec("0");
        s.opportunity.threshold = dec("0.99");
    });
    accepts(|s| {
        s.probability.base = dec("1");
        s.opportunity.threshold = dec("0");
    });
}

#[test]
fn an_open_range_must_lie_strictly_inside_zero_to_one() {
    let open = |min: &str, max: &str| OpenRange::new(dec(min), dec(max));
    assert_eq!(
        default_spec().probability.open,
        open("0.01", "0.99"),
        "the default range"
    );
    assert_eq!(OpenRange::default(), open("0.01", "0.99"));
    assert_eq!(
        problem(|s| s.probability.open.min = dec("0")),
        "probability.open.min: must be above 0 and below 1"
    );
    assert_eq!(
        problem(|s| s.probability.open.max = dec("1")),
        "probability.open.max: must be above 0 and below 1"
    );
    assert_eq!(
        problems(|s| s.probability.open = open("-0.5", "1.5")),
        [
            "probability.open.min: must be above 0 and below 1",
            "probability.open.max: must be above 0 and below 1",
        ]
    );
    assert_eq!(
        problem(|s| s.probability.open.min = dec("0.00001")),
        "probability.open.min: must have at most 4 decimal places"
    );
    // Reversed, with the threshold above the top as well: both named, in order.
    assert_eq!(
        problems(|s| s.probability.open = open("0.6", "0.5")),
        [
            "probability.open.max: must not be below min (0.6)",
            "opportunity.threshold: must not be above probability.open.max (0.5)",
        ]
    );
    // An opportunity threshold above the top would let no deal open.
    assert_eq!(
        problem(|s| s.opportunity.threshold = dec("1")),
        "opportunity.threshold: must not be above probability.open.max (0.99)"
    );
    assert_eq!(
        problem(|s| s.opportunity.threshold = dec("0.9901")),
        "opportunity.threshold: must not be above probability.open.max (0.99)"
    );
    // The bounds themselves, and a single point, are valid.
    accepts(|s| {
        s.probability.open = open("0.0001", "0.9999");
        s.opportunity.threshold = dec("0.9999");
    });
    let point = accepts(|s| {
        s.probability.open = open("0.5", "0.5");
        s.opportunity.threshold = dec("0.5");
    });
    assert_eq!(
        prospect_with(full_checklist())
            .close_probability(&point, now())
            .probability
            .value(),
        dec("0.5")
    );
}

#[test]
fn a_policy_without_an_open_range_loads_with_the_default() {
    let old: Policy = serde_json::from_str(ACME).unwrap();
    assert!(!ACME.contains("\"open\""));
    assert_eq!(old.spec().probability.open, OpenRange::default());
    // Either end may be given alone; the other keeps its default.
    let narrowed = ACME.replace(
        r#""tier": { "sql": "0.05" }"#,
        r#""tier": { "sql": "0.05" }, "open": { "max": "0.95" }"#,
    );
    let narrowed: Policy = serde_json::from_str(&narrowed).unwrap();
    assert_eq!(
        narrowed.spec().probability.open,
        OpenRange::new(dec("0.01"), dec("0.95"))
    );
    // It serializes in full, and reads back the same.
    let json = serde_json::to_value(&narrowed).unwrap();
    assert_eq!(
        json["probability"]["open"],
        serde_json::json!({ "min": "0.01", "max": "0.95" })
    );
    assert_eq!(serde_json::from_value::<Policy>(json).unwrap(), narrowed);
    // Unknown fields in it are refused, and a bad end is named with its path.
    let typo = ACME.replace(
        r#""tier": { "sql": "0.05" }"#,
        r#""tier": { "sql": "0.05" }, "open": { "maximum": "0.95" }"#,
    );
    assert!(
        serde_json::from_str::<Policy>(&typo)
            .unwrap_err()
            .to_string()
            .starts_with("unknown field `maximum`, expected `min` or `max`")
    );
    let certain = ACME.replace(
        r#""tier": { "sql": "0.05" }"#,
        r#""tier": { "sql": "0.05" }, "open": { "max": "1" }"#,
    );
    assert_eq!(
        serde_json::from_str::<Policy>(&certain).unwrap_err().to_string(),
        "invalid policy: probability.open.max: must be above 0 and below 1"
    );
}

#[test]
fn an_adjustment_outside_minus_one_to_one_is_refused() {
    assert_eq!(
        problem(|s| s.probability.budget_approved = dec("1.5")),
        "probability.budget_approved: must be between -1 and 1"
    );
    assert_eq!(
        problem(|s| s.probability.tier.sql = dec("-1.0001")),
        "probability.tier.sql: must be between -1 and 1"
    );
    assert_eq!(
        problem(|s| s.probability.strong_fit.as_mut().unwrap().adjust = dec("2")),
        "probability.strong_fit.adjust: must be between -1 and 1"
    );
    assert_eq!(
        problem(|s| s.probability.decision_within.as_mut().unwrap().adjust = dec("-7")),
        "probability.decision_within.adjust: must be between -1 and 1"
    );
    assert_eq!(
        problems(|s| {
            s.probability.budget_sought = dec("-2");
            s.probability.decision_maker = dec("3");
            s.probability.champion = dec("0.00001");
        }),
        [
            "probability.budget_sought: must be between -1 and 1",
            "probability.decision_maker: must be between -1 and 1",
            "probability.champion: must have at most 4 decimal places",
        ]
    );
    accepts(|s| {
        s.probability.budget_approved = dec("1");
        s.probability.tier.iql = dec("-1");
    });
}

#[test]
fn every_problem_is_listed_at_once_in_order() {
    let spec = edited(|s| {
        s.version = String::new();
        s.fit.criteria[1].condition = at_least("1000");
        s.fit.criteria[3].weight = dec("-5");
        s.fit.criteria[4].name = "target industry".into();
        s.fit.knockouts[1].condition = Condition::Equals("boss".into());
        s.fit.pass.min_met = Some(9);
        s.engagement.decay = Decay::HalfLifeDays(0);
        s.engagement.tiers.mql = dec("5");
        s.probability.base = dec("1.2");
        s.probability.tier.mql = dec("0.00001");
        s.opportunity.threshold = dec("-0.1");
        s.evidence.max_age_days = Some(0);
    });
    let err = Policy::new(spec).unwrap_err();
    // Names are checked before each criterion's weight and condition.
    assert_eq!(
        err.to_string(),
        "invalid policy: \
         version: must not be empty; \
         fit.criteria[4].name: duplicates the name \"target industry\" of fit.criteria[1]; \
         fit.criteria[1].condition: range needs a numeric field, not industry; \
         fit.criteria[3].weight: must not be negative; \
         fit.knockouts[1].condition: \"boss\" is not a seniority (one of student, individual, manager, \
         director, vice_president, c_level, owner); \
         fit.pass.min_met: 9 exceeds the 6 criteria; \
         engagement.decay.half_life_days: must be at least 1 day; \
         engagement.tiers.mql: must not be below iql (10); \
         probability.base: must be between 0 and 1; \
         probability.tier.mql: must have at most 4 decimal places; \
         opportunity.threshold: must be between 0 and 1; \
         evidence.max_age_days: must be at least 1 day"
    );
    assert_eq!(err.problems.len(), 12);
    assert_eq!(err.problems[3].path, "fit.criteria[3].weight");
    assert_eq!(err.problems[3].message, "must not be negative");
}

const ACME: &str = r#"{
  "version": "acme-2026-q4",
  "fit": {
    "criteria": [
      { "name": "mid-market or larger", "field": "employees",
        "condition": { "range": { "min": "1000" } }, "weight": "40" },
      { "name": "target industry", "field": "industry",
        "condition": { "one_of": ["software", "fintech"] }, "weight": "25.5" },
      { "name": "paid crm plan", "field": { "custom": "crm_plan" },
        "condition": { "one_of": ["business", "enterprise"] }, "weight": "20" },
      { "name": "decision seniority", "field": "seniority",
        "condition": { "equals": "director" }, "weight": "10" },
      { "name": "has a title", "field": "job_title", "condition": "present", "weight": "4.5" },
      { "name": "no open dispute", "field": { "custom": "dispute" }, "condition": "absent",
        "weight": "0.25" }
    ],
    "knockouts": [
      { "name": "competitor", "field": { "custom": "competitor" }, "condition": { "equals": "true" } },
      { "name": "tiny company", "field": "employees", "condition": { "range": { "max": "9" } } }
    ],
    "pass": { "min_score": "60", "min_met": 3, "require": "any" }
  },
  "engagement": {
    "signals": [
      { "kind": "demo_request", "points": "50" },
      { "kind": "pricing_page_visit", "points": "12.5" },
      { "kind": { "custom": "podcast_listen" }, "points": "3" }
    ],
    "decay": { "half_life_days": 30 },
    "tiers": { "iql": "5", "mql": "20", "sql": "45" }
  },
  "probability": {
    "base": "0.4",
    "budget_approved": "0.25",
    "decision_maker": "0.2",
    "decision_within": { "days": 60, "adjust": "0.1" },
    "tier": { "sql": "0.05" }
  },
  "opportunity": { "threshold": "0.8" },
  "evidence": { "max_age_days": 90 }
}"#;

#[test]
fn a_hand_written_json_policy_loads_and_scores() {
    let policy: Policy = serde_json::from_str(ACME).unwrap();
    assert_eq!(policy.version(), "acme-2026-q4");
    let spec = policy.spec();
    assert_eq!(spec.fit.criteria[2].field, custom("crm_plan"));
    assert_eq!(spec.fit.criteria[5].condition, Condition::Absent);
    assert_eq!(spec.engagement.decay, Decay::HalfLifeDays(30));
    assert_eq!(spec.probability.budget_sought, dec("0")); // defaulted
    assert!(!spec.opportunity.staged); // defaulted

    let profile = Profile::new()
        .employees(1000)
        .industry("FinTech")
        .seniority(Seniority::Director)
        .custom("crm_plan", Value::Text("Enterprise".into()));
    let signals = [
        Signal::new(SignalKind::DemoRequest, ts("2026-11-10T09:00:00Z")),
        Signal::new(SignalKind::PricingPageVisit, now()),
        Signal::new(
            SignalKind::Custom("podcast_listen".into()),
            ts("2026-10-26T09:00:00Z"),
        ),
    ];
    let a = policy.assess(&profile, &signals, now());
    // 40 (1000 employees, min inclusive) + 25.5 (FinTech) + 20 (Enterprise) + 10 (director)
    // + 0 (no title) + 0.25 (no dispute) = 95.75, five criteria met.
    assert_eq!(a.fit_score(), dec("95.75"));
    assert_eq!(a.criteria_met(), 5);
    assert!(a.qualifies());
    // demo 15 days old: 50 * 45/60 = 37.5; pricing today: 12.5; podcast 30 days old: 3/2
    // = 1.5. 37.5 + 12.5 + 1.5 = 51.5 >= 45.
    assert_eq!(a.engagement_score(), dec("51.5"));
    assert_eq!(a.tier(), Some(Tier::Sql));

    // "require": "any": three criteria met is enough with a score far below 60.
    let titled_director = Profile::new()
        .seniority(Seniority::Director)
        .job_title("Head of Finance");
    let a = policy.assess(&titled_director, &[], now());
    // 10 (director) + 4.5 (title) + 0.25 (no dispute) = 14.75, three criteria met.
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("14.75"), 3));
    assert!(a.qualifies());

    // Knockouts read a custom flag and an inclusive maximum.
    let competitor = titled_director
        .employees(9)
        .custom("competitor", Value::Bool(true));
    let a = policy.assess(&competitor, &[], now());
    assert_eq!(a.knockouts_hit(), 2);
    assert!(a.fit_passed());
    assert!(!a.qualifies());

    // The probability section: 0.4 + 0.25 (approved) + 0.2 (decision maker) + 0.1 (decision
    // 59 days 15 hours out, within 60) = 0.95, against a threshold of 0.8.
    let mut prospect = lead_with_fit(profile).qualify(&policy, now(), &rep()).unwrap();
    *prospect.evidence_mut() = full_checklist();
    let estimate = prospect.close_probability(&policy, now());
    assert_eq!(estimate.probability.value(), dec("0.95"));
    assert_eq!(estimate.threshold.value(), dec("0.8"));
    assert!(estimate.meets);
}

#[test]
fn a_policy_round_trips_through_json() {
    for policy in [
        Policy::default(),
        serde_json::from_str(ACME).unwrap(),
        staged_policy(),
    ] {
        let json = serde_json::to_string(&policy).unwrap();
        let back: Policy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, policy);
        assert_eq!(back.spec(), policy.spec());
        // The spec serializes to the same JSON as the policy.
        assert_eq!(serde_json::to_string(policy.spec()).unwrap(), json);
        // And the rebuilt policy scores the same.
        let profile = good_profile();
        let signals = [Signal::new(SignalKind::DemoRequest, ts("2026-11-01T00:00:00Z"))];
        assert_eq!(
            back.assess(&profile, &signals, now()),
            policy.assess(&profile, &signals, now())
        );
    }
    // The wire shapes as documented.
    let json: serde_json::Value = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(
        json["fit"]["criteria"][0]["condition"],
        serde_json::json!({ "range": { "min": "1000" } })
    );
    assert_eq!(json["fit"]["criteria"][0]["weight"], "30");
    assert_eq!(json["fit"]["criteria"][5]["condition"], "present");
    assert_eq!(
        json["fit"]["knockouts"][0]["field"],
        serde_json::json!({ "custom": "competitor" })
    );
    assert_eq!(
        json["engagement"]["decay"],
        serde_json::json!({ "half_life_days": 30 })
    );
    assert_eq!(json["opportunity"]["threshold"], "0.75");
}

#[test]
fn a_bad_json_policy_lists_every_problem() {
    let bad = r#"{
  "version": " ",
  "fit": {
    "criteria": [
      { "name": "size", "field": "employees", "condition": { "equals": "many" }, "weight": "-1" },
      { "name": "size", "field": "country",
        "condition": { "range": { "min": "5", "max": "1" } }, "weight": "10.12345" }
    ],
    "pass": { "min_met": 3 }
  },
  "engagement": {
    "signals": [ { "kind": "demo_request", "points": "50" }, { "kind": "demo_request", "points": "5" } ],
    "decay": { "window_days": 0 },
    "tiers": { "iql": "10", "mql": "5", "sql": "1" }
  },
  "probability": { "base": "2" },
  "opportunity": { "threshold": "0.75" }
}"#;
    let err = serde_json::from_str::<Policy>(bad).unwrap_err();
    // The spec is checked once it is whole, so serde_json has no position to add.
    assert_eq!(
        err.to_string(),
        "invalid policy: \
         version: must not be empty; \
         fit.criteria[1].name: duplicates the name \"size\" of fit.criteria[0]; \
         fit.criteria[0].weight: must not be negative; \
         fit.criteria[0].condition: \"many\" is not a number, which employees needs; \
         fit.criteria[1].weight: must have at most 4 decimal places; \
         fit.criteria[1].condition: range needs a numeric field, not country; \
         fit.pass.min_met: 3 exceeds the 2 criteria; \
         engagement.signals[1].kind: duplicates the kind demo_request of engagement.signals[0]; \
         engagement.decay.window_days: must be at least 1 day; \
         engagement.tiers.mql: must not be below iql (10); \
         engagement.tiers.sql: must not be below mql (5); \
         probability.base: must be between 0 and 1"
    );
    // The plain spec of the same JSON deserializes: only `Policy` checks it.
    assert!(serde_json::from_str::<PolicySpec>(bad).is_ok());
}

#[test]
fn json_that_is_not_a_policy_spec_names_the_field() {
    let unknown = ACME.replace(r#""version""#, r#""versoin""#);
    assert_eq!(
        serde_json::from_str::<Policy>(&unknown).unwrap_err().to_string(),
        "unknown field `versoin`, expected one of `version`, `fit`, `engagement`, `probability`, \
         `opportunity`, `evidence`, `pipeline` at line 2 column 11"
    );
    let boolean = ACME.replace(r#""weight": "40""#, r#""weight": true"#);
    assert_eq!(
        serde_json::from_str::<Policy>(&boolean).unwrap_err().to_string(),
        "invalid type: boolean `true`, expected a decimal, as a string or an exact number \
         at line 6 column 67"
    );
}

/// ACME with figures written as numbers in every section.
fn acme_with_numbers() -> String {
    ACME.replace(r#""weight": "40""#, r#""weight": 40"#)
        .replace(r#""weight": "25.5""#, r#""weight": 25.5"#)
        .replace(r#""min": "1000""#, r#""min": 1000"#)
        .replace(r#""min_score": "60""#, r#""min_score": 60"#)
        .replace(r#""points": "12.5""#, r#""points": 12.5"#)
        .replace(r#""sql": "45""#, r#""sql": 45"#)
        .replace(r#""base": "0.4""#, r#""base": 0.4"#)
        .replace(r#""adjust": "0.1""#, r#""adjust": 1e-1"#)
        .replace(r#""threshold": "0.8""#, r#""threshold": 0.8"#)
}

#[test]
fn a_json_policy_may_write_figures_as_numbers() {
    let numbers = acme_with_numbers();
    assert_eq!(
        numbers.matches(r#"": ""#).count() + 9,
        ACME.matches(r#"": ""#).count()
    );
    let policy: Policy = serde_json::from_str(&numbers).unwrap();
    assert_eq!(policy, serde_json::from_str::<Policy>(ACME).unwrap());
    // Written back, every figure is a string.
    let json = serde_json::to_value(&policy).unwrap();
    assert_eq!(json["probability"]["decision_within"]["adjust"], "0.1");
    assert_eq!(json["engagement"]["signals"][1]["points"], "12.5");
}

#[test]
fn a_figure_that_cannot_be_read_is_reported_before_the_checks() {
    // A value that cannot be read stops reading at once, as serde does, at its line and
    // column; the checks, which list every problem, run only on a spec that was read.
    let both = acme_with_numbers()
        .replace(r#""weight": 25.5"#, r#""weight": 25.500000000000004"#)
        .replace(r#""weight": "10""#, r#""weight": "-10""#)
        .replace(r#""threshold": 0.8"#, r#""threshold": "1e-29""#);
    assert_eq!(
        serde_json::from_str::<Policy>(&both).unwrap_err().to_string(),
        "weight 25.500000000000004 cannot be read exactly as a number; write it as a string, \
         \"25.500000000000004\" at line 8 column 88"
    );
    let fixed = both.replace("25.500000000000004", "25.5");
    assert_eq!(
        serde_json::from_str::<Policy>(&fixed).unwrap_err().to_string(),
        "threshold \"1e-29\" has 29 digits after the decimal point, more than the 28 a decimal holds \
         exactly at line 39 column 39"
    );
    let fixed = fixed.replace(r#""1e-29""#, "1.5");
    assert_eq!(
        serde_json::from_str::<Policy>(&fixed).unwrap_err().to_string(),
        "invalid policy: fit.criteria[3].weight: must not be negative; \
         opportunity.threshold: must be between 0 and 1"
    );
}

#[test]
fn a_tier_rule_is_checked_against_the_tiers_its_signals_name() {
    // Under the sum rule a named tier would be ignored: each is refused, by its path.
    assert_eq!(
        problems(|s| s.engagement.tier_rule = TierRule::Sum)[..2],
        [
            "engagement.signals[0].tier: names the tier IQL, but engagement.tier_rule is sum: \
             under it tiers come from the summed score; use the act rule or leave it out",
            "engagement.signals[1].tier: names the tier IQL, but engagement.tier_rule is sum: \
             under it tiers come from the summed score; use the act rule or leave it out",
        ]
    );
    assert_eq!(problems(|s| s.engagement.tier_rule = TierRule::Sum).len(), 8);
    // Under the act rule some kind must earn a tier, or no lead could reach one.
    assert_eq!(
        problem(|s| {
            for rule in &mut s.engagement.signals {
                rule.tier = None;
            }
        }),
        "engagement.tier_rule: is act, but no signal in engagement.signals names the tier its \
         act earns, so no lead could reach a tier"
    );
    assert_eq!(
        problem(|s| s.engagement.signals.clear()),
        "engagement.tier_rule: is act, but no signal in engagement.signals names the tier its \
         act earns, so no lead could reach a tier"
    );
    // One kind earning a tier is enough.
    accepts(|s| {
        for rule in &mut s.engagement.signals[1..] {
            rule.tier = None;
        }
    });
}

#[test]
fn a_policy_without_a_tier_rule_sums_as_it_always_did() {
    let json = serde_json::to_value(Policy::default().spec()).unwrap();
    assert_eq!(json["engagement"]["tier_rule"], "act");
    assert_eq!(json["engagement"]["signals"][0]["tier"], "iql");
    // A reply earns no tier: the field is left out.
    assert!(json["engagement"]["signals"][8].get("tier").is_none());
    // Written before the act rule: no tier_rule, no tiers on signals.
    let mut older = json.clone();
    older["engagement"].as_object_mut().unwrap().remove("tier_rule");
    for rule in older["engagement"]["signals"].as_array_mut().unwrap() {
        rule.as_object_mut().unwrap().remove("tier");
    }
    let older: Policy = serde_json::from_value(older).unwrap();
    assert_eq!(older.spec().engagement.tier_rule, TierRule::Sum);
    let fresh = |kinds: &[SignalKind]| -> Vec<Signal> {
        kinds.iter().map(|k| Signal::new(k.clone(), now())).collect()
    };
    let both = fresh(&[SignalKind::NewsletterSignup, SignalKind::ContentDownload]);
    assert_eq!(
        older.assess(&Profile::default(), &both, now()).tier(),
        Some(Tier::Mql)
    );
    assert_eq!(
        Policy::default().assess(&Profile::default(), &both, now()).tier(),
        Some(Tier::Iql)
    );
    // An unknown rule is refused by name.
    let mut unknown = json;
    unknown["engagement"]["tier_rule"] = "loudest".into();
    let err = serde_json::from_value::<Policy>(unknown).unwrap_err().to_string();
    assert!(
        err.contains("unknown variant `loudest`, expected `act` or `sum`"),
        "{err}"
    );
}

// ---- text conditions ------------------------------------------------------------------

#[test]
fn every_bad_text_condition_is_refused_at_once_each_at_its_path() {
    let all = problems(|s| {
        s.fit.criteria[5].condition =
            Condition::ContainsWord(strings(&["student", "", "c-level", "vice president"]));
        s.fit.knockouts[0] = knockout(
            "rival",
            Field::EmailDomain,
            Condition::DomainIn(strings(&[
                "@gmail.com",
                "gmail..com",
                "gmail.com.",
                "-rival.example",
                "rival_co.example",
                "rival.example",
            ])),
        );
        s.fit.knockouts[1] = knockout("prefix", Field::JobTitle, Condition::StartsWith(Vec::new()));
        s.fit.knockouts[2] = knockout("suffix", Field::JobTitle, Condition::EndsWith(strings(&[""])));
        s.fit.criteria[0].condition = Condition::ContainsWord(strings(&["thousand"]));
        s.fit.criteria[3].condition = Condition::StartsWith(strings(&["vice"]));
    });
    assert_eq!(
        all,
        [
            "fit.criteria[0].condition: contains_word needs a text field, not employees",
            "fit.criteria[3].condition: starts_with needs a text field, not seniority",
            "fit.criteria[5].condition: contains_word[1] must not be empty",
            "fit.criteria[5].condition: contains_word[2] \"c-level\" is not one word: a word holds only \
             letters and digits (list each word on its own, or use starts_with or ends_with)",
            "fit.criteria[5].condition: contains_word[3] \"vice president\" is not one word: a word holds \
             only letters and digits (list each word on its own, or use starts_with or ends_with)",
            "fit.knockouts[0].condition: domain_in[0] \"@gmail.com\" is not a domain: write it without \
             the @, as the part after it",
            "fit.knockouts[0].condition: domain_in[1] \"gmail..com\" is not a domain: a dot must join two \
             labels (no leading, trailing or double dots)",
            "fit.knockouts[0].condition: domain_in[2] \"gmail.com.\" is not a domain: a dot must join two \
             labels (no leading, trailing or double dots)",
            "fit.knockouts[0].condition: domain_in[3] \"-rival.example\" is not a domain: a label does not \
             start or end with a hyphen",
            "fit.knockouts[0].condition: domain_in[4] \"rival_co.example\" is not a domain: a label holds \
             only letters, digits and hyphens",
            "fit.knockouts[1].condition: starts_with must list at least one value",
            "fit.knockouts[2].condition: ends_with[0] must not be empty",
        ]
    );
}

#[test]
fn text_conditions_take_text_fields_custom_attributes_and_letters_of_any_script() {
    let policy = accepts(|s| {
        s.fit.criteria[5].condition = Condition::ContainsWord(strings(&["étudiant", "Praktikant", "2nd"]));
        s.fit.knockouts[0] = knockout(
            "free mail",
            Field::EmailDomain,
            Condition::DomainIn(strings(&["gmail.com", "münchen.de", "de"])),
        );
        s.fit.knockouts[2] = knockout("site", custom("website"), Condition::EndsWith(strings(&[" "])));
    });
    let titled = Profile::new().job_title("Praktikant/in");
    assert_eq!(policy.assess(&titled, &[], now()).fit_score(), dec("10"));
    let mail = Profile::new().email_domain("ada@eu.gmail.com");
    assert_eq!(policy.assess(&mail, &[], now()).knockouts_hit(), 1);
}

#[test]
fn too_many_or_too_long_text_values_are_refused() {
    let long = "a".repeat(limits::MAX_TEXT_LEN + 1);
    assert_eq!(
        problem(|s| s.fit.criteria[5].condition = Condition::StartsWith(vec![long.clone()])),
        "fit.criteria[5].condition: starts_with[0] must be at most 256 bytes long, found 257"
    );
    let many: Vec<String> = (0..=limits::MAX_SET_SIZE).map(|i| format!("w{i}")).collect();
    assert_eq!(
        problem(|s| s.fit.criteria[5].condition = Condition::ContainsWord(many)),
        "fit.criteria[5].condition: contains_word must list at most 256 values, found 257"
    );
    // At the limits: 256 values of 256 bytes, labels of 63 bytes, a domain of 253.
    let full: Vec<String> = (0..limits::MAX_SET_SIZE).map(|i| format!("{i:0>256}")).collect();
    let policy = accepts(|s| s.fit.criteria[5].condition = Condition::EndsWith(full.clone()));
    let title = Profile::new().job_title(format!("x{}", full[255]));
    assert_eq!(policy.assess(&title, &[], now()).fit_score(), dec("10"));
    let label = "a".repeat(63);
    let longest = format!("{label}.{label}.{label}.{}", "b".repeat(61));
    assert_eq!(longest.len(), 253);
    let policy = accepts(|s| {
        s.fit.knockouts[0] = knockout(
            "long",
            Field::EmailDomain,
            Condition::DomainIn(vec![longest.clone()]),
        )
    });
    let mail = Profile::new().email_domain(format!("ada@{longest}"));
    assert_eq!(policy.assess(&mail, &[], now()).knockouts_hit(), 1);
    let over = format!("c{longest}");
    assert_eq!(
        problem(
            |s| s.fit.knockouts[0] = knockout("long", Field::EmailDomain, Condition::DomainIn(vec![over]))
        ),
        format!(
            "fit.knockouts[0].condition: domain_in[0] \"{}…\" (254 bytes) is not a domain: a domain \
             has at most 253 bytes",
            format!("c{label}").get(..64).unwrap()
        )
    );
    // The domain is echoed cut to its first 64 bytes, with its length.
    let labels = vec![format!("{}.example", "a".repeat(64))];
    assert_eq!(
        problem(|s| s.fit.knockouts[0] = knockout("long", Field::EmailDomain, Condition::DomainIn(labels))),
        format!(
            "fit.knockouts[0].condition: domain_in[0] \"{}…\" (72 bytes) is not a domain: a label \
             between dots has at most 63 bytes",
            "a".repeat(64)
        )
    );
}

#[test]
fn at_most_eight_text_conditions_read_one_field() {
    assert_eq!(limits::MAX_TEXT_CONDITIONS_PER_FIELD, 8);
    let word = |i: usize| Condition::ContainsWord(vec![format!("w{i}")]);
    // Eight on the job title, one more on the industry: accepted.
    let policy = accepts(|s| {
        s.fit.criteria[5].condition = word(0);
        s.fit.knockouts = (1..8)
            .map(|i| knockout(&format!("k{i}"), Field::JobTitle, word(i)))
            .collect();
        s.fit.criteria[1].condition = word(8);
    });
    for i in 1..8 {
        let a = policy.assess(&Profile::new().job_title(format!("the W{i}")), &[], now());
        assert_eq!(a.knockouts_hit(), 1, "w{i}");
    }
    // A ninth on the job title is refused where it stands, and so is a tenth.
    let all = problems(|s| {
        s.fit.criteria[5].condition = word(0);
        s.fit.knockouts = (1..10)
            .map(|i| knockout(&format!("k{i}"), Field::JobTitle, word(i)))
            .collect();
    });
    assert_eq!(
        all,
        [
            "fit.knockouts[7].condition: at most 8 text conditions (contains_word, starts_with, ends_with, \
             domain_in) may read one field; job_title has 9 by here",
            "fit.knockouts[8].condition: at most 8 text conditions (contains_word, starts_with, ends_with, \
             domain_in) may read one field; job_title has 10 by here",
        ]
    );
}

#[test]
fn text_conditions_are_written_and_read_in_json() {
    let json = serde_json::json!({
        "version": "text",
        "fit": {
            "criteria": [
                {"name": "leader", "field": "job_title", "condition": {"starts_with": ["head of", "VP"]}, "weight": 10},
                {"name": "cloud", "field": "industry", "condition": {"ends_with": ["cloud"]}, "weight": 5}
            ],
            "knockouts": [
                {"name": "student", "field": "job_title", "condition": {"contains_word": ["student", "intern"]}},
                {"name": "rival", "field": "email_domain", "condition": {"domain_in": ["rival.example"]}}
            ],
            "pass": {"min_score": 10}
        },
        "engagement": {"tiers": {"iql": "1", "mql": "2", "sql": "3"}},
        "probability": {"base": "0.5"},
        "opportunity": {"threshold": "0.5"}
    });
    let policy: Policy = serde_json::from_value(json.clone()).unwrap();
    let fit = &policy.spec().fit;
    assert_eq!(
        fit.criteria[0].condition,
        Condition::StartsWith(strings(&["head of", "VP"]))
    );
    assert_eq!(
        fit.knockouts[0].condition,
        Condition::ContainsWord(strings(&["student", "intern"]))
    );
    assert_eq!(fit.knockouts[1].field, Field::EmailDomain);
    let written = serde_json::to_value(&policy).unwrap();
    assert_eq!(written["fit"]["knockouts"], json["fit"]["knockouts"]);
    assert_eq!(serde_json::from_value::<Policy>(written).unwrap(), policy);

    let student = Profile::new().job_title("Working Student (m/w/d)");
    assert_eq!(policy.assess(&student, &[], now()).knockouts_hit(), 1);
    let rival = Profile::new()
        .job_title("Head of Sales")
        .email_domain("eu.Rival.example");
    let a = policy.assess(&rival, &[], now());
    assert_eq!((a.fit_score(), a.knockouts_hit()), (dec("10"), 1));
    let lookalike = Profile::new()
        .job_title("VP Finance")
        .email_domain("notrival.example");
    let a = policy.assess(&lookalike, &[], now());
    assert_eq!(
        (a.fit_score(), a.knockouts_hit(), a.qualifies()),
        (dec("10"), 0, true)
    );

    // A text condition that is not a list is refused by the wire form, naming it.
    let bad =
        serde_json::json!({"name": "x", "field": "job_title", "condition": {"contains_word": "student"}});
    let err = serde_json::from_value::<KnockoutSpec>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a sequence"), "{err}");
}

//! Rows and batches score exactly as `Policy::assess` does, and `assess` scores as the
//! policy's conditions read, by a reference evaluator written from their documentation.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use qualify::batch::{Batch, BatchBuilder, BatchError, Cell, Column};
use qualify::testkit::strategy;
use qualify::{
    Condition, CriterionSpec, Decimal, Field, Policy, PolicySpec, Profile, Seniority, Signal, SignalKind,
    Timestamp, Value,
};

fn now() -> Timestamp {
    "2026-11-25T09:00:00Z".parse().unwrap()
}

/// Whether `condition` holds for the value of `field` in `p`, as the policy documentation
/// states it: text equal ignoring ASCII case, numbers by value (a custom text that is not
/// exactly a number is only text), flags by `true`/`false`, ranges inclusive; text
/// conditions by [`text_condition`].
fn reference<'a>(field: &Field, condition: &Condition, p: &'a Profile) -> bool {
    enum Seen<'a> {
        Missing,
        Text(&'a str),
        Number(Decimal),
        Flag(bool),
        Level(Seniority),
    }
    let text = |t: &'a Option<String>| t.as_deref().map_or(Seen::Missing, Seen::Text);
    let seen = match field {
        Field::Employees => p.employees.map_or(Seen::Missing, |n| Seen::Number(n.into())),
        Field::AnnualRevenue => p.annual_revenue.map_or(Seen::Missing, Seen::Number),
        Field::Industry => text(&p.industry),
        Field::Country => text(&p.country),
        Field::JobTitle => text(&p.job_title),
        Field::Seniority => p.seniority.map_or(Seen::Missing, Seen::Level),
        Field::EmailDomain => text(&p.email_domain),
        Field::Custom(name) => match p.custom.get(name) {
            None => Seen::Missing,
            Some(Value::Text(t)) => Seen::Text(t),
            Some(Value::Number(n)) => Seen::Number(*n),
            Some(Value::Bool(b)) => Seen::Flag(*b),
        },
    };
    let listed: &[String] = match condition {
        Condition::Present => return !matches!(seen, Seen::Missing),
        Condition::Absent => return matches!(seen, Seen::Missing),
        Condition::Range { min, max } => {
            let Seen::Number(n) = seen else { return false };
            return min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
        }
        Condition::Equals(v) => std::slice::from_ref(v),
        Condition::OneOf(vs) => vs,
        text => {
            let Seen::Text(t) = seen else { return false };
            return text_condition(text, t);
        }
    };
    listed.iter().any(|v| match seen {
        Seen::Missing => false,
        Seen::Text(t) => {
            !matches!(field, Field::Employees | Field::AnnualRevenue) && t.eq_ignore_ascii_case(v)
        }
        Seen::Number(n) => v.parse::<Decimal>().is_ok_and(|v| v == n),
        Seen::Flag(b) => v.eq_ignore_ascii_case(if b { "true" } else { "false" }),
        Seen::Level(l) => l.as_str().eq_ignore_ascii_case(v),
    })
}

/// Whether a text condition holds for `t`, as `Condition`'s docs state it, the slow way:
/// words are the runs of letters and digits, compared ignoring ASCII case; starts and ends
/// by ASCII-case-blind comparison of the bytes; a domain (after the last `@`, one trailing
/// dot ignored) equal to a listed one or ending in a dot and it.
fn text_condition(condition: &Condition, t: &str) -> bool {
    let blind = |a: &[u8], b: &[u8]| a.eq_ignore_ascii_case(b);
    match condition {
        Condition::ContainsWord(words) => t
            .split(|c: char| !c.is_alphanumeric())
            .any(|token| words.iter().any(|w| blind(token.as_bytes(), w.as_bytes()))),
        Condition::StartsWith(starts) => starts.iter().any(|v| {
            t.as_bytes()
                .get(..v.len())
                .is_some_and(|head| blind(head, v.as_bytes()))
        }),
        Condition::EndsWith(ends) => ends.iter().any(|v| {
            let at = t.len().checked_sub(v.len());
            at.and_then(|at| t.as_bytes().get(at..))
                .is_some_and(|tail| blind(tail, v.as_bytes()))
        }),
        Condition::DomainIn(domains) => {
            let domain = t.rsplit('@').next().unwrap_or(t);
            let domain = domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase();
            domains.iter().any(|d| {
                let d = d.to_ascii_lowercase();
                domain == d || domain.ends_with(&format!(".{d}"))
            })
        }
        other => panic!("not a text condition: {other:?}"),
    }
}

/// The fit score, criteria met and knockouts hit of `p` by the reference evaluator.
fn reference_fit(spec: &PolicySpec, p: &Profile) -> (Decimal, u32, u32) {
    let mut score = Decimal::ZERO;
    let mut met = 0;
    for c in &spec.fit.criteria {
        if reference(&c.field, &c.condition, p) {
            score += c.weight;
            met += 1;
        }
    }
    let knocked = spec
        .fit
        .knockouts
        .iter()
        .filter(|k| reference(&k.field, &k.condition, p))
        .count();
    (score.normalize(), met, knocked as u32)
}

/// The numbers and texts `spec`'s conditions name, each text also in upper case: values
/// on the edge of every rule.
fn named(spec: &PolicySpec) -> (Vec<Decimal>, Vec<String>) {
    let conditions = spec.fit.criteria.iter().map(|c| &c.condition);
    let conditions = conditions.chain(spec.fit.knockouts.iter().map(|k| &k.condition));
    let (mut numbers, mut texts) = (vec![Decimal::ZERO], vec!["none".to_owned()]);
    for condition in conditions {
        match condition {
            Condition::Range { min, max } => numbers.extend(min.iter().chain(max)),
            Condition::Equals(v) => texts.push(v.clone()),
            Condition::OneOf(vs) => texts.extend(vs.iter().cloned()),
            // Texts on either side of each value's edge.
            Condition::ContainsWord(vs) => {
                for v in vs {
                    texts.extend([format!("Senior {v}-lead"), format!("{v}s"), format!("x{v} y")]);
                }
            }
            Condition::StartsWith(vs) => {
                for v in vs {
                    texts.extend([format!("{v} of x"), format!("x{v}"), v.chars().skip(1).collect()]);
                }
            }
            Condition::EndsWith(vs) => {
                for v in vs {
                    texts.extend([format!("x {v}"), format!("{v}x")]);
                }
            }
            Condition::DomainIn(vs) => {
                for v in vs {
                    texts.extend([
                        format!("ada@eu.{v}"),
                        format!("{v}."),
                        format!("not{v}"),
                        format!("{v}@x.example"),
                        format!("a@b@{v}"),
                    ]);
                }
            }
            _ => {}
        }
    }
    numbers.extend(texts.iter().filter_map(|t| t.parse::<Decimal>().ok()));
    let upper: Vec<String> = texts.iter().map(|t| t.to_uppercase()).collect();
    texts.extend(upper);
    (numbers, texts)
}

/// Profiles whose values are, half the time, the numbers and texts `spec` names (and the
/// numbers next to them), else the words policies use.
fn profiles_for(spec: &PolicySpec) -> BoxedStrategy<Profile> {
    let (numbers, texts) = named(spec);
    let text = prop_oneof![select(texts), strategy::words()].boxed();
    let near = select(numbers).prop_flat_map(|n| {
        let step = Decimal::new(1, n.scale().max(1));
        select(vec![n, n - step, n + step, n.trunc(), n.ceil()])
    });
    let number = prop_oneof![
        near,
        (0_u32..=3_000).prop_map(Decimal::from),
        strategy::decimals()
    ]
    .boxed();
    let value = prop_oneof![
        text.clone().prop_map(Value::Text),
        number.clone().prop_map(Value::Number),
        any::<bool>().prop_map(Value::Bool),
    ];
    let custom = proptest::collection::btree_map(
        select(&["crm_plan", "seats", "partner", "competitor", "region", "other"][..])
            .prop_map(str::to_owned),
        value,
        0..5,
    );
    let word = || option::of(text.clone());
    let employees = number
        .clone()
        .prop_map(|n| u32::try_from(n.trunc()).unwrap_or(n.is_sign_positive() as u32 * u32::MAX));
    (
        option::of(employees),
        option::of(number),
        (word(), word(), word(), word()),
        option::of(strategy::seniorities()),
        custom,
    )
        .prop_map(
            |(employees, revenue, (industry, country, title, domain), seniority, custom)| {
                let mut p = Profile::new();
                p.employees = employees;
                p.annual_revenue = revenue;
                p.industry = industry;
                p.country = country;
                p.job_title = title;
                p.seniority = seniority;
                p.email_domain = domain;
                p.custom = custom;
                p
            },
        )
        .boxed()
}

/// A policy with profiles for it.
fn policy_and<T: std::fmt::Debug>(
    of: impl Fn(&Policy) -> BoxedStrategy<T> + 'static,
) -> BoxedStrategy<(Policy, T)> {
    strategy::policies()
        .prop_flat_map(move |policy| {
            let values = of(&policy);
            (Just(policy), values)
        })
        .boxed()
}

fn leads(policy: &Policy, max: usize) -> BoxedStrategy<Vec<(Profile, Vec<Signal>)>> {
    let from = now().checked_sub_days(400).unwrap();
    let signals = strategy::signals(from, now().checked_add_days(5).unwrap(), 4);
    vec((profiles_for(policy.spec()), signals), 0..max).boxed()
}

/// Which fields the host gives a column for: the others are missing for every lead.
fn given() -> impl Strategy<Value = [bool; 8]> {
    any::<[bool; 8]>()
}

/// `p` without the fields the host gave no column for.
fn without(p: &Profile, given: &[bool; 8]) -> Profile {
    let mut p = p.clone();
    let keep = |on: bool, f: &mut dyn FnMut()| {
        if !on {
            f()
        }
    };
    keep(given[0], &mut || p.employees = None);
    keep(given[1], &mut || p.annual_revenue = None);
    keep(given[2], &mut || p.industry = None);
    keep(given[3], &mut || p.country = None);
    keep(given[4], &mut || p.job_title = None);
    keep(given[5], &mut || p.seniority = None);
    keep(given[6], &mut || p.custom.clear());
    keep(given[7], &mut || p.email_domain = None);
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var("CI").is_ok() { 96 } else { 256 }))]

    /// The engine scores every condition kind as the policy documents it.
    #[test]
    fn assess_scores_as_the_conditions_read(
        (policy, profiles) in policy_and(|p| vec(profiles_for(p.spec()), 1..8).boxed()),
    ) {
      for profile in &profiles {
        let profile = profile.clone();
        let a = policy.assess(&profile, &[], now());
        let (score, met, knocked) = reference_fit(policy.spec(), &profile);
        prop_assert_eq!((a.fit_score(), a.criteria_met(), a.knockouts_hit()), (score, met, knocked));
      }
    }

    /// Every text condition matches any text, hostile or not, as its documentation reads,
    /// in rows and batches too: words, starts and ends of any printable characters (the
    /// value itself sometimes built around one of them), domains of random labels.
    #[test]
    fn text_conditions_match_any_text_as_documented(
        words in vec("[\\p{L}\\p{N}]{1,6}", 1..4),
        affixes in vec("\\PC{1,6}", 1..4),
        domains in vec("[a-zA-Z0-9]{1,4}(\\.[a-zA-Z0-9]{1,4}){0,2}", 1..4),
        values in vec(("\\PC{0,12}", 0_usize..4, "\\PC{0,12}", any::<bool>()), 1..12),
    ) {
        let spec = {
            let mut spec = PolicySpec::default();
            spec.fit.criteria = vec![
                CriterionSpec::new("word", Field::JobTitle, Condition::ContainsWord(words.clone()), 1),
                CriterionSpec::new("start", Field::JobTitle, Condition::StartsWith(affixes.clone()), 1),
                CriterionSpec::new("end", Field::JobTitle, Condition::EndsWith(affixes.clone()), 1),
                CriterionSpec::new("domain", Field::JobTitle, Condition::DomainIn(domains.clone()), 1),
            ];
            spec.fit.knockouts.clear();
            spec.fit.pass.min_met = Some(0);
            spec
        };
        let policy = Policy::new(spec).unwrap();
        let mut builder = BatchBuilder::new(&policy);
        let mut profiles = Vec::new();
        for (before, pick, after, upper) in &values {
            // Around a listed value, in either case, or as it came.
            let inner = match pick {
                0 => words[0].clone(),
                1 => affixes[0].clone(),
                2 => format!("@{}", domains[0]),
                _ => String::new(),
            };
            let inner = if *upper { inner.to_uppercase() } else { inner };
            let title = format!("{before}{inner}{after}");
            let p = Profile::new().job_title(title);
            builder.push_profile(&p, &[]);
            profiles.push(p);
        }
        let mut out = Vec::new();
        policy.assess_batch(&builder.batch(), now(), &mut out)?;
        for (p, batch) in profiles.iter().zip(&out) {
            let a = policy.assess(p, &[], now());
            let (_, met, _) = reference_fit(policy.spec(), p);
            prop_assert_eq!(a.criteria_met(), met, "{:?}", p.job_title);
            prop_assert_eq!(batch, &a);
            prop_assert_eq!(policy.explain(p, &[], now()).fit.met, met);
        }
    }

    /// A row scores as the profile it was read from, and refilling a row forgets the last.
    #[test]
    fn a_row_scores_as_its_profile((policy, leads) in policy_and(|p| leads(p, 6))) {
        let mut row = policy.row();
        for (profile, signals) in &leads {
            row.fill(profile);
            prop_assert_eq!(policy.assess_row(&row, signals, now())?, policy.assess(profile, signals, now()));
            prop_assert_eq!(&row, &policy.row_of(profile));
        }
    }

    /// A batch from a builder, from rows, and from the host's own columns scores every lead
    /// as `assess` does, across stretches of the kernel (256 leads).
    #[test]
    fn a_batch_scores_every_lead_as_assess_does(
        (policy, leads) in policy_and(|p| prop_oneof![4 => leads(p, 40), 1 => leads(p, 600)].boxed()),
        given in given(),
        dictionary in any::<bool>(),
    ) {
        let now = now();
        let want: Vec<_> = leads.iter().map(|(p, s)| policy.assess(p, s, now)).collect();
        let mut out = Vec::new();

        let mut builder = BatchBuilder::new(&policy);
        for (p, s) in &leads {
            builder.push_profile(p, s);
        }
        policy.assess_batch(&builder.batch(), now, &mut out)?;
        prop_assert_eq!(&out, &want);

        builder.clear();
        for (p, s) in &leads {
            builder.push_row(&policy.row_of(p), s)?;
        }
        policy.assess_batch(&builder.batch(), now, &mut out)?;
        prop_assert_eq!(&out, &want);

        // The host's columns, some fields left out.
        let employees: Vec<_> = leads.iter().map(|(p, _)| p.employees).collect();
        let revenue: Vec<_> = leads.iter().map(|(p, _)| p.annual_revenue).collect();
        let industry: Vec<_> = leads.iter().map(|(p, _)| p.industry.clone()).collect();
        let country: Vec<_> = leads.iter().map(|(p, _)| p.country.as_deref()).collect();
        let title: Vec<_> = leads.iter().map(|(p, _)| p.job_title.clone()).collect();
        let seniority: Vec<_> = leads.iter().map(|(p, _)| p.seniority).collect();
        let domain: Vec<_> = leads.iter().map(|(p, _)| p.email_domain.as_deref()).collect();
        let signals: Vec<_> = leads.iter().map(|(_, s)| s.clone()).collect();
        let names: Vec<String> = policy
            .fields()
            .filter_map(|f| match f { Field::Custom(n) => Some(n), _ => None })
            .collect();
        let custom: Vec<Vec<Option<Value>>> = names
            .iter()
            .map(|n| leads.iter().map(|(p, _)| p.custom.get(n).cloned()).collect())
            .collect();
        // The industry and the domain as dictionaries: distinct values, each lead a key.
        let mut values: Vec<&str> = industry.iter().flatten().map(String::as_str).collect();
        values.sort_unstable();
        values.dedup();
        let keys: Vec<Option<u16>> = industry
            .iter()
            .map(|i| i.as_deref().map(|i| values.binary_search(&i).unwrap() as u16))
            .collect();
        let mut domains: Vec<&str> = domain.iter().flatten().copied().collect();
        domains.sort_unstable();
        domains.dedup();
        let domain_keys: Vec<Option<u32>> = domain
            .iter()
            .map(|d| d.map(|d| domains.binary_search(&d).unwrap() as u32))
            .collect();

        let mut batch = Batch::new(&policy, leads.len());
        batch.signals(&signals)?;
        if given[0] { batch.column(&Field::Employees, Column::integers(&employees))?; }
        if given[1] { batch.column(&Field::AnnualRevenue, Column::numbers(&revenue))?; }
        if given[2] {
            let column = if dictionary { Column::dictionary(&keys, &values) } else { Column::text(&industry) };
            batch.column(&Field::Industry, column)?;
        }
        if given[3] { batch.column(&Field::Country, Column::text(&country))?; }
        if given[4] { batch.column(&Field::JobTitle, Column::text(&title))?; }
        if given[5] { batch.column(&Field::Seniority, Column::seniority(&seniority))?; }
        if given[6] {
            for (name, column) in names.iter().zip(&custom) {
                batch.column(&Field::Custom(name.clone()), Column::values(column))?;
            }
        }
        if given[7] {
            let column = if dictionary { Column::dictionary(&domain_keys, &domains) } else { Column::text(&domain) };
            batch.column(&Field::EmailDomain, column)?;
        }
        policy.assess_batch(&batch, now, &mut out)?;
        for (i, (p, s)) in leads.iter().enumerate() {
            prop_assert_eq!(out[i], policy.assess(&without(p, &given), s, now), "lead {}", i);
        }
    }
}

/// The ten-criterion policy of the benchmarks, less its engagement: a custom text, a custom
/// range, a title set and a country set on top of the default policy's criteria.
fn ten_criteria() -> Policy {
    let mut spec = Policy::default().spec().clone();
    spec.version = "ten".into();
    spec.fit.criteria.extend([
        CriterionSpec::new(
            "plan",
            Field::Custom("crm_plan".into()),
            Condition::Equals("enterprise".into()),
            Decimal::from(5),
        ),
        CriterionSpec::new(
            "seats",
            Field::Custom("seats".into()),
            Condition::Range {
                min: Some(Decimal::from(50)),
                max: Some(Decimal::from(5_000)),
            },
            Decimal::new(75, 1),
        ),
    ]);
    Policy::new(spec).unwrap()
}

#[test]
fn a_row_is_refused_by_a_policy_that_reads_other_fields_and_accepted_by_a_reweighted_one() {
    let (default, ten) = (Policy::default(), ten_criteria());
    let profile = Profile::new().employees(2_400).industry("software");
    let row = default.row_of(&profile);
    assert_eq!(
        ten.assess_row(&row, &[], now()).unwrap_err(),
        BatchError::OtherPolicy {
            built_for: "qualify-default-2026-12".into(),
            policy: "ten".into()
        }
    );
    assert_eq!(
        ten.assess_row(&row, &[], now()).unwrap_err().to_string(),
        "built for policy \"qualify-default-2026-12\", which reads other fields or values than policy \"ten\""
    );
    let mut batch = BatchBuilder::new(&default);
    batch.push_row(&row, &[]).unwrap();
    assert!(matches!(
        ten.assess_batch(&batch.batch(), now(), &mut Vec::new()),
        Err(BatchError::OtherPolicy { .. })
    ));
    assert!(BatchBuilder::new(&ten).push_row(&row, &[]).is_err());

    // The same fields and values with other weights and signal points read the row and
    // the builder's batch as they are, scored by the new weights and points.
    let mut spec = default.spec().clone();
    spec.version = "reweighted".into();
    spec.fit.criteria[1].weight = "33".parse().unwrap();
    for rule in &mut spec.engagement.signals {
        rule.points += Decimal::ONE;
    }
    spec.engagement.signals.push(qualify::SignalRule::new(
        SignalKind::Custom("g2_review".into()),
        Decimal::from(7),
    ));
    let reweighted = Policy::new(spec).unwrap();
    assert_eq!(
        reweighted.assess_row(&row, &[], now()).unwrap(),
        reweighted.assess(&profile, &[], now())
    );
    assert_ne!(
        reweighted.assess(&profile, &[], now()),
        default.assess(&profile, &[], now())
    );
    let signals = [
        Signal::new(SignalKind::DemoRequest, now()),
        Signal::new(SignalKind::Custom("g2_review".into()), now()),
        Signal::new(SignalKind::Custom("podcast".into()), now()),
    ];
    let mut builder = BatchBuilder::new(&default);
    builder.push_row(&row, &signals).unwrap();
    builder.push_profile(&profile, &signals[1..]);
    let mut out = Vec::new();
    reweighted
        .assess_batch(&builder.batch(), now(), &mut out)
        .unwrap();
    assert_eq!(
        out,
        [
            reweighted.assess(&profile, &signals, now()),
            reweighted.assess(&profile, &signals[1..], now())
        ]
    );
    assert_ne!(
        out[0].engagement_score(),
        default.assess(&profile, &signals, now()).engagement_score()
    );
}

#[test]
fn a_slot_sets_its_field_and_refuses_a_value_the_field_does_not_take() {
    let policy = ten_criteria();
    let now = now();
    let mut row = policy.row();
    let seats = policy.slot(&Field::Custom("seats".into())).unwrap();
    let plan = policy.slot(&Field::Custom("crm_plan".into())).unwrap();
    let employees = policy.slot(&Field::Employees).unwrap();
    assert_eq!(seats.field(), Field::Custom("seats".into()));
    assert!(policy.slot(&Field::Custom("nobody reads this".into())).is_none());

    row.set(&seats, 240_i64).unwrap();
    row.set(&plan, "Enterprise").unwrap();
    row.set(&employees, Cell::Number("2400.0".parse().unwrap()))
        .unwrap();
    let profile = Profile::new()
        .employees(2_400)
        .custom("seats", 240)
        .custom("crm_plan", "enterprise");
    assert_eq!(
        policy.assess_row(&row, &[], now).unwrap(),
        policy.assess(&profile, &[], now)
    );

    let err = row.set(&employees, "many").unwrap_err();
    assert_eq!(err.to_string(), "employees takes a number");
    let industry = policy.slot(&Field::Industry).unwrap();
    assert_eq!(
        row.set(&industry, true).unwrap_err().to_string(),
        "industry takes text"
    );
    // A slot of a policy that reads other fields is refused.
    let other = Policy::default().slot(&Field::Employees).unwrap();
    assert!(matches!(
        row.set(&other, 5_u32),
        Err(BatchError::OtherPolicy { .. })
    ));
    // The refused sets changed nothing.
    assert_eq!(
        policy.assess_row(&row, &[], now).unwrap(),
        policy.assess(&profile, &[], now)
    );
    row.clear();
    assert_eq!(
        policy.assess_row(&row, &[], now).unwrap(),
        policy.assess(&Profile::new(), &[], now)
    );
}

#[test]
fn a_batch_refuses_columns_of_another_length_or_kind_and_ignores_fields_no_rule_reads() {
    let policy = Policy::default();
    let employees = [Some(5_u32), None];
    let texts = [Some("a"), None, Some("b")];
    let flags = [Some(true), None];
    let signals = [Signal::new(SignalKind::DemoRequest, now())];
    let mut batch = Batch::new(&policy, 2);
    assert_eq!(
        batch
            .column(&Field::Industry, Column::text(&texts))
            .unwrap_err()
            .to_string(),
        "industry has 3 leads, the batch 2"
    );
    assert_eq!(
        batch
            .column(&Field::Industry, Column::integers(&employees))
            .unwrap_err(),
        BatchError::Type {
            field: Field::Industry,
            expected: "text"
        }
    );
    assert!(
        batch
            .column(&Field::Custom("unread".into()), Column::flags(&flags))
            .is_ok()
    );
    assert_eq!(
        batch.signal_runs(&signals, &[1, 0]).unwrap_err().to_string(),
        "signal ends must rise and stay within the 1 signals; lead 1 ends at 0"
    );
    assert!(batch.signal_runs(&signals, &[0, 2]).is_err());
    batch.signal_runs(&signals, &[0, 1]).unwrap();
    batch
        .column(&Field::Employees, Column::integers(&employees))
        .unwrap();
    let mut out = vec![];
    policy.assess_batch(&batch, now(), &mut out).unwrap();
    let with = |n: Option<u32>| {
        let mut p = Profile::new();
        p.employees = n;
        p
    };
    assert_eq!(
        out,
        [
            policy.assess(&with(Some(5)), &[], now()),
            policy.assess(&with(None), &signals, now())
        ]
    );
}

#[test]
fn a_seniority_column_reads_names_and_labels_and_other_text_and_a_key_beyond_it_as_missing() {
    // A policy that tells a present seniority from a missing one.
    let mut spec = Policy::default().spec().clone();
    spec.fit.criteria.push(CriterionSpec::new(
        "has a seniority",
        Field::Seniority,
        Condition::Present,
        Decimal::from(5),
    ));
    spec.fit.knockouts.push(qualify::KnockoutSpec::new(
        "no seniority",
        Field::Seniority,
        Condition::Absent,
    ));
    let policy = Policy::new(spec).unwrap();
    let now = now();
    let names = [Some("vice_president"), Some("Vice President"), Some("VP"), None];
    let keys = [Some(0_u8), Some(1), Some(9), None];
    let values = ["Software", "retail"];
    let mut batch = Batch::new(&policy, 4);
    batch.column(&Field::Seniority, Column::text(&names)).unwrap();
    batch
        .column(&Field::Industry, Column::dictionary(&keys, &values))
        .unwrap();
    let mut out = vec![];
    policy.assess_batch(&batch, now, &mut out).unwrap();
    let vp = Profile::new().seniority(Seniority::VicePresident);
    assert_eq!(out[0], policy.assess(&vp.clone().industry("Software"), &[], now));
    assert_eq!(out[1], policy.assess(&vp.industry("retail"), &[], now));
    // "VP" names no level and key 9 no value: both are missing, as a profile without them.
    assert_eq!(out[2], policy.assess(&Profile::new(), &[], now));
    assert_eq!((out[2].knockouts_hit(), out[0].knockouts_hit()), (1, 0));
    assert_eq!(out[3], policy.assess(&Profile::new(), &[], now));
    // A row reads seniority text the same way.
    let level = policy.slot(&Field::Seniority).unwrap();
    let mut row = policy.row();
    row.set(&level, "director").unwrap();
    assert_eq!(
        policy.assess_row(&row, &[], now).unwrap(),
        policy.assess(&Profile::new().seniority(Seniority::Director), &[], now)
    );
    row.set(&level, "VP").unwrap();
    assert_eq!(policy.assess_row(&row, &[], now).unwrap(), out[3]);
}

#[test]
fn batches_rows_and_builders_cross_threads_and_debug_briefly() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Batch<'static>>();
    send_sync::<Column<'static>>();
    send_sync::<qualify::batch::Row>();
    send_sync::<qualify::batch::Slot>();
    send_sync::<BatchBuilder>();
    let policy = Policy::default();
    let row = policy.row_of(&Profile::new().employees(12));
    let shown = format!("{row:?}");
    assert!(
        shown.starts_with("Row { policy: \"qualify-default-2026-12\", codes: ["),
        "{shown}"
    );
    assert!(shown.len() < 200, "{shown}");
    let slot = policy.slot(&Field::Employees).unwrap();
    assert_eq!(
        format!("{slot:?}"),
        "Slot { policy: \"qualify-default-2026-12\", field: Employees }"
    );
}

#[test]
fn a_policy_at_every_limit_compiles() {
    // 64 criteria and 64 knockouts on one field, each naming 256 numbers, and ranges: the
    // code table is built from each rule's own codes, not by testing every rule on every
    // code (which took hours here).
    use qualify::{KnockoutSpec, limits};
    let mut spec = Policy::default().spec().clone();
    let numbers = |r: usize| -> Vec<String> {
        (0..limits::MAX_SET_SIZE)
            .map(|i| format!("{}.{}", r * 1_000 + i, i % 7))
            .collect()
    };
    let field = Field::Custom("seats".into());
    spec.fit.criteria = (0..limits::MAX_CRITERIA)
        .map(|r| {
            let condition = if r % 8 == 0 {
                Condition::Range {
                    min: Some(Decimal::from(r * 1_000 + 500)),
                    max: Some(Decimal::from(r * 1_000 + 600)),
                }
            } else {
                Condition::OneOf(numbers(r))
            };
            CriterionSpec::new(format!("c{r}"), field.clone(), condition, Decimal::ONE)
        })
        .collect();
    spec.fit.knockouts = (0..limits::MAX_KNOCKOUTS)
        .map(|r| KnockoutSpec::new(format!("k{r}"), field.clone(), Condition::OneOf(numbers(r + 64))))
        .collect();
    spec.fit.pass.min_met = Some(1);
    let policy = Policy::new(spec).unwrap();
    let now = now();
    let p = |n: &str| Profile::new().custom("seats", Value::Number(n.parse().unwrap()));
    // 1003.3 is listed by criterion 1; 64,003.3 by knockout 0; 8,500 lies in criterion 8's
    // range.
    assert_eq!(policy.assess(&p("1003.3"), &[], now).criteria_met(), 1);
    assert_eq!(policy.assess(&p("64003.3"), &[], now).knockouts_hit(), 1);
    let e = policy.explain(&p("8500"), &[], now);
    let met: Vec<_> = e
        .fit
        .criteria()
        .filter(|c| c.met)
        .map(|c| c.name.to_string())
        .collect();
    assert_eq!(met, ["c8"]);
    assert_eq!(policy.assess(&p("1003.4"), &[], now).criteria_met(), 0);
}

/// The default policy with a yes/no custom criterion: partners fit.
fn with_partner() -> Policy {
    let mut spec = Policy::default().spec().clone();
    spec.version = "partners".into();
    spec.fit.criteria.push(CriterionSpec::new(
        "partner",
        Field::Custom("partner".into()),
        Condition::Equals("true".into()),
        Decimal::from(5),
    ));
    Policy::new(spec).unwrap()
}

#[test]
fn every_kind_of_cell_sets_a_row_as_the_profile_would() {
    let policy = with_partner();
    let now = now();
    let (partner, seniority, employees) = (
        policy.slot(&Field::Custom("partner".into())).unwrap(),
        policy.slot(&Field::Seniority).unwrap(),
        policy.slot(&Field::Employees).unwrap(),
    );
    let profile = Profile::new()
        .employees(2_400)
        .seniority(Seniority::CLevel)
        .custom("partner", Value::Bool(true));
    let mut row = policy.row_of(&profile);
    assert_eq!(row, policy.row_of(&profile));
    assert_eq!(row.policy_version(), "partners");
    // A flag and a level set as the profile holds them, and a missing value clears one.
    let mut set = policy.row();
    set.set(&partner, Cell::Flag(true)).unwrap();
    set.set(&seniority, Cell::Seniority(Seniority::CLevel)).unwrap();
    set.set(&employees, Cell::Integer(2_400)).unwrap();
    assert_eq!(set, row);
    assert_eq!(
        policy.assess_row(&set, &[], now).unwrap(),
        policy.assess(&profile, &[], now)
    );
    set.set(&partner, Cell::Missing).unwrap();
    assert_ne!(set, row);
    let without = Profile::new().employees(2_400).seniority(Seniority::CLevel);
    assert_eq!(
        policy.assess_row(&set, &[], now).unwrap(),
        policy.assess(&without, &[], now)
    );
    // Rows of one policy with other values differ; so do rows of a policy that reads other
    // fields, with the same values.
    row.set(&employees, Cell::Integer(5)).unwrap();
    assert_ne!(row, policy.row_of(&profile));
    assert_ne!(Policy::default().row_of(&profile), policy.row_of(&profile));
}

#[test]
fn a_flag_column_scores_as_the_profiles_flags_do() {
    let policy = with_partner();
    let now = now();
    let flags = [Some(true), Some(false), None];
    let mut batch = Batch::new(&policy, flags.len());
    assert_eq!((batch.len(), batch.is_empty()), (3, false));
    batch
        .column(&Field::Custom("partner".into()), Column::flags(&flags))
        .unwrap();
    let mut out = Vec::new();
    policy.assess_batch(&batch, now, &mut out).unwrap();
    let expected: Vec<_> = flags
        .iter()
        .map(|f| {
            let mut p = Profile::new();
            if let Some(b) = f {
                p = p.custom("partner", Value::Bool(*b));
            }
            policy.assess(&p, &[], now)
        })
        .collect();
    assert_eq!(out, expected);
    assert_ne!(out[0], out[1], "a partner scores its criterion");
}

#[test]
fn batches_columns_and_builders_say_what_they_hold() {
    let policy = Policy::default();
    let empty = Batch::new(&policy, 0);
    assert_eq!((empty.len(), empty.is_empty()), (0, true));
    let flags = [Some(true), None];
    let column = Column::flags(&flags);
    assert_eq!((column.len(), column.is_empty()), (2, false));
    let none: [Option<bool>; 0] = [];
    assert!(Column::flags(&none).is_empty());
    assert_eq!(format!("{column:?}"), r#"Column { holds: "flags", len: 2 }"#);
    let numbers = [Some(Decimal::ONE)];
    assert_eq!(
        format!("{:?}", Column::numbers(&numbers)),
        r#"Column { holds: "numbers", len: 1 }"#
    );
    let industry = [Some("software"), None];
    let mut batch = Batch::new(&policy, 2);
    batch.column(&Field::Industry, Column::text(&industry)).unwrap();
    assert_eq!(
        format!("{batch:?}"),
        r#"Batch { policy: "qualify-default-2026-12", len: 2, columns: 1 }"#
    );
    let mut builder = BatchBuilder::new(&policy);
    assert!(builder.is_empty());
    builder.push_profile(&Profile::new(), &[Signal::new(SignalKind::DemoRequest, now())]);
    assert!(!builder.is_empty());
    assert_eq!(
        format!("{builder:?}"),
        r#"BatchBuilder { policy: "qualify-default-2026-12", leads: 1, signals: 1 }"#
    );
}

#[cfg(feature = "arrow")]
mod arrow {
    use std::sync::Arc;

    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Int16Type, UInt8Type};
    use arrow_array::{
        Array, ArrayRef, BooleanArray, Decimal128Array, DictionaryArray, Float64Array, Int64Array,
        LargeStringArray, RecordBatch, StringArray, StringViewArray, UInt32Array,
    };
    use proptest::prelude::*;
    use qualify::batch::arrow::field_named;
    use qualify::batch::{Batch, BatchError, arrow as qarrow};
    use qualify::{Decimal, Field, Policy, Profile, Value};

    use super::{leads, now, policy_and};

    /// A text column in one of Arrow's five layouts.
    fn texts(values: &[Option<&str>], layout: u8) -> ArrayRef {
        let values = values.to_vec();
        match layout % 5 {
            0 => Arc::new(StringArray::from(values)),
            1 => Arc::new(LargeStringArray::from(values)),
            2 => Arc::new(StringViewArray::from(values)),
            3 => Arc::new(values.into_iter().collect::<DictionaryArray<Int16Type>>()),
            _ => {
                let keys: DictionaryArray<UInt8Type> = values.iter().copied().collect();
                let view = StringViewArray::from_iter(keys.values().as_string::<i32>().iter());
                Arc::new(DictionaryArray::new(keys.keys().clone(), Arc::new(view)))
            }
        }
    }

    /// Numbers as `Decimal128` at the largest scale among them, if they all fit.
    fn decimals(values: &[Option<Decimal>]) -> Option<ArrayRef> {
        let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0);
        let raw: Option<Vec<Option<i128>>> = values
            .iter()
            .map(|v| match v {
                None => Some(None),
                Some(n) => n
                    .mantissa()
                    .checked_mul(10_i128.checked_pow(scale - n.scale())?)
                    .map(Some),
            })
            .collect();
        let array = Decimal128Array::from(raw?)
            .with_precision_and_scale(38, scale as i8)
            .ok()?;
        Some(Arc::new(array))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(if std::env::var("CI").is_ok() { 64 } else { 256 }))]

        /// Arrow columns of every layout score as `assess` does, nulls as missing values.
        #[test]
        fn arrow_columns_score_as_assess_does(
            (policy, leads) in policy_and(|p| prop_oneof![4 => leads(p, 40), 1 => leads(p, 400)].boxed()),
            layouts in any::<[u8; 4]>(),
        ) {
            let now = now();
            let mut expected: Vec<Profile> = leads.iter().map(|(p, _)| p.clone()).collect();
            let employees = UInt32Array::from(leads.iter().map(|(p, _)| p.employees).collect::<Vec<_>>());
            let revenue: Vec<_> = leads.iter().map(|(p, _)| p.annual_revenue).collect();
            let revenue = decimals(&revenue);
            if revenue.is_none() {
                expected.iter_mut().for_each(|p| p.annual_revenue = None);
            }
            let text = |f: fn(&Profile) -> &Option<String>, layout| {
                let v: Vec<Option<&str>> = leads.iter().map(|(p, _)| f(p).as_deref()).collect();
                texts(&v, layout)
            };
            let industry = text(|p| &p.industry, layouts[0]);
            let country = text(|p| &p.country, layouts[1]);
            let title = text(|p| &p.job_title, layouts[2]);
            let domain = text(|p| &p.email_domain, layouts[3] ^ layouts[0]);
            let seniority: Vec<Option<&str>> = leads.iter().map(|(p, _)| p.seniority.map(|s| s.as_str())).collect();
            let seniority = texts(&seniority, layouts[3]);

            // A custom attribute's column holds one type: the first lead's; other values
            // are left out (and so missing).
            let mut custom: Vec<(String, ArrayRef)> = Vec::new();
            for field in policy.fields() {
                let Field::Custom(name) = field else { continue };
                let values: Vec<Option<&Value>> = leads.iter().map(|(p, _)| p.custom.get(&name)).collect();
                let keep = |v: &&Value, first: &Value| std::mem::discriminant(*v) == std::mem::discriminant(first);
                let Some(first) = values.iter().flatten().next().copied() else { continue };
                for p in expected.iter_mut() {
                    if p.custom.get(&name).is_some_and(|v| !keep(&v, first)) {
                        p.custom.remove(&name);
                    }
                }
                let kept = values.iter().map(|v| v.filter(|v| keep(v, first)));
                let array: ArrayRef = match first {
                    Value::Text(_) => {
                        let t: Vec<Option<&str>> = kept.map(|v| match v { Some(Value::Text(t)) => Some(t.as_str()), _ => None }).collect();
                        texts(&t, layouts[0] ^ layouts[1])
                    }
                    Value::Bool(_) => Arc::new(BooleanArray::from(kept.map(|v| match v { Some(Value::Bool(b)) => Some(*b), _ => None }).collect::<Vec<_>>())),
                    Value::Number(_) => {
                        let n: Vec<Option<Decimal>> = kept.map(|v| match v { Some(Value::Number(n)) => Some(*n), _ => None }).collect();
                        match decimals(&n) {
                            Some(array) => array,
                            None => {
                                expected.iter_mut().for_each(|p| { p.custom.remove(&name); });
                                continue;
                            }
                        }
                    }
                };
                custom.push((name, array));
            }
            let mut columns: Vec<(&str, ArrayRef)> = vec![
                ("employees", Arc::new(employees)),
                ("industry", industry),
                ("country", country),
                ("job_title", title),
                ("email_domain", domain),
                ("seniority", seniority),
            ];
            if let Some(revenue) = revenue {
                columns.push(("annual_revenue", revenue));
            }
            columns.extend(custom.iter().map(|(n, a)| (n.as_str(), a.clone())));
            let signals: Vec<_> = leads.iter().map(|(_, s)| s.clone()).collect();
            let mut out = Vec::new();
            let table = RecordBatch::try_from_iter(columns).unwrap();
            let mut batch = Batch::from_record_batch(&policy, &table)?;
            batch.signals(&signals)?;
            policy.assess_batch(&batch, now, &mut out)?;
            for (i, p) in expected.iter().enumerate() {
                prop_assert_eq!(out[i], policy.assess(p, &leads[i].1, now), "lead {}", i);
            }

            let scored = qarrow::record_batch(&out).unwrap();
            let fit = scored.column(0).as_primitive::<Decimal128Type>();
            let met = scored.column(1).as_primitive::<arrow_array::types::UInt32Type>();
            let tier = scored.column(6).as_string::<i32>();
            for (i, a) in out.iter().enumerate() {
                prop_assert_eq!(Decimal::from_i128_with_scale(fit.value(i), 4), a.fit_score());
                prop_assert_eq!(met.value(i), a.criteria_met());
                prop_assert_eq!(tier.is_null(i), a.tier().is_none());
                if let Some(t) = a.tier() {
                    prop_assert_eq!(tier.value(i), t.to_string());
                }
            }
        }
    }

    #[test]
    fn columns_are_named_as_fields_are_written() {
        for field in Field::KNOWN {
            assert_eq!(field_named(&field.to_string()), field);
        }
        assert_eq!(field_named("custom.employees"), Field::Custom("employees".into()));
        assert_eq!(field_named("crm_plan"), Field::Custom("crm_plan".into()));
    }

    #[test]
    fn floats_and_other_types_are_refused_naming_the_field_and_type() {
        let policy = Policy::default();
        let floats = Float64Array::from(vec![1.5, 2.0]);
        let ints = Int64Array::from(vec![Some(2_000), None]);
        let mut batch = Batch::new(&policy, 2);
        let err = batch.arrow(&Field::Employees, &floats).unwrap_err();
        assert_eq!(
            err.to_string(),
            "employees cannot be read from an Arrow array of type Float64"
        );
        assert!(matches!(
            batch.arrow(&Field::Industry, &ints),
            Err(BatchError::Type { .. })
        ));
        batch.arrow(&Field::Employees, &ints).unwrap();
    }

    #[test]
    fn decimals_at_extreme_scales_and_values_rank_as_their_decimals_do() {
        use qualify::{Condition, CriterionSpec};
        let mut spec = Policy::default().spec().clone();
        spec.fit.criteria = vec![
            CriterionSpec::new(
                "small revenue",
                Field::AnnualRevenue,
                Condition::Range {
                    min: None,
                    max: Some(Decimal::from(100)),
                },
                Decimal::ONE,
            ),
            CriterionSpec::new(
                "huge revenue",
                Field::AnnualRevenue,
                Condition::Range {
                    min: Some(
                        "1e19"
                            .parse()
                            .unwrap_or(Decimal::from(10_000_000_000_000_000_000_u128)),
                    ),
                    max: None,
                },
                Decimal::TWO,
            ),
        ];
        spec.fit.knockouts.clear();
        spec.fit.pass.min_met = Some(1);
        spec.fit.pass.min_score = None;
        let policy = Policy::new(spec).unwrap();
        let now = now();
        let met = |array: Decimal128Array| {
            let mut batch = Batch::new(&policy, array.len());
            batch.arrow(&Field::AnnualRevenue, &array).unwrap();
            let mut out = Vec::new();
            policy.assess_batch(&batch, now, &mut out).unwrap();
            out.iter().map(|a| a.criteria_met()).collect::<Vec<_>>()
        };
        let at = |raw: Vec<i128>, scale: i8| {
            Decimal128Array::from(raw)
                .with_precision_and_scale(38, scale)
                .unwrap()
        };
        // Whether each value met the huge-revenue criterion (weight 2) rather than the small.
        let huge = |array: Decimal128Array| {
            let mut batch = Batch::new(&policy, array.len());
            batch.arrow(&Field::AnnualRevenue, &array).unwrap();
            let mut out = Vec::new();
            policy.assess_batch(&batch, now, &mut out).unwrap();
            out.iter()
                .map(|a| a.fit_score() == Decimal::TWO)
                .collect::<Vec<_>>()
        };
        // Zero at a scale of -40 is zero: small, not huge; 10^40 is huge and -10^40 small.
        assert_eq!(met(at(vec![0, 1, -1], -40)), [1, 1, 1]);
        assert_eq!(
            huge(at(vec![0, 1, -1, 7, -7], -40)),
            [false, true, false, true, false]
        );
        assert_eq!(
            policy
                .assess(&Profile::new().annual_revenue(0), &[], now)
                .criteria_met(),
            1
        );
        // A raw value at the end of i128 at scale 20 is about 1.7e18: neither small nor huge.
        assert_eq!(met(at(vec![i128::MAX, i128::MIN], 20)), [0, 1]);
    }

    #[test]
    fn integers_of_every_width_and_dictionaries_of_every_key_read_as_their_values() {
        use arrow_array::types::{Int8Type, Int32Type, Int64Type, UInt16Type, UInt32Type, UInt64Type};
        use arrow_array::{Int8Array, Int16Array, Int32Array, UInt8Array, UInt16Array, UInt64Array};
        let policy = Policy::default();
        let now = now();
        // 5 employees is knocked out, 100 is small, none is missing.
        let expected: Vec<_> = [Some(5_u32), Some(100), None]
            .iter()
            .map(|n| {
                let mut p = Profile::new().industry("software");
                p.employees = *n;
                policy.assess(&p, &[], now)
            })
            .collect();
        let industry: ArrayRef = Arc::new(StringArray::from(vec!["software"; 3]));
        let score = |employees: ArrayRef, industry: &ArrayRef| {
            let mut batch = Batch::new(&policy, 3);
            batch.arrow(&Field::Employees, employees.as_ref()).unwrap();
            batch.arrow(&Field::Industry, industry.as_ref()).unwrap();
            let mut out = Vec::new();
            policy.assess_batch(&batch, now, &mut out).unwrap();
            out
        };
        let widths: [ArrayRef; 8] = [
            Arc::new(Int8Array::from(vec![Some(5), Some(100), None])),
            Arc::new(Int16Array::from(vec![Some(5), Some(100), None])),
            Arc::new(Int32Array::from(vec![Some(5), Some(100), None])),
            Arc::new(Int64Array::from(vec![Some(5), Some(100), None])),
            Arc::new(UInt8Array::from(vec![Some(5), Some(100), None])),
            Arc::new(UInt16Array::from(vec![Some(5), Some(100), None])),
            Arc::new(UInt32Array::from(vec![Some(5), Some(100), None])),
            Arc::new(UInt64Array::from(vec![Some(5), Some(100), None])),
        ];
        for employees in widths {
            let kind = employees.data_type().clone();
            assert_eq!(score(employees, &industry), expected, "{kind}");
        }

        // The industry as a dictionary with keys of every width, over plain or large text.
        let employees: ArrayRef = Arc::new(UInt32Array::from(vec![2_400; 3]));
        let words = vec![Some("software"), None, Some("retail")];
        let expected: Vec<_> = words
            .iter()
            .map(|w| {
                let mut p = Profile::new().employees(2_400);
                p.industry = w.map(str::to_owned);
                policy.assess(&p, &[], now)
            })
            .collect();
        fn keyed<K: arrow_array::types::ArrowDictionaryKeyType>(
            words: &[Option<&str>],
            large: bool,
        ) -> ArrayRef {
            let d: DictionaryArray<K> = words.iter().copied().collect();
            if large {
                let values = LargeStringArray::from_iter(d.values().as_string::<i32>().iter());
                Arc::new(DictionaryArray::new(d.keys().clone(), Arc::new(values)))
            } else {
                Arc::new(d)
            }
        }
        for large in [false, true] {
            let dictionaries: [ArrayRef; 8] = [
                keyed::<Int8Type>(&words, large),
                keyed::<Int16Type>(&words, large),
                keyed::<Int32Type>(&words, large),
                keyed::<Int64Type>(&words, large),
                keyed::<UInt8Type>(&words, large),
                keyed::<UInt16Type>(&words, large),
                keyed::<UInt32Type>(&words, large),
                keyed::<UInt64Type>(&words, large),
            ];
            for industry in dictionaries {
                let kind = industry.data_type().clone();
                assert_eq!(score(employees.clone(), &industry), expected, "{kind}");
            }
        }
    }

    #[test]
    fn decimals_of_any_scale_rank_exactly_against_the_bounds() {
        // The default policy's headcount line is 1,000: read at scales -2, 0 and 3.
        let policy = Policy::default();
        let now = now();
        let at = |raw: Vec<i128>, scale: i8| {
            Decimal128Array::from(raw)
                .with_precision_and_scale(38, scale)
                .unwrap()
        };
        for (array, want) in [
            (at(vec![9, 10, 11], -2), [900, 1_000, 1_100]),
            (at(vec![999, 1_000, 1_001], 0), [999, 1_000, 1_001]),
            (at(vec![999_999, 1_000_000, 1_000_001], 3), [999, 1_000, 1_000]),
        ] {
            let mut batch = Batch::new(&policy, 3);
            batch.arrow(&Field::Employees, &array).unwrap();
            let mut out = Vec::new();
            policy.assess_batch(&batch, now, &mut out).unwrap();
            for (a, n) in out.iter().zip(want) {
                let mut p = Profile::new();
                p.employees = Some(n);
                assert_eq!(
                    a.criteria_met(),
                    policy.assess(&p, &[], now).criteria_met(),
                    "{n} at {array:?}"
                );
            }
        }
    }
}

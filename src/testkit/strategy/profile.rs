//! Strategies for profiles and engagement signals.

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;

use crate::profile::{Profile, Seniority, Signal, SignalKind, Value};
use crate::testkit::strategy::values::timestamps;
use crate::values::Timestamp;

fn word() -> BoxedStrategy<String> {
    select(
        &[
            "software", "saas", "fintech", "retail", "DE", "US", "GB", "cfo", "director",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed()
}

/// Job titles as CRMs hold them: one word or several, any case, with the punctuation of
/// real titles, so that text conditions (words, starts, ends) both hold and fail.
pub(crate) fn titles() -> BoxedStrategy<String> {
    prop_oneof![
        word(),
        select(
            &[
                "Working Student (m/w/d)",
                "student-assistant",
                "Students' union",
                "INTERN",
                "Head of Sales",
                "the head of sales",
                "VP Finance",
                "Sales Assistant",
                "Co-founder & CEO",
                "Étudiant",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// E-mail domains and addresses as contacts give them: of a listed domain, of a
/// subdomain, of a lookalike, in any case, with a trailing dot or an `@`.
pub(crate) fn domains() -> BoxedStrategy<String> {
    select(
        &[
            "gmail.com",
            "ada@Gmail.com",
            "rival.example",
            "eu.rival.example.",
            "notrival.example",
            "ada@mail.rival.example",
            "northwind.example",
            "a@b@rival.example",
            "example",
            "",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed()
}

fn value() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (0_i64..=10_000).prop_map(|n| Value::Number(Decimal::from(n))),
        word().prop_map(Value::Text),
        titles().prop_map(Value::Text),
    ]
    .boxed()
}

/// Any profile, each field present or not; shrinks toward the empty profile, fewer
/// custom attributes and smaller numbers. The kit never sets the custom attribute
/// `kit-knockout`, which its policies' knockouts test.
pub fn profiles() -> BoxedStrategy<Profile> {
    (
        option::of(0_u32..=200_000),
        option::of((0_i64..=1_000_000_000).prop_map(Decimal::from)),
        option::of(word()),
        option::of(word()),
        option::of(titles()),
        option::of(select(Seniority::ALL.to_vec())),
        option::of(domains()),
        btree_map(
            select(&["crm_plan", "seats", "partner", "region"][..]).prop_map(str::to_owned),
            value(),
            0..3,
        ),
    )
        .prop_map(
            |(employees, annual_revenue, industry, country, job_title, seniority, email_domain, custom)| {
                Profile {
                    employees,
                    annual_revenue,
                    industry,
                    country,
                    job_title,
                    seniority,
                    email_domain,
                    custom,
                }
            },
        )
        .boxed()
}

/// Profiles that record at least one fact (fit evidence with no facts is hollow); shrinks
/// toward a profile with only a headcount.
pub fn substantive_profiles() -> BoxedStrategy<Profile> {
    (1_u32..=200_000, profiles())
        .prop_map(|(employees, mut p)| {
            p.employees = p.employees.or(Some(employees));
            p
        })
        .boxed()
}

/// Profiles the default policy qualifies: 1,000 employees or more, a target industry and
/// a buying seniority, and sometimes more; shrinks toward 1,000 employees in software,
/// at manager level.
pub fn default_fit_profiles() -> BoxedStrategy<Profile> {
    let industry = select(&["software", "saas", "fintech", "financial services"][..]);
    let seniority = select(vec![
        Seniority::Manager,
        Seniority::Director,
        Seniority::VicePresident,
        Seniority::CLevel,
        Seniority::Owner,
    ]);
    (
        1_000_u32..=200_000,
        industry,
        seniority,
        option::of(select(&["US", "CA", "GB", "DE", "FR", "NL", "SE", "JP"][..])),
        option::of((50_000_000_i64..=5_000_000_000).prop_map(Decimal::from)),
    )
        .prop_map(
            |(employees, industry, seniority, country, annual_revenue)| Profile {
                employees: Some(employees),
                industry: Some(industry.to_owned()),
                seniority: Some(seniority),
                country: country.map(str::to_owned),
                annual_revenue,
                ..Profile::default()
            },
        )
        .boxed()
}

/// Signal kinds: the known ones, and sometimes a custom one.
pub fn signal_kinds() -> BoxedStrategy<SignalKind> {
    prop_oneof![
        4 => select(SignalKind::KNOWN.to_vec()),
        1 => select(&["podcast", "g2_review"][..]).prop_map(|k| SignalKind::Custom(k.to_owned())),
    ]
    .boxed()
}

/// Up to `max` signals, each at an instant from `from` to `to`; shrinks toward none.
pub fn signals(from: Timestamp, to: Timestamp, max: usize) -> BoxedStrategy<Vec<Signal>> {
    vec(
        (signal_kinds(), timestamps(from, to)).prop_map(|(kind, at)| Signal::new(kind, at)),
        0..=max,
    )
    .boxed()
}

//! Scoring throughput: one lead, score-only and explained, and a batch of a million leads.
//!
//! Run with `cargo bench --bench scoring`; BENCHMARKS.md records the figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use qualify::{
    Condition, CriterionSpec, Field, Policy, PolicySpec, Profile, Seniority, Signal, SignalKind, Timestamp,
    Value,
};
use rust_decimal::Decimal;

/// Leads in the batch benchmark.
const BATCH: usize = 1_000_000;

/// Leads in the cache-resident batch benchmark.
const SMALL_BATCH: usize = 1_000;

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn now() -> Timestamp {
    "2026-11-25T09:00:00Z".parse().expect("a timestamp")
}

/// The default policy's six criteria, four knockouts, signal points and 30-day half-life,
/// plus four criteria a host would add: a custom text field, a custom numeric range, a job
/// title set and a priority-country set.
fn ten_criteria_policy() -> Policy {
    let mut spec: PolicySpec = Policy::default().spec().clone();
    spec.version = "bench-10-criteria".into();
    let criterion =
        |name: &str, field, condition, weight: &str| CriterionSpec::new(name, field, condition, dec(weight));
    spec.fit.criteria.extend([
        criterion(
            "enterprise crm plan",
            Field::Custom("crm_plan".into()),
            Condition::Equals("enterprise".into()),
            "5",
        ),
        criterion(
            "seats in range",
            Field::Custom("seats".into()),
            Condition::Range {
                min: Some(dec("50")),
                max: Some(dec("5000")),
            },
            "7.5",
        ),
        criterion(
            "buyer title",
            Field::JobTitle,
            Condition::OneOf(strings(&[
                "CTO",
                "CIO",
                "VP Engineering",
                "VP Finance",
                "Head of Data",
                "Director of IT",
            ])),
            "10",
        ),
        criterion(
            "priority country",
            Field::Country,
            Condition::OneOf(strings(&["DE", "AT", "CH", "NL"])),
            "2.5",
        ),
    ]);
    assert_eq!(spec.fit.criteria.len(), 10);
    Policy::new(spec).expect("the bench policy is valid")
}

/// A realistic enriched lead: every firmographic field, four custom CRM fields, and five
/// signals over the last two months.
fn one_lead(now: Timestamp) -> (Profile, Vec<Signal>) {
    let profile = Profile::new()
        .employees(2_400)
        .annual_revenue(dec("185000000"))
        .industry("Software")
        .country("DE")
        .job_title("VP Engineering")
        .seniority(Seniority::VicePresident)
        .custom("competitor", Value::Bool(false))
        .custom("crm_plan", Value::Text("Enterprise".into()))
        .custom("seats", Value::Number(dec("240")))
        .custom("utm_campaign", Value::Text("q4-cfo-webinar".into()));
    let ago = |days: u32| now.checked_sub_days(days).expect("in range");
    let signals = vec![
        Signal::new(SignalKind::NewsletterSignup, ago(58)),
        Signal::new(SignalKind::ContentDownload, ago(41)),
        Signal::new(SignalKind::WebinarAttended, ago(20)),
        Signal::new(SignalKind::PricingPageVisit, ago(6)),
        Signal::new(SignalKind::DemoRequest, ago(1)),
    ];
    (profile, signals)
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic, so every
/// run scores the same batch.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// Uniform enough in `0..n` for a benchmark.
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    /// True with probability `percent` in 100.
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u32) as usize]
    }
}

/// `n` leads with a mix of sizes, industries, countries and titles, some fields missing,
/// a few knockouts, custom fields on most, and zero to eight signals each.
fn batch(n: usize, now: Timestamp) -> Vec<(Profile, Vec<Signal>)> {
    const INDUSTRIES: &[&str] = &[
        "Software",
        "SaaS",
        "Fintech",
        "Retail",
        "Manufacturing",
        "Financial Services",
        "Healthcare",
        "Education",
    ];
    const COUNTRIES: &[&str] = &["US", "DE", "GB", "FR", "IN", "BR", "NL", "AT", "JP", "CA"];
    const TITLES: &[&str] = &[
        "CTO",
        "VP Engineering",
        "Software Engineer",
        "Head of Data",
        "Marketing Manager",
        "CFO",
        "Director of IT",
        "Student",
    ];
    const PLANS: &[&str] = &["free", "team", "business", "Enterprise"];
    let mut rng = Lcg(0x5EED);
    let text =
        |rng: &mut Lcg, percent: u32, from: &[&str]| rng.chance(percent).then(|| rng.pick(from).to_owned());
    (0..n)
        .map(|_| {
            let mut custom = std::collections::BTreeMap::new();
            if rng.chance(70) {
                custom.insert("crm_plan".to_owned(), Value::Text(rng.pick(PLANS).to_owned()));
            }
            if rng.chance(60) {
                custom.insert("seats".to_owned(), Value::Number(Decimal::from(rng.below(8_000))));
            }
            if rng.chance(2) {
                custom.insert("competitor".to_owned(), Value::Bool(true));
            }
            if rng.chance(1) {
                custom.insert("spam".to_owned(), Value::Bool(true));
            }
            // Fields are drawn in this order, so that the generated leads stay the same.
            let mut profile = Profile::new();
            profile.employees = rng.chance(90).then(|| rng.below(20_000));
            profile.annual_revenue = rng
                .chance(60)
                .then(|| Decimal::from(rng.below(500_000)) * Decimal::from(1_000));
            profile.industry = text(&mut rng, 85, INDUSTRIES);
            profile.country = text(&mut rng, 90, COUNTRIES);
            profile.job_title = text(&mut rng, 70, TITLES);
            profile.seniority = rng
                .chance(80)
                .then(|| Seniority::ALL[rng.below(Seniority::ALL.len() as u32) as usize]);
            profile.custom = custom;
            let signals = (0..rng.below(9))
                .map(|_| {
                    let kind = SignalKind::NewsletterSignup;
                    let kind = match rng.below(10) {
                        0 => kind,
                        1 => SignalKind::ContentDownload,
                        2 => SignalKind::WebinarAttended,
                        3 => SignalKind::PricingPageVisit,
                        4 => SignalKind::ContactSales,
                        5 => SignalKind::DemoRequest,
                        6 => SignalKind::TrialStarted,
                        7 => SignalKind::EmailReply,
                        8 => SignalKind::EventVisit,
                        _ => SignalKind::Custom("g2_review".into()),
                    };
                    let at = now.checked_sub_days(rng.below(365)).expect("in range");
                    Signal::new(kind, at)
                })
                .collect();
            (profile, signals)
        })
        .collect()
}

fn one(c: &mut Criterion) {
    let policy = ten_criteria_policy();
    let now = now();
    let (profile, signals) = one_lead(now);
    let a = policy.assess(&profile, &signals, now);
    assert!(a.qualifies(), "the bench lead is meant to qualify");
    assert_eq!(policy.explain(&profile, &signals, now).fit.score, a.fit_score());

    let mut group = c.benchmark_group("one_lead");
    group.throughput(Throughput::Elements(1));
    group.bench_function("assess", |b| {
        b.iter(|| black_box(&policy).assess(black_box(&profile), black_box(&signals), black_box(now)))
    });
    group.bench_function("explain", |b| {
        b.iter(|| black_box(&policy).explain(black_box(&profile), black_box(&signals), black_box(now)))
    });
    group.finish();
}

/// Scores every lead, counting those that qualify.
fn assess_all(policy: &Policy, leads: &[(Profile, Vec<Signal>)], now: Timestamp) -> u32 {
    leads
        .iter()
        .map(|(profile, signals)| u32::from(policy.assess(profile, signals, now).qualifies()))
        .sum()
}

/// Explains every lead, counting those that qualify.
fn explain_all(policy: &Policy, leads: &[(Profile, Vec<Signal>)], now: Timestamp) -> u32 {
    leads
        .iter()
        .map(|(profile, signals)| u32::from(policy.explain(profile, signals, now).qualifies))
        .sum()
}

/// The same generated leads, a thousand at a time: they fit in cache, so this measures the
/// engine on varied leads without the memory traffic of the million-lead batch.
fn few(c: &mut Criterion) {
    let policy = ten_criteria_policy();
    let now = now();
    let leads = batch(SMALL_BATCH, now);

    let mut group = c.benchmark_group("batch_1k");
    group.throughput(Throughput::Elements(SMALL_BATCH as u64));
    group.bench_function("assess", |b| {
        b.iter(|| assess_all(black_box(&policy), black_box(&leads), now))
    });
    group.bench_function("explain", |b| {
        b.iter(|| explain_all(black_box(&policy), black_box(&leads), now))
    });
    group.finish();
}

fn many(c: &mut Criterion) {
    let policy = ten_criteria_policy();
    let now = now();
    let leads = batch(BATCH, now);

    let mut group = c.benchmark_group("batch_1m");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("assess", |b| {
        b.iter(|| assess_all(black_box(&policy), black_box(&leads), now))
    });
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("explain", |b| {
        b.iter(|| explain_all(black_box(&policy), black_box(&leads), now))
    });
    group.finish();
}

criterion_group!(benches, one, few, many);
criterion_main!(benches);

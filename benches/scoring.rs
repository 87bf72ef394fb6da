//! Scoring throughput: one lead, score-only and explained, a batch of a million leads, and
//! texts read against policies at the limits: exact values, and text conditions.
//!
//! Run with `cargo bench --bench scoring`; BENCHMARKS.md records the figures.

use std::hint::black_box;
use std::time::Duration;

mod common;

use common::{batch, dec, now, one_lead, ten_criteria_policy};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use qualify::limits::{MAX_CRITERIA, MAX_SET_SIZE, MAX_TEXT_CONDITIONS_PER_FIELD, MAX_TEXT_LEN};
use qualify::{Condition, CriterionSpec, Field, Policy, PolicySpec, Profile, Signal, Timestamp};

/// Leads in the batch benchmark.
const BATCH: usize = 1_000_000;

/// Leads in the cache-resident batch benchmark.
const SMALL_BATCH: usize = 1_000;

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

/// Leads in each batch of the long-text benchmark.
const TEXT_LEADS: usize = 1_000;

/// A job title of exactly `len` bytes ending in the number `n`: a shared prefix, so texts
/// of one length differ only in their last bytes.
fn title(n: usize, len: usize) -> String {
    let number = format!(" {n:05}");
    let prefix: String = "Senior Software Engineer, Platform "
        .chars()
        .cycle()
        .take(len - number.len())
        .collect();
    format!("{prefix}{number}")
}

/// A policy at the limits: `MAX_CRITERIA` criteria on the job title, each listing
/// `MAX_SET_SIZE` titles, in turn 15, 16 and `MAX_TEXT_LEN` bytes long (16,384 in all).
fn many_titles_policy() -> Policy {
    let conditions = (0..MAX_CRITERIA)
        .map(|i| {
            let titles = (0..MAX_SET_SIZE)
                .map(|j| {
                    let n = i * MAX_SET_SIZE + j;
                    title(n, [15, 16, MAX_TEXT_LEN][n % 3])
                })
                .collect();
            Condition::OneOf(titles)
        })
        .collect();
    title_policy("bench-many-titles", conditions)
}

/// The default policy with `conditions` on the job title as its criteria, a point each,
/// and no knockouts: a lead passes fit when any condition holds.
fn title_policy(version: &str, conditions: Vec<Condition>) -> Policy {
    let mut spec: PolicySpec = Policy::default().spec().clone();
    spec.version = version.into();
    spec.fit.criteria = conditions
        .into_iter()
        .enumerate()
        .map(|(i, c)| CriterionSpec::new(format!("titles {i}"), Field::JobTitle, c, dec("1")))
        .collect();
    spec.fit.knockouts.clear();
    spec.fit.pass.min_score = Some(dec("1"));
    spec.fit.pass.min_met = None;
    Policy::new(spec).expect("the bench policy is valid")
}

/// Job titles no rule lists, of 15 bytes (the longest kept as one integer), 16 (the
/// shortest kept as text) and `MAX_TEXT_LEN`, against the policy at the limits: reading a
/// title should cost the same at 15 and 16 bytes, whatever the number of titles listed.
fn long_texts(c: &mut Criterion) {
    let policy = many_titles_policy();
    let now = now();
    let mut group = c.benchmark_group("unmatched_title_16k_listed");
    group.throughput(Throughput::Elements(TEXT_LEADS as u64));
    for len in [15, 16, MAX_TEXT_LEN] {
        let leads: Vec<(Profile, Vec<Signal>)> = (0..TEXT_LEADS)
            .map(|n| (Profile::new().job_title(title(50_000 + n, len)), Vec::new()))
            .collect();
        assert_eq!(assess_all(&policy, &leads, now), 0, "no title is listed");
        group.bench_with_input(BenchmarkId::new("assess", len), &leads, |b, leads| {
            b.iter(|| assess_all(black_box(&policy), black_box(leads), now))
        });
    }
    group.finish();
}

/// A policy of `MAX_TEXT_CONDITIONS_PER_FIELD` text conditions on the job title, two of
/// each kind, each listing `values` values of `MAX_TEXT_LEN` bytes, made to share as much
/// as they can with the titles read: the starts are the titles' first 255 bytes and one
/// other, so each start is walked 255 bytes deep before it fails.
fn text_conditions_policy(values: usize) -> Policy {
    let long = title(0, MAX_TEXT_LEN);
    let head = |j: usize| format!("{}{}", &long[..MAX_TEXT_LEN - 4], 1000 + j);
    let tail = |j: usize| format!("{}{}", 1000 + j, &long[4..]);
    let word = |j: usize| format!("{:0>width$}", j, width = MAX_TEXT_LEN);
    // Three labels of the longest length, then one of its own: 206 bytes.
    let domain = |j: usize| format!("{a}.{a}.{a}.d{j:05}.example", a = "a".repeat(63));
    let conditions: Vec<Condition> = (0..MAX_TEXT_CONDITIONS_PER_FIELD)
        .map(|i| {
            let listed = |f: &dyn Fn(usize) -> String| (0..values).map(|j| f(i * values + j)).collect();
            match i % 4 {
                0 => Condition::ContainsWord(listed(&word)),
                1 => Condition::StartsWith(listed(&head)),
                2 => Condition::EndsWith(listed(&tail)),
                _ => Condition::DomainIn(listed(&domain)),
            }
        })
        .collect();
    title_policy("bench-text-conditions", conditions)
}

/// Job titles of 16 bytes to 64 KiB that no text condition matches, read against the
/// policy at the limits (2,048 values listed) and against one value per condition (8): the
/// time per byte should not grow with the title's length, nor with the values listed.
fn text_conditions(c: &mut Criterion) {
    let now = now();
    let mut group = c.benchmark_group("text_conditions");
    for (name, policy) in [
        ("limits", text_conditions_policy(MAX_SET_SIZE)),
        ("one_each", text_conditions_policy(1)),
    ] {
        for len in [16, MAX_TEXT_LEN, 4_096, 65_536] {
            let count = if len > 4_096 { 100 } else { TEXT_LEADS };
            let leads: Vec<(Profile, Vec<Signal>)> = (0..count)
                .map(|n| (Profile::new().job_title(title(50_000 + n, len)), Vec::new()))
                .collect();
            assert_eq!(assess_all(&policy, &leads, now), 0, "no title matches");
            group.throughput(Throughput::Bytes((count * len) as u64));
            group.bench_with_input(BenchmarkId::new(name, len), &leads, |b, leads| {
                b.iter(|| assess_all(black_box(&policy), black_box(leads), now))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, one, few, many, long_texts, text_conditions);
criterion_main!(benches);

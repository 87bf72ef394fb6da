//! Scoring throughput: one lead, score-only and explained, and a batch of a million leads.
//!
//! Run with `cargo bench --bench scoring`; BENCHMARKS.md records the figures.

use std::hint::black_box;
use std::time::Duration;

mod common;

use common::{batch, now, one_lead, ten_criteria_policy};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use qualify::{Policy, Profile, Signal, Timestamp};

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

criterion_group!(benches, one, few, many);
criterion_main!(benches);

//! The pipeline reports over a million mixed records: each report alone, and all of them
//! in one combined pass.
//!
//! Run with `cargo bench --bench pipeline`; BENCHMARKS.md records the figures. The records
//! are built once, before any timing, by `qualify::testkit::sample::pipeline`: walked
//! through the real transitions under the default policy, a third leads, the rest
//! prospects, disqualified records and deals open, won and lost, in two currencies, owned
//! by five reps and the unassigned queue.
//!
//! Each benchmark times building a report; dropping it (freeing its lists of ids) is left
//! out of the timing with `iter_with_large_drop`, since a host keeps the reports it builds.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use qualify::pipeline::{
    Ageing, Calibration, CloseRates, Forecast, Funnel, Period, Reports, Review, Scope, TriageSla, Velocity,
};
use qualify::testkit::sample;
use qualify::{Actor, Policy, Record};

/// Records in the pipeline.
const RECORDS: usize = 1_000_000;

fn year() -> Period {
    Period::new(
        "2026-01-01T00:00:00Z".parse().expect("a timestamp"),
        "2027-01-01T00:00:00Z".parse().expect("a timestamp"),
    )
    .expect("a period")
}

fn records(policy: &Policy) -> Vec<Record> {
    let team: Vec<Actor> = ["ana", "ben", "chloe", "dev", "eli"]
        .into_iter()
        .map(Actor::new)
        .collect();
    sample::pipeline(policy, year(), RECORDS, 42, &team)
}

fn reports(c: &mut Criterion) {
    let policy = Policy::default();
    let records = records(&policy);
    let scope = Scope::new(&policy, year(), year().to());
    let mut group = c.benchmark_group("pipeline_1m");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("all_reports", |b| {
        b.iter_with_large_drop(|| Reports::from_records(&scope, black_box(&records)).expect("no overflow"))
    });
    group.bench_function("funnel", |b| {
        b.iter_with_large_drop(|| Funnel::from_records(&scope, black_box(&records)))
    });
    group.bench_function("close_rates", |b| {
        b.iter_with_large_drop(|| CloseRates::from_records(&scope, black_box(&records)))
    });
    group.bench_function("forecast", |b| {
        b.iter_with_large_drop(|| Forecast::from_records(&scope, black_box(&records)).expect("no overflow"))
    });
    group.bench_function("calibration", |b| {
        b.iter_with_large_drop(|| {
            Calibration::from_records(&scope, black_box(&records)).expect("no overflow")
        })
    });
    group.bench_function("triage", |b| {
        b.iter_with_large_drop(|| TriageSla::from_records(&scope, black_box(&records)))
    });
    group.bench_function("ageing", |b| {
        b.iter_with_large_drop(|| Ageing::from_records(&scope, black_box(&records)))
    });
    group.bench_function("velocity", |b| {
        b.iter_with_large_drop(|| Velocity::from_records(&scope, black_box(&records)).expect("no overflow"))
    });
    group.bench_function("review", |b| {
        b.iter_with_large_drop(|| Review::from_records(&scope, black_box(&records)))
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);

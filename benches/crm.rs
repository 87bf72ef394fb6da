//! CRM import at growing sizes, to show it is linear: 1,000, 10,000, 100,000 and 1,000,000
//! rows of a HubSpot-style deal export, and the audit over the million.
//!
//! Run with `cargo bench --bench crm`; BENCHMARKS.md records the figures. The rows are
//! built once, before any timing, from a fixed mix: a fifth with all four conditions
//! (opportunities and wins), the rest prospects dressed as opportunities, losses, and rows
//! with an unreadable amount, in one currency. Each benchmark times importing every row
//! (reading, typing through the transitions, the findings); cloning the rows in and
//! dropping the records out are left out of the timing, as is dropping the audit.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use qualify::Policy;
use qualify::crm::{Audit, Crm, CrmRow, Mapping, presets};

const AS_OF: &str = "2026-11-25T09:00:00Z";

fn mapping() -> Mapping {
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.currency = Some("EUR".into());
    Mapping::new(spec).expect("a valid mapping")
}

/// Row `i` of the mix.
fn row(i: usize) -> CrmRow {
    let stages = [
        "contractsent",
        "qualifiedtobuy",
        "decisionmakerboughtin",
        "closedwon",
        "closedlost",
    ];
    let mut row = CrmRow::new(format!("deal-{i}"), stages[i % stages.len()]);
    row.amount = Some(if i.is_multiple_of(17) {
        "12,5k".into()
    } else {
        format!("{}", 5_000 + (i % 90) * 1_000)
    });
    row.probability = Some(format!("0.{}", 1 + i % 9));
    row.close_date = Some(
        if i % 5 == 3 {
            "2026-11-10T00:00:00Z"
        } else {
            "2026-12-20T00:00:00Z"
        }
        .into(),
    );
    row.created = Some("2026-10-01T00:00:00Z".into());
    row.owner = Some(format!("rep-{}", i % 7));
    let fields = [
        ("company.numberofemployees", format!("{}", 800 + (i % 40) * 100)),
        (
            "company.industry",
            ["software", "saas", "retail"][i % 3].to_owned(),
        ),
        ("company.country", ["DE", "US", "BR", "GB"][i % 4].to_owned()),
        ("hs_priority", "high".to_owned()),
    ];
    row.fields.extend(fields.map(|(k, v)| (k.to_owned(), v)));
    if i % 5 < 2 || i % 5 == 3 {
        let bant = [
            ("qualify_need", "month-end close takes 9 days"),
            ("qualify_budget_status", "approved"),
            ("qualify_budget_amount", "50000"),
            ("qualify_authority", "CFO Maria Lind"),
            ("qualify_access", "decision_maker"),
        ];
        row.fields.extend(bant.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }
    row
}

fn import(c: &mut Criterion) {
    let (mapping, policy) = (mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, AS_OF.parse().expect("a timestamp"), "import");
    let all: Vec<CrmRow> = (0..1_000_000).map(row).collect();
    let mut group = c.benchmark_group("crm_import");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements(n as u64));
        group.measurement_time(Duration::from_secs(if n == 1_000_000 { 45 } else { 10 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter_batched(
                || all[..n].to_vec(),
                |rows| {
                    rows.into_iter()
                        .map(|row| crm.import(black_box(row)))
                        .collect::<Vec<_>>()
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    let imported: Vec<_> = all.into_iter().map(|row| crm.import(row)).collect();
    let mut group = c.benchmark_group("crm_audit");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(imported.len() as u64))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("1000000", |b| {
        b.iter_with_large_drop(|| Audit::of(black_box(&imported)).expect("no overflow"))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);

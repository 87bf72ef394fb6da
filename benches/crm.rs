//! CRM import at growing sizes, to show it is linear: 1,000, 10,000, 100,000 and 1,000,000
//! rows of a HubSpot-style deal export, and the audit over the million. Then reading CRM
//! objects (`Object`) at growing width and nesting, and checking mappings (`Mapping::new`)
//! of 1,000, 10,000 and 100,000 stage labels, the most `limits::MAX_LABELS` allows.
//!
//! Run with `cargo bench --bench crm`; BENCHMARKS.md records the figures. The rows are
//! built once, before any timing, from a fixed mix: a fifth with all four conditions
//! (opportunities and wins), the rest prospects dressed as opportunities, losses, and rows
//! with an unreadable amount, in one currency. Each benchmark times importing every row
//! (reading, typing through the transitions, the findings); cloning the rows in and
//! dropping the records out are left out of the timing, as is dropping the audit. The
//! objects and specs are built before timing too; reading an object times parsing the
//! JSON and flattening it, and checking a mapping leaves cloning its spec out.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use qualify::crm::{Audit, Claim, Crm, CrmRow, Mapping, MappingSpec, Object, StageLabel, presets};
use qualify::{Policy, limits};

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

/// An object of `n` fields, `name_len`-byte names, nested in a chain of `depth` objects
/// whose names are `name_len` bytes too.
fn object(n: usize, depth: usize, name_len: usize) -> String {
    let name = |i: usize| format!("{i:0name_len$}");
    let mut json = String::new();
    for d in 0..depth {
        json.push_str(&format!("{{\"{}\":", name(d)));
    }
    json.push('{');
    for i in 0..n {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"{}\":\"v{}\"", name(i), i % 100));
    }
    json.push('}');
    json.push_str(&"}".repeat(depth));
    json
}

/// `n` records of 10 fields each, every record nested as deep as an object may be: what
/// the flattening does most with every byte of input.
fn nested(n: usize) -> String {
    let records: Vec<String> = (0..n / 10)
        .map(|r| format!("\"r{r:06}\":{}", object(10, limits::MAX_NESTING - 1, 12)))
        .collect();
    format!("{{{}}}", records.join(","))
}

fn flatten(c: &mut Criterion) {
    let mut group = c.benchmark_group("crm_flatten");
    group.sample_size(10);
    let mut cases: Vec<(String, String)> = Vec::new();
    for n in [1_000, 10_000, 100_000] {
        cases.push((format!("flat/{n}"), object(n, 0, 12)));
        cases.push((format!("nested/{n}"), nested(n)));
    }
    for depth in [1, 2, 4, limits::MAX_NESTING] {
        // Names as long as fit at the deepest: the chain's, the dots and the field's.
        let name_len = (limits::MAX_FIELD_NAME_LEN - limits::MAX_NESTING) / (limits::MAX_NESTING + 1);
        cases.push((format!("depth/{depth}"), object(10_000, depth, name_len)));
    }
    // The case: 46 KiB that flattened to 52 MB of names, refused.
    let name = "n".repeat(200);
    let leaves: Vec<String> = (0..2_600).map(|i| format!("\"f{i:04}\":1")).collect();
    let refused = format!(
        "{}{{{}}}{}",
        format!("{{\"{name}\":").repeat(100),
        leaves.join(","),
        "}".repeat(100)
    );
    cases.push(("refused/46KiB".into(), refused));
    for (id, json) in &cases {
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(id), json, |b, json| {
            b.iter(|| serde_json::from_str::<Object>(black_box(json)).map(|Object(f)| f.len()))
        });
    }
    group.finish();
}

/// The HubSpot deals preset with `n` stage labels.
fn spec(n: usize) -> MappingSpec {
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.stages = (0..n)
        .map(|i| {
            StageLabel::new(
                format!("Pipeline {} stage {i}", i / 100),
                Claim::ALL[i % Claim::ALL.len()],
            )
        })
        .collect();
    spec
}

fn mapping_checks(c: &mut Criterion) {
    let mut group = c.benchmark_group("crm_mapping");
    group.sample_size(10);
    for n in [1_000, 10_000, limits::MAX_LABELS, limits::MAX_LABELS + 1] {
        let spec = spec(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &spec, |b, spec| {
            b.iter_batched(
                || spec.clone(),
                |spec| Mapping::new(black_box(spec)),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, import, flatten, mapping_checks);
criterion_main!(benches);

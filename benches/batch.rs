//! Batch scoring: `assess_batch` over pre-coded, host and Arrow columns, beside a
//! hand-written integer loop over the same leads; and building a row.
//!
//! Run with `cargo bench --bench batch --features arrow`; BENCHMARKS.md records the
//! figures.

mod common;

use std::hint::black_box;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray, UInt32Array};
use common::{batch, dec, now, ten_criteria_policy};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qualify::batch::{Batch, BatchBuilder, Column};
use qualify::{Assessment, Condition, CriterionSpec, Field, Policy, PolicySpec, Profile, Value};
use rust_decimal::Decimal;

/// Leads in each batch: their codes fit in the second-level cache.
const LEADS: usize = 10_000;

/// The reference: each lead's criteria already evaluated to bits (criterion `i` is bit
/// `i`), the fit score is the weights of the bits set, summed as integers. This is the
/// floor a batch engine can approach; `assess_batch` also evaluates the criteria and the
/// knockouts, applies the pass rule and writes whole assessments.
fn reference(bits: &[u16], weights: &[i64; 10], out: &mut Vec<i64>) {
    out.clear();
    out.extend(bits.iter().map(|&b| {
        let mut score = 0;
        for (i, w) in weights.iter().enumerate() {
            score += w * i64::from((b >> i) & 1);
        }
        score
    }));
}

/// The criterion bits and the weights (at four places) of every lead, from explanations.
fn criterion_bits(policy: &Policy, leads: &[(Profile, Vec<qualify::Signal>)]) -> (Vec<u16>, [i64; 10]) {
    let mut weights = [0_i64; 10];
    for (w, c) in weights.iter_mut().zip(&policy.spec().fit.criteria) {
        *w = i64::try_from((c.weight * Decimal::from(10_000)).trunc()).expect("a weight");
    }
    let bits = leads
        .iter()
        .map(|(p, _)| {
            let e = policy.explain(p, &[], now());
            e.fit
                .criteria()
                .enumerate()
                .fold(0_u16, |b, (i, c)| b | (u16::from(c.met) << i))
        })
        .collect();
    (bits, weights)
}

/// The leads as the host's own columns, text as plain strings or as a dictionary.
struct Host {
    employees: Vec<Option<u32>>,
    revenue: Vec<Option<Decimal>>,
    texts: [Vec<Option<String>>; 3],
    plan: Vec<Option<Value>>,
    seats: Vec<Option<Value>>,
    competitor: Vec<Option<Value>>,
    spam: Vec<Option<Value>>,
    /// Each text field's distinct values and each lead's key.
    dictionaries: [(Vec<String>, Vec<Option<u32>>); 3],
    /// Each lead's seniority by name, and as a dictionary.
    level_names: Vec<Option<String>>,
    levels: (Vec<String>, Vec<Option<u32>>),
}

fn host(leads: &[(Profile, Vec<qualify::Signal>)]) -> Host {
    let col = |f: &dyn Fn(&Profile) -> Option<String>| leads.iter().map(|(p, _)| f(p)).collect::<Vec<_>>();
    let texts = [
        col(&|p| p.industry.clone()),
        col(&|p| p.country.clone()),
        col(&|p| p.job_title.clone()),
    ];
    let custom = |name: &str| leads.iter().map(|(p, _)| p.custom.get(name).cloned()).collect();
    let dictionary = |values: &Vec<Option<String>>| {
        let mut distinct: Vec<String> = values.iter().flatten().cloned().collect();
        distinct.sort();
        distinct.dedup();
        let keys = values
            .iter()
            .map(|v| {
                v.as_ref()
                    .map(|v| distinct.binary_search(v).expect("listed") as u32)
            })
            .collect();
        (distinct, keys)
    };
    let level_names: Vec<Option<String>> = leads
        .iter()
        .map(|(p, _)| p.seniority.map(|s| s.as_str().to_owned()))
        .collect();
    Host {
        levels: dictionary(&level_names),
        level_names,
        employees: leads.iter().map(|(p, _)| p.employees).collect(),
        revenue: leads.iter().map(|(p, _)| p.annual_revenue).collect(),
        dictionaries: [
            dictionary(&texts[0]),
            dictionary(&texts[1]),
            dictionary(&texts[2]),
        ],
        texts,
        plan: custom("crm_plan"),
        seats: custom("seats"),
        competitor: custom("competitor"),
        spam: custom("spam"),
    }
}

const TEXT_FIELDS: [Field; 3] = [Field::Industry, Field::Country, Field::JobTitle];

fn host_batch<'a>(policy: &Policy, h: &'a Host, dictionary: bool) -> Batch<'a> {
    let mut b = Batch::new(policy, h.employees.len());
    b.column(&Field::Employees, Column::integers(&h.employees))
        .expect("column");
    b.column(&Field::AnnualRevenue, Column::numbers(&h.revenue))
        .expect("column");
    for (i, field) in TEXT_FIELDS.iter().enumerate() {
        let column = if dictionary {
            let (values, keys) = &h.dictionaries[i];
            Column::dictionary(keys, values)
        } else {
            Column::text(&h.texts[i])
        };
        b.column(field, column).expect("column");
    }
    // The same data as the Arrow tables: plain text, or a dictionary of the level names.
    let (values, keys) = &h.levels;
    let seniority = if dictionary {
        Column::dictionary(keys, values)
    } else {
        Column::text(&h.level_names)
    };
    b.column(&Field::Seniority, seniority).expect("column");
    for (name, values) in [
        ("crm_plan", &h.plan),
        ("seats", &h.seats),
        ("competitor", &h.competitor),
        ("spam", &h.spam),
    ] {
        b.column(&Field::Custom(name.into()), Column::values(values))
            .expect("column");
    }
    b
}

/// The leads as an Arrow table: text plain or dictionary-encoded, custom values as text,
/// decimal and boolean arrays.
fn arrow_table(h: &Host, dictionary: bool) -> RecordBatch {
    let text = |values: &Vec<Option<String>>| -> ArrayRef {
        let values = values.iter().map(Option::as_deref);
        if dictionary {
            Arc::new(values.collect::<DictionaryArray<Int32Type>>())
        } else {
            Arc::new(values.collect::<StringArray>())
        }
    };
    let custom_text = |values: &Vec<Option<Value>>| -> Vec<Option<String>> {
        values
            .iter()
            .map(|v| match v {
                Some(Value::Text(t)) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    let seats = arrow_array::Decimal128Array::from(
        h.seats
            .iter()
            .map(|v| match v {
                Some(Value::Number(n)) => Some(n.mantissa()),
                _ => None,
            })
            .collect::<Vec<_>>(),
    )
    .with_precision_and_scale(38, 0)
    .expect("whole seats");
    let flag = |values: &Vec<Option<Value>>| -> ArrayRef {
        Arc::new(arrow_array::BooleanArray::from(
            values
                .iter()
                .map(|v| match v {
                    Some(Value::Bool(b)) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ))
    };
    let revenue = arrow_array::Decimal128Array::from(
        h.revenue
            .iter()
            .map(|v| v.map(|n| (n * Decimal::from(100)).mantissa()))
            .collect::<Vec<_>>(),
    )
    .with_precision_and_scale(38, 2)
    .expect("revenue in cents");
    let seniority = &h.level_names;
    RecordBatch::try_from_iter([
        (
            "employees",
            Arc::new(UInt32Array::from(h.employees.clone())) as ArrayRef,
        ),
        ("annual_revenue", Arc::new(revenue) as ArrayRef),
        ("industry", text(&h.texts[0])),
        ("country", text(&h.texts[1])),
        ("job_title", text(&h.texts[2])),
        ("seniority", text(seniority)),
        ("crm_plan", text(&custom_text(&h.plan))),
        ("seats", Arc::new(seats) as ArrayRef),
        ("competitor", flag(&h.competitor)),
        ("spam", flag(&h.spam)),
    ])
    .expect("a table")
}

fn fit_only(c: &mut Criterion) {
    let policy = ten_criteria_policy();
    let now = now();
    let leads = batch(LEADS, now);
    let (bits, weights) = criterion_bits(&policy, &leads);
    let mut builder = BatchBuilder::new(&policy);
    for (p, _) in &leads {
        builder.push_profile(p, &[]);
    }
    let h = host(&leads);
    let plain = arrow_table(&h, false);
    let dictionary = arrow_table(&h, true);

    // Every path scores every lead as `assess` does, and the reference agrees on scores.
    let want: Vec<Assessment> = leads.iter().map(|(p, _)| policy.assess(p, &[], now)).collect();
    let mut out = Vec::with_capacity(LEADS);
    let mut scores = Vec::with_capacity(LEADS);
    reference(&bits, &weights, &mut scores);
    let fits: Vec<i64> = want
        .iter()
        .map(|a| i64::try_from((a.fit_score() * Decimal::from(10_000)).trunc()).expect("a score"))
        .collect();
    assert_eq!(scores, fits, "the reference loop scores as the engine does");
    let check = |path: &str, batch: &Batch<'_>, out: &mut Vec<Assessment>| {
        policy.assess_batch(batch, now, out).expect("this policy's batch");
        let wrong = out.iter().zip(&want).position(|(a, b)| a != b);
        assert_eq!(
            wrong, None,
            "{path}: the first lead scored otherwise than by assess"
        );
    };
    check("coded", &builder.batch(), &mut out);
    check("host plain", &host_batch(&policy, &h, false), &mut out);
    check("host dictionary", &host_batch(&policy, &h, true), &mut out);
    let plain_batch = Batch::from_record_batch(&policy, &plain).expect("a batch");
    check("arrow plain", &plain_batch, &mut out);
    let dictionary_batch = Batch::from_record_batch(&policy, &dictionary).expect("a batch");
    check("arrow dictionary", &dictionary_batch, &mut out);

    let mut group = c.benchmark_group("fit_10k");
    group.throughput(Throughput::Elements(LEADS as u64));
    group.bench_function("reference_loop", |b| {
        b.iter(|| reference(black_box(&bits), black_box(&weights), &mut scores))
    });
    group.bench_function("assess_batch/coded", |b| {
        let batch = builder.batch();
        b.iter(|| policy.assess_batch(black_box(&batch), now, &mut out))
    });
    group.bench_function("assess_batch/host_plain", |b| {
        let batch = host_batch(&policy, &h, false);
        b.iter(|| policy.assess_batch(black_box(&batch), now, &mut out))
    });
    group.bench_function("assess_batch/host_dictionary", |b| {
        let batch = host_batch(&policy, &h, true);
        b.iter(|| policy.assess_batch(black_box(&batch), now, &mut out))
    });
    group.bench_function("arrow_plain", |b| {
        b.iter(|| {
            let batch = Batch::from_record_batch(&policy, black_box(&plain)).expect("a batch");
            policy.assess_batch(&batch, now, &mut out)
        })
    });
    group.bench_function("arrow_dictionary", |b| {
        b.iter(|| {
            let batch = Batch::from_record_batch(&policy, black_box(&dictionary)).expect("a batch");
            policy.assess_batch(&batch, now, &mut out)
        })
    });
    group.bench_function("assess_each", |b| {
        b.iter(|| {
            for (p, _) in black_box(&leads) {
                black_box(policy.assess(p, &[], now));
            }
        })
    });
    group.finish();
}

/// A policy with a criterion on each of ten custom attributes: four texts, four numbers,
/// two flags.
fn ten_custom_policy() -> Policy {
    let mut spec: PolicySpec = Policy::default().spec().clone();
    spec.version = "bench-10-custom".into();
    spec.fit.criteria = (0..10)
        .map(|i| {
            let condition = match i % 5 {
                0 | 1 => Condition::OneOf(vec!["gold".into(), "platinum".into(), "enterprise".into()]),
                2 | 3 => Condition::Range {
                    min: Some(dec("10")),
                    max: Some(dec("10000")),
                },
                _ => Condition::Equals("true".into()),
            };
            CriterionSpec::new(
                format!("attribute {i}"),
                Field::Custom(format!("attr_{i}")),
                condition,
                dec("5"),
            )
        })
        .collect();
    spec.fit.knockouts.clear();
    spec.fit.pass.min_score = Some(dec("20"));
    spec.fit.pass.min_met = None;
    Policy::new(spec).expect("the bench policy is valid")
}

fn rows(c: &mut Criterion) {
    let policy = ten_custom_policy();
    let slots: Vec<_> = (0..10)
        .map(|i| policy.slot(&Field::Custom(format!("attr_{i}"))).expect("read"))
        .collect();
    let names: Vec<String> = (0..10).map(|i| format!("attr_{i}")).collect();
    let text = ["Gold", "silver", "Enterprise", "free"];
    let number = [dec("240"), dec("5"), dec("12000"), dec("77.5")];

    let mut group = c.benchmark_group("row_10_custom");
    group.throughput(Throughput::Elements(1));
    group.bench_function("profile", |b| {
        b.iter(|| {
            let mut p = Profile::new();
            for (i, name) in names.iter().enumerate() {
                let value = match i % 5 {
                    0 | 1 => Value::Text(text[i % 4].to_owned()),
                    2 | 3 => Value::Number(number[i % 4]),
                    _ => Value::Bool(i % 2 == 0),
                };
                p.custom.insert(name.clone(), value);
            }
            black_box(p)
        })
    });
    let fill = |row: &mut qualify::batch::Row| {
        for (i, slot) in slots.iter().enumerate() {
            let set = match i % 5 {
                0 | 1 => row.set(slot, black_box(text[i % 4])),
                2 | 3 => row.set(slot, black_box(number[i % 4])),
                _ => row.set(slot, black_box(i % 2 == 0)),
            };
            set.expect("a slot of this policy");
        }
    };
    group.bench_function("row_new", |b| {
        b.iter(|| {
            let mut row = policy.row();
            fill(&mut row);
            black_box(row)
        })
    });
    let mut row = policy.row();
    group.bench_function("row_reused", |b| {
        b.iter(|| {
            fill(&mut row);
            black_box(&row);
        })
    });
    group.finish();
}

criterion_group!(benches, fit_only, rows);
criterion_main!(benches);

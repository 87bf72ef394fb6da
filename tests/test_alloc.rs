//! `Policy::assess` allocates nothing; `Policy::explain` does (so the counter works), and
//! no more bytes than its input and the policy call for.
//!
//! A counting global allocator wraps the system one. Only allocations made on a thread that
//! has switched counting on are counted, and a mutex keeps the tests of this binary from
//! measuring at the same time.

mod util;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use qualify::batch::{Batch, BatchBuilder, Column};
use qualify::{
    Condition, CriterionSpec, Decimal, Field, KnockoutSpec, Lead, Observed, Policy, Profile, Seniority,
    Signal, SignalKind, SignalRule, Tier, Value, limits,
};
use util::*;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

/// Bytes asked for: each allocation's size, and each reallocation's new size.
static BYTES: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note(bytes: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        BYTES.fetch_add(bytes, Ordering::SeqCst);
    }
}

// SAFETY: every call is passed through to `System` unchanged; counting touches only an
// atomic and a const-initialized thread-local `Cell`, neither of which allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: `ptr` and `layout` came from this allocator, which is `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` came from this allocator, which is `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// One measurement at a time.
static MEASURING: Mutex<()> = Mutex::new(());

/// Runs `f` and counts the allocations it makes on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (result, count, _) = measured(f);
    (result, count)
}

/// Runs `f` and counts the allocations it makes on this thread, and the bytes they ask for.
fn measured<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let (count, bytes) = (ALLOCATIONS.load(Ordering::SeqCst), BYTES.load(Ordering::SeqCst));
    COUNTING.with(|c| c.set(true));
    let result = f();
    COUNTING.with(|c| c.set(false));
    (
        result,
        ALLOCATIONS.load(Ordering::SeqCst) - count,
        BYTES.load(Ordering::SeqCst) - bytes,
    )
}

/// The default policy's six criteria, four more (custom fields, `one_of`, a range on a
/// number, one of them required), a custom knockout and two custom signal kinds.
fn ten_criteria() -> Policy {
    let mut spec = default_spec();
    let criterion =
        |name: &str, field: Field, condition: Condition| CriterionSpec::new(name, field, condition, dec("5"));
    spec.fit.criteria.extend([
        criterion(
            "finance title",
            Field::JobTitle,
            Condition::OneOf(vec!["cfo".into(), "vp finance".into(), "controller".into()]),
        ),
        criterion(
            "paid plan",
            Field::Custom("crm_plan".into()),
            Condition::OneOf(vec!["business".into(), "enterprise".into()]),
        )
        .required(),
        criterion(
            "many seats",
            Field::Custom("seats".into()),
            Condition::Range {
                min: Some(dec("100")),
                max: None,
            },
        ),
        criterion(
            "partner",
            Field::Custom("partner".into()),
            Condition::Equals("true".into()),
        ),
    ]);
    spec.fit.knockouts.push(KnockoutSpec::new(
        "churned",
        Field::Custom("churned".into()),
        Condition::Present,
    ));
    for (name, points) in [("podcast_listen", "3"), ("g2_review", "8")] {
        spec.engagement
            .signals
            .push(SignalRule::new(SignalKind::Custom(name.into()), dec(points)));
    }
    Policy::new(spec).unwrap()
}

fn ideal_profile() -> Profile {
    Profile::new()
        .employees(2_400)
        .annual_revenue(dec("60000000"))
        .industry("Fintech")
        .country("US")
        .job_title("CFO")
        .seniority(Seniority::CLevel)
        .custom("crm_plan", Value::Text("Enterprise".into()))
        .custom("seats", Value::Number(dec("120")))
        .custom("partner", Value::Bool(true))
}

fn five_signals() -> Vec<Signal> {
    vec![
        Signal::new(SignalKind::DemoRequest, ts("2026-11-10T09:00:00Z")),
        Signal::new(SignalKind::PricingPageVisit, now()),
        Signal::new(SignalKind::NewsletterSignup, ts("2026-10-26T09:00:00Z")),
        Signal::new(SignalKind::Custom("podcast_listen".into()), now()),
        Signal::new(SignalKind::Custom("unlisted".into()), now()),
    ]
}

#[test]
fn assess_allocates_nothing() {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let policy = ten_criteria();
    assert_eq!(policy.spec().fit.criteria.len(), 10);
    let profile = ideal_profile();
    let signals = five_signals();
    let now = now();

    // Warm up, then measure.
    let warm = policy.assess(&profile, &signals, now);
    let (a, count) = allocations(|| {
        let mut last = None;
        for _ in 0..100 {
            last = Some(black_box(&policy).assess(black_box(&profile), black_box(&signals), black_box(now)));
        }
        last
    });
    assert_eq!(count, 0, "assess allocated {count} times in 100 calls");
    let a = a.unwrap();
    assert_eq!(a, warm);
    // The work is real: 100 default points + 4 * 5, all ten met; demo 15 days old 150 +
    // pricing page 40 + newsletter 30 days old 10 + podcast 3 + unlisted 0 = 203, SQL by
    // the demo alone.
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("120"), 10));
    assert_eq!(a.knockouts_hit(), 0);
    assert!(a.qualifies());
    assert_eq!((a.engagement_score(), a.tier()), (dec("203"), Some(Tier::Sql)));

    // A lead scores its own profile and signals the same way, without allocating either.
    let mut lead: Lead = lead_with_fit(profile.clone());
    for s in &signals {
        lead.record_signal(s.clone()).unwrap();
    }
    let (b, count) = allocations(|| black_box(&lead).assess(&policy, now));
    assert_eq!(count, 0, "Lead::assess allocated {count} times");
    assert_eq!(b, a);
    // A lead without fit evidence is scored as a blank profile.
    let blank = new_lead();
    let (c, count) = allocations(|| black_box(&blank).assess(&policy, now));
    assert_eq!(count, 0, "Lead::assess allocated {count} times on a blank lead");
    assert_eq!(c.criteria_met(), 0);

    // A knockout that hits, a failing profile and signals after now change nothing.
    let churned = Profile::new().custom("churned", Value::Bool(true));
    let late = [Signal::new(
        SignalKind::Custom("g2_review".into()),
        ts("2027-01-01T00:00:00Z"),
    )];
    let (d, count) = allocations(|| policy.assess(black_box(&churned), black_box(&late), now));
    assert_eq!(count, 0, "assess allocated {count} times on a knocked-out lead");
    assert_eq!((d.knockouts_hit(), d.engagement_score()), (1, dec("0")));
}

#[test]
fn text_conditions_and_the_contacts_domain_are_read_without_allocating() {
    let mut spec = ten_criteria().spec().clone();
    spec.fit.knockouts.push(KnockoutSpec::new(
        "free mail",
        Field::EmailDomain,
        Condition::DomainIn(vec!["gmail.com".into(), "rival.example".into()]),
    ));
    spec.fit.criteria[5].condition = Condition::StartsWith(vec!["chief".into(), "vp".into()]);
    let policy = Policy::new(spec).unwrap();
    let now = now();
    let titled = ideal_profile().job_title("Chief Financial Officer, EMEA (Working Student)");
    let mut lead = Lead::builder(
        id("crm-lead-2"),
        qualify::Contact::new("Ada Park", "ada@eu.Rival.example"),
        qualify::Source::Form,
        now,
    )
    .build();
    lead.record_fit(fit(titled.clone()));
    let warm = lead.assess(&policy, now);
    let (a, count) = allocations(|| black_box(&lead).assess(&policy, now));
    assert_eq!(count, 0, "Lead::assess allocated {count} times");
    assert_eq!(a, warm);
    // The contact's domain knocks out; the title starts with "chief" and holds "student".
    assert_eq!(a.knockouts_hit(), 2);
    let (b, count) = allocations(|| policy.assess(black_box(&titled), &[], now));
    assert_eq!(count, 0, "assess allocated {count} times");
    assert_eq!(
        b.knockouts_hit(),
        1,
        "a bare profile has no contact to read a domain from"
    );
}

#[test]
fn explain_allocates_so_the_counter_counts() {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let policy = ten_criteria();
    let profile = ideal_profile();
    let signals = five_signals();
    let (e, count) = allocations(|| policy.explain(&profile, &signals, now()));
    // At least the policy's version and the lists of criteria, knockouts and signals.
    assert!(count >= 4, "explain allocated only {count} times");
    assert_eq!(e.fit.criteria().len(), 10);
    assert_eq!(e.fit.score, dec("120"));
    let (_, count) = allocations(|| black_box(vec![1_u8]));
    assert_eq!(count, 1);
}

#[test]
fn explaining_a_huge_field_copies_it_once_not_once_per_rule() {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    // Every criterion and every knockout reads the industry, which is 4 MiB long.
    const FIELD: usize = 4 << 20;
    let mut spec = default_spec();
    spec.fit.criteria = (0..limits::MAX_CRITERIA)
        .map(|i| {
            CriterionSpec::new(
                format!("c{i}"),
                Field::Industry,
                match i % 3 {
                    0 => Condition::Equals(format!("v{i}")),
                    1 => Condition::OneOf(vec!["software".into(), format!("v{i}")]),
                    _ => Condition::Present,
                },
                dec("1"),
            )
        })
        .collect();
    spec.fit.knockouts = (0..limits::MAX_KNOCKOUTS)
        .map(|i| {
            KnockoutSpec::new(
                format!("k{i}"),
                Field::Industry,
                if i % 2 == 0 {
                    Condition::Equals(format!("k{i}"))
                } else {
                    Condition::Absent
                },
            )
        })
        .collect();
    let policy = Policy::new(spec).unwrap();
    let profile = Profile::new().industry("x".repeat(FIELD));

    let (e, count, bytes) = measured(|| policy.explain(&profile, &[], now()));
    assert!(
        bytes < 3 * FIELD,
        "explain asked for {bytes} bytes in {count} allocations"
    );
    // Every rule still shows what it saw: 21 `present` criteria of weight 1 met, no knockout.
    let huge = |seen: &Observed| matches!(seen, Observed::Text(t) if t.len() == FIELD);
    assert_eq!(
        e.fit.criteria().filter(|c| huge(c.seen)).count(),
        limits::MAX_CRITERIA
    );
    assert_eq!(
        e.fit.knockouts().filter(|k| huge(k.seen)).count(),
        limits::MAX_KNOCKOUTS
    );
    assert_eq!((e.fit.score, e.fit.met, e.qualifies), (dec("21"), 21, false));

    // A refused qualification explains itself, at the same cost.
    let lead = lead_with_fit(profile);
    let (refused, count, bytes) = measured(|| lead.qualify(&policy, now(), &rep()).err());
    assert!(
        bytes < 3 * FIELD,
        "qualify asked for {bytes} bytes in {count} allocations"
    );
    let refused = refused.expect("the lead is refused");
    assert_eq!(refused.fit_explanation().map(|e| e.fit.met), Some(21));
}

/// `n` varied leads for the ten-criterion policy: every field, missing ones, other texts.
fn varied(n: usize) -> Vec<(Profile, Vec<Signal>)> {
    let plans = ["Enterprise", "free", "business", "team"];
    (0..n)
        .map(|i| {
            let mut p = ideal_profile();
            if i % 3 == 0 {
                p.industry = None;
            }
            p.employees = Some(40 + 97 * i as u32);
            p.custom
                .insert("crm_plan".into(), Value::Text(plans[i % 4].into()));
            p.custom.insert(
                "seats".into(),
                Value::Number(Decimal::new(i as i64 * 37, (i % 3) as u32)),
            );
            let signals = if i % 2 == 0 { five_signals() } else { Vec::new() };
            (p, signals)
        })
        .collect()
}

#[test]
fn a_row_is_built_with_one_allocation_and_refilled_and_set_with_none() {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let policy = ten_criteria();
    let profile = ideal_profile();
    let now = now();
    let (row, count) = allocations(|| policy.row_of(black_box(&profile)));
    assert_eq!(count, 1, "a row took {count} allocations");
    let want = policy.assess(&profile, &[], now);
    assert_eq!(policy.assess_row(&row, &[], now).unwrap(), want);

    let leads = varied(100);
    let slots = [
        policy.slot(&Field::Custom("crm_plan".into())).unwrap(),
        policy.slot(&Field::Custom("seats".into())).unwrap(),
        policy.slot(&Field::Employees).unwrap(),
    ];
    let mut row = policy.row();
    let (scores, count) = allocations(|| {
        let mut scores = [0_u32; 100];
        for ((p, s), score) in leads.iter().zip(&mut scores) {
            row.fill(black_box(p));
            row.set(&slots[0], "enterprise").unwrap();
            row.set(&slots[1], dec("250")).unwrap();
            row.set(&slots[2], 2_500_u32).unwrap();
            *score = policy.assess_row(&row, s, now).unwrap().criteria_met();
        }
        scores
    });
    assert_eq!(
        count, 0,
        "refilling, setting and scoring a row allocated {count} times"
    );
    let mut last = leads[99].0.clone();
    last.custom
        .insert("crm_plan".into(), Value::Text("enterprise".into()));
    last.custom.insert("seats".into(), Value::Number(dec("250")));
    last.employees = Some(2_500);
    assert_eq!(scores[99], policy.assess(&last, &leads[99].1, now).criteria_met());
}

#[test]
fn a_batch_is_scored_without_allocating_per_lead() {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let policy = ten_criteria();
    let now = now();
    let mut builder = BatchBuilder::new(&policy);
    let mut out = Vec::new();
    for n in [1_000, 3_000] {
        let leads = varied(n);
        // Builder and output grow once to size; then refilling and scoring allocate nothing.
        builder.clear();
        for (p, s) in &leads {
            builder.push_profile(p, s);
        }
        policy.assess_batch(&builder.batch(), now, &mut out).unwrap();
        let ((), count) = allocations(|| {
            builder.clear();
            for (p, s) in &leads {
                builder.push_profile(black_box(p), s);
            }
        });
        assert_eq!(
            count, 0,
            "refilling a builder with {n} leads allocated {count} times"
        );
        let batch = builder.batch();
        let (scored, count) = allocations(|| policy.assess_batch(black_box(&batch), now, &mut out));
        scored.unwrap();
        assert_eq!(count, 0, "assess_batch over {n} leads allocated {count} times");
        assert_eq!(out.len(), n);
        for (a, (p, s)) in out.iter().zip(&leads) {
            assert_eq!(*a, policy.assess(p, s, now));
        }

        // The host's own columns: one allocation per column to attach it, none per lead.
        let employees: Vec<_> = leads.iter().map(|(p, _)| p.employees).collect();
        let plans: Vec<_> = leads
            .iter()
            .map(|(p, _)| p.custom.get("crm_plan").cloned())
            .collect();
        let keys: Vec<Option<u8>> = (0..n).map(|i| Some((i % 4) as u8)).collect();
        let titles = ["CFO", "cto", "VP Finance", "Student"];
        let (batch, count) = allocations(|| {
            let mut b = Batch::new(&policy, n);
            b.column(&Field::Employees, Column::integers(&employees)).unwrap();
            b.column(&Field::Custom("crm_plan".into()), Column::values(&plans))
                .unwrap();
            b.column(&Field::JobTitle, Column::dictionary(&keys, &titles))
                .unwrap();
            b
        });
        assert!(
            count <= 6,
            "attaching three columns of {n} leads allocated {count} times"
        );
        let (scored, count) = allocations(|| policy.assess_batch(black_box(&batch), now, &mut out));
        scored.unwrap();
        assert_eq!(
            count, 0,
            "assess_batch over {n} host leads allocated {count} times"
        );
        let mut p = Profile::new();
        p.employees = employees[n - 1];
        p.job_title = Some(titles[(n - 1) % 4].into());
        p.custom.insert("crm_plan".into(), plans[n - 1].clone().unwrap());
        assert_eq!(out[n - 1], policy.assess(&p, &[], now));
    }
}

#[cfg(feature = "arrow")]
#[test]
fn an_arrow_table_is_read_and_scored_without_allocating_per_lead() {
    use std::sync::Arc;

    use arrow_array::types::Int16Type;
    use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray, UInt32Array};

    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let policy = ten_criteria();
    let now = now();
    let mut counts = Vec::new();
    let mut out = Vec::with_capacity(4_000);
    for n in [1_000, 4_000] {
        let leads = varied(n);
        let table = RecordBatch::try_from_iter([
            (
                "employees",
                Arc::new(UInt32Array::from_iter(leads.iter().map(|(p, _)| p.employees))) as ArrayRef,
            ),
            (
                "industry",
                Arc::new(StringArray::from_iter(
                    leads.iter().map(|(p, _)| p.industry.clone()),
                )),
            ),
            (
                "crm_plan",
                Arc::new(
                    leads
                        .iter()
                        .map(|(p, _)| match p.custom.get("crm_plan") {
                            Some(Value::Text(t)) => Some(t.as_str()),
                            _ => None,
                        })
                        .collect::<DictionaryArray<Int16Type>>(),
                ),
            ),
        ])
        .unwrap();
        let (scored, count) = allocations(|| {
            let batch = Batch::from_record_batch(&policy, black_box(&table))?;
            policy.assess_batch(&batch, now, &mut out)
        });
        scored.unwrap();
        counts.push(count);
        let mut p = Profile::new();
        p.employees = leads[n - 1].0.employees;
        p.industry = leads[n - 1].0.industry.clone();
        p.custom
            .insert("crm_plan".into(), leads[n - 1].0.custom["crm_plan"].clone());
        assert_eq!(out[n - 1], policy.assess(&p, &[], now));
    }
    // Reading the table allocates per column (the batch, a box per column, a dictionary's
    // codes), the same for four times the leads.
    assert_eq!(
        counts[0], counts[1],
        "allocations grew with the leads: {counts:?}"
    );
    assert!(counts[0] <= 8, "{counts:?}");
}

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

use qualify::{
    Condition, CriterionSpec, Field, KnockoutSpec, Lead, Observed, Policy, Profile, Seniority, Signal,
    SignalKind, SignalRule, Tier, Value, limits,
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
    // pricing page 8 + newsletter 30 days old 10 + podcast 3 + unlisted 0 = 171, SQL.
    assert_eq!((a.fit_score(), a.criteria_met()), (dec("120"), 10));
    assert_eq!(a.knockouts_hit(), 0);
    assert!(a.qualifies());
    assert_eq!((a.engagement_score(), a.tier()), (dec("171"), Some(Tier::Sql)));

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

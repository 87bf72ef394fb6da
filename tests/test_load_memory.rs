//! What loading a stored record can cost in memory: the lists are bounded while they are
//! read, so a record far over `limits` is refused without first being held.
//!
//! A global allocator wraps the system one and tracks the bytes live on a thread that has
//! switched tracking on, and their peak; a mutex keeps the tests of this binary from
//! measuring at the same time.
#![cfg(feature = "serde")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use qualify::{Contact, Fit, Lead, Method, Profile, Provenance, Record, Source, limits};

struct Tracking;

/// Bytes live on the tracking thread since tracking began (saturating at zero: memory
/// allocated before and freed during does not count).
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The most bytes live at once since tracking began.
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
}

fn tracking() -> bool {
    TRACKING.try_with(Cell::get).unwrap_or(false)
}

fn grew(bytes: usize) {
    if tracking() {
        let live = LIVE.fetch_add(bytes, Ordering::SeqCst) + bytes;
        PEAK.fetch_max(live, Ordering::SeqCst);
    }
}

fn shrank(bytes: usize) {
    if tracking() {
        let _ = LIVE.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |live| {
            Some(live.saturating_sub(bytes))
        });
    }
}

// SAFETY: every call is passed through to `System` unchanged; tracking touches only atomics
// and a const-initialized thread-local `Cell`, none of which allocates.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        shrank(layout.size());
        // SAFETY: `ptr` and `layout` came from this allocator, which is `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: `ptr` and `layout` came from this allocator, which is `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

static MEASURING: Mutex<()> = Mutex::new(());

/// Runs `f` and returns what it returned and the most bytes it held at once.
fn peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let _one = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    LIVE.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    TRACKING.with(|t| t.set(true));
    let result = f();
    TRACKING.with(|t| t.set(false));
    (result, PEAK.load(Ordering::SeqCst))
}

const MIB: usize = 1 << 20;

/// A lead.
fn lead() -> Lead {
    Lead::builder(
        "lead-1".parse().unwrap(),
        Contact::new("Ada Park", "ada@example.com"),
        Source::Form,
        "2026-11-20T10:00:00Z".parse().unwrap(),
    )
    .build()
}

/// A lead's JSON with `entry` repeated in its `field` until the text is `size` bytes or
/// more; and how many entries it holds.
fn padded(field: &str, entry: &str, size: usize) -> (String, usize) {
    let mut json = serde_json::to_value(lead()).unwrap();
    json.as_object_mut().unwrap().remove(field);
    let text = serde_json::to_string(&json).unwrap();
    let open = &text[..text.len() - 1];
    let count = size / (entry.len() + 1) + 1;
    let mut out = String::with_capacity(text.len() + count * (entry.len() + 1) + 32);
    out.push_str(open);
    out.push_str(&format!(",\"{field}\":["));
    for i in 0..count {
        if i > 0 {
            out.push(',');
        }
        out.push_str(entry);
    }
    out.push_str("]}");
    (out, count)
}

/// A lead's JSON with fit evidence whose profile holds custom attributes `a0`, `a1`, ...
/// each of `value`, until the text is `size` bytes or more; and how many it holds.
fn attributed(value: &str, size: usize) -> (String, usize) {
    let mut lead = lead();
    let recorded = "2026-11-20T10:00:00Z".parse().unwrap();
    let profile = Profile::new().industry("software").custom("@", "@");
    lead.record_fit(Fit::new(
        profile,
        Provenance::new("sdr-1", recorded, Method::Form),
    ));
    let text = serde_json::to_string(&lead).unwrap();
    let marker = r#""@":{"text":"@"}"#;
    let (open, close) = text.split_once(marker).unwrap();
    let mut out = String::with_capacity(size + text.len() + 64);
    out.push_str(open);
    let mut count = 0;
    while out.len() < size {
        if count > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"a{count}\":{value}"));
        count += 1;
    }
    out.push_str(close);
    (out, count)
}

/// Most bytes a load of a record far over its limits may hold at once, whatever its size.
const BOUND: usize = 16 * MIB;

#[test]
fn a_record_of_99_mib_of_signals_is_refused_within_a_bounded_peak() {
    let (text, count) = padded(
        "signals",
        r#"{"kind":"demo_request","at":"2026-11-21T10:00:00Z"}"#,
        99 * MIB,
    );
    let (result, held) = peak(|| serde_json::from_str::<Record>(&text).map(|_| ()));
    assert_eq!(
        result.unwrap_err().to_string(),
        format!(
            "invalid lead record: signals holds {count} entries, more than the {} allowed",
            limits::MAX_SIGNALS
        )
    );
    assert!(held <= BOUND, "held {} MiB at once", held / MIB);
}

#[test]
fn a_record_of_99_mib_of_events_is_refused_within_a_bounded_peak() {
    let event = r#"{"event":"tier","tier":"mql","at":"2026-11-21T10:00:00Z","by":"sdr-1","why":"engagement","policy":"v1"}"#;
    let (text, count) = padded("history", event, 99 * MIB);
    let (result, held) = peak(|| serde_json::from_str::<Record>(&text).map(|_| ()));
    assert_eq!(
        result.unwrap_err().to_string(),
        format!(
            "invalid lead record: history holds {count} entries, more than the {} allowed",
            limits::MAX_EVENTS
        )
    );
    assert!(held <= BOUND, "held {} MiB at once", held / MIB);
}

#[test]
fn a_record_of_19_mib_of_custom_attributes_is_refused_within_a_bounded_peak() {
    let (text, count) = attributed(r#"{"text":"enterprise"}"#, 19 * MIB);
    let (result, held) = peak(|| serde_json::from_str::<Record>(&text).map(|_| ()));
    assert!(held <= BOUND, "held {} MiB at once", held / MIB);
    assert_eq!(
        result.unwrap_err().to_string(),
        format!(
            "invalid lead record: fit.profile.custom holds {count} attributes, more than the {} allowed",
            limits::MAX_CUSTOM_ATTRIBUTES
        )
    );
}

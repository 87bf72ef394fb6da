//! Explanations for people: how rules and values are worded, what a probability
//! explanation lists, and explanations read back from the wire.

mod util;

use qualify::{Signal, SignalKind};
use util::*;

// ---- probability: adjustments of zero are not listed ------------------------------------

#[test]
fn an_adjustment_of_zero_is_not_listed() {
    // Under the default policy an IQL lead's tier adjustment is 0: it changes nothing, so the
    // explanation says nothing of it, in its text or on the wire.
    let mut prospect = prospect_with(full_checklist());
    prospect
        .record_signal(Signal::new(SignalKind::ContentDownload, now()))
        .unwrap();
    let policy = qualify::Policy::default();
    assert_eq!(
        policy
            .assess(&prospect.fit().profile, prospect.signals(), now())
            .tier(),
        Some(qualify::Tier::Iql)
    );
    let estimate = prospect.close_probability(&policy, now());
    assert_eq!(
        estimate.to_string(),
        "close probability 0.95 meets threshold 0.75 (policy qualify-default-2026-11)\n  \
         base 0.5\n  \
         +0.2 budget approved\n  \
         +0.15 decision maker engaged\n  \
         +0.1 decision date near"
    );
    let names: Vec<&str> = estimate.adjustments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["budget approved", "decision maker engaged", "decision date near"]
    );
    let json = to_json(&estimate);
    assert_eq!(json["adjustments"].as_array().map(Vec::len), Some(3));

    // An MQL lead's adjustment is not zero, and is listed.
    prospect
        .record_signal(Signal::new(SignalKind::PricingRequest, now()))
        .unwrap();
    let estimate = prospect.close_probability(&policy, now());
    assert_eq!(
        estimate.adjustments.last().map(|a| (a.name.as_str(), a.value)),
        Some(("engagement MQL", dec("0.02")))
    );
}

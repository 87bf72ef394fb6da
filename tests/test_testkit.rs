//! The test kit tests itself: each checker catches a record broken its way (built by
//! editing the raw form, the only way to build one), and, with the `proptest` feature,
//! the generators reach every stage at the rate they advertise and make only records and
//! pipelines the checkers pass.

mod util;

use qualify::raw::{EventTag, RawBudgetStatus, RawEvent, RawMoney};
use qualify::testkit::{Invariant, Violation, check_pipeline, check_record, weighted_pipeline};
use qualify::{Actor, Policy, RawRecord, Record, Stage};
use util::*;

/// A won deal's raw form: lead -> prospect -> opportunity -> won, owned by `sdr-7`.
fn won() -> RawRecord {
    let won = opportunity().win(eur("58000"), now(), &rep()).unwrap();
    RawRecord::from(Record::from(won))
}

fn open_opportunity() -> RawRecord {
    RawRecord::from(Record::from(opportunity()))
}

/// The violations `check_record` finds, as `invariant: message`.
fn found(raw: &RawRecord) -> Vec<String> {
    check_record(raw)
        .iter()
        .map(|v| format!("{}: {}", v.invariant, v.message))
        .collect()
}

fn hand_off(from: Option<&str>, to: Option<&str>, at: &str) -> RawEvent {
    RawEvent {
        event: Some(EventTag::HandOff),
        from: None,
        to: None,
        at: at.into(),
        by: rep(),
        why: "territory".into(),
        policy: None,
        tier: None,
        probability: None,
        threshold: None,
        from_owner: from.map(Actor::new),
        to_owner: to.map(Actor::new),
        refreshed: None,
        category: None,
        import: None,
    }
}

#[test]
fn the_fixtures_hold_every_invariant() {
    assert_eq!(found(&won()), Vec::<String>::new());
    assert_eq!(found(&open_opportunity()), Vec::<String>::new());
    assert_eq!(
        found(&RawRecord::from(Record::from(discovery()))),
        Vec::<String>::new()
    );
    let mut other = open_opportunity();
    other.id = "crm-2".into();
    assert_eq!(check_pipeline(&[won(), other]), Vec::<Violation>::new());
}

#[test]
fn every_invariant_has_a_stable_name() {
    let names: Vec<&str> = Invariant::ALL.iter().map(|i| i.name()).collect();
    assert_eq!(
        names,
        [
            "readable",
            "chain",
            "legal-steps",
            "time-order",
            "tier-milestones",
            "hand-offs",
            "evidence",
            "open-estimate",
            "won-deal",
            "round-trip",
            "unique-ids",
            "weighted-pipeline",
        ]
    );
    assert_eq!(Invariant::HandOffs.to_string(), "hand-offs");
}

#[test]
fn a_violation_names_its_record_and_invariant() {
    let mut raw = won();
    raw.reason = Some("price".into());
    let v = &check_record(&raw)[0];
    assert_eq!(v.record, "crm-lead-1");
    assert_eq!(
        v.to_string(),
        "crm-lead-1: readable: unexpected reason, which this stage does not carry"
    );
    raw.id = " ".into();
    assert_eq!(
        check_record(&raw)[0].to_string(),
        "(no id): readable: id: record id is blank"
    );
}

#[test]
fn a_history_ending_elsewhere_breaks_the_chain() {
    let mut raw = won();
    raw.history.pop();
    assert_eq!(
        found(&raw),
        [
            "chain: history ends in opportunity, not won",
            "won-deal: won deal was closed from prospect, not from an opportunity",
        ]
    );
}

#[test]
fn a_step_that_names_no_policy_breaks_the_chain() {
    let mut raw = won();
    raw.history[0].policy = None;
    assert_eq!(
        found(&raw),
        ["chain: history[0] moves lead -> prospect without naming the policy that judged it"]
    );
}

#[test]
fn a_skipped_stage_breaks_legal_steps() {
    let mut raw = won();
    // lead -> prospect -> won: the opportunity step removed, the win now from a prospect.
    raw.history.remove(1);
    raw.history[1].from = Some(Stage::Prospect);
    assert_eq!(
        found(&raw),
        [
            "legal-steps: history[1] moves prospect -> won, which no transition does",
            "won-deal: won deal was closed from prospect, not from an opportunity",
        ]
    );
}

#[test]
fn time_running_backwards_breaks_time_order() {
    let mut raw = won();
    raw.history[2].at = "2026-11-01T00:00:00Z".into();
    assert_eq!(
        found(&raw),
        ["time-order: history[2].at 2026-11-01T00:00:00Z is before history[1].at 2026-11-25T09:00:00Z"]
    );
}

#[test]
fn a_falling_tier_breaks_tier_milestones() {
    let mut raw = open_opportunity();
    let tier = |tier| RawEvent {
        event: Some(EventTag::Tier),
        from: None,
        to: None,
        tier: Some(tier),
        policy: Some("default-1".into()),
        ..hand_off(None, None, "2026-11-25T09:00:00Z")
    };
    raw.history.push(tier(qualify::Tier::Sql));
    raw.history.push(tier(qualify::Tier::Mql));
    assert_eq!(
        found(&raw),
        ["tier-milestones: history[3] records tier MQL, not above the tier recorded before"]
    );
}

#[test]
fn an_owner_without_its_hand_off_breaks_hand_offs() {
    let mut raw = open_opportunity();
    raw.history
        .push(hand_off(Some("sdr-7"), Some("ae-2"), "2026-11-25T09:00:00Z"));
    assert_eq!(
        found(&raw),
        ["hand-offs: owner is \"sdr-7\", but history[2] handed the record to \"ae-2\""]
    );
    raw.owner = Some(Actor::new("ae-2"));
    assert_eq!(found(&raw), Vec::<String>::new());
    raw.history
        .push(hand_off(Some("sdr-7"), Some("ae-3"), "2026-11-25T09:00:00Z"));
    raw.owner = Some(Actor::new("ae-3"));
    assert_eq!(
        found(&raw),
        ["hand-offs: history[3] hands off from \"sdr-7\", but history[2] handed the record to \"ae-2\""]
    );
    raw.history.pop();
    raw.history
        .push(hand_off(Some("ae-2"), Some("ae-2"), "2026-11-25T09:00:00Z"));
    raw.owner = Some(Actor::new("ae-2"));
    assert_eq!(
        found(&raw),
        ["hand-offs: history[3] hands off from \"ae-2\" to the same owner"]
    );
}

#[test]
fn hollow_evidence_at_the_opening_breaks_evidence() {
    let mut raw = won();
    raw.need.as_mut().unwrap().problem = "TBD".into();
    raw.authority = None;
    assert_eq!(
        found(&raw),
        [
            "evidence: need problem \"TBD\" is a placeholder",
            "evidence: missing authority evidence",
        ]
    );
}

#[test]
fn evidence_recorded_after_the_record_breaks_evidence() {
    let mut raw = open_opportunity();
    let latest = raw.history.last().unwrap().at.clone();
    raw.need.as_mut().unwrap().provenance.recorded_at = "2030-01-01T00:00:00Z".into();
    assert_eq!(
        found(&raw),
        [format!(
            "evidence: need evidence is recorded at 2030-01-01T00:00:00Z, after the record's newest event at {latest}"
        )]
    );
}

#[test]
fn a_certain_or_low_estimate_breaks_open_estimate() {
    let mut raw = open_opportunity();
    raw.probability = Some("1".into());
    assert_eq!(
        found(&raw),
        [
            "open-estimate: probability 1 is not strictly between 0 and 1, as an estimate of an open deal must be",
            "open-estimate: probability 1 is not the estimate 0.95 recorded when it opened",
        ]
    );
    raw.probability = Some("0.5".into());
    assert_eq!(
        found(&raw),
        [
            "open-estimate: probability 0.5 is below the opportunity line 0.75 recorded when it opened",
            "open-estimate: probability 0.5 is not the estimate 0.95 recorded when it opened",
        ]
    );
    // The loader judges the record's own estimate; the kit also those the history recorded.
    let mut raw = open_opportunity();
    raw.history[1].probability = Some("0.7".into());
    assert_eq!(
        found(&raw),
        [
            "open-estimate: probability 0.95 is not the estimate 0.7 recorded when it opened",
            "open-estimate: history[1].probability 0.7 is below the line 0.75 recorded with it",
        ]
    );
    raw.history[1].probability = Some("0".into());
    assert_eq!(
        found(&raw),
        [
            "open-estimate: probability 0.95 is not the estimate 0 recorded when it opened",
            "open-estimate: history[1].probability 0 is not strictly between 0 and 1",
        ]
    );
    // Only a step into an open deal records an estimate of one.
    let mut raw = open_opportunity();
    raw.history[0].probability = Some("1".into());
    assert_eq!(found(&raw), Vec::<String>::new());
}

#[test]
fn a_won_deal_for_nothing_or_in_another_currency_breaks_won_deal() {
    let mut raw = won();
    raw.amount.as_mut().unwrap().amount = "0".into();
    assert_eq!(found(&raw), ["won-deal: won amount is zero"]);
    let mut raw = won();
    raw.amount.as_mut().unwrap().currency = "USD".into();
    assert_eq!(
        found(&raw),
        ["won-deal: won amount is in USD, but the approved budget is in EUR"]
    );
    // An approved budget whose amount is unknown holds the won amount to its currency.
    let mut raw = won();
    raw.budget.as_mut().unwrap().status = RawBudgetStatus::ApprovedAmountUnknown {
        currency: "USD".into(),
    };
    assert_eq!(
        found(&raw),
        ["won-deal: won amount is in EUR, but the approved budget is in USD"]
    );
    raw.amount.as_mut().unwrap().currency = "USD".into();
    assert_eq!(found(&raw), Vec::<String>::new());
}

#[test]
fn unreadable_values_break_readable() {
    let mut raw = won();
    raw.format = 9;
    assert_eq!(
        found(&raw),
        ["readable: format 9 is not one this crate reads (1 to 2)"]
    );
}

#[test]
fn a_pipeline_with_one_id_twice_breaks_unique_ids() {
    let mut other = open_opportunity();
    other.id = "crm-2".into();
    let found: Vec<String> = check_pipeline(&[open_opportunity(), other, won()])
        .iter()
        .map(Violation::to_string)
        .collect();
    assert_eq!(
        found,
        ["crm-lead-1: unique-ids: records 0 and 2 share the id \"crm-lead-1\""]
    );
}

#[test]
fn the_weighted_pipeline_counts_open_deals_only() {
    let records = [
        won().check().unwrap(),
        open_opportunity().check().unwrap(),
        Record::from(discovery()),
        Record::from(new_lead()),
    ];
    let sums: Vec<String> = weighted_pipeline(&records)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    // 60,000 EUR at 0.95; the discovery has no budget; the won deal does not count.
    assert_eq!(sums, ["57000.00 EUR"]);
    assert!(weighted_pipeline(&records[..1]).unwrap().is_empty());
}

#[test]
fn a_weighted_pipeline_that_overflows_is_refused() {
    let mut raw = open_opportunity();
    let max = qualify::Decimal::MAX.to_string();
    raw.budget.as_mut().unwrap().status = RawBudgetStatus::Approved {
        amount: RawMoney {
            amount: max.clone(),
            currency: "EUR".into(),
        },
    };
    let mut twin = raw.clone();
    twin.id = "crm-2".into();
    let record = raw.clone().check().unwrap();
    let err = weighted_pipeline(&[record.clone(), record]).unwrap_err();
    assert_eq!(err.to_string(), "the weighted pipeline in EUR overflows");
    let found: Vec<String> = check_pipeline(&[raw, twin])
        .iter()
        .map(Violation::to_string)
        .collect();
    assert_eq!(
        found,
        ["(pipeline): weighted-pipeline: the open deals' sum overflows"]
    );
}

#[test]
fn the_default_policy_judges_the_fixtures() {
    // The fixtures the checkers are tested on are the crate's own transitions' output.
    assert_eq!(
        Policy::default().version(),
        won().history[0].policy.as_deref().unwrap()
    );
}

/// The generators, judged by the checkers and by how often they reach each stage.
#[cfg(feature = "proptest")]
mod generators {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    use qualify::testkit::strategy::{
        Flavour, StageMix, checklist, pipelines, records, records_under, staged_policies, steerable_policies,
        strict_policies,
    };
    use qualify::testkit::{check_pipeline, check_record, weighted_pipeline};
    use qualify::{Policy, RawRecord, Record, Stage, Unmet};

    use super::util::*;

    const CASES: usize = 3_000;

    /// How many of `CASES` records drawn from `strategy` are at each stage.
    fn stages(strategy: impl Strategy<Value = Record>) -> BTreeMap<Stage, usize> {
        let mut runner = TestRunner::deterministic();
        let mut counts = BTreeMap::new();
        for _ in 0..CASES {
            let record = strategy.new_tree(&mut runner).unwrap().current();
            *counts.entry(record.stage()).or_insert(0) += 1;
        }
        counts
    }

    /// Asserts that each stage of `expected` is reached in at least 10 % of cases, and no
    /// other stage at all; prints the figures.
    #[track_caller]
    fn at_least_a_tenth_each(name: &str, counts: &BTreeMap<Stage, usize>, expected: &[Stage]) {
        let figures: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{s} {n} ({:.1} %)", 100.0 * *n as f64 / CASES as f64))
            .collect();
        eprintln!("{name}, {CASES} cases: {}", figures.join(", "));
        let reached: Vec<Stage> = counts.keys().copied().collect();
        assert_eq!(reached, expected, "{name}");
        for (stage, n) in counts {
            assert!(*n * 10 >= CASES, "{name}: {stage} in only {n} of {CASES} cases");
        }
    }

    const STRICT: [Stage; 6] = [
        Stage::Lead,
        Stage::Prospect,
        Stage::Opportunity,
        Stage::Disqualified,
        Stage::Won,
        Stage::Lost,
    ];

    #[test]
    fn the_default_policy_reaches_every_strict_stage_a_sixth_of_the_time() {
        let counts = stages(records_under(Policy::default(), StageMix::default()));
        at_least_a_tenth_each("default policy", &counts, &STRICT);
    }

    #[test]
    fn generated_strict_policies_reach_every_strict_stage() {
        let strategy = steerable_policies(false).prop_flat_map(|p| records_under(p, StageMix::default()));
        at_least_a_tenth_each("generated strict policies", &stages(strategy), &STRICT);
    }

    #[test]
    fn generated_staged_policies_reach_every_stage_discovery_too() {
        let strategy = steerable_policies(true).prop_flat_map(|p| records_under(p, StageMix::default()));
        at_least_a_tenth_each("generated staged policies", &stages(strategy), &Stage::ALL);
    }

    #[test]
    fn a_mix_sets_the_rates() {
        let mix = StageMix::none().with(Stage::Won, 3).with(Stage::Lead, 1);
        let counts = stages(records_under(Policy::default(), mix));
        let won = counts.get(&Stage::Won).copied().unwrap_or(0);
        eprintln!("won 3 : lead 1, {CASES} cases: {counts:?}");
        assert_eq!(
            counts.keys().copied().collect::<Vec<_>>(),
            [Stage::Lead, Stage::Won]
        );
        // Three in four, within a few points.
        assert!((2_100..=2_400).contains(&won), "won in {won} of {CASES} cases");
    }

    #[test]
    fn a_quarter_of_deals_have_a_budget_approved_for_an_amount_unknown_and_win_in_its_currency() {
        let mut runner = TestRunner::deterministic();
        let mix = StageMix::none().with(Stage::Opportunity, 1).with(Stage::Won, 1);
        let strategy = records_under(Policy::default(), mix);
        let (mut unknown, mut won) = (0, 0);
        for _ in 0..CASES {
            let record = strategy.new_tree(&mut runner).unwrap().current();
            let Some(qualify::BudgetStatus::ApprovedAmountUnknown { currency }) =
                record.budget().map(|b| b.status.clone())
            else {
                continue;
            };
            unknown += 1;
            if let Some(amount) = record.amount() {
                won += 1;
                assert_eq!(amount.currency(), currency);
            }
            let raw = RawRecord::from(record.clone());
            assert!(check_record(&raw).is_empty(), "{:?}", check_record(&raw));
            assert_eq!(raw.check().unwrap(), record);
        }
        eprintln!("{CASES} cases: {unknown} with an amount unknown, {won} of them won");
        // A quarter, within a few points; about half of them won.
        assert!((600..=900).contains(&unknown), "{unknown} of {CASES} cases");
        assert!(won * 3 >= unknown, "{won} of {unknown} won");
    }

    #[test]
    fn histories_carry_owners_hand_offs_and_tier_milestones() {
        let mut runner = TestRunner::deterministic();
        let strategy = records_under(Policy::default(), StageMix::default());
        let (mut owned, mut handed, mut tiers) = (0, 0, 0);
        for _ in 0..CASES {
            let record = strategy.new_tree(&mut runner).unwrap().current();
            let events = record.history().entries();
            owned += usize::from(record.owner().is_some());
            handed += usize::from(events.iter().any(|e| e.hand_off().is_some()));
            tiers += usize::from(
                events
                    .iter()
                    .any(|e| matches!(e.kind, qualify::EventKind::Tier(_))),
            );
        }
        eprintln!("{CASES} cases: {owned} owned, {handed} with a hand-off, {tiers} with a tier milestone");
        for (what, n) in [("owned", owned), ("hand-off", handed), ("tier milestone", tiers)] {
            assert!(n * 10 >= CASES, "{what} in only {n} of {CASES} cases");
        }
    }

    #[test]
    fn hollow_evidence_keeps_a_prospect_from_promotion() {
        let mut runner = TestRunner::deterministic();
        let s = checklist(
            Flavour::Hollow,
            Flavour::Substantive,
            Flavour::Substantive,
            Flavour::Substantive,
            now(),
            qualify::Currency::new("EUR").unwrap(),
        );
        for _ in 0..200 {
            let evidence = s.new_tree(&mut runner).unwrap().current();
            let refused = prospect_with(evidence)
                .promote(&Policy::default(), now(), &rep())
                .unwrap_err();
            assert!(
                refused.unmet().iter().any(|u| matches!(u, Unmet::Hollow(_))),
                "{:?}",
                refused.unmet()
            );
        }
    }

    proptest! {
        #![proptest_config(Config { cases: 256, ..Config::default() })]

        #[test]
        fn generated_records_hold_every_invariant((_policy, record) in records(StageMix::default())) {
            let raw = RawRecord::from(&record);
            prop_assert_eq!(check_record(&raw), vec![]);
            let json = serde_json::to_string(&record).unwrap();
            prop_assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
        }

        #[test]
        fn the_default_generators_pipelines_hold_every_invariant(
            records in pipelines(Policy::default(), StageMix::default(), 0..24),
        ) {
            let raw: Vec<RawRecord> = records.iter().map(RawRecord::from).collect();
            prop_assert_eq!(check_pipeline(&raw), vec![]);
            let open: Vec<Record> = records.iter().filter(|r| r.stage().is_open()).cloned().collect();
            prop_assert_eq!(weighted_pipeline(&records), weighted_pipeline(&open));
        }

        /// The README's downstream property test, as written there (a doctest compiles
        /// its imports, but not the body of a `#[test]`).
        #[test]
        fn my_store_keeps_every_invariant(records in pipelines(Policy::default(), StageMix::default(), 0..50)) {
            let stored: Vec<RawRecord> = records.iter().map(RawRecord::from).collect();
            prop_assert_eq!(check_pipeline(&stored), vec![]);
            prop_assert!(weighted_pipeline(&records).is_ok());
        }

        #[test]
        fn staged_pipelines_hold_every_invariant(
            records in steerable_policies(true).prop_flat_map(|p| pipelines(p, StageMix::default(), 0..12)),
        ) {
            let raw: Vec<RawRecord> = records.iter().map(RawRecord::from).collect();
            prop_assert_eq!(check_pipeline(&raw), vec![]);
        }

        #[test]
        fn generated_policies_are_valid_and_staged_as_asked(
            strict in strict_policies(),
            staged in staged_policies(),
        ) {
            prop_assert!(!strict.staged());
            prop_assert!(staged.staged());
            prop_assert!(Policy::new(strict.spec().clone()).is_ok());
        }
    }
}

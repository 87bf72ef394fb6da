//! Every public type can cross threads and be moved freely: `Send + Sync + Unpin` (after
//! dtolnay/semver's `test_autotrait.rs`). A field that is not (an `Rc`, a `Cell`, a raw
//! pointer) would break this test before it breaks a user.
//!
//! The lists cover every type in the `pub use` lines of `src/lib.rs` (a new one belongs
//! here too), grouped by topic; `Rejected` for each state a transition can refuse.

#![allow(clippy::extra_unused_type_parameters)]

fn assert_auto<T: Send + Sync + Unpin>() {}

fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn states() {
    assert_auto::<qualify::Lead>();
    assert_auto::<qualify::Prospect>();
    assert_auto::<qualify::Discovery>();
    assert_auto::<qualify::Opportunity>();
    assert_auto::<qualify::Disqualified>();
    assert_auto::<qualify::Won>();
    assert_auto::<qualify::Lost>();
    assert_auto::<qualify::Record>();
    assert_auto::<qualify::Triage>();
    assert_auto::<qualify::Bant>();
    assert_auto::<qualify::Checklist>();
}

#[test]
fn errors() {
    assert_auto::<qualify::Action>();
    assert_auto::<qualify::NameError>();
    assert_auto::<qualify::PolicyError>();
    assert_auto::<qualify::PolicyProblem>();
    assert_auto::<qualify::RecordError>();
    assert_auto::<qualify::RecordProblem>();
    assert_auto::<qualify::Rejected<qualify::Lead>>();
    assert_auto::<qualify::Rejected<qualify::Prospect>>();
    assert_auto::<qualify::Rejected<qualify::Discovery>>();
    assert_auto::<qualify::Rejected<qualify::Opportunity>>();
    assert_auto::<qualify::TimestampError>();
    assert_auto::<qualify::Unmet>();
    assert_auto::<qualify::ValueError>();
}

#[test]
fn errors_box_into_a_thread_safe_dyn_error() {
    assert_error::<qualify::NameError>();
    assert_error::<qualify::PolicyError>();
    assert_error::<qualify::RecordError>();
    assert_error::<qualify::Rejected<qualify::Lead>>();
    assert_error::<qualify::Rejected<qualify::Prospect>>();
    assert_error::<qualify::Rejected<qualify::Discovery>>();
    assert_error::<qualify::Rejected<qualify::Opportunity>>();
    assert_error::<qualify::TimestampError>();
    assert_error::<qualify::ValueError>();
}

#[test]
fn evidence() {
    assert_auto::<qualify::Access>();
    assert_auto::<qualify::Actor>();
    assert_auto::<qualify::Authority>();
    assert_auto::<qualify::Budget>();
    assert_auto::<qualify::BudgetStatus>();
    assert_auto::<qualify::Currency>();
    assert_auto::<qualify::EvidenceKind>();
    assert_auto::<qualify::Fit>();
    assert_auto::<qualify::Method>();
    assert_auto::<qualify::Money>();
    assert_auto::<qualify::Need>();
    assert_auto::<qualify::Probability>();
    assert_auto::<qualify::Provenance>();
    assert_auto::<qualify::Reason>();
    assert_auto::<qualify::Timeline>();
}

#[test]
fn explanations() {
    assert_auto::<qualify::Adjustment>();
    assert_auto::<qualify::CriterionOutcome<'static>>();
    assert_auto::<qualify::EngagementExplanation>();
    assert_auto::<qualify::Explanation>();
    assert_auto::<qualify::FitExplanation>();
    assert_auto::<qualify::KnockoutOutcome<'static>>();
    assert_auto::<qualify::ProbabilityExplanation>();
    assert_auto::<qualify::SignalOutcome>();
}

#[test]
fn history() {
    assert_auto::<qualify::History>();
    assert_auto::<qualify::Stage>();
    assert_auto::<qualify::Transition>();
}

#[test]
fn policy() {
    assert_auto::<qualify::Condition>();
    assert_auto::<qualify::CriterionSpec>();
    assert_auto::<qualify::Decay>();
    assert_auto::<qualify::EngagementSpec>();
    assert_auto::<qualify::EvidenceSpec>();
    assert_auto::<qualify::Field>();
    assert_auto::<qualify::FitSpec>();
    assert_auto::<qualify::KnockoutSpec>();
    assert_auto::<qualify::OpportunitySpec>();
    assert_auto::<qualify::PassSpec>();
    assert_auto::<qualify::Policy>();
    assert_auto::<qualify::PolicySpec>();
    assert_auto::<qualify::ProbabilitySpec>();
    assert_auto::<qualify::Require>();
    assert_auto::<qualify::SignalRule>();
    assert_auto::<qualify::StrongFit>();
    assert_auto::<qualify::TierAdjust>();
    assert_auto::<qualify::TierSpec>();
    assert_auto::<qualify::WithinDays>();
}

#[test]
fn profile_scoring_and_time() {
    assert_auto::<qualify::Contact>();
    assert_auto::<qualify::Profile>();
    assert_auto::<qualify::Seniority>();
    assert_auto::<qualify::Signal>();
    assert_auto::<qualify::SignalKind>();
    assert_auto::<qualify::Source>();
    assert_auto::<qualify::Value>();
    assert_auto::<qualify::Assessment>();
    assert_auto::<qualify::Tier>();
    assert_auto::<qualify::Timestamp>();
}

#[test]
fn the_types_added_with_events_ids_and_the_raw_form() {
    assert_auto::<qualify::Event>();
    assert_auto::<qualify::EventKind>();
    assert_auto::<qualify::HandOff>();
    assert_auto::<qualify::Hollow>();
    assert_auto::<qualify::LeadBuilder>();
    assert_auto::<qualify::RawRecord>();
    assert_auto::<qualify::raw::RawEvent>();
    assert_auto::<qualify::RecordId>();
    assert_auto::<qualify::OpenRange>();
    assert_auto::<qualify::DecayApplied>();
    assert_auto::<qualify::Observed>();
    assert_auto::<qualify::CriterionOutcome<'static>>();
    assert_auto::<qualify::KnockoutOutcome<'static>>();
    assert_auto::<qualify::Rejected<qualify::Lead>>();
    assert_error::<qualify::WrongStage>();
    assert_error::<qualify::Rejected<()>>();
    assert_error::<qualify::Rejected<qualify::Signal>>();
}

#[test]
fn testkit() {
    assert_auto::<qualify::testkit::Invariant>();
    assert_auto::<qualify::testkit::Violation>();
    assert_auto::<qualify::testkit::Overflow>();
    assert_error::<qualify::testkit::Overflow>();
}

#[cfg(feature = "proptest")]
#[test]
fn testkit_strategies() {
    assert_auto::<qualify::testkit::strategy::StageMix>();
    assert_auto::<qualify::testkit::strategy::Flavour>();
}

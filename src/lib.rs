//! Sales qualification rules as types: a [`Lead`] becomes a [`Prospect`] only with evidence
//! of fit, and a prospect becomes an [`Opportunity`] only with evidence of need, budget,
//! authority and timeline. (A CRM import may assume fit for a deal the CRM already holds,
//! and says so: see [`FitBasis`].)
//!
//! ```
//! use qualify::{
//!     Access, Actor, Authority, Budget, BudgetStatus, Contact, Currency, Fit, Lead, Method,
//!     Money, Need, Policy, Profile, Provenance, Seniority, Source, Timeline, Timestamp,
//! };
//!
//! let policy = Policy::default();
//! let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
//! let rep = Actor::new("rep@acme.example");
//! let said = |method| Provenance::new(rep.clone(), now, method);
//!
//! // A lead arrives from a form. Nothing about it is confirmed yet.
//! let mut lead = Lead::builder(
//!     "crm-0042".parse()?, // the id your CRM knows it by
//!     Contact::new("Ada Park", "ada@northwind.example"),
//!     Source::Form,
//!     now,
//! )
//! .company("Northwind")
//! .build();
//!
//! // Fit evidence makes it a prospect, if the policy agrees.
//! lead.record_fit(Fit {
//!     profile: Profile::new()
//!         .employees(2_400)
//!         .industry("software")
//!         .country("DE")
//!         .seniority(Seniority::VicePresident),
//!     provenance: said(Method::Enrichment),
//! });
//! let mut prospect = lead.qualify(&policy, now, &rep)?;
//!
//! // Without need, budget, authority and timeline, it cannot become an opportunity...
//! let err = prospect.promote(&policy, now, &rep).unwrap_err();
//! assert_eq!(err.unmet().len(), 5); // four missing, and a probability below the line
//! prospect = err.into_input(); // ...and nothing is lost.
//!
//! // With all four confirmed, it can.
//! let eur = Currency::new("EUR")?;
//! let checklist = prospect.evidence_mut();
//! checklist.need = Some(Need { problem: "month-end close takes 9 days".into(), provenance: said(Method::Call) });
//! checklist.budget = Some(Budget {
//!     status: BudgetStatus::Approved { amount: Money::new(60_000.into(), eur)? },
//!     provenance: said(Method::Call),
//! });
//! checklist.authority = Some(Authority {
//!     person: "CFO".into(),
//!     access: Access::DecisionMaker,
//!     provenance: said(Method::Meeting),
//! });
//! checklist.timeline = Some(Timeline {
//!     decide_by: "2027-01-31T00:00:00Z".parse()?,
//!     provenance: said(Method::Meeting),
//! });
//! let opportunity = prospect.promote(&policy, now, &rep)?;
//! assert_eq!(opportunity.probability().to_string(), "0.95");
//!
//! let won = opportunity.win(Money::new(58_000.into(), eur)?, now, &rep)?;
//! assert_eq!(won.history().len(), 3); // lead -> prospect -> opportunity -> won
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A short tour
//!
//! - **A record moves through states**, one type each, and each guarantees what the first
//!   sentence of its docs says: [`Lead`] (built with [`Lead::builder`]), [`Prospect`],
//!   [`Discovery`] (a deal tracked before budget and authority are settled), [`Opportunity`],
//!   [`Disqualified`], [`Won`], [`Lost`]. [`Record`] holds any of them, for storage.
//! - **A transition consumes its state** and returns the next; a refused one hands it back
//!   in a [`Rejected`] listing every [`Unmet`] requirement. Every transition, and every
//!   hand-off, has a `check_` twin (`check_qualify`, `check_triage`, `check_promote`,
//!   `check_lose`, `check_hand_off`, ...) that lists them at a `now` without moving the
//!   record, empty exactly when the transition would succeed. A check judges no actor: the
//!   same transition by an actor who names no one also finds [`Unmet::HollowActor`].
//! - **Evidence is data with provenance**: [`Fit`], [`Need`], [`Budget`], [`Authority`],
//!   [`Timeline`], each with a [`Provenance`]; [`Hollow`] says why recorded evidence says
//!   nothing.
//! - **A history** of [`Event`]s records every transition, tier milestone and hand-off.
//! - **A policy** is written as a [`PolicySpec`] (its parts in [`policy`]), checked and
//!   compiled by [`Policy::new`], or taken as [`Policy::default`]. [`Policy::assess`] scores
//!   without allocating; [`Policy::explain`] says why, criterion by criterion (the views in
//!   [`explain`]).
//! - **Stored records** load through their [`raw`] form, which lists every problem.
//! - **Pipeline reports**, [`pipeline`]: the funnel, close rates per owner, the weighted
//!   forecast with forecast categories, calibration, the triage window, ageing, sales
//!   velocity and the weekly review of open deals, over any records, a period and an
//!   `as_of` you pass; exact, and mergeable across shards.
//! - **CRM interop**, [`crm`]: a CRM's rows read through a mapping (presets for HubSpot,
//!   Salesforce and Dynamics 365), each typed at the highest stage its evidence supports and
//!   never above its label, with a finding for every disagreement; an audit of the stated
//!   close rate and forecast against the ones the evidence supports; write-back of what the
//!   crate corrected.
//! - **A test kit**, [`testkit`], judges stored records and pipelines against every
//!   invariant the crate promises, and (with the `proptest` feature) generates policies and
//!   records at every stage through the real transitions.
//! - **Values** are checked when built: [`Timestamp`] (time always comes in as an
//!   argument), [`Money`], [`Probability`], [`Reason`], [`RecordId`], [`Actor`];
//!   [`Decimal`] is re-exported so a program builds amounts without depending on
//!   `rust_decimal` itself.
//!
//! The crate reads no clock, no file, no network and no environment, and nothing in it
//! panics on any input. [`design`] answers the questions a careful reader asks of it.
//!
//! # Features
//!
//! - `serde` (default): serialization of every state, evidence type, policy and
//!   explanation. Decimals are strings, read exactly or refused, never rounded; a policy's
//!   figures may also be JSON numbers, read only when they convert exactly. Timestamps are
//!   RFC 3339 strings. Deserializing a state runs the checks its transitions guarantee; an
//!   explanation reads back equal to the one written.
//! - `jiff` (off): [`Timestamp`] converts to and from `jiff::Timestamp` with `TryFrom`
//!   (jiff's range ends on 9999-12-30 and begins before year 1).
//! - `chrono` (off): [`Timestamp`] converts into `chrono::DateTime<Utc>` with `From`, and
//!   from any `chrono::DateTime` with `TryFrom`.
//! - `proptest` (off): proptest strategies in `testkit::strategy`. The kit follows
//!   proptest 1.x; a new proptest major version is a breaking change of the kit.
//!
//! Conversions truncate sub-second digits toward the earlier whole second, as parsing
//! does. `std::time::SystemTime` converts both ways without a feature.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
// States move by value through transitions, and a refused transition hands its input back
// inside `Rejected`: the `Err` side is as large as the `Ok` side by design (DESIGN.md).
#![allow(clippy::result_large_err)]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Design questions and their answers: why the crate is built the way it is.
#[doc = include_str!("../DESIGN.md")]
pub mod design {}

pub mod batch;
pub mod crm;
mod engine;
mod evidence;
pub mod explain;
pub mod pipeline;
pub mod policy;
mod profile;
mod states;
pub mod testkit;
mod values;

pub use engine::{Assessment, Policy};
pub use evidence::{
    Access, AssumedFit, Authority, Bant, Budget, BudgetKind, BudgetStatus, Checklist, EvidenceKind, Fit,
    FitBasis, Hollow, Method, Need, PLACEHOLDERS, Provenance, Timeline, Unmet, is_placeholder, says_nothing,
};
pub use explain::{
    Adjustment, CriterionOutcome, DecayApplied, EngagementExplanation, Explanation, FitExplanation,
    KnockoutOutcome, Observed, ProbabilityExplanation, SignalOutcome,
};
pub use policy::{
    Condition, CriterionSpec, Decay, EngagementSpec, EvidenceSpec, Field, FitSpec, ForecastBands,
    KnockoutSpec, OpenRange, OpportunitySpec, PassSpec, PipelineSpec, PolicyError, PolicyProblem, PolicySpec,
    ProbabilitySpec, Require, SignalRule, StageDays, StrongFit, Tier, TierAdjust, TierRule, TierSpec,
    WithinDays, limits,
};
pub use profile::{Contact, Profile, Seniority, Signal, SignalKind, Source, Value};
pub use rust_decimal::Decimal;
pub use states::raw;
pub use states::{
    Action, Discovery, Disqualified, Event, EventKind, ForecastCategory, HandOff, History, Import, Lead,
    LeadBuilder, Lost, Opportunity, Prospect, RawRecord, Record, RecordError, RecordProblem, Rejected, Stage,
    Transition, Triage, Won, WrongStage,
};
pub use values::{
    Actor, Currency, MAX_ID_LEN, MAX_REASON_LEN, Money, NameError, Probability, Reason, RecordId, Timestamp,
    TimestampError, Total, ValueError,
};

//! Proptest strategies (the `proptest` feature): values, evidence in three flavours,
//! valid policies, and records at every stage reached through the real transitions.
//!
//! The kit follows proptest 1.x; a new proptest major version is a breaking change of
//! the kit. Every strategy shrinks toward fewer fields, criteria and events.

mod evidence;
mod policy;
mod profile;
mod record;
mod values;

pub use evidence::{
    Flavour, authority, budget, checklist, checklists, fit, fit_from, flavours, need, timeline,
};
pub use policy::{
    KIT_KNOCKOUT, default_policy, policies, policy_specs, staged_policies, steerable_policies,
    strict_policies,
};
pub use profile::{default_fit_profiles, profiles, signal_kinds, signals, substantive_profiles};
pub use record::{StageMix, pipelines, records, records_under};
pub use values::{actors, currencies, money, reasons, timestamps};

//! Proptest strategies (the `proptest` feature): values, evidence in three flavours,
//! valid policies, records at every stage reached through the real transitions, and CRM
//! mappings and rows.
//!
//! The kit follows proptest 1.x; a new proptest major version is a breaking change of
//! the kit. Every strategy shrinks toward fewer fields, criteria and events.

mod crm;
mod evidence;
mod policy;
mod profile;
mod record;
mod values;

pub use crm::{mappings as crm_mappings, rows as crm_rows, specs as crm_mapping_specs};
pub use evidence::{
    Flavour, authority, budget, checklist, checklists, fit, fit_from, flavours, need, timeline,
};
pub use policy::{
    KIT_KNOCKOUT, adjustments, days, decays, decimals, default_policy, fields_and_conditions, number_texts,
    open_ranges, points, policies, policy_specs, probability_specs, seniorities, signal_rules,
    staged_policies, steerable_policies, strict_policies, texts, units, words,
};
pub use profile::{default_fit_profiles, profiles, signal_kinds, signals, substantive_profiles};
pub use record::{StageMix, pipelines, records, records_under};
pub use values::{actors, currencies, money, periods, reasons, timestamps};

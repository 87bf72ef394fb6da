//! CRM interop: import what a CRM says, type each record by its evidence, audit where the
//! label and the evidence disagree, and write the corrected stage back.
//!
//! A CRM's pipeline is untyped: a stage label a person picked, a probability from a menu,
//! budget and authority noted in custom fields or not at all. Such data drifts. An
//! opportunity without all four conditions (need, budget, authority, timeline) is a
//! prospect dressed as an opportunity, and a close rate or a forecast counted over those
//! labels is overstated. This module reads a CRM's records as they are and says so,
//! record by record and for the whole pipeline.
//!
//! - A [`CrmRow`] is one record as a CRM export holds it, every value as text; a
//!   [`Mapping`] (data, checked like a policy) says what the CRM's labels and fields mean.
//!   [`presets`] has mappings for the standard objects of HubSpot, Salesforce and
//!   Dynamics 365, from their public documentation.
//! - [`Crm::import`] types a row as a [`Record`](crate::Record) at the highest stage its
//!   evidence supports under a policy, never above its label, through the crate's own
//!   transitions, with a [`Finding`] for every disagreement. [`Crm::reimport`] brings a
//!   changed row onto its record, appending to its history.
//! - An [`Audit`] counts an imported pipeline: per stage claimed and typed, every
//!   dressed row with what it lacks, the stated close rate beside the true one, the
//!   weighted forecast by label beside the forecast by evidence.
//! - [`Crm::write_back`] writes what the crate corrected back over the row, and leaves
//!   every other field as it came; [`Crm::export`] writes any record as a fresh row.
//!
//! The module is pure like the rest of the crate: it reads values the host has already
//! fetched, and opens no connection.
//!
//! (This example needs the `serde` feature.)
//!
#![cfg_attr(feature = "serde", doc = "```")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! use qualify::crm::{presets, Crm, Object};
//! use qualify::{Policy, Stage};
//!
//! // A contact, as HubSpot's CRM objects API returns its properties: "opportunity", says
//! // its lifecycle stage; a need is noted, and nothing about budget or authority.
//! let Object(properties) = serde_json::from_str(r#"{
//!     "hs_object_id": "701", "lifecyclestage": "opportunity", "hs_lead_status": "OPEN_DEAL",
//!     "firstname": "Ada", "email": "ada@northwind.example", "company": "Northwind",
//!     "numemployees": "2400", "industry": "software", "country": "DE",
//!     "createdate": "2026-10-01T08:00:00.000Z", "qualify_need": "month-end close takes 9 days",
//!     "hs_analytics_source": "ORGANIC_SEARCH"
//! }"#)?;
//! let mapping = presets::hubspot_contacts();
//! let policy = Policy::default();
//! let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "import");
//!
//! let imported = crm.import(mapping.row(properties))?;
//! assert_eq!(imported.record.stage(), Stage::Prospect); // fit holds; the deal does not
//! assert_eq!(
//!     imported.findings[0].to_string(),
//!     "labelled opportunity, but the evidence supports prospect: no budget evidence; \
//!      no authority evidence; no timeline evidence; \
//!      close probability 0.5 is below the opportunity threshold 0.75",
//! );
//! let back = crm.write_back(&imported)?;
//! assert_eq!(back.stage, "salesqualifiedlead"); // HubSpot's word for a qualified lead
//! assert_eq!(back.fields["hs_analytics_source"], "ORGANIC_SEARCH"); // kept as it came
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audit;
mod climb;
mod excerpt;
mod export;
mod finding;
pub(crate) mod format;
mod import;
mod labels;
mod mapping;
pub mod presets;
mod read;
mod row;
mod sync;

pub use audit::{Audit, CloseAudit, Dressed, ForecastAudit, Note, StageCount};
pub use excerpt::Excerpt;
pub use export::ExportError;
pub use finding::{Finding, ImportError};
pub use format::{DateFormat, DecimalMark, Formats, ProbabilityScale};
pub use import::{Crm, Imported};
pub use labels::{
    BudgetMeaning, Choice, Claim, ForecastMeaning, NeedMeaning, StageLabel, StatusLabel, TimelinePeriod,
};
pub use mapping::{
    Assumption, Columns, EvidenceColumns, FitSource, Mapping, MappingError, MappingProblem, MappingSpec,
    OnKnockout, PeriodFrom, Placeholders, ProfileColumn, Unlabelled,
};
pub use row::{CrmRow, Fields, Object, StageChange};

//! Evidence that moves a record forward: fit, need, budget, authority and timeline, each
//! with its provenance; the checklist they are gathered in; what makes evidence
//! substantive; and the vocabulary of requirements a record does not meet.
//!
//! Evidence types have public fields: any combination is a valid *record* of what someone
//! wrote down. Whether it is *enough* is decided by the transitions, against a
//! [`Policy`](crate::Policy) and a `now`.

mod checklist;
mod pieces;
mod provenance;
mod substance;
mod unmet;

pub(crate) use checklist::View;
pub use checklist::{Bant, Checklist};
pub use pieces::{
    Access, AssumedFit, Authority, Budget, BudgetKind, BudgetStatus, EvidenceKind, Fit, FitBasis, Need,
    Timeline,
};
pub use provenance::{Method, Provenance};
pub(crate) use substance::Substance;
pub use substance::{Hollow, PLACEHOLDERS, is_placeholder, says_nothing};
pub use unmet::Unmet;

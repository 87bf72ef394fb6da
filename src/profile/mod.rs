//! What is known about a contact: who they are, their company's firmographics, and how they
//! have engaged.

mod contact;
mod firmographics;
mod seniority;
mod signal;
mod value;

pub use contact::{Contact, Source};
pub use firmographics::Profile;
#[cfg(feature = "serde")]
pub(crate) use firmographics::wire::duplicate as duplicate_attribute;
pub use seniority::Seniority;
pub use signal::{Signal, SignalKind};
pub use value::Value;

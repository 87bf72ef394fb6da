//! The states a record moves through, one type each, their transitions, their history, and
//! how they are stored and loaded.

mod checks;
mod common;
#[cfg(feature = "serde")]
mod de;
mod discovery;
mod disqualified;
mod error;
mod forecast;
mod history;
mod lead;
mod load;
mod lost;
mod opportunity;
mod prospect;
pub mod raw;
mod read;
mod record;
mod won;

pub use discovery::Discovery;
pub use disqualified::Disqualified;
pub use error::{Action, RecordError, RecordProblem, Rejected};
pub use forecast::ForecastCategory;
pub use history::{Event, EventKind, HandOff, History, Import, Stage, Transition};
pub use lead::{Lead, LeadBuilder, Triage};
pub use lost::Lost;
pub use opportunity::Opportunity;
pub use prospect::Prospect;
pub use raw::RawRecord;
pub use record::{Record, WrongStage};
pub use won::Won;

//! The values everything else is made of: instants, money, probabilities, reasons and
//! actors, each checked when built; when free text says something; and how errors repeat
//! bad input.

mod actor;
pub(crate) mod decimal;
mod echo;
mod error;
mod fixed;
mod id;
mod money;
pub(crate) mod names;
mod probability;
mod reason;
mod shown;
mod substance;
mod time;
mod total;
pub(crate) mod wide;

pub use actor::Actor;
pub(crate) use echo::{Echo, Joined, Listed, Problems, head};
pub use echo::{MAX_ECHO_LEN, MAX_PROBLEMS};
pub use error::{NameError, TimestampError, ValueError};
pub(crate) use fixed::{ONE, PLACES, to_decimal, to_fixed};
pub use id::{MAX_ID_LEN, RecordId};
pub use money::{Currency, Money};
pub use probability::Probability;
pub use reason::{MAX_REASON_LEN, Reason};
pub(crate) use shown::{Quotient, Shown};
pub(crate) use substance::{Hollowness, anonymity, hollowness};
pub use substance::{PLACEHOLDERS, is_placeholder, says_nothing};
pub use time::Timestamp;
pub(crate) use time::{Day, SECONDS_PER_DAY};
pub use total::Total;

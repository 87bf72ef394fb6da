//! Scoring many leads at the speed of the data: rows bound to a policy, and batches of
//! leads stored by column.
//!
//! [`Policy::assess`](crate::Policy::assess) on a [`Profile`](crate::Profile) is the
//! friendly path. A host that scores the same leads again and again (a nightly re-score, a
//! backtest of a new policy version over history) or a whole table at once (a warehouse,
//! a data frame) reads its leads against the policy once and scores the result:
//!
//! - a [`Row`] is one lead read against a policy: each field the rules read is a small
//!   integer code, so scoring it is one table lookup per field
//!   ([`Policy::assess_row`](crate::Policy::assess_row));
//! - a [`Batch`] is many leads stored by column, one [`Column`] per field, borrowed from
//!   the host's own vectors (or Arrow arrays, with the `arrow` feature) without copying.
//!   [`Policy::assess_batch`](crate::Policy::assess_batch) reads it a column at a time
//!   and writes one [`Assessment`](crate::Assessment) per lead into a vector the caller
//!   owns, allocating nothing per lead.
//! - a [`BatchBuilder`] fills a batch from rows or profiles.
//!
//! Every path gives exactly the assessment [`Policy::assess`](crate::Policy::assess)
//! gives on the same lead.
//!
//! ```
//! use qualify::batch::{Batch, Column};
//! use qualify::{Field, Policy, Profile, Seniority};
//!
//! let policy = Policy::default();
//! let now = "2026-11-25T09:00:00Z".parse()?;
//! // A table the host already holds, a vector per field.
//! let employees = [Some(2_400_u32), Some(40), None];
//! let industry = [Some("Software"), Some("software"), Some("Retail")];
//! let seniority = [Some(Seniority::Director), None, Some(Seniority::CLevel)];
//!
//! let mut batch = Batch::new(&policy, 3);
//! batch.column(&Field::Employees, Column::integers(&employees))?;
//! batch.column(&Field::Industry, Column::text(&industry))?;
//! batch.column(&Field::Seniority, Column::seniority(&seniority))?;
//! let mut out = Vec::new();
//! policy.assess_batch(&batch, now, &mut out)?;
//!
//! let first = Profile::new().employees(2_400).industry("Software").seniority(Seniority::Director);
//! assert_eq!(out[0], policy.assess(&first, &[], now));
//! assert_eq!(out.iter().filter(|a| a.qualifies()).count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod column;
mod error;
mod row;
mod score;

#[cfg(feature = "arrow")]
pub mod arrow;

pub use builder::BatchBuilder;
pub use column::{Batch, Column};
pub use error::BatchError;
pub use row::{Cell, Row, Slot};

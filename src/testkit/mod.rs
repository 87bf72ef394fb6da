//! A test kit for hosts: checkers that judge stored records and pipelines against every
//! invariant the crate promises, and (with the `proptest` feature) generators of valid
//! policies and of records reached through the real transitions.
//!
//! # Checkers
//!
//! [`check_record`] and [`check_pipeline`] read the lenient [raw form](crate::raw), so they
//! judge records that would not load strictly, and list every [`Violation`], each naming
//! its [`Invariant`] by a stable name. They need no proptest, no clock and no policy: a
//! service can run them in a health check over what it stored.
//!
//! # Sample pipelines
//!
//! [`sample`] walks records through the real transitions from a seed, with no proptest:
//! [`sample::Walk`] for one record with exact times, owners and amounts, and
//! [`sample::pipeline`] for a realistic pipeline of any size, the same for the same seed.
//! The examples, the pipeline benchmark and the pipeline reports' exact tests use them.
//!
//! # Generators
//!
//! With the `proptest` feature, `strategy` holds proptest strategies: timestamps, money,
//! profiles, signals, each piece of evidence absent, hollow or substantive, checklists,
//! valid policies, records at every stage (each reached through the transitions a host
//! calls, never built by hand), histories with owners, hand-offs and tier milestones,
//! and pipelines. The kit follows proptest 1.x: a new proptest major version is a
//! breaking change of the kit.

mod check;
pub mod sample;
#[cfg(feature = "proptest")]
pub mod strategy;
mod violation;
mod weighted;

pub use check::{check_pipeline, check_record};
pub use violation::{Invariant, Violation};
pub use weighted::{Overflow, weighted_pipeline};

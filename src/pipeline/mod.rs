//! Reports over a whole pipeline: funnel, close rates, forecast, calibration, triage,
//! ageing, velocity and the pipeline review.
//!
//! One record at a time, the crate says whether a record qualifies. The questions a sales
//! team asks each week are asked of the whole pipeline: how many leads reached each step
//! and how many converted; what the close rate is per owner, beside volume; what the
//! forecast is worth; whether a "70 %" estimate closes 70 % of the time; which leads missed
//! the triage window; which deals are rotting; which opportunities no longer hold.
//!
//! Every report reads any iterator of [`Record`]s under a [`Scope`]: the policy, a
//! [`Period`] and the `as_of` moment the caller passes in (the crate reads no clock). Each
//! is a plain data type with `Display` (a table a person reads) and serde, and each
//! **merges**: build it per shard, per thread or per worker and combine the parts with
//! `merge`, and the result equals the report over the whole; an empty report
//! (`Report::new(&scope)`) is the identity. [`Reports`] builds all of them in one pass.
//!
//! Figures are exact: rates are fractions ([`Rate`]), medians and percentiles nearest-rank
//! over the kept durations ([`Durations`]), and sums of money and estimates exact
//! [`Total`](crate::Total)s that never add two currencies, so a report is the same in any
//! order of its records and however it is split and merged. A report read back with serde
//! is checked, and refused, naming each field, when no records could have produced it.
//!
//! ```
//! use qualify::pipeline::{Period, Reports, Scope, Step};
//! use qualify::{Contact, Lead, Policy, Record, Source};
//!
//! let policy = Policy::default();
//! let period = Period::new("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?)?;
//! let lead = Lead::builder("lead-1".parse()?, Contact::default(), Source::Form, "2026-11-03T09:00:00Z".parse()?)
//!     .build();
//! let records = vec![Record::from(lead)];
//!
//! let scope = Scope::new(&policy, period, "2026-11-05T09:00:00Z".parse()?);
//! let reports = Reports::from_records(&scope, &records)?;
//! assert_eq!(reports.funnel.count(Step::Lead), 1);
//! assert_eq!(reports.funnel.count(Step::Prospect), 0);
//! assert_eq!(reports.triage.overdue.len(), 1); // two days undecided, past the 24 hours
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ageing;
mod calibration;
mod close;
mod facts;
mod figures;
mod forecast;
mod funnel;
mod period;
pub(crate) mod read;
mod review;
mod triage;
mod velocity;

use core::fmt;
use std::borrow::Cow;

pub use ageing::{Ageing, Rotting, StageAge};
pub use calibration::{BINS, Bin, Calibration, Suggestion, Verdict};
pub use close::{CloseRates, Outcomes};
pub use figures::{Durations, Rate, Rows};
pub use forecast::{CurrencyForecast, Decision, Disagreement, Forecast, Worth};
pub use funnel::Funnel;
pub use period::{EmptyPeriod, Period};
pub use review::{Finding, Review};
pub use triage::{Overdue, TriageSla};
pub use velocity::{CurrencyMotion, Motion, Velocity};

use crate::engine::Policy;
use crate::states::Record;
use crate::values::{Actor, Currency, Echo, Timestamp};

use facts::Facts;

/// Whose a row is: an owner, or `None` for the unassigned queue.
pub type Owner = Option<Actor>;

/// An owner's name for tables, as [`echoed`]; `unassigned` for the queue.
pub(crate) fn owner_name(owner: &Owner) -> Cow<'_, str> {
    echoed(owner.as_ref().map_or("unassigned", Actor::as_str))
}

/// Free text a table shows (an owner's name, a record id, a policy version): at most
/// [`MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN) bytes of it, cut at a character and
/// followed by its length (`aaaa… (300 bytes)`), as text the table can pad.
pub(crate) fn echoed(text: &str) -> Cow<'_, str> {
    Echo::plain(text).text()
}

/// A step of the funnel. Steps are nested: a record that reached one reached every step
/// before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Step {
    /// Captured.
    Lead,
    /// Information qualified: gave contact details to get content.
    Iql,
    /// Marketing qualified: asked about the offer.
    Mql,
    /// Sales qualified: asked for a trial or a demo.
    Sql,
    /// Qualified as a prospect on fit (judged, or assumed by a CRM import for a deal the
    /// CRM already held).
    Prospect,
    /// Opened as an opportunity (or a discovery deal).
    Opportunity,
    /// Won.
    Won,
}

impl Step {
    /// Every step, in funnel order.
    pub const ALL: [Step; 7] = [
        Step::Lead,
        Step::Iql,
        Step::Mql,
        Step::Sql,
        Step::Prospect,
        Step::Opportunity,
        Step::Won,
    ];

    /// The name a person reads: `Lead`, `IQL`, `MQL`, `SQL`, `Prospect`, `Opportunity`,
    /// `Won`.
    pub const fn label(self) -> &'static str {
        match self {
            Step::Lead => "Lead",
            Step::Iql => "IQL",
            Step::Mql => "MQL",
            Step::Sql => "SQL",
            Step::Prospect => "Prospect",
            Step::Opportunity => "Opportunity",
            Step::Won => "Won",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What every report is built under: the policy, the period, the moment of judgement, and
/// the fewest deals a calibration bin needs for a suggestion.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Scope<'p> {
    /// The policy: its triage window, stage limits, forecast bands, and the rules the
    /// review applies.
    pub policy: &'p Policy,
    /// The period: its cohort (records captured in it) and its decisions.
    pub period: Period,
    /// The moment open records are judged at: overdue leads, ages, the review.
    pub as_of: Timestamp,
    /// The fewest closed deals a calibration bin needs before it suggests a change
    /// (default 30).
    pub min_sample: u64,
}

impl<'p> Scope<'p> {
    /// A scope with the default minimum sample of 30.
    pub fn new(policy: &'p Policy, period: Period, as_of: Timestamp) -> Scope<'p> {
        Scope {
            policy,
            period,
            as_of,
            min_sample: 30,
        }
    }

    /// This scope with `min_sample` deals needed for a calibration suggestion.
    #[must_use = "with_min_sample returns the scope; it does not change it in place"]
    pub fn with_min_sample(mut self, min_sample: u64) -> Scope<'p> {
        self.min_sample = min_sample;
        self
    }
}

/// A report that cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// A sum passed what a [`Total`](crate::Total) holds (2^384 units of 10^-56): no
    /// records produce one, only totals set by hand far past them.
    #[error("the {report} overflows{}", match currency { Some(c) => format!(" in {c}"), None => String::new() })]
    Overflow {
        /// Which report: `forecast`, `velocity`, `calibration`.
        report: &'static str,
        /// The currency whose sum overflowed, for money.
        currency: Option<Currency>,
    },
}

/// Every report, built in one pass over the records.
///
/// With the `serde` feature it serializes, but does not deserialize, because its
/// [`Review`] does not; each other report reads back on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Reports {
    /// [`Funnel`].
    pub funnel: Funnel,
    /// [`CloseRates`].
    pub close_rates: CloseRates,
    /// [`Forecast`].
    pub forecast: Forecast,
    /// [`Calibration`].
    pub calibration: Calibration,
    /// [`TriageSla`].
    pub triage: TriageSla,
    /// [`Ageing`].
    pub ageing: Ageing,
    /// [`Velocity`].
    pub velocity: Velocity,
    /// [`Review`].
    pub review: Review,
}

impl Reports {
    /// Every report empty: the identity of [`merge`](Reports::merge).
    pub fn new(scope: &Scope<'_>) -> Reports {
        Reports {
            funnel: Funnel::new(scope),
            close_rates: CloseRates::new(scope),
            forecast: Forecast::new(scope),
            calibration: Calibration::new(scope),
            triage: TriageSla::new(scope),
            ageing: Ageing::new(scope),
            velocity: Velocity::new(scope),
            review: Review::new(scope),
        }
    }

    /// Every report over `records`, in one pass: each record's history is read once, and
    /// every report takes what it needs from that reading.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the report and currency whose sum overflows.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r Record>,
    ) -> Result<Reports, PipelineError> {
        let mut reports = Reports::new(scope);
        for record in records {
            let facts = Facts::of(record);
            reports.funnel.add(&facts);
            reports.close_rates.add(&facts);
            reports.forecast.add(&facts)?;
            reports.calibration.add(&facts)?;
            reports.triage.add(&facts);
            reports.ageing.add(&facts);
            reports.velocity.add(&facts)?;
            reports.review.add(scope, record);
        }
        reports.finish();
        Ok(reports)
    }

    /// Puts every list in its canonical order, by record id.
    fn finish(&mut self) {
        self.forecast.disagreements.sort();
        self.triage.finish();
        self.ageing.rotting.sort();
        self.review.sort();
    }

    /// Both sets of reports, each merged.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the report and currency whose sum overflows.
    pub fn merge(self, other: Reports) -> Result<Reports, PipelineError> {
        Ok(Reports {
            funnel: self.funnel.merge(other.funnel),
            close_rates: self.close_rates.merge(other.close_rates),
            forecast: self.forecast.merge(other.forecast)?,
            calibration: self.calibration.merge(other.calibration)?,
            triage: self.triage.merge(other.triage),
            ageing: self.ageing.merge(other.ageing),
            velocity: self.velocity.merge(other.velocity)?,
            review: self.review.merge(other.review),
        })
    }
}

impl fmt::Display for Reports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.funnel)?;
        writeln!(f, "{}", self.close_rates)?;
        writeln!(f, "{}", self.forecast)?;
        writeln!(f, "{}", self.calibration)?;
        writeln!(f, "{}", self.triage)?;
        writeln!(f, "{}", self.ageing)?;
        writeln!(f, "{}", self.velocity)?;
        write!(f, "{}", self.review)
    }
}

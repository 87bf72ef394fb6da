//! [`Calibration`]: whether the close estimates came true.

use core::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::pipeline::facts::Facts;
use crate::pipeline::figures::{add, product, term};
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Period, PipelineError, Rate, Rows, Scope, echoed};
use crate::values::{Problems, Quotient, Shown, Total};

/// How many bins estimates are sorted into: ten, each a tenth wide.
pub const BINS: usize = 10;

/// The last bin, which also holds an estimate of exactly 1.
const LAST_BIN: usize = BINS - 1;

/// The estimate range of each bin, for tables.
const LABELS: [&str; BINS] = [
    "0.0-0.1", "0.1-0.2", "0.2-0.3", "0.3-0.4", "0.4-0.5", "0.5-0.6", "0.6-0.7", "0.7-0.8", "0.8-0.9",
    "0.9-1.0",
];

/// Closed deals whose estimate fell in one tenth of the range: `[0.0, 0.1)`, ...,
/// `[0.9, 1.0]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Bin {
    /// How many closed deals.
    pub deals: u64,
    /// How many of them were won.
    pub won: u64,
    /// Their estimates, summed exactly.
    pub estimates: Total,
    /// Each deal's squared error, (estimate − outcome)², summed exactly; the outcome is 1
    /// for won and 0 for lost.
    pub squared_error: Total,
}

impl Bin {
    /// The mean estimate, rounded half away from zero to a decimal's precision; `None` for
    /// an empty bin.
    pub fn mean_estimate(&self) -> Option<Decimal> {
        self.estimates.mean(self.deals)
    }

    /// The mean estimate, exact until shown.
    fn mean(&self) -> Option<Quotient> {
        self.estimates.per(self.deals.into())
    }

    /// The share of the deals that were won.
    pub fn observed(&self) -> Rate {
        Rate::new(self.won, self.deals)
    }

    fn merge(&mut self, other: &Bin) -> Result<(), PipelineError> {
        self.deals = self.deals.saturating_add(other.deals);
        self.won = self.won.saturating_add(other.won);
        self.estimates = add(self.estimates, other.estimates, "calibration", None)?;
        self.squared_error = add(self.squared_error, other.squared_error, "calibration", None)?;
        Ok(())
    }
}

/// What a bin's figures say to do with the estimates that fall in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Verdict {
    /// Deals closed more often than estimated.
    Raise,
    /// Deals closed less often than estimated.
    Lower,
    /// Estimate and outcome agree to two decimal places.
    Keep,
}

/// A suggestion from one bin with enough deals: its mean estimate and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Suggestion {
    /// The policy version that made the estimates.
    pub version: String,
    /// The mean estimate, rounded half away from zero to two places.
    pub estimated: Decimal,
    /// The observed win share, to two places.
    pub closed: Decimal,
    /// How many deals.
    pub deals: u64,
    /// What to do.
    pub verdict: Verdict,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Raise => "raise",
            Verdict::Lower => "lower",
            Verdict::Keep => "keep",
        };
        write!(
            f,
            "deals estimated at {} closed at {} (n = {}): {verdict}",
            Shown(self.estimated, 2),
            Shown(self.closed, 2),
            self.deals
        )
    }
}

/// Calibration: for the deals closed in the period, the close probability they carried
/// against what happened, binned by estimate, per policy version (definitions are
/// recalibrated, and each version's estimates are judged on their own).
///
/// A well-calibrated policy's "0.70" deals close 70 % of the time. The
/// [Brier score](Calibration::brier) sums it up (lower is better; 0.25 is what estimating
/// every deal at 0.5 scores on an even split). Bins with at least `min_sample` deals give
/// a [`Suggestion`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Calibration {
    /// The period whose closes are counted.
    pub period: Period,
    /// The fewest deals a bin needs for a suggestion.
    pub min_sample: u64,
    /// Per policy version (the version that opened the deal, `""` where none was
    /// recorded), the bins in estimate order.
    pub versions: Rows<String, [Bin; BINS]>,
}

impl Calibration {
    /// The empty report of `scope`, the identity of [`merge`](Calibration::merge).
    pub fn new(scope: &Scope<'_>) -> Calibration {
        Calibration {
            period: scope.period,
            min_sample: scope.min_sample,
            versions: Rows::default(),
        }
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) -> Result<(), PipelineError> {
        let Some((_, won)) = facts.closed_in(self.period) else {
            return Ok(());
        };
        let Some(estimate) = facts.record.probability() else {
            return Ok(());
        };
        let p = estimate.value();
        let version = facts.opened.and_then(|e| e.policy.as_deref()).unwrap_or("");
        let bins = self.versions.entry_by(
            |k| k.as_str().cmp(version),
            || version.to_owned(),
            || [Bin::default(); BINS],
        );
        let index = p
            .checked_mul(Decimal::TEN)
            .and_then(|x| x.trunc().to_usize())
            .map_or(0, |i| i.min(LAST_BIN));
        // (p − 1)² for a win is (1 − p)², both factors in 0..=1.
        let miss = if won { Decimal::ONE - p } else { p };
        let one = Bin {
            deals: 1,
            won: u64::from(won),
            estimates: term(p),
            squared_error: product(miss, miss),
        };
        bins[index].merge(&one)
    }

    /// The report over `records`.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] if a sum passes what a total holds, which no records reach.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r crate::Record>,
    ) -> Result<Calibration, PipelineError> {
        let mut report = Calibration::new(scope);
        for record in records {
            report.add(&Facts::of(record))?;
        }
        Ok(report)
    }

    /// The Brier score of `version`: the mean over its closed deals of (estimate −
    /// outcome)², rounded half away from zero to a decimal's precision; `None` for a
    /// version with no closed deal.
    pub fn brier(&self, version: &str) -> Option<Decimal> {
        self.brier_quotient(version)?.exact()
    }

    fn brier_quotient(&self, version: &str) -> Option<Quotient> {
        let bins = self.versions.iter().find(|(v, _)| v.as_str() == version)?.1;
        let mut deals = 0_u128;
        let mut sum = Total::ZERO;
        for bin in bins {
            deals = deals.saturating_add(bin.deals.into());
            sum = sum.checked_add(bin.squared_error)?;
        }
        sum.per(deals).filter(|_| deals > 0)
    }

    /// The suggestions: one per bin with at least `min_sample` deals (and at least one),
    /// by version, then by estimate.
    pub fn suggestions(&self) -> Vec<Suggestion> {
        let mut out = Vec::new();
        for (version, bins) in self.versions.iter() {
            // An empty bin has no mean, and is passed over below.
            for bin in bins.iter().filter(|b| b.deals >= self.min_sample) {
                let (Some(estimated), Some(closed)) =
                    (bin.mean().and_then(|m| m.rounded(2)), bin.observed().rounded(2))
                else {
                    continue;
                };
                let verdict = match closed.cmp(&estimated) {
                    core::cmp::Ordering::Greater => Verdict::Raise,
                    core::cmp::Ordering::Less => Verdict::Lower,
                    core::cmp::Ordering::Equal => Verdict::Keep,
                };
                out.push(Suggestion {
                    version: version.clone(),
                    estimated,
                    closed,
                    deals: bin.deals,
                    verdict,
                });
            }
        }
        out
    }

    /// Both reports together; the period and `min_sample` are `self`'s.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] if a sum passes what a total holds, which no records reach.
    pub fn merge(mut self, other: Calibration) -> Result<Calibration, PipelineError> {
        self.versions = self.versions.merge_with(other.versions, |_, mine, theirs| {
            for (m, t) in mine.iter_mut().zip(&theirs) {
                m.merge(t)?;
            }
            Ok(())
        })?;
        Ok(self)
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Calibration of the deals closed in {}", self.period)?;
        for (version, bins) in self.versions.iter() {
            let name = echoed(if version.is_empty() {
                "(no version)"
            } else {
                version
            });
            match self.brier_quotient(version) {
                Some(b) => writeln!(f, "policy {name}: Brier score {}", b.shown(4))?,
                None => writeln!(f, "policy {name}")?,
            }
            writeln!(
                f,
                "  {:<11} {:>6} {:>14} {:>14}",
                "estimate", "deals", "mean estimate", "won"
            )?;
            for (i, bin) in bins.iter().enumerate().filter(|(_, b)| b.deals > 0) {
                let mean = bin.mean().map_or("-".to_owned(), |m| m.shown(2).to_string());
                writeln!(
                    f,
                    "  {:<11} {:>6} {:>14} {:>14}",
                    LABELS[i],
                    bin.deals,
                    mean,
                    bin.observed().to_string()
                )?;
            }
        }
        for s in self.suggestions() {
            let name = echoed(if s.version.is_empty() {
                "(no version)"
            } else {
                &s.version
            });
            writeln!(f, "  policy {name}: {s}")?;
        }
        Ok(())
    }
}

read_checked!(Bin: "calibration bin", Suggestion: "suggestion", Calibration: "calibration");

impl Check for Bin {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.won <= self.deals,
            "won",
            format_args!("{} won of {} deals", self.won, self.deals),
        );
        // Each estimate and each squared error lies in 0..=1.
        let most = Total::times(Decimal::ONE, self.deals);
        for (field, sum) in [
            ("estimates", self.estimates),
            ("squared_error", self.squared_error),
        ] {
            require(
                problems,
                most.is_some_and(|most| sum.at_most(most)),
                field,
                format_args!(
                    "{sum} is more than {} deals can add up to, at most 1 each",
                    self.deals
                ),
            );
        }
    }
}

impl Check for Suggestion {
    fn check(&self, problems: &mut Problems<String>) {
        for (field, value) in [("estimated", self.estimated), ("closed", self.closed)] {
            require(
                problems,
                (Decimal::ZERO..=Decimal::ONE).contains(&value),
                field,
                format_args!("{value} is not a share between 0 and 1"),
            );
        }
    }
}

impl Check for Calibration {
    fn check(&self, problems: &mut Problems<String>) {
        for (version, bins) in self.versions.iter() {
            for (i, bin) in bins.iter().enumerate() {
                // Bin i holds estimates in [i/10, (i+1)/10), the last one [0.9, 1].
                let tenth = |n: usize| Decimal::new(n as i64, 1);
                let (low, high) = (
                    Total::times(tenth(i), bin.deals),
                    Total::times(tenth(i + 1), bin.deals),
                );
                let inside = low
                    .zip(high)
                    .is_some_and(|(low, high)| low.at_most(bin.estimates) && bin.estimates.at_most(high));
                require(
                    problems,
                    inside,
                    format_args!(
                        "versions[{}][{i}].estimates",
                        crate::values::Echo::quoted(version)
                    ),
                    format_args!(
                        "{} is not the sum of {} estimates from {} to {}",
                        bin.estimates,
                        bin.deals,
                        tenth(i),
                        tenth(i + 1)
                    ),
                );
            }
        }
    }
}

//! The exact figures reports are made of: [`Rate`], [`Durations`], and sums that are
//! [`Total`]s.

use core::fmt;

use rust_decimal::Decimal;

use crate::pipeline::PipelineError;
use crate::pipeline::read::{Check, read_checked, require};
use crate::values::Problems;
use crate::values::{Currency, Quotient, SECONDS_PER_DAY, Total};

/// An exact fraction: `num` of `den`, as counted. Shown rounded, never stored rounded, so
/// merged reports add counts and lose nothing.
///
/// ```
/// use qualify::pipeline::Rate;
///
/// let rate = Rate::new(5, 12);
/// assert_eq!(rate.rounded(2).unwrap().to_string(), "0.42");
/// assert_eq!(rate.to_string(), "5/12 (41.7 %)");
/// assert_eq!(Rate::new(0, 0).rounded(2), None); // nothing counted: no rate
/// ```
///
/// Read back, `num` is at most `den`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Rate {
    /// The count that met the condition.
    pub num: u64,
    /// The count it is a share of.
    pub den: u64,
}

impl Rate {
    /// `num` of `den`.
    pub const fn new(num: u64, den: u64) -> Rate {
        Rate { num, den }
    }

    /// The rate as a decimal rounded half away from zero, from its exact value, to `places`
    /// decimal places (at most 28); `None` when nothing was counted (`den` is zero).
    pub fn rounded(self, places: u32) -> Option<Decimal> {
        Quotient::of(self.num.into(), self.den.into()).rounded(places)
    }
}

impl fmt::Display for Rate {
    /// `num/den (p %)`, the percentage to one decimal place; `num/den (-)` when `den` is 0.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = Quotient::of(u128::from(self.num) * 100, self.den.into());
        match self.den {
            0 => write!(f, "{}/{} (-)", self.num, self.den),
            _ => write!(f, "{}/{} ({} %)", self.num, self.den, percent.shown(1)),
        }
    }
}

/// Durations in whole seconds, kept so that medians and percentiles are exact: nearest
/// rank over every duration, in ascending order once a report is built or merged (and
/// read back only in that order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Durations(Vec<i64>);

impl Durations {
    /// The durations, in seconds, ascending.
    pub fn seconds(&self) -> &[i64] {
        &self.0
    }

    /// How many durations there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The nearest-rank `percent` percentile: the smallest duration at or below which at
    /// least `percent` % of them lie. `None` when there are none; `percent` above 100
    /// reads as 100.
    ///
    /// ```
    /// # use qualify::pipeline::Durations;
    /// let d = Durations::from_seconds(vec![40, 10, 30, 20]);
    /// assert_eq!(d.percentile(50), Some(20));
    /// assert_eq!(d.percentile(90), Some(40));
    /// assert_eq!(d.percentile(0), Some(10));
    /// ```
    pub fn percentile(&self, percent: u8) -> Option<i64> {
        let n = self.0.len();
        let rank = (usize::from(percent.min(100)) * n).div_ceil(100).max(1);
        self.0.get(rank - 1).copied()
    }

    /// The median: [`percentile(50)`](Durations::percentile).
    pub fn median(&self) -> Option<i64> {
        self.percentile(50)
    }

    /// Durations from seconds, in any order.
    pub fn from_seconds(mut seconds: Vec<i64>) -> Durations {
        seconds.sort_unstable();
        Durations(seconds)
    }

    pub(crate) fn push(&mut self, seconds: i64) {
        self.0.push(seconds);
    }

    pub(crate) fn sort(&mut self) {
        self.0.sort_unstable();
    }

    pub(crate) fn merge(mut self, other: Durations) -> Durations {
        self.0.extend(other.0);
        self.sort();
        self
    }
}

/// `seconds` as days and hours, for tables: `3d 4h`.
pub(crate) struct Days(pub(crate) i64);

impl fmt::Display for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (days, rest) = (
            self.0.div_euclid(SECONDS_PER_DAY),
            self.0.rem_euclid(SECONDS_PER_DAY),
        );
        write!(f, "{days}d {}h", rest / 3600)
    }
}

/// `a + b`, exact; an overflow (past what no sum of fewer than 2^64 terms reaches, so only
/// a report read back with made-up totals) names what overflowed.
pub(crate) fn add(
    a: Total,
    b: Total,
    report: &'static str,
    currency: Option<Currency>,
) -> Result<Total, PipelineError> {
    a.checked_add(b)
        .ok_or(PipelineError::Overflow { report, currency })
}

/// A non-negative decimal as a total: an amount of money, a probability.
pub(crate) fn term(value: Decimal) -> Total {
    // Amounts and probabilities are never negative: their types check it.
    Total::new(value).unwrap_or_default()
}

/// The exact product of two non-negative decimals, as a total.
pub(crate) fn product(a: Decimal, b: Decimal) -> Total {
    Total::product(a, b).unwrap_or_default()
}

/// Rows keyed by `K` (an owner, a currency, a policy version), in key order: a map that
/// serializes as a list of `[key, row]` pairs, so any key type reads back. Read back,
/// the keys are in ascending order, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Rows<K, V>(Vec<(K, V)>);

impl<K, V> Default for Rows<K, V> {
    fn default() -> Rows<K, V> {
        Rows(Vec::new())
    }
}

impl<K: Ord, V> Rows<K, V> {
    /// The rows, in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> + '_ {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The row of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.0
            .binary_search_by(|(k, _)| k.cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The row whose key `order` finds (it says how each key compares to the one sought),
    /// made with `new` if there is none. The key is built by `make_key`, only then, so a
    /// report finds an existing row without allocating.
    pub(crate) fn entry_by(
        &mut self,
        order: impl Fn(&K) -> core::cmp::Ordering,
        make_key: impl FnOnce() -> K,
        new: impl FnOnce() -> V,
    ) -> &mut V {
        let i = match self.0.binary_search_by(|(k, _)| order(k)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (make_key(), new()));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Both sets of rows: `join` folds a row of `other` into the row of `self` with its key
    /// (and is given the key).
    pub(crate) fn merge_with<E>(
        mut self,
        other: Rows<K, V>,
        mut join: impl FnMut(&K, &mut V, V) -> Result<(), E>,
    ) -> Result<Rows<K, V>, E> {
        for (key, row) in other.0 {
            match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => {
                    let (k, v) = &mut self.0[i];
                    join(k, v, row)?;
                }
                Err(i) => self.0.insert(i, (key, row)),
            }
        }
        Ok(self)
    }
}

impl<V: Default> Rows<crate::pipeline::Owner, V> {
    /// The row of `owner`, made empty if there is none.
    pub(crate) fn owner(&mut self, owner: Option<&crate::values::Actor>) -> &mut V {
        self.entry_by(|k| k.as_ref().cmp(&owner), || owner.cloned(), V::default)
    }
}

read_checked!(Rate: "rate");

impl Check for Rate {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.num <= self.den,
            "num",
            format_args!("{} is more than den, {}", self.num, self.den),
        );
    }
}

impl Check for Durations {
    fn check(&self, problems: &mut Problems<String>) {
        for (i, pair) in self.0.windows(2).enumerate() {
            require(
                problems,
                pair[0] <= pair[1],
                format_args!("[{}]", i + 1),
                format_args!(
                    "{} comes after {}: durations are in ascending order",
                    pair[1], pair[0]
                ),
            );
        }
    }
}

impl<K: Ord, V> Check for Rows<K, V> {
    fn check(&self, problems: &mut Problems<String>) {
        for (i, pair) in self.0.windows(2).enumerate() {
            require(
                problems,
                pair[0].0 < pair[1].0,
                format_args!("[{}]", i + 1),
                "its key does not come after the row before it's: rows are in key order, each key once",
            );
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Durations {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Durations, D::Error> {
        crate::pipeline::read::checked("durations", Durations(serde::Deserialize::deserialize(d)?))
    }
}

#[cfg(feature = "serde")]
impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de>
    for Rows<K, V>
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rows<K, V>, D::Error> {
        crate::pipeline::read::checked("rows", Rows(serde::Deserialize::deserialize(d)?))
    }
}

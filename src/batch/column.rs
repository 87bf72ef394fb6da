//! [`Batch`] and [`Column`]: many leads stored by column, borrowed from the host.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::batch::BatchError;
use crate::batch::row::Takes;
use crate::engine::{Coder, FieldReader, Plan, Policy};
use crate::engine::{Compiled, Engagement, Kind};
use crate::policy::Field;
use crate::profile::{Seniority, Signal, SignalKind, Value};
use crate::values::Timestamp;

/// The kind of values a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holds {
    Numbers,
    Text,
    Flags,
    Seniority,
    /// Custom attribute values of any kind.
    Values,
    /// Codes of the batch's own plan, from a [`BatchBuilder`](crate::batch::BatchBuilder).
    Codes,
}

impl Holds {
    fn words(self) -> &'static str {
        match self {
            Holds::Numbers => "numbers",
            Holds::Text => "text",
            Holds::Flags => "flags",
            Holds::Seniority => "seniorities",
            Holds::Values => "custom values",
            Holds::Codes => "codes",
        }
    }

    /// Whether a field that takes `takes` reads these values.
    fn fits(self, takes: Takes) -> bool {
        matches!(
            (takes, self),
            (_, Holds::Codes)
                | (Takes::Numbers, Holds::Numbers)
                | (Takes::Text, Holds::Text)
                | (Takes::Seniority, Holds::Seniority | Holds::Text)
                | (
                    Takes::Any,
                    Holds::Numbers | Holds::Text | Holds::Flags | Holds::Values
                )
        )
    }
}

/// A column's values, turned into codes a stretch of leads at a time. Columns only read
/// what they borrow, so a batch can be built on one thread and scored on another.
pub(crate) trait Encode: Send + Sync {
    /// How many leads the column has.
    fn len(&self) -> usize;

    fn holds(&self) -> Holds;

    /// Prepares to encode into `coder`'s field: a dictionary encodes its values once.
    fn bind(&mut self, _coder: &Coder) {}

    /// Writes the codes of leads `start..start + out.len()` into `out`.
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]);

    /// The codes of leads `start..end`, when the column holds them already.
    fn coded(&self, _start: usize, _end: usize) -> Option<&[u32]> {
        None
    }
}

/// The code of a text in `coder`'s field: a seniority field reads names and labels, and
/// text that names no level is missing there, as a `Profile` cannot hold it.
#[inline(always)]
pub(crate) fn text_code(coder: &Coder, text: &str) -> u32 {
    if matches!(coder.field, FieldReader::Seniority) {
        return text
            .parse::<Seniority>()
            .map_or(coder.missing(), |s| coder.seniority(s));
    }
    coder.text(text)
}

/// One field's values for every lead of a [`Batch`], borrowed from the host: built from a
/// slice of options (`None` is a missing value), or from an Arrow array (`Batch::arrow`,
/// with the `arrow` feature).
///
/// Nothing is copied: the batch reads the host's slice when it scores.
pub struct Column<'a> {
    pub(crate) inner: Box<dyn Encode + 'a>,
}

impl core::fmt::Debug for Column<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Column")
            .field("holds", &self.inner.holds().words())
            .field("len", &self.inner.len())
            .finish()
    }
}

struct Texts<'a, S>(&'a [Option<S>]);
struct Numbers<'a>(&'a [Option<Decimal>]);
struct Integers<'a, T>(&'a [Option<T>]);
struct Flags<'a>(&'a [Option<bool>]);
struct Levels<'a>(&'a [Option<Seniority>]);
struct Values<'a>(&'a [Option<Value>]);
struct Dictionary<'a, K, S> {
    keys: &'a [Option<K>],
    values: &'a [S],
    codes: Vec<u32>,
}
pub(crate) struct Codes<'a>(pub(crate) &'a [u32]);

/// Writes `code` of each of `values` into `out`, as far as both go: every column's
/// encoding, whatever it reads from.
#[inline(always)]
pub(crate) fn fill<T>(out: &mut [u32], values: impl IntoIterator<Item = T>, mut code: impl FnMut(T) -> u32) {
    for (place, value) in out.iter_mut().zip(values) {
        *place = code(value);
    }
}

/// Encodes each lead of `values` from `start` with `code`.
#[inline(always)]
fn each<T>(values: &[T], start: usize, out: &mut [u32], code: impl FnMut(&T) -> u32) {
    fill(out, values.get(start..).unwrap_or_default(), code);
}

impl<S: AsRef<str> + Sync> Encode for Texts<'_, S> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Text
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| match v {
            Some(t) => text_code(coder, t.as_ref()),
            None => coder.missing(),
        });
    }
}

impl Encode for Numbers<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Numbers
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| match v {
            Some(n) => coder.number(n),
            None => coder.missing(),
        });
    }
}

impl<T: Copy + Into<i128> + Sync> Encode for Integers<'_, T> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Numbers
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| match v {
            Some(n) => coder.int((*n).into()),
            None => coder.missing(),
        });
    }
}

impl Encode for Flags<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Flags
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| {
            v.map_or(coder.missing(), |b| coder.flag(b))
        });
    }
}

impl Encode for Levels<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Seniority
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| {
            v.map_or(coder.missing(), |l| coder.seniority(l))
        });
    }
}

impl Encode for Values<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Values
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| {
            v.as_ref().map_or(coder.missing(), |v| coder.value(v))
        });
    }
}

impl<K: Copy + TryInto<usize> + Sync, S: AsRef<str> + Sync> Encode for Dictionary<'_, K, S> {
    fn len(&self) -> usize {
        self.keys.len()
    }
    fn holds(&self) -> Holds {
        Holds::Text
    }
    fn bind(&mut self, coder: &Coder) {
        self.codes.clear();
        self.codes
            .extend(self.values.iter().map(|v| text_code(coder, v.as_ref())));
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        let missing = coder.missing();
        each(self.keys, start, out, |k| {
            let key = k.and_then(|k| k.try_into().ok());
            key.and_then(|k| self.codes.get(k).copied()).unwrap_or(missing)
        });
    }
}

impl Encode for Codes<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Codes
    }
    fn encode(&self, _coder: &Coder, start: usize, out: &mut [u32]) {
        let from = self.0.get(start..).unwrap_or_default();
        let n = out.len().min(from.len());
        if let (Some(out), Some(from)) = (out.get_mut(..n), from.get(..n)) {
            out.copy_from_slice(from);
        }
    }
    fn coded(&self, start: usize, end: usize) -> Option<&[u32]> {
        self.0.get(start..end)
    }
}

impl<'a> Column<'a> {
    fn new(inner: impl Encode + 'a) -> Column<'a> {
        Column {
            inner: Box::new(inner),
        }
    }

    /// Text values, for a text field, a custom attribute, or a seniority by its name or
    /// label.
    pub fn text<S: AsRef<str> + Sync>(values: &'a [Option<S>]) -> Column<'a> {
        Column::new(Texts(values))
    }

    /// Decimal numbers, for employees, annual revenue or a custom attribute.
    pub fn numbers(values: &'a [Option<Decimal>]) -> Column<'a> {
        Column::new(Numbers(values))
    }

    /// Integers of any width, each scored as the [`Decimal`] of its value.
    pub fn integers<T: Copy + Into<i128> + Sync>(values: &'a [Option<T>]) -> Column<'a> {
        Column::new(Integers(values))
    }

    /// Yes/no values, for a custom attribute.
    pub fn flags(values: &'a [Option<bool>]) -> Column<'a> {
        Column::new(Flags(values))
    }

    /// Seniorities.
    pub fn seniority(values: &'a [Option<Seniority>]) -> Column<'a> {
        Column::new(Levels(values))
    }

    /// Custom attribute values of any kind, as a [`Profile`](crate::Profile) holds them.
    pub fn values(values: &'a [Option<Value>]) -> Column<'a> {
        Column::new(Values(values))
    }

    /// Text stored as a dictionary: each lead's key indexes `values`, which are read once
    /// per batch rather than once per lead. A key beyond the dictionary reads as missing.
    pub fn dictionary<K: Copy + TryInto<usize> + Sync, S: AsRef<str> + Sync>(
        keys: &'a [Option<K>],
        values: &'a [S],
    ) -> Column<'a> {
        Column::new(Dictionary {
            keys,
            values,
            codes: Vec::new(),
        })
    }

    /// How many leads it has.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether it has no leads.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where each lead's signals are.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Signals<'a> {
    None,
    Each(&'a [Vec<Signal>]),
    /// Lead `i`'s signals are `signals[ends[i - 1]..ends[i]]` (from 0 for lead 0).
    Runs {
        signals: &'a [Signal],
        ends: &'a [usize],
    },
    /// As `Runs`, each signal as its kind's code and its time: a code below
    /// `SignalKind::KNOWN.len()` is that known kind, a code `KNOWN.len() + i` is `kinds[i]`.
    Coded {
        signals: &'a [(u32, Timestamp)],
        ends: &'a [usize],
        kinds: &'a [SignalKind],
    },
}

/// Lead `i`'s run of `items`, given each lead's end.
#[inline(always)]
fn run<'a, T>(items: &'a [T], ends: &[usize], i: usize) -> &'a [T] {
    let start = i.checked_sub(1).and_then(|j| ends.get(j)).copied().unwrap_or(0);
    let end = ends.get(i).copied().unwrap_or(start);
    items.get(start..end).unwrap_or_default()
}

impl Signals<'_> {
    /// Whether no lead has a signal.
    pub(crate) fn is_empty(&self) -> bool {
        match *self {
            Signals::None => true,
            Signals::Each(each) => each.iter().all(Vec::is_empty),
            Signals::Runs { signals, .. } => signals.is_empty(),
            Signals::Coded { signals, .. } => signals.is_empty(),
        }
    }

    /// Lead `i`'s engagement at `now` under `compiled`.
    #[inline(always)]
    pub(crate) fn engagement(&self, i: usize, compiled: &Compiled, now: Timestamp) -> Engagement {
        match *self {
            Signals::None => compiled.engagement(&[], now, &mut ()),
            Signals::Each(each) => compiled.engagement(each.get(i).map_or(&[], Vec::as_slice), now, &mut ()),
            Signals::Runs { signals, ends } => compiled.engagement(run(signals, ends, i), now, &mut ()),
            Signals::Coded { signals, ends, kinds } => {
                let coded = run(signals, ends, i).iter().map(|&(code, at)| {
                    let kind = match (code as usize).checked_sub(SignalKind::KNOWN.len()) {
                        None => compiled.known_kind(code as usize),
                        Some(custom) => kinds.get(custom).map_or(Kind::NONE, |k| compiled.custom_kind(k)),
                    };
                    (kind, at)
                });
                compiled.engagement_of(coded, now, &mut ())
            }
        }
    }
}

/// Many leads stored by column, for one policy: a [`Column`] per field its rules read
/// (a field without a column is missing for every lead), and each lead's engagement
/// signals. Score it with [`Policy::assess_batch`].
///
/// Columns and signals are borrowed, not copied. A batch is built for one policy;
/// [`Policy::assess_batch`] refuses it under a policy that reads other fields or values.
pub struct Batch<'a> {
    pub(crate) plan: Arc<Plan>,
    pub(crate) len: usize,
    /// By slot.
    pub(crate) columns: Vec<Option<Box<dyn Encode + 'a>>>,
    pub(crate) signals: Signals<'a>,
}

impl core::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Batch")
            .field("policy", &self.plan.version)
            .field("len", &self.len)
            .field("columns", &self.columns.iter().filter(|c| c.is_some()).count())
            .finish()
    }
}

impl<'a> Batch<'a> {
    /// A batch of `len` leads for `policy`, with every field missing and no signals.
    pub fn new(policy: &Policy, len: usize) -> Batch<'a> {
        let plan = Arc::clone(&policy.compiled().plan);
        let columns = plan.slots.iter().map(|_| None).collect();
        Batch {
            plan,
            len,
            columns,
            signals: Signals::None,
        }
    }

    /// How many leads it has.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has no leads.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Sets the column of `field`, replacing any before. A field the policy's rules do not
    /// read is accepted and ignored, so that one table can serve several policies
    /// ([`Policy::fields`] lists those it reads).
    ///
    /// # Errors
    /// [`BatchError::Length`] when the column has another number of leads;
    /// [`BatchError::Type`] when the field does not take the column's kind of values
    /// (text for employees, say, or flags for the industry).
    pub fn column(&mut self, field: &Field, mut column: Column<'a>) -> Result<&mut Batch<'a>, BatchError> {
        if column.len() != self.len {
            return Err(BatchError::Length {
                what: field.to_string(),
                expected: self.len,
                found: column.len(),
            });
        }
        let takes = Takes::of_field(field);
        if !column.inner.holds().fits(takes) {
            return Err(BatchError::Type {
                field: field.clone(),
                expected: takes.words(),
            });
        }
        let Some(index) = self.plan.find(field) else {
            return Ok(self);
        };
        if let (Some(coder), Some(place)) = (self.plan.slots.get(index), self.columns.get_mut(index)) {
            column.inner.bind(coder);
            *place = Some(column.inner);
        }
        Ok(self)
    }

    /// Each lead's signals, one vector per lead.
    ///
    /// # Errors
    /// [`BatchError::Length`] unless there is one vector per lead.
    pub fn signals(&mut self, signals: &'a [Vec<Signal>]) -> Result<&mut Batch<'a>, BatchError> {
        if signals.len() != self.len {
            return Err(BatchError::Length {
                what: "signals".into(),
                expected: self.len,
                found: signals.len(),
            });
        }
        self.signals = Signals::Each(signals);
        Ok(self)
    }

    /// Each lead's signals as runs of one slice: lead `i`'s run ends at `ends[i]` and
    /// starts where lead `i - 1`'s ends (lead 0's at 0), the layout of an Arrow list array.
    ///
    /// # Errors
    /// [`BatchError::Length`] unless there is one end per lead; [`BatchError::Ends`] when
    /// an end is below the one before or beyond the signals.
    pub fn signal_runs(
        &mut self,
        signals: &'a [Signal],
        ends: &'a [usize],
    ) -> Result<&mut Batch<'a>, BatchError> {
        if ends.len() != self.len {
            return Err(BatchError::Length {
                what: "signal ends".into(),
                expected: self.len,
                found: ends.len(),
            });
        }
        let mut before = 0;
        for (lead, &end) in ends.iter().enumerate() {
            if end < before || end > signals.len() {
                return Err(BatchError::Ends {
                    lead,
                    end,
                    signals: signals.len(),
                });
            }
            before = end;
        }
        self.signals = Signals::Runs { signals, ends };
        Ok(self)
    }
}

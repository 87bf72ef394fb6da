//! [`Row`]: one lead's scoring input, built against a policy.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::batch::BatchError;
use crate::batch::column::text_code;
use crate::engine::Assessment;
use crate::engine::{Coder, FieldReader, Plan, Policy};
use crate::policy::Field;
use crate::profile::{Profile, Seniority, Signal, Value};
use crate::values::Timestamp;

/// One value for a [`Row`]'s field, borrowed from wherever the host holds it.
///
/// `From` builds one from text, a [`Decimal`], an integer, a flag, a [`Seniority`], a
/// custom [`Value`], or an `Option` of any of these (`None` is [`Cell::Missing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cell<'a> {
    /// No value: rules on the field treat it as absent.
    Missing,
    /// Text, compared ignoring ASCII case.
    Text(&'a str),
    /// A decimal number.
    Number(Decimal),
    /// An integer: the same as the [`Decimal`] of the same value, ranked without one.
    Integer(i64),
    /// A yes/no value.
    Flag(bool),
    /// A seniority.
    Seniority(Seniority),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Cell<'a> {
        Cell::Text(text)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(text: &'a String) -> Cell<'a> {
        Cell::Text(text)
    }
}

impl From<Decimal> for Cell<'_> {
    fn from(n: Decimal) -> Self {
        Cell::Number(n)
    }
}

impl From<i64> for Cell<'_> {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<i32> for Cell<'_> {
    fn from(n: i32) -> Self {
        Cell::Integer(n.into())
    }
}

impl From<u32> for Cell<'_> {
    fn from(n: u32) -> Self {
        Cell::Integer(n.into())
    }
}

impl From<bool> for Cell<'_> {
    fn from(flag: bool) -> Self {
        Cell::Flag(flag)
    }
}

impl From<Seniority> for Cell<'_> {
    fn from(level: Seniority) -> Self {
        Cell::Seniority(level)
    }
}

impl<'a> From<&'a Value> for Cell<'a> {
    fn from(value: &'a Value) -> Cell<'a> {
        match value {
            Value::Text(t) => Cell::Text(t),
            Value::Number(n) => Cell::Number(*n),
            Value::Bool(b) => Cell::Flag(*b),
        }
    }
}

impl<'a, T: Into<Cell<'a>>> From<Option<T>> for Cell<'a> {
    fn from(value: Option<T>) -> Cell<'a> {
        value.map_or(Cell::Missing, Into::into)
    }
}

/// A field a policy's rules read, resolved once to its place in the policy's [`Row`]s and
/// [`Batch`](crate::batch::Batch)es: [`Policy::slot`] gives it.
///
/// Setting a row's field through a slot costs an index, not a search by name. A slot
/// belongs to its policy: a row of a policy that reads other fields refuses it.
#[derive(Clone)]
pub struct Slot {
    pub(crate) plan: Arc<Plan>,
    pub(crate) index: usize,
}

impl Slot {
    /// The field.
    pub fn field(&self) -> Field {
        self.coder().map_or(Field::Employees, |c| c.field.field())
    }

    pub(crate) fn coder(&self) -> Option<&Coder> {
        self.plan.slots.get(self.index)
    }
}

/// One lead's profile, read once against a policy: the scoring input that costs the least
/// to score, again and again.
///
/// A row has one small integer (a code) per field the policy's rules read: attribute names
/// are resolved to places, text to the policy's own codes for the values its rules list
/// (text no rule lists is one "other" code), numbers to their place among the numbers the
/// rules name. Scoring a row adds one precomputed table entry per field; no name is
/// compared, no text hashed, no number compared.
///
/// A row is built for one policy and knows it: [`Policy::assess_row`] refuses a row built
/// for a policy that reads other fields or lists other values, instead of misreading it. A
/// policy that differs only in weights, thresholds or engagement reads the same rows: a new
/// version can be backtested on the rows of the old.
///
/// Building a row allocates once (its codes); [`Row::fill`] and [`Row::clear`] reuse it.
///
/// ```
/// use qualify::{Field, Policy, Profile, Seniority};
///
/// let policy = Policy::default();
/// let now = "2026-11-25T09:00:00Z".parse()?;
/// let profile = Profile::new().employees(2_400).industry("Software").seniority(Seniority::Director);
///
/// let mut row = policy.row_of(&profile);
/// assert_eq!(policy.assess_row(&row, &[], now)?, policy.assess(&profile, &[], now));
///
/// let industry = policy.slot(&Field::Industry).expect("the default policy reads it");
/// row.set(&industry, "Retail")?;
/// assert!(!policy.assess_row(&row, &[], now)?.qualifies());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Row {
    plan: Arc<Plan>,
    codes: Box<[u32]>,
}

// The plan is the policy's whole code table: a row shows its policy's version instead.
impl core::fmt::Debug for Slot {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Slot")
            .field("policy", &self.plan.version)
            .field("field", &self.field())
            .finish()
    }
}

impl core::fmt::Debug for Row {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Row")
            .field("policy", &self.plan.version)
            .field("codes", &self.codes)
            .finish()
    }
}

impl PartialEq for Row {
    /// Rows are equal when their policies read them alike and their values meet the same
    /// rules: two texts that differ only in ASCII case are one value here.
    fn eq(&self, other: &Row) -> bool {
        self.plan.reads_as(&other.plan) && self.codes == other.codes
    }
}

impl Row {
    fn new(plan: &Arc<Plan>) -> Row {
        Row {
            plan: Arc::clone(plan),
            codes: plan.slots.iter().map(Coder::missing).collect(),
        }
    }

    /// Every field missing again.
    pub fn clear(&mut self) {
        for (code, coder) in self.codes.iter_mut().zip(self.plan.slots.iter()) {
            *code = coder.missing();
        }
    }

    /// Reads `profile` into this row, replacing every value: no allocation.
    pub fn fill(&mut self, profile: &Profile) {
        let codes = &mut self.codes;
        self.plan.codes(profile, |i, code| {
            if let Some(place) = codes.get_mut(i) {
                *place = code;
            }
        });
    }

    /// Sets one field's value.
    ///
    /// # Errors
    /// [`BatchError::OtherPolicy`] when the slot is another policy's;
    /// [`BatchError::Type`] when the field does not take this kind of value (text for
    /// employees, say, or a flag for the industry). A custom attribute takes any kind; a
    /// seniority takes a level, or text naming one (text that names none is missing, as
    /// in a [`Column`](crate::batch::Column)).
    #[inline]
    pub fn set<'a>(&mut self, slot: &Slot, value: impl Into<Cell<'a>>) -> Result<(), BatchError> {
        if !slot.plan.reads_as(&self.plan) {
            return Err(BatchError::other_policy(&slot.plan, &self.plan));
        }
        let (Some(coder), Some(code)) = (slot.coder(), self.codes.get_mut(slot.index)) else {
            return Err(BatchError::other_policy(&slot.plan, &self.plan));
        };
        match code_of(coder, value.into()) {
            Ok(c) => *code = c,
            Err(takes) => return Err(takes.refusal(coder)),
        }
        Ok(())
    }

    /// The version of the policy this row was built for.
    pub fn policy_version(&self) -> &str {
        &self.plan.version
    }

    pub(crate) fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    pub(crate) fn codes(&self) -> &[u32] {
        &self.codes
    }
}

/// What kinds of value a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Takes {
    Numbers,
    Text,
    Seniority,
    Any,
}

impl Takes {
    pub(crate) fn of(field: &FieldReader) -> Takes {
        match field {
            // A custom reader's field would copy its name; a known one's is a plain value.
            FieldReader::Custom(_) => Takes::Any,
            known => Takes::of_field(&known.field()),
        }
    }

    pub(crate) fn of_field(field: &Field) -> Takes {
        match field {
            Field::Employees | Field::AnnualRevenue => Takes::Numbers,
            Field::Industry | Field::Country | Field::JobTitle | Field::EmailDomain => Takes::Text,
            Field::Seniority => Takes::Seniority,
            Field::Custom(_) => Takes::Any,
        }
    }

    /// The error for a value of another kind in `coder`'s field.
    #[cold]
    fn refusal(self, coder: &Coder) -> BatchError {
        BatchError::Type {
            field: coder.field.field(),
            expected: self.words(),
        }
    }

    /// What it takes, in words, for an error.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Takes::Numbers => "a number",
            Takes::Text => "text",
            Takes::Seniority => "a seniority",
            Takes::Any => "any value",
        }
    }
}

/// The code of `value` in `coder`'s field, or what the field takes instead.
#[inline(always)]
fn code_of(coder: &Coder, value: Cell<'_>) -> Result<u32, Takes> {
    let takes = Takes::of(&coder.field);
    Ok(match (takes, value) {
        (_, Cell::Missing) => coder.missing(),
        (Takes::Numbers | Takes::Any, Cell::Number(n)) => coder.number(&n),
        (Takes::Numbers | Takes::Any, Cell::Integer(n)) => coder.int(n.into()),
        (Takes::Text | Takes::Any, Cell::Text(t)) => coder.text(t),
        (Takes::Any, Cell::Flag(b)) => coder.flag(b),
        (Takes::Seniority, Cell::Seniority(s)) => coder.seniority(s),
        (Takes::Seniority, Cell::Text(t)) => text_code(coder, t),
        _ => return Err(takes),
    })
}

impl Policy {
    /// A row for this policy with every field missing (one allocation).
    pub fn row(&self) -> Row {
        Row::new(&self.compiled().plan)
    }

    /// `profile` read into a row for this policy (one allocation).
    pub fn row_of(&self, profile: &Profile) -> Row {
        let mut row = self.row();
        row.fill(profile);
        row
    }

    /// The place of `field` in this policy's rows and batches, or `None` when no rule reads
    /// it.
    pub fn slot(&self, field: &Field) -> Option<Slot> {
        let plan = &self.compiled().plan;
        plan.find(field).map(|index| Slot {
            plan: Arc::clone(plan),
            index,
        })
    }

    /// Every field this policy's rules read, in the order of its rows' slots: the known
    /// fields first, in [`Field::KNOWN`] order, then custom attributes by name.
    pub fn fields(&self) -> impl ExactSizeIterator<Item = Field> + '_ {
        self.compiled().plan.slots.iter().map(|c| c.field.field())
    }

    /// [`Policy::assess`] on a row: the same assessment as on the profile it was read from.
    ///
    /// # Errors
    /// [`BatchError::OtherPolicy`] when the row was built for a policy that reads other
    /// fields or lists other values.
    pub fn assess_row(
        &self,
        row: &Row,
        signals: &[Signal],
        now: Timestamp,
    ) -> Result<Assessment, BatchError> {
        let compiled = self.compiled();
        if !row.plan.reads_as(&compiled.plan) {
            return Err(BatchError::other_policy(&row.plan, &compiled.plan));
        }
        // The codes index this policy's entries, which give its own weights.
        Ok(compiled.assess_sum(&compiled.plan.sum(&row.codes), signals, now, &mut ()))
    }
}

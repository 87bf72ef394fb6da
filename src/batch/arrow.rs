//! Apache Arrow in and out (the `arrow` feature): Arrow arrays as a [`Batch`]'s columns,
//! read where they lie, and assessments as Arrow arrays.
//!
//! Data teams hold lead tables as Arrow: Parquet files, DataFusion, Polars, Spark through
//! Arrow. [`Batch::arrow`] takes an array as a field's column without copying it:
//!
//! | Arrow type | reads as |
//! |---|---|
//! | `Int8` to `Int64`, `UInt8` to `UInt64` | numbers |
//! | `Decimal128(p, s)` | numbers, exactly, at scale `s` |
//! | `Boolean` | flags |
//! | `Utf8`, `LargeUtf8`, `Utf8View` | text (and a seniority by its name or label) |
//! | `Dictionary(any integer key, Utf8 / LargeUtf8 / Utf8View)` | text, each distinct value read once per batch |
//!
//! A null is a missing value. Floating-point arrays are refused: a float is not an exact
//! number, and the crate's comparisons are exact; cast to `Decimal128` first, choosing the
//! rounding.
//!
//! [`record_batch`] writes assessments back as an Arrow table, scores as `Decimal128(38, 4)`
//! (exact, as the crate computes them).
//!
//! ```
//! use std::sync::Arc;
//!
//! use arrow_array::{Array, DictionaryArray, Int32Array, RecordBatch, StringArray};
//! use arrow_array::types::Int8Type;
//! use qualify::batch::{Batch, arrow};
//! use qualify::{Policy, Profile};
//!
//! let policy = Policy::default();
//! let now = "2026-11-25T09:00:00Z".parse()?;
//! let employees = Int32Array::from(vec![Some(2_400), Some(40), None]);
//! let industry: DictionaryArray<Int8Type> = vec!["Software", "Retail", "Software"].into_iter().collect();
//! let table = RecordBatch::try_from_iter([
//!     ("employees", Arc::new(employees) as Arc<dyn Array>),
//!     ("industry", Arc::new(industry) as Arc<dyn Array>),
//!     ("notes", Arc::new(StringArray::from(vec!["a", "b", "c"])) as Arc<dyn Array>),
//! ])?;
//!
//! let batch = Batch::from_record_batch(&policy, &table)?;
//! let mut out = Vec::new();
//! policy.assess_batch(&batch, now, &mut out)?;
//! let first = Profile::new().employees(2_400).industry("Software");
//! assert_eq!(out[0], policy.assess(&first, &[], now));
//!
//! let scored = arrow::record_batch(&out)?;
//! assert_eq!(scored.num_rows(), 3);
//! assert_eq!(scored.schema().field(0).name(), "fit_score");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::iterator::ArrayIter;
use arrow_array::types::{
    ArrowDictionaryKeyType, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{
    Array, ArrayAccessor, ArrayRef, BooleanArray, Decimal128Array, PrimitiveArray, RecordBatch, StringArray,
    UInt32Array,
};
use arrow_buffer::ArrowNativeType;
use arrow_schema::{DataType, Field as ArrowField, Schema};

use crate::batch::column::{Encode, Holds, fill, text_code};
use crate::batch::{Batch, BatchError, Column};
use crate::engine::{Assessment, Coder, Policy};
use crate::policy::Field;
use crate::policy::Tier;
use crate::values::Echo;

/// Arrow text of any layout, read lead by lead.
struct Texts<A>(A);

/// Arrow integers of any width.
struct Ints<A>(A);

/// An Arrow `Decimal128` array at its scale, with the field's bounds at that scale.
struct Decimals<'a> {
    array: &'a Decimal128Array,
    scale: i8,
    bounds: Vec<(i128, bool)>,
}

/// An Arrow dictionary of text: each distinct value is coded once, at bind.
struct Dictionary<'a, K: ArrowDictionaryKeyType> {
    keys: &'a PrimitiveArray<K>,
    values: &'a ArrayRef,
    codes: Vec<u32>,
}

/// Writes the codes of `array`'s leads from `start`.
#[inline(always)]
fn each<A: ArrayAccessor>(array: A, start: usize, out: &mut [u32], code: impl FnMut(Option<A::Item>) -> u32) {
    fill(out, ArrayIter::new(array).skip(start), code);
}

impl<'a, A: ArrayAccessor<Item = &'a str> + Copy> Encode for Texts<A> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Text
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| {
            v.map_or(coder.missing(), |t| text_code(coder, t))
        });
    }
}

impl<A: ArrayAccessor + Copy> Encode for Ints<A>
where
    A::Item: Into<i128>,
{
    fn len(&self) -> usize {
        self.0.len()
    }
    fn holds(&self) -> Holds {
        Holds::Numbers
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(self.0, start, out, |v| {
            v.map_or(coder.missing(), |n| coder.int(n.into()))
        });
    }
}

impl Encode for Decimals<'_> {
    fn len(&self) -> usize {
        self.array.len()
    }
    fn holds(&self) -> Holds {
        Holds::Numbers
    }
    fn bind(&mut self, coder: &Coder) {
        self.bounds.clear();
        if let Ok(scale) = u32::try_from(self.scale) {
            self.bounds.extend(coder.scaled(scale));
        }
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        match u32::try_from(-i32::from(self.scale)) {
            // A negative scale: the raw value times a power of ten is an integer.
            Ok(places) if places > 0 => {
                let factor = 10_i128.checked_pow(places);
                each(self.array, start, out, |v| match v {
                    Some(0) => coder.int(0),
                    Some(raw) => {
                        let held = if raw < 0 { i128::MIN } else { i128::MAX };
                        coder.int(factor.and_then(|f| raw.checked_mul(f)).unwrap_or(held))
                    }
                    None => coder.missing(),
                });
            }
            _ => each(self.array, start, out, |v| {
                v.map_or(coder.missing(), |raw| coder.fixed(raw, false, &self.bounds))
            }),
        }
    }
}

impl Encode for &BooleanArray {
    fn len(&self) -> usize {
        Array::len(*self)
    }
    fn holds(&self) -> Holds {
        Holds::Flags
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        each(*self, start, out, |v| {
            v.map_or(coder.missing(), |b| coder.flag(b))
        });
    }
}

/// The code of each value of a text array, or `None` unless it holds text.
fn text_codes(values: &dyn Array, coder: &Coder) -> Option<Vec<u32>> {
    let code = |v: Option<&str>| v.map_or(coder.missing(), |t| text_code(coder, t));
    Some(match values.data_type() {
        DataType::Utf8 => values.as_string_opt::<i32>()?.iter().map(code).collect(),
        DataType::LargeUtf8 => values.as_string_opt::<i64>()?.iter().map(code).collect(),
        DataType::Utf8View => values.as_string_view_opt()?.iter().map(code).collect(),
        _ => return None,
    })
}

impl<K: ArrowDictionaryKeyType> Encode for Dictionary<'_, K> {
    fn len(&self) -> usize {
        self.keys.len()
    }
    fn holds(&self) -> Holds {
        Holds::Text
    }
    fn bind(&mut self, coder: &Coder) {
        self.codes = text_codes(self.values.as_ref(), coder).unwrap_or_default();
    }
    fn encode(&self, coder: &Coder, start: usize, out: &mut [u32]) {
        let missing = coder.missing();
        each(self.keys, start, out, |k| {
            k.and_then(|k| self.codes.get(k.as_usize()).copied())
                .unwrap_or(missing)
        });
    }
}

/// `array` as a column, or `None` for a type the batch does not read.
fn column(array: &dyn Array) -> Option<Column<'_>> {
    fn boxed<'a>(e: impl Encode + 'a) -> Option<Column<'a>> {
        Some(Column { inner: Box::new(e) })
    }
    fn dictionary<'a, K: ArrowDictionaryKeyType>(array: &'a dyn Array) -> Option<Column<'a>> {
        let d = array.as_dictionary_opt::<K>()?;
        if !matches!(
            d.values().data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            return None;
        }
        boxed(Dictionary {
            keys: d.keys(),
            values: d.values(),
            codes: Vec::new(),
        })
    }
    match array.data_type() {
        DataType::Int8 => boxed(Ints(array.as_primitive_opt::<Int8Type>()?)),
        DataType::Int16 => boxed(Ints(array.as_primitive_opt::<Int16Type>()?)),
        DataType::Int32 => boxed(Ints(array.as_primitive_opt::<Int32Type>()?)),
        DataType::Int64 => boxed(Ints(array.as_primitive_opt::<Int64Type>()?)),
        DataType::UInt8 => boxed(Ints(array.as_primitive_opt::<UInt8Type>()?)),
        DataType::UInt16 => boxed(Ints(array.as_primitive_opt::<UInt16Type>()?)),
        DataType::UInt32 => boxed(Ints(array.as_primitive_opt::<UInt32Type>()?)),
        DataType::UInt64 => boxed(Ints(array.as_primitive_opt::<UInt64Type>()?)),
        DataType::Decimal128(_, scale) => boxed(Decimals {
            array: array.as_primitive_opt()?,
            scale: *scale,
            bounds: Vec::new(),
        }),
        DataType::Boolean => boxed(array.as_boolean_opt()?),
        DataType::Utf8 => boxed(Texts(array.as_string_opt::<i32>()?)),
        DataType::LargeUtf8 => boxed(Texts(array.as_string_opt::<i64>()?)),
        DataType::Utf8View => boxed(Texts(array.as_string_view_opt()?)),
        DataType::Dictionary(key, _) => match **key {
            DataType::Int8 => dictionary::<Int8Type>(array),
            DataType::Int16 => dictionary::<Int16Type>(array),
            DataType::Int32 => dictionary::<Int32Type>(array),
            DataType::Int64 => dictionary::<Int64Type>(array),
            DataType::UInt8 => dictionary::<UInt8Type>(array),
            DataType::UInt16 => dictionary::<UInt16Type>(array),
            DataType::UInt32 => dictionary::<UInt32Type>(array),
            DataType::UInt64 => dictionary::<UInt64Type>(array),
            _ => None,
        },
        _ => None,
    }
}

/// The field a table's column of this name holds: a known field by its snake_case name
/// (`employees`, `annual_revenue`, `industry`, `country`, `job_title`, `seniority`), a
/// custom attribute by `custom.` and its name (`custom.employees` for an attribute that
/// shares a known field's name), any other name a custom attribute of that name.
pub fn field_named(name: &str) -> Field {
    match name.parse::<Field>() {
        Ok(field) => field,
        Err(_) => Field::Custom(name.to_owned()),
    }
}

impl<'a> Batch<'a> {
    /// Sets the column of `field` from an Arrow array, read where it lies (see the
    /// [module](crate::batch::arrow) for the types it reads).
    ///
    /// # Errors
    /// [`BatchError::ArrowType`] for an array of a type the batch does not read; then as
    /// [`Batch::column`].
    pub fn arrow(&mut self, field: &Field, array: &'a dyn Array) -> Result<&mut Batch<'a>, BatchError> {
        let column = column(array).ok_or_else(|| BatchError::ArrowType {
            field: field.clone(),
            data_type: array.data_type().to_string(),
        })?;
        self.column(field, column)
    }

    /// A batch of every row of `table`, each column named as [`field_named`] reads it: the
    /// columns of fields `policy` reads become the batch's columns, and the others are
    /// ignored (a misspelled name too: compare [`Policy::fields`] with the table's names
    /// to catch one). The batch has no signals until [`Batch::signals`] gives them.
    ///
    /// # Errors
    /// [`BatchError::Arrow`] naming both columns when two columns read as one field the
    /// policy reads (two columns named `employees`, or `industry` beside `Industry`): the
    /// batch reads one column per field, and does not pick one. Then as [`Batch::arrow`],
    /// for a column of a field the policy reads.
    pub fn from_record_batch(policy: &Policy, table: &'a RecordBatch) -> Result<Batch<'a>, BatchError> {
        let mut batch = Batch::new(policy, table.num_rows());
        let schema = table.schema_ref();
        // The column each field the policy reads was taken from, by the field's place.
        let mut taken: Vec<Option<(usize, &str)>> = vec![None; batch.plan.slots.len()];
        for (i, (meta, array)) in schema.fields().iter().zip(table.columns()).enumerate() {
            let field = field_named(meta.name());
            let Some(place) = batch.plan.find(&field) else {
                continue;
            };
            if let Some(Some((first, name))) = taken.get(place) {
                let message = if *name == meta.name().as_str() {
                    format!("columns {first} and {i} are both named {}", Echo::quoted(name))
                } else {
                    format!(
                        "columns {first} ({}) and {i} ({}) both read as field {}",
                        Echo::quoted(name),
                        Echo::quoted(meta.name()),
                        Echo::plain(&field.to_string())
                    )
                };
                return Err(BatchError::Arrow {
                    message: format!("{message}: the batch reads one column per field"),
                });
            }
            if let Some(slot) = taken.get_mut(place) {
                *slot = Some((i, meta.name().as_str()));
            }
            batch.arrow(&field, array.as_ref())?;
        }
        Ok(batch)
    }
}

/// A `Decimal128(38, 4)` array of the engine's fixed-point values, exact.
fn fixed(values: impl Iterator<Item = i64>) -> Result<Decimal128Array, BatchError> {
    Decimal128Array::from_iter_values(values.map(i128::from))
        .with_precision_and_scale(38, crate::values::PLACES as i8)
        .map_err(arrow_error)
}

fn arrow_error(e: arrow_schema::ArrowError) -> BatchError {
    BatchError::Arrow {
        message: e.to_string(),
    }
}

/// Every assessment's fit score, as `Decimal128(38, 4)`: what a scalar function returns.
///
/// # Errors
/// [`BatchError::Arrow`] if Arrow refuses the array, which it does not for these types.
pub fn fit_scores(assessments: &[Assessment]) -> Result<Decimal128Array, BatchError> {
    fixed(assessments.iter().map(|a| a.fit))
}

/// The assessments as an Arrow table, one row per lead, in order: `fit_score` and
/// `engagement_score` (`Decimal128(38, 4)`), `criteria_met` and `knockouts_hit` (`UInt32`),
/// `fit_passed` and `qualifies` (`Boolean`), `tier` (`Utf8`: `IQL`, `MQL`, `SQL`, or null
/// below IQL).
///
/// # Errors
/// [`BatchError::Arrow`] if Arrow refuses the table, which it does not for these types.
pub fn record_batch(assessments: &[Assessment]) -> Result<RecordBatch, BatchError> {
    let decimal = DataType::Decimal128(38, crate::values::PLACES as i8);
    let schema = Schema::new(vec![
        ArrowField::new("fit_score", decimal.clone(), false),
        ArrowField::new("criteria_met", DataType::UInt32, false),
        ArrowField::new("knockouts_hit", DataType::UInt32, false),
        ArrowField::new("fit_passed", DataType::Boolean, false),
        ArrowField::new("qualifies", DataType::Boolean, false),
        ArrowField::new("engagement_score", decimal, false),
        ArrowField::new("tier", DataType::Utf8, true),
    ]);
    let tier = |t: Option<Tier>| t.map(|t| t.to_string());
    let columns: Vec<ArrayRef> = vec![
        Arc::new(fit_scores(assessments)?),
        Arc::new(UInt32Array::from_iter_values(assessments.iter().map(|a| a.met))),
        Arc::new(UInt32Array::from_iter_values(
            assessments.iter().map(|a| a.knockouts_hit),
        )),
        Arc::new(BooleanArray::from_iter(
            assessments.iter().map(|a| Some(a.fit_passed)),
        )),
        Arc::new(BooleanArray::from_iter(
            assessments.iter().map(|a| Some(a.qualifies())),
        )),
        Arc::new(fixed(assessments.iter().map(|a| a.engagement))?),
        Arc::new(StringArray::from_iter(assessments.iter().map(|a| tier(a.tier)))),
    ];
    RecordBatch::try_new(Arc::new(schema), columns).map_err(arrow_error)
}

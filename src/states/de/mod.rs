//! Reading a record's raw form off the wire: leniently, so that every problem is listed at
//! once, and within bounds, so that a record far over its limits is refused without first
//! being held.
//!
//! - A field no record has is noted with its path and skipped, not refused on the spot.
//! - A whole number (`format`, `fit.profile.employees`) is read as whatever value was
//!   written and converted afterwards; one that is not a whole number in range is noted
//!   with its path.
//! - A list (`signals`, `history`) is kept up to its limit
//!   ([`limits::MAX_SIGNALS`](crate::limits::MAX_SIGNALS),
//!   [`limits::MAX_EVENTS`](crate::limits::MAX_EVENTS)); past it, each entry is skipped
//!   unread and only counted, and the list is noted as too long and not kept: what a load
//!   can hold is bounded ([`raw`](crate::raw), "Memory").
//! - A profile's custom attributes (`fit.profile.custom`) are kept up to their limit
//!   ([`limits::MAX_CUSTOM_ATTRIBUTES`](crate::limits::MAX_CUSTOM_ATTRIBUTES)) the same
//!   way, and noted as too many past it; the first are kept, so that the rest of the
//!   record is judged as written.
//!
//! Each object's fields are read in [`fields`]; here is how any object, list, option or
//! whole number is read.
//!
//! What the reading notes comes first among a record's problems (a list too long or too
//! many attributes first of all, then the rest in the order read), before what
//! [`RawRecord::check`] finds. The other values are read by their own types and stop the
//! reading when they do not read, as serde does: a string written as a number, a stage
//! nobody knows, a missing `stage`.
//!
//! The raw types read on their own (a [`RawEvent`], a [`RawNeed`], ...) are read the same
//! way, and refused with every problem noted; a [`RawRecord`] too, its message naming its
//! stage.

use core::fmt;
use core::marker::PhantomData;

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};

use crate::states::RecordProblem;
use crate::states::raw::{
    RawAssumedFit, RawAuthority, RawBudget, RawBudgetStatus, RawEvent, RawFit, RawImport, RawMoney, RawNeed,
    RawProvenance, RawRecord, RawSignal, RawTimeline,
};
use crate::states::read::{Reader, Unread};
use crate::values::{Echo, Listed, MAX_PROBLEMS, Problems, head};

mod fields;

/// The format of a record that does not name one: written before formats were.
const LEGACY_FORMAT: u32 = 1;

/// What a whole number of a record must be, as a message says it.
const WHOLE: &str = "a whole number from 0 to 4294967295";

/// Reads a record's raw form, and what the reading noted.
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D) -> Result<(RawRecord, Unread), D::Error> {
    let mut r = Reading::default();
    let raw = At::<RawRecord>::new(&mut r, Path::Root).deserialize(d)?;
    Ok((raw, r.finish()))
}

impl<'de> Deserialize<'de> for RawRecord {
    /// Reads the raw form: anything of its shape. A field no record has, a whole number
    /// that is not one, or a list over its limit is refused, every one listed at once
    /// (`invalid lead record: unknown field "score": expected one of format, stage, ...`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawRecord, D::Error> {
        let (raw, unread) = read(d)?;
        if unread.problems.is_empty() {
            return Ok(raw);
        }
        let stage = raw.stage;
        let r = Reader {
            problems: unread.problems,
        };
        Err(D::Error::custom(r.error_after(stage, unread.omitted)))
    }
}

/// Reads each raw type on its own: every problem noted, and refused if any was.
macro_rules! on_its_own {
    ($($raw:ty),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $raw {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$raw, D::Error> {
                let mut r = Reading::default();
                let value = At::<$raw>::new(&mut r, Path::Root).deserialize(d)?;
                let unread = r.finish();
                if unread.problems.is_empty() {
                    return Ok(value);
                }
                let (kept, omitted) = unread.problems.into_parts();
                let omitted = omitted.saturating_add(unread.omitted);
                Err(D::Error::custom(Listed::new(&kept, omitted)))
            }
        }
    )*};
}

on_its_own!(
    RawProvenance,
    RawFit,
    RawAssumedFit,
    RawNeed,
    RawMoney,
    RawBudgetStatus,
    RawBudget,
    RawAuthority,
    RawTimeline,
    RawSignal,
    RawImport,
    RawEvent,
);

// ---------------------------------------------------------------------------------------
// Where a value is, and what the reading noted.

/// Where a value is in a record, built on the stack as the reading descends and written
/// out only when a problem is noted: `fit.provenance`, `history[3]`.
#[derive(Clone, Copy)]
enum Path<'a> {
    /// The value read: the record itself.
    Root,
    /// A field of an object.
    Field(&'a Path<'a>, &'static str),
    /// An entry of a list.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// What reading one value notes: its problems, the first [`MAX_PROBLEMS`] kept and the
/// rest counted, and which lists were too long to keep.
#[derive(Default)]
struct Reading {
    noted: Vec<RecordProblem>,
    omitted: usize,
    /// A `TooMany` for each list not kept, a `TooManyAttributes` for each profile with too
    /// many: listed before every other problem.
    too_long: Vec<RecordProblem>,
    history_dropped: bool,
    format_unread: bool,
}

impl Reading {
    /// Notes the problem `build` makes or, past [`MAX_PROBLEMS`], counts it unbuilt.
    fn note(&mut self, build: impl FnOnce() -> RecordProblem) {
        if self.noted.len() < MAX_PROBLEMS {
            self.noted.push(build());
        } else {
            self.omitted = self.omitted.saturating_add(1);
        }
    }

    /// Notes the field `name` of the object at `at`, which has only `expected`.
    fn unknown(&mut self, at: Path<'_>, name: &str, expected: &'static [&'static str]) {
        self.note(|| RecordProblem::UnknownField {
            within: at.to_string(),
            name: head(name).to_owned(),
            len: name.len(),
            expected,
        });
    }

    /// Notes that the value at `at` does not read, and why.
    fn unreadable(&mut self, at: Path<'_>, problem: impl fmt::Display) {
        self.note(|| RecordProblem::Unreadable {
            field: at.to_string(),
            problem: problem.to_string(),
        });
    }

    /// What was noted, a list too long first.
    fn finish(self) -> Unread {
        let mut problems = Problems::default();
        problems.extend(self.too_long);
        problems.extend(self.noted);
        Unread {
            problems,
            omitted: self.omitted,
            history_dropped: self.history_dropped,
            format_unread: self.format_unread,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Objects, lists and options of raw types.

/// A raw type, read at a path.
trait Read: Sized {
    fn read<'de, D: Deserializer<'de>>(d: D, r: &mut Reading, at: Path<'_>) -> Result<Self, D::Error>;
}

/// A raw type read from an object, member by member.
trait Members: Sized {
    /// What it is, for a message: `a provenance`.
    const EXPECTING: &'static str;
    /// Its fields on the wire, in the order written.
    const FIELDS: &'static [&'static str];

    /// Reads it from the members of `map`, noting problems under `at`.
    fn members<'de, A: MapAccess<'de>>(map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error>;
}

impl<T: Members> Read for T {
    fn read<'de, D: Deserializer<'de>>(d: D, r: &mut Reading, at: Path<'_>) -> Result<T, D::Error> {
        d.deserialize_map(Object::<T> {
            r,
            at,
            read: PhantomData,
        })
    }
}

/// Reads a `T` at a path.
struct At<'r, 'p, T> {
    r: &'r mut Reading,
    at: Path<'p>,
    read: PhantomData<fn() -> T>,
}

impl<'r, 'p, T> At<'r, 'p, T> {
    fn new(r: &'r mut Reading, at: Path<'p>) -> At<'r, 'p, T> {
        At {
            r,
            at,
            read: PhantomData,
        }
    }
}

impl<'de, T: Read> DeserializeSeed<'de> for At<'_, '_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d, self.r, self.at)
    }
}

/// The visitor of a [`Members`] type's object.
struct Object<'r, 'p, T> {
    r: &'r mut Reading,
    at: Path<'p>,
    read: PhantomData<fn() -> T>,
}

impl<'de, T: Members> Visitor<'de> for Object<'_, '_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::members(map, self.r, self.at)
    }
}

/// Reads an object's field names: one of `fields`, or `None` after noting any other.
struct Key<'r, 'p> {
    fields: &'static [&'static str],
    r: &'r mut Reading,
    at: Path<'p>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = Option<(usize, &'static str)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key<'_, '_> {
    type Value = Option<(usize, &'static str)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        match self.fields.iter().position(|f| *f == name) {
            Some(i) => Ok(self.fields.get(i).map(|f| (i, *f))),
            None => {
                self.r.unknown(self.at, name, self.fields);
                Ok(None)
            }
        }
    }
}

/// Reads the members of an object of `fields` at `at`: each known one by `read`, each other
/// one noted and skipped unread. A field given twice is refused, as serde refuses it.
fn members<'de, A: MapAccess<'de>>(
    map: &mut A,
    r: &mut Reading,
    at: Path<'_>,
    fields: &'static [&'static str],
    mut read: impl FnMut(&'static str, &mut A, &mut Reading) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    let mut seen: u64 = 0;
    while let Some(key) = map.next_key_seed(Key { fields, r, at })? {
        let Some((i, name)) = key else {
            map.next_value::<IgnoredAny>()?;
            continue;
        };
        let bit = u32::try_from(i)
            .ok()
            .and_then(|i| 1_u64.checked_shl(i))
            .unwrap_or(0);
        if seen & bit != 0 {
            return Err(A::Error::duplicate_field(name));
        }
        seen |= bit;
        read(name, map, r)?;
    }
    Ok(())
}

/// A field the wire form requires, or serde's refusal naming it.
fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Reads an optional value with `S`: `null` or absent is `None`.
struct Maybe<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Maybe<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Maybe<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

/// Reads a list of `T` named `field` at `at`, keeping at most `max` entries: past them
/// each entry is skipped unread and counted, and the list is noted as too long, and kept
/// empty, with nothing noted of its entries.
struct List<'r, 'p, T> {
    r: &'r mut Reading,
    at: Path<'p>,
    field: &'static str,
    max: usize,
    read: PhantomData<fn() -> T>,
}

impl<'r, 'p, T> List<'r, 'p, T> {
    fn new(r: &'r mut Reading, at: Path<'p>, field: &'static str, max: usize) -> List<'r, 'p, T> {
        List {
            r,
            at,
            field,
            max,
            read: PhantomData,
        }
    }
}

impl<'de, T: Read> DeserializeSeed<'de> for List<'_, '_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Read> Visitor<'de> for List<'_, '_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let before = (self.r.noted.len(), self.r.omitted);
        let mut kept = Vec::new();
        let mut len: usize = 0;
        loop {
            let more = if len < self.max {
                let at = Path::Index(&self.at, len);
                match seq.next_element_seed(At::<T>::new(self.r, at))? {
                    Some(entry) => {
                        kept.push(entry);
                        true
                    }
                    None => false,
                }
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                break;
            }
            len = len.saturating_add(1);
        }
        if len <= self.max {
            return Ok(kept);
        }
        // The entries are not checked: forget what was noted of them.
        self.r.noted.truncate(before.0);
        self.r.omitted = before.1;
        self.r.too_long.push(RecordProblem::TooMany {
            field: self.field,
            len,
            max: self.max,
        });
        if self.field == "history" {
            self.r.history_dropped = true;
        }
        Ok(Vec::new())
    }
}

// ---------------------------------------------------------------------------------------
// Whole numbers, read whatever was written.

/// A value where a whole number belongs, as written.
enum Written {
    Null,
    Whole(i128),
    /// Anything else, as a message shows it: `floating point `2.5``, `string "two"`.
    Other(String),
}

impl Written {
    /// The `u32` written, `None` for `null`; or why it is not one.
    fn whole(self) -> Result<Option<u32>, String> {
        match self {
            Written::Null => Ok(None),
            Written::Whole(n) => u32::try_from(n)
                .map(Some)
                .map_err(|_| format!("invalid value: integer `{n}`, expected {WHOLE}")),
            Written::Other(what) => Err(format!("invalid type: {what}, expected {WHOLE}")),
        }
    }
}

/// Reads any value as [`Written`], skipping the insides of a list or an object.
struct Number;

impl<'de> DeserializeSeed<'de> for Number {
    type Value = Written;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Written, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Number {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(WHOLE)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Written, E> {
        Ok(Written::Other(Unexpected::Bool(v).to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
        Ok(Written::Whole(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Written, E> {
        Ok(Written::Whole(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
        Ok(Written::Whole(v.into()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Written, E> {
        Ok(match i128::try_from(v) {
            Ok(v) => Written::Whole(v),
            Err(_) => Written::Other(format!("integer `{v}`")),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Written, E> {
        // Its shortest form, in exponent notation when long: `1e300`, not 301 digits.
        Ok(Written::Other(format!("floating point `{v:?}`")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
        Ok(Written::Other(format!("string {}", Echo::quoted(v))))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Written, E> {
        Ok(Written::Other("byte array".into()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Written, E> {
        Ok(Written::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Written, E> {
        Ok(Written::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Written, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Written, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Written::Other("sequence".into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Written::Other("map".into()))
    }
}

//! Compiled criteria and knockouts: the field each reads, its test and its points.

use core::cmp::Ordering;

use rust_decimal::Decimal;

use crate::engine::field::FieldReader;
use crate::policy::Field;

/// A compiled condition. [`Test::range`] and [`Test::numbers`] give the integer field
/// (employees) its own integer tests, so no [`Decimal`] is built to score it.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    Present,
    Absent,
    /// Equals one of these: text ignoring ASCII case, numbers by value, flags by index.
    AnyOf {
        text: Box<[Box<str>]>,
        numbers: Box<[Decimal]>,
        flags: [bool; 2],
    },
    /// An integer equal to one of these.
    IntAnyOf(Box<[i64]>),
    /// Seniorities as a bit set.
    Seniority(u8),
    /// A number within these bounds, both inclusive.
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    /// An integer within these bounds, both inclusive.
    IntRange {
        min: i64,
        max: i64,
    },
}

impl Test {
    /// A range condition on `field`. An integer meets a decimal bound exactly when it meets
    /// that bound rounded inward to a whole number.
    pub(crate) fn range(field: &Field, min: Option<Decimal>, max: Option<Decimal>) -> Test {
        if *field != Field::Employees {
            return Test::Range { min, max };
        }
        let whole = |bound: Decimal| {
            i64::try_from(bound).unwrap_or(if bound.is_sign_negative() {
                i64::MIN
            } else {
                i64::MAX
            })
        };
        Test::IntRange {
            min: min.map_or(i64::MIN, |m| whole(m.ceil())),
            max: max.map_or(i64::MAX, |m| whole(m.floor())),
        }
    }

    /// An equality condition on numeric `field` with these values. An integer equals a
    /// decimal exactly when the decimal is whole and of the same value.
    pub(crate) fn numbers(field: &Field, numbers: Vec<Decimal>) -> Test {
        if *field != Field::Employees {
            return Test::AnyOf {
                text: Box::default(),
                numbers: numbers.into_boxed_slice(),
                flags: [false; 2],
            };
        }
        Test::IntAnyOf(
            numbers
                .into_iter()
                .filter(|n| n.fract().is_zero())
                .filter_map(|n| i64::try_from(n).ok())
                .collect(),
        )
    }
}

/// `n` compared with `bound`: by mantissa when their scales agree (no rescaling), else as
/// [`Decimal`] compares.
#[inline]
pub(crate) fn compare(n: &Decimal, bound: &Decimal) -> Ordering {
    if n.scale() == bound.scale() {
        n.mantissa().cmp(&bound.mantissa())
    } else {
        n.cmp(bound)
    }
}

/// A compiled criterion or knockout: the field it reads and the points it earns. Its test
/// is evaluated as part of the policy's [`Plan`].
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) source: FieldReader,
    pub(crate) test: Test,
    pub(crate) points: i64,
}

impl Rule {
    pub(crate) fn new(field: &Field, test: Test, points: i64) -> Rule {
        Rule {
            source: FieldReader::of(field),
            test,
            points,
        }
    }
}

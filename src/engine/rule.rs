//! Compiled criteria and knockouts: the field each reads, its test and its points.

use rust_decimal::Decimal;

use crate::engine::field::FieldReader;
use crate::engine::pattern::Kind;
use crate::policy::Field;

/// A compiled condition.
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
    /// Seniorities as a bit set.
    Seniority(u8),
    /// A number within these bounds, both inclusive.
    Range {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    /// A text condition: text matching one of these values as `kind` says.
    Text {
        kind: Kind,
        values: Box<[Box<str>]>,
    },
}

impl Test {
    /// An equality condition on a numeric field with these values.
    pub(crate) fn numbers(numbers: Vec<Decimal>) -> Test {
        Test::AnyOf {
            text: Box::default(),
            numbers: numbers.into_boxed_slice(),
            flags: [false; 2],
        }
    }
}

/// A compiled criterion or knockout: the field it reads and the points it earns. Its test
/// is evaluated as part of the policy's [`Plan`](crate::engine::plan::Plan).
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

//! [`Period`]: the half-open range of time a report covers.

use core::fmt;

use crate::values::Timestamp;

/// A half-open UTC range `[from, to)`: it holds `from` and every instant up to, not
/// including, `to`. Consecutive periods share their boundary and never count an instant
/// twice.
///
/// ```
/// use qualify::pipeline::Period;
///
/// let november = Period::new("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?)?;
/// assert!(november.contains("2026-11-01T00:00:00Z".parse()?));
/// assert!(!november.contains("2026-12-01T00:00:00Z".parse()?));
/// assert!(Period::new(november.to(), november.from()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Bounds", into = "Bounds"))]
pub struct Period {
    from: Timestamp,
    to: Timestamp,
}

/// A period that ends before it begins, or where it begins: it would hold nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a period must end after it begins: {from} to {to} holds nothing")]
#[non_exhaustive]
pub struct EmptyPeriod {
    /// The start given.
    pub from: Timestamp,
    /// The end given.
    pub to: Timestamp,
}

impl Period {
    /// The period `[from, to)`.
    ///
    /// # Errors
    /// [`EmptyPeriod`] unless `from` is before `to`.
    pub fn new(from: Timestamp, to: Timestamp) -> Result<Period, EmptyPeriod> {
        if from < to {
            Ok(Period { from, to })
        } else {
            Err(EmptyPeriod { from, to })
        }
    }

    /// The first instant in the period.
    pub fn from(self) -> Timestamp {
        self.from
    }

    /// The first instant after the period.
    pub fn to(self) -> Timestamp {
        self.to
    }

    /// Whether `at` lies in the period: `from <= at < to`.
    pub fn contains(self, at: Timestamp) -> bool {
        self.from <= at && at < self.to
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {})", self.from, self.to)
    }
}

/// A period's wire form: `{"from": ..., "to": ...}`, checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Bounds {
    from: Timestamp,
    to: Timestamp,
}

#[cfg(feature = "serde")]
impl TryFrom<Bounds> for Period {
    type Error = EmptyPeriod;
    fn try_from(b: Bounds) -> Result<Period, EmptyPeriod> {
        Period::new(b.from, b.to)
    }
}

#[cfg(feature = "serde")]
impl From<Period> for Bounds {
    fn from(p: Period) -> Bounds {
        Bounds {
            from: p.from,
            to: p.to,
        }
    }
}

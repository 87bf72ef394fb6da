//! [`Probability`]: a checked decimal in `0..=1`.

use core::fmt;

use rust_decimal::Decimal;

use crate::values::ValueError;

/// Every `Probability` is a decimal between 0 and 1 inclusive.
///
/// On the wire, a string such as `"0.75"`, read exactly.
///
/// ```
/// use qualify::{Decimal, Probability};
///
/// assert_eq!(Probability::new(Decimal::new(75, 2))?.to_string(), "0.75");
/// assert!(Probability::new(Decimal::new(15, 1)).is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Probability(Decimal);

impl Probability {
    /// Certainly not.
    pub const ZERO: Probability = Probability(Decimal::ZERO);
    /// Certainly.
    pub const ONE: Probability = Probability(Decimal::ONE);

    /// Checks and wraps a probability.
    ///
    /// # Errors
    /// [`ValueError::Probability`] when `value` is below 0 or above 1, such as `1.5`.
    pub fn new(value: Decimal) -> Result<Probability, ValueError> {
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(ValueError::Probability { value });
        }
        Ok(Probability(value.normalize()))
    }

    /// The value, in `0..=1`.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for Probability {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Serialize::serialize(&self.0, s)
        }
    }

    impl<'de> Deserialize<'de> for Probability {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Probability::new(crate::values::decimal::de::probability(d)?).map_err(serde::de::Error::custom)
        }
    }
}

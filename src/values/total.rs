//! [`Total`]: an exact sum of non-negative decimals.

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use crate::values::money::Money;
use crate::values::probability::Probability;
use crate::values::shown::Quotient;
use crate::values::shown::write_fixed;
use crate::values::wide::{U384, U768, powers_of_ten};
use crate::values::{ValueError, head};

/// The scale a total's units are kept at: twice a decimal's 28 places, so that a product
/// of two decimals is exact too.
const SCALE: u32 = 56;

/// `10^k` for every `k` up to [`SCALE`].
static POW10: [U384; SCALE as usize + 1] = powers_of_ten();

/// `10^k` for `k` up to [`SCALE`], from the table; `None` past it.
fn pow10(k: u32) -> Option<U384> {
    POW10.get(k as usize).copied()
}

/// Every `Total` is the exact sum of non-negative decimals, or of products of two: what a
/// report's money and estimate columns add up to.
///
/// A [`Decimal`] holds 28 or 29 significant digits and rounds what needs more, so a sum of
/// decimals can depend on the order of its terms: 9999999999999999999999999999, 0.4 and
/// 0.4 add up to 9999999999999999999999999999 in that order and to 10^28 in another. A
/// `Total` keeps every digit: it holds its value times 10^56 in a 384-bit integer, which
/// any sum of up to 2^64 decimals, or of products of two decimals, fits. Adding totals is
/// exact, so it is associative and commutative: a report built in any order, or built in
/// shards merged in any order, is the same report to the last digit.
///
/// A total shows at the finest scale of its terms, as a sum of decimals does (`0.40` plus
/// `0.6` shows as `1.00`); with a precision (`{:.2}`) it is rounded half away from zero. On
/// the wire it is that text, as a string: digits, and a point with more digits after it
/// (at most 56).
///
/// ```
/// use qualify::{Decimal, Total};
///
/// let big = Decimal::from_str_exact("9999999999999999999999999999")?;
/// let small = Decimal::from_str_exact("0.4")?;
/// let mut forward = Total::ZERO;
/// for d in [big, small, small] {
///     forward = forward.checked_add(Total::new(d)?).ok_or("overflow")?;
/// }
/// let mut backward = Total::ZERO;
/// for d in [small, small, big] {
///     backward = backward.checked_add(Total::new(d)?).ok_or("overflow")?;
/// }
/// assert_eq!(forward, backward);
/// assert_eq!(forward.to_string(), "9999999999999999999999999999.8");
/// assert_eq!(format!("{forward:.0}"), "10000000000000000000000000000");
/// assert_eq!(forward.to_decimal(), None); // 29 significant digits past 2^96: no decimal holds it
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Total {
    /// The value times 10^[`SCALE`].
    units: U384,
    /// The finest scale of the terms: the places it shows.
    scale: u8,
}

impl Total {
    /// Nothing yet: the identity of [`checked_add`](Total::checked_add).
    pub const ZERO: Total = Total {
        units: U384::ZERO,
        scale: 0,
    };

    /// The total of one decimal.
    ///
    /// # Errors
    /// [`ValueError::NegativeAmount`] when `value` is below zero: a total adds amounts,
    /// probabilities and their products, none of them negative.
    pub fn new(value: Decimal) -> Result<Total, ValueError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(ValueError::NegativeAmount { amount: value });
        }
        Ok(Total::of_units(value.mantissa().unsigned_abs(), value.scale()))
    }

    /// The exact product of two non-negative decimals, such as an amount times a close
    /// probability.
    ///
    /// # Errors
    /// [`ValueError::NegativeAmount`] naming whichever is below zero.
    pub fn product(a: Decimal, b: Decimal) -> Result<Total, ValueError> {
        for factor in [a, b] {
            if factor.is_sign_negative() && !factor.is_zero() {
                return Err(ValueError::NegativeAmount { amount: factor });
            }
        }
        // Two mantissas below 2^96 at scales up to 28 each: the product fits 384 bits at 56.
        let scale = a.scale() + b.scale();
        let units = U384::from_u128(a.mantissa().unsigned_abs())
            .zip(U384::from_u128(b.mantissa().unsigned_abs()))
            .and_then(|(ma, mb)| ma.checked_mul(mb))
            .and_then(|m| m.checked_mul(pow10(SCALE.checked_sub(scale)?)?));
        Ok(units.map_or(Total::ZERO, |units| Total {
            units,
            scale: scale as u8,
        }))
    }

    /// An amount weighted by a probability, exactly: a deal's expected value. Neither is
    /// ever negative, so this cannot fail.
    ///
    /// ```
    /// use qualify::{Currency, Money, Probability, Total};
    ///
    /// let deal = Money::new("48000.50".parse()?, Currency::new("EUR")?)?;
    /// let w = Total::weighted(deal, Probability::new("0.35".parse()?)?);
    /// assert_eq!(w.to_string(), "16800.1750");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn weighted(amount: Money, probability: Probability) -> Total {
        Total::product(amount.amount(), probability.value()).unwrap_or_default()
    }

    /// `mantissa × 10^-scale`, for a decimal's mantissa (below 2^96) and scale (at most 28).
    fn of_units(mantissa: u128, scale: u32) -> Total {
        let units = U384::from_u128(mantissa)
            .zip(pow10(SCALE.saturating_sub(scale)))
            .and_then(|(m, p)| m.checked_mul(p));
        units.map_or(Total::ZERO, |units| Total {
            units,
            scale: scale.min(SCALE) as u8,
        })
    }

    /// Both totals added, shown at the finer of their scales; `None` past 384 bits, which
    /// no sum of fewer than 2^64 decimals or products of two reaches.
    pub fn checked_add(self, other: Total) -> Option<Total> {
        Some(Total {
            units: self.units.checked_add(other.units)?,
            scale: self.scale.max(other.scale),
        })
    }

    /// The total as a [`Decimal`], exactly; `None` when a decimal cannot hold it (more
    /// than 28 or 29 significant digits, or more than 28 places after trailing zeros are
    /// dropped).
    pub fn to_decimal(self) -> Option<Decimal> {
        let drop = pow10(SCALE - u32::from(self.scale))?;
        let (mut mantissa, _) = self.units.div_rem(drop)?;
        let mut scale = u32::from(self.scale);
        let limit = U384::from_u128(1 << 96)?;
        while scale > 0 && (scale > Decimal::MAX_SCALE || mantissa >= limit) {
            match mantissa.div_rem_u64(10)? {
                (rest, 0) => mantissa = rest,
                _ => return None,
            }
            scale -= 1;
        }
        let mantissa = i128::try_from(mantissa.to_u128()?)
            .ok()
            .filter(|&m| m < 1 << 96)?;
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }

    /// The places it shows: the finest scale of its terms.
    pub fn scale(self) -> u32 {
        u32::from(self.scale)
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.units.is_zero()
    }

    /// The total divided by `count`, rounded half away from zero to a decimal's precision
    /// (28 digits); `None` when `count` is zero.
    pub fn mean(self, count: u64) -> Option<Decimal> {
        self.per(u128::from(count))?.exact()
    }

    /// The total divided by `den`, exact until shown.
    pub(crate) fn per(self, den: u128) -> Option<Quotient> {
        Some(Quotient {
            num: self.wide()?,
            scale: SCALE,
            den: U768::from_u128(den)?,
        })
    }

    /// The same value shown without trailing zeros after the point.
    pub fn normalize(self) -> Total {
        let mut scale = self.scale;
        while scale > 0 {
            let divides = pow10(SCALE - u32::from(scale) + 1)
                .and_then(|p| self.units.div_rem(p))
                .is_some_and(|(_, rest)| rest.is_zero());
            if !divides {
                break;
            }
            scale -= 1;
        }
        Total { scale, ..self }
    }

    /// The units, value times 10^56, widened for products and quotients.
    pub(crate) fn wide(self) -> Option<U768> {
        self.units.resize()
    }

    /// `count` times `each`, exactly: the most `count` terms no larger than `each` add up
    /// to, for the checks a report read back passes.
    pub(crate) fn times(each: Decimal, count: u64) -> Option<Total> {
        let each = Total::new(each).ok()?;
        Some(Total {
            units: each.units.checked_mul(U384::from_u128(u128::from(count))?)?,
            scale: each.scale,
        })
    }

    /// Whether the value is `other`'s, whatever the places shown (`1.0` and `1.00`).
    pub(crate) fn same_value(self, other: Total) -> bool {
        self.units == other.units
    }

    /// Whether the value is at most `other`'s, whatever the places shown.
    pub(crate) fn at_most(self, other: Total) -> bool {
        self.units <= other.units
    }
}

impl Default for Total {
    fn default() -> Total {
        Total::ZERO
    }
}

impl PartialOrd for Total {
    fn partial_cmp(&self, other: &Total) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Total {
    /// By value, then by the places shown.
    fn cmp(&self, other: &Total) -> core::cmp::Ordering {
        self.units.cmp(&other.units).then(self.scale.cmp(&other.scale))
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drop = pow10(SCALE - u32::from(self.scale));
        match drop.and_then(|d| self.units.div_rem(d)) {
            Some((magnitude, _)) => write_fixed(f, false, magnitude, u32::from(self.scale), f.precision()),
            None => f.write_str("?"),
        }
    }
}

impl fmt::Debug for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Total({self})")
    }
}

impl FromStr for Total {
    type Err = ValueError;

    /// Reads what `Display` writes: digits, and optionally a point followed by at most 56
    /// digits (`"48000.50"`).
    ///
    /// # Errors
    /// [`ValueError::TotalText`] for anything else: a sign, an exponent, a space, more
    /// than 56 places, or a value past what a total holds.
    fn from_str(text: &str) -> Result<Total, ValueError> {
        let refuse = || ValueError::TotalText {
            text: head(text).to_owned(),
            len: text.len(),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let places = u32::try_from(fraction.len()).map_err(|_| refuse())?;
        if whole.is_empty() || !digits(whole) || !digits(fraction) || places > SCALE || text.ends_with('.') {
            return Err(refuse());
        }
        let mut units = U384::ZERO;
        for b in whole.bytes().chain(fraction.bytes()) {
            units = units
                .checked_mul_u64(10)
                .and_then(|u| u.checked_add(U384::from_u128(u128::from(b - b'0'))?))
                .ok_or_else(refuse)?;
        }
        let units = pow10(SCALE - places)
            .and_then(|p| units.checked_mul(p))
            .ok_or_else(refuse)?;
        Ok(Total {
            units,
            scale: places as u8,
        })
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for Total {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for Total {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Total, D::Error> {
            struct Text;
            impl serde::de::Visitor<'_> for Text {
                type Value = Total;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a total as a string of digits, such as \"48000.50\"")
                }
                fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Total, E> {
                    text.parse().map_err(E::custom)
                }
            }
            d.deserialize_str(Text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn totals_show_at_the_finest_scale_of_their_terms() {
        let t = Total::new(d("0.40"))
            .unwrap()
            .checked_add(Total::new(d("0.6")).unwrap())
            .unwrap();
        assert_eq!(t.to_string(), "1.00");
        assert_eq!(t.to_decimal(), Some(d("1.00")));
        assert_eq!(Total::ZERO.to_string(), "0");
        assert_eq!(format!("{:>8.1}", t), "     1.0");
        assert_eq!(
            Total::product(d("48000.50"), d("0.35")).unwrap().to_string(),
            "16800.1750"
        );
        assert!(Total::new(d("-1")).is_err());
        assert_eq!(
            Total::new(d("16800.1750")).unwrap().normalize().to_string(),
            "16800.175"
        );
        assert_eq!(Total::new(d("100.00")).unwrap().normalize().to_string(), "100");
        assert_eq!(Total::ZERO.normalize().to_string(), "0");
    }

    #[test]
    fn the_largest_products_are_exact() {
        let max = Decimal::MAX;
        let tiny = Decimal::from_i128_with_scale((1 << 96) - 1, 28);
        let p = Total::product(max, tiny).unwrap();
        assert_eq!(p.scale(), 28);
        let m = U384::from_u128((1 << 96) - 1).unwrap();
        let digits = m.checked_mul(m).unwrap().to_string();
        let (whole, places) = digits.split_at(digits.len() - 28);
        assert_eq!(p.to_string(), format!("{whole}.{places}"));
        assert_eq!(p.to_decimal(), None);
    }

    #[test]
    fn text_round_trips_and_refuses_what_display_never_writes() {
        for text in [
            "0",
            "48000.50",
            "0.00000000000000000000000000000000000000000000000000000001",
        ] {
            assert_eq!(text.parse::<Total>().unwrap().to_string(), text);
        }
        for text in [
            "",
            ".5",
            "5.",
            "-1",
            "1e3",
            " 1",
            "1.2.3",
            "0.000000000000000000000000000000000000000000000000000000001",
        ] {
            assert!(text.parse::<Total>().is_err(), "{text:?}");
        }
        assert!(format!("1{}", "0".repeat(116)).parse::<Total>().is_err());
        assert!(format!("1{}", "0".repeat(59)).parse::<Total>().is_ok());
    }
}

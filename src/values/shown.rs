//! How a figure is shown: one rule for every table and message of the crate.
//!
//! A figure shown to `n` places is rounded half away from zero at the `n`-th place, from
//! its exact value: `0.725` shows as `0.73` and `0.7249` as `0.72`, in a table, a
//! suggestion line and a message alike. Nothing is truncated, and nothing is rounded twice.

use core::fmt;

use rust_decimal::Decimal;

use crate::values::wide::{U384, U768, round_quotient};

/// Writes `magnitude × 10^-scale` (below zero when `negative`): at `places` decimal places,
/// rounded half away from zero, or at its own `scale` when `places` is `None`. Width, fill
/// and alignment are honoured as for an integer (right-aligned unless asked otherwise).
pub(crate) fn write_fixed(
    f: &mut fmt::Formatter<'_>,
    negative: bool,
    magnitude: U384,
    scale: u32,
    places: Option<usize>,
) -> fmt::Result {
    // `units` has `have` digits after the point; `pad` zeros follow them.
    let scale = scale as usize;
    let (units, have, pad) = match places {
        Some(p) if p < scale => {
            let drop = u32::try_from(scale - p).unwrap_or(u32::MAX);
            match U384::pow10(drop).and_then(|d| magnitude.div_round(d)) {
                Some(units) => (units, p, 0),
                None => return f.write_str("?"),
            }
        }
        Some(p) => (magnitude, scale, p - scale),
        None => (magnitude, scale, 0),
    };
    let mut digits = units.to_string();
    if digits.len() <= have {
        digits.insert_str(0, &"0".repeat(have + 1 - digits.len()));
    }
    let point = digits.len() - have;
    let mut text = String::with_capacity(digits.len() + pad + 1);
    text.push_str(digits.get(..point).unwrap_or_default());
    if have + pad > 0 {
        text.push('.');
        text.push_str(digits.get(point..).unwrap_or_default());
        text.extend(core::iter::repeat_n('0', pad));
    }
    f.pad_integral(!negative || units.is_zero(), "", &text)
}

/// A decimal shown at `places` decimal places, rounded half away from zero.
pub(crate) struct Shown(pub(crate) Decimal, pub(crate) usize);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Shown(value, places) = *self;
        let magnitude = U384::from_u128(value.mantissa().unsigned_abs()).unwrap_or(U384::ZERO);
        write_fixed(
            f,
            value.is_sign_negative(),
            magnitude,
            value.scale(),
            Some(places),
        )
    }
}

/// A quotient, `num ÷ (den × 10^scale)`, shown at `places` decimal places, rounded half
/// away from zero from its exact value; `-` when `den` is zero.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quotient {
    /// The dividend, in units of `10^-scale`.
    pub(crate) num: U768,
    /// The places of `num`.
    pub(crate) scale: u32,
    /// The divisor.
    pub(crate) den: U768,
}

impl Quotient {
    /// `num ÷ den`, both counts.
    pub(crate) fn of(num: u128, den: u128) -> Quotient {
        Quotient {
            num: U768::from_u128(num).unwrap_or(U768::ZERO),
            scale: 0,
            den: U768::from_u128(den).unwrap_or(U768::ZERO),
        }
    }

    /// The exact quotient as a [`Decimal`] rounded half away from zero to a decimal's
    /// precision (28 digits); `None` when `den` is zero or the whole part passes a decimal.
    pub(crate) fn exact(self) -> Option<Decimal> {
        crate::values::wide::quotient(self.num, self.scale, self.den)
    }

    /// The quotient rounded half away from zero to `places` (at most 28) decimal places, as
    /// a decimal of that scale; `None` when `den` is zero or it passes a decimal.
    pub(crate) fn rounded(self, places: u32) -> Option<Decimal> {
        let places = places.min(Decimal::MAX_SCALE);
        let units = round_quotient(self.num, self.scale, self.den, places)?.to_u128()?;
        let units = i128::try_from(units).ok().filter(|&u| u < 1 << 96)?;
        Decimal::try_from_i128_with_scale(units, places).ok()
    }

    /// Shown at `places` decimal places: every digit of the whole part, however many.
    pub(crate) fn shown(self, places: u32) -> impl fmt::Display {
        Places(self, places)
    }
}

/// [`Quotient::shown`].
struct Places(Quotient, u32);

impl fmt::Display for Places {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Places(q, places) = *self;
        let units = round_quotient(q.num, q.scale, q.den, places).and_then(|u| u.resize::<6>());
        match units {
            Some(units) => write_fixed(f, false, units, places, None),
            None => f.pad("-"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, places: usize) -> String {
        Shown(text.parse().unwrap(), places).to_string()
    }

    #[test]
    fn a_figure_rounds_half_away_from_zero_at_the_places_shown() {
        assert_eq!(shown("0.725", 2), "0.73");
        assert_eq!(shown("0.7249", 2), "0.72");
        assert_eq!(shown("-0.725", 2), "-0.73");
        assert_eq!(shown("-0.001", 2), "0.00");
        assert_eq!(shown("2.5", 0), "3");
        assert_eq!(shown("7", 2), "7.00");
        assert_eq!(shown("0.5", 3), "0.500");
        assert_eq!(shown("0.05", 1), "0.1");
        assert_eq!(shown("0.0000000000000000000000000001", 2), "0.00");
        assert_eq!(format!("{:>8}", Shown(Decimal::new(125, 2), 1)), "     1.3");
        assert_eq!(format!("{:<6}|", Shown(Decimal::new(125, 2), 1)), "1.3   |");
    }

    #[test]
    fn a_quotient_shows_every_whole_digit_and_rounds_once() {
        assert_eq!(Quotient::of(2, 3).shown(2).to_string(), "0.67");
        assert_eq!(format!("{:>6}", Quotient::of(1, 8).shown(2)), "  0.13");
        assert_eq!(format!("{:>3}", Quotient::of(1, 0).shown(2)), "  -");
        assert_eq!(
            Quotient::of(u128::MAX, 1).shown(1).to_string(),
            format!("{}.0", u128::MAX)
        );
        assert_eq!(Quotient::of(1, 8).rounded(2), Some(Decimal::new(13, 2)));
        assert_eq!(Quotient::of(u128::MAX, 1).rounded(0), None);
        assert_eq!(
            Quotient::of(1, 3).exact().map(|d| d.to_string()).as_deref(),
            Some("0.3333333333333333333333333333")
        );
    }

    #[test]
    fn the_largest_decimals_show_without_panicking() {
        assert_eq!(
            Shown(Decimal::MAX, 4).to_string(),
            format!("{}.0000", Decimal::MAX)
        );
        assert_eq!(Shown(Decimal::MIN, 2).to_string(), format!("{}.00", Decimal::MIN));
        let tiny = Decimal::from_i128_with_scale((1 << 96) - 1, 28);
        assert_eq!(Shown(tiny, 4).to_string(), "7.9228");
    }
}

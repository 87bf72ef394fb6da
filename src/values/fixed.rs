//! The engine's fixed-point numbers: decimals at a scale of four places, held in `i64`.

use rust_decimal::Decimal;

/// Decimal places of the engine's fixed scale: what `limits::MAX_DECIMAL_PLACES` allows.
pub(crate) const PLACES: u32 = 4;

/// 1 at the engine's fixed scale of four decimal places.
pub(crate) const ONE: i64 = 10_000;

/// `value` at the fixed scale, as an exact [`Decimal`] without trailing zeros.
///
/// The same mantissa and scale as `Decimal::new(value, 4).normalize()`, with the trailing
/// zeros stripped in `i64` arithmetic rather than by 96-bit division.
pub(crate) fn to_decimal(value: i64) -> Decimal {
    let mut mantissa = value;
    let mut scale = 4;
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Decimal::new(mantissa, scale)
}

/// `value` as an integer at the engine's fixed scale, or `None` if it has more decimal
/// places than [`PLACES`] or does not fit.
pub(crate) fn to_fixed(value: Decimal) -> Option<i64> {
    let normal = value.normalize();
    let scale = normal.scale();
    if scale > PLACES {
        return None;
    }
    let factor = 10_i128.pow(PLACES - scale);
    normal
        .mantissa()
        .checked_mul(factor)
        .and_then(|v| i64::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_decimal_strips_trailing_zeros_as_normalize_does() {
        for v in (-100_010..=100_010).chain([i64::MIN, i64::MAX, 10_000_000_000, -5_000]) {
            let want = Decimal::new(v, 4).normalize();
            let got = to_decimal(v);
            assert_eq!(
                (got.mantissa(), got.scale()),
                (want.mantissa(), want.scale()),
                "{v}"
            );
            assert_eq!(got.to_string(), want.to_string());
        }
    }
}

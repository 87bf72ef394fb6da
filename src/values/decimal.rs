//! Decimals read from text exactly, or refused with the reason.
//!
//! rust_decimal's own parser rounds a decimal that a [`Decimal`] cannot hold:
//! `"0.00000000000000000000000000001"` becomes 0, and 30 significant digits lose the last
//! ones. Every decimal this crate reads from text (on the wire, and in a policy's numeric
//! condition values) goes through [`parse`] instead, which reads the text as written or says
//! why it cannot. DESIGN.md, "How exact are decimals on the wire?", states the rule.

use core::fmt;

use rust_decimal::Decimal;

/// Most digits after the decimal point that a [`Decimal`] holds.
const MAX_PLACES: u64 = Decimal::MAX_SCALE as u64;

/// The largest integer a [`Decimal`] holds before its point is placed: `2^96 - 1`, with 29
/// digits. Any 28 digits fit; 29 fit up to this.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// Why a text is not read as a decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not of the form `-1_000.50` or `2.5e3`.
    Invalid,
    /// More digits after the decimal point, as written out in full, than a [`Decimal`]
    /// holds: this many.
    Places(u64),
    /// More significant digits, as written out in full, than a [`Decimal`] holds: this many.
    Digits(u64),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Invalid => f.write_str("is not a decimal number"),
            Refusal::Places(n) => write!(
                f,
                "has {n} digits after the decimal point, more than the {MAX_PLACES} a decimal holds exactly"
            ),
            Refusal::Digits(n) => write!(
                f,
                "has {n} significant digits, more than a decimal holds exactly (28, or 29 up to \
                 {MAX_MANTISSA})"
            ),
        }
    }
}

/// Reads `text` as a decimal, exactly as written, trailing zeros kept (`"48000.00"` keeps
/// its scale of 2).
///
/// The form is what rust_decimal reads: an optional sign, digits with an optional decimal
/// point (`48000`, `-0.75`, `.5`, `5.`), `_` after any digit (`1_000`), then an optional
/// exponent (`e` or `E`, an optional sign, and digits: `2.5e3`, `1E-2`). The value, written
/// out without an exponent, must have at most 28 digits after the point and a mantissa (its
/// digits without the point) of at most [`MAX_MANTISSA`].
///
/// # Errors
/// [`Refusal::Invalid`] for any other text (`""`, `"1.2.3"`, `" 1"`, `"0x10"`);
/// [`Refusal::Places`] for `"0.00000000000000000000000000001"`; [`Refusal::Digits`] for
/// `"123456789012345678901234567890"`.
pub(crate) fn parse(text: &str) -> Result<Decimal, Refusal> {
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at).unwrap_or_default(), text.get(at + 1..)),
        None => (text, None),
    };
    let (negative, digits) = match number.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    // The digits from the first that is not zero, as an integer while it can still fit.
    let mut mantissa: u128 = 0;
    let mut significant: u64 = 0;
    let mut places: u64 = 0;
    let (mut any_digit, mut point) = (false, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                any_digit = true;
                if point {
                    places += 1;
                }
                if significant > 0 || b != b'0' {
                    significant += 1;
                    mantissa = mantissa
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(u128::from(b - b'0')))
                        .unwrap_or(u128::MAX);
                }
            }
            b'_' if any_digit => {}
            b'.' if !point => point = true,
            _ => return Err(Refusal::Invalid),
        }
    }
    if !any_digit {
        return Err(Refusal::Invalid);
    }
    let shift = match exponent {
        None => 0,
        Some(e) => parse_exponent(e).ok_or(Refusal::Invalid)?,
    };
    // Digits after the point once the exponent moves it; negative when it moves past the
    // last digit, which appends that many zeros.
    let scale = i64::try_from(places)
        .map_err(|_| Refusal::Places(places))?
        .saturating_sub(shift);
    if scale > MAX_PLACES as i64 {
        return Err(Refusal::Places(scale.unsigned_abs()));
    }
    let zeros = if scale < 0 && mantissa > 0 {
        scale.unsigned_abs()
    } else {
        0
    };
    let significant = significant.saturating_add(zeros);
    let mantissa = u32::try_from(zeros)
        .ok()
        .and_then(|z| 10_u128.checked_pow(z))
        .and_then(|p| mantissa.checked_mul(p))
        .filter(|m| *m <= MAX_MANTISSA)
        .ok_or(Refusal::Digits(significant))?;
    let signed = i128::try_from(mantissa).map_err(|_| Refusal::Digits(significant))?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, scale.max(0) as u32).map_err(|_| Refusal::Digits(significant))
}

/// An exponent: an optional sign, then digits that fit in a `u32` (as rust_decimal reads it).
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    let value = i64::from(value);
    Some(if negative { -value } else { value })
}

#[cfg(feature = "serde")]
pub(crate) mod de;

#[cfg(test)]
mod tests {
    use core::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    fn read(text: &str) -> Result<String, Refusal> {
        parse(text).map(|d| d.to_string())
    }

    #[test]
    fn reads_what_fits_as_written() {
        for (text, shown) in [
            ("48000", "48000"),
            ("48000.00", "48000.00"),
            ("0.75", "0.75"),
            ("-0.75", "-0.75"),
            ("+5", "5"),
            (".5", "0.5"),
            ("5.", "5"),
            ("-0", "0"),
            ("1_000.5_0", "1000.50"),
            ("0000000000000000000000000000000000000001", "1"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("1.0000000000000000000000000001", "1.0000000000000000000000000001"),
            ("79228162514264337593543950335", "79228162514264337593543950335"),
            (
                "-7.9228162514264337593543950335",
                "-7.9228162514264337593543950335",
            ),
            ("1e3", "1000"),
            ("2.5E-2", "0.025"),
            ("1.50e1", "15.0"),
            ("1e+2", "100"),
            ("0e40", "0"),
            ("0.0000000001e29", "10000000000000000000"),
        ] {
            assert_eq!(read(text), Ok(shown.to_owned()), "{text}");
        }
    }

    #[test]
    fn refuses_what_does_not_fit_with_the_count() {
        for (text, refusal) in [
            ("0.00000000000000000000000000001", Refusal::Places(29)),
            ("1.000000000000000000000000000000", Refusal::Places(30)),
            ("0.00000000000000000000000000000000000", Refusal::Places(35)),
            ("1e-29", Refusal::Places(29)),
            ("123456789012345678901234567890", Refusal::Digits(30)),
            ("79228162514264337593543950336", Refusal::Digits(29)),
            ("7922816251426433759354395033.6", Refusal::Digits(29)),
            ("1e29", Refusal::Digits(30)),
            ("1e4294967295", Refusal::Digits(4_294_967_296)),
        ] {
            assert_eq!(parse(text), Err(refusal), "{text}");
        }
        for text in [
            "",
            ".",
            "-",
            "+",
            " 1",
            "1 ",
            "1.2.3",
            "0x10",
            "--1",
            "+-1",
            "_1",
            "._5",
            "NaN",
            "1e",
            "e2",
            "1e2.5",
            "1e_2",
            "1e99999999999",
            "١",
            "1e-+2",
        ] {
            assert_eq!(parse(text), Err(Refusal::Invalid), "{text:?}");
        }
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            Refusal::Places(29).to_string(),
            "has 29 digits after the decimal point, more than the 28 a decimal holds exactly"
        );
        assert_eq!(
            Refusal::Digits(30).to_string(),
            "has 30 significant digits, more than a decimal holds exactly (28, or 29 up to \
             79228162514264337593543950335)"
        );
        assert_eq!(Refusal::Invalid.to_string(), "is not a decimal number");
    }

    /// Texts of the characters a decimal is written with, and some it is not.
    fn decimal_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[-+]?[0-9_]{0,32}(\\.[0-9_]{0,32})?([eE][-+]?[0-9]{1,3})?",
            "[-+0-9._eE ]{0,40}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn agrees_with_rust_decimal_wherever_it_is_exact(text in decimal_text()) {
            let lossy = Decimal::from_str(&text);
            match parse(&text) {
                Ok(d) => {
                    // The same value at the same scale as rust_decimal reads, where it reads
                    // one (it refuses exponents above 28 even when the value fits).
                    if let Ok(l) = lossy {
                        prop_assert_eq!((d.mantissa(), d.scale()), (l.mantissa(), l.scale()));
                    }
                    // What the crate writes, it reads back as it was.
                    prop_assert_eq!(parse(&d.to_string()), Ok(d));
                }
                // rust_decimal also reads an exponent written `e-+2`; nothing else it reads
                // is refused here.
                Err(Refusal::Invalid) => prop_assert!(
                    lossy.is_err() || text.contains("e-+") || text.contains("E-+"),
                    "{} read as {:?}", text, lossy
                ),
                Err(Refusal::Places(n) | Refusal::Digits(n)) => {
                    prop_assert!(n > 28);
                    // rust_decimal rounds or refuses it: it never reads the value exactly.
                    if let Ok(exact) = Decimal::from_str_exact(&text) {
                        prop_assert!(false, "{} is exactly {}", text, exact);
                    }
                }
            }
        }

        #[test]
        fn reads_every_decimal_back(mantissa in any::<i128>(), scale in 0_u32..=28) {
            let Ok(d) = Decimal::try_from_i128_with_scale(mantissa >> 31, scale) else {
                return Ok(());
            };
            prop_assert_eq!(parse(&d.to_string()), Ok(d));
        }
    }
}

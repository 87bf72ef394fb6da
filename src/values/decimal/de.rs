//! Exact decimals for serde: `#[serde(deserialize_with = "crate::values::decimal::de::amount")]`
//! reads the field from a string with [`parse`], and a refusal names the field:
//! `amount "0.00000000000000000000000000001" has 29 digits after the decimal point, …`.
//!
//! A policy's figures (`de::figure::*`) may also be numbers, read when they convert
//! exactly: `#[serde(deserialize_with = "crate::values::decimal::de::figure::weight")]`.

use core::fmt;

use rust_decimal::Decimal;
use serde::de::{Deserializer, Error, Unexpected, Visitor};

use super::{Refusal, parse};
use crate::values::Echo;

/// Reads a decimal from a string exactly; `field` names it when it cannot be.
pub(crate) fn exact<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Decimal, D::Error> {
    d.deserialize_str(Exact { field })
}

/// Reads an optional decimal from a string exactly; `field` names it when it cannot be.
pub(crate) fn exact_option<'de, D: Deserializer<'de>>(
    d: D,
    field: &'static str,
) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_option(Optional {
        field,
        numbers: false,
    })
}

/// Reads a decimal from a string exactly, or from a number that converts exactly (see
/// [`shortest`]); `field` names it when it cannot be.
///
/// Only a self-describing, human-readable format (JSON, TOML, YAML) can say that a value
/// is a number; in any other a figure is read as a string, as the crate writes it.
pub(crate) fn figure<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Decimal, D::Error> {
    let visitor = Figure { field };
    if d.is_human_readable() {
        d.deserialize_any(visitor)
    } else {
        d.deserialize_str(visitor)
    }
}

/// [`figure`], optional.
pub(crate) fn figure_option<'de, D: Deserializer<'de>>(
    d: D,
    field: &'static str,
) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_option(Optional { field, numbers: true })
}

/// Reads `text` exactly, or says why not; `expected` describes what the field takes.
fn text<E: Error>(field: &str, text: &str, expected: &dyn serde::de::Expected) -> Result<Decimal, E> {
    parse(text).map_err(|refusal| match refusal {
        Refusal::Invalid => E::invalid_value(
            Unexpected::Other(&format!("string {}", Echo::quoted(text))),
            expected,
        ),
        too_many => E::custom(format_args!("{field} {} {too_many}", Echo::quoted(text))),
    })
}

/// The decimal a parser's binary float was written as, from its shortest form: `shown`
/// in `{:e}` notation (`7.5e-1`), the fewest significant digits that read back as the
/// same float. When that form has at most `digits` significant digits (15 for an `f64`,
/// [`f64::DIGITS`]; 6 for an `f32`), it is exactly what was written: any text of so few
/// digits comes back from the float unchanged, trailing zeros aside.
///
/// # Errors
/// `Err(None)` when the shortest form has more than `digits` significant digits
/// (`3.0000000000000004e-1`): the text written may have had other digits, lost when the
/// parser rounded it to the float, and written as a string it would be read as it is;
/// `Err(Some(refusal))` when the shortest form is not a decimal or does not fit in one
/// (`NaN`, `1e-30`, `1e300`).
pub(crate) fn shortest(shown: &str, digits: u32) -> Result<Decimal, Option<Refusal>> {
    let mantissa = shown.split(['e', 'E']).next().unwrap_or_default();
    let significant = mantissa.bytes().filter(u8::is_ascii_digit).count();
    if significant > digits as usize {
        return Err(None);
    }
    parse(shown).map_err(Some)
}

struct Exact {
    field: &'static str,
}

impl Visitor<'_> for Exact {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // rust_decimal's words, so that the message for a value of the wrong type (a
        // JSON number, say) is the one it has always been.
        f.write_str("a Decimal type representing a fixed-point number")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Decimal, E> {
        text(self.field, value, &self)
    }
}

/// A policy figure: a string, or a number that converts exactly.
struct Figure {
    field: &'static str,
}

impl Figure {
    /// A float, by its shortest form `exp` (`{:e}`) and `shown` as messages repeat it
    /// (`{:?}`: `0.30000000000000004`, `1e-30`), read if it has at most `digits`
    /// significant digits.
    fn float<E: Error>(&self, value: f64, exp: &str, shown: &str, digits: u32) -> Result<Decimal, E> {
        shortest(exp, digits).map_err(|refusal| match refusal {
            None => E::custom(format_args!(
                "{} {} cannot be read exactly as a number; write it as a string, {}",
                self.field,
                Echo::plain(shown),
                Echo::quoted(shown)
            )),
            Some(Refusal::Invalid) => E::invalid_value(Unexpected::Float(value), self),
            Some(too_many) => E::custom(format_args!("{} {} {too_many}", self.field, Echo::plain(shown))),
        })
    }

    /// An integer too wide for 64 bits, by its digits.
    fn wide<E: Error>(&self, digits: &str) -> Result<Decimal, E> {
        parse(digits)
            .map_err(|refusal| E::custom(format_args!("{} {} {refusal}", self.field, Echo::plain(digits))))
    }
}

impl Visitor<'_> for Figure {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal, as a string or an exact number")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Decimal, E> {
        text(self.field, value, &self)
    }

    fn visit_u64<E: Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_i64<E: Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u128<E: Error>(self, value: u128) -> Result<Decimal, E> {
        self.wide(&value.to_string())
    }

    fn visit_i128<E: Error>(self, value: i128) -> Result<Decimal, E> {
        self.wide(&value.to_string())
    }

    fn visit_f64<E: Error>(self, value: f64) -> Result<Decimal, E> {
        self.float(value, &format!("{value:e}"), &format!("{value:?}"), f64::DIGITS)
    }

    fn visit_f32<E: Error>(self, value: f32) -> Result<Decimal, E> {
        // By the `f32`'s own shortest form: widened to `f64`, 0.1 would be
        // 0.10000000149011612.
        self.float(
            f64::from(value),
            &format!("{value:e}"),
            &format!("{value:?}"),
            f32::DIGITS,
        )
    }
}

struct Optional {
    field: &'static str,
    /// Whether a number is read too, as a [`figure`].
    numbers: bool,
}

impl<'de> Visitor<'de> for Optional {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.numbers {
            Figure { field: self.field }.expecting(f)
        } else {
            Exact { field: self.field }.expecting(f)
        }
    }

    fn visit_none<E: Error>(self) -> Result<Option<Decimal>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<Decimal>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Decimal>, D::Error> {
        if self.numbers {
            figure(d, self.field).map(Some)
        } else {
            exact(d, self.field).map(Some)
        }
    }
}

/// One reader per field name, so a refusal can name the field.
macro_rules! fields {
    ($read:ident -> $ty:ty: $($name:ident),* $(,)?) => {$(
        #[doc = concat!("Reads `", stringify!($name), "` exactly.")]
        pub(crate) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
            $read(d, stringify!($name))
        }
    )*};
}

// A record's decimals, a profile's and an explanation's: strings, as the crate writes them.
fields!(exact -> Decimal: amount, base, counted, number, points, probability, score, value, weight);

/// Reads an explanation's tier `thresholds`, three decimals, each exactly.
pub(crate) fn thresholds<'de, D: Deserializer<'de>>(d: D) -> Result<[Decimal; 3], D::Error> {
    /// One threshold.
    struct Threshold(Decimal);
    impl<'de> serde::Deserialize<'de> for Threshold {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Threshold, D::Error> {
            exact(d, "thresholds").map(Threshold)
        }
    }
    let [iql, mql, sql] = <[Threshold; 3] as serde::Deserialize>::deserialize(d)?;
    Ok([iql.0, mql.0, sql.0])
}

/// Optional fields.
pub(crate) mod option {
    use super::*;

    fields!(exact_option -> Option<Decimal>: annual_revenue, clamped_from, min_score);
}

/// A policy's figures: strings, or numbers that convert exactly.
pub(crate) mod figure {
    use super::*;

    fields!(figure -> Decimal:
        adjust, base, best_case, budget_approved, budget_sought, champion, commit,
        decision_maker, iql, max, min, min_score, mql, pipeline, points, sql, threshold, tolerance,
        weight,
    );

    /// Optional figures.
    pub(crate) mod option {
        use super::super::*;

        fields!(figure_option -> Option<Decimal>: max, min, min_score, probability);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, F32Deserializer, F64Deserializer};

    use super::{figure, shortest};
    use rust_decimal::Decimal;

    fn float(v: f64) -> Result<String, String> {
        let d: F64Deserializer<Error> = v.into_deserializer();
        figure::weight(d)
            .map(|d| d.to_string())
            .map_err(|e| e.to_string())
    }

    fn json(text: &str) -> Result<Decimal, String> {
        let mut d = serde_json::Deserializer::from_str(text);
        figure::weight(&mut d).map_err(|e| e.to_string())
    }

    #[test]
    fn a_float_is_read_as_its_shortest_form_when_that_is_what_was_written() {
        for (v, shown) in [
            (0.75, "0.75"),
            (0.1, "0.1"),
            (-0.05, "-0.05"),
            (30.0, "30"),
            (-0.0, "0"),
            (1e-28, "0.0000000000000000000000000001"),
            (1e28, "10000000000000000000000000000"),
            (123_456_789_012_345.0, "123456789012345"),
            (0.000_123_456_789_012_345, "0.000123456789012345"),
        ] {
            assert_eq!(float(v), Ok(shown.to_owned()), "{v:?}");
        }
        // Trailing zeros are not in a float: a string keeps them.
        assert_eq!(json("0.50").map(|d| d.to_string()), Ok("0.5".to_owned()));
        assert_eq!(json("\"0.50\"").map(|d| d.to_string()), Ok("0.50".to_owned()));
    }

    #[test]
    fn a_float_that_may_not_be_what_was_written_is_refused() {
        for (v, message) in [
            (
                0.1 + 0.2,
                "weight 0.30000000000000004 cannot be read exactly as a number; write it as a \
                 string, \"0.30000000000000004\"",
            ),
            (
                1_234_567_890_123_456.0,
                "weight 1234567890123456.0 cannot be read exactly as a number; write it as a \
                 string, \"1234567890123456.0\"",
            ),
            (
                18_446_744_073_709_551_616.0,
                "weight 1.8446744073709552e19 cannot be read exactly as a number; write it as a \
                 string, \"1.8446744073709552e19\"",
            ),
            (
                1e-30,
                "weight 1e-30 has 30 digits after the decimal point, more than the 28 a decimal \
                 holds exactly",
            ),
            (
                1e300,
                "weight 1e300 has 301 significant digits, more than a decimal holds exactly (28, \
                 or 29 up to 79228162514264337593543950335)",
            ),
            (
                f64::NAN,
                "invalid value: floating point `NaN`, expected a decimal, as a string or an exact number",
            ),
            (
                f64::NEG_INFINITY,
                "invalid value: floating point `-inf`, expected a decimal, as a string or an exact \
                 number",
            ),
        ] {
            assert_eq!(float(v), Err(message.to_owned()), "{v:?}");
        }
        // Through serde_json, which reads an integer beyond `u64` as a float.
        assert_eq!(
            json("12345678901234567890123"),
            Err(
                "weight 1.2345678901234568e22 cannot be read exactly as a number; write it as a \
                 string, \"1.2345678901234568e22\" at line 1 column 23"
                    .to_owned()
            )
        );
        assert_eq!(
            json("true"),
            Err(
                "invalid type: boolean `true`, expected a decimal, as a string or an exact number \
                 at line 1 column 4"
                    .to_owned()
            )
        );
    }

    #[test]
    fn an_f32_is_read_by_its_own_shortest_form() {
        let read = |v: f32| {
            let d: F32Deserializer<Error> = v.into_deserializer();
            figure::weight(d)
                .map(|d| d.to_string())
                .map_err(|e| e.to_string())
        };
        assert_eq!(read(0.1), Ok("0.1".to_owned()));
        // In an `f32`, 0.1 + 0.2 is the float nearest 0.3.
        assert_eq!(read(0.1 + 0.2), Ok("0.3".to_owned()));
        assert_eq!(
            read(1e30),
            Err(
                "weight 1e30 has 31 significant digits, more than a decimal holds exactly (28, or 29 \
                 up to 79228162514264337593543950335)"
                    .to_owned()
            )
        );
        assert_eq!(
            read(1.000_000_1),
            Err(
                "weight 1.0000001 cannot be read exactly as a number; write it as a string, \
                 \"1.0000001\""
                    .to_owned()
            )
        );
    }

    #[test]
    fn an_integer_is_read_when_a_decimal_holds_it() {
        assert_eq!(
            json("18446744073709551615").map(|d| d.to_string()),
            Ok(u64::MAX.to_string())
        );
        assert_eq!(
            json("-9223372036854775808").map(|d| d.to_string()),
            Ok(i64::MIN.to_string())
        );
        let wide = |v: u128| {
            let d: serde::de::value::U128Deserializer<Error> = v.into_deserializer();
            figure::weight(d)
                .map(|d| d.to_string())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            wide(79_228_162_514_264_337_593_543_950_335),
            Ok("79228162514264337593543950335".to_owned())
        );
        assert_eq!(
            wide(79_228_162_514_264_337_593_543_950_336),
            Err(
                "weight 79228162514264337593543950336 has 29 significant digits, more than a \
                 decimal holds exactly (28, or 29 up to 79228162514264337593543950335)"
                    .to_owned()
            )
        );
        let d: serde::de::value::I128Deserializer<Error> = i128::MIN.into_deserializer();
        assert_eq!(
            figure::weight(d).map_err(|e| e.to_string()),
            Err(
                "weight -170141183460469231731687303715884105728 has 39 significant digits, more \
                 than a decimal holds exactly (28, or 29 up to 79228162514264337593543950335)"
                    .to_owned()
            )
        );
    }

    /// A decimal of at most 15 significant digits and 28 places, as JSON writes a number.
    fn written() -> impl Strategy<Value = Decimal> {
        (-999_999_999_999_999_i64..=999_999_999_999_999, 0_u32..=28)
            .prop_map(|(m, scale)| Decimal::new(m, scale))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn any_float_is_read_exactly_or_refused(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            let d: F64Deserializer<Error> = v.into_deserializer();
            if let Ok(read) = figure::weight(d) {
                // What is read is the float's shortest form, of at most 15 digits.
                prop_assert_eq!(read.to_string().parse::<f64>(), Ok(v));
                prop_assert_eq!(shortest(&format!("{v:e}"), f64::DIGITS), Ok(read));
                let mut digits = read.mantissa().unsigned_abs();
                while digits != 0 && digits % 10 == 0 {
                    digits /= 10;
                }
                prop_assert!(digits < 10_u128.pow(15), "{:?} read as {}", v, read);
            }
        }

        #[test]
        fn any_integer_is_read_as_itself(i in any::<i64>(), u in any::<u64>()) {
            let d: serde::de::value::I64Deserializer<Error> = i.into_deserializer();
            prop_assert_eq!(figure::weight(d), Ok(Decimal::from(i)));
            let d: serde::de::value::U64Deserializer<Error> = u.into_deserializer();
            prop_assert_eq!(figure::weight(d), Ok(Decimal::from(u)));
        }

        #[test]
        fn a_number_of_at_most_15_digits_is_read_as_written(d in written(), exp in any::<bool>()) {
            // In plain notation (`0.0123`) or in exponent notation (`123e-4`).
            let text = if exp { format!("{}e-{}", d.mantissa(), d.scale()) } else { d.to_string() };
            // Rounded to the nearest float, as Rust's parser does: read as written.
            let v: f64 = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(float(v), Ok(d.normalize().to_string()), "{}", text);
            // serde_json rounds to the nearest float only where it is quick to (up to 15
            // digits and 22 places, which covers every figure a policy accepts); past
            // that it may miss by a little, and the float is then refused, never misread.
            match json(&text) {
                Ok(read) => prop_assert_eq!(read, d, "{}", text),
                Err(e) => prop_assert!(
                    d.scale() > 22 && e.contains("cannot be read exactly as a number; write it as a string"),
                    "{}: {}", text, e
                ),
            }
        }
    }
}

//! How a CRM writes its values ([`Formats`]), and reading and writing them so.

use rust_decimal::Decimal;

use crate::values::decimal::{Refusal, parse};
use crate::values::{Currency, Money, Probability, Timestamp, ValueError, head};

/// How a CRM writes a date or a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DateFormat {
    /// RFC 3339 with an offset (`2026-11-25T09:00:00Z`, `2026-11-25T09:00:00.000+0000`).
    Rfc3339,
    /// A calendar date, `2026-11-25`, read as midnight UTC.
    Date,
    /// `25/11/2026` or `25.11.2026`, midnight UTC.
    DayMonthYear,
    /// `11/25/2026`, midnight UTC.
    MonthDayYear,
    /// Milliseconds since the Unix epoch (`1795597200000`).
    UnixMillis,
}

/// How a CRM writes a decimal amount.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DecimalMark {
    /// `1234.5`, `1,234.5`: a point before the fraction, commas between groups.
    #[default]
    Point,
    /// `1234,5`, `1.234,5`, `1 234,5`: a comma before the fraction.
    Comma,
}

impl DecimalMark {
    /// Reads `text` as a CRM writes a number with this mark, the reader every import uses:
    /// an optional sign, digits in groups of three between group separators (or none), and
    /// a fraction after the mark, read exactly, surrounding whitespace ignored. `FromStr` on
    /// the crate's values stays strict, because a comma may be a decimal mark or a group
    /// separator; here the caller says which.
    ///
    /// ```
    /// use qualify::crm::DecimalMark;
    ///
    /// assert_eq!(DecimalMark::Point.read("2,400")?.to_string(), "2400");
    /// assert_eq!(DecimalMark::Point.read(" 75,000.50 ")?.to_string(), "75000.50");
    /// assert_eq!(DecimalMark::Comma.read("75.000,50")?.to_string(), "75000.50");
    /// let err = DecimalMark::Point.read("12,5k").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid number \"12,5k\": expected digits with a point before the fraction and \
    ///      commas between thousands, such as \"75,000.50\""
    /// );
    /// # Ok::<(), qualify::ValueError>(())
    /// ```
    ///
    /// # Errors
    /// [`ValueError::CrmText`] naming the text, for anything else.
    pub fn read(self, text: &str) -> Result<Decimal, ValueError> {
        amount(self, text).ok_or_else(|| ValueError::CrmText {
            what: "number",
            text: head(text).to_owned(),
            len: text.len(),
            expected: self.expected(),
        })
    }

    /// Reads `text` as money a CRM writes with this mark: a number as
    /// [`read`](DecimalMark::read) takes it, whitespace, and a currency code in any ASCII
    /// case (`48,000 EUR`, `48000 eur`).
    ///
    /// ```
    /// use qualify::crm::DecimalMark;
    ///
    /// assert_eq!(DecimalMark::Point.read_money("48,000 EUR")?.to_string(), "48000 EUR");
    /// assert_eq!(DecimalMark::Comma.read_money(" 48.000,50  eur ")?.to_string(), "48000.50 EUR");
    /// assert!(DecimalMark::Point.read_money("48,000").is_err());
    /// assert!(DecimalMark::Point.read_money("-5 EUR").is_err());
    /// # Ok::<(), qualify::ValueError>(())
    /// ```
    ///
    /// # Errors
    /// [`ValueError::CrmText`] naming the text when it is not a number and a code;
    /// [`ValueError::Currency`] for a code that is not one, and
    /// [`ValueError::NegativeAmount`] below zero, as [`Money::new`] refuses them.
    pub fn read_money(self, text: &str) -> Result<Money, ValueError> {
        let malformed = || ValueError::CrmText {
            what: "money",
            text: head(text).to_owned(),
            len: text.len(),
            expected: "a number in the mapping's decimal format, a space and a currency code, such as \"48,000 EUR\"",
        };
        let (number, code) = text
            .trim()
            .rsplit_once(char::is_whitespace)
            .ok_or_else(malformed)?;
        let amount = amount(self, number).ok_or_else(malformed)?;
        let currency = Currency::new(&code.to_ascii_uppercase())?;
        Money::new(amount, currency)
    }

    /// What [`read`](DecimalMark::read) takes, for its error.
    const fn expected(self) -> &'static str {
        match self {
            DecimalMark::Point => {
                "digits with a point before the fraction and commas between thousands, such as \"75,000.50\""
            }
            DecimalMark::Comma => {
                "digits with a comma before the fraction and points or spaces between thousands, such as \"75.000,50\""
            }
        }
    }
}

/// How a CRM writes a probability.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ProbabilityScale {
    /// A fraction, `0.2`.
    #[default]
    Fraction,
    /// A percentage, `20`.
    Percent,
}

/// How the CRM writes values.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct Formats {
    /// Date formats, tried in order; the first is the one written back.
    pub dates: Vec<DateFormat>,
    /// The decimal mark of amounts.
    pub decimal: DecimalMark,
    /// The scale of probabilities.
    pub probability: ProbabilityScale,
}

impl Default for Formats {
    fn default() -> Formats {
        Formats {
            dates: vec![DateFormat::Rfc3339, DateFormat::Date],
            decimal: DecimalMark::Point,
            probability: ProbabilityScale::Fraction,
        }
    }
}

/// The time `text` says in the first of `formats.dates` that reads it.
pub(crate) fn date(formats: &Formats, text: &str) -> Option<Timestamp> {
    let text = text.trim();
    formats.dates.iter().find_map(|f| date_as(*f, text))
}

fn date_as(format: DateFormat, text: &str) -> Option<Timestamp> {
    match format {
        DateFormat::Rfc3339 => text.parse().ok(),
        DateFormat::UnixMillis => Timestamp::parse_unix_millis(text).ok(),
        DateFormat::Date => {
            let mut parts = text.splitn(3, '-');
            let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
            calendar(y, m, d)
        }
        DateFormat::DayMonthYear | DateFormat::MonthDayYear => {
            let sep = if text.contains('/') { '/' } else { '.' };
            let mut parts = text.splitn(3, sep);
            let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
            match format {
                DateFormat::DayMonthYear => calendar(y, b, a),
                _ => calendar(y, a, b),
            }
        }
    }
}

/// Midnight UTC on a calendar date given as digits: four for the year, one or two each
/// for the month and the day.
fn calendar(y: &str, m: &str, d: &str) -> Option<Timestamp> {
    let digits = |s: &str, n: core::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    format!("{y}-{m:0>2}-{d:0>2}T00:00:00Z").parse().ok()
}

/// `t` in the first of `formats.dates`.
pub(crate) fn write_date(formats: &Formats, t: Timestamp) -> String {
    let rfc = t.to_string();
    let day = rfc.get(..10).unwrap_or(&rfc);
    let (y, m, d) = (
        day.get(..4).unwrap_or_default(),
        day.get(5..7).unwrap_or_default(),
        day.get(8..10).unwrap_or_default(),
    );
    match formats.dates.first().copied().unwrap_or(DateFormat::Rfc3339) {
        DateFormat::Rfc3339 => rfc,
        DateFormat::Date => day.to_owned(),
        DateFormat::DayMonthYear => format!("{d}/{m}/{y}"),
        DateFormat::MonthDayYear => format!("{m}/{d}/{y}"),
        DateFormat::UnixMillis => t.as_unix_millis().to_string(),
    }
}

/// The decimal `text` writes under `mark`, read exactly: an optional sign, digits in
/// groups of three between group separators (or none), and a fraction after the mark.
///
/// One text is read otherwise: the exact decimal expansion of a binary double, which some
/// CRMs write for a number they store as a float (HubSpot writes a probability of 0.9 as
/// `0.90000000000000002220446049250313080847263336181640625`). Such a text, with a
/// fraction and more than 17 significant digits (more than any double's shortest form
/// needs), reads as the double's shortest form, `0.9`, when that form has at most 15
/// significant digits: any decimal of so few digits comes back from the double unchanged.
/// When it has more, the digits first written may have been rounded away, and the text
/// reads as no amount ([`lost_digits`] says so). A text of many digits that is not such an
/// expansion is read exactly, or not at all when a decimal cannot hold it.
pub(crate) fn amount(mark: DecimalMark, text: &str) -> Option<Decimal> {
    let text = text.trim();
    let (point, groups): (char, &[char]) = match mark {
        DecimalMark::Point => ('.', &[',']),
        DecimalMark::Comma => (',', &['.', ' ', '\u{a0}', '\u{202f}']),
    };
    let (whole, fraction) = match text.split_once(point) {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let (sign, whole) = match whole.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", whole),
    };
    let mut digits = String::with_capacity(text.len());
    let parts: Vec<&str> = whole.split(groups).collect();
    let grouped = parts.len() > 1;
    for (i, part) in parts.iter().enumerate() {
        let ok = !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && (!grouped || i == 0 && part.len() <= 3 || i > 0 && part.len() == 3);
        if !ok {
            return None;
        }
        digits.push_str(part);
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Some(shortest) = expansion(&digits, f) {
            return shortest.map(|d| if sign.is_empty() { d } else { -d });
        }
        digits.push('.');
        digits.push_str(f);
    }
    parse(&format!("{sign}{digits}")).ok()
}

/// Whether `text` (under `mark`) is a float that reads as no amount because its shortest
/// form has more than 15 significant digits, so the digits first written may be lost: a
/// double's exact expansion that the CRM wrote, or the shortest form in exponent notation
/// that the JSON reader wrote for a number it could only hold as a float
/// (`1.2345678901234568e16`).
pub(crate) fn lost_digits(mark: DecimalMark, text: &str) -> bool {
    let point = match mark {
        DecimalMark::Point => '.',
        DecimalMark::Comma => ',',
    };
    let text = text.trim();
    if text.contains('e') {
        // A double's shortest form has at most 17 significant digits; one of 16 or 17 that
        // reads as a number is the reader's mark of digits a float may have lost.
        let mantissa = text.split('e').next().unwrap_or_default();
        let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
        return (f64::DIGITS as usize + 1..=17).contains(&digits)
            && !matches!(parse(text), Err(Refusal::Invalid));
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    // Text that is not digits is no double's expansion: it does not read as one.
    unsigned
        .split_once(point)
        .is_some_and(|(whole, fraction)| matches!(expansion(whole, fraction), Some(None)))
}

/// Whether `whole.fraction` (both ASCII digits) is a double's exact decimal expansion of
/// more than 17 significant digits: `None` if not; if so, its shortest form when that has
/// at most 15 significant digits, else `Some(None)`.
fn expansion(whole: &str, fraction: &str) -> Option<Option<Decimal>> {
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let significant = whole
        .bytes()
        .chain(fraction.bytes())
        .skip_while(|b| *b == b'0')
        .count();
    // A whole number is left alone, and a text of 17 digits or fewer is read as written.
    if significant <= 17 || fraction.is_empty() {
        return None;
    }
    let written = format!("{}.{fraction}", if whole.is_empty() { "0" } else { whole });
    // The one float the crate reads: to know whether the text is a double's expansion, the
    // double itself is needed. It is compared with the text exactly, and what is read is
    // its shortest form, a decimal: no figure is computed in floating point.
    let float: f64 = written.parse().ok().filter(|f: &f64| f.is_finite())?;
    // The expansion of `float` ends `fraction_digits` places after the point (at most
    // 1,074): the text is it when it has as many places and agrees with the float printed
    // to them. The places are compared first, so the printing is as long as the text.
    if fraction.len() != fraction_digits(float) || format!("{float:.*}", fraction.len()) != written {
        return None;
    }
    let shortest = format!("{float:e}");
    let mantissa = shortest.split('e').next().unwrap_or_default();
    if mantissa.bytes().filter(u8::is_ascii_digit).count() > f64::DIGITS as usize {
        return Some(None);
    }
    // A shortest form beyond a decimal's range (`5e-324`) is not read as one at all.
    parse(&shortest).ok().map(Some)
}

/// How many decimal places the exact expansion of `f` has: as many as binary places, for
/// `m / 2^k` (with `m` odd) is `m · 5^k / 10^k`.
fn fraction_digits(f: f64) -> usize {
    let bits = f.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = bits & ((1 << 52) - 1);
    let (m, e) = match exponent {
        0 => (mantissa, -1074),
        _ => (mantissa | 1 << 52, exponent - 1075),
    };
    if m == 0 {
        return 0;
    }
    let e = e + m.trailing_zeros() as i32;
    usize::try_from(-e).unwrap_or(0)
}

/// `d` under `mark`, without group separators.
pub(crate) fn write_amount(mark: DecimalMark, d: Decimal) -> String {
    let text = d.to_string();
    match mark {
        DecimalMark::Point => text,
        DecimalMark::Comma => text.replace('.', ","),
    }
}

/// The probability `text` writes under `scale` and `mark`.
pub(crate) fn probability(scale: ProbabilityScale, mark: DecimalMark, text: &str) -> Option<Probability> {
    let text = match scale {
        ProbabilityScale::Percent => text.trim().trim_end_matches('%').trim_end(),
        ProbabilityScale::Fraction => text.trim(),
    };
    let value = amount(mark, text)?;
    let fraction = match scale {
        ProbabilityScale::Fraction => value,
        ProbabilityScale::Percent => value.checked_div(Decimal::ONE_HUNDRED)?,
    };
    Probability::new(fraction.normalize()).ok()
}

/// `p` under `scale` and `mark`.
pub(crate) fn write_probability(scale: ProbabilityScale, mark: DecimalMark, p: Probability) -> String {
    let value = match scale {
        ProbabilityScale::Fraction => Some(p.value()),
        ProbabilityScale::Percent => p.value().checked_mul(Decimal::ONE_HUNDRED),
    };
    write_amount(mark, value.unwrap_or(p.value()).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(dates: Vec<DateFormat>) -> Formats {
        Formats {
            dates,
            ..Formats::default()
        }
    }

    #[test]
    fn dates_read_in_each_format_and_refuse_what_is_not_one() {
        let all = formats(vec![
            DateFormat::Rfc3339,
            DateFormat::Date,
            DateFormat::DayMonthYear,
            DateFormat::UnixMillis,
        ]);
        let at = |s: &str| date(&all, s).map(|t| t.to_string());
        assert_eq!(
            at("2026-11-25T09:00:00.000+0000").as_deref(),
            Some("2026-11-25T09:00:00Z")
        );
        assert_eq!(at("2026-11-25").as_deref(), Some("2026-11-25T00:00:00Z"));
        assert_eq!(at("25/11/2026").as_deref(), Some("2026-11-25T00:00:00Z"));
        assert_eq!(at("5.1.2027").as_deref(), Some("2027-01-05T00:00:00Z"));
        assert_eq!(at("1795597200000").as_deref(), Some("2026-11-25T09:00:00Z"));
        for bad in ["", "next week", "2026-13-01", "2026-11-31", "26-11-25", "1/2"] {
            assert_eq!(at(bad), None, "{bad}");
        }
        let us = formats(vec![DateFormat::MonthDayYear]);
        assert_eq!(
            date(&us, "11/25/2026").map(|t| t.to_string()).as_deref(),
            Some("2026-11-25T00:00:00Z")
        );
        assert_eq!(date(&us, "25/11/2026"), None);
    }

    #[test]
    fn dates_write_in_the_first_format() {
        let t: Timestamp = "2026-11-25T00:00:00Z".parse().unwrap();
        let written = |f| write_date(&formats(vec![f]), t);
        assert_eq!(written(DateFormat::Rfc3339), "2026-11-25T00:00:00Z");
        assert_eq!(written(DateFormat::Date), "2026-11-25");
        assert_eq!(written(DateFormat::DayMonthYear), "25/11/2026");
        assert_eq!(written(DateFormat::MonthDayYear), "11/25/2026");
        assert_eq!(written(DateFormat::UnixMillis), "1795564800000");
    }

    #[test]
    fn amounts_read_exactly_with_their_groups_and_mark() {
        let point = |s| amount(DecimalMark::Point, s).map(|d| d.to_string());
        assert_eq!(point("1234.50").as_deref(), Some("1234.50"));
        assert_eq!(point("1,234,567.5").as_deref(), Some("1234567.5"));
        assert_eq!(point("-12").as_deref(), Some("-12"));
        for bad in [
            "", "1,5", "12,34.5", "1.2.3", "12k", "1,", ".5", "5.", "--1", "1 000",
        ] {
            assert_eq!(point(bad), None, "{bad}");
        }
        let comma = |s| amount(DecimalMark::Comma, s).map(|d| d.to_string());
        assert_eq!(comma("1.234,5").as_deref(), Some("1234.5"));
        assert_eq!(comma("1 234,5").as_deref(), Some("1234.5"));
        assert_eq!(comma("12,25").as_deref(), Some("12.25"));
        assert_eq!(comma("1.5"), None);
        assert_eq!(write_amount(DecimalMark::Comma, Decimal::new(12345, 1)), "1234,5");
    }

    #[test]
    fn a_doubles_exact_expansion_reads_as_its_shortest_form() {
        let point = |s| amount(DecimalMark::Point, s).map(|d| d.to_string());
        // HubSpot's probability of 0.9, and of 0.3 (0.1 + 0.2 is another double).
        assert_eq!(
            point("0.90000000000000002220446049250313080847263336181640625").as_deref(),
            Some("0.9")
        );
        assert_eq!(
            point("0.299999999999999988897769753748434595763683319091796875").as_deref(),
            Some("0.3")
        );
        // 0.1 + 0.2: its shortest form has 17 digits, so the digits written may be lost.
        let sum = "0.3000000000000000444089209850062616169452667236328125";
        assert_eq!(point(sum), None);
        assert!(lost_digits(DecimalMark::Point, sum));
        assert!(!lost_digits(
            DecimalMark::Point,
            "0.90000000000000002220446049250313080847263336181640625"
        ));
        assert!(!lost_digits(DecimalMark::Point, "0.3"));
        // The JSON reader's form of a float that lost digits, and forms that are not it.
        assert!(lost_digits(DecimalMark::Point, "1.2345678901234568e16"));
        assert!(lost_digits(DecimalMark::Comma, "-3.0000000000000004e-1"));
        assert!(!lost_digits(DecimalMark::Point, "1.5e3"));
        assert!(
            !lost_digits(DecimalMark::Point, "1.23456789012345e16"),
            "15 digits are kept"
        );
        // A power of two far below one: 60 binary places, 60 decimal ones, and a shortest
        // form of 16 digits.
        let tiny = "0.000000000000000000867361737988403547205962240695953369140625";
        assert_eq!(tiny.len() - 2, 60);
        assert!(lost_digits(DecimalMark::Point, tiny));
        assert_eq!(point(tiny), None);
        // A double too small for a decimal names no lost digits: it is no amount.
        let least = format!("{:.1074}", f64::from_bits(1));
        assert_eq!(point(&least), None);
        assert!(!lost_digits(DecimalMark::Point, &least));
        // Text that is not digits is not an expansion, however long.
        assert!(!lost_digits(
            DecimalMark::Point,
            "1,234.55999999999994543031789362430572509765625"
        ));
        assert!(!lost_digits(DecimalMark::Point, "1.23456789012345678e16"));
        assert_eq!(point("1.2345678901234568e16"), None);
        assert_eq!(
            point("-1234.55999999999994543031789362430572509765625").as_deref(),
            Some("-1234.56")
        );
        // Trailing zeros after the expansion, and its grouped or comma-marked form.
        assert_eq!(
            point("0.9000000000000000222044604925031308084726333618164062500").as_deref(),
            Some("0.9")
        );
        let comma = |s| amount(DecimalMark::Comma, s).map(|d| d.to_string());
        assert_eq!(
            comma("0,90000000000000002220446049250313080847263336181640625").as_deref(),
            Some("0.9")
        );
        // Not an expansion: one digit off, cut short, or rounded; read exactly if a
        // decimal holds it, else not at all.
        assert_eq!(
            point("0.90000000000000002220446049250313080847263336181640626"),
            None
        );
        assert_eq!(
            point("0.9000000000000000222"),
            Some("0.9000000000000000222".into())
        );
        assert_eq!(
            point("0.90000000000000002220446049250313080847263336181640"),
            None
        );
        // An exact short form, and a whole number of many digits, stay as written.
        assert_eq!(point("0.125").as_deref(), Some("0.125"));
        assert_eq!(
            point("1180591620717411303424").as_deref(),
            Some("1180591620717411303424")
        );
    }

    proptest::proptest! {
        /// A decimal of at most 15 significant digits, stored as a double and written out
        /// in full, reads back as itself, whatever its scale.
        #[test]
        fn a_decimal_stored_as_a_double_reads_back_from_its_expansion(
            mantissa in 1_i64..=999_999_999_999_999,
            scale in 0_u32..=20,
            negative in proptest::prelude::any::<bool>(),
        ) {
            let d = Decimal::new(if negative { -mantissa } else { mantissa }, scale).normalize();
            let float: f64 = d.to_string().parse().unwrap();
            let full = format!("{float:.1100}");
            let full = full.trim_end_matches('0').trim_end_matches('.');
            let read = amount(DecimalMark::Point, full);
            let digits = full.bytes().filter(u8::is_ascii_digit).skip_while(|b| *b == b'0').count();
            if digits > 17 {
                proptest::prop_assert_eq!(read, Some(d), "{}", full);
            } else {
                // Short enough to be read exactly: the double is the decimal.
                proptest::prop_assert_eq!(read.map(|r| r.normalize()), Some(d), "{}", full);
            }
        }
    }

    #[test]
    fn probabilities_read_and_write_in_their_scale() {
        let pct = |s| probability(ProbabilityScale::Percent, DecimalMark::Point, s).map(|p| p.to_string());
        assert_eq!(pct("20").as_deref(), Some("0.2"));
        assert_eq!(pct("75 %").as_deref(), Some("0.75"));
        assert_eq!(pct("100").as_deref(), Some("1"));
        assert_eq!(pct("120"), None);
        let frac = |s| probability(ProbabilityScale::Fraction, DecimalMark::Point, s).map(|p| p.to_string());
        assert_eq!(frac("0.4").as_deref(), Some("0.4"));
        assert_eq!(frac("40"), None);
        assert_eq!(frac("0.5%"), None);
        let p = Probability::new(Decimal::new(35, 2)).unwrap();
        assert_eq!(
            write_probability(ProbabilityScale::Percent, DecimalMark::Point, p),
            "35"
        );
        assert_eq!(
            write_probability(ProbabilityScale::Fraction, DecimalMark::Comma, p),
            "0,35"
        );
    }
}

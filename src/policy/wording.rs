//! How a policy's rules, and the values they see, read for a salesperson: every phrase an
//! explanation writes about a criterion or a knockout is here.
//!
//! The rule text is written once per rule, when a policy compiles (`engine/notes.rs`), and
//! the values seen when an explanation is shown (`Observed`'s `Display`). The public table of
//! these phrases is in the `explain` module's docs, "Wording"; `tests/test_explain.rs` pins
//! every row, so change the three together.
//!
//! The words are English and fixed. A host that translates them words the structured
//! condition itself (`CriterionOutcome::field` and `condition`) rather than this text.

use core::fmt::{self, Display, Formatter, Write as _};

use rust_decimal::Decimal;

use crate::policy::{Condition, Field};
use crate::profile::Seniority;
use crate::values::decimal;

/// How a value the profile does not have is shown.
pub(crate) const NOT_KNOWN: &str = "not known";

/// How a profile's text is shown: quoted and escaped as `{:?}` writes it (`"Retail"`), so
/// that text from a record cannot break a line of an explanation or pass for its words.
pub(crate) fn text(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    write!(f, "{text:?}")
}

/// How a yes/no custom attribute is shown: as a policy writes it, `true` or `false`.
pub(crate) fn flag(flag: bool) -> &'static str {
    if flag { "true" } else { "false" }
}

/// A rule's field and condition as a salesperson says them: `1,000 employees or more`,
/// `industry is one of software, saas, fintech or financial services`.
pub(crate) fn rule(field: &Field, condition: &Condition) -> String {
    Rule { field, condition }.to_string()
}

/// A number with the digits before its point grouped by threes with commas (`50,000,000`,
/// `-1,234.50`); the digits after the point are kept as they are, so the text is exact.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grouped<'a>(pub(crate) &'a Decimal);

impl Display for Grouped<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        group(f, &self.0.to_string())
    }
}

/// Writes `text`, a decimal as `Decimal` displays it (an optional `-`, digits, an optional
/// point and digits), with its whole digits grouped; any other text as it is.
fn group(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return f.write_str(text);
    }
    f.write_str(sign)?;
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            f.write_char(',')?;
        }
        f.write_char(digit)?;
    }
    match fraction {
        Some(fraction) => write!(f, ".{fraction}"),
        None => Ok(()),
    }
}

/// A field as the subject of a sentence: `employee count is known`, `crm_plan is enterprise`.
struct Noun<'a>(&'a Field);

impl Display for Noun<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Field::Employees => "employee count",
            Field::AnnualRevenue => "annual revenue",
            Field::Industry => "industry",
            Field::Country => "country",
            Field::JobTitle => "job title",
            Field::Seniority => "seniority",
            Field::EmailDomain => "e-mail domain",
            Field::Custom(name) => name,
        })
    }
}

/// A condition value as the field reads it: a number on a numeric field grouped (`1,000`),
/// a seniority by its label (`vice president`), anything else as the policy writes it.
struct Shown<'a> {
    field: &'a Field,
    value: &'a str,
}

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.field {
            Field::Employees | Field::AnnualRevenue => match decimal::parse(self.value) {
                Ok(n) => Grouped(&n).fmt(f),
                Err(_) => f.write_str(self.value),
            },
            Field::Seniority => match Seniority::from_name(self.value) {
                Some(s) => s.fmt(f),
                None => f.write_str(self.value),
            },
            _ => f.write_str(self.value),
        }
    }
}

/// Values listed as a person lists them: `a`, `a or b`, `a, b or c`.
struct Either<'a> {
    field: &'a Field,
    values: &'a [String],
}

impl Display for Either<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let last = self.values.len().saturating_sub(1);
        for (i, value) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(if i == last { " or " } else { ", " })?;
            }
            Shown {
                field: self.field,
                value,
            }
            .fmt(f)?;
        }
        Ok(())
    }
}

/// `employee` after a count of exactly one, else `employees`.
fn employees(one: bool) -> &'static str {
    if one { "employee" } else { "employees" }
}

struct Rule<'a> {
    field: &'a Field,
    condition: &'a Condition,
}

impl Display for Rule<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let noun = Noun(self.field);
        match self.condition {
            Condition::Present => write!(f, "{noun} is known"),
            Condition::Absent => write!(f, "{noun} is not known"),
            Condition::Equals(value) => self.values(f, core::slice::from_ref(value)),
            Condition::OneOf(values) => self.values(f, values),
            Condition::Range { min, max } => self.range(f, min.as_ref(), max.as_ref()),
            Condition::ContainsWord(words) => self.text(f, "contains", words),
            Condition::StartsWith(starts) => self.text(f, "starts with", starts),
            Condition::EndsWith(ends) => self.text(f, "ends with", ends),
            // "Within" takes in the domain's subdomains: `eu.rival.example` is within
            // `rival.example`.
            Condition::DomainIn(domains) => self.text(f, "is within", domains),
        }
    }
}

impl Rule<'_> {
    /// An `equals` or a `one_of` condition.
    fn values(&self, f: &mut Formatter<'_>, values: &[String]) -> fmt::Result {
        let noun = Noun(self.field);
        let either = Either {
            field: self.field,
            values,
        };
        if values.is_empty() {
            // A policy refuses an empty `one_of`; only a hand-written explanation has one.
            return write!(f, "{noun} is one of no values");
        }
        match self.field {
            Field::Employees => {
                let one = matches!(values, [v] if decimal::parse(v).is_ok_and(|n| n == Decimal::ONE));
                write!(f, "exactly {either} {}", employees(one))
            }
            Field::AnnualRevenue => write!(f, "annual revenue of exactly {either}"),
            // Seniority levels are few and never contain "or": they read as a plain list.
            Field::Seniority => write!(f, "seniority is {either}"),
            _ if values.len() == 1 => write!(f, "{noun} is {either}"),
            // Text values may themselves hold commas or "or": "one of" marks the list.
            _ => write!(f, "{noun} is one of {either}"),
        }
    }

    /// A text condition, its values listed after `verb`: `job title contains student or
    /// intern`, `job title starts with one of head of, vp`.
    fn text(&self, f: &mut Formatter<'_>, verb: &str, values: &[String]) -> fmt::Result {
        let noun = Noun(self.field);
        let either = Either {
            field: self.field,
            values,
        };
        match values {
            // A policy refuses an empty list; only a hand-written explanation has one.
            [] => write!(f, "{noun} {verb} no values"),
            // Words and domains hold no commas or spaces: they read as a plain list.
            _ if values
                .iter()
                .all(|v| v.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')) =>
            {
                write!(f, "{noun} {verb} {either}")
            }
            [_] => write!(f, "{noun} {verb} {either}"),
            // Starts and ends may hold commas or "or": "one of" marks the list.
            _ => write!(f, "{noun} {verb} one of {either}"),
        }
    }

    /// A `range` condition; its bounds are inclusive.
    fn range(&self, f: &mut Formatter<'_>, min: Option<&Decimal>, max: Option<&Decimal>) -> fmt::Result {
        let noun = Noun(self.field);
        let one = |n: &Decimal| *n == Decimal::ONE;
        match (self.field, min, max) {
            // A policy refuses a range without bounds; it would hold for any number.
            (_, None, None) => write!(f, "{noun} is known"),
            (Field::Employees, Some(lo), Some(hi)) if lo == hi => {
                write!(f, "exactly {} {}", Grouped(lo), employees(one(lo)))
            }
            (Field::Employees, Some(lo), None) => write!(f, "{} {} or more", Grouped(lo), employees(one(lo))),
            (Field::Employees, None, Some(hi)) => write!(f, "at most {} {}", Grouped(hi), employees(one(hi))),
            (Field::Employees, Some(lo), Some(hi)) => {
                write!(f, "between {} and {} employees", Grouped(lo), Grouped(hi))
            }
            (Field::AnnualRevenue, Some(lo), Some(hi)) if lo == hi => {
                write!(f, "annual revenue of exactly {}", Grouped(lo))
            }
            (Field::AnnualRevenue, Some(lo), None) => write!(f, "annual revenue of {} or more", Grouped(lo)),
            (Field::AnnualRevenue, None, Some(hi)) => write!(f, "annual revenue of at most {}", Grouped(hi)),
            (Field::AnnualRevenue, Some(lo), Some(hi)) => {
                write!(f, "annual revenue between {} and {}", Grouped(lo), Grouped(hi))
            }
            (_, Some(lo), Some(hi)) if lo == hi => write!(f, "{noun} is {}", Grouped(lo)),
            (_, Some(lo), None) => write!(f, "{noun} is {} or more", Grouped(lo)),
            (_, None, Some(hi)) => write!(f, "{noun} is at most {}", Grouped(hi)),
            (_, Some(lo), Some(hi)) => write!(f, "{noun} is between {} and {}", Grouped(lo), Grouped(hi)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grouped(text: &str) -> String {
        Grouped(&text.parse().unwrap()).to_string()
    }

    #[test]
    fn whole_digits_are_grouped_and_decimal_digits_kept() {
        assert_eq!(grouped("0"), "0");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("1000"), "1,000");
        assert_eq!(grouped("50000000"), "50,000,000");
        assert_eq!(grouped("-1234.50"), "-1,234.50");
        assert_eq!(grouped("123456.000001"), "123,456.000001");
        assert_eq!(grouped("0.5"), "0.5");
        assert_eq!(
            grouped("79228162514264337593543950335"),
            "79,228,162,514,264,337,593,543,950,335"
        );
    }
}

//! Reading a profile's fields: which field a rule reads, and the value it saw.

use core::fmt;

use rust_decimal::Decimal;

use crate::policy::Field;
use crate::policy::wording::{self, Grouped};
use crate::profile::{Profile, Seniority, Value};

/// A profile value as a criterion or knockout saw it.
///
/// Shown as a salesperson reads it: `not known`, a number with its whole digits grouped
/// (`1,200`, `12.50`), text quoted and escaped as `{:?}` writes it (`"Retail"`), `true` or
/// `false`, a seniority by its label (`vice president`).
///
/// On the wire it is tagged, as a custom [`Value`] is, so that it reads back as it was:
/// `"missing"`, `{"number": "1200"}` (a string, exact), `{"text": "Retail"}`,
/// `{"bool": true}`, `{"seniority": "vice_president"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Observed {
    /// The profile does not have the field.
    Missing,
    /// A number: employees, annual revenue, or a numeric custom attribute.
    Number(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::values::decimal::de::number")
        )]
        Decimal,
    ),
    /// Text, as the profile holds it (before the case-folding that matching applies): an
    /// industry, a country, a job title, an e-mail domain, a custom attribute's text.
    Text(String),
    /// A yes/no custom attribute.
    #[cfg_attr(feature = "serde", serde(rename = "bool"))]
    Flag(bool),
    /// A seniority.
    Seniority(Seniority),
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::Missing => f.write_str(wording::NOT_KNOWN),
            Observed::Number(n) => Grouped(n).fmt(f),
            Observed::Text(t) => wording::text(f, t),
            Observed::Flag(b) => f.write_str(wording::flag(*b)),
            Observed::Seniority(s) => s.fmt(f),
        }
    }
}

/// Which profile field a compiled rule reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldReader {
    Employees,
    AnnualRevenue,
    Industry,
    Country,
    JobTitle,
    Seniority,
    EmailDomain,
    Custom(Box<str>),
}

impl FieldReader {
    /// The source of `field`.
    pub(crate) fn of(field: &Field) -> FieldReader {
        match field {
            Field::Employees => FieldReader::Employees,
            Field::AnnualRevenue => FieldReader::AnnualRevenue,
            Field::Industry => FieldReader::Industry,
            Field::Country => FieldReader::Country,
            Field::JobTitle => FieldReader::JobTitle,
            Field::Seniority => FieldReader::Seniority,
            Field::EmailDomain => FieldReader::EmailDomain,
            Field::Custom(name) => FieldReader::Custom(name.as_str().into()),
        }
    }

    /// The field it reads.
    pub(crate) fn field(&self) -> Field {
        match self {
            FieldReader::Employees => Field::Employees,
            FieldReader::AnnualRevenue => Field::AnnualRevenue,
            FieldReader::Industry => Field::Industry,
            FieldReader::Country => Field::Country,
            FieldReader::JobTitle => Field::JobTitle,
            FieldReader::Seniority => Field::Seniority,
            FieldReader::EmailDomain => Field::EmailDomain,
            FieldReader::Custom(name) => Field::Custom(name.to_string()),
        }
    }

    /// The field's value in `p`, for an explanation; a profile without an e-mail domain is
    /// read with `contact_domain`, its contact's.
    pub(crate) fn read(&self, p: &Profile, contact_domain: Option<&str>) -> Observed {
        let text = |t: &Option<String>| t.clone().map_or(Observed::Missing, Observed::Text);
        match self {
            FieldReader::Employees => p
                .employees
                .map_or(Observed::Missing, |n| Observed::Number(n.into())),
            FieldReader::AnnualRevenue => p.annual_revenue.map_or(Observed::Missing, Observed::Number),
            FieldReader::Industry => text(&p.industry),
            FieldReader::Country => text(&p.country),
            FieldReader::JobTitle => text(&p.job_title),
            FieldReader::Seniority => p.seniority.map_or(Observed::Missing, Observed::Seniority),
            FieldReader::EmailDomain => match p.email_domain.as_deref().or(contact_domain) {
                Some(domain) => Observed::Text(domain.to_owned()),
                None => Observed::Missing,
            },
            FieldReader::Custom(name) => match p.custom.get(&**name) {
                None => Observed::Missing,
                Some(Value::Text(t)) => Observed::Text(t.clone()),
                Some(Value::Number(n)) => Observed::Number(*n),
                Some(Value::Bool(b)) => Observed::Flag(*b),
            },
        }
    }
}

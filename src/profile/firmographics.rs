//! [`Profile`]: the firmographic facts about a lead that the policy scores.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::profile::{Seniority, Value};

/// The firmographic facts about a lead that fit criteria and knockouts look at.
///
/// Every field is optional: a criterion on a missing field is not met (unless it asks for
/// absence). All combinations are valid; a `Profile` is data, not a verdict.
///
/// Empty text is a value, not an absence: `present` holds for `Some("")`. A CRM that stores
/// blank fields as empty strings should map them to `None` when it builds the profile.
///
/// # Building
///
/// `Profile` is `#[non_exhaustive]`, so that a later version can add a firmographic field
/// without breaking a program. Outside this crate, start from [`Profile::new`] (no facts)
/// and set each known fact with the method of the same name; read and assign the public
/// fields freely.
///
/// ```
/// use qualify::{Profile, Seniority, Value};
///
/// let profile = Profile::new()
///     .employees(2_400)
///     .annual_revenue(80_000_000)
///     .industry("software")
///     .country("DE")
///     .job_title("VP Finance")
///     .seniority(Seniority::VicePresident)
///     .custom("crm_plan", "enterprise")
///     .custom("seats", 120);
/// assert_eq!(profile.employees, Some(2_400));
/// assert_eq!(profile.custom["crm_plan"], Value::from("enterprise"));
///
/// let mut edited = profile.clone();
/// edited.country = None; // fields stay public
/// assert_ne!(edited, profile);
/// ```
///
/// A struct literal does not compile outside the crate, even one that fills the rest from
/// the default:
///
/// ```compile_fail,E0639
/// use qualify::Profile;
///
/// let profile = Profile { employees: Some(2_400), ..Profile::default() };
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct Profile {
    /// Company size in employees.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub employees: Option<u32>,
    /// Annual revenue, in the currency the policy's revenue bounds use.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::option::annual_revenue")
    )]
    pub annual_revenue: Option<Decimal>,
    /// Industry, as the host names industries.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub industry: Option<String>,
    /// Country or region code, as the host names them (say `DE`, `US`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub country: Option<String>,
    /// The contact's job title.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub job_title: Option<String>,
    /// The contact's seniority.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub seniority: Option<Seniority>,
    /// The domain of the contact's e-mail address (`northwind.example`), for criteria and
    /// knockouts by domain: competitors, free or disposable mail.
    ///
    /// A lead, prospect or opportunity whose profile leaves it unset is scored with the
    /// domain of its contact's e-mail address, so set it only to score a bare profile, or to
    /// score a domain other than the contact's.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub email_domain: Option<String>,
    /// Custom attributes by CRM field name. On the wire, an object whose names are unique:
    /// a name given twice is refused (`duplicate custom attribute "plan"`) rather than one of
    /// its values kept. (Only a format's own reader can see a repeat: a
    /// `serde_json::Value` has already kept the last.)
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "wire::custom")
    )]
    pub custom: BTreeMap<String, Value>,
}

impl Profile {
    /// A profile with no facts: every field missing.
    pub const EMPTY: Profile = Profile {
        employees: None,
        annual_revenue: None,
        industry: None,
        country: None,
        job_title: None,
        seniority: None,
        email_domain: None,
        custom: BTreeMap::new(),
    };

    /// A profile with no facts, [`Profile::EMPTY`]: set them with the methods below.
    pub const fn new() -> Profile {
        Profile::EMPTY
    }

    /// This profile with a company of `employees` employees.
    #[must_use = "employees returns the profile; it does not change it in place"]
    pub fn employees(mut self, employees: u32) -> Profile {
        self.employees = Some(employees);
        self
    }

    /// This profile with an annual revenue of `revenue`, in the currency the policy's
    /// revenue bounds use.
    #[must_use = "annual_revenue returns the profile; it does not change it in place"]
    pub fn annual_revenue(mut self, revenue: impl Into<Decimal>) -> Profile {
        self.annual_revenue = Some(revenue.into());
        self
    }

    /// This profile in `industry`.
    #[must_use = "industry returns the profile; it does not change it in place"]
    pub fn industry(mut self, industry: impl Into<String>) -> Profile {
        self.industry = Some(industry.into());
        self
    }

    /// This profile in `country` (a country or region code, as the host names them).
    #[must_use = "country returns the profile; it does not change it in place"]
    pub fn country(mut self, country: impl Into<String>) -> Profile {
        self.country = Some(country.into());
        self
    }

    /// This profile with the contact's job title.
    #[must_use = "job_title returns the profile; it does not change it in place"]
    pub fn job_title(mut self, job_title: impl Into<String>) -> Profile {
        self.job_title = Some(job_title.into());
        self
    }

    /// This profile with the contact's seniority.
    #[must_use = "seniority returns the profile; it does not change it in place"]
    pub fn seniority(mut self, seniority: Seniority) -> Profile {
        self.seniority = Some(seniority);
        self
    }

    /// This profile with the contact's e-mail domain (`northwind.example`); an address is
    /// taken too, since a `domain_in` condition reads the text after its last `@`.
    #[must_use = "email_domain returns the profile; it does not change it in place"]
    pub fn email_domain(mut self, domain: impl Into<String>) -> Profile {
        self.email_domain = Some(domain.into());
        self
    }

    /// This profile with `employees`, or with the head count unknown for `None`: the
    /// setter for a value that may be missing, so that a row's optional fields chain
    /// without `if let`.
    ///
    /// ```
    /// use qualify::Profile;
    ///
    /// let row: [Option<&str>; 3] = [Some("2400"), Some("  "), None]; // employees, industry, country
    /// let profile = Profile::new()
    ///     .maybe_employees(row[0].and_then(|t| t.parse().ok()))
    ///     .maybe_industry(row[1]) // blank text is no fact
    ///     .maybe_country(row[2]);
    /// assert_eq!(profile, Profile::new().employees(2400));
    /// ```
    #[must_use = "maybe_employees returns the profile; it does not change it in place"]
    pub fn maybe_employees(mut self, employees: Option<u32>) -> Profile {
        self.employees = employees;
        self
    }

    /// This profile with `revenue`, or with the revenue unknown for `None`.
    #[must_use = "maybe_annual_revenue returns the profile; it does not change it in place"]
    pub fn maybe_annual_revenue(mut self, revenue: Option<Decimal>) -> Profile {
        self.annual_revenue = revenue;
        self
    }

    /// This profile in `industry`, or with the industry unknown for `None` or blank text.
    #[must_use = "maybe_industry returns the profile; it does not change it in place"]
    pub fn maybe_industry(mut self, industry: Option<impl Into<String>>) -> Profile {
        self.industry = given(industry);
        self
    }

    /// This profile in `country`, or with the country unknown for `None` or blank text.
    #[must_use = "maybe_country returns the profile; it does not change it in place"]
    pub fn maybe_country(mut self, country: Option<impl Into<String>>) -> Profile {
        self.country = given(country);
        self
    }

    /// This profile with the contact's job title, or none for `None` or blank text.
    #[must_use = "maybe_job_title returns the profile; it does not change it in place"]
    pub fn maybe_job_title(mut self, job_title: Option<impl Into<String>>) -> Profile {
        self.job_title = given(job_title);
        self
    }

    /// This profile with the contact's seniority, or none for `None`.
    #[must_use = "maybe_seniority returns the profile; it does not change it in place"]
    pub fn maybe_seniority(mut self, seniority: Option<Seniority>) -> Profile {
        self.seniority = seniority;
        self
    }

    /// This profile with the contact's e-mail domain (or address), or none for `None` or
    /// blank text.
    #[must_use = "maybe_email_domain returns the profile; it does not change it in place"]
    pub fn maybe_email_domain(mut self, domain: Option<impl Into<String>>) -> Profile {
        self.email_domain = given(domain);
        self
    }

    /// This profile with the custom attribute `name` set to `value`, in place of any value
    /// it had. Any name and value are taken, as a CRM holds them.
    #[must_use = "custom returns the profile; it does not change it in place"]
    pub fn custom(mut self, name: impl Into<String>, value: impl Into<Value>) -> Profile {
        self.custom.insert(name.into(), value.into());
        self
    }
}

/// Text that says something: `None` for none, or for blank text (a CRM's empty field).
fn given(text: Option<impl Into<String>>) -> Option<String> {
    text.map(Into::into).filter(|t| !t.trim().is_empty())
}

#[cfg(feature = "serde")]
pub(crate) mod wire {
    use core::fmt;
    use std::collections::BTreeMap;

    use serde::de::{Deserializer, MapAccess, Visitor};

    use super::Value;
    use crate::values::Echo;

    /// Reads custom attributes, refusing a name given twice: which of its values a host
    /// meant cannot be known, and keeping the last (as a map does) would guess.
    pub(super) fn custom<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Value>, D::Error> {
        struct Attributes;
        impl<'de> Visitor<'de> for Attributes {
            type Value = BTreeMap<String, Value>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of custom attributes by name")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut custom = BTreeMap::new();
                while let Some(name) = map.next_key::<String>()? {
                    if custom.contains_key(&name) {
                        return Err(duplicate(&name));
                    }
                    let value = map.next_value()?;
                    custom.insert(name, value);
                }
                Ok(custom)
            }
        }
        d.deserialize_map(Attributes)
    }

    /// The refusal of the custom attribute `name` given twice in one profile.
    pub(crate) fn duplicate<E: serde::de::Error>(name: &str) -> E {
        E::custom(format_args!("duplicate custom attribute {}", Echo::quoted(name)))
    }
}

//! What is known about a contact: who they are, their company's firmographics, and how they
//! have engaged.

use std::collections::BTreeMap;

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use crate::values::names::{self, names_of};
use crate::values::{NameError, Timestamp};

/// The person behind a record. Any combination of fields is valid: a lead is unvalidated.
///
/// `#[non_exhaustive]`, so that a later version can add a field: outside this crate a
/// contact is built with [`Contact::new`] or [`Contact::named`], and its fields are read and
/// assigned freely.
///
/// ```
/// use qualify::Contact;
///
/// let ada = Contact::new("Ada Park", "ada@northwind.example");
/// assert_eq!(ada.email.as_deref(), Some("ada@northwind.example"));
/// let mut met = Contact::named("Grace Hopper");
/// assert_eq!(met.email, None);
/// met.email = Some("grace@navy.example".into());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Contact {
    /// Full name, as captured.
    pub name: String,
    /// Email address, if captured.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub email: Option<String>,
}

impl Contact {
    /// A contact with a name and an email.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Contact {
        Contact {
            name: name.into(),
            email: Some(email.into()),
        }
    }

    /// A contact with a name and no email, such as one met at an event.
    pub fn named(name: impl Into<String>) -> Contact {
        Contact {
            name: name.into(),
            email: None,
        }
    }
}

/// Where a lead came from: a form, an event, an import, a referral, an ad, networking, a
/// reply to outreach.
///
/// # Text
///
/// [`Source::as_str`] gives the wire name (`outreach_reply`), `Display` the label a person
/// reads (`outreach reply`), and [`FromStr`] reads either back: ASCII case ignored, `_`, `-`
/// and a space alike (`Outreach Reply`, `outreach-reply`), surrounding whitespace trimmed.
/// Any other text names an [`Other`](Source::Other) source, as written (trimmed); only blank
/// text is refused. A custom name that reads as a known one (`"Referral"`) is the known
/// source.
///
/// ```
/// use qualify::{NameError, Source};
///
/// assert_eq!("Outreach Reply".parse::<Source>()?, Source::OutreachReply);
/// assert_eq!(Source::OutreachReply.as_str(), "outreach_reply");
/// let partner: Source = "webinar partner".parse()?;
/// assert_eq!(partner, Source::Other("webinar partner".into()));
/// assert_eq!(partner.as_str(), "webinar partner");
/// assert_eq!(" ".parse::<Source>(), Err(NameError::Blank { kind: "source" }));
/// # Ok::<(), NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Source {
    /// A form on the web site.
    Form,
    /// A trade show, conference or meetup.
    Event,
    /// A list import.
    Import,
    /// A referral by a customer or partner.
    Referral,
    /// A paid ad.
    Ad,
    /// Personal networking.
    Networking,
    /// A reply to cold outreach.
    OutreachReply,
    /// Anything else, named by the host.
    Other(String),
}

impl Source {
    /// Every source the crate knows, that is every source but [`Source::Other`].
    pub const KNOWN: [Source; 7] = [
        Source::Form,
        Source::Event,
        Source::Import,
        Source::Referral,
        Source::Ad,
        Source::Networking,
        Source::OutreachReply,
    ];

    /// The snake_case name of a known source, used on the wire (`outreach_reply`), or an
    /// other source's own name.
    pub fn as_str(&self) -> &str {
        match self {
            Source::Form => "form",
            Source::Event => "event",
            Source::Import => "import",
            Source::Referral => "referral",
            Source::Ad => "ad",
            Source::Networking => "networking",
            Source::OutreachReply => "outreach_reply",
            Source::Other(name) => name,
        }
    }
}

impl FromStr for Source {
    type Err = NameError;

    /// Reads a known source's name or label, or else an other source's name (see
    /// [`Source`], "Text").
    ///
    /// # Errors
    /// [`NameError::Blank`] for empty or whitespace-only text.
    fn from_str(text: &str) -> Result<Source, NameError> {
        let name = names::custom("source", text)?;
        Ok(names::find(name, &Source::KNOWN, Source::as_str)
            .cloned()
            .unwrap_or_else(|| Source::Other(name.to_owned())))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Form => "form",
            Source::Event => "event",
            Source::Import => "import",
            Source::Referral => "referral",
            Source::Ad => "ad",
            Source::Networking => "networking",
            Source::OutreachReply => "outreach reply",
            Source::Other(name) => name,
        })
    }
}

/// How senior a contact is, in increasing order.
///
/// # Text
///
/// [`Seniority::as_str`] gives the wire name (`vice_president`), `Display` the label a
/// person reads (`vice president`, `c-level`), and [`FromStr`] reads either back: ASCII case
/// ignored, `_`, `-` and a space alike (`Vice President`, `C-Level`), surrounding
/// whitespace trimmed. Any other text is refused.
///
/// ```
/// use qualify::Seniority;
///
/// assert_eq!("C-Level".parse::<Seniority>()?, Seniority::CLevel);
/// assert_eq!(Seniority::VicePresident.to_string(), "vice president");
/// let err = "ceo".parse::<Seniority>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown seniority \"ceo\": expected one of student, individual, manager, director, \
///      vice_president, c_level, owner"
/// );
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Seniority {
    /// A student or intern.
    Student,
    /// An individual contributor.
    Individual,
    /// A manager.
    Manager,
    /// A director.
    Director,
    /// A vice president.
    VicePresident,
    /// A C-level executive.
    CLevel,
    /// An owner or founder.
    Owner,
}

impl Seniority {
    /// Every level, in increasing order.
    pub const ALL: [Seniority; 7] = [
        Seniority::Student,
        Seniority::Individual,
        Seniority::Manager,
        Seniority::Director,
        Seniority::VicePresident,
        Seniority::CLevel,
        Seniority::Owner,
    ];

    /// The snake_case name used on the wire and in policies.
    pub const fn as_str(self) -> &'static str {
        match self {
            Seniority::Student => "student",
            Seniority::Individual => "individual",
            Seniority::Manager => "manager",
            Seniority::Director => "director",
            Seniority::VicePresident => "vice_president",
            Seniority::CLevel => "c_level",
            Seniority::Owner => "owner",
        }
    }

    /// The wire names of [`Seniority::ALL`], in order.
    const NAMES: [&'static str; Seniority::ALL.len()] = names_of!(Seniority);

    /// The level named `name` exactly as [`Seniority::as_str`] writes it, ASCII case
    /// ignored: the form a policy's seniority conditions use. [`FromStr`] reads labels too.
    pub fn from_name(name: &str) -> Option<Seniority> {
        Seniority::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }

    /// The label a person reads: the wire name with spaces (`vice president`), and
    /// `c-level`.
    const fn label(self) -> &'static str {
        match self {
            Seniority::VicePresident => "vice president",
            Seniority::CLevel => "c-level",
            other => other.as_str(),
        }
    }
}

impl FromStr for Seniority {
    type Err = NameError;

    /// Reads a level's name or label (see [`Seniority`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"ceo"`, `"vp"`, `""`.
    fn from_str(text: &str) -> Result<Seniority, NameError> {
        names::closed("seniority", text, &Seniority::ALL, &Seniority::NAMES)
    }
}

impl fmt::Display for Seniority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A custom attribute's value: a CRM field the crate did not foresee.
///
/// On the wire it is tagged, so a number stays exact: `{"text": "enterprise"}`,
/// `{"number": "120"}`, `{"bool": true}`. A number is a string read exactly, or refused if
/// it has more digits than a decimal holds.
///
/// `From` text, a flag, a [`Decimal`] and integers up to 64 bits builds one, as
/// [`Profile::custom`] takes it:
///
/// ```
/// use qualify::{Decimal, Value};
///
/// assert_eq!(Value::from("enterprise"), Value::Text("enterprise".into()));
/// assert_eq!(Value::from(true), Value::Bool(true));
/// assert_eq!(Value::from(120), Value::Number(Decimal::from(120)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Value {
    /// Text, compared ignoring ASCII case.
    Text(String),
    /// A decimal number.
    Number(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::values::decimal::de::number")
        )]
        Decimal,
    ),
    /// A flag.
    Bool(bool),
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

impl From<Decimal> for Value {
    fn from(number: Decimal) -> Value {
        Value::Number(number)
    }
}

/// `From` an integer type that every value of converts to a [`Decimal`] exactly.
macro_rules! value_from_integer {
    ($($int:ty),*) => {$(
        impl From<$int> for Value {
            fn from(number: $int) -> Value {
                Value::Number(Decimal::from(number))
            }
        }
    )*};
}

value_from_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

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

    /// This profile with the custom attribute `name` set to `value`, in place of any value
    /// it had. Any name and value are taken, as a CRM holds them.
    #[must_use = "custom returns the profile; it does not change it in place"]
    pub fn custom(mut self, name: impl Into<String>, value: impl Into<Value>) -> Profile {
        self.custom.insert(name.into(), value.into());
        self
    }
}

#[cfg(feature = "serde")]
mod wire {
    use core::fmt;
    use std::collections::BTreeMap;

    use serde::de::{Deserializer, Error as _, MapAccess, Visitor};

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
                        return Err(A::Error::custom(format_args!(
                            "duplicate custom attribute {}",
                            Echo::quoted(&name)
                        )));
                    }
                    let value = map.next_value()?;
                    custom.insert(name, value);
                }
                Ok(custom)
            }
        }
        d.deserialize_map(Attributes)
    }
}

/// The kind of an engagement signal. Known kinds score fastest; hosts name others with
/// [`SignalKind::Custom`].
///
/// Three groups of kinds mark the engagement tiers of a lead, and the default policy gives
/// each enough points to place a lead in its tier on its own (see
/// [`TierSpec`](crate::TierSpec)):
///
/// | tier | what the contact did | kinds |
/// |---|---|---|
/// | IQL | gave contact details to get content | `newsletter_signup`, `content_download`, `webinar_attended` |
/// | MQL | asked about the offer | `pricing_request`, `contact_sales` |
/// | SQL | asked to try the product | `demo_request`, `trial_started` |
///
/// The others (`pricing_page_visit`, `email_reply`, `event_visit`) show interest without
/// being any tier's defining act; the default policy scores them below the IQL line, so
/// they add to a lead's score without placing it in a tier alone.
///
/// # Text
///
/// [`SignalKind::as_str`] and `Display` both give the wire name (`demo_request`), or a
/// custom kind's own name. [`FromStr`] reads a known kind's name with ASCII case ignored and
/// `_`, `-` and a space alike (`Demo Request`, `demo-request`), surrounding whitespace
/// trimmed; any other text names a [`Custom`](SignalKind::Custom) kind, as written
/// (trimmed). Only blank text is refused. A custom name that reads as a known one
/// (`"Demo Request"`) is the known kind.
///
/// ```
/// use qualify::{NameError, SignalKind};
///
/// assert_eq!("Demo Request".parse::<SignalKind>()?, SignalKind::DemoRequest);
/// assert_eq!(SignalKind::DemoRequest.as_str(), "demo_request");
/// let roi: SignalKind = "roi_calculator".parse()?;
/// assert_eq!(roi, SignalKind::Custom("roi_calculator".into()));
/// assert_eq!("".parse::<SignalKind>(), Err(NameError::Blank { kind: "signal kind" }));
/// # Ok::<(), NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SignalKind {
    /// Signed up for a newsletter.
    NewsletterSignup,
    /// Downloaded gated content (a whitepaper, an ebook).
    ContentDownload,
    /// Attended a webinar.
    WebinarAttended,
    /// Visited the pricing page.
    PricingPageVisit,
    /// Asked for a price or a quote.
    PricingRequest,
    /// Asked sales to get in touch.
    ContactSales,
    /// Requested a demo.
    DemoRequest,
    /// Started a free trial.
    TrialStarted,
    /// Replied to an email.
    EmailReply,
    /// Visited a booth or event.
    EventVisit,
    /// A signal the host names.
    Custom(String),
}

impl SignalKind {
    /// Every kind the crate knows, that is every kind but [`SignalKind::Custom`]; a plugin
    /// can offer them in a policy editor.
    pub const KNOWN: [SignalKind; 10] = [
        SignalKind::NewsletterSignup,
        SignalKind::ContentDownload,
        SignalKind::WebinarAttended,
        SignalKind::PricingPageVisit,
        SignalKind::PricingRequest,
        SignalKind::ContactSales,
        SignalKind::DemoRequest,
        SignalKind::TrialStarted,
        SignalKind::EmailReply,
        SignalKind::EventVisit,
    ];

    /// The index of a known kind in [`SignalKind::KNOWN`]; `None` for a custom one.
    pub(crate) const fn known_index(&self) -> Option<usize> {
        Some(match self {
            SignalKind::NewsletterSignup => 0,
            SignalKind::ContentDownload => 1,
            SignalKind::WebinarAttended => 2,
            SignalKind::PricingPageVisit => 3,
            SignalKind::PricingRequest => 4,
            SignalKind::ContactSales => 5,
            SignalKind::DemoRequest => 6,
            SignalKind::TrialStarted => 7,
            SignalKind::EmailReply => 8,
            SignalKind::EventVisit => 9,
            SignalKind::Custom(_) => return None,
        })
    }
}

impl SignalKind {
    /// The snake_case name of a known kind, used on the wire (`demo_request`), or a custom
    /// kind's own name.
    pub fn as_str(&self) -> &str {
        match self {
            SignalKind::NewsletterSignup => "newsletter_signup",
            SignalKind::ContentDownload => "content_download",
            SignalKind::WebinarAttended => "webinar_attended",
            SignalKind::PricingPageVisit => "pricing_page_visit",
            SignalKind::PricingRequest => "pricing_request",
            SignalKind::ContactSales => "contact_sales",
            SignalKind::DemoRequest => "demo_request",
            SignalKind::TrialStarted => "trial_started",
            SignalKind::EmailReply => "email_reply",
            SignalKind::EventVisit => "event_visit",
            SignalKind::Custom(name) => name,
        }
    }
}

impl FromStr for SignalKind {
    type Err = NameError;

    /// Reads a known kind's name, or else a custom kind's name (see [`SignalKind`], "Text").
    ///
    /// # Errors
    /// [`NameError::Blank`] for empty or whitespace-only text.
    fn from_str(text: &str) -> Result<SignalKind, NameError> {
        let name = names::custom("signal kind", text)?;
        Ok(names::find(name, &SignalKind::KNOWN, SignalKind::as_str)
            .cloned()
            .unwrap_or_else(|| SignalKind::Custom(name.to_owned())))
    }
}

impl fmt::Display for SignalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One engagement event: what happened and when.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Signal {
    /// What the contact did.
    pub kind: SignalKind,
    /// When. A signal after the `now` of an assessment does not count.
    pub at: Timestamp,
}

impl Signal {
    /// A signal of `kind` at `at`.
    pub fn new(kind: SignalKind, at: Timestamp) -> Signal {
        Signal { kind, at }
    }
}

//! [`Contact`], the person behind a record, and [`Source`], where the lead came from.

use core::fmt;
use core::str::FromStr;

use crate::values::{NameError, names};

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

    /// The domain of the contact's e-mail address: the text after its last `@`, surrounding
    /// whitespace trimmed. `None` without an email, or with one that has no `@` or nothing
    /// after it.
    ///
    /// A lead, prospect or opportunity whose profile has no
    /// [`email_domain`](crate::Profile::email_domain) is scored with this one, so a
    /// knockout by domain (a competitor, free mail) needs nothing copied by hand.
    ///
    /// ```
    /// use qualify::Contact;
    ///
    /// assert_eq!(Contact::new("Ada Park", "ada@eu.Northwind.example").email_domain(), Some("eu.Northwind.example"));
    /// assert_eq!(Contact::new("Ada Park", "not an address").email_domain(), None);
    /// assert_eq!(Contact::named("Grace Hopper").email_domain(), None);
    /// ```
    pub fn email_domain(&self) -> Option<&str> {
        let email = self.email.as_deref()?.trim();
        let (_, domain) = email.rsplit_once('@')?;
        (!domain.is_empty()).then_some(domain)
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

//! [`Signal`] and [`SignalKind`]: what a contact did, and when.

use core::fmt;
use core::str::FromStr;

use crate::values::{NameError, Timestamp, names};

/// The kind of an engagement signal. Known kinds score fastest; hosts name others with
/// [`SignalKind::Custom`].
///
/// Three groups of kinds are the acts that define the engagement tiers of a lead, and the
/// default policy's act rule places a lead in the tier of its strongest act (see
/// [`TierRule`](crate::TierRule)):
///
/// | tier | what the contact did | kinds |
/// |---|---|---|
/// | IQL | gave contact details to get content | `newsletter_signup`, `content_download`, `webinar_attended` |
/// | MQL | asked about the offer | `pricing_request`, `contact_sales`, `pricing_page_visit` |
/// | SQL | asked to try the product | `demo_request`, `trial_started` |
///
/// The others (`email_reply`, `event_visit`) show interest without being any tier's
/// defining act: they add to a lead's score, which ranks leads within a tier, without
/// placing a lead in one.
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

//! [`Provenance`]: who recorded a piece of evidence, when, how, and until when it holds.

use core::fmt;
use core::str::FromStr;

use crate::values::names::{self, names_of};
use crate::values::{Actor, NameError, Timestamp};

/// How a piece of evidence was learned.
///
/// # Text
///
/// [`Method::as_str`] and `Display` both give the wire name (`enrichment`); [`FromStr`]
/// reads it back, ASCII case ignored and surrounding whitespace trimmed (`Call`). Any other
/// text is refused: a CRM's own activity types need mapping to these.
///
/// ```
/// use qualify::Method;
///
/// assert_eq!("Call".parse::<Method>()?, Method::Call);
/// let err = "fax".parse::<Method>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown method \"fax\": expected one of call, meeting, email, form, enrichment, import, other"
/// );
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Method {
    /// A phone or video call.
    Call,
    /// A meeting in person.
    Meeting,
    /// An email exchange.
    Email,
    /// A form the contact filled in.
    Form,
    /// A data-enrichment service.
    Enrichment,
    /// A bulk import.
    Import,
    /// Anything else.
    Other,
}

impl Method {
    /// Every method, [`Method::Other`] last.
    pub const ALL: [Method; 7] = [
        Method::Call,
        Method::Meeting,
        Method::Email,
        Method::Form,
        Method::Enrichment,
        Method::Import,
        Method::Other,
    ];

    /// The wire names of [`Method::ALL`], in order.
    const NAMES: [&'static str; Method::ALL.len()] = names_of!(Method);

    /// The lowercase name used on the wire: `call`, `meeting`, ….
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Call => "call",
            Method::Meeting => "meeting",
            Method::Email => "email",
            Method::Form => "form",
            Method::Enrichment => "enrichment",
            Method::Import => "import",
            Method::Other => "other",
        }
    }
}

impl FromStr for Method {
    type Err = NameError;

    /// Reads a method by name (see [`Method`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"fax"`, `"phone call"`, `""`.
    fn from_str(text: &str) -> Result<Method, NameError> {
        names::closed("method", text, &Method::ALL, &Method::NAMES)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a piece of evidence came from and how long it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Provenance {
    /// Who recorded it.
    pub recorded_by: Actor,
    /// When it was recorded. Evidence recorded after the `now` of a transition does not count.
    pub recorded_at: Timestamp,
    /// How it was learned.
    pub method: Method,
    /// The last instant at which it holds, if it lapses. Evidence past this is expired.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub valid_until: Option<Timestamp>,
}

impl Provenance {
    /// Evidence recorded by `recorded_by` at `recorded_at`, learned through `method`, with no
    /// expiry of its own.
    pub fn new(recorded_by: impl Into<Actor>, recorded_at: Timestamp, method: Method) -> Provenance {
        Provenance {
            recorded_by: recorded_by.into(),
            recorded_at,
            method,
            valid_until: None,
        }
    }

    /// The same provenance, holding until `valid_until` (inclusive).
    #[must_use]
    pub fn valid_until(mut self, valid_until: Timestamp) -> Provenance {
        self.valid_until = Some(valid_until);
        self
    }
}

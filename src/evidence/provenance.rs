//! [`Provenance`]: who recorded a piece of evidence, when, how, and until when it holds.

use crate::values::{Actor, Timestamp};

/// How a piece of evidence was learned.
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

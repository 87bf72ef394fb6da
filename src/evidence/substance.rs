//! What makes evidence substantive: the one rule that transitions and the record loader
//! both apply, so they cannot drift apart.
//!
//! Evidence is *hollow* when it is recorded but says nothing: a need of `"TBD"`, an
//! authority that names no one, a budget "approved" for zero, a decision date that has
//! already come, a fit profile with no facts, a provenance that names nobody. Hollow
//! evidence is refused wherever the evidence is relied on, with the [`Hollow`] reason.
//!
//! What makes free text hollow (blank, or one of [`PLACEHOLDERS`]) is the values' rule,
//! which reasons share, and of which actors are held to the blank and wordless part; it is
//! re-exported here.

use core::fmt;

use crate::evidence::{
    AssumedFit, Authority, Budget, BudgetStatus, EvidenceKind, Fit, FitBasis, Need, Provenance, Timeline,
};
use crate::values::{Hollowness, Timestamp, hollowness};
pub use crate::values::{PLACEHOLDERS, is_placeholder, says_nothing};

/// Longest text an error repeats from the input, in characters.
const ECHO: usize = 64;

/// Why a recorded piece of evidence says nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "hollow", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Hollow {
    /// Text that is empty or only whitespace.
    Blank {
        /// Which evidence.
        evidence: EvidenceKind,
        /// The field, as its wire path inside the evidence (`problem`, `person`,
        /// `provenance.recorded_by`).
        field: &'static str,
    },
    /// Text that stands in for an answer ([`PLACEHOLDERS`]).
    Placeholder {
        /// Which evidence.
        evidence: EvidenceKind,
        /// The field, as its wire path inside the evidence.
        field: &'static str,
        /// The text (at most 64 characters of it).
        text: String,
    },
    /// A budget approved, or sought, for an amount of zero.
    ZeroAmount {
        /// The field: `status.approved.amount` or `status.sought.amount`.
        field: &'static str,
    },
    /// A fit profile that records no fact at all.
    EmptyProfile,
    /// A decision date that is not after the moment the timeline was relied on.
    DecisionNotAhead {
        /// The decision date.
        decide_by: Timestamp,
        /// When it was relied on: the transition's `now`, or, for a stored record, when
        /// the record entered the stage that relied on it.
        at: Timestamp,
    },
}

impl fmt::Display for Hollow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hollow::Blank { evidence, field } => write!(f, "{evidence} {field} is blank"),
            Hollow::Placeholder {
                evidence,
                field,
                text,
            } => write!(f, "{evidence} {field} {text:?} is a placeholder"),
            Hollow::ZeroAmount { field } => write!(f, "budget {field} is zero"),
            Hollow::EmptyProfile => f.write_str("fit profile records no facts"),
            Hollow::DecisionNotAhead { decide_by, at } => {
                write!(f, "timeline decision date {decide_by} is not after {at}")
            }
        }
    }
}

/// Pushes why `text`, the `field` of `evidence`, is hollow, if it is.
fn text(out: &mut Vec<Hollow>, evidence: EvidenceKind, field: &'static str, text: &str) {
    match hollowness(text) {
        Some(Hollowness::Blank) => out.push(Hollow::Blank { evidence, field }),
        Some(Hollowness::Placeholder) => out.push(Hollow::Placeholder {
            evidence,
            field,
            text: text.chars().take(ECHO).collect(),
        }),
        None => {}
    }
}

fn provenance(out: &mut Vec<Hollow>, evidence: EvidenceKind, p: &Provenance) {
    text(out, evidence, "provenance.recorded_by", p.recorded_by.as_str());
}

/// Evidence that can be hollow. `at` is when it is relied on; only a timeline depends on it.
pub(crate) trait Substance {
    /// Pushes every reason the evidence is hollow at `at`; pushes nothing when it is
    /// substantive.
    fn hollow(&self, at: Timestamp, out: &mut Vec<Hollow>);

    /// Who recorded it, when and how.
    fn provenance(&self) -> &Provenance;
}

impl Substance for Fit {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    fn hollow(&self, _at: Timestamp, out: &mut Vec<Hollow>) {
        let p = &self.profile;
        // Blank text is no fact: a CRM that stores an empty field has recorded nothing.
        let blank = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
        let empty = p.employees.is_none()
            && p.annual_revenue.is_none()
            && blank(&p.industry)
            && blank(&p.country)
            && blank(&p.job_title)
            && p.seniority.is_none()
            && blank(&p.email_domain)
            && p.custom.is_empty();
        if empty {
            out.push(Hollow::EmptyProfile);
        }
        provenance(out, EvidenceKind::Fit, &self.provenance);
    }
}

impl Substance for AssumedFit {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// An assumption says something when it names the mapping that made it and the label
    /// it was made for, and who imported the record.
    fn hollow(&self, _at: Timestamp, out: &mut Vec<Hollow>) {
        for (field, value) in [("mapping", &self.mapping), ("label", &self.label)] {
            if value.trim().is_empty() {
                out.push(Hollow::Blank {
                    evidence: EvidenceKind::Fit,
                    field,
                });
            }
        }
        provenance(out, EvidenceKind::Fit, &self.provenance);
    }
}

impl Substance for FitBasis {
    fn provenance(&self) -> &Provenance {
        FitBasis::provenance(self)
    }

    fn hollow(&self, at: Timestamp, out: &mut Vec<Hollow>) {
        match self {
            FitBasis::Profile(fit) => fit.hollow(at, out),
            FitBasis::Assumed(assumed) => assumed.hollow(at, out),
        }
    }
}

impl Substance for Need {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    fn hollow(&self, _at: Timestamp, out: &mut Vec<Hollow>) {
        text(out, EvidenceKind::Need, "problem", &self.problem);
        provenance(out, EvidenceKind::Need, &self.provenance);
    }
}

impl Substance for Budget {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    fn hollow(&self, _at: Timestamp, out: &mut Vec<Hollow>) {
        match &self.status {
            BudgetStatus::Approved { amount } if amount.amount().is_zero() => {
                out.push(Hollow::ZeroAmount {
                    field: "status.approved.amount",
                });
            }
            BudgetStatus::Sought { amount: Some(amount) } if amount.amount().is_zero() => {
                out.push(Hollow::ZeroAmount {
                    field: "status.sought.amount",
                });
            }
            _ => {}
        }
        provenance(out, EvidenceKind::Budget, &self.provenance);
    }
}

impl Substance for Authority {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    fn hollow(&self, _at: Timestamp, out: &mut Vec<Hollow>) {
        text(out, EvidenceKind::Authority, "person", &self.person);
        provenance(out, EvidenceKind::Authority, &self.provenance);
    }
}

impl Substance for Timeline {
    fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    fn hollow(&self, at: Timestamp, out: &mut Vec<Hollow>) {
        if self.decide_by <= at {
            out.push(Hollow::DecisionNotAhead {
                decide_by: self.decide_by,
                at,
            });
        }
        provenance(out, EvidenceKind::Timeline, &self.provenance);
    }
}

/// Generates each piece of evidence's public answer to whether it says something.
macro_rules! substantive {
    ($($kind:ident),*) => {$(
        impl $kind {
            /// Every reason this evidence says nothing, relied on at `at` (only a
            /// timeline's decision date depends on it): blank or placeholder text, a budget
            /// of zero, a profile with no facts, a decision date not after `at`, a
            /// provenance that names no one. Empty when it is substantive: what every
            /// transition and the record loader require of evidence they rely on.
            pub fn hollow_at(&self, at: Timestamp) -> Vec<Hollow> {
                let mut out = Vec::new();
                Substance::hollow(self, at, &mut out);
                out
            }

            /// Whether this evidence says something, relied on at `at`
            /// ([`hollow_at`](Self::hollow_at) is empty).
            pub fn is_substantive(&self, at: Timestamp) -> bool {
                self.hollow_at(at).is_empty()
            }
        }
    )*};
}

substantive!(Fit, AssumedFit, FitBasis, Need, Budget, Authority, Timeline);

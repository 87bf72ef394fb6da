//! The pieces of evidence: fit, and the four conditions of an opportunity (need, budget,
//! authority, timeline).

use core::fmt;

use crate::evidence::Provenance;
use crate::profile::Profile;
use crate::values::{Money, Timestamp};

/// The five kinds of evidence, for errors and checklists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EvidenceKind {
    /// [`Fit`]: the lead matches the ideal customer profile.
    Fit,
    /// [`Need`]: a specific problem causing real pain.
    Need,
    /// [`Budget`]: money exists or is being sought.
    Budget,
    /// [`Authority`]: a decision maker, or clear access to one, is engaged.
    Authority,
    /// [`Timeline`]: a decision date.
    Timeline,
}

impl EvidenceKind {
    /// The lowercase name used in messages and on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Fit => "fit",
            EvidenceKind::Need => "need",
            EvidenceKind::Budget => "budget",
            EvidenceKind::Authority => "authority",
            EvidenceKind::Timeline => "timeline",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Evidence of fit: the firmographic facts about a lead, as someone recorded them.
///
/// Whether they match the ideal customer profile is the [`Policy`](crate::Policy)'s call,
/// made when the lead is qualified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Fit {
    /// The facts scored against the policy's fit criteria and knockouts.
    pub profile: Profile,
    /// Who recorded them, when and how.
    pub provenance: Provenance,
}

/// Evidence of need: a specific problem the product solves, causing real pain.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Need {
    /// The problem in the buyer's words. Blank text is not evidence of need.
    pub problem: String,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// Whether budget is in hand or being sought.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
pub enum BudgetStatus {
    /// Budget is approved for this amount.
    Approved {
        /// The approved amount.
        amount: Money,
    },
    /// The buyer confirmed the problem is worth investment and is seeking budget.
    Sought {
        /// The amount being sought, if known.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        amount: Option<Money>,
    },
}

/// Evidence of budget: approved, or being sought.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Budget {
    /// Approved or sought.
    pub status: BudgetStatus,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// How the buying authority is engaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Access {
    /// The decision maker is in the conversation.
    DecisionMaker,
    /// A champion in the conversation has clear access to the decision maker.
    Champion,
}

/// Evidence of authority: who can decide, and how they are engaged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Authority {
    /// The person engaged (name or CRM id).
    pub person: String,
    /// Decision maker, or champion with access to one.
    pub access: Access,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// Evidence of a timeline: the date by which the buyer says they will decide.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Timeline {
    /// The decision date. A date already past is not a timeline.
    pub decide_by: Timestamp,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

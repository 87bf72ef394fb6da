//! The pieces of evidence: fit, and the four conditions of an opportunity (need, budget,
//! authority, timeline).

use core::fmt;
use core::str::FromStr;

use crate::evidence::Provenance;
use crate::profile::Profile;
use crate::values::names::names_of;
use crate::values::{Currency, Money, NameError, Timestamp, names};

/// The five kinds of evidence, for errors and checklists.
///
/// # Text
///
/// [`EvidenceKind::as_str`] and `Display` both give the wire name (`budget`); [`FromStr`]
/// reads it back, ASCII case ignored and surrounding whitespace trimmed (`Budget`). Any
/// other text is refused.
///
/// ```
/// use qualify::EvidenceKind;
///
/// assert_eq!(" Budget ".parse::<EvidenceKind>()?, EvidenceKind::Budget);
/// let err = "money".parse::<EvidenceKind>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown evidence kind \"money\": expected one of fit, need, budget, authority, timeline"
/// );
/// # Ok::<(), qualify::NameError>(())
/// ```
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
    /// Every kind, in the order of the checklist: fit, then need, budget, authority and
    /// timeline.
    pub const ALL: [EvidenceKind; 5] = [
        EvidenceKind::Fit,
        EvidenceKind::Need,
        EvidenceKind::Budget,
        EvidenceKind::Authority,
        EvidenceKind::Timeline,
    ];

    /// The wire names of [`EvidenceKind::ALL`], in order.
    const NAMES: [&'static str; EvidenceKind::ALL.len()] = names_of!(EvidenceKind);

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

impl FromStr for EvidenceKind {
    type Err = NameError;

    /// Reads a kind's name (see [`EvidenceKind`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"money"`, `"bant"`, `""`.
    fn from_str(text: &str) -> Result<EvidenceKind, NameError> {
        names::closed("evidence kind", text, &EvidenceKind::ALL, &EvidenceKind::NAMES)
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

/// Fit taken as given rather than judged: the record's CRM holds it at prospect or beyond,
/// and the mapping that imported it states that fit is assumed there.
///
/// Teams judge fit on leads and contacts, before a deal exists; a deal's record in the CRM
/// rarely carries the company's firmographics, and judging it on nothing would call every
/// deal unfit. An assumed fit says so instead of inventing a profile: it names the mapping
/// that states the assumption and the CRM label it was made for, and its provenance says
/// who imported the record and when. It never comes from a person's call: only an import
/// whose mapping assumes fit makes one (see the `crm` module's `FitSource`), and the
/// record loader accepts one only beside the import event that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct AssumedFit {
    /// The mapping that states the assumption, by its name (which carries its version):
    /// `hubspot-deals-v1`.
    pub mapping: String,
    /// The CRM's stage or status label the record held when fit was assumed:
    /// `contractsent`.
    pub label: String,
    /// Who imported the record and when, learned by [`Method::Import`](crate::Method::Import).
    pub provenance: Provenance,
}

/// What a record's fit rests on: a recorded profile, or an assumption a CRM mapping
/// states.
///
/// On a [`Prospect`](crate::Prospect) and every deal, a profile is one that met a policy's
/// fit requirement when the record was qualified; on a
/// [`Disqualified`](crate::Disqualified) record, it is whatever profile was recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum FitBasis {
    /// Firmographic facts recorded about the record, judged under a policy when it was
    /// qualified ([`Lead::qualify`](crate::Lead::qualify)).
    Profile(Fit),
    /// Fit was assumed by the mapping of a CRM import, for a record the CRM holds at
    /// prospect or beyond.
    Assumed(AssumedFit),
}

impl FitBasis {
    /// The fit evidence with its profile; `None` when fit is assumed.
    pub fn as_fit(&self) -> Option<&Fit> {
        match self {
            FitBasis::Profile(fit) => Some(fit),
            FitBasis::Assumed(_) => None,
        }
    }

    /// The assumption; `None` when fit rests on a profile.
    pub fn assumed(&self) -> Option<&AssumedFit> {
        match self {
            FitBasis::Profile(_) => None,
            FitBasis::Assumed(assumed) => Some(assumed),
        }
    }

    /// The profile; `None` when fit is assumed, which records no facts.
    pub fn profile(&self) -> Option<&Profile> {
        self.as_fit().map(|fit| &fit.profile)
    }

    /// Who recorded the fit, or made the assumption, when and how.
    pub fn provenance(&self) -> &Provenance {
        match self {
            FitBasis::Profile(fit) => &fit.provenance,
            FitBasis::Assumed(assumed) => &assumed.provenance,
        }
    }
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
///
/// On the wire (with the `serde` feature) each is an object named by its variant:
/// `{"approved": {"amount": {"amount": "60000", "currency": "EUR"}}}`,
/// `{"approved_amount_unknown": {"currency": "EUR"}}`, `{"sought": {}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
pub enum BudgetStatus {
    /// Budget is approved for this amount.
    Approved {
        /// The approved amount.
        amount: Money,
    },
    /// Budget is approved, in this currency, for an amount the buyer has not said: they
    /// confirmed that money is set aside for the purchase, but not how much (a CRM's
    /// approved budget whose amount is blank or `TBD`).
    ///
    /// The budget exists, so it counts as an approved budget wherever one counts: the
    /// probability model's `budget approved` adjustment, and the forecast's commit rule.
    /// It has no amount to hollow out, so it is never [`Hollow::ZeroAmount`]. Its currency
    /// is what keeps [`Opportunity::win`] honest: a deal is won in the approved budget's
    /// currency, whether its amount is known or not. A deal with it has no amount for a
    /// forecast.
    ///
    /// [`Hollow::ZeroAmount`]: crate::evidence::Hollow::ZeroAmount
    /// [`Opportunity::win`]: crate::states::Opportunity::win
    ApprovedAmountUnknown {
        /// The currency the budget is approved in.
        currency: Currency,
    },
    /// The buyer confirmed the problem is worth investment and is seeking budget.
    Sought {
        /// The amount being sought, if known.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        amount: Option<Money>,
    },
}

/// What a budget's status says, without its amount: approved, sought, or none, as a CRM's
/// budget picklist says it.
///
/// # Text
///
/// [`BudgetKind::as_str`] and `Display` both give the wire name (`approved`); [`FromStr`]
/// reads it back, ASCII case ignored and surrounding whitespace trimmed (`Approved`). Any
/// other text is refused.
///
/// ```
/// use qualify::{BudgetKind, BudgetStatus};
///
/// assert_eq!(" Approved ".parse::<BudgetKind>()?, BudgetKind::Approved);
/// assert_eq!(BudgetStatus::Sought { amount: None }.kind(), BudgetKind::Sought);
/// assert!("pending".parse::<BudgetKind>().is_err());
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BudgetKind {
    /// The budget is approved.
    Approved,
    /// The buyer confirmed the problem is worth investment and is seeking budget.
    Sought,
    /// There is no budget.
    None,
}

impl BudgetKind {
    /// Every kind: approved, sought, none.
    pub const ALL: [BudgetKind; 3] = [BudgetKind::Approved, BudgetKind::Sought, BudgetKind::None];

    /// The wire names of [`BudgetKind::ALL`], in order.
    const NAMES: [&'static str; BudgetKind::ALL.len()] = names_of!(BudgetKind);

    /// The lowercase name used in messages and on the wire: `approved`, `sought`, `none`.
    pub const fn as_str(self) -> &'static str {
        match self {
            BudgetKind::Approved => "approved",
            BudgetKind::Sought => "sought",
            BudgetKind::None => "none",
        }
    }
}

impl FromStr for BudgetKind {
    type Err = NameError;

    /// Reads a kind's name (see [`BudgetKind`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"pending"`, `"yes"`, `""`.
    fn from_str(text: &str) -> Result<BudgetKind, NameError> {
        names::closed("budget kind", text, &BudgetKind::ALL, &BudgetKind::NAMES)
    }
}

impl fmt::Display for BudgetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl BudgetStatus {
    /// What the status says without its amount: approved (for an amount known or not) or
    /// sought.
    pub const fn kind(&self) -> BudgetKind {
        match self {
            BudgetStatus::Approved { .. } | BudgetStatus::ApprovedAmountUnknown { .. } => {
                BudgetKind::Approved
            }
            BudgetStatus::Sought { .. } => BudgetKind::Sought,
        }
    }
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
///
/// # Text
///
/// [`Access::as_str`] gives the wire name (`decision_maker`), `Display` the label a person
/// reads (`decision maker`), and [`FromStr`] reads either back: ASCII case ignored, `_`, `-`
/// and a space alike (`Decision Maker`, `decision-maker`), surrounding whitespace trimmed.
/// Any other text is refused.
///
/// ```
/// use qualify::Access;
///
/// assert_eq!("Decision Maker".parse::<Access>()?, Access::DecisionMaker);
/// assert_eq!(Access::DecisionMaker.as_str(), "decision_maker");
/// assert!("owner".parse::<Access>().is_err());
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Access {
    /// The decision maker is in the conversation.
    DecisionMaker,
    /// A champion in the conversation has clear access to the decision maker.
    Champion,
}

impl Access {
    /// Both ways of access, the decision maker first.
    pub const ALL: [Access; 2] = [Access::DecisionMaker, Access::Champion];

    /// The wire names of [`Access::ALL`], in order.
    const NAMES: [&'static str; Access::ALL.len()] = names_of!(Access);

    /// The snake_case name used on the wire: `decision_maker`, `champion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Access::DecisionMaker => "decision_maker",
            Access::Champion => "champion",
        }
    }
}

impl FromStr for Access {
    type Err = NameError;

    /// Reads a way of access by name or label (see [`Access`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"owner"`, `"dm"`, `""`.
    fn from_str(text: &str) -> Result<Access, NameError> {
        names::closed("access", text, &Access::ALL, &Access::NAMES)
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Access::DecisionMaker => "decision maker",
            Access::Champion => "champion",
        })
    }
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

impl Fit {
    /// Fit evidence: `profile`, as `provenance` says it was learned.
    pub fn new(profile: Profile, provenance: Provenance) -> Fit {
        Fit { profile, provenance }
    }
}

impl Need {
    /// Evidence of need: `problem`, in the buyer's words.
    pub fn new(problem: impl Into<String>, provenance: Provenance) -> Need {
        Need {
            problem: problem.into(),
            provenance,
        }
    }
}

impl Budget {
    /// Evidence of a budget approved for `amount`.
    pub fn approved(amount: Money, provenance: Provenance) -> Budget {
        Budget {
            status: BudgetStatus::Approved { amount },
            provenance,
        }
    }

    /// Evidence of a budget approved in `currency`, for an amount the buyer has not said
    /// (see [`BudgetStatus::ApprovedAmountUnknown`]).
    pub fn approved_amount_unknown(currency: Currency, provenance: Provenance) -> Budget {
        Budget {
            status: BudgetStatus::ApprovedAmountUnknown { currency },
            provenance,
        }
    }

    /// Evidence of a budget being sought, for `amount` if known.
    pub fn sought(amount: Option<Money>, provenance: Provenance) -> Budget {
        Budget {
            status: BudgetStatus::Sought { amount },
            provenance,
        }
    }
}

impl Authority {
    /// Evidence of authority: `person`, engaged as `access`.
    pub fn new(person: impl Into<String>, access: Access, provenance: Provenance) -> Authority {
        Authority {
            person: person.into(),
            access,
            provenance,
        }
    }
}

impl Timeline {
    /// Evidence of a timeline: the buyer decides by `decide_by`.
    pub fn new(decide_by: Timestamp, provenance: Provenance) -> Timeline {
        Timeline {
            decide_by,
            provenance,
        }
    }
}

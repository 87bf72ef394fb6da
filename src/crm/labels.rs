//! What a CRM's labels mean: [`Claim`], the stage and status labels that make one, and the
//! labelled choices of a budget's status, an authority's access, a timeline's period and a
//! forecast category.

use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::BudgetKind;
use crate::policy::Tier;
use crate::states::{ForecastCategory, Stage};
use crate::values::Timestamp;

/// What a CRM label means in the crate's terms: a stage, or for a tier-like label (a
/// marketing- or sales-qualified lead) a lead at that engagement tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Claim {
    /// A lead.
    Lead,
    /// A lead that is information qualified.
    Iql,
    /// A lead that is marketing qualified.
    Mql,
    /// A lead that is sales qualified.
    Sql,
    /// A prospect: fit confirmed.
    Prospect,
    /// A deal under discovery: need and timeline confirmed.
    Discovery,
    /// An opportunity: all four conditions confirmed.
    Opportunity,
    /// Won.
    Won,
    /// Lost.
    Lost,
    /// Disqualified.
    Disqualified,
}

impl Claim {
    /// Every claim, leads first.
    pub const ALL: [Claim; 10] = [
        Claim::Lead,
        Claim::Iql,
        Claim::Mql,
        Claim::Sql,
        Claim::Prospect,
        Claim::Discovery,
        Claim::Opportunity,
        Claim::Won,
        Claim::Lost,
        Claim::Disqualified,
    ];

    /// The stage claimed: [`Stage::Lead`] for the tiers.
    pub const fn stage(self) -> Stage {
        match self {
            Claim::Lead | Claim::Iql | Claim::Mql | Claim::Sql => Stage::Lead,
            Claim::Prospect => Stage::Prospect,
            Claim::Discovery => Stage::Discovery,
            Claim::Opportunity => Stage::Opportunity,
            Claim::Won => Stage::Won,
            Claim::Lost => Stage::Lost,
            Claim::Disqualified => Stage::Disqualified,
        }
    }

    /// The tier a tier-like claim names.
    pub const fn tier(self) -> Option<Tier> {
        match self {
            Claim::Iql => Some(Tier::Iql),
            Claim::Mql => Some(Tier::Mql),
            Claim::Sql => Some(Tier::Sql),
            _ => None,
        }
    }

    /// Whether the claim is a deal: discovery, opportunity, won or lost. These are the
    /// rows a CRM's own close rate counts.
    pub const fn is_deal(self) -> bool {
        matches!(
            self,
            Claim::Discovery | Claim::Opportunity | Claim::Won | Claim::Lost
        )
    }

    /// The snake_case name used in a mapping: `lead`, `mql`, `opportunity`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Claim::Lead => "lead",
            Claim::Iql => "iql",
            Claim::Mql => "mql",
            Claim::Sql => "sql",
            Claim::Prospect => "prospect",
            Claim::Discovery => "discovery",
            Claim::Opportunity => "opportunity",
            Claim::Won => "won",
            Claim::Lost => "lost",
            Claim::Disqualified => "disqualified",
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stage label and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct StageLabel {
    /// The label as the CRM writes it. Matched ignoring ASCII case, spaces, `_` and `-`, so
    /// `closedwon` and `Closed Won` are one label.
    pub label: String,
    /// What it means.
    pub means: Claim,
    /// The probability the CRM gives the stage by default, as a fraction: what the
    /// forecast by label weighs a row with none of its own by.
    #[cfg_attr(
        feature = "serde",
        serde(
            default,
            deserialize_with = "crate::values::decimal::de::figure::option::probability",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub probability: Option<Decimal>,
    /// Why a row at this stage was lost or disqualified, for a CRM that keeps no reason of
    /// its own (or a row whose reason field is empty): a closed label's fixed reason. Only
    /// a lost or disqualified label has one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
}

impl StageLabel {
    /// `label` meaning `means`, with no default probability.
    pub fn new(label: impl Into<String>, means: Claim) -> StageLabel {
        StageLabel {
            label: label.into(),
            means,
            probability: None,
            reason: None,
        }
    }

    /// This label, giving a row closed at it `reason` when the row's reason field is empty.
    #[must_use = "with_reason returns the label; it does not change it in place"]
    pub fn with_reason(mut self, reason: impl Into<String>) -> StageLabel {
        self.reason = Some(reason.into());
        self
    }

    /// This label with the CRM's default probability, a fraction.
    #[must_use = "with_probability returns the label; it does not change it in place"]
    pub fn with_probability(mut self, probability: impl Into<Decimal>) -> StageLabel {
        self.probability = Some(probability.into());
        self
    }
}

/// A status label and what it decides: `Some` closes or places the row whatever its stage
/// label says; `None` leaves the row to its stage label.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct StatusLabel {
    /// The label, matched as a [`StageLabel`]'s.
    pub label: String,
    /// What it decides.
    #[cfg_attr(feature = "serde", serde(default))]
    pub means: Option<Claim>,
    /// For a status that decides nothing (`means` is `None`): what a row with this status
    /// and no stage claims, an open claim. A Dynamics 365 opportunity is open (`statecode`
    /// 0) before its sales process sets a stage; without this such a row names no stage
    /// label and is refused.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub open_as: Option<Claim>,
    /// Why a row with this status was lost or disqualified, when its reason field is empty:
    /// as a [`StageLabel::reason`]. Only a status that decides a loss or a disqualification
    /// has one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
}

impl StatusLabel {
    /// `label` deciding `means`.
    pub fn new(label: impl Into<String>, means: Option<Claim>) -> StatusLabel {
        StatusLabel {
            label: label.into(),
            means,
            open_as: None,
            reason: None,
        }
    }

    /// This status, giving a row closed by it `reason` when the row's reason field is
    /// empty.
    #[must_use = "with_reason returns the label; it does not change it in place"]
    pub fn with_reason(mut self, reason: impl Into<String>) -> StatusLabel {
        self.reason = Some(reason.into());
        self
    }

    /// This status, which decides nothing, with a row that has no stage claiming `claim`
    /// (see [`StatusLabel::open_as`]).
    #[must_use = "open_as returns the label; it does not change it in place"]
    pub fn open_as(mut self, claim: Claim) -> StatusLabel {
        self.open_as = Some(claim);
        self
    }
}

/// A column whose value is one of a few labels, each with a meaning: a budget's status, an
/// authority's access, a timeline's period, a forecast category.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Choice<T> {
    /// The CRM's field.
    pub column: String,
    /// Each label and its meaning, matched as stage labels are. A value not listed means
    /// nothing: the evidence it would carry is not recorded. A multi-select value, labels
    /// joined by `;` (`Economic Buyer;Champion`, as Salesforce and HubSpot write several
    /// picks), means what the first listed of its labels means: list the labels strongest
    /// first. Option-set integers (`3`) and booleans (`true`) are labels like any other.
    pub labels: Vec<(String, T)>,
}

impl<T: Clone + PartialEq> Choice<T> {
    /// A choice read from `column`.
    pub fn new(column: impl Into<String>, labels: impl IntoIterator<Item = (&'static str, T)>) -> Choice<T> {
        Choice {
            column: column.into(),
            labels: labels.into_iter().map(|(l, t)| (l.to_owned(), t)).collect(),
        }
    }

    /// The meaning of `value`, if it is listed; of a multi-select value, the meaning of
    /// the first listed of its labels, if every one is listed.
    pub(crate) fn read(&self, value: &str) -> Option<T> {
        let index = |part: &str| {
            let key = normalize(part);
            self.labels.iter().position(|(l, _)| normalize(l) == key)
        };
        let first = match index(value) {
            Some(i) => i,
            // Several picks: each must be listed, and the first listed wins. (A single
            // unlisted value is one unlisted pick.)
            None => {
                let mut first: Option<usize> = None;
                for part in value.split(';').filter(|part| !part.trim().is_empty()) {
                    let i = index(part)?;
                    first = Some(first.map_or(i, |f| f.min(i)));
                }
                first?
            }
        };
        self.labels.get(first).map(|(_, t)| t.clone())
    }

    /// The first label meaning `meaning`.
    pub(crate) fn label(&self, meaning: T) -> Option<&str> {
        self.labels
            .iter()
            .find(|(_, t)| *t == meaning)
            .map(|(l, _)| l.as_str())
    }
}

/// What a budget status label says: a [`BudgetKind`]. An approved label reads the
/// budget's amount, or, where the amount is blank or does not read, is approved for an
/// amount unknown
/// ([`BudgetStatus::ApprovedAmountUnknown`](crate::evidence::BudgetStatus::ApprovedAmountUnknown));
/// a label meaning [`BudgetKind::None`] is no budget evidence.
pub type BudgetMeaning = BudgetKind;

/// What a need level label says: whether the problem matters enough to count as need.
///
/// A CRM's need level (Dynamics 365's `need`: must have, should have, good to have, no
/// need) says how much the buyer cares; its description says what the problem is. A need
/// is evidence only when both say something: a level that matters and a description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NeedMeaning {
    /// The problem matters (must or should have): the description is need evidence.
    Matters,
    /// It does not matter enough (good to have, no need): no need evidence, whatever the
    /// description says.
    None,
}

/// A buyer's timeline as a period: what a picklist such as "this quarter" or "next year"
/// says of when the buyer decides, where a team keeps no decision date of its own.
/// Dynamics 365's `purchasetimeframe` on a lead or an opportunity is one (`0` Immediate,
/// `1` This Quarter, `2` Next Quarter, `3` This Year, `4` Unknown); its "Immediate" is
/// read as [`TimelinePeriod::ThisMonth`].
///
/// A period is counted from a date (see [`PeriodFrom`](crate::crm::PeriodFrom)), and the
/// decision date it gives is the period's end: the last second (`23:59:59Z`) of its last
/// day, in UTC. A seller who says "this quarter" means the buyer decides by the time the
/// quarter closes, so the timeline holds until then and not a second longer. Months are
/// calendar months, quarters calendar quarters (January to March, April to June, July to
/// September, October to December) and years calendar years. Every second belongs to one
/// period: the first second of a quarter (`2026-04-01T00:00:00Z`) is in that quarter, and
/// "this quarter" counted from it ends on `2026-06-30T23:59:59Z`; the last second of a
/// quarter (`2026-03-31T23:59:59Z`) is still in it, and "this quarter" counted from it is
/// that very second.
///
/// ```
/// use qualify::crm::TimelinePeriod;
/// use qualify::Timestamp;
///
/// let from: Timestamp = "2026-11-25T09:00:00Z".parse()?;
/// let end = |p: TimelinePeriod| p.end(from).map(|t| t.to_string());
/// assert_eq!(end(TimelinePeriod::ThisMonth).as_deref(), Some("2026-11-30T23:59:59Z"));
/// assert_eq!(end(TimelinePeriod::ThisQuarter).as_deref(), Some("2026-12-31T23:59:59Z"));
/// assert_eq!(end(TimelinePeriod::NextQuarter).as_deref(), Some("2027-03-31T23:59:59Z"));
/// assert_eq!(end(TimelinePeriod::ThisYear).as_deref(), Some("2026-12-31T23:59:59Z"));
/// assert_eq!(end(TimelinePeriod::NextYear).as_deref(), Some("2027-12-31T23:59:59Z"));
/// assert_eq!(end(TimelinePeriod::Unknown), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TimelinePeriod {
    /// By the end of the month: Dynamics 365's "Immediate".
    ThisMonth,
    /// By the end of the calendar quarter.
    ThisQuarter,
    /// By the end of the calendar quarter after this one.
    NextQuarter,
    /// By the end of the calendar year.
    ThisYear,
    /// By the end of the calendar year after this one.
    NextYear,
    /// The buyer's timeline is not known: no timeline evidence.
    Unknown,
}

impl TimelinePeriod {
    /// Every period, the shortest first.
    pub const ALL: [TimelinePeriod; 6] = [
        TimelinePeriod::ThisMonth,
        TimelinePeriod::ThisQuarter,
        TimelinePeriod::NextQuarter,
        TimelinePeriod::ThisYear,
        TimelinePeriod::NextYear,
        TimelinePeriod::Unknown,
    ];

    /// The decision date this period gives counted from `from`: the last second of the
    /// period's last day, in UTC. `None` for [`TimelinePeriod::Unknown`], and for a period that
    /// ends past [`Timestamp::MAX`] ("next year" counted from a date in 9999).
    pub fn end(self, from: Timestamp) -> Option<Timestamp> {
        // The period's length in months, and how many such lengths after `from`'s.
        let (span, ahead) = match self {
            TimelinePeriod::ThisMonth => (1, 0),
            TimelinePeriod::ThisQuarter => (3, 0),
            TimelinePeriod::NextQuarter => (3, 1),
            TimelinePeriod::ThisYear => (12, 0),
            TimelinePeriod::NextYear => (12, 1),
            TimelinePeriod::Unknown => return None,
        };
        from.end_of_span(span, ahead)
    }
}

/// What a forecast category label says: one of the crate's categories, or a closed deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ForecastMeaning {
    /// A category of an open deal.
    Open(ForecastCategory),
    /// A won deal.
    Won,
    /// A lost deal.
    Lost,
}

/// A label's matching form: ASCII lowercase, without whitespace, `_` or `-`.
pub(crate) fn normalize(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

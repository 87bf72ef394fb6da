//! The close-probability model of a policy, and the range open deals are held in.

use rust_decimal::Decimal;

/// An adjustment that applies when the decision date is close.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WithinDays {
    /// The decision date is at most this many days after `now`.
    pub days: u32,
    /// Added to the probability when it is.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::adjust")
    )]
    pub adjust: Decimal,
}

/// An adjustment that applies when the fit score is high.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct StrongFit {
    /// The fit score is at least this.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::min_score")
    )]
    pub min_score: Decimal,
    /// Added to the probability when it is.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::adjust")
    )]
    pub adjust: Decimal,
}

/// Adjustments by engagement tier.
///
/// `TierAdjust::default()` adds nothing at any tier, as a policy without `probability.tier`
/// on the wire does; a tier left out of it adds nothing too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct TierAdjust {
    /// Added at IQL.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::iql")
    )]
    pub iql: Decimal,
    /// Added at MQL.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::mql")
    )]
    pub mql: Decimal,
    /// Added at SQL.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::sql")
    )]
    pub sql: Decimal,
}

/// The close-probability model: how likely a deal is to close, from the evidence so far. A
/// base plus adjustments by evidence strength, held in the [`open`](ProbabilitySpec::open)
/// range. Every other figure lies in `-1..=1`.
///
/// `ProbabilitySpec::default()` starts at a base of 0 with no adjustment and the default
/// [`OpenRange`]: every optional figure as the wire reads it when left out. The default
/// policy's model is `PolicySpec::default().probability`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ProbabilitySpec {
    /// Where every estimate starts, in `0..=1`.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::base")
    )]
    pub base: Decimal,
    /// Added when budget is approved.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::budget_approved")
    )]
    pub budget_approved: Decimal,
    /// Added when budget is being sought.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::budget_sought")
    )]
    pub budget_sought: Decimal,
    /// Added when the decision maker is engaged.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::decision_maker")
    )]
    pub decision_maker: Decimal,
    /// Added when a champion with access is engaged.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::champion")
    )]
    pub champion: Decimal,
    /// Added when the decision date is near.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub decision_within: Option<WithinDays>,
    /// Added when the fit score is high.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub strong_fit: Option<StrongFit>,
    /// Added by engagement tier.
    #[cfg_attr(feature = "serde", serde(default))]
    pub tier: TierAdjust,
    /// The range an open deal's estimate is held in (default `0.01..=0.99`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub open: OpenRange,
}

/// The range every estimate for an open deal (a discovery or an opportunity) is held in,
/// strictly inside `(0, 1)`: an open deal is never certain either way.
///
/// A close probability of 0 or 1 says the deal is lost or won. Shown on a deal that is
/// still open, it is read as an outcome, and it stops moving when the next piece of
/// evidence arrives: adjustments that sum past 1 all look alike. CRMs that predict close
/// probabilities clamp the same way (Odoo's predictive lead scoring keeps its estimates
/// between 0.01 % and 99.99 %). The default, `0.01..=0.99`, keeps a visible margin at both
/// ends.
///
/// On the wire, `{"min": "0.01", "max": "0.99"}`; either may be left out for its default,
/// and a policy without `open` gets the default range. [`Policy::new`](crate::Policy::new) requires
/// `0 < min <= max < 1`, and an opportunity threshold no higher than `max` (else no deal
/// could ever open).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct OpenRange {
    /// The least an open deal's estimate may be; above 0.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::min")
    )]
    pub min: Decimal,
    /// The most an open deal's estimate may be; below 1.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::max")
    )]
    pub max: Decimal,
}

impl Default for OpenRange {
    /// `0.01..=0.99`.
    fn default() -> OpenRange {
        OpenRange {
            min: Decimal::new(1, 2),
            max: Decimal::new(99, 2),
        }
    }
}

//! [`ProbabilityExplanation`]: how a close probability was estimated.

use rust_decimal::Decimal;

use crate::values::Probability;

/// One adjustment of the close-probability model.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Adjustment {
    /// What earned it (`budget approved`, `decision date near`).
    pub name: String,
    /// The amount added (may be negative).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::value")
    )]
    pub value: Decimal,
}

/// How a close probability was estimated and how it compares with the opportunity line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct ProbabilityExplanation {
    /// The policy's version.
    pub policy: String,
    /// The model's base.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::base")
    )]
    pub base: Decimal,
    /// Every adjustment that applied and moved the estimate, in the model's order. One of
    /// zero is not listed, in the `Display` or on the wire: under the default policy an IQL
    /// lead's `probability.tier.iql` is 0, so an IQL deal shows no `engagement IQL` line.
    pub adjustments: Vec<Adjustment>,
    /// The estimate: the base plus the adjustments, held in the policy's open range
    /// (`probability.open`, by default `0.01..=0.99`), since an open deal is never certain.
    pub probability: Probability,
    /// The base plus the adjustments, when that sum lay outside the open range and
    /// `probability` is the range's nearer end; `None` when the sum is the estimate. On the
    /// wire, written only when set.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::option::clamped_from")
    )]
    pub clamped_from: Option<Decimal>,
    /// The policy's opportunity threshold.
    pub threshold: Probability,
    /// Whether the estimate is at or above the threshold.
    pub meets: bool,
}

//! The close-probability model of a policy, and the range open deals are held in.

use rust_decimal::Decimal;

/// An adjustment that applies when the decision date is close.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
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

impl WithinDays {
    /// Add `adjust` when the decision date is at most `days` after `now`.
    pub fn new(days: u32, adjust: impl Into<Decimal>) -> WithinDays {
        WithinDays {
            days,
            adjust: adjust.into(),
        }
    }
}

/// An adjustment that applies when the fit score is high.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
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

impl StrongFit {
    /// Add `adjust` when the fit score is at least `min_score`.
    pub fn new(min_score: impl Into<Decimal>, adjust: impl Into<Decimal>) -> StrongFit {
        StrongFit {
            min_score: min_score.into(),
            adjust: adjust.into(),
        }
    }
}

/// Adjustments by engagement tier.
///
/// `TierAdjust::default()` adds nothing at any tier, as a policy without `probability.tier`
/// on the wire does; a tier left out of it adds nothing too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
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

impl TierAdjust {
    /// Add `iql`, `mql` or `sql` at that tier.
    pub fn new(iql: impl Into<Decimal>, mql: impl Into<Decimal>, sql: impl Into<Decimal>) -> TierAdjust {
        TierAdjust {
            iql: iql.into(),
            mql: mql.into(),
            sql: sql.into(),
        }
    }
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
#[non_exhaustive]
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

impl ProbabilitySpec {
    /// A model that starts every estimate at `base` and adjusts it by nothing yet, held in
    /// the default [`OpenRange`]; add adjustments with the `with_` methods.
    ///
    /// ```
    /// use qualify::{Decimal, OpenRange, ProbabilitySpec, StrongFit, TierAdjust, WithinDays};
    ///
    /// let d = |text: &str| text.parse::<Decimal>();
    /// let model = ProbabilitySpec::new(d("0.4")?)
    ///     .with_budget_approved(d("0.25")?)
    ///     .with_budget_sought(d("0.1")?)
    ///     .with_decision_maker(d("0.2")?)
    ///     .with_champion(d("0.1")?)
    ///     .with_decision_within(WithinDays::new(60, d("0.1")?))
    ///     .with_strong_fit(StrongFit::new(80, d("0.05")?))
    ///     .with_tier(TierAdjust::new(Decimal::ZERO, d("0.02")?, d("0.05")?))
    ///     .with_open(OpenRange::new(d("0.05")?, d("0.95")?));
    /// assert_eq!(model.champion, d("0.1")?);
    /// # Ok::<(), rust_decimal::Error>(())
    /// ```
    pub fn new(base: impl Into<Decimal>) -> ProbabilitySpec {
        ProbabilitySpec {
            base: base.into(),
            ..ProbabilitySpec::default()
        }
    }

    /// This model, adding `adjust` when budget is approved.
    #[must_use = "with_budget_approved returns the model; it does not change it in place"]
    pub fn with_budget_approved(mut self, adjust: impl Into<Decimal>) -> ProbabilitySpec {
        self.budget_approved = adjust.into();
        self
    }

    /// This model, adding `adjust` when budget is being sought.
    #[must_use = "with_budget_sought returns the model; it does not change it in place"]
    pub fn with_budget_sought(mut self, adjust: impl Into<Decimal>) -> ProbabilitySpec {
        self.budget_sought = adjust.into();
        self
    }

    /// This model, adding `adjust` when the decision maker is engaged.
    #[must_use = "with_decision_maker returns the model; it does not change it in place"]
    pub fn with_decision_maker(mut self, adjust: impl Into<Decimal>) -> ProbabilitySpec {
        self.decision_maker = adjust.into();
        self
    }

    /// This model, adding `adjust` when a champion with access is engaged.
    #[must_use = "with_champion returns the model; it does not change it in place"]
    pub fn with_champion(mut self, adjust: impl Into<Decimal>) -> ProbabilitySpec {
        self.champion = adjust.into();
        self
    }

    /// This model, adjusting when the decision date is near.
    #[must_use = "with_decision_within returns the model; it does not change it in place"]
    pub fn with_decision_within(mut self, within: WithinDays) -> ProbabilitySpec {
        self.decision_within = Some(within);
        self
    }

    /// This model, adjusting when the fit score is high.
    #[must_use = "with_strong_fit returns the model; it does not change it in place"]
    pub fn with_strong_fit(mut self, strong_fit: StrongFit) -> ProbabilitySpec {
        self.strong_fit = Some(strong_fit);
        self
    }

    /// This model, adjusting by engagement tier.
    #[must_use = "with_tier returns the model; it does not change it in place"]
    pub fn with_tier(mut self, tier: TierAdjust) -> ProbabilitySpec {
        self.tier = tier;
        self
    }

    /// This model, holding open deals' estimates in `open`.
    #[must_use = "with_open returns the model; it does not change it in place"]
    pub fn with_open(mut self, open: OpenRange) -> ProbabilitySpec {
        self.open = open;
        self
    }
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
#[non_exhaustive]
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

impl OpenRange {
    /// The range `min..=max`; [`Policy::new`](crate::Policy::new) requires `0 < min <= max < 1`.
    pub fn new(min: impl Into<Decimal>, max: impl Into<Decimal>) -> OpenRange {
        OpenRange {
            min: min.into(),
            max: max.into(),
        }
    }
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

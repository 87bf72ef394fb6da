//! The engagement section of a policy: points per signal kind, decay, and tiers.

use rust_decimal::Decimal;

use crate::profile::SignalKind;

/// Points for one kind of engagement signal.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct SignalRule {
    /// The signal kind; each kind appears once.
    pub kind: SignalKind,
    /// Points a fresh signal of this kind earns; never negative.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::points")
    )]
    pub points: Decimal,
}

impl SignalRule {
    /// `points` for each fresh signal of `kind`.
    ///
    /// ```
    /// use qualify::{SignalKind, SignalRule};
    ///
    /// let demo = SignalRule::new(SignalKind::DemoRequest, 200);
    /// assert_eq!(demo.points, 200.into());
    /// ```
    pub fn new(kind: SignalKind, points: impl Into<Decimal>) -> SignalRule {
        SignalRule {
            kind,
            points: points.into(),
        }
    }
}

/// How a signal's points fade with its age at `now`.
///
/// On the wire: `"none"`, `{"half_life_days": 30}` or `{"window_days": 90}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Decay {
    /// Signals keep their points forever.
    #[default]
    None,
    /// Points halve every this many days, falling linearly between halvings: exact, and
    /// never rising with age.
    HalfLifeDays(u32),
    /// Signals older than this many days earn nothing; younger ones earn full points.
    WindowDays(u32),
}

/// Engagement-score thresholds of the lead tiers, IQL ≤ MQL ≤ SQL: the temperatures of a
/// lead, from a contact who traded details for content to one who asked to try the product.
///
/// [`EngagementSpec`] explains how to choose them beside the signals' points.
///
/// `TierSpec::default()` puts every threshold at 0, so that every lead, engaged or not, is
/// an SQL: set them. The default policy's are 10, 30 and 100.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct TierSpec {
    /// Information qualified: gave contact details for content.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::iql")
    )]
    pub iql: Decimal,
    /// Marketing qualified: asked about the offer.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::mql")
    )]
    pub mql: Decimal,
    /// Sales qualified: requested a trial or a demo.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::sql")
    )]
    pub sql: Decimal,
}

impl TierSpec {
    /// Tiers beginning at `iql`, `mql` and `sql` points.
    ///
    /// ```
    /// use qualify::TierSpec;
    ///
    /// let tiers = TierSpec::new(10, 30, 100);
    /// assert_eq!(tiers.mql, 30.into());
    /// ```
    pub fn new(iql: impl Into<Decimal>, mql: impl Into<Decimal>, sql: impl Into<Decimal>) -> TierSpec {
        TierSpec {
            iql: iql.into(),
            mql: mql.into(),
            sql: sql.into(),
        }
    }
}

/// Engagement: points per signal kind, decay, and tiers.
///
/// # Choosing points and thresholds
///
/// A tier should begin with the act that defines it and last a while after it. Under
/// `half_life_days` decay a lone signal counts more than half its points until one
/// half-life has passed, exactly half at that moment, and less after. So:
///
/// - give each tier's defining kinds at least **twice** the tier's threshold: one such act
///   then keeps a lead in the tier for at least a half-life;
/// - keep every kind of a lower tier **below** the next tier's threshold, so that one such
///   act never lifts a lead into the next tier, even fresh;
/// - together, these make each threshold more than twice the one below it.
///
/// Under `window_days` decay a signal counts in full or not at all, so points at the
/// threshold hold the tier for the whole window.
///
/// The default policy follows these rules, with a 30-day half-life and thresholds of 10,
/// 30 and 100:
///
/// | tier | kinds | points | a lone signal stays in the tier |
/// |---|---|---|---|
/// | IQL | `newsletter_signup`, `content_download`, `webinar_attended` | 20 | 30 days |
/// | MQL | `pricing_request`, `contact_sales` | 60 | 30 days, then IQL to day 80 |
/// | SQL | `demo_request`, `trial_started` | 200 | 30 days, then MQL to day 84, IQL to day 132 |
/// | none | `pricing_page_visit` | 8 | never reaches IQL alone |
/// | none | `email_reply`, `event_visit` | 5 | never reaches IQL alone |
///
/// Scores add up, so several lesser acts can reach a higher tier: two fresh content
/// downloads (40) make an MQL under the default. Widen the gaps between thresholds if they
/// should not.
///
/// `EngagementSpec::default()` scores no signal, without decay, with every tier at 0 (see
/// [`TierSpec`]); the default policy's engagement is `PolicySpec::default().engagement`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct EngagementSpec {
    /// Points per signal kind; kinds not listed earn nothing.
    #[cfg_attr(feature = "serde", serde(default))]
    pub signals: Vec<SignalRule>,
    /// How points fade.
    #[cfg_attr(feature = "serde", serde(default))]
    pub decay: Decay,
    /// Tier thresholds.
    pub tiers: TierSpec,
}

impl EngagementSpec {
    /// Engagement with these tiers, scoring no signal yet, without decay.
    ///
    /// ```
    /// use qualify::{Decay, EngagementSpec, SignalKind, SignalRule, TierSpec};
    ///
    /// let engagement = EngagementSpec::new(TierSpec::new(10, 30, 100))
    ///     .with_signals([SignalRule::new(SignalKind::DemoRequest, 200)])
    ///     .with_decay(Decay::HalfLifeDays(30));
    /// assert_eq!(engagement.signals.len(), 1);
    /// ```
    pub fn new(tiers: TierSpec) -> EngagementSpec {
        EngagementSpec {
            signals: Vec::new(),
            decay: Decay::None,
            tiers,
        }
    }

    /// This engagement with `signals` in place of its signal rules.
    #[must_use = "with_signals returns the engagement; it does not change it in place"]
    pub fn with_signals(mut self, signals: impl IntoIterator<Item = SignalRule>) -> EngagementSpec {
        self.signals = signals.into_iter().collect();
        self
    }

    /// This engagement with points fading by `decay`.
    #[must_use = "with_decay returns the engagement; it does not change it in place"]
    pub fn with_decay(mut self, decay: Decay) -> EngagementSpec {
        self.decay = decay;
        self
    }
}

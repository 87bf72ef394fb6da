//! The engagement section of a policy: points per signal kind, decay, and tiers.

use rust_decimal::Decimal;

use crate::policy::Tier;
use crate::profile::SignalKind;

/// Points for one kind of engagement signal, and under the [act rule](TierRule::Act) the
/// tier its act earns.
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
    /// Under the [act rule](TierRule::Act), the highest tier one act of this kind can place
    /// a lead in: a demo request earns SQL, a pricing request MQL, a content download IQL.
    /// `None` (left out on the wire) for a kind that shows interest without defining a
    /// tier, such as an email reply: its points rank leads but place none in a tier. Under
    /// the [sum rule](TierRule::Sum) it must be left out.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub tier: Option<Tier>,
}

impl SignalRule {
    /// `points` for each fresh signal of `kind`, earning no tier of its own.
    ///
    /// ```
    /// use qualify::{SignalKind, SignalRule};
    ///
    /// let demo = SignalRule::new(SignalKind::DemoRequest, 200);
    /// assert_eq!((demo.points, demo.tier), (200.into(), None));
    /// ```
    pub fn new(kind: SignalKind, points: impl Into<Decimal>) -> SignalRule {
        SignalRule {
            kind,
            points: points.into(),
            tier: None,
        }
    }

    /// This rule with its act earning `tier`, for the [act rule](TierRule::Act).
    ///
    /// ```
    /// use qualify::{SignalKind, SignalRule, Tier};
    ///
    /// let demo = SignalRule::new(SignalKind::DemoRequest, 200).earns(Tier::Sql);
    /// assert_eq!(demo.tier, Some(Tier::Sql));
    /// ```
    #[must_use = "earns returns the rule; it does not change it in place"]
    pub fn earns(mut self, tier: Tier) -> SignalRule {
        self.tier = Some(tier);
        self
    }
}

/// How a lead's engagement tier follows from its signals.
///
/// A tier names what a lead did: an IQL gave contact details for content, an MQL asked
/// about the offer, an SQL asked to try the product. The act rule reads tiers that way; the
/// sum rule reads them as bands of the engagement score.
///
/// On the wire: `"act"` or `"sum"`. A policy that leaves `tier_rule` out sums, as every
/// policy did before the act rule existed, so a stored policy keeps its meaning;
/// [`Policy::default`](crate::Policy::default) uses the act rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum TierRule {
    /// A lead's tier is the highest tier that any **one** of its acts reaches on its own.
    /// An act reaches tier `t` when `t` is at or below the tier its kind
    /// [earns](SignalRule::tier) and the act's decayed points are at or above `t`'s
    /// threshold. So a fresh demo request is an SQL and fades to MQL, then IQL, as its
    /// points decay, and acts never add up: two content downloads are an IQL, however many
    /// points they make together.
    Act,
    /// A lead's tier is the highest tier whose threshold the engagement score (every
    /// signal's decayed points, added up) reaches, so several lesser acts can make a higher
    /// tier: two content downloads of 20 points are an MQL at a threshold of 30.
    #[default]
    Sum,
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

/// Thresholds of the lead tiers, IQL ≤ MQL ≤ SQL, in points: the temperatures of a lead,
/// from a contact who traded details for content to one who asked to try the product. Under
/// the [act rule](TierRule::Act) one act's decayed points must reach a tier's threshold;
/// under the [sum rule](TierRule::Sum) the engagement score must.
///
/// [`EngagementSpec`] explains how to choose them beside the signals' points.
///
/// `TierSpec::default()` puts every threshold at 0: under the sum rule every lead, engaged
/// or not, is then an SQL, and under the act rule every act holds the tier its kind earns
/// for ever. Set them. The default policy's are 10, 30 and 100.
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

/// Engagement: points per signal kind, decay, tiers, and the [rule](TierRule) that places a
/// lead in a tier.
///
/// The engagement score is always the sum of every signal's decayed points: it ranks leads
/// within a tier. The tier comes from the acts under [`TierRule::Act`], from the score
/// under [`TierRule::Sum`].
///
/// # Choosing points and thresholds
///
/// A tier should begin with the act that defines it and last a while after it. Under
/// `half_life_days` decay a lone signal counts more than half its points until one
/// half-life has passed, exactly half at that moment, and less after. So give each tier's
/// defining kinds at least **twice** the tier's threshold: one such act then keeps a lead
/// in the tier for at least a half-life, and then in each lower tier while its points stay
/// at or above that tier's threshold. Under `window_days` decay a signal counts in full or
/// not at all, so points at the threshold hold the tier for the whole window.
///
/// Under the act rule that is all: a kind's [tier](SignalRule::tier) caps what its acts
/// reach, however many there are. Under the sum rule, keep every kind of a lower tier
/// **below** the next tier's threshold too, so that one such act never lifts a lead into
/// the next tier, and widen the gaps between thresholds as far as lesser acts should not
/// add up to a higher tier.
///
/// The default policy uses the act rule, a 30-day half-life and thresholds of 10, 30 and
/// 100:
///
/// | tier earned | kinds | points | a lone act holds |
/// |---|---|---|---|
/// | IQL | `newsletter_signup`, `content_download`, `webinar_attended` | 20 | IQL for 30 days |
/// | MQL | `pricing_request`, `contact_sales` | 60 | MQL for 30 days, then IQL to day 80 |
/// | MQL | `pricing_page_visit` | 40 | MQL for 15 days, then IQL to day 60 |
/// | SQL | `demo_request`, `trial_started` | 200 | SQL for 30 days, then MQL to day 84, IQL to day 132 |
/// | none | `email_reply`, `event_visit` | 5 | no tier |
///
/// A visit to the pricing page asks about the offer without words, so it earns MQL like
/// a pricing request but with fewer points: it holds the tier half as long.
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
    /// How the tier follows from the signals; left out, [`TierRule::Sum`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub tier_rule: TierRule,
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
            tier_rule: TierRule::Sum,
        }
    }

    /// This engagement with `signals` in place of its signal rules.
    #[must_use = "with_signals returns the engagement; it does not change it in place"]
    pub fn with_signals(mut self, signals: impl IntoIterator<Item = SignalRule>) -> EngagementSpec {
        self.signals = signals.into_iter().collect();
        self
    }

    /// This engagement with tiers placed by `rule`.
    ///
    /// ```
    /// use qualify::{EngagementSpec, SignalKind, SignalRule, Tier, TierRule, TierSpec};
    ///
    /// let engagement = EngagementSpec::new(TierSpec::new(10, 30, 100))
    ///     .with_signals([SignalRule::new(SignalKind::DemoRequest, 200).earns(Tier::Sql)])
    ///     .with_tier_rule(TierRule::Act);
    /// assert_eq!(engagement.tier_rule, TierRule::Act);
    /// ```
    #[must_use = "with_tier_rule returns the engagement; it does not change it in place"]
    pub fn with_tier_rule(mut self, rule: TierRule) -> EngagementSpec {
        self.tier_rule = rule;
        self
    }

    /// This engagement with points fading by `decay`.
    #[must_use = "with_decay returns the engagement; it does not change it in place"]
    pub fn with_decay(mut self, decay: Decay) -> EngagementSpec {
        self.decay = decay;
        self
    }
}

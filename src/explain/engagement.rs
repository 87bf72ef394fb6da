//! [`EngagementExplanation`]: how each signal counted, and the tier reached.

use core::fmt;

use rust_decimal::Decimal;

use crate::explain::mark;
use crate::policy::{Decay, Tier, TierRule};
use crate::profile::SignalKind;
use crate::values::{Day, Echo, SECONDS_PER_DAY, Timestamp};

/// How a signal's age weighed on its points, at the `now` of an explanation.
///
/// Shown as text: `age 15 days, half-life 30 days`, `age 91 days, outside the 90-day
/// window`, `after now: not counted`. On the wire it is tagged, so that it reads back as it
/// was: `"after_now"`, `{"none": {"age_days": 3}}`,
/// `{"half_life": {"age_days": 15, "half_life_days": 30}}`,
/// `{"window": {"age_days": 91, "window_days": 90, "inside": false}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
#[non_exhaustive]
pub enum DecayApplied {
    /// The signal is dated after `now`: it does not count.
    AfterNow,
    /// The policy has no decay: the signal keeps its points.
    None {
        /// Whole days since the signal.
        age_days: u64,
    },
    /// The points halve every `half_life_days`.
    HalfLife {
        /// Whole days since the signal.
        age_days: u64,
        /// The policy's half-life.
        half_life_days: u32,
    },
    /// The signal counts in full inside the window and not at all outside it.
    Window {
        /// Whole days since the signal.
        age_days: u64,
        /// The policy's window.
        window_days: u32,
        /// Whether the signal is inside the window.
        inside: bool,
    },
}

impl DecayApplied {
    /// The decay `decay` applies at `age` seconds.
    pub(crate) fn new(decay: Decay, age: i64) -> DecayApplied {
        let Ok(seconds) = u64::try_from(age) else {
            return DecayApplied::AfterNow;
        };
        let age_days = seconds / SECONDS_PER_DAY.unsigned_abs();
        match decay {
            Decay::None => DecayApplied::None { age_days },
            Decay::HalfLifeDays(half_life_days) => DecayApplied::HalfLife {
                age_days,
                half_life_days,
            },
            Decay::WindowDays(window_days) => DecayApplied::Window {
                age_days,
                window_days,
                inside: seconds <= u64::from(window_days) * SECONDS_PER_DAY.unsigned_abs(),
            },
        }
    }
}

impl fmt::Display for DecayApplied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecayApplied::AfterNow => f.write_str("after now: not counted"),
            DecayApplied::None { age_days } => write!(f, "age {age_days} days, no decay"),
            DecayApplied::HalfLife {
                age_days,
                half_life_days,
            } => write!(f, "age {age_days} days, half-life {half_life_days} days"),
            DecayApplied::Window {
                age_days,
                window_days,
                inside,
            } => write!(
                f,
                "age {age_days} days, {} the {window_days}-day window",
                mark(inside, "inside", "outside")
            ),
        }
    }
}

/// One engagement signal, as it counted at `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct SignalOutcome {
    /// The signal's kind; on the wire as in a [`Signal`](crate::Signal), `"demo_request"`
    /// or `{"custom": "roi_calculator"}`.
    pub kind: SignalKind,
    /// When it happened.
    pub at: Timestamp,
    /// The points the policy gives a fresh signal of this kind.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::points")
    )]
    pub points: Decimal,
    /// Under the act rule, the tier its kind earns: the highest one act of it can reach.
    /// Left out on the wire when none.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub earns: Option<Tier>,
    /// The points it counted for after decay.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::counted")
    )]
    pub counted: Decimal,
    /// The decay applied.
    pub decay: DecayApplied,
}

/// The engagement half of an [`Explanation`](crate::Explanation).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct EngagementExplanation {
    /// Every signal, in the record's order.
    pub signals: Vec<SignalOutcome>,
    /// The engagement score.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::score")
    )]
    pub score: Decimal,
    /// The tier reached, if any.
    pub tier: Option<Tier>,
    /// The rule that placed the lead in its tier; read as [`TierRule::Sum`] when left out,
    /// as in an explanation written before the act rule existed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub rule: TierRule,
    /// Under the act rule, the index in `signals` of the act that holds the tier: of the
    /// acts that reach it, the one with the most points now, so the one that holds it
    /// longest (the first of equals). `None` without a tier, and under the sum rule, where
    /// the score holds it. Left out on the wire when `None`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub held_by: Option<usize>,
    /// The policy's tier thresholds: IQL, MQL, SQL.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::thresholds")
    )]
    pub thresholds: [Decimal; 3],
}

impl EngagementExplanation {
    /// Why the lead is in its tier, or in none, in a salesperson's words.
    ///
    /// Under the act rule, the act that holds the tier, when it happened, its points now
    /// and the tier's threshold: `MQL: asked for pricing on 2026-11-04, 60 points, 30
    /// needed`; without a tier, `no tier: no one act has the 10 points IQL needs`. Under
    /// the sum rule, the score against the threshold: `MQL: score 35, 30 needed`.
    ///
    /// ```
    /// use qualify::{Policy, Profile, Signal, SignalKind};
    ///
    /// let now = "2026-11-25T09:00:00Z".parse()?;
    /// let signals = [
    ///     Signal::new(SignalKind::ContentDownload, "2026-11-20T09:00:00Z".parse()?),
    ///     Signal::new(SignalKind::PricingRequest, "2026-11-24T09:00:00Z".parse()?),
    /// ];
    /// let e = Policy::default().explain(&Profile::new(), &signals, now);
    /// assert_eq!(
    ///     e.engagement.tier_reason().to_string(),
    ///     "MQL: asked for pricing on 2026-11-24, 59 points, 30 needed"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tier_reason(&self) -> impl fmt::Display + '_ {
        TierReason(self)
    }
}

/// Why an engagement is in its tier, or in none: see [`EngagementExplanation::tier_reason`].
struct TierReason<'a>(&'a EngagementExplanation);

impl fmt::Display for TierReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        let [iql, mql, sql] = &e.thresholds;
        let needed = |t: Tier| match t {
            Tier::Iql => iql,
            Tier::Mql => mql,
            Tier::Sql => sql,
        };
        let held = e.held_by.and_then(|i| e.signals.get(i));
        match (e.rule, e.tier, held) {
            (TierRule::Act, Some(t), Some(s)) => write!(
                f,
                "{t}: {} on {}, {} points, {} needed",
                Act(&s.kind),
                Day(s.at),
                s.counted,
                needed(t)
            ),
            (TierRule::Act, Some(t), None) => write!(f, "{t}: by the act rule, {} needed", needed(t)),
            (TierRule::Act, None, _) => write!(f, "no tier: no one act has the {iql} points IQL needs"),
            (TierRule::Sum, Some(t), _) => write!(f, "{t}: score {}, {} needed", e.score, needed(t)),
            (TierRule::Sum, None, _) => write!(f, "no tier: score {}, {iql} needed for IQL", e.score),
        }
    }
}

/// What a signal's kind says a contact did, in a salesperson's words: `asked for pricing`,
/// `requested a demo`; a custom kind as `did "roi_calculator"`.
struct Act<'a>(&'a SignalKind);

impl fmt::Display for Act<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            SignalKind::NewsletterSignup => "signed up for the newsletter",
            SignalKind::ContentDownload => "downloaded content",
            SignalKind::WebinarAttended => "attended a webinar",
            SignalKind::PricingPageVisit => "visited the pricing page",
            SignalKind::PricingRequest => "asked for pricing",
            SignalKind::ContactSales => "asked sales to get in touch",
            SignalKind::DemoRequest => "requested a demo",
            SignalKind::TrialStarted => "started a trial",
            SignalKind::EmailReply => "replied to an email",
            SignalKind::EventVisit => "visited an event",
            SignalKind::Custom(name) => return write!(f, "did {}", Echo::quoted(name)),
        })
    }
}

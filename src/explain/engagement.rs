//! [`EngagementExplanation`]: how each signal counted, and the tier reached.

use core::fmt;

use rust_decimal::Decimal;

use crate::engine::Tier;
use crate::explain::mark;
use crate::policy::Decay;
use crate::profile::SignalKind;
use crate::values::{SECONDS_PER_DAY, Timestamp};

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
    /// The policy's tier thresholds: IQL, MQL, SQL.
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::thresholds")
    )]
    pub thresholds: [Decimal; 3],
}

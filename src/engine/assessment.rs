//! [`Assessment`]: the score-only result of scoring one lead.

use rust_decimal::Decimal;

use crate::policy::Tier;
use crate::values::to_decimal;

/// The score-only result of [`Policy::assess`](crate::Policy::assess): small, `Copy`, and
/// built without allocating.
///
/// Fit and engagement are separate scores: a perfect-fit company that never engaged is no
/// SQL, and an eager student is no fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assessment {
    pub(crate) fit: i64,
    pub(crate) met: u32,
    pub(crate) knockouts_hit: u32,
    pub(crate) fit_passed: bool,
    pub(crate) engagement: i64,
    pub(crate) tier: Option<Tier>,
}

impl Assessment {
    /// The fit score: the weights of the criteria met.
    pub fn fit_score(&self) -> Decimal {
        to_decimal(self.fit)
    }

    /// How many fit criteria were met.
    pub fn criteria_met(&self) -> u32 {
        self.met
    }

    /// How many knockouts hit.
    pub fn knockouts_hit(&self) -> u32 {
        self.knockouts_hit
    }

    /// Whether fit passes (knockouts aside): the policy's pass rule holds and every
    /// required criterion is met.
    pub fn fit_passed(&self) -> bool {
        self.fit_passed
    }

    /// Whether the lead qualifies as a prospect: fit passes and no knockout hit.
    pub fn qualifies(&self) -> bool {
        self.fit_passed && self.knockouts_hit == 0
    }

    /// The engagement score, after decay.
    pub fn engagement_score(&self) -> Decimal {
        to_decimal(self.engagement)
    }

    /// The engagement tier, or `None` below IQL.
    pub fn tier(&self) -> Option<Tier> {
        self.tier
    }
}

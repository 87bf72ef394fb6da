//! Engagement as the engine scores it: each signal kind's points and the tier its act
//! earns, the tier thresholds, and what a lead's signals come to.

use crate::policy::Tier;

/// A tier as a level: 0 below IQL, then 1, 2 and 3 for IQL, MQL and SQL, so that the
/// lower of two tiers is their minimum and the higher their maximum.
pub(crate) type Level = u8;

/// A signal kind as the engine scores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kind {
    /// The points of a fresh signal, at the fixed scale.
    pub(crate) points: i64,
    /// The highest level one act of the kind reaches under the act rule.
    pub(crate) earns: Level,
}

impl Kind {
    /// A kind the policy does not score.
    pub(crate) const NONE: Kind = Kind { points: 0, earns: 0 };

    pub(crate) fn new(points: i64, tier: Option<Tier>) -> Kind {
        Kind {
            points,
            earns: level_of(tier),
        }
    }
}

/// The level of `tier`.
pub(crate) fn level_of(tier: Option<Tier>) -> Level {
    match tier {
        None => 0,
        Some(Tier::Iql) => 1,
        Some(Tier::Mql) => 2,
        Some(Tier::Sql) => 3,
    }
}

/// The tier of `level`.
pub(crate) fn tier_of(level: Level) -> Option<Tier> {
    match level {
        0 => None,
        1 => Some(Tier::Iql),
        2 => Some(Tier::Mql),
        _ => Some(Tier::Sql),
    }
}

/// The tier thresholds, IQL ≤ MQL ≤ SQL, at the fixed scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Thresholds(pub(crate) [i64; 3]);

impl Thresholds {
    /// The highest level whose threshold `points` reach: the count of thresholds at or
    /// below them, as the thresholds are in order.
    #[inline(always)]
    pub(crate) fn level(self, points: i64) -> Level {
        let [iql, mql, sql] = self.0;
        u8::from(points >= iql) + u8::from(points >= mql) + u8::from(points >= sql)
    }
}

/// What a lead's signals come to at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Engagement {
    /// Every signal's decayed points, added up.
    pub(crate) score: i64,
    /// The tier, by the policy's rule.
    pub(crate) tier: Option<Tier>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_count_the_thresholds_reached() {
        let t = Thresholds([10, 30, 100]);
        let levels: Vec<Level> = [-1, 0, 9, 10, 29, 30, 99, 100, i64::MAX]
            .map(|p| t.level(p))
            .to_vec();
        assert_eq!(levels, [0, 0, 0, 1, 1, 2, 2, 3, 3]);
        assert_eq!(Thresholds([0, 0, 0]).level(0), 3);
        for tier in [None, Some(Tier::Iql), Some(Tier::Mql), Some(Tier::Sql)] {
            assert_eq!(tier_of(level_of(tier)), tier);
        }
    }
}

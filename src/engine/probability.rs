//! The compiled close-probability model, and what it reads from a deal.

use crate::evidence::{Access, BudgetStatus};
use crate::values::Timestamp;

/// The compiled close-probability model; every figure at the fixed scale.
#[derive(Clone, Debug)]
pub(crate) struct ProbabilityModel {
    pub(crate) base: i64,
    pub(crate) budget_approved: i64,
    pub(crate) budget_sought: i64,
    pub(crate) decision_maker: i64,
    pub(crate) champion: i64,
    /// (seconds, adjustment)
    pub(crate) within: Option<(i64, i64)>,
    /// (minimum fit score, adjustment)
    pub(crate) strong_fit: Option<(i64, i64)>,
    pub(crate) tier: [i64; 3],
    /// The open range `(min, max)`, with `0 < min <= max < ONE`.
    pub(crate) open: (i64, i64),
}

/// What the close-probability model reads from a record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deal<'a> {
    pub(crate) budget: Option<&'a BudgetStatus>,
    pub(crate) access: Option<Access>,
    pub(crate) decide_by: Option<Timestamp>,
}

impl crate::engine::Policy {
    /// The close probability of a deal and whether it meets the line, without the
    /// explanation: nothing allocated, for the pipeline review's pass over many deals.
    pub(crate) fn meets_line(
        &self,
        deal: Deal<'_>,
        assessment: &crate::engine::Assessment,
        now: Timestamp,
    ) -> (crate::values::Probability, bool) {
        use crate::values::{Probability, to_decimal};
        let c = self.compiled();
        let p = c.probability(deal, assessment, now, &mut ());
        let probability = Probability::new(to_decimal(p)).unwrap_or(Probability::ZERO);
        (probability, p >= c.threshold)
    }
}

//! [`Violation`] and [`Invariant`]: what a checker found, and which rule it broke.

use core::fmt;

/// An invariant the checkers judge, by a stable name.
///
/// The names ([`Invariant::name`]) are kebab-case and never change once released: a
/// health check may count violations by name, or alert on one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Invariant {
    /// `readable`: the format is one the crate reads, every value reads as its type, no
    /// list is over its limit, and the record carries exactly the fields its stage does.
    Readable,
    /// `chain`: each step of the history starts where the one before ended, the history
    /// ends in the record's stage, and every step a policy judged names the policy.
    Chain,
    /// `legal-steps`: every step is one a transition makes: no stage is skipped.
    LegalSteps,
    /// `time-order`: time never runs backwards in the history, from the capture on.
    TimeOrder,
    /// `tier-milestones`: tier milestones only rise, only while the record is open, and
    /// name the policy that judged them.
    TierMilestones,
    /// `hand-offs`: each hand-off is from the owner the one before handed to, to someone
    /// else, while the record is open, and the record's owner is the last one's receiver.
    HandOffs,
    /// `evidence`: the evidence the stage relies on is present and was substantive when
    /// the record entered the stage that relied on it (all four conditions for an
    /// opportunity, need and timeline for a discovery).
    Evidence,
    /// `open-estimate`: every estimate of an open deal, the record's and those its history
    /// recorded, lies strictly inside (0, 1) and at or above the line recorded with it.
    OpenEstimate,
    /// `won-deal`: a won deal was closed from an opportunity, for an amount above zero, in
    /// its approved budget's currency.
    WonDeal,
    /// `round-trip`: a record converts to its wire form and back unchanged.
    RoundTrip,
    /// `unique-ids`: no two records of a pipeline share an id.
    UniqueIds,
    /// `weighted-pipeline`: the weighted pipeline sums exactly the open deals, no closed
    /// one, without overflowing.
    WeightedPipeline,
}

impl Invariant {
    /// Every invariant, in the order the checkers judge them.
    pub const ALL: [Invariant; 12] = [
        Invariant::Readable,
        Invariant::Chain,
        Invariant::LegalSteps,
        Invariant::TimeOrder,
        Invariant::TierMilestones,
        Invariant::HandOffs,
        Invariant::Evidence,
        Invariant::OpenEstimate,
        Invariant::WonDeal,
        Invariant::RoundTrip,
        Invariant::UniqueIds,
        Invariant::WeightedPipeline,
    ];

    /// The stable name: `readable`, `chain`, `legal-steps`, `time-order`,
    /// `tier-milestones`, `hand-offs`, `evidence`, `open-estimate`, `won-deal`,
    /// `round-trip`, `unique-ids`, `weighted-pipeline`.
    pub const fn name(self) -> &'static str {
        match self {
            Invariant::Readable => "readable",
            Invariant::Chain => "chain",
            Invariant::LegalSteps => "legal-steps",
            Invariant::TimeOrder => "time-order",
            Invariant::TierMilestones => "tier-milestones",
            Invariant::HandOffs => "hand-offs",
            Invariant::Evidence => "evidence",
            Invariant::OpenEstimate => "open-estimate",
            Invariant::WonDeal => "won-deal",
            Invariant::RoundTrip => "round-trip",
            Invariant::UniqueIds => "unique-ids",
            Invariant::WeightedPipeline => "weighted-pipeline",
        }
    }
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken invariant: which, in which record, and what is wrong.
///
/// `Display` writes `record-id: invariant: message`, with `(no id)` for a record whose id
/// is blank and `(pipeline)` for a violation of the whole pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The invariant broken.
    pub invariant: Invariant,
    /// The id of the record, as its raw form writes it; empty for a violation of a
    /// whole pipeline.
    pub record: String,
    /// What is wrong, naming the field: `history[2].at 2026-11-20T09:00:00Z is before
    /// history[1].at 2026-11-22T10:00:00Z`.
    pub message: String,
}

impl Violation {
    pub(crate) fn new(invariant: Invariant, record: &str, message: impl Into<String>) -> Violation {
        Violation {
            invariant,
            record: record.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = if !self.record.trim().is_empty() {
            self.record.as_str()
        } else if matches!(self.invariant, Invariant::WeightedPipeline) {
            "(pipeline)"
        } else {
            "(no id)"
        };
        write!(f, "{record}: {}: {}", self.invariant, self.message)
    }
}

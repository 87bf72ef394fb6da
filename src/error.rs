//! Errors. Every message is lowercase, without a trailing period, and names the field,
//! value or evidence at fault.

use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{EvidenceKind, Probability};
use crate::explain::{Explanation, ProbabilityExplanation};
use crate::history::Stage;
use crate::time::Timestamp;

/// A timestamp that could not be parsed or built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not of the form `YYYY-MM-DDTHH:MM:SSZ`, or names no real instant.
    #[error("invalid timestamp {text:?}: expected a UTC instant such as \"2026-11-25T09:30:00Z\"")]
    Invalid {
        /// The text given (at most 64 characters of it).
        text: String,
    },
    /// The instant lies outside years 1 to 9999.
    #[error("timestamp {seconds} seconds from the unix epoch is outside years 1 to 9999")]
    OutOfRange {
        /// The seconds given.
        seconds: i64,
    },
}

/// A value that failed its type's check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Not three ASCII uppercase letters.
    #[error("invalid currency {code:?}: expected three uppercase letters such as \"EUR\"")]
    Currency {
        /// The code given (at most 16 characters of it).
        code: String,
    },
    /// An amount of money below zero.
    #[error("amount {amount} is negative")]
    NegativeAmount {
        /// The amount given.
        amount: Decimal,
    },
    /// A probability outside `0..=1`.
    #[error("probability {value} is outside 0..=1")]
    Probability {
        /// The value given.
        value: Decimal,
    },
    /// A reason with no text.
    #[error("reason is blank")]
    BlankReason,
    /// A reason longer than [`MAX_REASON_LEN`](crate::MAX_REASON_LEN).
    #[error("reason is {len} bytes long, more than the {max} allowed")]
    ReasonTooLong {
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
}

/// One problem in a [`PolicySpec`](crate::PolicySpec), at the path of the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PolicyProblem {
    /// Where: `fit.criteria[3].weight`, `engagement.tiers.mql`, `opportunity.threshold`.
    pub path: String,
    /// What: `must not be negative`.
    pub message: String,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A policy that failed its checks, with every problem found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid policy: {}", Joined(&self.problems))]
pub struct PolicyError {
    /// Every problem, section by section in the order of the spec's fields (a list's
    /// size and duplicate names first, then each entry's own fields); never empty.
    pub problems: Vec<PolicyProblem>,
}

/// One requirement of a transition that the record does not meet.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "unmet", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unmet {
    /// The evidence is not recorded.
    Missing {
        /// Which evidence.
        evidence: EvidenceKind,
    },
    /// The evidence was recorded after the transition's `now`.
    RecordedAfterNow {
        /// Which evidence.
        evidence: EvidenceKind,
        /// When it says it was recorded.
        recorded_at: Timestamp,
    },
    /// The evidence's `valid_until` is before `now`.
    Expired {
        /// Which evidence.
        evidence: EvidenceKind,
        /// When it lapsed.
        valid_until: Timestamp,
    },
    /// The evidence is older than the policy's `evidence.max_age_days`.
    Stale {
        /// Which evidence.
        evidence: EvidenceKind,
        /// When it was recorded.
        recorded_at: Timestamp,
        /// The policy's limit.
        max_age_days: u32,
    },
    /// The need evidence describes no problem.
    BlankNeed,
    /// The timeline's decision date is before `now`.
    DecisionDatePassed {
        /// The date that passed.
        decide_by: Timestamp,
    },
    /// A knockout hit.
    Knockout {
        /// The knockout's name.
        name: String,
    },
    /// A required fit criterion is not met (or its field is unknown), so fit fails whatever
    /// the score. Unlike a knockout, this does not disqualify.
    RequiredCriterion {
        /// The criterion's name.
        name: String,
    },
    /// The fit score is below the policy's `fit.pass.min_score`.
    FitScoreBelow {
        /// The score reached.
        score: Decimal,
        /// The score needed.
        min_score: Decimal,
    },
    /// Fewer criteria met than the policy's `fit.pass.min_met`.
    TooFewCriteriaMet {
        /// Criteria met.
        met: u32,
        /// Criteria needed.
        min_met: u32,
    },
    /// The close probability is below the policy's opportunity threshold.
    ProbabilityBelowThreshold {
        /// The estimate.
        probability: Probability,
        /// The threshold.
        threshold: Probability,
    },
    /// The transition needs the policy's staged mode, which is off.
    StagedModeOff,
    /// A won deal needs an amount above zero.
    ZeroAmount,
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmet::Missing { evidence } => write!(f, "no {evidence} evidence"),
            Unmet::RecordedAfterNow {
                evidence,
                recorded_at,
            } => {
                write!(f, "{evidence} evidence is recorded at {recorded_at}, after now")
            }
            Unmet::Expired {
                evidence,
                valid_until,
            } => {
                write!(f, "{evidence} evidence expired at {valid_until}")
            }
            Unmet::Stale {
                evidence,
                recorded_at,
                max_age_days,
            } => write!(
                f,
                "{evidence} evidence recorded at {recorded_at} is older than {max_age_days} days"
            ),
            Unmet::BlankNeed => f.write_str("need evidence describes no problem"),
            Unmet::DecisionDatePassed { decide_by } => {
                write!(f, "timeline decision date {decide_by} has passed")
            }
            Unmet::Knockout { name } => write!(f, "knockout {name:?} hit"),
            Unmet::RequiredCriterion { name } => write!(f, "required criterion {name:?} not met"),
            Unmet::FitScoreBelow { score, min_score } => {
                write!(f, "fit score {score} is below the required {min_score}")
            }
            Unmet::TooFewCriteriaMet { met, min_met } => {
                write!(f, "{met} fit criteria met, fewer than the required {min_met}")
            }
            Unmet::ProbabilityBelowThreshold {
                probability,
                threshold,
            } => write!(
                f,
                "close probability {probability} is below the opportunity threshold {threshold}"
            ),
            Unmet::StagedModeOff => f.write_str("the policy's staged mode is off"),
            Unmet::ZeroAmount => f.write_str("won amount is zero"),
        }
    }
}

/// Which transition was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Action {
    /// [`Lead::qualify`](crate::Lead::qualify): lead to prospect.
    Qualify,
    /// [`Prospect::promote`](crate::Prospect::promote): prospect to opportunity.
    Promote,
    /// [`Prospect::open_discovery`](crate::Prospect::open_discovery): prospect to discovery.
    OpenDiscovery,
    /// [`Discovery::confirm`](crate::Discovery::confirm): discovery to opportunity.
    Confirm,
    /// [`Opportunity::win`](crate::Opportunity::win): opportunity to won.
    Win,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Qualify => "cannot qualify lead as prospect",
            Action::Promote => "cannot promote prospect to opportunity",
            Action::OpenDiscovery => "cannot open discovery opportunity",
            Action::Confirm => "cannot confirm discovery as qualified opportunity",
            Action::Win => "cannot win opportunity",
        })
    }
}

/// A refused transition: the input, handed back unchanged, and every unmet requirement.
///
/// Nothing is lost and nothing is half-applied: [`into_input`](Rejected::into_input) gives
/// back the very value the transition consumed.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{action}: {}", Joined(&self.unmet))]
pub struct Rejected<T> {
    pub(crate) input: T,
    pub(crate) action: Action,
    pub(crate) unmet: Vec<Unmet>,
    pub(crate) fit: Option<Box<Explanation>>,
    pub(crate) probability: Option<Box<ProbabilityExplanation>>,
}

impl<T> Rejected<T> {
    pub(crate) fn new(input: T, action: Action, unmet: Vec<Unmet>) -> Rejected<T> {
        Rejected {
            input,
            action,
            unmet,
            fit: None,
            probability: None,
        }
    }

    /// The input, unchanged.
    pub fn input(&self) -> &T {
        &self.input
    }

    /// Takes the input back, unchanged.
    pub fn into_input(self) -> T {
        self.input
    }

    /// Which transition was refused.
    pub fn action(&self) -> Action {
        self.action
    }

    /// Every unmet requirement; never empty.
    pub fn unmet(&self) -> &[Unmet] {
        &self.unmet
    }

    /// Why fit fell short, criterion by criterion, when fit was scored.
    pub fn fit_explanation(&self) -> Option<&Explanation> {
        self.fit.as_deref()
    }

    /// How the close probability was estimated, when it was.
    pub fn probability_explanation(&self) -> Option<&ProbabilityExplanation> {
        self.probability.as_deref()
    }
}

/// One thing wrong with a deserialized record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordProblem {
    /// The stage requires this evidence.
    MissingEvidence {
        /// Which evidence.
        evidence: EvidenceKind,
    },
    /// The stage requires this field.
    MissingField {
        /// The field's wire name.
        field: &'static str,
    },
    /// The stage has no such field; a value there would be lost.
    UnexpectedField {
        /// The field's wire name.
        field: &'static str,
    },
    /// A won deal with an amount of zero.
    ZeroAmount,
    /// The history is not a chain of legal transitions ending in the record's stage.
    History {
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordProblem::MissingEvidence { evidence } => write!(f, "missing {evidence} evidence"),
            RecordProblem::MissingField { field } => write!(f, "missing {field}"),
            RecordProblem::UnexpectedField { field } => {
                write!(f, "unexpected {field}, which this stage does not carry")
            }
            RecordProblem::ZeroAmount => f.write_str("won amount is zero"),
            RecordProblem::History { problem } => write!(f, "history {problem}"),
        }
    }
}

/// A serialized record that does not describe a valid state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {stage} record: {}", Joined(&self.problems))]
pub struct RecordError {
    /// The stage the record claims.
    pub stage: Stage,
    /// Every problem found; never empty.
    pub problems: Vec<RecordProblem>,
}

/// Shows a list as `a; b; c`.
pub(crate) struct Joined<'a, T>(pub(crate) &'a [T]);

impl<T: fmt::Display> fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

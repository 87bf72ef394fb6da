//! Errors. Every message is lowercase, without a trailing period, and names the field,
//! value or evidence at fault.

use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{Currency, EvidenceKind, Probability};
use crate::explain::{Explanation, ProbabilityExplanation};
use crate::history::Stage;
use crate::substance::Hollow;
use crate::time::Timestamp;

/// A timestamp that could not be parsed, built or converted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is in none of the forms [`Timestamp`] parses, or names no real date, time
    /// of day or offset: `"2026-11-25 09:30"`, `"2026-02-29"`, `"2026-11-25T24:00:00Z"`.
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
    /// The text names a real instant, or a number of seconds or milliseconds, outside years
    /// 1 to 9999 in UTC: `"0001-01-01T00:30:00+01:00"` is year 0 in UTC.
    #[error("timestamp {text:?} is outside years 1 to 9999 in UTC")]
    TextOutOfRange {
        /// The text given (at most 64 characters of it).
        text: String,
    },
    /// Not a whole number of seconds (an optional `-` and digits), for
    /// [`Timestamp::parse_unix_seconds`].
    #[error("invalid unix seconds {text:?}: expected a whole number of seconds such as \"1795599000\"")]
    InvalidUnixSeconds {
        /// The text given (at most 64 characters of it).
        text: String,
    },
    /// Not a whole number of milliseconds (an optional `-` and digits), for
    /// [`Timestamp::parse_unix_millis`].
    #[error(
        "invalid unix milliseconds {text:?}: expected a whole number of milliseconds such as \"1795599000000\""
    )]
    InvalidUnixMillis {
        /// The text given (at most 64 characters of it).
        text: String,
    },
    /// The timestamp lies outside the range of the type it is converted into, such as
    /// `jiff::Timestamp`, which ends at `9999-12-30T22:00:00Z`.
    #[error("timestamp {timestamp} is outside the range of {target}")]
    Unrepresentable {
        /// The timestamp given.
        timestamp: Timestamp,
        /// The type it is converted into: `"jiff::Timestamp"`.
        target: &'static str,
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
    /// The evidence is recorded but says nothing: blank or placeholder text, a zero
    /// amount, a decision date not after `now`, a profile with no facts.
    Hollow(Hollow),
    /// A knockout hit.
    Knockout {
        /// The knockout's name.
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
    /// A deal is won in a currency other than that of its approved budget.
    CurrencyMismatch {
        /// The currency of the amount won.
        won: Currency,
        /// The currency of the approved budget.
        budget: Currency,
    },
    /// The `now` passed is earlier than the record's capture or its newest event: time
    /// must not run backwards inside one record's history.
    TimeRunsBackwards {
        /// The `now` passed.
        now: Timestamp,
        /// The record's latest instant: its newest event, or its capture.
        latest: Timestamp,
    },
    /// The history already holds [`limits::MAX_EVENTS`](crate::limits::MAX_EVENTS) events.
    HistoryFull {
        /// The limit.
        max: usize,
    },
    /// The record already holds [`limits::MAX_SIGNALS`](crate::limits::MAX_SIGNALS)
    /// signals.
    TooManySignals {
        /// The limit.
        max: usize,
    },
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
            Unmet::Hollow(hollow) => fmt::Display::fmt(hollow, f),
            Unmet::Knockout { name } => write!(f, "knockout {name:?} hit"),
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
            Unmet::CurrencyMismatch { won, budget } => {
                write!(
                    f,
                    "won amount is in {won}, but the approved budget is in {budget}"
                )
            }
            Unmet::TimeRunsBackwards { now, latest } => {
                write!(f, "now {now} is earlier than the record's latest time, {latest}")
            }
            Unmet::HistoryFull { max } => write!(f, "history already holds the {max} events allowed"),
            Unmet::TooManySignals { max } => write!(f, "record already holds the {max} signals allowed"),
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
    /// `lose`: an opportunity or discovery to lost.
    Lose,
    /// `demote`: an opportunity or discovery back to prospect.
    Demote,
    /// `disqualify`: a lead or prospect to disqualified.
    Disqualify,
    /// [`Disqualified::recycle`](crate::Disqualified::recycle): back to lead.
    Recycle,
    /// `record_signal`: an engagement signal added to an open record.
    RecordSignal,
    /// `record_tier`: a tier milestone added to an open record.
    RecordTier,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Qualify => "cannot qualify lead as prospect",
            Action::Promote => "cannot promote prospect to opportunity",
            Action::OpenDiscovery => "cannot open discovery opportunity",
            Action::Confirm => "cannot confirm discovery as qualified opportunity",
            Action::Win => "cannot win opportunity",
            Action::Lose => "cannot close as lost",
            Action::Demote => "cannot demote to prospect",
            Action::Disqualify => "cannot disqualify",
            Action::Recycle => "cannot recycle as lead",
            Action::RecordSignal => "cannot record signal",
            Action::RecordTier => "cannot record tier",
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

/// One thing wrong with a stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordProblem {
    /// The record's `format` is not one this crate reads.
    UnsupportedFormat {
        /// The format given.
        format: u32,
    },
    /// A value that does not read as its type: a timestamp, a probability, an amount, a
    /// currency, a reason, an event.
    Unreadable {
        /// Its path: `captured_at`, `history[3].at`, `budget.status.approved.amount`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A list longer than [`limits`](crate::limits) allows; its entries are not checked.
    TooMany {
        /// The list: `history` or `signals`.
        field: &'static str,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// The stage requires this evidence.
    MissingEvidence {
        /// Which evidence.
        evidence: EvidenceKind,
    },
    /// Evidence the stage relies on is hollow.
    Hollow(Hollow),
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
    /// A deal's probability is 0 or 1: the estimate of an open deal lies strictly between.
    ProbabilityNotOpen {
        /// The probability.
        probability: Probability,
    },
    /// A deal's probability is below the opportunity line recorded when it opened.
    BelowLine {
        /// The probability.
        probability: Probability,
        /// The line.
        threshold: Probability,
    },
    /// A won deal with an amount of zero.
    ZeroAmount,
    /// A deal won in another currency than its approved budget's.
    CurrencyMismatch {
        /// The currency of the amount won.
        won: Currency,
        /// The currency of the approved budget.
        budget: Currency,
    },
    /// The history is not a chain of legal transitions in time order ending in the
    /// record's stage.
    History {
        /// Where: `history` (the whole), `history[3]`, `history[3].at`.
        field: String,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordProblem::UnsupportedFormat { format } => write!(
                f,
                "format {format} is not one this crate reads (1 to {})",
                crate::raw::FORMAT
            ),
            RecordProblem::Unreadable { field, problem } => write!(f, "{field}: {problem}"),
            RecordProblem::TooMany { field, len, max } => {
                write!(f, "{field} holds {len} entries, more than the {max} allowed")
            }
            RecordProblem::MissingEvidence { evidence } => write!(f, "missing {evidence} evidence"),
            RecordProblem::Hollow(hollow) => fmt::Display::fmt(hollow, f),
            RecordProblem::MissingField { field } => write!(f, "missing {field}"),
            RecordProblem::UnexpectedField { field } => {
                write!(f, "unexpected {field}, which this stage does not carry")
            }
            RecordProblem::ProbabilityNotOpen { probability } => write!(
                f,
                "probability {probability} is not strictly between 0 and 1, as an estimate of an open deal must be"
            ),
            RecordProblem::BelowLine {
                probability,
                threshold,
            } => write!(
                f,
                "probability {probability} is below the opportunity line {threshold} recorded when it opened"
            ),
            RecordProblem::ZeroAmount => f.write_str("won amount is zero"),
            RecordProblem::CurrencyMismatch { won, budget } => {
                write!(
                    f,
                    "won amount is in {won}, but the approved budget is in {budget}"
                )
            }
            RecordProblem::History { field, problem } => write!(f, "{field} {problem}"),
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

//! Errors of the states: a refused transition, and a stored record that does not load.

use core::fmt;

use crate::evidence::{EvidenceKind, Hollow, Unmet};
use crate::explain::{Explanation, ProbabilityExplanation};
use crate::states::Stage;
use crate::values::{Currency, Echo, Joined, Listed, Probability, Timestamp};

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
    /// `hand_off`: an open record given to a new owner.
    HandOff,
    /// [`Opportunity::refresh`](crate::Opportunity::refresh): lapsed evidence replaced.
    Refresh,
    /// `call_forecast`: a person's forecast call on an open deal.
    CallForecast,
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
            Action::HandOff => "cannot hand off",
            Action::Refresh => "cannot refresh the opportunity's evidence",
            Action::CallForecast => "cannot record the forecast call",
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

    /// Takes the input back, unchanged, with every unmet requirement.
    pub fn into_parts(self) -> (T, Vec<Unmet>) {
        (self.input, self.unmet)
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
    /// A field no record has in that place (a misspelling, a field another program added):
    /// its value is skipped unread. Noted as the record is read, with every other problem.
    UnknownField {
        /// The path of the object that holds it: empty for the record itself,
        /// `fit.provenance`, `history[3]`.
        within: String,
        /// The start of the field's name, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        name: String,
        /// The length of the whole name, in bytes.
        len: usize,
        /// The fields that object has.
        expected: &'static [&'static str],
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
    /// A profile with more custom attributes than
    /// [`limits::MAX_CUSTOM_ATTRIBUTES`](crate::limits::MAX_CUSTOM_ATTRIBUTES) allows;
    /// those past the limit are not read.
    TooManyAttributes {
        /// The attributes' path: `fit.profile.custom`.
        field: String,
        /// How many there are.
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
    /// Evidence the stage relied on is recorded after the record's newest event: no
    /// transition can have relied on it.
    RecordedAfterTheRecord {
        /// Which evidence.
        evidence: EvidenceKind,
        /// When it says it was recorded.
        recorded_at: Timestamp,
        /// The record's newest event, or its capture.
        latest: Timestamp,
    },
    /// A deal's probability is not the estimate recorded when it opened.
    NotTheOpeningEstimate {
        /// The probability the record carries.
        probability: Probability,
        /// The estimate recorded when it opened.
        opened: Probability,
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
    /// An assumed fit that no import of this record made: only a CRM import assumes fit,
    /// so the record's last `lead -> prospect` transition must be the one that assumed it
    /// (its why says so, at the moment and by the actor the assumption names), right after
    /// an import event by the same mapping, for the same label, claiming prospect or
    /// beyond; the assumption's provenance must say `import`; and the record must not have
    /// been a lead since.
    AssumedFitWithoutImport,
    /// Both `fit` and `assumed_fit`: a record's fit rests on a profile or on an
    /// assumption, never both.
    FitAndAssumedFit,
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
                crate::states::raw::FORMAT
            ),
            RecordProblem::Unreadable { field, problem } => write!(f, "{field}: {problem}"),
            RecordProblem::UnknownField {
                within,
                name,
                len,
                expected,
            } => {
                write!(f, "unknown field {}", Echo::kept(name, *len))?;
                if !within.is_empty() {
                    write!(f, " in {within}")?;
                }
                write!(f, ": expected one of {}", expected.join(", "))
            }
            RecordProblem::TooMany { field, len, max } => {
                write!(f, "{field} holds {len} entries, more than the {max} allowed")
            }
            RecordProblem::TooManyAttributes { field, len, max } => {
                write!(f, "{field} holds {len} attributes, more than the {max} allowed")
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
            RecordProblem::RecordedAfterTheRecord {
                evidence,
                recorded_at,
                latest,
            } => write!(
                f,
                "{evidence} evidence is recorded at {recorded_at}, after the record's newest event at {latest}"
            ),
            RecordProblem::NotTheOpeningEstimate { probability, opened } => write!(
                f,
                "probability {probability} is not the estimate {opened} recorded when it opened"
            ),
            RecordProblem::ZeroAmount => f.write_str("won amount is zero"),
            RecordProblem::CurrencyMismatch { won, budget } => {
                write!(
                    f,
                    "won amount is in {won}, but the approved budget is in {budget}"
                )
            }
            RecordProblem::AssumedFitWithoutImport => f.write_str(
                "assumed_fit was made by no import in the history: the last lead -> prospect \
                 transition assumes it, at its recorded_at and by its recorded_by, right after \
                 an import by its mapping for its label claiming prospect or beyond, by method \
                 import, and the record is not a lead since",
            ),
            RecordProblem::FitAndAssumedFit => {
                f.write_str("fit and assumed_fit both given: a record's fit rests on one of them")
            }
            RecordProblem::History { field, problem } => write!(f, "{field} {problem}"),
        }
    }
}

/// A stored record that does not describe a valid state: the problems found, the first
/// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS) of them listed and the rest
/// counted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {stage} record: {}", Listed::new(&self.problems, self.omitted))]
#[non_exhaustive]
pub struct RecordError {
    /// The stage the record claims.
    pub stage: Stage,
    /// The problems, in the order of the record's fields; never empty, and at most
    /// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS).
    pub problems: Vec<RecordProblem>,
    /// How many more problems were found past those listed; counted, not kept.
    pub omitted: usize,
}

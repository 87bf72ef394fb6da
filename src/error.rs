//! Errors. Every message is lowercase, without a trailing period, and names the field,
//! value or evidence at fault.
//!
//! Errors about untrusted input stay small however large or broken the input: a message
//! shows at most [`MAX_ECHO_LEN`] bytes of any value it repeats ([`Echo`]), and an error
//! lists at most [`MAX_PROBLEMS`] problems and counts the rest ([`Problems`], [`Listed`]).

use core::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::evidence::{Currency, EvidenceKind, Probability};
use crate::explain::{Explanation, ProbabilityExplanation};
use crate::history::Stage;
use crate::substance::Hollow;
use crate::time::Timestamp;

/// A timestamp that could not be parsed or built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not of the form `YYYY-MM-DDTHH:MM:SSZ`, or names no real instant.
    #[error(
        "invalid timestamp {}: expected a UTC instant such as \"2026-11-25T09:30:00Z\"",
        Echo::kept(.text, *.len)
    )]
    Invalid {
        /// The start of the text given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        text: String,
        /// The length of the whole text, in bytes.
        len: usize,
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
    #[error(
        "invalid currency {}: expected three uppercase letters such as \"EUR\"",
        Echo::kept(.code, *.len)
    )]
    Currency {
        /// The start of the code given, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        code: String,
        /// The length of the whole code, in bytes.
        len: usize,
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

/// A policy that failed its checks: the problems found, the first
/// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS) of them listed and the rest counted.
///
/// Shown as `invalid policy: a; b; c`, or, past the limit, `invalid policy: a; b; …; and 16334
/// more problems`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid policy: {}", Listed::new(&self.problems, self.omitted))]
#[non_exhaustive]
pub struct PolicyError {
    /// The problems, section by section in the order of the spec's fields (a list's size
    /// and duplicate names first, then each entry's own fields); never empty, and at most
    /// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS).
    pub problems: Vec<PolicyProblem>,
    /// How many more problems were found past those listed; counted, not kept.
    pub omitted: usize,
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

/// Most bytes of a value that an error message repeats, as `{:?}` escapes it. A longer
/// value is cut at a character and shown with an ellipsis and its full length in bytes:
/// `"aaaa…" (300 bytes)`.
pub const MAX_ECHO_LEN: usize = 64;

/// Most problems an error lists. Past them it counts: `…; and 16334 more problems`.
pub const MAX_PROBLEMS: usize = 50;

/// How many bytes `{:?}` on a `str` writes for `c`: what [`char::escape_debug`] writes (an
/// escape sequence in ASCII, or the character itself), except that a single quote is left
/// alone.
fn escaped_len(c: char) -> usize {
    match c.escape_debug().len() {
        _ if c == '\'' => 1,
        1 => c.len_utf8(),
        escape => escape,
    }
}

/// The start of `text` that a message shows quoted: the longest prefix, ending at a
/// character, that `{:?}` writes in at most [`MAX_ECHO_LEN`] bytes (quotes aside).
pub(crate) fn head(text: &str) -> &str {
    let mut shown = 0_usize;
    for (at, c) in text.char_indices() {
        shown = shown.saturating_add(escaped_len(c));
        if shown > MAX_ECHO_LEN {
            return text.get(..at).unwrap_or_default();
        }
    }
    text
}

/// The start of `text` that a message shows as it is: the longest prefix of at most
/// [`MAX_ECHO_LEN`] bytes that ends at a character.
fn plain_head(text: &str) -> &str {
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if at + c.len_utf8() > MAX_ECHO_LEN {
            break;
        }
        end = at + c.len_utf8();
    }
    text.get(..end).unwrap_or_default()
}

/// A value repeated in an error message, cut to [`MAX_ECHO_LEN`] bytes.
///
/// Quoted, it shows as `{:?}` does when short (`"software"`) and as `"aaaa…" (300 bytes)`
/// when cut; plain, as `roi_calculator` or `aaaa… (300 bytes)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Echo<'a> {
    head: &'a str,
    len: usize,
    quoted: bool,
}

impl<'a> Echo<'a> {
    /// `text`, quoted and escaped.
    pub(crate) fn quoted(text: &'a str) -> Echo<'a> {
        Echo {
            head: head(text),
            len: text.len(),
            quoted: true,
        }
    }

    /// `text` as it is, unquoted: for names that messages show bare.
    pub(crate) fn plain(text: &'a str) -> Echo<'a> {
        Echo {
            head: plain_head(text),
            len: text.len(),
            quoted: false,
        }
    }

    /// Quoted, the [`head`] of a text `len` bytes long: what an error that keeps only the
    /// head shows.
    pub(crate) fn kept(head: &'a str, len: usize) -> Echo<'a> {
        Echo {
            head,
            len,
            quoted: true,
        }
    }
}

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cut = self.head.len() < self.len;
        match (self.quoted, cut) {
            (true, false) => write!(f, "{:?}", self.head),
            (true, true) => {
                // As `{:?}` writes the head, with the ellipsis inside the closing quote.
                f.write_char('"')?;
                for c in self.head.chars() {
                    if c == '\'' {
                        f.write_char(c)?;
                    } else {
                        write!(f, "{}", c.escape_debug())?;
                    }
                }
                write!(f, "…\" ({} bytes)", self.len)
            }
            (false, false) => f.write_str(self.head),
            (false, true) => write!(f, "{}… ({} bytes)", self.head, self.len),
        }
    }
}

/// Problems found in untrusted input: the first [`MAX_PROBLEMS`] kept, the rest only
/// counted, so that an error stays small however much is wrong.
///
/// A checker pushes every problem it finds; one past the limit is counted without being
/// built. [`Problems::into_parts`] gives the list an error stores and the count it shows
/// with [`Listed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problems<T> {
    kept: Vec<T>,
    omitted: usize,
}

impl<T> Default for Problems<T> {
    fn default() -> Problems<T> {
        Problems {
            kept: Vec::new(),
            omitted: 0,
        }
    }
}

impl<T> Problems<T> {
    /// Adds the problem `build` makes or, past [`MAX_PROBLEMS`], counts it without calling
    /// `build`.
    pub(crate) fn push_with(&mut self, build: impl FnOnce() -> T) {
        if self.kept.len() < MAX_PROBLEMS {
            self.kept.push(build());
        } else {
            self.omitted = self.omitted.saturating_add(1);
        }
    }

    /// Adds a problem, or counts it past [`MAX_PROBLEMS`].
    pub(crate) fn push(&mut self, problem: T) {
        self.push_with(|| problem);
    }

    /// How many problems were found, kept or counted.
    pub(crate) fn len(&self) -> usize {
        self.kept.len().saturating_add(self.omitted)
    }

    /// Whether none was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The problems kept, in the order found, and how many more were counted.
    pub(crate) fn into_parts(self) -> (Vec<T>, usize) {
        (self.kept, self.omitted)
    }
}

impl<T> Extend<T> for Problems<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, problems: I) {
        for problem in problems {
            self.push(problem);
        }
    }
}

/// Shows problems as `a; b; c`, followed by `; and 3 more problems` for those counted but
/// not kept.
pub(crate) struct Listed<'a, T> {
    kept: &'a [T],
    omitted: usize,
}

impl<'a, T> Listed<'a, T> {
    /// The problems kept and how many more were found.
    pub(crate) fn new(kept: &'a [T], omitted: usize) -> Listed<'a, T> {
        Listed { kept, omitted }
    }
}

impl<T: fmt::Display> fmt::Display for Listed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Joined(self.kept), f)?;
        if self.omitted > 0 {
            if !self.kept.is_empty() {
                f.write_str("; ")?;
            }
            let s = if self.omitted == 1 { "" } else { "s" };
            write!(f, "and {} more problem{s}", self.omitted)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_past_the_limit_are_counted_not_built() {
        let mut problems = Problems::default();
        let mut built = 0;
        for i in 0..MAX_PROBLEMS + 3 {
            problems.push_with(|| {
                built += 1;
                i
            });
        }
        problems.extend([7, 8]);
        assert_eq!((built, problems.len()), (MAX_PROBLEMS, MAX_PROBLEMS + 5));
        let (kept, omitted) = problems.into_parts();
        assert_eq!(kept, (0..MAX_PROBLEMS).collect::<Vec<_>>());
        assert_eq!(omitted, 5);
        assert!(Problems::<u8>::default().is_empty());
    }

    #[test]
    fn listed_problems_end_with_the_count_of_the_rest() {
        assert_eq!(Listed::new(&["a", "b"], 0).to_string(), "a; b");
        assert_eq!(
            Listed::new(&["a", "b"], 1).to_string(),
            "a; b; and 1 more problem"
        );
        assert_eq!(
            Listed::new(&["a"], 16_334).to_string(),
            "a; and 16334 more problems"
        );
    }

    #[test]
    fn a_plain_echo_cuts_at_a_character() {
        assert_eq!(Echo::plain("roi_calculator").to_string(), "roi_calculator");
        let exact = "a".repeat(MAX_ECHO_LEN);
        assert_eq!(Echo::plain(&exact).to_string(), exact);
        // 63 bytes of `a`, then a two-byte `é` that would pass the limit.
        let text = format!("{}é", "a".repeat(MAX_ECHO_LEN - 1));
        assert_eq!(
            Echo::plain(&text).to_string(),
            format!("{}… (65 bytes)", "a".repeat(MAX_ECHO_LEN - 1))
        );
    }

    #[test]
    fn a_quoted_echo_counts_escapes_and_leaves_single_quotes_alone() {
        assert_eq!(Echo::quoted("it's").to_string(), "\"it's\"");
        // Each NUL is written `\0`: 32 of them fill the 64 bytes, the 33rd is cut.
        let nuls = "\0".repeat(33);
        assert_eq!(
            Echo::quoted(&nuls).to_string(),
            format!("\"{}…\" (33 bytes)", "\\0".repeat(32))
        );
        assert_eq!(
            Echo::quoted(&nuls[..32]).to_string(),
            format!("{:?}", &nuls[..32])
        );
    }
}

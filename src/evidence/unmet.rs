//! [`Unmet`]: one requirement of a transition that a record does not meet.
//!
//! It lives with the evidence because every layer that judges a record speaks it: the
//! evidence checks, the policy's fit judgement and the transitions.

use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{EvidenceKind, Hollow};
use crate::values::{Actor, Currency, Echo, Hollowness, Probability, Timestamp, anonymity, head};

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
    /// A hand-off to the owner the record has already.
    AlreadyOwned {
        /// The owner (`None`: unassigned).
        owner: Option<Actor>,
    },
    /// The record already holds [`limits::MAX_SIGNALS`](crate::limits::MAX_SIGNALS)
    /// signals.
    TooManySignals {
        /// The limit.
        max: usize,
    },
    /// The actor the transition or event would be recorded by (its `by`) names no one:
    /// blank, or a placeholder with no letter or digit at all (`?`, `--`, a lone zero-width
    /// space; see [`is_placeholder`](crate::is_placeholder)). An event by nobody cannot be
    /// audited, as evidence recorded by nobody cannot. (A word such as `x` or `NA` may be
    /// someone's id or initials, and names them.)
    HollowActor {
        /// The start of the actor's text, as much as a message shows (see
        /// [`limits::MAX_ECHO_LEN`](crate::limits::MAX_ECHO_LEN)).
        actor: String,
        /// The length of the whole text, in bytes.
        len: usize,
        /// Whether it is blank (else it has no letter or digit).
        blank: bool,
    },
}

impl Unmet {
    /// [`Unmet::HollowActor`] when `by` names no one.
    pub(crate) fn hollow_actor(by: &Actor) -> Option<Unmet> {
        let hollow = anonymity(by.as_str())?;
        Some(Unmet::HollowActor {
            actor: head(by.as_str()).to_owned(),
            len: by.as_str().len(),
            blank: hollow == Hollowness::Blank,
        })
    }
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
            Unmet::AlreadyOwned { owner: Some(owner) } => {
                write!(f, "{} owns the record already", Echo::plain(owner.as_str()))
            }
            Unmet::AlreadyOwned { owner: None } => f.write_str("the record is unassigned already"),
            Unmet::TooManySignals { max } => write!(f, "record already holds the {max} signals allowed"),
            Unmet::HollowActor { blank: true, .. } => f.write_str("actor is blank"),
            Unmet::HollowActor { actor, len, .. } => {
                write!(f, "actor {} names no one", Echo::kept(actor, *len))
            }
        }
    }
}

//! The append-only log of a record's transitions.

use core::fmt;

use crate::evidence::Actor;
use crate::time::Timestamp;

/// The stage a record is in: one per state type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stage {
    /// [`Lead`](crate::Lead).
    Lead,
    /// [`Prospect`](crate::Prospect).
    Prospect,
    /// [`Discovery`](crate::Discovery): an opportunity under the enterprise exception.
    Discovery,
    /// [`Opportunity`](crate::Opportunity): a qualified opportunity.
    Opportunity,
    /// [`Disqualified`](crate::Disqualified).
    Disqualified,
    /// [`Won`](crate::Won).
    Won,
    /// [`Lost`](crate::Lost).
    Lost,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 7] = [
        Stage::Lead,
        Stage::Prospect,
        Stage::Discovery,
        Stage::Opportunity,
        Stage::Disqualified,
        Stage::Won,
        Stage::Lost,
    ];

    /// The snake_case name used on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Prospect => "prospect",
            Stage::Discovery => "discovery",
            Stage::Opportunity => "opportunity",
            Stage::Disqualified => "disqualified",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    /// The pipeline label a person reads. Opportunity stages carry their qualification
    /// completeness (seed 004): `Stage 1: Discovery`, `Stage 2: Qualified`.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Lead => "Lead",
            Stage::Prospect => "Prospect",
            Stage::Discovery => "Stage 1: Discovery",
            Stage::Opportunity => "Stage 2: Qualified",
            Stage::Disqualified => "Disqualified",
            Stage::Won => "Closed: Won",
            Stage::Lost => "Closed: Lost",
        }
    }

    /// Whether the crate has a transition from `self` to `to`.
    pub const fn can_move_to(self, to: Stage) -> bool {
        use Stage::*;
        matches!(
            (self, to),
            (Lead, Prospect | Disqualified)
                | (Prospect, Opportunity | Discovery | Disqualified)
                | (Discovery, Opportunity | Prospect | Lost)
                | (Opportunity, Won | Lost | Prospect)
                | (Disqualified, Lead)
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One transition in a record's history: from, to, when, by whom and why.
///
/// Only the crate's transitions append entries; a [`History`] is never edited.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Transition {
    /// The stage left.
    pub from: Stage,
    /// The stage entered.
    pub to: Stage,
    /// The `now` passed to the transition.
    pub at: Timestamp,
    /// Who made it.
    pub by: Actor,
    /// Why: the evidence that carried it, or the reason given.
    pub why: String,
    /// The version of the policy that judged it, for transitions that consult one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub policy: Option<String>,
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} -> {} by {}: {}",
            self.at, self.from, self.to, self.by, self.why
        )?;
        if let Some(policy) = &self.policy {
            write!(f, " (policy {policy})")?;
        }
        Ok(())
    }
}

/// Every `History` is a chain of legal transitions, each starting where the one before
/// ended, from the lead the record began as; it only ever grows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History(Vec<Transition>);

impl History {
    /// The entries, oldest first.
    pub fn entries(&self) -> &[Transition] {
        &self.0
    }

    /// The newest entry.
    pub fn last(&self) -> Option<&Transition> {
        self.0.last()
    }

    /// How many transitions the record has made.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the record has never moved (a fresh lead).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stage the history ends in: [`Stage::Lead`] when empty.
    pub fn stage(&self) -> Stage {
        self.0.last().map_or(Stage::Lead, |t| t.to)
    }

    pub(crate) fn push(&mut self, entry: Transition) {
        self.0.push(entry);
    }

    /// Checks a deserialized chain; every problem, as text for
    /// [`RecordProblem::History`](crate::RecordProblem::History).
    #[cfg(feature = "serde")]
    pub(crate) fn check(entries: Vec<Transition>, stage: Stage) -> Result<History, Vec<String>> {
        let mut problems = Vec::new();
        let mut at = Stage::Lead;
        for (i, t) in entries.iter().enumerate() {
            if t.from != at {
                problems.push(format!("[{i}] starts from {} but the record was {at}", t.from));
            }
            if !t.from.can_move_to(t.to) {
                problems.push(format!(
                    "[{i}] moves {} -> {}, which no transition does",
                    t.from, t.to
                ));
            }
            at = t.to;
        }
        if at != stage {
            problems.push(format!("ends in {at}, not {stage}"));
        }
        if problems.is_empty() {
            Ok(History(entries))
        } else {
            Err(problems)
        }
    }
}

impl<'a> IntoIterator for &'a History {
    type Item = &'a Transition;
    type IntoIter = core::slice::Iter<'a, Transition>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for History {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

//! The append-only log of what happened to a record: stage transitions and tier milestones.

use core::fmt;
use core::str::FromStr;

use crate::evidence::EvidenceKind;
use crate::policy::Tier;
use crate::states::ForecastCategory;
use crate::values::names::{self, names_of};
use crate::values::{Actor, NameError, Probability, Timestamp};

/// The stage a record is in: one per state type.
///
/// # Text
///
/// [`Stage::as_str`] and `Display` both give the wire name (`opportunity`), and
/// [`Stage::label`] the pipeline label a person reads (`Stage 2: Confirmed`). [`FromStr`]
/// reads either back: ASCII case ignored, `_`, `-` and a space alike, surrounding
/// whitespace trimmed (`Opportunity`, `stage 2: confirmed`, `Closed: Won`). Any other text
/// is refused.
///
/// ```
/// use qualify::Stage;
///
/// assert_eq!("Stage 2: Confirmed".parse::<Stage>()?, Stage::Opportunity);
/// assert_eq!("won".parse::<Stage>()?.label(), "Closed: Won");
/// let err = "closed won".parse::<Stage>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown stage \"closed won\": expected one of lead, prospect, discovery, opportunity, \
///      disqualified, won, lost"
/// );
/// # Ok::<(), qualify::NameError>(())
/// ```
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
    /// [`Opportunity`](crate::Opportunity): all four conditions confirmed.
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

    /// The wire names of [`Stage::ALL`], in order.
    const NAMES: [&'static str; Stage::ALL.len()] = names_of!(Stage);

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
    /// completeness: `Stage 1: Discovery` (need and timeline confirmed), `Stage 2:
    /// Confirmed` (all four confirmed). "Qualified" is left to leads: a lead that passes
    /// [`qualify`](crate::Lead::qualify) is a qualified lead, a prospect.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Lead => "Lead",
            Stage::Prospect => "Prospect",
            Stage::Discovery => "Stage 1: Discovery",
            Stage::Opportunity => "Stage 2: Confirmed",
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

    /// Whether the stage is open: a lead, prospect, discovery or opportunity, still moving.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            Stage::Lead | Stage::Prospect | Stage::Discovery | Stage::Opportunity
        )
    }
}

impl FromStr for Stage {
    type Err = NameError;

    /// Reads a stage by name or pipeline label (see [`Stage`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"closed won"`, `"qualified"`, `""`.
    fn from_str(text: &str) -> Result<Stage, NameError> {
        match names::find(text, &Stage::ALL, |s| s.label()) {
            Some(stage) => Ok(*stage),
            None => names::closed("stage", text, &Stage::ALL, &Stage::NAMES),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stage transition: the kind of [`Event`] every transition appends.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transition {
    /// The stage left.
    pub from: Stage,
    /// The stage entered.
    pub to: Stage,
    /// The engagement tier the policy gave the record at the transition's `now`, for
    /// transitions that consult a policy; `None` below IQL or without a policy.
    pub tier: Option<Tier>,
    /// The close probability estimated, for transitions that open or confirm a deal.
    pub probability: Option<Probability>,
    /// The opportunity line the estimate had to meet, for transitions that applied one.
    pub threshold: Option<Probability>,
}

impl Transition {
    /// A transition from `from` to `to` that recorded nothing else.
    pub(crate) fn new(from: Stage, to: Stage) -> Transition {
        Transition {
            from,
            to,
            tier: None,
            probability: None,
            threshold: None,
        }
    }
}

/// A hand-off: the record changed owner. `None` is the unassigned queue.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HandOff {
    /// Who owned it before.
    pub from: Option<Actor>,
    /// Who owns it now.
    pub to: Option<Actor>,
}

/// What an [`Event`] records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// The record changed stage.
    Transition(Transition),
    /// The record reached an engagement tier higher than any recorded before: a fact that
    /// later reports count, whatever the decayed score says today.
    Tier(Tier),
    /// The record changed owner.
    HandOff(HandOff),
    /// An opportunity's lapsed evidence was replaced in place
    /// ([`Opportunity::refresh`](crate::Opportunity::refresh)): which pieces.
    Refresh(Vec<EvidenceKind>),
    /// A person's forecast call on an open deal
    /// ([`Opportunity::call_forecast`](crate::Opportunity::call_forecast)).
    Forecast(ForecastCategory),
    /// The record was imported from a CRM row (by the `crm` module): the stage the CRM
    /// gave it, and under which mapping. The event names the policy that typed it.
    Import(Import),
}

/// An import from a CRM: the kind of [`Event`] that starts an imported record's history
/// (and each re-import of a changed row appends).
///
/// A tier-like CRM stage (a marketing- or sales-qualified lead) is a claim about
/// engagement, so the import records it as a tier milestone: `tier` counts wherever
/// recorded tiers count ([`History::highest_tier`], the funnel).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Import {
    /// The CRM's stage or status label, as the row held it.
    pub label: String,
    /// The stage the mapping reads that label as: what the CRM claims.
    pub claimed: Stage,
    /// The tier a tier-like label claims, when it is above every tier recorded before.
    pub tier: Option<Tier>,
    /// The mapping's name, which carries its version.
    pub mapping: String,
}

/// One entry of a record's [`History`]: what happened, when, by whom, why, and under which
/// policy version.
///
/// Only the crate appends events; a [`History`] is never edited.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The `now` passed to the call that recorded it.
    pub at: Timestamp,
    /// Who made it happen.
    pub by: Actor,
    /// Why: the evidence that carried it, or the reason given.
    pub why: String,
    /// The version of the policy that judged it, for events that consult one.
    pub policy: Option<String>,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// The stage transition this event records, if it is one.
    pub fn transition(&self) -> Option<&Transition> {
        match &self.kind {
            EventKind::Transition(t) => Some(t),
            EventKind::Tier(_)
            | EventKind::HandOff(_)
            | EventKind::Refresh(_)
            | EventKind::Forecast(_)
            | EventKind::Import(_) => None,
        }
    }

    /// The hand-off this event records, if it is one.
    pub fn hand_off(&self) -> Option<&HandOff> {
        match &self.kind {
            EventKind::HandOff(h) => Some(h),
            EventKind::Transition(_)
            | EventKind::Tier(_)
            | EventKind::Refresh(_)
            | EventKind::Forecast(_)
            | EventKind::Import(_) => None,
        }
    }

    /// The tier this event records: a milestone's tier, the tier at a transition, or the
    /// tier an import's CRM stage claimed.
    pub fn tier(&self) -> Option<Tier> {
        match &self.kind {
            EventKind::Transition(t) => t.tier,
            EventKind::Tier(tier) => Some(*tier),
            EventKind::Import(import) => import.tier,
            EventKind::HandOff(_) | EventKind::Refresh(_) | EventKind::Forecast(_) => None,
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EventKind::Transition(t) => write!(f, "{} {} -> {}", self.at, t.from, t.to)?,
            EventKind::Tier(tier) => write!(f, "{} reached {tier}", self.at)?,
            EventKind::HandOff(h) => {
                let name = |o: &Option<Actor>| o.as_ref().map_or("unassigned".to_owned(), Actor::to_string);
                write!(
                    f,
                    "{} handed off from {} to {}",
                    self.at,
                    name(&h.from),
                    name(&h.to)
                )?;
            }
            EventKind::Refresh(kinds) => {
                let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                write!(f, "{} refreshed {}", self.at, kinds.join(", "))?;
            }
            EventKind::Forecast(category) => write!(f, "{} called {}", self.at, category.label())?,
            EventKind::Import(import) => {
                write!(
                    f,
                    "{} imported as {:?} ({}) by mapping {}",
                    self.at, import.label, import.claimed, import.mapping
                )?;
                if let Some(tier) = import.tier {
                    write!(f, ", reaching {tier}")?;
                }
            }
        }
        write!(f, " by {}: {}", self.by, self.why)?;
        if let Some(policy) = &self.policy {
            write!(f, " (policy {policy})")?;
        }
        Ok(())
    }
}

/// Every `History` is a log of events in time order: stage transitions that form a chain
/// of legal moves from the lead the record began as, tier milestones that only rise, and
/// hand-offs, each from the owner the one before handed to.
/// It only ever grows, and holds at most
/// [`limits::MAX_EVENTS`](crate::limits::MAX_EVENTS) events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History(Vec<Event>);

impl History {
    /// The events, oldest first.
    pub fn entries(&self) -> &[Event] {
        &self.0
    }

    /// The stage transitions, oldest first.
    pub fn transitions(&self) -> impl DoubleEndedIterator<Item = &Transition> + '_ {
        self.0.iter().filter_map(Event::transition)
    }

    /// The newest event.
    pub fn last(&self) -> Option<&Event> {
        self.0.last()
    }

    /// How many events the history holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing has happened yet (a fresh lead).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stage the history ends in: [`Stage::Lead`] when it has no transition.
    pub fn stage(&self) -> Stage {
        self.transitions().next_back().map_or(Stage::Lead, |t| t.to)
    }

    /// The highest engagement tier ever recorded: by a milestone or at a transition.
    pub fn highest_tier(&self) -> Option<Tier> {
        self.0.iter().filter_map(Event::tier).max()
    }

    /// The newest transition into `stage`, with its event.
    pub fn entered(&self, stage: Stage) -> Option<(&Event, &Transition)> {
        self.0
            .iter()
            .rev()
            .find_map(|e| e.transition().filter(|t| t.to == stage).map(|t| (e, t)))
    }

    pub(crate) fn push(&mut self, event: Event) {
        self.0.push(event);
    }

    /// A history of these events, unchecked: the loader checks them first.
    pub(crate) fn from_checked(events: Vec<Event>) -> History {
        History(events)
    }
}

impl<'a> IntoIterator for &'a History {
    type Item = &'a Event;
    type IntoIter = core::slice::Iter<'a, Event>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Event {
    /// The event's wire form: [`RawEvent`](crate::raw::RawEvent).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::states::raw::RawEvent::from(self).serialize(s)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for History {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(&self.0)
    }
}

//! What the reports read of one record, gathered in one pass over its history.

use crate::pipeline::Step;
use crate::policy::Tier;
use crate::states::{Event, EventKind, Record, Stage};
use crate::values::{Actor, Timestamp};

/// One record's facts, borrowed: nothing here allocates.
pub(crate) struct Facts<'a> {
    pub(crate) record: &'a Record,
    /// A bit per [`Step`] with a recorded event (a tier milestone, the tier at a
    /// transition, or a transition into the step); [`Step::Lead`] always.
    pub(crate) steps: u8,
    /// The newest transition out of prospect into discovery or opportunity: the deal's
    /// opening.
    pub(crate) opened: Option<&'a Event>,
    /// The transition into won or lost, and whether it was won.
    pub(crate) closed: Option<(&'a Event, bool)>,
    /// The first decision on the lead: its first transition out of lead.
    pub(crate) triaged: Option<&'a Event>,
    /// When the record entered the stage it is in.
    pub(crate) entered: Timestamp,
    /// Who the record's outcome belongs to: the owner now, which for a closed record is the
    /// owner when it closed. `None` is the unassigned queue.
    pub(crate) owner: Option<&'a Actor>,
}

impl<'a> Facts<'a> {
    pub(crate) fn of(record: &'a Record) -> Facts<'a> {
        let mut steps = Step::Lead.bit();
        let mut opened = None;
        let mut closed = None;
        let mut triaged = None;
        let mut entered = record.captured_at();
        for event in record.history() {
            if let Some(tier) = event.tier() {
                steps |= Step::of_tier(tier).bit();
            }
            if let EventKind::Transition(t) = &event.kind {
                entered = event.at;
                if t.from == Stage::Lead && triaged.is_none() {
                    triaged = Some(event);
                }
                match t.to {
                    Stage::Prospect => steps |= Step::Prospect.bit(),
                    Stage::Discovery | Stage::Opportunity => {
                        steps |= Step::Opportunity.bit();
                        if t.from == Stage::Prospect {
                            opened = Some(event);
                        }
                    }
                    Stage::Won | Stage::Lost => {
                        let won = t.to == Stage::Won;
                        if won {
                            steps |= Step::Won.bit();
                        }
                        closed = Some((event, won));
                    }
                    Stage::Lead | Stage::Disqualified => {}
                }
            }
        }
        Facts {
            record,
            steps,
            opened,
            closed,
            triaged,
            entered,
            // Only an open record is handed off, so a closed one is still with the owner it
            // closed under.
            owner: record.owner(),
        }
    }

    /// Whether the record reached `step` by a recorded event.
    pub(crate) fn recorded(&self, step: Step) -> bool {
        self.steps & step.bit() != 0
    }

    /// The highest step reached by a recorded event.
    pub(crate) fn highest(&self) -> Step {
        Step::ALL
            .into_iter()
            .rev()
            .find(|s| self.recorded(*s))
            .unwrap_or(Step::Lead)
    }

    /// The close, if it fell in `period`: when, and whether it was won.
    pub(crate) fn closed_in(&self, period: crate::pipeline::Period) -> Option<(&'a Event, bool)> {
        self.closed.filter(|(e, _)| period.contains(e.at))
    }

    /// The deal's cycle, opening to close, in seconds.
    pub(crate) fn cycle(&self) -> Option<i64> {
        let (closed, _) = self.closed?;
        Some(closed.at.seconds_since(self.opened?.at))
    }
}

impl Step {
    pub(crate) fn of_tier(tier: Tier) -> Step {
        match tier {
            Tier::Iql => Step::Iql,
            Tier::Mql => Step::Mql,
            Tier::Sql => Step::Sql,
        }
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

//! [`TriageSla`]: whether new leads are decided within the policy's window.

use core::fmt;

use crate::pipeline::facts::Facts;
use crate::pipeline::figures::Days;
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Durations, Period, Rate, Scope, echoed, owner_name};
use crate::states::{Record, Stage};
use crate::values::{Actor, Problems, RecordId, Timestamp};

/// A lead waiting for its first decision past the triage window.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Overdue {
    /// The lead.
    pub id: RecordId,
    /// Who owns it; `None` is the unassigned queue, where leads are most often forgotten.
    pub owner: Option<Actor>,
    /// How long it has waited at `as_of`, in seconds.
    pub waiting: i64,
}

/// The triage service level: every new lead is decided, qualified as a prospect or
/// disqualified, within the policy's window
/// ([`PipelineSpec::triage_hours`](crate::PipelineSpec::triage_hours), 24 hours by
/// default). Speed matters: interest cools by the hour.
///
/// A lead is overdue when it is still a lead at `as_of` and has waited longer than the
/// window since its capture (or since it was recycled into a lead again). Over the leads
/// captured in the period that have been decided, the report gives the share decided
/// within the window and the exact median and 90th percentile of the time to decide.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct TriageSla {
    /// The period whose captured leads are measured.
    pub period: Period,
    /// The moment overdue leads are judged at.
    pub as_of: Timestamp,
    /// The window, in seconds.
    pub window: i64,
    /// Time from capture to the first decision, for the period's decided leads.
    pub decided: Durations,
    /// How many of them were decided within the window.
    pub within: u64,
    /// Leads undecided past the window at `as_of`, by id.
    pub overdue: Vec<Overdue>,
}

impl TriageSla {
    /// The empty report of `scope`, the identity of [`merge`](TriageSla::merge).
    pub fn new(scope: &Scope<'_>) -> TriageSla {
        TriageSla {
            period: scope.period,
            as_of: scope.as_of,
            window: i64::from(scope.policy.spec().pipeline.triage_hours) * 3600,
            decided: Durations::default(),
            within: 0,
            overdue: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) {
        let record = facts.record;
        if let Some(decision) = facts.triaged
            && self.period.contains(record.captured_at())
        {
            let took = decision.at.seconds_since(record.captured_at());
            self.decided.push(took);
            if took <= self.window {
                self.within = self.within.saturating_add(1);
            }
        }
        if record.stage() == Stage::Lead {
            let waiting = self.as_of.seconds_since(facts.entered);
            if waiting > self.window {
                self.overdue.push(Overdue {
                    id: record.id().clone(),
                    owner: record.owner().cloned(),
                    waiting,
                });
            }
        }
    }

    /// The report over `records`.
    pub fn from_records<'r>(scope: &Scope<'_>, records: impl IntoIterator<Item = &'r Record>) -> TriageSla {
        let mut report = TriageSla::new(scope);
        for record in records {
            report.add(&Facts::of(record));
        }
        report.finish();
        report
    }

    pub(crate) fn finish(&mut self) {
        self.decided.sort();
        self.overdue.sort();
    }

    /// The share of decided leads decided within the window.
    pub fn within_window(&self) -> Rate {
        Rate::new(self.within, self.decided.len() as u64)
    }

    /// Both reports together; the period, `as_of` and window are `self`'s.
    #[must_use = "merge returns the merged report"]
    pub fn merge(mut self, other: TriageSla) -> TriageSla {
        self.decided = self.decided.merge(other.decided);
        self.within = self.within.saturating_add(other.within);
        self.overdue.extend(other.overdue);
        self.overdue.sort();
        self
    }
}

impl fmt::Display for TriageSla {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Triage within {} hours of capture, leads captured in {}",
            self.window / 3600,
            self.period
        )?;
        writeln!(f, "decided within the window: {}", self.within_window())?;
        match (self.decided.median(), self.decided.percentile(90)) {
            (Some(median), Some(p90)) => writeln!(
                f,
                "time to decide: median {}, 90th percentile {}",
                Days(median),
                Days(p90)
            )?,
            _ => writeln!(f, "time to decide: no lead decided yet")?,
        }
        writeln!(f, "overdue at {}: {}", self.as_of, self.overdue.len())?;
        for o in &self.overdue {
            writeln!(
                f,
                "  {:<20} {:<24} waiting {}",
                echoed(o.id.as_str()),
                owner_name(&o.owner),
                Days(o.waiting)
            )?;
        }
        Ok(())
    }
}

read_checked!(Overdue: "overdue lead", TriageSla: "triage");

impl Check for Overdue {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.waiting > 0,
            "waiting",
            format_args!("{} seconds is not past any window", self.waiting),
        );
    }
}

impl Check for TriageSla {
    fn check(&self, problems: &mut Problems<String>) {
        let decided = self.decided.len() as u64;
        require(
            problems,
            self.within <= decided,
            "within",
            format_args!("{} within the window of {decided} decided", self.within),
        );
        let in_window = self
            .decided
            .seconds()
            .iter()
            .filter(|&&s| s <= self.window)
            .count() as u64;
        require(
            problems,
            self.within == in_window,
            "within",
            format_args!(
                "{} within the window, where {in_window} of the decided durations are",
                self.within
            ),
        );
        require(
            problems,
            self.window >= 0,
            "window",
            format_args!("{} seconds is negative", self.window),
        );
        for (i, overdue) in self.overdue.iter().enumerate() {
            require(
                problems,
                overdue.waiting > self.window,
                format_args!("overdue[{i}].waiting"),
                format_args!(
                    "{} seconds is not past the window of {}",
                    overdue.waiting, self.window
                ),
            );
        }
        require(
            problems,
            self.overdue.is_sorted(),
            "overdue",
            "not in order, by lead",
        );
    }
}

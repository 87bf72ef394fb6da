//! [`Ageing`]: how long each open record has sat in its stage.

use core::fmt;

use crate::pipeline::facts::Facts;
use crate::pipeline::figures::Days;
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Scope, echoed, owner_name};
use crate::policy::StageDays;
use crate::states::{Record, Stage};
use crate::values::{Actor, Problems, RecordId, SECONDS_PER_DAY, Timestamp};

/// A record past its stage's limit.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Rotting {
    /// The record.
    pub id: RecordId,
    /// Who owns it.
    pub owner: Option<Actor>,
    /// The stage it sits in.
    pub stage: Stage,
    /// How long it has sat there at `as_of`, in seconds.
    pub age: i64,
    /// The stage's limit, in days.
    pub limit_days: u32,
}

/// One open stage's records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct StageAge {
    /// How many records sit in the stage.
    pub records: u64,
    /// How many of them are past its limit.
    pub past_limit: u64,
    /// The longest any has sat there, in seconds.
    pub oldest: i64,
}

/// Ageing: for every open record at `as_of`, the time in its current stage, against the
/// per-stage limits of the policy ([`PipelineSpec::stage_days`](crate::PipelineSpec)). A
/// deal that sits in one stage past its limit is rotting: its estimate was made for a deal
/// that moves.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Ageing {
    /// The moment ages are measured at.
    pub as_of: Timestamp,
    /// The limits.
    pub limits: StageDays,
    /// Lead, prospect, discovery, opportunity, in that order.
    pub stages: [StageAge; 4],
    /// The records past their limit, by id.
    pub rotting: Vec<Rotting>,
}

/// The open stages, in the order of [`Ageing::stages`].
const OPEN: [Stage; 4] = [Stage::Lead, Stage::Prospect, Stage::Discovery, Stage::Opportunity];

impl Ageing {
    /// The empty report of `scope`, the identity of [`merge`](Ageing::merge).
    pub fn new(scope: &Scope<'_>) -> Ageing {
        Ageing {
            as_of: scope.as_of,
            limits: scope.policy.spec().pipeline.stage_days,
            stages: [StageAge::default(); 4],
            rotting: Vec::new(),
        }
    }

    /// The limit of an open `stage`, in days.
    pub fn limit(&self, stage: Stage) -> Option<u32> {
        match stage {
            Stage::Lead => Some(self.limits.lead),
            Stage::Prospect => Some(self.limits.prospect),
            Stage::Discovery => Some(self.limits.discovery),
            Stage::Opportunity => Some(self.limits.opportunity),
            _ => None,
        }
    }

    /// The figures of an open `stage`.
    pub fn stage(&self, stage: Stage) -> Option<&StageAge> {
        OPEN.iter().position(|s| *s == stage).map(|i| &self.stages[i])
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) {
        let record = facts.record;
        let stage = record.stage();
        let (Some(i), Some(limit)) = (OPEN.iter().position(|s| *s == stage), self.limit(stage)) else {
            return;
        };
        let age = self.as_of.seconds_since(facts.entered);
        let row = &mut self.stages[i];
        row.records = row.records.saturating_add(1);
        row.oldest = row.oldest.max(age);
        if age > i64::from(limit) * SECONDS_PER_DAY {
            row.past_limit = row.past_limit.saturating_add(1);
            self.rotting.push(Rotting {
                id: record.id().clone(),
                owner: record.owner().cloned(),
                stage,
                age,
                limit_days: limit,
            });
        }
    }

    /// The report over `records`.
    pub fn from_records<'r>(scope: &Scope<'_>, records: impl IntoIterator<Item = &'r Record>) -> Ageing {
        let mut report = Ageing::new(scope);
        for record in records {
            report.add(&Facts::of(record));
        }
        report.rotting.sort();
        report
    }

    /// Both reports together; `as_of` and the limits are `self`'s.
    #[must_use = "merge returns the merged report"]
    pub fn merge(mut self, other: Ageing) -> Ageing {
        for (mine, theirs) in self.stages.iter_mut().zip(&other.stages) {
            mine.records = mine.records.saturating_add(theirs.records);
            mine.past_limit = mine.past_limit.saturating_add(theirs.past_limit);
            mine.oldest = mine.oldest.max(theirs.oldest);
        }
        self.rotting.extend(other.rotting);
        self.rotting.sort();
        self
    }
}

impl fmt::Display for Ageing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Ageing at {}", self.as_of)?;
        writeln!(
            f,
            "{:<20} {:>8} {:>8} {:>12} {:>10}",
            "stage", "records", "limit", "past limit", "oldest"
        )?;
        for (stage, row) in OPEN.iter().zip(&self.stages) {
            writeln!(
                f,
                "{:<20} {:>8} {:>7}d {:>12} {:>10}",
                stage.label(),
                row.records,
                self.limit(*stage).unwrap_or(0),
                row.past_limit,
                Days(row.oldest).to_string()
            )?;
        }
        for r in &self.rotting {
            writeln!(
                f,
                "  {:<20} {:<24} {} for {} (limit {}d)",
                echoed(r.id.as_str()),
                owner_name(&r.owner),
                r.stage.label(),
                Days(r.age),
                r.limit_days
            )?;
        }
        Ok(())
    }
}

read_checked!(StageAge: "stage age", Ageing: "ageing");

impl Check for StageAge {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.past_limit <= self.records,
            "past_limit",
            format_args!("{} past the limit of {} records", self.past_limit, self.records),
        );
        require(
            problems,
            self.records > 0 || self.oldest == 0,
            "oldest",
            format_args!("{} seconds old with no records", self.oldest),
        );
    }
}

impl Check for Ageing {
    fn check(&self, problems: &mut Problems<String>) {
        for (i, (stage, row)) in OPEN.iter().zip(&self.stages).enumerate() {
            let rotting = self.rotting.iter().filter(|r| r.stage == *stage).count() as u64;
            require(
                problems,
                rotting == row.past_limit,
                format_args!("stages[{i}].past_limit"),
                format_args!(
                    "{} past the limit, where {rotting} {} records are listed rotting",
                    row.past_limit,
                    stage.label()
                ),
            );
        }
        for (i, r) in self.rotting.iter().enumerate() {
            let limit = self.limit(r.stage);
            require(
                problems,
                limit == Some(r.limit_days) && r.age > i64::from(r.limit_days) * SECONDS_PER_DAY,
                format_args!("rotting[{i}]"),
                format_args!(
                    "{} seconds in {} is not past the limit of {} days",
                    r.age,
                    r.stage.label(),
                    limit.map_or_else(|| "an open stage".to_owned(), |d| d.to_string())
                ),
            );
        }
        require(
            problems,
            self.rotting.is_sorted(),
            "rotting",
            "not in order, by record",
        );
    }
}

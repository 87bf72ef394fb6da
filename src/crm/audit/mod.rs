//! [`Audit`]: what an imported pipeline claims beside what its evidence supports.

mod check;
mod counted;

use counted::{Counted, Tally};

use core::borrow::Borrow;
use core::fmt;
use std::collections::BTreeMap;

use crate::crm::excerpt::Excerpt;
use crate::crm::finding::ImportError;
use crate::crm::import::Imported;
use crate::crm::labels::Claim;
use crate::crm::mapping::Assumption;
use crate::pipeline::{PipelineError, Rate, Rows};
use crate::states::Stage;
use crate::values::Echo;
use crate::values::{Currency, Total};

/// How many rows claim a stage, and how many the evidence puts there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StageCount {
    /// Rows whose label claims the stage.
    pub claimed: u64,
    /// Rows the evidence types at the stage.
    pub typed: u64,
}

/// A dressed row: what it claims, where its evidence put it, and what it lacks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Dressed {
    /// The row's id, whole, as its record holds it (at most
    /// [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes, and trimmed past that).
    pub id: String,
    /// Its CRM label.
    pub label: Excerpt,
    /// What the label claims.
    pub claimed: Claim,
    /// The stage the evidence supports.
    pub typed: Stage,
    /// Each missing or hollow condition, in words.
    pub lacks: Vec<String>,
}

/// A row's finding other than a dressed stage, or a row the import refused, in words.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Note {
    /// The row's id: whole, as in [`Dressed::id`], for an id the import reads; for one it
    /// refused ([`ImportError::Id`]), the start its error keeps.
    pub id: String,
    /// What was found.
    pub note: String,
}

/// The close rate the CRM's labels state beside the one the evidence supports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct CloseAudit {
    /// Won by label of the deals by label (discovery, opportunity, won and lost labels).
    pub stated: Rate,
    /// Won of the deals the evidence supports (rows typed discovery, opportunity, won or
    /// lost).
    pub actual: Rate,
    /// Rows labelled won that the import did not carry to a win (the evidence of a deal
    /// or a won amount missing): counted in `stated`, not in `actual`.
    pub won_unsupported: u64,
}

/// One currency's weighted forecast by label beside the forecast by evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct ForecastAudit {
    /// Open rows labelled discovery or opportunity, each at the CRM's amount times the
    /// CRM's probability (its own, or its stage's default), summed exactly.
    pub by_label: Total,
    /// Open deals the evidence supports (of rows the CRM holds open), each at its
    /// budget's amount times the policy's estimate, summed exactly.
    pub by_evidence: Total,
    /// The part of `by_label` that rests on dressed rows, weighed as the CRM weighs them: a
    /// forecast by label overstates the real deals' by exactly this.
    pub dressed: Total,
    /// Open rows labelled deals with an amount but no probability to weigh it by.
    pub unweighted: u64,
}

/// An imported pipeline audited: per stage what the CRM claims and what the evidence
/// supports, every dressed row with what it lacks, the close rate and the weighted
/// forecast both ways, and every other finding.
///
/// Build it with [`Audit::of`] (or [`add`](Audit::add) row by row, then
/// [`finish`](Audit::finish)), per shard if you like, and combine the parts with
/// [`merge`](Audit::merge): the result equals the audit of the whole, whatever the order
/// and the split, and [`Audit::default`] is the identity.
///
/// Each record counts once. Rows with one id (a deal exported twice, a join that repeats
/// a row) are one record: the audit counts the row the CRM moved last, by the newest date
/// of its stage history ([`Imported::last_stage_change`]; a row without one is older than
/// any with one), and between rows equally recent, the one whose counted parts sort last
/// (its label, stages, forecast and findings, compared in that order); the others are a
/// note naming the id, how many rows have it and the label of the row counted. The rule
/// looks at the rows only, so the choice is the same in any order and any split. To make
/// it, an audit keeps what each id's counted row adds (its label, stages, forecast terms and
/// findings) beside the totals: memory, and the wire form, grow with the records counted,
/// about as much again as the lists of findings take. The totals and lists are what those
/// rows add up to: [`finish`](Audit::finish) and [`merge`](Audit::merge) recompute them,
/// and an audit read back must agree with them.
///
/// ```
/// use qualify::crm::{presets, Audit, Crm, CrmRow};
/// use qualify::Policy;
///
/// let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
/// let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "audit");
/// let rows = [
///     CrmRow::new("006-1", "Negotiation/Review"),
///     CrmRow::new("006-2", "Closed Lost"),
///     CrmRow::new("006-2", "Closed Lost"), // exported twice: one record
/// ];
/// let audit = Audit::of(rows.into_iter().map(|row| crm.import(row)))?;
/// assert_eq!(audit.close.stated.to_string(), "0/2 (0.0 %)");
/// assert_eq!(audit.close.actual.to_string(), "0/0 (-)");
/// assert_eq!(audit.dressed.len(), 2);
/// assert_eq!(
///     audit.notes[0].note,
///     "2 rows have this id: the audit counts only the one labelled \"Closed Lost\"",
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Audit {
    /// Records counted: rows imported, rows with one id once.
    pub rows: u64,
    /// Per stage, rows claimed and typed.
    pub stages: Rows<Stage, StageCount>,
    /// Open rows the import disqualified for a knockout of the policy, under a mapping
    /// that says to ([`OnKnockout::Disqualify`](crate::crm::OnKnockout::Disqualify)):
    /// counted among the rows typed disqualified, and each a note naming its knockouts.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_zero"))]
    pub knocked_out: u64,
    /// Every dressed row, by id.
    pub dressed: Vec<Dressed>,
    /// The close rate both ways.
    pub close: CloseAudit,
    /// The weighted forecast both ways, per currency.
    pub forecast: Rows<Currency, ForecastAudit>,
    /// Rows the import refused (an unknown label, an id that is not one), by id.
    pub refused: Vec<Note>,
    /// Every other finding (values that cannot be read, wins without an amount,
    /// probabilities beyond tolerance, changes, ids on more than one row), by id.
    pub notes: Vec<Note>,
    /// What the mappings of the rows counted took as evidence that the CRM does not record
    /// as such, each once, in order: the figures above rest on them.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub assumptions: Vec<Assumption>,
    /// Each record's id and what its counted row adds, in id order.
    #[cfg_attr(feature = "serde", serde(with = "counted::wire"))]
    counted: BTreeMap<String, Counted>,
}

impl Audit {
    /// The audit of every import's result, imported rows and refused ones, owned or
    /// borrowed (`Audit::of(&results)`).
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows, which no
    /// rows can make: each adds at most one decimal's worth, and a total holds 2^64 of them.
    pub fn of<R: Borrow<Result<Imported, ImportError>>>(
        results: impl IntoIterator<Item = R>,
    ) -> Result<Audit, PipelineError> {
        let mut audit = Audit::default();
        for result in results {
            match result.borrow() {
                Ok(imported) => audit.add(imported)?,
                Err(err) => audit.refuse(err),
            }
        }
        audit.settle()?;
        Ok(audit)
    }

    /// Counts one imported row: a row whose id the audit has counted is counted with it,
    /// as one record (see [`Audit`]). Call [`finish`](Audit::finish) after the last: it
    /// brings the totals and lists up to date.
    ///
    /// # Errors
    /// None: the sums this could once overflow are exact totals, summed by
    /// [`finish`](Audit::finish). The `Result` stays for callers that propagate it.
    pub fn add(&mut self, imported: &Imported) -> Result<(), PipelineError> {
        self.assume(&imported.assumptions);
        let counted = Counted::of(imported);
        match self.counted.get_mut(imported.record.id().as_str()) {
            Some(c) => c.join(counted),
            None => {
                self.counted.insert(imported.record.id().to_string(), counted);
            }
        }
        Ok(())
    }

    /// Counts a row the import refused.
    pub fn refuse(&mut self, err: &ImportError) {
        let id = match err {
            ImportError::Id { row, .. } => row.as_str().to_owned(),
            ImportError::UnknownLabel { row, .. }
            | ImportError::OtherRecord { row, .. }
            | ImportError::HistoryFull { row, .. }
            | ImportError::TimeRunsBackwards { row, .. }
            | ImportError::Actor { row, .. } => row.clone(),
        };
        self.refused.push(Note {
            id,
            note: err.to_string(),
        });
    }

    /// Brings the totals and lists up to date with the rows counted, every list in its
    /// canonical order, by row id.
    pub fn finish(&mut self) {
        // No audit built by `add` or read back can fail here: every row's forecast term is
        // at most one decimal's worth (checked on reading back), and a total holds 2^64 of
        // them. Were it to, the totals stay as they were.
        let _overflow = self.settle();
    }

    /// Adds `assumptions` to the audit's, each once, in order.
    fn assume(&mut self, assumptions: &[Assumption]) {
        for a in assumptions {
            if let Err(at) = self.assumptions.binary_search(a) {
                self.assumptions.insert(at, *a);
            }
        }
    }

    /// [`finish`](Audit::finish), failing on an overflow rather than leaving the totals.
    fn settle(&mut self) -> Result<(), PipelineError> {
        let t = Tally::of(&self.counted)?;
        self.rows = t.rows;
        self.stages = t.stages;
        self.knocked_out = t.knocked_out;
        self.close = t.close;
        self.forecast = t.forecast;
        self.dressed = t.dressed;
        self.notes = t.notes;
        self.refused.sort();
        Ok(())
    }

    /// Both audits, combined: a record counted in both counted once (see [`Audit`]), the
    /// totals and lists recomputed from the rows counted, the refused rows of both listed.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows, which no
    /// rows can make (see [`of`](Audit::of)).
    pub fn merge(mut self, other: Audit) -> Result<Audit, PipelineError> {
        let (mut big, small) = if self.counted.len() >= other.counted.len() {
            (core::mem::take(&mut self.counted), other.counted)
        } else {
            (other.counted, core::mem::take(&mut self.counted))
        };
        for (id, counted) in small {
            match big.get_mut(&id) {
                Some(c) => c.join(counted),
                None => {
                    big.insert(id, counted);
                }
            }
        }
        self.counted = big;
        self.refused.extend(other.refused);
        self.assume(&other.assumptions);
        self.settle()?;
        Ok(self)
    }
}

/// Whether a count is zero, so that serializing leaves it out.
#[cfg(feature = "serde")]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "CRM audit: {} rows imported, {} refused",
            self.rows,
            self.refused.len()
        )?;
        for a in &self.assumptions {
            writeln!(f, "assumed: {a}")?;
        }
        writeln!(f, "{:<14} {:>8} {:>12}", "stage", "claimed", "by evidence")?;
        for (stage, count) in self.stages.iter() {
            writeln!(
                f,
                "{:<14} {:>8} {:>12}",
                stage.as_str(),
                count.claimed,
                count.typed
            )?;
        }
        if self.knocked_out > 0 {
            writeln!(
                f,
                "  {} disqualified by a knockout of the policy, open in the CRM",
                self.knocked_out
            )?;
        }
        let c = &self.close;
        writeln!(f, "close rate: stated {}, by evidence {}", c.stated, c.actual)?;
        if c.won_unsupported > 0 {
            writeln!(
                f,
                "  {} won by label that the import did not carry to a win",
                c.won_unsupported
            )?;
        }
        for (currency, row) in self.forecast.iter() {
            write!(
                f,
                "forecast {currency}: by label {}, by evidence {}; {} of it rests on dressed deals",
                row.by_label.normalize(),
                row.by_evidence.normalize(),
                row.dressed.normalize()
            )?;
            if row.unweighted > 0 {
                write!(f, " ({} deals without a probability)", row.unweighted)?;
            }
            writeln!(f)?;
        }
        if !self.dressed.is_empty() {
            writeln!(f, "dressed ({}):", self.dressed.len())?;
            for d in &self.dressed {
                write!(
                    f,
                    "  {} {}: labelled {}, is {}",
                    Echo::plain(&d.id),
                    d.label,
                    d.claimed,
                    d.typed
                )?;
                if !d.lacks.is_empty() {
                    write!(f, ": {}", d.lacks.join("; "))?;
                }
                writeln!(f)?;
            }
        }
        for (title, notes) in [("refused", &self.refused), ("findings", &self.notes)] {
            if !notes.is_empty() {
                writeln!(f, "{title} ({}):", notes.len())?;
                for n in notes {
                    writeln!(f, "  {}: {}", Echo::plain(&n.id), n.note)?;
                }
            }
        }
        Ok(())
    }
}

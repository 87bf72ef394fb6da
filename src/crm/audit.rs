//! [`Audit`]: what an imported pipeline claims beside what its evidence supports.

use core::borrow::Borrow;
use core::fmt;

use crate::crm::excerpt::{Excerpt, row_id};
use crate::crm::finding::{Finding, ImportError};
use crate::crm::import::Imported;
use crate::crm::labels::Claim;
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{PipelineError, Rate, Rows};
use crate::states::{Record, Stage};
use crate::values::Echo;
use crate::values::{Currency, Money, Probability, Problems, Total};

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
/// Build it with [`Audit::of`] (or [`add`](Audit::add) row by row), per shard if you
/// like, and combine the parts with [`merge`](Audit::merge): the result equals the audit
/// of the whole, and [`Audit::default`] is the identity.
///
/// ```
/// use qualify::crm::{presets, Audit, Crm, CrmRow};
/// use qualify::Policy;
///
/// let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
/// let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "audit");
/// let rows = [CrmRow::new("006-1", "Negotiation/Review"), CrmRow::new("006-2", "Closed Lost")];
/// let audit = Audit::of(rows.into_iter().map(|row| crm.import(row)))?;
/// assert_eq!(audit.close.stated.to_string(), "0/2 (0.0 %)");
/// assert_eq!(audit.close.actual.to_string(), "0/0 (-)");
/// assert_eq!(audit.dressed.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Audit {
    /// Rows imported.
    pub rows: u64,
    /// Per stage, rows claimed and typed.
    pub stages: Rows<Stage, StageCount>,
    /// Every dressed row, by id.
    pub dressed: Vec<Dressed>,
    /// The close rate both ways.
    pub close: CloseAudit,
    /// The weighted forecast both ways, per currency.
    pub forecast: Rows<Currency, ForecastAudit>,
    /// Rows the import refused (an unknown label, an id that is not one), by id.
    pub refused: Vec<Note>,
    /// Every other finding (values that cannot be read, wins without an amount,
    /// probabilities beyond tolerance, changes), by id.
    pub notes: Vec<Note>,
}

fn add(a: Total, b: Total, currency: Currency) -> Result<Total, PipelineError> {
    a.checked_add(b).ok_or(PipelineError::Overflow {
        report: "audit",
        currency: Some(currency),
    })
}

/// An amount times a probability, exactly: neither is ever negative.
fn weighted(amount: Money, p: Probability) -> Result<Total, PipelineError> {
    Ok(Total::product(amount.amount(), p.value()).unwrap_or_default())
}

impl Audit {
    /// The audit of every import's result, imported rows and refused ones, owned or
    /// borrowed (`Audit::of(&results)`).
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows.
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
        audit.finish();
        Ok(audit)
    }

    /// Counts one imported row. Call [`finish`](Audit::finish) after the last.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows.
    pub fn add(&mut self, imported: &Imported) -> Result<(), PipelineError> {
        let record = &imported.record;
        let claim = imported.claim;
        let typed = record.stage();
        let dressed = imported.dressed().is_some();
        // The forecast first, every sum checked before anything is counted, so that an
        // overflow leaves the audit as it was.
        let by_label = match (
            matches!(claim, Claim::Discovery | Claim::Opportunity),
            imported.amount,
        ) {
            (true, Some(amount)) => Some((
                amount.currency(),
                imported.probability.map(|p| weighted(amount, p)).transpose()?,
            )),
            _ => None,
        };
        let deal = match record {
            Record::Discovery(d) => Some(d.probability()),
            Record::Opportunity(o) => Some(o.probability()),
            _ => None,
        };
        let open_row = !matches!(claim, Claim::Won | Claim::Lost | Claim::Disqualified);
        let by_evidence = match (deal.filter(|_| open_row), record.deal_amount()) {
            (Some(p), Some(amount)) => Some((amount.currency(), weighted(amount, p)?)),
            _ => None,
        };
        let current = |currency: Currency| self.forecast.get(&currency).copied().unwrap_or_default();
        let mut label_row = None;
        if let Some((currency, w)) = by_label {
            let mut row = current(currency);
            match w {
                Some(w) => {
                    row.by_label = add(row.by_label, w, currency)?;
                    if dressed {
                        row.dressed = add(row.dressed, w, currency)?;
                    }
                }
                None => row.unweighted = row.unweighted.saturating_add(1),
            }
            label_row = Some((currency, row));
        }
        let mut evidence_row = None;
        if let Some((currency, w)) = by_evidence {
            let mut row = match label_row {
                Some((c, row)) if c == currency => row,
                _ => current(currency),
            };
            row.by_evidence = add(row.by_evidence, w, currency)?;
            evidence_row = Some((currency, row));
        }
        // Written in that order, so that one currency's row carries both sides.
        for (currency, row) in [label_row, evidence_row].into_iter().flatten() {
            *self
                .forecast
                .entry_by(|k| k.cmp(&currency), || currency, ForecastAudit::default) = row;
        }

        self.rows = self.rows.saturating_add(1);
        fn count(rows: &mut Rows<Stage, StageCount>, stage: Stage) -> &mut StageCount {
            rows.entry_by(|k| k.cmp(&stage), || stage, StageCount::default)
        }
        let claimed = &mut count(&mut self.stages, claim.stage()).claimed;
        *claimed = claimed.saturating_add(1);
        let t = &mut count(&mut self.stages, typed).typed;
        *t = t.saturating_add(1);

        let is_deal = |s: Stage| {
            matches!(
                s,
                Stage::Discovery | Stage::Opportunity | Stage::Won | Stage::Lost
            )
        };
        let c = &mut self.close;
        if claim.is_deal() {
            c.stated.den = c.stated.den.saturating_add(1);
            if claim == Claim::Won {
                c.stated.num = c.stated.num.saturating_add(1);
                if typed != Stage::Won {
                    c.won_unsupported = c.won_unsupported.saturating_add(1);
                }
            }
        }
        if is_deal(typed) {
            c.actual.den = c.actual.den.saturating_add(1);
            if typed == Stage::Won {
                c.actual.num = c.actual.num.saturating_add(1);
            }
        }

        let id = || row_id(&imported.row.id);
        for finding in &imported.findings {
            match finding {
                Finding::Dressed {
                    claimed,
                    typed,
                    unmet,
                } => self.dressed.push(Dressed {
                    id: id(),
                    label: Excerpt::new(&imported.label),
                    claimed: *claimed,
                    typed: *typed,
                    lacks: unmet.iter().map(ToString::to_string).collect(),
                }),
                other => self.notes.push(Note {
                    id: id(),
                    note: other.to_string(),
                }),
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
            | ImportError::TimeRunsBackwards { row, .. } => row.clone(),
        };
        self.refused.push(Note {
            id,
            note: err.to_string(),
        });
    }

    /// Puts every list in its canonical order, by row id.
    pub fn finish(&mut self) {
        self.dressed.sort();
        self.refused.sort();
        self.notes.sort();
    }

    /// Both audits, combined: counts and sums added, lists merged in order.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows.
    pub fn merge(mut self, other: Audit) -> Result<Audit, PipelineError> {
        self.rows = self.rows.saturating_add(other.rows);
        self.stages = self.stages.merge_with(other.stages, |_, a, b| {
            a.claimed = a.claimed.saturating_add(b.claimed);
            a.typed = a.typed.saturating_add(b.typed);
            Ok::<(), PipelineError>(())
        })?;
        let c = &mut self.close;
        let o = other.close;
        c.stated = Rate::new(
            c.stated.num.saturating_add(o.stated.num),
            c.stated.den.saturating_add(o.stated.den),
        );
        c.actual = Rate::new(
            c.actual.num.saturating_add(o.actual.num),
            c.actual.den.saturating_add(o.actual.den),
        );
        c.won_unsupported = c.won_unsupported.saturating_add(o.won_unsupported);
        self.forecast = self.forecast.merge_with(other.forecast, |currency, a, b| {
            a.by_label = add(a.by_label, b.by_label, *currency)?;
            a.by_evidence = add(a.by_evidence, b.by_evidence, *currency)?;
            a.dressed = add(a.dressed, b.dressed, *currency)?;
            a.unweighted = a.unweighted.saturating_add(b.unweighted);
            Ok(())
        })?;
        self.dressed.extend(other.dressed);
        self.refused.extend(other.refused);
        self.notes.extend(other.notes);
        self.finish();
        Ok(self)
    }
}

impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "CRM audit: {} rows imported, {} refused",
            self.rows,
            self.refused.len()
        )?;
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

read_checked!(CloseAudit: "close audit", ForecastAudit: "forecast audit", Audit: "audit");

impl Check for CloseAudit {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.won_unsupported <= self.stated.num,
            "won_unsupported",
            format_args!("{} of {} won by label", self.won_unsupported, self.stated.num),
        );
    }
}

impl Check for ForecastAudit {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.dressed.at_most(self.by_label),
            "dressed",
            format_args!(
                "{} is more than the forecast by label it is part of, {}",
                self.dressed, self.by_label
            ),
        );
    }
}

impl Check for Audit {
    fn check(&self, problems: &mut Problems<String>) {
        let claimed: u128 = self.stages.iter().map(|(_, c)| u128::from(c.claimed)).sum();
        let typed: u128 = self.stages.iter().map(|(_, c)| u128::from(c.typed)).sum();
        for (field, sum) in [("claimed", claimed), ("typed", typed)] {
            require(
                problems,
                sum == u128::from(self.rows),
                format_args!("stages.{field}"),
                format_args!("{sum} rows in all stages, where {} rows were imported", self.rows),
            );
        }
        for (field, rate) in [("stated", self.close.stated), ("actual", self.close.actual)] {
            require(
                problems,
                rate.den <= self.rows,
                format_args!("close.{field}.den"),
                format_args!("{} deals of {} rows", rate.den, self.rows),
            );
        }
        for (field, sorted) in [
            ("dressed", self.dressed.is_sorted()),
            ("refused", self.refused.is_sorted()),
            ("notes", self.notes.is_sorted()),
        ] {
            require(problems, sorted, field, "not in order, by row");
        }
    }
}

//! What one record adds to an audit ([`Counted`]), and the counts, sums and lists the
//! counted rows add up to ([`Tally`]): the audit keeps the first, and recomputes the
//! second when it is finished or merged, so that rows with one id count once in any order.

use std::collections::BTreeMap;

use crate::crm::audit::{CloseAudit, Dressed, ForecastAudit, Note, StageCount};
use crate::crm::excerpt::{Excerpt, row_id};
use crate::crm::finding::Finding;
use crate::crm::import::Imported;
use crate::crm::labels::Claim;
use crate::pipeline::{PipelineError, Rows};
use crate::states::{Record, Stage};
use crate::values::{Currency, Timestamp, Total};

/// What one record adds to an audit: the row counted for its id, and how many rows had it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Counted {
    /// How many rows had the id.
    pub(super) rows: u64,
    /// The counted row's newest stage change.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub(super) changed: Option<Timestamp>,
    /// The label that made the claim.
    pub(super) label: Excerpt,
    pub(super) claim: Claim,
    pub(super) typed: Stage,
    /// An open row labelled a deal, with an amount: its currency, and the amount times
    /// the CRM's probability, if it states one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub(super) by_label: Option<(Currency, Option<Total>)>,
    /// An open deal by its evidence: its budget's currency, and the amount times the
    /// policy's estimate.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub(super) by_evidence: Option<(Currency, Total)>,
    /// Whether the import disqualified the open row for a knockout.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "core::ops::Not::not")
    )]
    pub(super) knocked_out: bool,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub(super) dressed: Vec<Dressed>,
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub(super) notes: Vec<Note>,
}

impl Counted {
    pub(super) fn of(imported: &Imported) -> Counted {
        let record = &imported.record;
        let claim = imported.claim;
        let by_label = match (
            matches!(claim, Claim::Discovery | Claim::Opportunity),
            imported.amount,
        ) {
            (true, Some(amount)) => Some((
                amount.currency(),
                imported.probability.map(|p| Total::weighted(amount, p)),
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
            (Some(p), Some(amount)) => Some((amount.currency(), Total::weighted(amount, p))),
            _ => None,
        };
        let knocked_out = open_row
            && record.stage() == Stage::Disqualified
            && imported
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Knockout { .. }));
        let id = row_id(&imported.row.id);
        let label = Excerpt::new(&imported.label);
        let (mut dressed, mut notes) = (Vec::new(), Vec::new());
        for finding in &imported.findings {
            match finding {
                Finding::Dressed {
                    claimed,
                    typed,
                    unmet,
                } => dressed.push(Dressed {
                    id: id.clone(),
                    label: label.clone(),
                    claimed: *claimed,
                    typed: *typed,
                    lacks: unmet.iter().map(ToString::to_string).collect(),
                }),
                other => notes.push(Note {
                    id: id.clone(),
                    note: other.to_string(),
                }),
            }
        }
        Counted {
            rows: 1,
            changed: imported.last_stage_change,
            label,
            claim,
            typed: record.stage(),
            by_label,
            by_evidence,
            knocked_out,
            dressed,
            notes,
        }
    }

    /// What decides which of two rows with one id counts: the later stage change, then
    /// the counted parts. Rows equal in all of them add the same.
    fn rank(&self) -> impl Ord + '_ {
        let shown = |t: Total| t.to_string();
        (
            self.changed,
            &self.label,
            self.claim,
            self.typed,
            self.by_label.map(|(c, w)| (c, w.map(shown))),
            self.by_evidence.map(|(c, w)| (c, shown(w))),
            self.knocked_out,
            &self.dressed,
            &self.notes,
        )
    }

    /// Another row with the id: the two counted as one, the later standing.
    pub(super) fn join(&mut self, other: Counted) {
        let rows = self.rows.saturating_add(other.rows);
        if other.rank() > self.rank() {
            *self = other;
        }
        self.rows = rows;
    }
}

fn add(a: Total, b: Total, currency: Currency) -> Result<Total, PipelineError> {
    a.checked_add(b).ok_or(PipelineError::Overflow {
        report: "audit",
        currency: Some(currency),
    })
}

/// The counts, sums and lists the counted rows add up to.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) rows: u64,
    pub(super) stages: Rows<Stage, StageCount>,
    pub(super) knocked_out: u64,
    pub(super) close: CloseAudit,
    pub(super) forecast: Rows<Currency, ForecastAudit>,
    pub(super) dressed: Vec<Dressed>,
    pub(super) notes: Vec<Note>,
}

impl Tally {
    /// What `counted` adds up to, its lists in order. Each forecast term is at most one
    /// decimal's worth (an amount times a probability), so no fewer than 2^64 of them
    /// overflow a total.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose forecast overflows, which only
    /// terms larger than a row's can reach.
    pub(super) fn of(counted: &BTreeMap<String, Counted>) -> Result<Tally, PipelineError> {
        let mut t = Tally::default();
        for (id, c) in counted {
            t.count(c)?;
            t.dressed.extend(c.dressed.iter().cloned());
            t.notes.extend(c.notes.iter().cloned());
            if c.rows > 1 {
                t.notes.push(Note {
                    id: id.clone(),
                    note: format!(
                        "{} rows have this id: the audit counts only the one labelled {}",
                        c.rows, c.label
                    ),
                });
            }
        }
        t.dressed.sort();
        t.notes.sort();
        Ok(t)
    }

    /// Counts one record's row.
    fn count(&mut self, c: &Counted) -> Result<(), PipelineError> {
        let dressed = !c.dressed.is_empty();
        if let Some((currency, w)) = c.by_label {
            let row = forecast_row(&mut self.forecast, currency);
            match w {
                Some(w) => {
                    row.by_label = add(row.by_label, w, currency)?;
                    if dressed {
                        row.dressed = add(row.dressed, w, currency)?;
                    }
                }
                None => row.unweighted = row.unweighted.saturating_add(1),
            }
        }
        if let Some((currency, w)) = c.by_evidence {
            let row = forecast_row(&mut self.forecast, currency);
            row.by_evidence = add(row.by_evidence, w, currency)?;
        }

        self.rows = self.rows.saturating_add(1);
        fn count(rows: &mut Rows<Stage, StageCount>, stage: Stage) -> &mut StageCount {
            rows.entry_by(|k| k.cmp(&stage), || stage, StageCount::default)
        }
        let claimed = &mut count(&mut self.stages, c.claim.stage()).claimed;
        *claimed = claimed.saturating_add(1);
        let typed = &mut count(&mut self.stages, c.typed).typed;
        *typed = typed.saturating_add(1);
        if c.knocked_out {
            self.knocked_out = self.knocked_out.saturating_add(1);
        }

        let is_deal = |s: Stage| {
            matches!(
                s,
                Stage::Discovery | Stage::Opportunity | Stage::Won | Stage::Lost
            )
        };
        let close = &mut self.close;
        if c.claim.is_deal() {
            close.stated.den = close.stated.den.saturating_add(1);
            if c.claim == Claim::Won {
                close.stated.num = close.stated.num.saturating_add(1);
                if c.typed != Stage::Won {
                    close.won_unsupported = close.won_unsupported.saturating_add(1);
                }
            }
        }
        if is_deal(c.typed) {
            close.actual.den = close.actual.den.saturating_add(1);
            if c.typed == Stage::Won {
                close.actual.num = close.actual.num.saturating_add(1);
            }
        }
        Ok(())
    }
}

fn forecast_row(rows: &mut Rows<Currency, ForecastAudit>, currency: Currency) -> &mut ForecastAudit {
    rows.entry_by(|k| k.cmp(&currency), || currency, ForecastAudit::default)
}

#[cfg(feature = "serde")]
pub(super) mod wire {
    //! The counted rows on the wire: a list of `[id, row]` pairs in id order, each id once.

    use std::collections::BTreeMap;

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::crm::audit::counted::Counted;
    use crate::values::Echo;

    pub(in crate::crm::audit) fn serialize<S: Serializer>(
        counted: &BTreeMap<String, Counted>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(counted)
    }

    pub(in crate::crm::audit) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Counted>, D::Error> {
        let mut counted = BTreeMap::new();
        for (id, row) in Vec::<(String, Counted)>::deserialize(d)? {
            if counted
                .last_key_value()
                .is_some_and(|(last, _): (&String, _)| *last >= id)
            {
                return Err(D::Error::custom(format_args!(
                    "counted: id {} is not after the id before it: ids are listed in order, each once",
                    Echo::quoted(&id)
                )));
            }
            counted.insert(id, row);
        }
        Ok(counted)
    }
}

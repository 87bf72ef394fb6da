//! What an import finds: [`Finding`], and the [`ImportError`] of a row it cannot import.
//! Each repeats at most an [`Excerpt`] of a value from the row or the mapping.

use core::fmt;

use rust_decimal::Decimal;

use crate::crm::excerpt::Excerpt;
use crate::crm::labels::Claim;
use crate::evidence::{EvidenceKind, Unmet};
use crate::states::Stage;
use crate::values::{Echo, Probability, Timestamp};

/// One disagreement between what a CRM row says and what its evidence supports, or a
/// value the import could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "finding", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Finding {
    /// The label claims more than the evidence supports: the record stopped at `typed`,
    /// for the reasons `unmet` lists (every missing or hollow condition). A lost row that
    /// was never a deal is `Disqualified`; a won row without the evidence of one stays open
    /// at the stage its evidence supports.
    Dressed {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record is at.
        typed: Stage,
        /// What kept it from going higher.
        unmet: Vec<Unmet>,
    },
    /// Labelled won (a customer) with no won amount to record: it stays an opportunity.
    /// This, not [`Dressed`](Finding::Dressed), is the finding of a win the evidence
    /// supports but the row cannot record.
    WonWithoutAmount,
    /// The CRM's probability is further from the policy's estimate than the mapping's
    /// tolerance.
    Probability {
        /// What the CRM stored.
        stored: Probability,
        /// What the policy estimates from the evidence.
        estimate: Probability,
        /// The mapping's tolerance.
        tolerance: Decimal,
    },
    /// A budget labelled approved whose amount field is empty: the budget counts as
    /// approved, its amount unknown
    /// ([`BudgetStatus::ApprovedAmountUnknown`](crate::BudgetStatus::ApprovedAmountUnknown)).
    /// An amount that is written but does not read (`TBD`) is a
    /// [`Finding::Unreadable`] instead, which says what was written.
    BudgetWithoutAmount {
        /// The CRM's field that holds the budget's amount (or the row's amount).
        field: Excerpt,
    },
    /// A value that cannot be read: the import went on without it.
    Unreadable {
        /// The CRM's field.
        field: Excerpt,
        /// The value, as written.
        value: Excerpt,
        /// What was expected.
        expected: &'static str,
    },
    /// Two of the row's dates contradict each other: `field` is dated after `other`, which
    /// it must not be (a record created after it closed, a stage change dated after the
    /// one the CRM recorded next). Where the import relies on the date it goes by the
    /// other: a record created after it closed is captured before it closes.
    OutOfOrder {
        /// The CRM's field dated too late (`CreatedDate`, `stage_history[1].at`).
        field: Excerpt,
        /// Its date, as written.
        value: Excerpt,
        /// The CRM's field it must not be after (`CloseDate`, `stage_history[2].at`).
        other: Excerpt,
        /// That field's date, as written.
        other_value: Excerpt,
    },
    /// A date of the row after the import's moment, where the CRM says it has passed: a
    /// record created, or closed, after `as_of`. The import goes by `as_of`: the record is
    /// captured, and closes, no later than it.
    AfterImport {
        /// The CRM's field.
        field: Excerpt,
        /// Its date, as written.
        value: Excerpt,
        /// The import's moment.
        as_of: Timestamp,
    },
    /// A stage change the CRM recorded under a label the mapping does not know.
    UnknownHistoryLabel {
        /// Its place in the row's stage history.
        index: usize,
        /// The label.
        label: Excerpt,
    },
    /// A value the CRM changed since the row was last imported: a field, or an entry of
    /// the stage history (`stage_history[2]`, shown as its label and date).
    Changed {
        /// The CRM's field, as [`Unreadable`](Finding::Unreadable) names it (`Amount`, not
        /// the row's slot `amount`); a slot the mapping has no column for, by the slot's
        /// name.
        field: Excerpt,
        /// Before.
        before: Option<Excerpt>,
        /// Now.
        after: Option<Excerpt>,
    },
    /// The label claims less than the record is, and the crate has no transition back (a
    /// prospect whose CRM label went back to lead): the record stays where it is.
    AboveLabel {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record is at.
        typed: Stage,
    },
    /// The CRM closes the row otherwise than the record closed (lost where the record
    /// won, say): a closed record does not move, and the CRM's word is this finding.
    Closed {
        /// What the label claims.
        claimed: Claim,
        /// The stage the record closed at.
        typed: Stage,
    },
    /// Evidence the CRM changed that the record's stage holds fixed (an opportunity's
    /// conditions, a prospect's fit): the record keeps what it was typed with; refresh or
    /// demote it to take the new evidence.
    Kept {
        /// Which evidence.
        evidence: EvidenceKind,
    },
    /// The row's fit evidence hits knockouts of the policy: a competitor, a student, a
    /// company too small ever to buy, a lead that is not for the team whatever its label.
    /// Noted under a mapping that disqualifies on a knockout
    /// ([`OnKnockout::Disqualify`](crate::crm::OnKnockout::Disqualify)), beside the
    /// [`Dressed`](Finding::Dressed) finding that says where the record stands: an open row
    /// is disqualified for them, and a row the CRM won or lost keeps the CRM's outcome
    /// (write-back never reopens it), so a person can look at the deal. A row the CRM
    /// disqualified agrees with its knockouts, and has no such finding.
    Knockout {
        /// The knockouts hit, by their names in the policy, in policy order.
        names: Vec<Excerpt>,
        /// The row's CRM label.
        label: Excerpt,
    },
    /// The label claims less than the evidence supports: the record stopped at its label,
    /// as an import never moves a record above it, but its evidence would carry it to
    /// `supported` (a lead whose fit qualifies it, a prospect whose four conditions make it
    /// an opportunity). The CRM is behind the evidence; write-back leaves the row's stage
    /// as it is, since moving a row up is a person's call (the seller may not have spoken
    /// to the buyer yet), and this finding is for that person.
    BehindEvidence {
        /// What the label claims.
        claimed: Claim,
        /// The highest stage the evidence supports.
        supported: Stage,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Dressed {
                claimed,
                typed,
                unmet,
            } => {
                write!(f, "labelled {claimed}, but the evidence supports {typed}")?;
                for (i, u) in unmet.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    write!(f, "{u}")?;
                }
                Ok(())
            }
            Finding::WonWithoutAmount => f.write_str("labelled won, but no won amount is recorded"),
            Finding::BudgetWithoutAmount { field } => write!(
                f,
                "field {field}: the budget is approved but no amount is recorded; counted as approved, amount unknown"
            ),
            Finding::Probability {
                stored,
                estimate,
                tolerance,
            } => write!(
                f,
                "the CRM's probability {stored} is more than {tolerance} from the policy's estimate {estimate}"
            ),
            Finding::Unreadable {
                field,
                value,
                expected,
            } => {
                write!(f, "field {field}: {value} is not {expected}")
            }
            Finding::OutOfOrder {
                field,
                value,
                other,
                other_value,
            } => write!(
                f,
                "field {field} ({value}) is after field {other} ({other_value})"
            ),
            Finding::AfterImport { field, value, as_of } => {
                write!(f, "field {field} ({value}) is after the import's moment, {as_of}")
            }
            Finding::UnknownHistoryLabel { index, label } => {
                write!(f, "stage_history[{index}]: label {label} is not in the mapping")
            }
            Finding::Changed { field, before, after } => {
                let shown = |v: &Option<Excerpt>| v.as_ref().map_or("(none)".to_owned(), Excerpt::to_string);
                write!(
                    f,
                    "field {field} changed from {} to {}",
                    shown(before),
                    shown(after)
                )
            }
            Finding::AboveLabel { claimed, typed } => write!(
                f,
                "labelled {claimed}, but the record is {typed} already, and the crate does not move it back"
            ),
            Finding::Closed { claimed, typed } => write!(
                f,
                "labelled {claimed}, but the record closed as {typed}, and a closed record does not move"
            ),
            Finding::Kept { evidence } => write!(
                f,
                "the CRM changed the {evidence} evidence; the record keeps what it was typed with"
            ),
            Finding::Knockout { names, label } => {
                f.write_str(if names.len() == 1 {
                    "knockout "
                } else {
                    "knockouts "
                })?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{name}")?;
                }
                write!(f, " hit: the CRM holds it at {label}")
            }
            Finding::BehindEvidence { claimed, supported } => write!(
                f,
                "labelled {claimed}, but the evidence supports {supported}: the CRM is behind"
            ),
        }
    }
}

/// A row that cannot be imported.
///
/// Its `row` names the row to the host: the row's id whole, as a record id holds it (at
/// most [`MAX_ID_LEN`](crate::MAX_ID_LEN) bytes), except in [`ImportError::Id`], whose id
/// is not one and is kept as an [`Excerpt`]. Messages repeat at most an excerpt of each
/// value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The row's stage or status label is not in the mapping: the import does not guess.
    #[error("row {}: {field} label {label} is not in mapping {mapping}", Echo::quoted(.row))]
    UnknownLabel {
        /// The row's id.
        row: String,
        /// `stage` or `status`.
        field: &'static str,
        /// The label.
        label: Excerpt,
        /// The mapping's name.
        mapping: Excerpt,
    },
    /// The row's id is not a record id.
    #[error("row {row}: id {problem}")]
    Id {
        /// The id, as written.
        row: Excerpt,
        /// Why it is not one.
        problem: String,
    },
    /// A re-import was given a record of another row.
    #[error("row {}: the record given is {}", Echo::quoted(.row), Echo::quoted(.record))]
    OtherRecord {
        /// The row's id.
        row: String,
        /// The record's id.
        record: String,
    },
    /// A re-import onto a record whose history is full.
    #[error("row {}: the record's history holds {max} events, as many as it can", Echo::quoted(.row))]
    HistoryFull {
        /// The row's id.
        row: String,
        /// The limit.
        max: usize,
    },
    /// The import's actor (`Crm::new`'s `by`) names no one: blank, or no letter or digit.
    /// Every event and piece of evidence an import records is by its actor, and a record
    /// with an event by nobody does not load, so nothing is imported.
    #[error("row {}: {unmet}", Echo::quoted(.row))]
    Actor {
        /// The row's id.
        row: String,
        /// [`Unmet::HollowActor`], naming the actor.
        unmet: Unmet,
    },
    /// A re-import at a moment before the record's newest event.
    #[error("row {}: as_of {as_of} is before the record's newest event at {latest}", Echo::quoted(.row))]
    TimeRunsBackwards {
        /// The row's id.
        row: String,
        /// The import's moment.
        as_of: Timestamp,
        /// The record's newest event.
        latest: Timestamp,
    },
}

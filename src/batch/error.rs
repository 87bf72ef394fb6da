//! [`BatchError`]: why a row, a column or a batch was refused.

use crate::engine::Plan;
use crate::policy::Field;

/// Why a row, a column or a batch was refused. Nothing is scored from a refused input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The row, slot or batch was built for a policy that reads other fields or lists other
    /// values; its codes would be misread here.
    #[error("built for policy {built_for:?}, which reads other fields or values than policy {policy:?}")]
    OtherPolicy {
        /// The version of the policy it was built for.
        built_for: String,
        /// The version of the policy asked to read it.
        policy: String,
    },
    /// The field does not take this kind of value.
    #[error("{field} takes {expected}")]
    Type {
        /// The field.
        field: Field,
        /// What it takes, in words (`a number`, `text`, `a seniority`).
        expected: &'static str,
    },
    /// A column, or the signals, have another number of leads than the batch.
    #[error("{what} has {found} leads, the batch {expected}")]
    Length {
        /// The column's field, or `signals`.
        what: String,
        /// The batch's number of leads.
        expected: usize,
        /// The column's.
        found: usize,
    },
    /// The signals' ends are not a rising sequence within the signals.
    #[error("signal ends must rise and stay within the {signals} signals; lead {lead} ends at {end}")]
    Ends {
        /// The first lead whose end is out of order.
        lead: usize,
        /// Its end.
        end: usize,
        /// How many signals there are.
        signals: usize,
    },
    /// Arrow refused an array or a table.
    #[error("arrow: {message}")]
    Arrow {
        /// Arrow's error, as it prints it.
        message: String,
    },
    /// An Arrow array of a type the batch does not read.
    #[error("{field} cannot be read from an Arrow array of type {data_type}")]
    ArrowType {
        /// The field.
        field: Field,
        /// The array's data type, as Arrow prints it.
        data_type: String,
    },
}

impl BatchError {
    pub(crate) fn other_policy(built_for: &Plan, policy: &Plan) -> BatchError {
        BatchError::OtherPolicy {
            built_for: built_for.version.to_string(),
            policy: policy.version.to_string(),
        }
    }
}

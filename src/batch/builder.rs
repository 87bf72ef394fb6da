//! [`BatchBuilder`]: a batch filled from rows or profiles.

use std::sync::Arc;

use crate::batch::column::{Codes, Signals};
use crate::batch::{Batch, BatchError, Row};
use crate::engine::{Plan, Policy};
use crate::profile::{Profile, Signal};

/// Fills a [`Batch`] lead by lead, from [`Profile`]s or [`Row`]s, storing each field's
/// codes in a column of its own.
///
/// Its vectors grow as leads are pushed (so the allocations are a few per column, not one
/// per lead) and [`BatchBuilder::clear`] keeps them: a builder refilled for each batch
/// allocates nothing once it has grown to size.
///
/// ```
/// use qualify::batch::BatchBuilder;
/// use qualify::{Policy, Profile, Signal, SignalKind};
///
/// let policy = Policy::default();
/// let now = "2026-11-25T09:00:00Z".parse()?;
/// let leads = [
///     (Profile::new().employees(2_400).industry("Software"), vec![Signal::new(SignalKind::DemoRequest, now)]),
///     (Profile::new().employees(12), vec![]),
/// ];
/// let mut builder = BatchBuilder::new(&policy);
/// for (profile, signals) in &leads {
///     builder.push_profile(profile, signals);
/// }
/// let mut out = Vec::new();
/// policy.assess_batch(&builder.batch(), now, &mut out)?;
/// for ((profile, signals), a) in leads.iter().zip(&out) {
///     assert_eq!(*a, policy.assess(profile, signals, now));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct BatchBuilder {
    plan: Arc<Plan>,
    /// By slot, each lead's code.
    columns: Vec<Vec<u32>>,
    signals: Vec<Signal>,
    ends: Vec<usize>,
}

impl BatchBuilder {
    /// An empty builder for `policy`.
    pub fn new(policy: &Policy) -> BatchBuilder {
        let plan = Arc::clone(&policy.compiled().plan);
        let columns = plan.slots.iter().map(|_| Vec::new()).collect();
        BatchBuilder {
            plan,
            columns,
            signals: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// How many leads it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it has no leads.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Empties it, keeping its room.
    pub fn clear(&mut self) {
        self.columns.iter_mut().for_each(Vec::clear);
        self.signals.clear();
        self.ends.clear();
    }

    /// Adds a lead from its profile and signals.
    pub fn push_profile(&mut self, profile: &Profile, signals: &[Signal]) {
        let columns = &mut self.columns;
        self.plan.codes(profile, |i, code| {
            if let Some(column) = columns.get_mut(i) {
                column.push(code);
            }
        });
        self.push_signals(signals);
    }

    /// Adds a lead from its row and signals.
    ///
    /// # Errors
    /// [`BatchError::OtherPolicy`] when the row was built for a policy that reads other
    /// fields or values; nothing is added.
    pub fn push_row(&mut self, row: &Row, signals: &[Signal]) -> Result<(), BatchError> {
        if !row.plan().reads_as(&self.plan) {
            return Err(BatchError::other_policy(row.plan(), &self.plan));
        }
        for (column, &code) in self.columns.iter_mut().zip(row.codes()) {
            column.push(code);
        }
        self.push_signals(signals);
        Ok(())
    }

    fn push_signals(&mut self, signals: &[Signal]) {
        self.signals.extend_from_slice(signals);
        self.ends.push(self.signals.len());
    }

    /// The batch of every lead pushed, borrowing the builder's columns.
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            plan: Arc::clone(&self.plan),
            len: self.len(),
            columns: self
                .columns
                .iter()
                .map(|c| Some(Box::new(Codes(c)) as Box<dyn crate::batch::column::Encode + '_>))
                .collect(),
            signals: Signals::Runs {
                signals: &self.signals,
                ends: &self.ends,
            },
        }
    }
}

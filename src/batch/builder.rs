//! [`BatchBuilder`]: a batch filled from rows or profiles.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::batch::column::{Codes, Signals};
use crate::batch::{Batch, BatchError, Row};
use crate::engine::{Plan, Policy};
use crate::profile::{Profile, Signal, SignalKind};
use crate::values::Timestamp;

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
#[derive(Clone)]
pub struct BatchBuilder {
    plan: Arc<Plan>,
    /// By slot, each lead's code.
    columns: Vec<Vec<u32>>,
    /// Every lead's signals in turn, each as its kind's code and its time.
    signals: Vec<(u32, Timestamp)>,
    ends: Vec<usize>,
    /// The custom signal kinds seen, in the order first seen: kind `KNOWN.len() + i` is
    /// `kinds[i]`. Each is copied once, not once per signal.
    kinds: Vec<SignalKind>,
    codes: BTreeMap<String, u32>,
}

impl core::fmt::Debug for BatchBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BatchBuilder")
            .field("policy", &self.plan.version)
            .field("leads", &self.len())
            .field("signals", &self.signals.len())
            .finish()
    }
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
            kinds: Vec::new(),
            codes: BTreeMap::new(),
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

    /// Empties it, keeping its room (and the custom signal kinds it has seen).
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
        for signal in signals {
            let code = match (&signal.kind, signal.kind.known_index()) {
                (_, Some(i)) => i as u32,
                (SignalKind::Custom(name), None) => match self.codes.get(name.as_str()) {
                    Some(&code) => code,
                    None => {
                        let code = (SignalKind::KNOWN.len() + self.kinds.len()) as u32;
                        self.kinds.push(signal.kind.clone());
                        self.codes.insert(name.clone(), code);
                        code
                    }
                },
                // Every kind but a custom one is known.
                (_, None) => u32::MAX,
            };
            self.signals.push((code, signal.at));
        }
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
            signals: Signals::Coded {
                signals: &self.signals,
                ends: &self.ends,
                kinds: &self.kinds,
            },
        }
    }
}

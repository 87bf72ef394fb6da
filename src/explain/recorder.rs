//! The sink that writes down every step of an evaluation.

use crate::engine::{Kind, Policy, Sink, tier_of};
use crate::explain::{Adjustment, DecayApplied, SignalOutcome};
use crate::policy::Decay;
use crate::profile::Signal;
use crate::values::to_decimal;

/// The sink that writes every step of an evaluation down.
pub(crate) struct Recorder<'s> {
    pub(crate) signals: &'s [Signal],
    pub(crate) decay: Decay,
    /// Whether each criterion was met, in policy order.
    pub(crate) criteria: Vec<bool>,
    /// Whether each knockout hit, in policy order.
    pub(crate) knockouts: Vec<bool>,
    pub(crate) outcomes: Vec<SignalOutcome>,
    /// Under the act rule, the index of the signal whose act holds the tier.
    pub(crate) held_by: Option<usize>,
    pub(crate) adjustments: Vec<Adjustment>,
    pub(crate) clamped_from: Option<i64>,
}

impl<'s> Recorder<'s> {
    /// A recorder for the fit and engagement of a record with these signals, its lists
    /// sized up front.
    pub(crate) fn assessment(policy: &Policy, signals: &'s [Signal]) -> Recorder<'s> {
        let notes = &policy.compiled().notes;
        Recorder {
            signals,
            decay: policy.spec().engagement.decay,
            criteria: Vec::with_capacity(notes.criteria.len()),
            knockouts: Vec::with_capacity(notes.knockouts.len()),
            outcomes: Vec::with_capacity(signals.len()),
            held_by: None,
            adjustments: Vec::new(),
            clamped_from: None,
        }
    }

    /// A recorder for the close-probability model.
    pub(crate) fn probability() -> Recorder<'s> {
        Recorder {
            signals: &[],
            decay: Decay::None,
            criteria: Vec::new(),
            knockouts: Vec::new(),
            outcomes: Vec::new(),
            held_by: None,
            adjustments: Vec::new(),
            clamped_from: None,
        }
    }
}

impl Sink for Recorder<'_> {
    /// Writes down whether a criterion was met; its points follow (its weight, or zero).
    fn criterion(&mut self, met: bool, _points: i64) {
        self.criteria.push(met);
    }

    fn knockout(&mut self, hit: bool) {
        self.knockouts.push(hit);
    }

    fn signal(&mut self, index: usize, kind: Kind, counted: i64, age: i64) {
        if let Some(s) = self.signals.get(index) {
            self.outcomes.push(SignalOutcome {
                kind: s.kind.clone(),
                at: s.at,
                points: to_decimal(kind.points),
                earns: tier_of(kind.earns),
                counted: to_decimal(counted),
                decay: DecayApplied::new(self.decay, age),
            });
        }
    }

    fn tier_held(&mut self, index: usize) {
        self.held_by = Some(index);
    }

    /// Writes down an adjustment that moved the estimate; one of zero (the default policy's
    /// `probability.tier.iql`) says nothing a person needs to read, so it is left out.
    fn adjustment(&mut self, name: &'static str, value: i64) {
        if value == 0 {
            return;
        }
        self.adjustments.push(Adjustment {
            name: name.to_owned(),
            value: to_decimal(value),
        });
    }

    fn clamped(&mut self, sum: i64) {
        self.clamped_from = Some(sum);
    }
}

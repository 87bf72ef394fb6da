//! [`Funnel`]: how many of a cohort reached each step, and how many converted.

use core::fmt;

use crate::pipeline::facts::Facts;
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Period, Rate, Scope, Step};
use crate::values::Problems;

/// How many records captured in the period reached each step of the funnel, and how many
/// converted from one step to the next.
///
/// Steps are nested: a record counts at every step up to the highest it reached, and it
/// reached a step when its history records it (a tier milestone or the tier at a
/// transition for IQL, MQL and SQL; a transition for prospect, opportunity and won),
/// never by today's decayed score. A lead whose engagement has since cooled still reached
/// MQL. Opening a discovery deal counts as reaching opportunity.
///
/// [`skipped`](Funnel::skipped) counts the records that have an event for a step but none
/// for the step before it: a lead that jumped straight to SQL, a prospect qualified on fit
/// alone with no tier ever recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Funnel {
    /// The cohort's period: records captured in it are counted.
    pub period: Period,
    /// How many reached each step, in [`Step::ALL`] order.
    pub reached: [u64; 7],
    /// How many had an event for each step but none for the step before it, in
    /// [`Step::ALL`] order (always 0 for the lead step).
    pub skipped: [u64; 7],
}

impl Funnel {
    /// The empty funnel of `scope`'s period: nothing counted, the identity of
    /// [`merge`](Funnel::merge).
    pub fn new(scope: &Scope<'_>) -> Funnel {
        Funnel {
            period: scope.period,
            reached: [0; 7],
            skipped: [0; 7],
        }
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) {
        if !self.period.contains(facts.record.captured_at()) {
            return;
        }
        let highest = facts.highest() as usize;
        for (i, step) in Step::ALL.into_iter().enumerate() {
            if i <= highest {
                self.reached[i] = self.reached[i].saturating_add(1);
            }
            if i > 0 && facts.recorded(step) && !facts.recorded(Step::ALL[i - 1]) {
                self.skipped[i] = self.skipped[i].saturating_add(1);
            }
        }
    }

    /// How many reached `step`.
    pub fn count(&self, step: Step) -> u64 {
        self.reached[step as usize]
    }

    /// How many had an event for `step` but none for the step before it.
    pub fn skipped(&self, step: Step) -> u64 {
        self.skipped[step as usize]
    }

    /// The share of those that reached `from` that went on to reach `to`.
    ///
    /// ```
    /// # use qualify::pipeline::*;
    /// # let period = Period::new("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?)?;
    /// # let policy = qualify::Policy::default();
    /// # let scope = Scope::new(&policy, period, period.to());
    /// let funnel = Funnel::from_records(&scope, &[]);
    /// assert_eq!(funnel.conversion(Step::Lead, Step::Mql), Rate::new(0, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn conversion(&self, from: Step, to: Step) -> Rate {
        Rate::new(self.count(to), self.count(from))
    }

    /// The funnel of the records captured in `scope`'s period.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r crate::Record>,
    ) -> Funnel {
        let mut funnel = Funnel::new(scope);
        for record in records {
            funnel.add(&Facts::of(record));
        }
        funnel
    }

    /// Both funnels' counts together, as if counted over both parts at once; the period
    /// is `self`'s.
    #[must_use = "merge returns the merged report"]
    pub fn merge(mut self, other: Funnel) -> Funnel {
        for i in 0..Step::ALL.len() {
            self.reached[i] = self.reached[i].saturating_add(other.reached[i]);
            self.skipped[i] = self.skipped[i].saturating_add(other.skipped[i]);
        }
        self
    }
}

impl fmt::Display for Funnel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Funnel of the leads captured in {}", self.period)?;
        writeln!(
            f,
            "{:<12} {:>9} {:>22} {:>9}",
            "step", "reached", "from the step before", "skipped"
        )?;
        for (i, step) in Step::ALL.into_iter().enumerate() {
            let conversion = match i {
                0 => String::new(),
                _ => self.conversion(Step::ALL[i - 1], step).to_string(),
            };
            writeln!(
                f,
                "{:<12} {:>9} {:>22} {:>9}",
                step.label(),
                self.reached[i],
                conversion,
                self.skipped[i]
            )?;
        }
        Ok(())
    }
}

read_checked!(Funnel: "funnel");

impl Check for Funnel {
    fn check(&self, problems: &mut Problems<String>) {
        for i in 1..Step::ALL.len() {
            require(
                problems,
                self.reached[i] <= self.reached[i - 1],
                format_args!("reached[{i}]"),
                format_args!(
                    "{} reached {}, more than the {} that reached {}: steps are nested",
                    self.reached[i],
                    Step::ALL[i],
                    self.reached[i - 1],
                    Step::ALL[i - 1]
                ),
            );
        }
        for (i, (&skipped, &reached)) in self.skipped.iter().zip(&self.reached).enumerate() {
            require(
                problems,
                skipped <= reached && (i > 0 || skipped == 0),
                format_args!("skipped[{i}]"),
                format_args!(
                    "{skipped} skipped to {} of {reached} that reached it",
                    Step::ALL[i]
                ),
            );
        }
    }
}

//! Reading a stored record's values leniently: every value that reads, and every one that
//! does not noted with its path, so that the loader can list every problem at once.

use rust_decimal::Decimal;

use crate::evidence::{AssumedFit, Authority, Budget, BudgetStatus, Fit, Need, Provenance, Timeline};
use crate::policy::limits;
use crate::profile::Signal;
use crate::states::raw::{
    EventTag, RawAssumedFit, RawAuthority, RawBudget, RawBudgetStatus, RawEvent, RawFit, RawMoney, RawNeed,
    RawProvenance, RawSignal, RawTimeline,
};
use crate::states::{Event, EventKind, HandOff, Import, RecordError, RecordProblem, Stage, Transition};
use crate::values::{Currency, Echo, Money, Probability, Problems, Timestamp};

/// Collects every problem of one record while reading its values.
pub(crate) struct Reader {
    pub(crate) problems: Problems<RecordProblem>,
}

/// What reading a record off the wire noted, for the checks that follow: every problem
/// found (fields no record has, numbers that are not, lists over their limits), and what
/// the checks must leave alone.
#[derive(Debug, Default)]
pub(crate) struct Unread {
    /// The problems, the first [`limits::MAX_PROBLEMS`] of them.
    pub(crate) problems: Problems<RecordProblem>,
    /// How many more were found, past those `problems` holds or counts.
    pub(crate) omitted: usize,
    /// The history was over its limit and not kept: its chain cannot be judged.
    pub(crate) history_dropped: bool,
    /// The format did not read: nothing else can be judged.
    pub(crate) format_unread: bool,
}

impl Reader {
    pub(crate) fn problem(&mut self, problem: RecordProblem) {
        self.problems.push(problem);
    }

    /// The error listing what was found.
    pub(crate) fn error(self, stage: Stage) -> RecordError {
        let (problems, omitted) = self.problems.into_parts();
        RecordError {
            stage,
            problems,
            omitted,
        }
    }

    /// The error listing what was found, with `more` problems found before (by the reading
    /// off the wire, which kept the first problems) and only counted.
    pub(crate) fn error_after(self, stage: Stage, more: usize) -> RecordError {
        let mut error = self.error(stage);
        error.omitted = error.omitted.saturating_add(more);
        error
    }

    pub(crate) fn unreadable(&mut self, field: impl Into<String>, problem: impl ToString) {
        self.problem(RecordProblem::Unreadable {
            field: field.into(),
            problem: problem.to_string(),
        });
    }

    pub(crate) fn time(&mut self, field: &str, text: &str) -> Option<Timestamp> {
        text.parse().map_err(|e| self.unreadable(field, e)).ok()
    }

    pub(crate) fn decimal(&mut self, field: &str, text: &str) -> Option<Decimal> {
        match crate::values::decimal::parse(text) {
            Ok(d) => Some(d),
            Err(refusal) => {
                self.unreadable(field, format_args!("{} {refusal}", Echo::quoted(text)));
                None
            }
        }
    }

    pub(crate) fn probability(&mut self, field: &str, text: &str) -> Option<Probability> {
        let value = self.decimal(field, text)?;
        Probability::new(value)
            .map_err(|e| self.unreadable(field, e))
            .ok()
    }

    pub(crate) fn money(&mut self, field: &str, raw: &RawMoney) -> Option<Money> {
        let path = format!("{field}.amount");
        let amount = self.decimal(&path, &raw.amount).and_then(|amount| {
            // Checked on its own, so that a bad currency does not hide a bad amount.
            let sign = Money::new(amount, Currency::new("XXX").ok()?);
            sign.map_err(|e| self.unreadable(path, e)).ok().map(|_| amount)
        });
        let currency = self.currency(&format!("{field}.currency"), &raw.currency);
        Money::new(amount?, currency?).ok()
    }

    /// Reads a currency code, as a [`RawMoney`]'s is read.
    pub(crate) fn currency(&mut self, field: &str, text: &str) -> Option<Currency> {
        Currency::new(text).map_err(|e| self.unreadable(field, e)).ok()
    }

    pub(crate) fn provenance(&mut self, field: &str, raw: &RawProvenance) -> Option<Provenance> {
        let recorded_at = self.time(&format!("{field}.provenance.recorded_at"), &raw.recorded_at);
        let valid_until = raw
            .valid_until
            .as_ref()
            .map(|t| self.time(&format!("{field}.provenance.valid_until"), t));
        Some(Provenance {
            recorded_by: raw.recorded_by.clone(),
            recorded_at: recorded_at?,
            method: raw.method,
            valid_until: match valid_until {
                Some(t) => Some(t?),
                None => None,
            },
        })
    }

    pub(crate) fn fit(&mut self, raw: &RawFit) -> Option<Fit> {
        // Read off the wire, the profile holds no more than the limit: past it the rest
        // were skipped, and that was noted then.
        let len = raw.profile.custom.len();
        if len > limits::MAX_CUSTOM_ATTRIBUTES {
            self.problem(RecordProblem::TooManyAttributes {
                field: "fit.profile.custom".into(),
                len,
                max: limits::MAX_CUSTOM_ATTRIBUTES,
            });
        }
        Some(Fit {
            profile: raw.profile.clone(),
            provenance: self.provenance("fit", &raw.provenance)?,
        })
    }

    pub(crate) fn assumed_fit(&mut self, raw: &RawAssumedFit) -> Option<AssumedFit> {
        Some(AssumedFit {
            mapping: raw.mapping.clone(),
            label: raw.label.clone(),
            provenance: self.provenance("assumed_fit", &raw.provenance)?,
        })
    }

    pub(crate) fn need(&mut self, raw: &RawNeed) -> Option<Need> {
        Some(Need {
            problem: raw.problem.clone(),
            provenance: self.provenance("need", &raw.provenance)?,
        })
    }

    pub(crate) fn budget(&mut self, raw: &RawBudget) -> Option<Budget> {
        let status = match &raw.status {
            RawBudgetStatus::Approved { amount } => self
                .money("budget.status.approved.amount", amount)
                .map(|amount| BudgetStatus::Approved { amount }),
            RawBudgetStatus::ApprovedAmountUnknown { currency } => self
                .currency("budget.status.approved_amount_unknown.currency", currency)
                .map(|currency| BudgetStatus::ApprovedAmountUnknown { currency }),
            RawBudgetStatus::Sought { amount: None } => Some(BudgetStatus::Sought { amount: None }),
            RawBudgetStatus::Sought { amount: Some(m) } => self
                .money("budget.status.sought.amount", m)
                .map(|m| BudgetStatus::Sought { amount: Some(m) }),
        };
        let provenance = self.provenance("budget", &raw.provenance);
        Some(Budget {
            status: status?,
            provenance: provenance?,
        })
    }

    pub(crate) fn authority(&mut self, raw: &RawAuthority) -> Option<Authority> {
        Some(Authority {
            person: raw.person.clone(),
            access: raw.access,
            provenance: self.provenance("authority", &raw.provenance)?,
        })
    }

    pub(crate) fn timeline(&mut self, raw: &RawTimeline) -> Option<Timeline> {
        let decide_by = self.time("timeline.decide_by", &raw.decide_by);
        let provenance = self.provenance("timeline", &raw.provenance);
        Some(Timeline {
            decide_by: decide_by?,
            provenance: provenance?,
        })
    }

    pub(crate) fn signals(&mut self, raw: &[RawSignal]) -> Option<Vec<Signal>> {
        if raw.len() > limits::MAX_SIGNALS {
            self.problem(RecordProblem::TooMany {
                field: "signals",
                len: raw.len(),
                max: limits::MAX_SIGNALS,
            });
            return None;
        }
        let signals: Vec<Option<Signal>> = raw
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let at = self.time(&format!("signals[{i}].at"), &s.at)?;
                Some(Signal::new(s.kind.clone(), at))
            })
            .collect();
        signals.into_iter().collect()
    }

    /// Reads one event; `None` after noting why it cannot be read.
    pub(crate) fn event(&mut self, i: usize, raw: &RawEvent, format: u32) -> Option<Event> {
        let path = format!("history[{i}]");
        let at = self.time(&format!("{path}.at"), &raw.at);
        let tag = match (raw.event, format) {
            (Some(tag), _) => Some(tag),
            (None, 1) => Some(EventTag::Transition),
            (None, _) => {
                self.unreadable(format!("{path}.event"), "is missing: every event names its kind");
                None
            }
        };
        let kind = match tag? {
            EventTag::Transition => self.transition_kind(&path, raw)?,
            EventTag::HandOff => self.hand_off_kind(&path, raw)?,
            EventTag::Refresh => self.refresh_kind(&path, raw)?,
            EventTag::Forecast => self.forecast_kind(&path, raw)?,
            EventTag::Import => self.import_kind(&path, raw)?,
            EventTag::Tier => self.tier_kind(&path, raw)?,
        };
        Some(Event {
            at: at?,
            by: raw.by.clone(),
            why: raw.why.clone(),
            policy: raw.policy.clone(),
            kind,
        })
    }

    /// A transition event's own fields: `from` and `to`, and what it recorded.
    pub(crate) fn transition_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        let probability = raw
            .probability
            .as_ref()
            .map(|p| self.probability(&format!("{path}.probability"), p));
        let threshold = raw
            .threshold
            .as_ref()
            .map(|p| self.probability(&format!("{path}.threshold"), p));
        let (Some(from), Some(to)) = (raw.from, raw.to) else {
            self.unreadable(path, "is a transition without from and to");
            return None;
        };
        if strays(raw, &[Part::Stages, Part::Tier, Part::Estimates]) {
            self.unreadable(path, "is a transition with hand-off fields");
            return None;
        }
        Some(EventKind::Transition(Transition {
            from,
            to,
            tier: raw.tier,
            probability: probability.map(|p| p.ok_or(())).transpose().ok()?,
            threshold: threshold.map(|p| p.ok_or(())).transpose().ok()?,
        }))
    }

    /// A hand-off event's own fields: the owners, and nothing of a transition or a tier.
    pub(crate) fn hand_off_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        if strays(raw, &[Part::Owners]) {
            self.unreadable(path, "is a hand-off with transition or tier fields");
            return None;
        }
        Some(EventKind::HandOff(HandOff {
            from: raw.from_owner.clone(),
            to: raw.to_owner.clone(),
        }))
    }

    /// A refresh's own field: the kinds of evidence replaced, and nothing else.
    fn refresh_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        let stray = strays(raw, &[Part::Refreshed]);
        match &raw.refreshed {
            Some(kinds) if !stray && !kinds.is_empty() => Some(EventKind::Refresh(kinds.clone())),
            _ => {
                self.unreadable(
                    path,
                    "is a refresh without the evidence it refreshed, or with other fields",
                );
                None
            }
        }
    }

    /// A forecast call's own field: the category, and nothing else.
    fn forecast_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        let stray = strays(raw, &[Part::Category]);
        match raw.category {
            Some(category) if !stray => Some(EventKind::Forecast(category)),
            _ => {
                self.unreadable(
                    path,
                    "is a forecast call without a category, or with other fields",
                );
                None
            }
        }
    }

    /// An import's own fields: the import, and the tier its CRM stage claimed.
    fn import_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        let stray = strays(raw, &[Part::Import, Part::Tier]);
        match &raw.import {
            Some(import) if !stray => Some(EventKind::Import(Import {
                label: import.label.clone(),
                claimed: import.claimed,
                tier: raw.tier,
                mapping: import.mapping.clone(),
            })),
            _ => {
                self.unreadable(path, "is an import without its import, or with other fields");
                None
            }
        }
    }

    /// A tier milestone's own field: the tier, and nothing else.
    pub(crate) fn tier_kind(&mut self, path: &str, raw: &RawEvent) -> Option<EventKind> {
        let Some(tier) = raw.tier else {
            self.unreadable(path, "is a tier milestone without a tier");
            return None;
        };
        if strays(raw, &[Part::Tier]) {
            self.unreadable(path, "is a tier milestone with transition fields");
            return None;
        }
        Some(EventKind::Tier(tier))
    }
}

/// The groups of a raw event's optional fields; each belongs to some kinds of event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `from` and `to`.
    Stages,
    /// `tier`.
    Tier,
    /// `probability` and `threshold`.
    Estimates,
    /// `from_owner` and `to_owner`.
    Owners,
    /// `refreshed`.
    Refreshed,
    /// `category`.
    Category,
    /// `import`.
    Import,
}

/// Whether `raw` sets a field of a group other than its kind's `own`.
fn strays(raw: &RawEvent, own: &[Part]) -> bool {
    [
        (Part::Stages, raw.from.is_some() || raw.to.is_some()),
        (Part::Tier, raw.tier.is_some()),
        (
            Part::Estimates,
            raw.probability.is_some() || raw.threshold.is_some(),
        ),
        (Part::Owners, raw.from_owner.is_some() || raw.to_owner.is_some()),
        (Part::Refreshed, raw.refreshed.is_some()),
        (Part::Category, raw.category.is_some()),
        (Part::Import, raw.import.is_some()),
    ]
    .iter()
    .any(|(part, set)| *set && !own.contains(part))
}

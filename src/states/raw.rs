//! The raw form of a stored record: anything that parses, checked afterwards.
//!
//! A [`RawRecord`] has the shape of a record's wire form, with every checked value
//! (timestamps, probabilities, money, reasons) kept as the text it was written as. It loads
//! whatever has that shape, so a host can read a record that no longer loads strictly (one
//! stored before the rules grew stricter, say, or edited by hand), list every problem with
//! it at once ([`RawRecord::problems`]), fix it, and [`check`](RawRecord::check) it into a
//! [`Record`]. Loading a [`Record`] or a state is exactly this: the raw form, then the check.
//!
//! What does not have the shape is found as the record is read, and every such problem is
//! listed at once, each with its path: a field no record has (`unknown field "confidence"
//! in fit.provenance: expected one of recorded_by, recorded_at, method, valid_until`), a
//! whole number that is not one (`fit.profile.employees: invalid value: integer `-5`,
//! expected a whole number from 0 to 4294967295`), a list longer than
//! [`limits`](crate::limits) allows. The raw form refuses such a record with all of them;
//! loading a [`Record`] lists them first, then what the check finds. A value of another
//! type that does not read (a number where a string belongs, a stage nobody knows, a
//! missing `stage`) still stops the reading, with serde's message.
//!
//! # Memory
//!
//! A load holds at most [`limits::MAX_EVENTS`](crate::limits::MAX_EVENTS) events,
//! [`limits::MAX_SIGNALS`](crate::limits::MAX_SIGNALS) signals and
//! [`limits::MAX_CUSTOM_ATTRIBUTES`](crate::limits::MAX_CUSTOM_ATTRIBUTES) custom
//! attributes, however many the text holds: past a limit, each entry is skipped unread and
//! only counted, and the list is not kept (the first attributes are). So the lists of a
//! record far over its limits cost some 11 MiB at most, not their size: 99 MiB of signals
//! is refused having held 11 MiB at its peak, of events 7 MiB, and 19 MiB of custom
//! attributes 0.2 MiB (122 MiB before they were bounded). Within the limits, the lists
//! take at most some 18 MiB besides their strings (11 MiB for 100,000 signals, 7 MiB for
//! 10,000 events, raw form and state together; 1,000 attributes take some 100 bytes each,
//! twice over). Each string is held once as read, and the check copies the history's text
//! and the fit profile into the state it builds, so a load's peak is about twice the text
//! of its strings, plus those 18 MiB. `tests/test_load_memory.rs` measures the bounded
//! peaks.
//!
//! (This example needs the `serde` feature.)
//!
#![cfg_attr(feature = "serde", doc = "```")]
#![cfg_attr(not(feature = "serde"), doc = "```ignore")]
//! use qualify::RawRecord;
//!
//! let stored = r#"{
//!   "stage": "lost",
//!   "contact": { "name": "Ada Park" },
//!   "source": "form",
//!   "captured_at": "2026-11-20T10:00:00Z",
//!   "history": [
//!     { "from": "lead", "to": "prospect", "at": "2026-11-21T10:00:00Z", "by": "sdr", "why": "fit", "policy": "v1" },
//!     { "from": "prospect", "to": "opportunity", "at": "2026-11-22T10:00:00Z", "by": "ae", "why": "bant", "policy": "v1" },
//!     { "from": "opportunity", "to": "lost", "at": "2026-11-20T09:00:00Z", "by": "ae", "why": "price" }
//!   ],
//!   "probability": "1",
//!   "reason": " "
//! }"#;
//! // Stored before the format had a version, and wrong in many ways at once:
//! let raw: RawRecord = serde_json::from_str(stored)?;
//! assert_eq!(raw.format, 1);
//! let problems: Vec<String> = raw.problems().iter().map(|p| p.to_string()).collect();
//! assert_eq!(problems, [
//!     "id: record id is blank",
//!     "history[2].at 2026-11-20T09:00:00Z is before history[1].at 2026-11-22T10:00:00Z",
//!     "probability 1 is not strictly between 0 and 1, as an estimate of an open deal must be",
//!     "reason: reason is blank",
//!     "missing fit evidence",
//!     "missing need evidence",
//!     "missing budget evidence",
//!     "missing authority evidence",
//!     "missing timeline evidence",
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::evidence::{
    Access, AssumedFit, Authority, Budget, BudgetStatus, Checklist, EvidenceKind, Fit, FitBasis, Method,
    Need, Provenance, Timeline,
};
use crate::policy::Tier;
use crate::profile::{Contact, Profile, SignalKind, Source};
use crate::states::{Event, EventKind, ForecastCategory, Record, Stage};
use crate::values::{Actor, Money, Probability, Reason};

/// The wire format version this crate writes. Version 1 is the format before versions
/// were written (a record with no `format` field): its history holds only transitions,
/// without an `event` field.
pub const FORMAT: u32 = 2;

/// A stored record in its raw form: the wire shape, with checked values kept as text.
///
/// Every field is public; any combination can be built. [`RawRecord::check`] turns it into
/// a [`Record`] or lists every problem. `Record` converts into it with `From`. Read from the
/// wire, it refuses a field no record has, a whole number that is not one and a list over
/// its limit, listing every one (see [the module](crate::raw)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct RawRecord {
    /// The wire format version: [`FORMAT`] when written by this crate, 1 when absent.
    pub format: u32,
    /// The stage the record claims.
    pub stage: Stage,
    /// The id the host knows the record by; empty when a stored record has none (format 1
    /// did not write one), which does not load strictly.
    pub id: String,
    /// Who owns the record, if anyone.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub owner: Option<Actor>,
    /// The person behind the record.
    pub contact: Contact,
    /// The company, if captured.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub company: Option<String>,
    /// Where the lead came from.
    pub source: Source,
    /// When the lead was captured.
    pub captured_at: String,
    /// Engagement signals.
    pub signals: Vec<RawSignal>,
    /// The history, oldest first.
    pub history: Vec<RawEvent>,
    /// Fit evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub fit: Option<RawFit>,
    /// The fit a CRM import's mapping assumed, for a record whose fit rests on no profile
    /// ([`AssumedFit`](crate::AssumedFit)); never beside `fit`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub assumed_fit: Option<RawAssumedFit>,
    /// Need evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub need: Option<RawNeed>,
    /// Budget evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub budget: Option<RawBudget>,
    /// Authority evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub authority: Option<RawAuthority>,
    /// Timeline evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub timeline: Option<RawTimeline>,
    /// The close probability, for discovery, opportunity, won and lost records.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub probability: Option<String>,
    /// The amount won, for won records.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub amount: Option<RawMoney>,
    /// The reason, for lost and disqualified records.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub reason: Option<String>,
}

/// [`Provenance`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawProvenance {
    pub recorded_by: Actor,
    pub recorded_at: String,
    pub method: Method,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub valid_until: Option<String>,
}

/// [`Fit`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawFit {
    pub profile: Profile,
    pub provenance: RawProvenance,
}

/// [`AssumedFit`](crate::AssumedFit) in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawAssumedFit {
    pub mapping: String,
    pub label: String,
    pub provenance: RawProvenance,
}

/// [`Need`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawNeed {
    pub problem: String,
    pub provenance: RawProvenance,
}

/// [`Money`] in raw form: the amount and the currency as written.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawMoney {
    pub amount: String,
    pub currency: String,
}

/// [`BudgetStatus`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[allow(missing_docs)]
pub enum RawBudgetStatus {
    Approved {
        amount: RawMoney,
    },
    /// The currency as written.
    ApprovedAmountUnknown {
        currency: String,
    },
    Sought {
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        amount: Option<RawMoney>,
    },
}

/// [`Budget`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawBudget {
    pub status: RawBudgetStatus,
    pub provenance: RawProvenance,
}

/// [`Authority`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawAuthority {
    pub person: String,
    pub access: Access,
    pub provenance: RawProvenance,
}

/// [`Timeline`] in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawTimeline {
    pub decide_by: String,
    pub provenance: RawProvenance,
}

/// [`Signal`](crate::Signal) in raw form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawSignal {
    pub kind: SignalKind,
    pub at: String,
}

/// The kind of a [`RawEvent`], as its `event` field names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum EventTag {
    /// A stage transition: `from`, `to`, and the `tier`, `probability` and `threshold`
    /// it recorded.
    Transition,
    /// A tier milestone: `tier`.
    Tier,
    /// A hand-off: `from_owner` and `to_owner`, either absent for the unassigned queue.
    HandOff,
    /// Evidence refreshed in place: `refreshed`, the kinds of evidence replaced.
    Refresh,
    /// A person's forecast call: `category`.
    Forecast,
    /// An import from a CRM: `import`, and the `tier` a tier-like CRM stage claimed.
    Import,
}

/// An [`Import`](crate::Import) in raw form: the event's `import` field.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawImport {
    pub label: String,
    pub claimed: Stage,
    pub mapping: String,
}

/// An [`Event`] in raw form: one flat object whose `event` field says which fields apply.
///
/// On the wire: `{"event": "transition", "from": "lead", "to": "prospect", "at": ...,
/// "by": ..., "why": ..., "policy": ..., "tier": "mql"}` or `{"event": "tier", "tier":
/// "sql", "at": ..., ...}` or `{"event": "hand_off", "from_owner": "sdr-1", "to_owner":
/// "ae-2", "at": ..., ...}`. In format 1 there is no `event` field: every entry is a
/// transition.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)]
pub struct RawEvent {
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub event: Option<EventTag>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub from: Option<Stage>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub to: Option<Stage>,
    pub at: String,
    pub by: Actor,
    pub why: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub policy: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub tier: Option<Tier>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub probability: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub threshold: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub from_owner: Option<Actor>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub to_owner: Option<Actor>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub refreshed: Option<Vec<EvidenceKind>>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub category: Option<ForecastCategory>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub import: Option<RawImport>,
}

// ---------------------------------------------------------------------------------------
// Typed to raw.

impl From<&Provenance> for RawProvenance {
    fn from(p: &Provenance) -> RawProvenance {
        RawProvenance {
            recorded_by: p.recorded_by.clone(),
            recorded_at: p.recorded_at.to_string(),
            method: p.method,
            valid_until: p.valid_until.map(|t| t.to_string()),
        }
    }
}

impl From<Money> for RawMoney {
    fn from(m: Money) -> RawMoney {
        RawMoney {
            amount: m.amount().to_string(),
            currency: m.currency().to_string(),
        }
    }
}

impl From<&Fit> for RawFit {
    fn from(f: &Fit) -> RawFit {
        RawFit {
            profile: f.profile.clone(),
            provenance: (&f.provenance).into(),
        }
    }
}

impl From<&AssumedFit> for RawAssumedFit {
    fn from(f: &AssumedFit) -> RawAssumedFit {
        RawAssumedFit {
            mapping: f.mapping.clone(),
            label: f.label.clone(),
            provenance: (&f.provenance).into(),
        }
    }
}

impl From<&Need> for RawNeed {
    fn from(n: &Need) -> RawNeed {
        RawNeed {
            problem: n.problem.clone(),
            provenance: (&n.provenance).into(),
        }
    }
}

impl From<&Budget> for RawBudget {
    fn from(b: &Budget) -> RawBudget {
        RawBudget {
            status: match &b.status {
                BudgetStatus::Approved { amount } => RawBudgetStatus::Approved {
                    amount: (*amount).into(),
                },
                BudgetStatus::ApprovedAmountUnknown { currency } => RawBudgetStatus::ApprovedAmountUnknown {
                    currency: currency.to_string(),
                },
                BudgetStatus::Sought { amount } => RawBudgetStatus::Sought {
                    amount: amount.map(RawMoney::from),
                },
            },
            provenance: (&b.provenance).into(),
        }
    }
}

impl From<&Authority> for RawAuthority {
    fn from(a: &Authority) -> RawAuthority {
        RawAuthority {
            person: a.person.clone(),
            access: a.access,
            provenance: (&a.provenance).into(),
        }
    }
}

impl From<&Timeline> for RawTimeline {
    fn from(t: &Timeline) -> RawTimeline {
        RawTimeline {
            decide_by: t.decide_by.to_string(),
            provenance: (&t.provenance).into(),
        }
    }
}

impl RawEvent {
    /// An event at `at`, by `by`, for `why`, with every other field absent.
    pub(crate) fn new(at: String, by: Actor, why: String) -> RawEvent {
        RawEvent {
            event: None,
            from: None,
            to: None,
            at,
            by,
            why,
            policy: None,
            tier: None,
            probability: None,
            threshold: None,
            from_owner: None,
            to_owner: None,
            refreshed: None,
            category: None,
            import: None,
        }
    }
}

impl From<&Event> for RawEvent {
    fn from(e: &Event) -> RawEvent {
        let mut raw = RawEvent::new(e.at.to_string(), e.by.clone(), e.why.clone());
        raw.policy = e.policy.clone();
        match &e.kind {
            EventKind::Transition(t) => {
                raw.event = Some(EventTag::Transition);
                raw.from = Some(t.from);
                raw.to = Some(t.to);
                raw.tier = t.tier;
                raw.probability = t.probability.map(|p| p.to_string());
                raw.threshold = t.threshold.map(|p| p.to_string());
            }
            EventKind::Tier(tier) => {
                raw.event = Some(EventTag::Tier);
                raw.tier = Some(*tier);
            }
            EventKind::Refresh(kinds) => {
                raw.event = Some(EventTag::Refresh);
                raw.refreshed = Some(kinds.clone());
            }
            EventKind::Forecast(category) => {
                raw.event = Some(EventTag::Forecast);
                raw.category = Some(*category);
            }
            EventKind::Import(import) => {
                raw.event = Some(EventTag::Import);
                raw.tier = import.tier;
                raw.import = Some(RawImport {
                    label: import.label.clone(),
                    claimed: import.claimed,
                    mapping: import.mapping.clone(),
                });
            }
            EventKind::HandOff(h) => {
                raw.event = Some(EventTag::HandOff);
                raw.from_owner = h.from.clone();
                raw.to_owner = h.to.clone();
            }
        }
        raw
    }
}

/// What a state carries besides the common part, borrowed: the one place that says which
/// fields each stage has, for the raw form.
#[derive(Default)]
struct Carried<'a> {
    fit: Option<&'a Fit>,
    assumed_fit: Option<&'a AssumedFit>,
    checklist: Checklist,
    probability: Option<Probability>,
    amount: Option<Money>,
    reason: Option<&'a Reason>,
}

impl Record {
    fn carried(&self) -> Carried<'_> {
        match self {
            Record::Lead(r) => Carried {
                fit: r.fit.as_ref(),
                checklist: r.evidence.clone(),
                ..Carried::default()
            },
            Record::Prospect(r) => Carried {
                fit: r.fit.as_fit(),
                assumed_fit: r.fit.assumed(),
                checklist: r.evidence.clone(),
                ..Carried::default()
            },
            Record::Discovery(r) => Carried {
                fit: r.fit.as_fit(),
                assumed_fit: r.fit.assumed(),
                checklist: Checklist {
                    need: Some(r.need.clone()),
                    budget: r.budget.clone(),
                    authority: r.authority.clone(),
                    timeline: Some(r.timeline.clone()),
                },
                probability: Some(r.probability),
                ..Carried::default()
            },
            Record::Opportunity(r) => Carried {
                fit: r.fit.as_fit(),
                assumed_fit: r.fit.assumed(),
                checklist: r.bant.clone().into(),
                probability: Some(r.probability),
                ..Carried::default()
            },
            Record::Disqualified(r) => Carried {
                fit: r.fit.as_ref().and_then(FitBasis::as_fit),
                assumed_fit: r.fit.as_ref().and_then(FitBasis::assumed),
                checklist: r.evidence.clone(),
                reason: Some(&r.reason),
                ..Carried::default()
            },
            Record::Won(r) => Carried {
                fit: r.fit.as_fit(),
                assumed_fit: r.fit.assumed(),
                checklist: r.bant.clone().into(),
                probability: Some(r.probability),
                amount: Some(r.amount),
                ..Carried::default()
            },
            Record::Lost(r) => Carried {
                fit: r.fit.as_fit(),
                assumed_fit: r.fit.assumed(),
                checklist: r.evidence.clone(),
                probability: Some(r.probability),
                reason: Some(&r.reason),
                ..Carried::default()
            },
        }
    }
}

impl From<&Record> for RawRecord {
    fn from(record: &Record) -> RawRecord {
        let c = record.common();
        let carried = record.carried();
        let e = &carried.checklist;
        RawRecord {
            format: FORMAT,
            stage: record.stage(),
            id: c.id.to_string(),
            owner: c.owner.clone(),
            contact: c.contact.clone(),
            company: c.company.clone(),
            source: c.source.clone(),
            captured_at: c.captured_at.to_string(),
            signals: c
                .signals
                .iter()
                .map(|s| RawSignal {
                    kind: s.kind.clone(),
                    at: s.at.to_string(),
                })
                .collect(),
            history: c.history.entries().iter().map(RawEvent::from).collect(),
            fit: carried.fit.map(RawFit::from),
            assumed_fit: carried.assumed_fit.map(RawAssumedFit::from),
            need: e.need.as_ref().map(RawNeed::from),
            budget: e.budget.as_ref().map(RawBudget::from),
            authority: e.authority.as_ref().map(RawAuthority::from),
            timeline: e.timeline.as_ref().map(RawTimeline::from),
            probability: carried.probability.map(|p| p.to_string()),
            amount: carried.amount.map(RawMoney::from),
            reason: carried.reason.map(|r| r.to_string()),
        }
    }
}

impl From<Record> for RawRecord {
    fn from(record: Record) -> RawRecord {
        RawRecord::from(&record)
    }
}

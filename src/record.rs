//! [`Record`]: one type over every state, for mixed collections and storage.

use crate::closed::{Lost, Won};
use crate::common::Common;
use crate::discovery::Discovery;
use crate::disqualified::Disqualified;
use crate::history::{History, Stage};
use crate::lead::Lead;
use crate::opportunity::Opportunity;
use crate::profile::Contact;
use crate::prospect::Prospect;

/// Any record, whatever its stage: the escape hatch for mixed collections and storage.
///
/// Prefer the state types in code that moves records along: they say what a record
/// guarantees and which transitions it has. A `Record` says only what stage it is in; match
/// on it to get the state back.
///
/// # Wire format
///
/// Every state serializes to one JSON object: `"stage"` (`"lead"`, `"prospect"`,
/// `"discovery"`, `"opportunity"`, `"disqualified"`, `"won"`, `"lost"`), then `"contact"`,
/// `"company"`, `"source"`, `"captured_at"`, `"signals"` and `"history"`, then what the stage
/// carries: `"fit"`, `"need"`, `"budget"`, `"authority"`, `"timeline"`, `"probability"`,
/// `"amount"`, `"reason"`. Decimals are strings, timestamps RFC 3339 strings. A `Record`
/// deserializes any stage; each state type deserializes its own. Either way the checks of
/// the state's guarantee run, and every problem is named:
///
/// (This example needs the `serde` feature.)
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use qualify::{Opportunity, Record, Stage};
/// # use qualify::*;
/// # let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
/// # let by = |m| Provenance::new("rep", now, m);
/// # let mut lead = Lead::new(Contact::new("Ada", "ada@example.com"), None, Source::Form, now);
/// # lead.record_fit(Fit { profile: Profile { employees: Some(5000), industry: Some("saas".into()),
/// #     seniority: Some(Seniority::CLevel), ..Profile::default() }, provenance: by(Method::Call) });
/// # let mut prospect = lead.qualify(&Policy::default(), now, &"rep".into())?;
/// # *prospect.evidence_mut() = Checklist {
/// #     need: Some(Need { problem: "slow close".into(), provenance: by(Method::Call) }),
/// #     budget: Some(Budget { status: BudgetStatus::Approved { amount: Money::new(9_000.into(), Currency::new("EUR")?)? }, provenance: by(Method::Call) }),
/// #     authority: Some(Authority { person: "CFO".into(), access: Access::DecisionMaker, provenance: by(Method::Call) }),
/// #     timeline: Some(Timeline { decide_by: "2027-01-01T00:00:00Z".parse()?, provenance: by(Method::Call) }),
/// # };
/// let opportunity: Opportunity = // ... from Prospect::promote
/// #   prospect.promote(&Policy::default(), now, &"rep".into())?;
/// let mut json = serde_json::to_value(&opportunity)?;
/// assert_eq!(json["stage"], "opportunity");
/// assert_eq!(json["budget"]["status"]["approved"]["amount"]["amount"], "9000");
///
/// let record: Record = serde_json::from_value(json.clone())?;
/// assert_eq!(record.stage(), Stage::Opportunity);
///
/// json.as_object_mut().unwrap().remove("budget");
/// json.as_object_mut().unwrap().remove("timeline");
/// let err = serde_json::from_value::<Opportunity>(json).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid opportunity record: missing budget evidence; missing timeline evidence",
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Record {
    /// A [`Lead`].
    Lead(Lead),
    /// A [`Prospect`].
    Prospect(Prospect),
    /// A [`Discovery`].
    Discovery(Discovery),
    /// An [`Opportunity`].
    Opportunity(Opportunity),
    /// A [`Disqualified`] record.
    Disqualified(Disqualified),
    /// A [`Won`] deal.
    Won(Won),
    /// A [`Lost`] deal.
    Lost(Lost),
}

impl Record {
    fn common(&self) -> &Common {
        match self {
            Record::Lead(r) => &r.common,
            Record::Prospect(r) => &r.common,
            Record::Discovery(r) => &r.common,
            Record::Opportunity(r) => &r.common,
            Record::Disqualified(r) => &r.common,
            Record::Won(r) => &r.common,
            Record::Lost(r) => &r.common,
        }
    }

    /// The record's stage.
    pub fn stage(&self) -> Stage {
        match self {
            Record::Lead(_) => Stage::Lead,
            Record::Prospect(_) => Stage::Prospect,
            Record::Discovery(_) => Stage::Discovery,
            Record::Opportunity(_) => Stage::Opportunity,
            Record::Disqualified(_) => Stage::Disqualified,
            Record::Won(_) => Stage::Won,
            Record::Lost(_) => Stage::Lost,
        }
    }

    /// The person behind the record.
    pub fn contact(&self) -> &Contact {
        &self.common().contact
    }

    /// The record's history.
    pub fn history(&self) -> &History {
        &self.common().history
    }
}

macro_rules! from_state {
    ($($state:ident),*) => {$(
        impl From<$state> for Record {
            fn from(state: $state) -> Record {
                Record::$state(state)
            }
        }
    )*};
}

from_state!(Lead, Prospect, Discovery, Opportunity, Disqualified, Won, Lost);

#[cfg(feature = "serde")]
mod wire {
    //! One wire form for every state: the common fields, then whatever the stage carries.
    //! Deserializing checks it with [`Wire::check`], which every state and [`Record`] share.

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::*;
    use crate::common::{Bant, Checklist};
    use crate::error::{RecordError, RecordProblem};
    use crate::evidence::{Authority, Budget, EvidenceKind, Fit, Money, Need, Probability, Reason, Timeline};
    use crate::history::Transition;
    use crate::profile::{Signal, Source};
    use crate::time::Timestamp;

    #[derive(Serialize)]
    struct WireRef<'a> {
        stage: Stage,
        contact: &'a Contact,
        #[serde(skip_serializing_if = "Option::is_none")]
        company: Option<&'a str>,
        source: &'a Source,
        captured_at: Timestamp,
        signals: &'a [Signal],
        history: &'a [Transition],
        #[serde(skip_serializing_if = "Option::is_none")]
        fit: Option<&'a Fit>,
        #[serde(skip_serializing_if = "Option::is_none")]
        need: Option<&'a Need>,
        #[serde(skip_serializing_if = "Option::is_none")]
        budget: Option<&'a Budget>,
        #[serde(skip_serializing_if = "Option::is_none")]
        authority: Option<&'a Authority>,
        #[serde(skip_serializing_if = "Option::is_none")]
        timeline: Option<&'a Timeline>,
        #[serde(skip_serializing_if = "Option::is_none")]
        probability: Option<Probability>,
        #[serde(skip_serializing_if = "Option::is_none")]
        amount: Option<Money>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a Reason>,
    }

    impl<'a> WireRef<'a> {
        fn new(stage: Stage, c: &'a Common) -> WireRef<'a> {
            WireRef {
                stage,
                contact: &c.contact,
                company: c.company.as_deref(),
                source: &c.source,
                captured_at: c.captured_at,
                signals: &c.signals,
                history: c.history.entries(),
                fit: None,
                need: None,
                budget: None,
                authority: None,
                timeline: None,
                probability: None,
                amount: None,
                reason: None,
            }
        }

        fn checklist(mut self, e: &'a Checklist) -> WireRef<'a> {
            self.need = e.need.as_ref();
            self.budget = e.budget.as_ref();
            self.authority = e.authority.as_ref();
            self.timeline = e.timeline.as_ref();
            self
        }

        fn bant(mut self, b: &'a Bant) -> WireRef<'a> {
            self.need = Some(&b.need);
            self.budget = Some(&b.budget);
            self.authority = Some(&b.authority);
            self.timeline = Some(&b.timeline);
            self
        }
    }

    /// The wire form of state `$r`, of type `$state`, over the common part `$w`.
    macro_rules! state_wire {
        (Lead, $r:ident, $w:ident) => {
            WireRef {
                fit: $r.fit.as_ref(),
                ..$w.checklist(&$r.evidence)
            }
        };
        (Prospect, $r:ident, $w:ident) => {
            WireRef {
                fit: Some(&$r.fit),
                ..$w.checklist(&$r.evidence)
            }
        };
        (Discovery, $r:ident, $w:ident) => {
            WireRef {
                fit: Some(&$r.fit),
                need: Some(&$r.need),
                budget: $r.budget.as_ref(),
                authority: $r.authority.as_ref(),
                timeline: Some(&$r.timeline),
                probability: Some($r.probability),
                ..$w
            }
        };
        (Opportunity, $r:ident, $w:ident) => {
            WireRef {
                fit: Some(&$r.fit),
                probability: Some($r.probability),
                ..$w.bant(&$r.bant)
            }
        };
        (Disqualified, $r:ident, $w:ident) => {
            WireRef {
                fit: $r.fit.as_ref(),
                reason: Some(&$r.reason),
                ..$w.checklist(&$r.evidence)
            }
        };
        (Won, $r:ident, $w:ident) => {
            WireRef {
                fit: Some(&$r.fit),
                probability: Some($r.probability),
                amount: Some($r.amount),
                ..$w.bant(&$r.bant)
            }
        };
        (Lost, $r:ident, $w:ident) => {
            WireRef {
                fit: Some(&$r.fit),
                probability: Some($r.probability),
                reason: Some(&$r.reason),
                ..$w.checklist(&$r.evidence)
            }
        };
    }

    impl Record {
        fn wire(&self) -> WireRef<'_> {
            let w = WireRef::new(self.stage(), self.common());
            match self {
                Record::Lead(r) => state_wire!(Lead, r, w),
                Record::Prospect(r) => state_wire!(Prospect, r, w),
                Record::Discovery(r) => state_wire!(Discovery, r, w),
                Record::Opportunity(r) => state_wire!(Opportunity, r, w),
                Record::Disqualified(r) => state_wire!(Disqualified, r, w),
                Record::Won(r) => state_wire!(Won, r, w),
                Record::Lost(r) => state_wire!(Lost, r, w),
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wire {
        stage: Stage,
        contact: Contact,
        #[serde(default)]
        company: Option<String>,
        source: Source,
        captured_at: Timestamp,
        #[serde(default)]
        signals: Vec<Signal>,
        #[serde(default)]
        history: Vec<Transition>,
        fit: Option<Fit>,
        need: Option<Need>,
        budget: Option<Budget>,
        authority: Option<Authority>,
        timeline: Option<Timeline>,
        probability: Option<Probability>,
        amount: Option<Money>,
        reason: Option<Reason>,
    }

    /// Takes a field the stage requires, noting its absence.
    fn required<T>(value: Option<T>, problems: &mut Vec<RecordProblem>, missing: RecordProblem) -> Option<T> {
        if value.is_none() {
            problems.push(missing);
        }
        value
    }

    fn evidence<T>(value: Option<T>, problems: &mut Vec<RecordProblem>, evidence: EvidenceKind) -> Option<T> {
        required(value, problems, RecordProblem::MissingEvidence { evidence })
    }

    fn field<T>(value: Option<T>, problems: &mut Vec<RecordProblem>, field: &'static str) -> Option<T> {
        required(value, problems, RecordProblem::MissingField { field })
    }

    /// Notes a field the stage does not carry.
    fn forbid<T>(value: &Option<T>, problems: &mut Vec<RecordProblem>, field: &'static str) {
        if value.is_some() {
            problems.push(RecordProblem::UnexpectedField { field });
        }
    }

    impl Wire {
        /// Every problem with the record, or the state it describes.
        fn check(self) -> Result<Record, RecordError> {
            use EvidenceKind as E;
            let stage = self.stage;
            let mut p = Vec::new();
            let history = match History::check(self.history, stage) {
                Ok(h) => Some(h),
                Err(problems) => {
                    p.extend(
                        problems
                            .into_iter()
                            .map(|problem| RecordProblem::History { problem }),
                    );
                    None
                }
            };
            let checklist = Checklist {
                need: self.need,
                budget: self.budget,
                authority: self.authority,
                timeline: self.timeline,
            };
            let (fit, probability, amount, reason) = (self.fit, self.probability, self.amount, self.reason);
            let p = &mut p;
            let carries_probability = matches!(
                stage,
                Stage::Discovery | Stage::Opportunity | Stage::Won | Stage::Lost
            );
            if !carries_probability {
                forbid(&probability, p, "probability");
            }
            if stage != Stage::Won {
                forbid(&amount, p, "amount");
            }
            if !matches!(stage, Stage::Lost | Stage::Disqualified) {
                forbid(&reason, p, "reason");
            }
            // `Some(fit)`: whether or not it has fit evidence, a lead or disqualified
            // record is complete; `None` only when a stage that requires fit lacks it.
            let fit = if matches!(stage, Stage::Lead | Stage::Disqualified) {
                Some(fit)
            } else {
                evidence(fit, p, E::Fit).map(Some)
            };
            let probability = if carries_probability {
                field(probability, p, "probability")
            } else {
                None
            };
            let reason = if matches!(stage, Stage::Lost | Stage::Disqualified) {
                field(reason, p, "reason")
            } else {
                None
            };
            let bant = |checklist: Checklist, p: &mut Vec<RecordProblem>| {
                let need = evidence(checklist.need, p, E::Need);
                let budget = evidence(checklist.budget, p, E::Budget);
                let authority = evidence(checklist.authority, p, E::Authority);
                let timeline = evidence(checklist.timeline, p, E::Timeline);
                Some(Bant {
                    need: need?,
                    budget: budget?,
                    authority: authority?,
                    timeline: timeline?,
                })
            };
            let common = history.map(|history| Common {
                contact: self.contact,
                company: self.company,
                source: self.source,
                captured_at: self.captured_at,
                signals: self.signals,
                history,
            });
            let record = match stage {
                Stage::Lead => (|| {
                    Some(Record::Lead(Lead {
                        common: common?,
                        fit: fit?,
                        evidence: checklist,
                    }))
                })(),
                Stage::Prospect => (|| {
                    Some(Record::Prospect(Prospect {
                        common: common?,
                        fit: fit??,
                        evidence: checklist,
                    }))
                })(),
                Stage::Discovery => {
                    let need = evidence(checklist.need, p, E::Need);
                    let timeline = evidence(checklist.timeline, p, E::Timeline);
                    (|| {
                        Some(Record::Discovery(Discovery {
                            common: common?,
                            fit: fit??,
                            need: need?,
                            timeline: timeline?,
                            budget: checklist.budget,
                            authority: checklist.authority,
                            probability: probability?,
                        }))
                    })()
                }
                Stage::Opportunity => {
                    let bant = bant(checklist, p);
                    (|| {
                        Some(Record::Opportunity(Opportunity {
                            common: common?,
                            fit: fit??,
                            bant: bant?,
                            probability: probability?,
                        }))
                    })()
                }
                Stage::Won => {
                    let bant = bant(checklist, p);
                    let amount = field(amount, p, "amount");
                    if amount.is_some_and(|a| a.amount().is_zero()) {
                        p.push(RecordProblem::ZeroAmount);
                    }
                    (|| {
                        Some(Record::Won(Won {
                            common: common?,
                            fit: fit??,
                            bant: bant?,
                            probability: probability?,
                            amount: amount.filter(|a| !a.amount().is_zero())?,
                        }))
                    })()
                }
                Stage::Lost => {
                    // Every lost deal was an opportunity or a discovery: need and timeline
                    // were confirmed; budget and authority may not have been.
                    evidence(checklist.need.as_ref(), p, E::Need);
                    evidence(checklist.timeline.as_ref(), p, E::Timeline);
                    (|| {
                        Some(Record::Lost(Lost {
                            common: common?,
                            fit: fit??,
                            evidence: checklist,
                            probability: probability?,
                            reason: reason?,
                        }))
                    })()
                }
                Stage::Disqualified => (|| {
                    Some(Record::Disqualified(Disqualified {
                        common: common?,
                        fit: fit?,
                        evidence: checklist,
                        reason: reason?,
                    }))
                })(),
            };
            match record {
                Some(record) if p.is_empty() => Ok(record),
                _ => Err(RecordError {
                    stage,
                    problems: std::mem::take(p),
                }),
            }
        }
    }

    impl Serialize for Record {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.wire().serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Record {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Wire::deserialize(d)?.check().map_err(serde::de::Error::custom)
        }
    }

    /// The indefinite article before a stage's name.
    fn article(stage: Stage) -> &'static str {
        match stage {
            Stage::Opportunity => "an",
            _ => "a",
        }
    }

    macro_rules! state_serde {
        ($($state:ident),*) => {$(
            impl Serialize for $state {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let w = WireRef::new(Stage::$state, &self.common);
                    state_wire!($state, self, w).serialize(s)
                }
            }

            impl<'de> Deserialize<'de> for $state {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    match Record::deserialize(d)? {
                        Record::$state(state) => Ok(state),
                        other => Err(serde::de::Error::custom(format_args!(
                            "expected {} {} record, found {} {} record",
                            article(Stage::$state),
                            Stage::$state,
                            article(other.stage()),
                            other.stage()
                        ))),
                    }
                }
            }
        )*};
    }

    state_serde!(Lead, Prospect, Discovery, Opportunity, Disqualified, Won, Lost);
}

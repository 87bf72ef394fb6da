//! [`Record`]: one type over every state, for mixed collections and storage.

use crate::evidence::{AssumedFit, Authority, Budget, BudgetStatus, Fit, FitBasis, Need, Timeline, View};
use crate::profile::{Contact, Signal, Source};
use crate::states::common::Common;
use crate::states::{
    Discovery, Disqualified, History, Lead, Lost, Opportunity, Prospect, Rejected, Stage, Triage, Won,
};
use crate::values::{Actor, Money, Probability, Reason, RecordId, Timestamp};

/// Any record, whatever its stage: the escape hatch for mixed collections and storage.
///
/// Prefer the state types in code that moves records along: they say what a record
/// guarantees and which transitions it has. A `Record` says only what stage it is in; match
/// on it to get the state back.
///
/// # Wire format
///
/// Every state serializes to one JSON object, the fields of its
/// [`RawRecord`](crate::RawRecord): `"format"` (the wire format version,
/// [`raw::FORMAT`](crate::raw::FORMAT)), `"stage"` (`"lead"`, `"prospect"`, `"discovery"`,
/// `"opportunity"`, `"disqualified"`, `"won"`, `"lost"`), `"id"` (the id the host knows it
/// by), `"owner"` (left out when it has none), then `"contact"`, `"company"` (left out
/// when none was captured), `"source"`, `"captured_at"`, `"signals"` and `"history"` (its
/// events, each with an `"event"` kind, [`RawEvent`](crate::raw::RawEvent)), then what the
/// stage carries, each left out when absent: `"fit"` (a profile's fit evidence) or
/// `"assumed_fit"` (the fit a CRM import's mapping assumed; never both),
/// `"need"`, `"budget"`, `"authority"`, `"timeline"`, `"probability"`, `"amount"`,
/// `"reason"`. No other field is written, and reading refuses any other. Decimals are strings, timestamps RFC 3339 strings. A `Record` deserializes
/// any stage; each state type deserializes its own. Either way the record is read in its
/// [raw form](crate::raw) first, then every check of the state's guarantee runs
/// ([`RawRecord::check`](crate::RawRecord::check)), and every problem is named at once,
/// those found as it is read (a field no record has, a whole number that is not one, a
/// list over its limit) first. What a load can hold in memory is bounded by the limits and
/// the text's strings ([the raw form's "Memory"](crate::raw#memory)):
///
/// (This example needs the `serde` feature.)
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use qualify::{Opportunity, Record, Stage};
/// # use qualify::*;
/// # let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
/// # let by = |m| Provenance::new("rep", now, m);
/// # let mut lead = Lead::builder("lead-1".parse()?, Contact::new("Ada", "ada@example.com"), Source::Form, now).owner("ae-1").build();
/// # let profile = Profile::new().employees(5000).industry("saas").seniority(Seniority::CLevel);
/// # lead.record_fit(Fit { profile, provenance: by(Method::Call) });
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
/// assert_eq!((&json["id"], &json["owner"]), (&"lead-1".into(), &"ae-1".into()));
/// let mut fields: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
/// fields.sort_unstable();
/// assert_eq!(fields, [
///     "authority", "budget", "captured_at", "contact", "fit", "format", "history", "id",
///     "need", "owner", "probability", "signals", "source", "stage", "timeline",
/// ]);
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
    pub(crate) fn common(&self) -> &Common {
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

    pub(crate) fn common_mut(&mut self) -> &mut Common {
        match self {
            Record::Lead(r) => &mut r.common,
            Record::Prospect(r) => &mut r.common,
            Record::Discovery(r) => &mut r.common,
            Record::Opportunity(r) => &mut r.common,
            Record::Disqualified(r) => &mut r.common,
            Record::Won(r) => &mut r.common,
            Record::Lost(r) => &mut r.common,
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

    /// The id the host knows the record by.
    pub fn id(&self) -> &RecordId {
        &self.common().id
    }

    /// Who owns the record now, if anyone.
    pub fn owner(&self) -> Option<&Actor> {
        self.common().owner.as_ref()
    }

    /// The person behind the record.
    pub fn contact(&self) -> &Contact {
        &self.common().contact
    }

    /// The company, if captured.
    pub fn company(&self) -> Option<&str> {
        self.common().company.as_deref()
    }

    /// Where the lead came from.
    pub fn source(&self) -> &Source {
        &self.common().source
    }

    /// When the lead was captured.
    pub fn captured_at(&self) -> Timestamp {
        self.common().captured_at
    }

    /// Engagement signals, in the order recorded.
    pub fn signals(&self) -> &[Signal] {
        &self.common().signals
    }

    /// Everything that happened to the record, oldest first.
    pub fn history(&self) -> &History {
        &self.common().history
    }

    /// The fit evidence with its profile, if the record has any: every stage from
    /// prospect on has it unless its fit is assumed ([`Record::assumed_fit`]).
    pub fn fit(&self) -> Option<&Fit> {
        match self {
            Record::Lead(r) => r.fit.as_ref(),
            _ => self.fit_basis().and_then(FitBasis::as_fit),
        }
    }

    /// The assumption a CRM mapping made in place of fit evidence, for a record the CRM
    /// held at prospect or beyond; `None` for a record whose fit rests on a profile, or
    /// that has none.
    pub fn assumed_fit(&self) -> Option<&AssumedFit> {
        self.fit_basis().and_then(FitBasis::assumed)
    }

    /// What the fit of a record past the lead stage rests on; `None` for a lead, and for a
    /// disqualified record that had none.
    pub fn fit_basis(&self) -> Option<&FitBasis> {
        match self {
            Record::Lead(_) => None,
            Record::Disqualified(r) => r.fit.as_ref(),
            Record::Prospect(r) => Some(&r.fit),
            Record::Discovery(r) => Some(&r.fit),
            Record::Opportunity(r) => Some(&r.fit),
            Record::Won(r) => Some(&r.fit),
            Record::Lost(r) => Some(&r.fit),
        }
    }

    fn view(&self) -> View<'_> {
        match self {
            Record::Lead(r) => r.evidence.view(),
            Record::Prospect(r) => r.evidence.view(),
            Record::Discovery(r) => r.view(),
            Record::Opportunity(r) => r.bant.view(),
            Record::Disqualified(r) => r.evidence.view(),
            Record::Won(r) => r.bant.view(),
            Record::Lost(r) => r.evidence.view(),
        }
    }

    /// The need evidence, if recorded.
    pub fn need(&self) -> Option<&Need> {
        self.view().need
    }

    /// The budget evidence, if recorded.
    pub fn budget(&self) -> Option<&Budget> {
        self.view().budget
    }

    /// The authority evidence, if recorded.
    pub fn authority(&self) -> Option<&Authority> {
        self.view().authority
    }

    /// The timeline evidence, if recorded.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.view().timeline
    }

    /// The close probability of a deal: estimated when it opened, for discovery,
    /// opportunity, won and lost records.
    pub fn probability(&self) -> Option<Probability> {
        match self {
            Record::Discovery(r) => Some(r.probability),
            Record::Opportunity(r) => Some(r.probability),
            Record::Won(r) => Some(r.probability),
            Record::Lost(r) => Some(r.probability),
            Record::Lead(_) | Record::Prospect(_) | Record::Disqualified(_) => None,
        }
    }

    /// What a deal is worth to a forecast: its budget's amount, approved or sought with an
    /// amount; `None` without a budget or an amount (an approved budget whose amount is
    /// unknown has none).
    pub(crate) fn deal_amount(&self) -> Option<Money> {
        self.budget().and_then(|b| match &b.status {
            BudgetStatus::Approved { amount } => Some(*amount),
            BudgetStatus::ApprovedAmountUnknown { .. } => None,
            BudgetStatus::Sought { amount } => *amount,
        })
    }

    /// What the record is worth as a deal, at whatever stage it is: the amount won for a
    /// won deal, else its budget's amount (approved, or sought with an amount), which is
    /// what an open deal is weighted by in a forecast. `None` without a budget or an
    /// amount, as for an approved budget whose amount is unknown.
    ///
    /// ```
    /// # use qualify::Record;
    /// # fn f(records: &[Record]) {
    /// let pipeline: Vec<_> = records.iter().filter_map(Record::deal_value).collect();
    /// # }
    /// ```
    pub fn deal_value(&self) -> Option<Money> {
        self.amount().or_else(|| self.deal_amount())
    }

    /// The amount won, for a won record; [`deal_value`](Record::deal_value) is what any
    /// deal is worth.
    pub fn amount(&self) -> Option<Money> {
        match self {
            Record::Won(r) => Some(r.amount),
            _ => None,
        }
    }

    /// Why the record was lost or disqualified.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Record::Lost(r) => Some(&r.reason),
            Record::Disqualified(r) => Some(&r.reason),
            _ => None,
        }
    }
}

/// A [`Record`] of another stage than the state it was asked to be, handed back.
///
/// ```
/// use qualify::{Lead, Prospect, Record};
/// # let lead = Lead::builder("l-1".parse()?, qualify::Contact::default(), qualify::Source::Form,
/// #     "2026-11-25T09:00:00Z".parse()?).build();
/// let record = Record::from(lead);
/// let err = Prospect::try_from(record).unwrap_err();
/// assert_eq!(err.to_string(), "expected a prospect record, found a lead record");
/// let lead = Lead::try_from(err.into_record())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected {} {expected} record, found {} {} record", article(*.expected), article(.record.stage()), .record.stage())]
pub struct WrongStage {
    record: Record,
    expected: Stage,
}

impl WrongStage {
    /// The stage asked for.
    pub fn expected(&self) -> Stage {
        self.expected
    }

    /// The record, unchanged.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Takes the record back, unchanged.
    pub fn into_record(self) -> Record {
        self.record
    }
}

/// The indefinite article before a stage's name.
pub(crate) fn article(stage: Stage) -> &'static str {
    match stage {
        Stage::Opportunity => "an",
        _ => "a",
    }
}

macro_rules! try_from_record {
    ($($state:ident),*) => {$(
        impl TryFrom<Record> for $state {
            type Error = WrongStage;
            fn try_from(record: Record) -> Result<$state, WrongStage> {
                match record {
                    Record::$state(state) => Ok(state),
                    record => Err(WrongStage {
                        record,
                        expected: Stage::$state,
                    }),
                }
            }
        }
    )*};
}

try_from_record!(Lead, Prospect, Discovery, Opportunity, Disqualified, Won, Lost);

impl From<Triage> for Record {
    /// The record a triage left: the prospect, the disqualified record, or the lead back.
    fn from(triage: Triage) -> Record {
        match triage {
            Triage::Prospect(p) => p.into(),
            Triage::Disqualified(d) => d.into(),
            Triage::Undecided(refused) => refused.into_input().into(),
        }
    }
}

impl<T: Into<Record>> From<Rejected<T>> for Record {
    /// The record a refused transition handed back, unchanged.
    fn from(refused: Rejected<T>) -> Record {
        refused.into_input().into()
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
    //! One wire form for every state: the raw form's. Serializing writes a record's raw
    //! form; deserializing reads the raw form and checks it.

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::*;
    use crate::states::raw::RawRecord;

    impl Serialize for Record {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            RawRecord::from(self).serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Record {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let (raw, unread) = crate::states::de::read(d)?;
            raw.check_read(unread).map_err(serde::de::Error::custom)
        }
    }

    macro_rules! state_serde {
        ($($state:ident),*) => {$(
            impl Serialize for $state {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    // The raw form borrows nothing from a record, so the state is copied
                    // into one; serializing is not a hot path.
                    RawRecord::from(Record::$state(self.clone())).serialize(s)
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

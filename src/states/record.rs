//! [`Record`]: one type over every state, for mixed collections and storage.

use crate::profile::Contact;
use crate::states::common::Common;
use crate::states::{Discovery, Disqualified, History, Lead, Lost, Opportunity, Prospect, Stage, Won};

/// Any record, whatever its stage: the escape hatch for mixed collections and storage.
///
/// Prefer the state types in code that moves records along: they say what a record
/// guarantees and which transitions it has. A `Record` says only what stage it is in; match
/// on it to get the state back.
///
/// # Wire format
///
/// Every state serializes to one JSON object: `"format"` (the wire format version,
/// [`raw::FORMAT`](crate::raw::FORMAT)), `"stage"` (`"lead"`, `"prospect"`, `"discovery"`,
/// `"opportunity"`, `"disqualified"`, `"won"`, `"lost"`), then `"contact"`, `"company"`,
/// `"source"`, `"captured_at"`, `"signals"` and `"history"` (its events, each with an
/// `"event"` kind, [`RawEvent`](crate::raw::RawEvent)), then what the stage carries:
/// `"fit"`, `"need"`, `"budget"`, `"authority"`, `"timeline"`, `"probability"`, `"amount"`,
/// `"reason"`. Decimals are strings, timestamps RFC 3339 strings. A `Record` deserializes
/// any stage; each state type deserializes its own. Either way the record is read in its
/// [raw form](crate::raw) first, then every check of the state's guarantee runs
/// ([`RawRecord::check`](crate::RawRecord::check)), and every problem is named at once:
///
/// (This example needs the `serde` feature.)
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use qualify::{Opportunity, Record, Stage};
/// # use qualify::*;
/// # let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
/// # let by = |m| Provenance::new("rep", now, m);
/// # let mut lead = Lead::builder("lead-1".parse()?, Contact::new("Ada", "ada@example.com"), Source::Form, now).build();
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
            RawRecord::deserialize(d)?
                .check()
                .map_err(serde::de::Error::custom)
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

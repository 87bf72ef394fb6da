//! What each object of a record holds, field by field: the raw types', and those of the
//! layers below (a contact, a profile), whose own `Deserialize` is given only the fields it
//! knows.

use core::fmt;
use core::marker::PhantomData;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer};
use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, Error as _, IgnoredAny, MapAccess, VariantAccess, Visitor,
};

use super::{
    At, Key, LEGACY_FORMAT, List, Maybe, Members, Number, Object, Path, Read, Reading, WHOLE, Written,
    members, required,
};
use crate::policy::limits;
use crate::profile::{Contact, Profile, Value, duplicate_attribute};
use crate::states::RecordProblem;
use crate::states::raw::{
    RawAssumedFit, RawAuthority, RawBudget, RawBudgetStatus, RawEvent, RawFit, RawImport, RawMoney, RawNeed,
    RawProvenance, RawRecord, RawSignal, RawTimeline,
};

// ---------------------------------------------------------------------------------------
// Types of the layers below, which refuse unknown fields themselves.

/// The members of an object read by a type of a layer below (`Contact`, `Profile`), whose
/// own `Deserialize` refuses a field it does not know: each field of `fields` is passed on
/// to it, each other one noted and skipped. `here` may read a field's value itself instead
/// (a whole number, read leniently; custom attributes, read within their limit): given the
/// field's name, it returns whether it did, and a field it read is not passed on.
struct Known<'m, 'p, A, H> {
    map: A,
    r: &'m mut Reading,
    at: Path<'p>,
    fields: &'static [&'static str],
    here: H,
}

impl<'de, A, H> MapAccess<'de> for Known<'_, '_, A, H>
where
    A: MapAccess<'de>,
    H: FnMut(&'static str, &mut A, &mut Reading) -> Result<bool, A::Error>,
{
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            let key = Key {
                fields: self.fields,
                r: self.r,
                at: self.at,
            };
            let Some(key) = self.map.next_key_seed(key)? else {
                return Ok(None);
            };
            let Some((_, name)) = key else {
                self.map.next_value::<IgnoredAny>()?;
                continue;
            };
            if !(self.here)(name, &mut self.map, self.r)? {
                let name = BorrowedStrDeserializer::<A::Error>::new(name);
                return seed.deserialize(name).map(Some);
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl Members for Contact {
    const EXPECTING: &'static str = "a contact";
    const FIELDS: &'static [&'static str] = &["name", "email"];

    fn members<'de, A: MapAccess<'de>>(map: A, r: &mut Reading, at: Path<'_>) -> Result<Contact, A::Error> {
        Contact::deserialize(MapAccessDeserializer::new(Known {
            map,
            r,
            at,
            fields: Self::FIELDS,
            here: |_: &'static str, _: &mut A, _: &mut Reading| Ok(false),
        }))
    }
}

impl Members for Profile {
    const EXPECTING: &'static str = "a profile";
    const FIELDS: &'static [&'static str] = &[
        "employees",
        "annual_revenue",
        "industry",
        "country",
        "job_title",
        "seniority",
        "email_domain",
        "custom",
    ];

    fn members<'de, A: MapAccess<'de>>(map: A, r: &mut Reading, at: Path<'_>) -> Result<Profile, A::Error> {
        // Each is `Some` once read: a field given twice is refused, as serde refuses it.
        let (mut employees, mut custom) = (None, None);
        let here = |name: &'static str, map: &mut A, r: &mut Reading| {
            let here = at.field(name);
            match name {
                "employees" if employees.is_some() => Err(A::Error::duplicate_field(name)),
                "employees" => {
                    employees = Some(match map.next_value_seed(Number)?.whole() {
                        Ok(n) => n,
                        Err(problem) => {
                            r.unreadable(here, problem);
                            None
                        }
                    });
                    Ok(true)
                }
                "custom" if custom.is_some() => Err(A::Error::duplicate_field(name)),
                "custom" => {
                    let attributes = Attributes {
                        r,
                        at: here,
                        max: limits::MAX_CUSTOM_ATTRIBUTES,
                    };
                    custom = Some(map.next_value_seed(attributes)?);
                    Ok(true)
                }
                _ => Ok(false),
            }
        };
        let mut profile = Profile::deserialize(MapAccessDeserializer::new(Known {
            map,
            r,
            at,
            fields: Self::FIELDS,
            here,
        }))?;
        profile.employees = employees.flatten();
        profile.custom = custom.unwrap_or_default();
        Ok(profile)
    }
}

/// Reads a profile's custom attributes at `at`, keeping at most `max`: past them each is
/// skipped unread and counted, and the attributes are noted as too many. The first `max`
/// are kept, so that the rest of the record is still judged (a profile of custom facts
/// alone is not taken for one of none). A name given twice among them is refused.
struct Attributes<'r, 'p> {
    r: &'r mut Reading,
    at: Path<'p>,
    max: usize,
}

impl<'de> DeserializeSeed<'de> for Attributes<'_, '_> {
    type Value = BTreeMap<String, Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Attributes<'_, '_> {
    type Value = BTreeMap<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of custom attributes by name")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept = BTreeMap::new();
        let mut len: usize = 0;
        loop {
            if len < self.max {
                let Some(name) = map.next_key::<String>()? else {
                    break;
                };
                match kept.entry(name) {
                    Entry::Occupied(given) => return Err(duplicate_attribute(given.key())),
                    Entry::Vacant(slot) => {
                        slot.insert(map.next_value()?);
                    }
                }
            } else if map.next_entry::<IgnoredAny, IgnoredAny>()?.is_none() {
                break;
            }
            len = len.saturating_add(1);
        }
        if len > self.max {
            self.r.too_long.push(RecordProblem::TooManyAttributes {
                field: self.at.to_string(),
                len,
                max: self.max,
            });
        }
        Ok(kept)
    }
}

// ---------------------------------------------------------------------------------------
// The raw types.

impl Members for RawRecord {
    const EXPECTING: &'static str = "a record";
    const FIELDS: &'static [&'static str] = &[
        "format",
        "stage",
        "id",
        "owner",
        "contact",
        "company",
        "source",
        "captured_at",
        "signals",
        "history",
        "fit",
        "assumed_fit",
        "need",
        "budget",
        "authority",
        "timeline",
        "probability",
        "amount",
        "reason",
    ];

    fn members<'de, A: MapAccess<'de>>(
        mut map: A,
        r: &mut Reading,
        at: Path<'_>,
    ) -> Result<RawRecord, A::Error> {
        let (mut format, mut stage, mut id, mut owner, mut contact, mut company) =
            (None, None, None, None, None, None);
        let (mut source, mut captured_at, mut signals, mut history) = (None, None, None, None);
        let (mut fit, mut assumed_fit, mut need, mut budget) = (None, None, None, None);
        let (mut authority, mut timeline) = (None, None);
        let (mut probability, mut amount, mut reason) = (None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            let here = at.field(field);
            match field {
                "format" => format = Some(map.next_value_seed(Number)?),
                "stage" => stage = Some(map.next_value()?),
                "id" => id = Some(map.next_value()?),
                "owner" => owner = map.next_value()?,
                "contact" => contact = Some(map.next_value_seed(At::new(r, here))?),
                "company" => company = map.next_value()?,
                "source" => source = Some(map.next_value()?),
                "captured_at" => captured_at = Some(map.next_value()?),
                "signals" => {
                    let list = List::new(r, here, "signals", limits::MAX_SIGNALS);
                    signals = Some(map.next_value_seed(list)?);
                }
                "history" => {
                    let list = List::new(r, here, "history", limits::MAX_EVENTS);
                    history = Some(map.next_value_seed(list)?);
                }
                "fit" => fit = map.next_value_seed(Maybe(At::new(r, here)))?,
                "assumed_fit" => assumed_fit = map.next_value_seed(Maybe(At::new(r, here)))?,
                "need" => need = map.next_value_seed(Maybe(At::new(r, here)))?,
                "budget" => budget = map.next_value_seed(Maybe(At::new(r, here)))?,
                "authority" => authority = map.next_value_seed(Maybe(At::new(r, here)))?,
                "timeline" => timeline = map.next_value_seed(Maybe(At::new(r, here)))?,
                "probability" => probability = map.next_value()?,
                "amount" => amount = map.next_value_seed(Maybe(At::new(r, here)))?,
                "reason" => reason = map.next_value()?,
                _ => {}
            }
            Ok(())
        })?;
        let format = match format.map(Written::whole) {
            None => LEGACY_FORMAT,
            Some(Ok(Some(format))) => format,
            Some(written) => {
                let problem = match written {
                    Err(problem) => problem,
                    Ok(_) => format!("invalid type: null, expected {WHOLE}"),
                };
                r.unreadable(at.field("format"), problem);
                r.format_unread = true;
                0
            }
        };
        Ok(RawRecord {
            format,
            stage: required(stage, "stage")?,
            id: id.unwrap_or_default(),
            owner,
            contact: required(contact, "contact")?,
            company,
            source: required(source, "source")?,
            captured_at: required(captured_at, "captured_at")?,
            signals: signals.unwrap_or_default(),
            history: history.unwrap_or_default(),
            fit,
            assumed_fit,
            need,
            budget,
            authority,
            timeline,
            probability,
            amount,
            reason,
        })
    }
}

impl Members for RawProvenance {
    const EXPECTING: &'static str = "a provenance";
    const FIELDS: &'static [&'static str] = &["recorded_by", "recorded_at", "method", "valid_until"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut recorded_by, mut recorded_at, mut method, mut valid_until) = (None, None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, _| {
            match field {
                "recorded_by" => recorded_by = Some(map.next_value()?),
                "recorded_at" => recorded_at = Some(map.next_value()?),
                "method" => method = Some(map.next_value()?),
                "valid_until" => valid_until = map.next_value()?,
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawProvenance {
            recorded_by: required(recorded_by, "recorded_by")?,
            recorded_at: required(recorded_at, "recorded_at")?,
            method: required(method, "method")?,
            valid_until,
        })
    }
}

impl Members for RawFit {
    const EXPECTING: &'static str = "fit evidence";
    const FIELDS: &'static [&'static str] = &["profile", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut profile, mut provenance) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            let here = at.field(field);
            match field {
                "profile" => profile = Some(map.next_value_seed(At::new(r, here))?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, here))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawFit {
            profile: required(profile, "profile")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawAssumedFit {
    const EXPECTING: &'static str = "an assumed fit";
    const FIELDS: &'static [&'static str] = &["mapping", "label", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut mapping, mut label, mut provenance) = (None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            match field {
                "mapping" => mapping = Some(map.next_value()?),
                "label" => label = Some(map.next_value()?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, at.field(field)))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawAssumedFit {
            mapping: required(mapping, "mapping")?,
            label: required(label, "label")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawNeed {
    const EXPECTING: &'static str = "need evidence";
    const FIELDS: &'static [&'static str] = &["problem", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut problem, mut provenance) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            match field {
                "problem" => problem = Some(map.next_value()?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, at.field(field)))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawNeed {
            problem: required(problem, "problem")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawMoney {
    const EXPECTING: &'static str = "an amount and a currency";
    const FIELDS: &'static [&'static str] = &["amount", "currency"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut amount, mut currency) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, _| {
            match field {
                "amount" => amount = Some(map.next_value()?),
                "currency" => currency = Some(map.next_value()?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawMoney {
            amount: required(amount, "amount")?,
            currency: required(currency, "currency")?,
        })
    }
}

/// The variant a budget status names.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum StatusTag {
    Approved,
    ApprovedAmountUnknown,
    Sought,
}

/// The wire names of [`StatusTag`]'s variants, in order.
const STATUS_TAGS: &[&str] = &["approved", "approved_amount_unknown", "sought"];

/// The fields of a budget status's variant: its amount, required when approved.
struct StatusAmount<const REQUIRED: bool>(Option<RawMoney>);

impl<const REQUIRED: bool> Members for StatusAmount<REQUIRED> {
    const EXPECTING: &'static str = "a budget status";
    const FIELDS: &'static [&'static str] = &["amount"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let mut amount = None;
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            amount = map.next_value_seed(Maybe(At::new(r, at.field(field))))?;
            Ok(())
        })?;
        if REQUIRED && amount.is_none() {
            return Err(A::Error::missing_field("amount"));
        }
        Ok(StatusAmount(amount))
    }
}

/// The fields of an approved budget's status whose amount is unknown: its currency, as
/// written (read as a [`RawMoney`]'s currency is).
struct StatusCurrency(String);

impl Members for StatusCurrency {
    const EXPECTING: &'static str = "a budget status";
    const FIELDS: &'static [&'static str] = &["currency"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let mut currency = None;
        members(&mut map, r, at, Self::FIELDS, |_, map, _| {
            currency = Some(map.next_value()?);
            Ok(())
        })?;
        Ok(StatusCurrency(required(currency, "currency")?))
    }
}

/// Reads a budget status: `{"approved": {"amount": ...}}`,
/// `{"approved_amount_unknown": {"currency": ...}}` or `{"sought": {}}`.
struct Status<'r, 'p> {
    r: &'r mut Reading,
    at: Path<'p>,
}

impl<'de> Visitor<'de> for Status<'_, '_> {
    type Value = RawBudgetStatus;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a budget status")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<RawBudgetStatus, A::Error> {
        let (tag, body) = data.variant::<StatusTag>()?;
        Ok(match tag {
            StatusTag::Approved => {
                let at = self.at.field("approved");
                let visit = Object::<StatusAmount<true>> {
                    r: self.r,
                    at,
                    read: PhantomData,
                };
                let amount = body.struct_variant(StatusAmount::<true>::FIELDS, visit)?.0;
                RawBudgetStatus::Approved {
                    amount: required(amount, "amount")?,
                }
            }
            StatusTag::ApprovedAmountUnknown => {
                let at = self.at.field("approved_amount_unknown");
                let visit = Object::<StatusCurrency> {
                    r: self.r,
                    at,
                    read: PhantomData,
                };
                RawBudgetStatus::ApprovedAmountUnknown {
                    currency: body.struct_variant(StatusCurrency::FIELDS, visit)?.0,
                }
            }
            StatusTag::Sought => {
                let at = self.at.field("sought");
                let visit = Object::<StatusAmount<false>> {
                    r: self.r,
                    at,
                    read: PhantomData,
                };
                RawBudgetStatus::Sought {
                    amount: body.struct_variant(StatusAmount::<false>::FIELDS, visit)?.0,
                }
            }
        })
    }
}

impl Read for RawBudgetStatus {
    fn read<'de, D: Deserializer<'de>>(d: D, r: &mut Reading, at: Path<'_>) -> Result<Self, D::Error> {
        d.deserialize_enum("RawBudgetStatus", STATUS_TAGS, Status { r, at })
    }
}

impl Members for RawBudget {
    const EXPECTING: &'static str = "budget evidence";
    const FIELDS: &'static [&'static str] = &["status", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut status, mut provenance) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            let here = at.field(field);
            match field {
                "status" => status = Some(map.next_value_seed(At::new(r, here))?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, here))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawBudget {
            status: required(status, "status")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawAuthority {
    const EXPECTING: &'static str = "authority evidence";
    const FIELDS: &'static [&'static str] = &["person", "access", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut person, mut access, mut provenance) = (None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            match field {
                "person" => person = Some(map.next_value()?),
                "access" => access = Some(map.next_value()?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, at.field(field)))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawAuthority {
            person: required(person, "person")?,
            access: required(access, "access")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawTimeline {
    const EXPECTING: &'static str = "timeline evidence";
    const FIELDS: &'static [&'static str] = &["decide_by", "provenance"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut decide_by, mut provenance) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            match field {
                "decide_by" => decide_by = Some(map.next_value()?),
                "provenance" => provenance = Some(map.next_value_seed(At::new(r, at.field(field)))?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawTimeline {
            decide_by: required(decide_by, "decide_by")?,
            provenance: required(provenance, "provenance")?,
        })
    }
}

impl Members for RawSignal {
    const EXPECTING: &'static str = "a signal";
    const FIELDS: &'static [&'static str] = &["kind", "at"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut kind, mut when) = (None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, _| {
            match field {
                "kind" => kind = Some(map.next_value()?),
                "at" => when = Some(map.next_value()?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawSignal {
            kind: required(kind, "kind")?,
            at: required(when, "at")?,
        })
    }
}

impl Members for RawImport {
    const EXPECTING: &'static str = "an import";
    const FIELDS: &'static [&'static str] = &["label", "claimed", "mapping"];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let (mut label, mut claimed, mut mapping) = (None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, _| {
            match field {
                "label" => label = Some(map.next_value()?),
                "claimed" => claimed = Some(map.next_value()?),
                "mapping" => mapping = Some(map.next_value()?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(RawImport {
            label: required(label, "label")?,
            claimed: required(claimed, "claimed")?,
            mapping: required(mapping, "mapping")?,
        })
    }
}

impl Members for RawEvent {
    const EXPECTING: &'static str = "an event";
    const FIELDS: &'static [&'static str] = &[
        "event",
        "from",
        "to",
        "at",
        "by",
        "why",
        "policy",
        "tier",
        "probability",
        "threshold",
        "from_owner",
        "to_owner",
        "refreshed",
        "category",
        "import",
    ];

    fn members<'de, A: MapAccess<'de>>(mut map: A, r: &mut Reading, at: Path<'_>) -> Result<Self, A::Error> {
        let mut event = RawEvent::new(String::new(), String::new().into(), String::new());
        let (mut when, mut by, mut why) = (None, None, None);
        members(&mut map, r, at, Self::FIELDS, |field, map, r| {
            let e = &mut event;
            match field {
                "event" => e.event = map.next_value()?,
                "from" => e.from = map.next_value()?,
                "to" => e.to = map.next_value()?,
                "at" => when = Some(map.next_value()?),
                "by" => by = Some(map.next_value()?),
                "why" => why = Some(map.next_value()?),
                "policy" => e.policy = map.next_value()?,
                "tier" => e.tier = map.next_value()?,
                "probability" => e.probability = map.next_value()?,
                "threshold" => e.threshold = map.next_value()?,
                "from_owner" => e.from_owner = map.next_value()?,
                "to_owner" => e.to_owner = map.next_value()?,
                "refreshed" => e.refreshed = map.next_value()?,
                "category" => e.category = map.next_value()?,
                "import" => e.import = map.next_value_seed(Maybe(At::new(r, at.field(field))))?,
                _ => {}
            }
            Ok(())
        })?;
        event.at = required(when, "at")?;
        event.by = required(by, "by")?;
        event.why = required(why, "why")?;
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Seniority;

    /// The names of every field `value` writes.
    fn written<T: serde::Serialize>(value: &T) -> Vec<String> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(members)) => members.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn every_field_a_contact_or_a_profile_writes_is_one_read_here() {
        // The layers below own these types: a field they add must be added here too, or a
        // record the crate wrote would not load.
        let profile = Profile::new()
            .employees(2_400)
            .annual_revenue(80_000_000)
            .industry("software")
            .country("DE")
            .job_title("CFO")
            .seniority(Seniority::CLevel)
            .email_domain("northwind.example")
            .custom("plan", "enterprise");
        let mut fields = written(&profile);
        fields.sort();
        let mut known: Vec<&str> = Profile::FIELDS.to_vec();
        known.sort_unstable();
        assert_eq!(fields, known);
        let mut fields = written(&Contact::new("Ada", "ada@example.com"));
        fields.sort();
        assert_eq!(fields, ["email", "name"]);
    }

    #[test]
    fn a_path_reads_as_the_fields_and_entries_it_descends() {
        let root = Path::Root;
        let history = root.field("history");
        let third = Path::Index(&history, 3);
        let import = third.field("import");
        assert_eq!(root.to_string(), "");
        assert_eq!(history.to_string(), "history");
        assert_eq!(import.to_string(), "history[3].import");
    }
}

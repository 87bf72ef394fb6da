//! [`Notes`]: the policy's rule text, written out once when it compiles and shared by
//! every explanation; [`Figures`]: the thresholds an explanation repeats.

use rust_decimal::Decimal;

use crate::engine::field::FieldReader;
use crate::policy::wording;
use crate::policy::{Condition, Field, PolicySpec};

/// The rules an explanation repeats from the policy, written out once when the policy is
/// compiled and shared by every explanation it writes. An explanation read back from the
/// wire builds its own ([`Notes::read`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Notes {
    pub(crate) criteria: Box<[RuleNote]>,
    pub(crate) knockouts: Box<[RuleNote]>,
    /// Every field a criterion or knockout reads, once each, in the order the rules first
    /// name them. An explanation reads each once and every rule on it shares the value.
    pub(crate) fields: Box<[FieldReader]>,
}

/// The figures an explanation repeats from the policy, normalized once when it compiles:
/// `fit.pass.min_score` and the tier thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Figures {
    pub(crate) min_score: Option<Decimal>,
    pub(crate) thresholds: [Decimal; 3],
}

impl Figures {
    /// The figures of a validated spec.
    pub(crate) fn new(spec: &PolicySpec) -> Figures {
        let t = &spec.engagement.tiers;
        Figures {
            min_score: spec.fit.pass.min_score.map(|d| d.normalize()),
            thresholds: [t.iql.normalize(), t.mql.normalize(), t.sql.normalize()],
        }
    }
}

/// A criterion's or knockout's name, the spec's field and condition with their text for a
/// person, a criterion's weight and whether it is required, and where its field is in
/// [`Notes::fields`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RuleNote {
    pub(crate) name: String,
    pub(crate) field: Field,
    pub(crate) condition: Condition,
    /// The field and condition as a salesperson says them (`policy::wording`).
    pub(crate) text: String,
    pub(crate) weight: Decimal,
    pub(crate) required: bool,
    pub(crate) slot: usize,
}

impl Notes {
    /// The notes of a validated spec.
    pub(crate) fn new(spec: &PolicySpec) -> Notes {
        let fit = &spec.fit;
        // At most `limits::MAX_CRITERIA + limits::MAX_KNOCKOUTS` fields: a linear search
        // for each is cheap, and runs once per policy.
        let mut fields: Vec<&Field> = Vec::new();
        let criteria = fit
            .criteria
            .iter()
            .map(|c| {
                RuleNote::new(
                    &c.name,
                    &c.field,
                    &c.condition,
                    c.weight,
                    c.required,
                    slot(&mut fields, &c.field),
                )
            })
            .collect();
        let knockouts = fit
            .knockouts
            .iter()
            .map(|k| {
                RuleNote::new(
                    &k.name,
                    &k.field,
                    &k.condition,
                    Decimal::ZERO,
                    false,
                    slot(&mut fields, &k.field),
                )
            })
            .collect();
        Notes {
            criteria,
            knockouts,
            fields: fields.into_iter().map(FieldReader::of).collect(),
        }
    }

    /// The notes of rules read back from an explanation, each naming its slot in `fields`.
    #[cfg(feature = "serde")]
    pub(crate) fn read(criteria: Box<[RuleNote]>, knockouts: Box<[RuleNote]>, fields: &[Field]) -> Notes {
        Notes {
            criteria,
            knockouts,
            fields: fields.iter().map(FieldReader::of).collect(),
        }
    }
}

impl RuleNote {
    pub(crate) fn new(
        name: &str,
        field: &Field,
        condition: &Condition,
        weight: Decimal,
        required: bool,
        slot: usize,
    ) -> RuleNote {
        RuleNote {
            name: name.to_owned(),
            field: field.clone(),
            condition: condition.clone(),
            text: wording::rule(field, condition),
            weight: weight.normalize(),
            required,
            slot,
        }
    }
}

/// Where `field` is in `fields`, added at the end if it is not there yet.
fn slot<'a>(fields: &mut Vec<&'a Field>, field: &'a Field) -> usize {
    match fields.iter().position(|f| *f == field) {
        Some(slot) => slot,
        None => {
            fields.push(field);
            fields.len() - 1
        }
    }
}

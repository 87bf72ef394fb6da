//! Reading a [`FitExplanation`] back from the wire.
//!
//! An explanation the crate writes shares its rules' text with the policy; one read back has
//! no policy, so it builds its own notes from the outcomes on the wire, and its table of
//! values seen with them.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Error as _};

use crate::engine::{Notes, Observed, RuleNote};
use crate::explain::FitExplanation;
use crate::policy::{Condition, Field, Require, limits, wording};
use crate::values::Echo;

/// A criterion's outcome as the wire holds it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    name: String,
    field: Field,
    condition: Condition,
    /// Left out, the crate's own wording of the condition.
    #[serde(default)]
    text: Option<String>,
    seen: Observed,
    met: bool,
    #[serde(deserialize_with = "crate::values::decimal::de::points")]
    points: Decimal,
    #[serde(deserialize_with = "crate::values::decimal::de::weight")]
    weight: Decimal,
    #[serde(default)]
    required: bool,
}

/// A knockout's outcome as the wire holds it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnockout {
    name: String,
    field: Field,
    condition: Condition,
    /// Left out, the crate's own wording of the condition.
    #[serde(default)]
    text: Option<String>,
    seen: Observed,
    hit: bool,
}

/// A fit explanation as the wire holds it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFit {
    criteria: Vec<RawCriterion>,
    knockouts: Vec<RawKnockout>,
    #[serde(deserialize_with = "crate::values::decimal::de::score")]
    score: Decimal,
    met: u32,
    #[serde(default, deserialize_with = "crate::values::decimal::de::option::min_score")]
    min_score: Option<Decimal>,
    #[serde(default)]
    min_met: Option<u32>,
    require: Require,
    passed: bool,
}

/// The table of values seen that the rules' notes point into: one slot per field and value.
#[derive(Default)]
struct Seen {
    fields: Vec<Field>,
    values: Vec<Observed>,
}

impl Seen {
    /// The slot of `field` showing `value`, added if no rule before showed it. Rules on the
    /// same field share a slot, as in an explanation the crate writes; a wire that shows
    /// two values for one field keeps both.
    fn slot(&mut self, field: &Field, value: Observed) -> usize {
        let found = self
            .fields
            .iter()
            .zip(&self.values)
            .position(|(f, v)| f == field && identical(v, &value));
        found.unwrap_or_else(|| {
            self.fields.push(field.clone());
            self.values.push(value);
            self.fields.len() - 1
        })
    }

    /// The note of a rule read back, its value seen put in the table; a knockout's weight
    /// and flag (zero, not required).
    fn note(
        &mut self,
        name: String,
        field: Field,
        condition: Condition,
        text: Option<String>,
        seen: Observed,
    ) -> RuleNote {
        let slot = self.slot(&field, seen);
        let text = text.unwrap_or_else(|| wording::rule(&field, &condition));
        RuleNote {
            name,
            field,
            condition,
            text,
            weight: Decimal::ZERO,
            required: false,
            slot,
        }
    }
}

/// Whether two values seen are written alike: numbers by digits and scale, not only by
/// value (`12.50` is not `12.5`), so that what is read back is written back unchanged.
fn identical(a: &Observed, b: &Observed) -> bool {
    match (a, b) {
        (Observed::Number(x), Observed::Number(y)) => x.serialize() == y.serialize(),
        _ => a == b,
    }
}

impl FitExplanation {
    /// The explanation the wire form `raw` holds, or why it holds none.
    fn from_raw(raw: RawFit) -> Result<FitExplanation, String> {
        for (kind, found, most) in [
            ("criteria", raw.criteria.len(), limits::MAX_CRITERIA),
            ("knockouts", raw.knockouts.len(), limits::MAX_KNOCKOUTS),
        ] {
            if found > most {
                return Err(format!(
                    "an explanation lists at most {most} {kind}, found {found}"
                ));
            }
        }
        let mut seen = Seen::default();
        let mut criteria = Vec::with_capacity(raw.criteria.len());
        let mut met = Vec::with_capacity(raw.criteria.len());
        for c in raw.criteria {
            // A criterion's points follow from whether it was met: they are not kept apart.
            let earned = if c.met { c.weight } else { Decimal::ZERO };
            if c.points != earned {
                let (state, must) = if c.met {
                    ("met", format!("its weight {earned}"))
                } else {
                    ("not met", "0".to_owned())
                };
                return Err(format!(
                    "criterion {} is {state}, so its points must be {must}, not {}",
                    Echo::quoted(&c.name),
                    c.points
                ));
            }
            criteria.push(RuleNote {
                weight: c.weight,
                required: c.required,
                ..seen.note(c.name, c.field, c.condition, c.text, c.seen)
            });
            met.push(c.met);
        }
        let mut knockouts = Vec::with_capacity(raw.knockouts.len());
        let mut hit = Vec::with_capacity(raw.knockouts.len());
        for k in raw.knockouts {
            knockouts.push(seen.note(k.name, k.field, k.condition, k.text, k.seen));
            hit.push(k.hit);
        }
        // The totals follow from the criteria too: a score or count that disagrees with them
        // would let a reader show a verdict the rules never gave. The sum is checked; the
        // weights are bounded by the policy's limits, but these come from the wire.
        let score = criteria
            .iter()
            .zip(&met)
            .filter(|(_, m)| **m)
            .try_fold(Decimal::ZERO, |sum, (c, _)| sum.checked_add(c.weight))
            .ok_or("the criteria's weights overflow")?;
        let count = u32::try_from(met.iter().filter(|m| **m).count()).unwrap_or(u32::MAX);
        if score != raw.score || count != raw.met {
            return Err(format!(
                "score {} and {} criteria met disagree with the criteria, which add to {score} and {count}",
                raw.score, raw.met
            ));
        }
        let notes = Notes::read(criteria.into(), knockouts.into(), &seen.fields);
        Ok(FitExplanation {
            notes: Arc::new(notes),
            seen: seen.values.into(),
            criteria: met,
            knockouts: hit,
            score: raw.score,
            met: raw.met,
            min_score: raw.min_score,
            min_met: raw.min_met,
            require: raw.require,
            passed: raw.passed,
        })
    }
}

impl<'de> Deserialize<'de> for FitExplanation {
    /// Reads the wire form [`FitExplanation`]'s `Serialize` writes: the outcomes with their
    /// rules, the score and the pass rule.
    ///
    /// # Errors
    /// Any field missing, unknown or of the wrong type; more criteria or knockouts than
    /// [`limits`] lets a policy have; a criterion whose points are not its weight when met,
    /// or not 0 when not met (`criterion "big" is met, so its points must be its weight 30,
    /// not 5`); a score or a count of criteria met that the criteria do not add up to.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FitExplanation, D::Error> {
        FitExplanation::from_raw(RawFit::deserialize(d)?).map_err(D::Error::custom)
    }
}

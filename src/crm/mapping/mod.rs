//! [`Mapping`]: a CRM's vocabulary in the crate's terms, as data, checked like a policy.

mod assumption;
mod check;
mod spec;

pub use assumption::{Assumption, FitSource};
use check::{choice, count, fixed_reason, labels, shared_columns, text};
pub use spec::{
    Columns, EvidenceColumns, MappingSpec, OnKnockout, PeriodFrom, Placeholders, ProfileColumn, Unlabelled,
};

use core::fmt;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rust_decimal::Decimal;

use crate::crm::labels::{StageLabel, StatusLabel, normalize};
use crate::crm::row::{CrmRow, Fields};
use crate::policy::Field;
use crate::policy::limits::{
    MAX_CHOICES, MAX_FIELD_NAME_LEN, MAX_LABEL_LEN, MAX_LABELS, MAX_PROFILE_COLUMNS,
};
use crate::values::{Currency, Echo, Listed, Problems};

/// One problem of a mapping: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MappingProblem {
    /// Where: `stages[3].label`, `columns.id`, `tolerance`.
    pub path: String,
    /// What: `is blank`.
    pub message: String,
}

impl fmt::Display for MappingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A mapping that failed its checks: every problem found, each with its path, the first
/// [`limits::MAX_PROBLEMS`](crate::limits::MAX_PROBLEMS) listed and the rest counted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid mapping: {}", Listed::new(&self.problems, self.omitted))]
#[non_exhaustive]
pub struct MappingError {
    /// The problems, in the order of the spec's fields; never empty.
    pub problems: Vec<MappingProblem>,
    /// How many more were found past those listed.
    pub omitted: usize,
}

/// A checked [`MappingSpec`]: labels resolved once, so an import looks each row's label up
/// without comparing text twice.
///
/// ```
/// use qualify::crm::{Claim, Columns, Mapping, MappingSpec, StageLabel};
///
/// let spec = MappingSpec::new(
///     "my-crm-v1",
///     Columns::new("Id", ""),
///     vec![StageLabel::new("Won", Claim::Won), StageLabel::new("won", Claim::Lost)],
/// );
/// let err = Mapping::new(spec).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid mapping: columns.stage: is blank; stages[1].label: \"won\" is the label of \
///      stages[0] already (labels match ignoring case, spaces, `_` and `-`)",
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    spec: MappingSpec,
    /// Each stage label's normalized form and its index in `spec.stages`, sorted.
    stages: Vec<(String, usize)>,
    /// Each status label's normalized form and its index in `spec.statuses`, sorted.
    statuses: Vec<(String, usize)>,
    currency: Option<Currency>,
    /// Each field's placeholders, trimmed and in ASCII lowercase.
    placeholders: HashMap<String, Vec<String>>,
}

impl Mapping {
    /// Checks `spec`: the name and the id and stage columns are not blank, no column is
    /// blank, every stage and status label is not blank and is listed once, every default
    /// probability and the tolerance lie in 0..=1, every choice's labels are listed once,
    /// the profile reads each field once, no two slots share a column and no evidence,
    /// profile or contact field reads a slot's column (the row takes it as its slot), no
    /// column write-back writes is another part's (write-back would write over what the
    /// mapping reads), the formats name a date format, and the default currency is a
    /// currency code. It also holds the mapping within [`limits`](crate::limits): at most
    /// [`MAX_LABELS`](crate::limits::MAX_LABELS) stage labels and as many status labels,
    /// [`MAX_CHOICES`](crate::limits::MAX_CHOICES) labels in a choice and
    /// [`MAX_PROFILE_COLUMNS`](crate::limits::MAX_PROFILE_COLUMNS) profile columns (only
    /// that many of a longer list are checked further), a name and labels of at most
    /// [`MAX_LABEL_LEN`](crate::limits::MAX_LABEL_LEN) bytes, and columns of at most
    /// [`MAX_FIELD_NAME_LEN`](crate::limits::MAX_FIELD_NAME_LEN), the longest name an
    /// [`Object`](crate::crm::Object) reads under a nested object. Each label, field and
    /// column is looked up once, so the checks take time linear in the spec's size.
    ///
    /// # Errors
    /// [`MappingError`] with every problem found, each naming its path; a problem of two
    /// parts names both. Among them:
    /// - a blank name or column (`columns.id: is blank`), a label listed twice, a
    ///   probability or tolerance outside 0..=1, a currency that is not a code;
    /// - a list longer than its limit (`stages: must hold at most 100000 entries, found
    ///   100001`), a name, label or column longer than its limit (`columns.owner: must be
    ///   at most 256 bytes long, found 300`);
    /// - two slots with one column (`columns.probability: "amount" is the column of
    ///   columns.amount already`), or another part reading a slot's column;
    /// - a column write-back writes (the stage, status, owner, amount, currency, close
    ///   date, probability and created slots, every evidence field but a timeline's period,
    ///   every profile field, the forecast) that another part also names: a `hubspot_deals` spec whose forecast
    ///   column is `qualify_need` is refused with `forecast.column: "qualify_need" is the
    ///   column of evidence.need already: write-back would write over it`, as a name column
    ///   of `qualify_need` is with `name_column: "qualify_need" is the column of
    ///   evidence.need, which write-back writes`. Parts write-back never writes (the
    ///   contact's name, email and company, the reason, a timeline's period and the date
    ///   it is counted from) may share a column.
    pub fn new(spec: MappingSpec) -> Result<Mapping, MappingError> {
        let mut problems = Problems::default();
        let mut problem = |path: String, message: String| problems.push(MappingProblem { path, message });
        text("name".into(), &spec.name, MAX_LABEL_LEN, &mut problem);
        for (slot, column) in [("id", &spec.columns.id), ("stage", &spec.columns.stage)] {
            text(
                format!("columns.{slot}"),
                column,
                MAX_FIELD_NAME_LEN,
                &mut problem,
            );
        }
        for (slot, column) in spec.columns.optional() {
            if let Some(column) = column {
                text(
                    format!("columns.{slot}"),
                    column,
                    MAX_FIELD_NAME_LEN,
                    &mut problem,
                );
            }
        }
        if spec.columns.status.is_some() == spec.statuses.is_empty() {
            problem(
                "statuses".into(),
                "a status column and status labels go together: name both or neither".into(),
            );
        }
        if spec.stages.is_empty() {
            problem(
                "stages".into(),
                "is empty: a mapping names at least one stage label".into(),
            );
        }
        let stages = labels(
            "stages",
            spec.stages.iter().map(|s| s.label.as_str()),
            MAX_LABELS,
            &mut problem,
        );
        for (i, s) in spec.stages.iter().enumerate().take(MAX_LABELS) {
            if let Some(p) = s.probability
                && !(Decimal::ZERO..=Decimal::ONE).contains(&p)
            {
                problem(
                    format!("stages[{i}].probability"),
                    format!("{p} is not between 0 and 1"),
                );
            }
            if let Some(r) = &s.reason {
                fixed_reason(format!("stages[{i}].reason"), Some(s.means), r, &mut problem);
            }
        }
        let statuses = labels(
            "statuses",
            spec.statuses.iter().map(|s| s.label.as_str()),
            MAX_LABELS,
            &mut problem,
        );
        for (i, s) in spec.statuses.iter().enumerate().take(MAX_LABELS) {
            match (s.means, s.open_as) {
                (Some(_), Some(_)) => problem(
                    format!("statuses[{i}].open_as"),
                    "a status that decides (means) has no claim of its own for a row without a stage".into(),
                ),
                (None, Some(claim)) if !claim.stage().is_open() => problem(
                    format!("statuses[{i}].open_as"),
                    format!("{claim} is not open: a status that decides nothing leaves the row open"),
                ),
                _ => {}
            }
            if let Some(r) = &s.reason {
                fixed_reason(format!("statuses[{i}].reason"), s.means, r, &mut problem);
            }
        }
        let e = &spec.evidence;
        for (name, column) in [
            ("need", &e.need),
            ("budget_amount", &e.budget_amount),
            ("authority", &e.authority),
            ("decide_by", &e.decide_by),
        ] {
            if let Some(column) = column {
                text(
                    format!("evidence.{name}"),
                    column,
                    MAX_FIELD_NAME_LEN,
                    &mut problem,
                );
            }
        }
        if let Some(level) = &e.need_level {
            choice("evidence.need_level", level, &mut problem);
            if e.need.is_none() {
                problem(
                    "evidence.need_level".into(),
                    "a need level qualifies the description in evidence.need: name both".into(),
                );
            }
        }
        if let Some(budget) = &e.budget {
            choice("evidence.budget", budget, &mut problem);
        }
        if let Some(access) = &e.access {
            choice("evidence.access", access, &mut problem);
        }
        if let Some(period) = &e.timeline_period {
            choice("evidence.timeline_period", period, &mut problem);
        }
        if let PeriodFrom::Column(column) = &e.period_from {
            text(
                "evidence.period_from.column".into(),
                column,
                MAX_FIELD_NAME_LEN,
                &mut problem,
            );
        }
        if e.authority.is_some() != e.access.is_some() {
            problem(
                "evidence.access".into(),
                "an authority's person and access go together: name both or neither".into(),
            );
        }
        if let Some(forecast) = &spec.forecast {
            choice("forecast", forecast, &mut problem);
        }
        if let Some(ids) = &spec.currency_ids {
            choice("currency_ids", ids, &mut problem);
        }
        if let Some(source) = &spec.source {
            choice("source", source, &mut problem);
        }
        count("profile", spec.profile.len(), MAX_PROFILE_COLUMNS, &mut problem);
        // Each field by the first entry that reads it.
        let mut read: HashMap<&Field, usize> = HashMap::new();
        for (i, p) in spec.profile.iter().enumerate().take(MAX_PROFILE_COLUMNS) {
            text(
                format!("profile[{i}].column"),
                &p.column,
                MAX_FIELD_NAME_LEN,
                &mut problem,
            );
            match read.entry(&p.field) {
                Entry::Occupied(first) => problem(
                    format!("profile[{i}].field"),
                    format!(
                        "{} is read by profile[{}] already",
                        Echo::plain(&p.field.to_string()),
                        first.get()
                    ),
                ),
                Entry::Vacant(free) => {
                    free.insert(i);
                }
            }
        }
        for (name, column) in [
            ("name_column", &spec.name_column),
            ("email_column", &spec.email_column),
            ("company_column", &spec.company_column),
            ("reason_column", &spec.reason_column),
            ("won_amount_column", &spec.won_amount_column),
        ] {
            if let Some(column) = column {
                text(name.into(), column, MAX_FIELD_NAME_LEN, &mut problem);
            }
        }
        count("placeholders", spec.placeholders.len(), MAX_LABELS, &mut problem);
        let mut listed: HashMap<&str, usize> = HashMap::new();
        for (i, p) in spec.placeholders.iter().enumerate().take(MAX_LABELS) {
            text(
                format!("placeholders[{i}].column"),
                &p.column,
                MAX_FIELD_NAME_LEN,
                &mut problem,
            );
            if let Some(first) = listed.insert(&p.column, i) {
                problem(
                    format!("placeholders[{i}].column"),
                    format!(
                        "{} has its placeholders in placeholders[{first}] already",
                        Echo::quoted(&p.column)
                    ),
                );
            }
            count(
                &format!("placeholders[{i}].values"),
                p.values.len(),
                MAX_CHOICES,
                &mut problem,
            );
            for (j, v) in p.values.iter().enumerate().take(MAX_CHOICES) {
                text(
                    format!("placeholders[{i}].values[{j}]"),
                    v,
                    MAX_LABEL_LEN,
                    &mut problem,
                );
            }
        }
        shared_columns(&spec, &mut problem);
        if spec.formats.dates.is_empty() {
            problem(
                "formats.dates".into(),
                "is empty: name at least one date format".into(),
            );
        }
        let currency = spec
            .currency
            .as_deref()
            .and_then(|code| match Currency::new(code) {
                Ok(c) => Some(c),
                Err(err) => {
                    problem("currency".into(), err.to_string());
                    None
                }
            });
        if !(Decimal::ZERO..=Decimal::ONE).contains(&spec.tolerance) {
            problem(
                "tolerance".into(),
                format!("{} is not between 0 and 1", spec.tolerance),
            );
        }
        if !problems.is_empty() {
            let (problems, omitted) = problems.into_parts();
            return Err(MappingError { problems, omitted });
        }
        let placeholders = spec
            .placeholders
            .iter()
            .map(|p| {
                let values = p.values.iter().map(|v| v.trim().to_ascii_lowercase()).collect();
                (p.column.clone(), values)
            })
            .collect();
        Ok(Mapping {
            spec,
            stages,
            statuses,
            currency,
            placeholders,
        })
    }

    /// A mapping that knows no label, so refuses every row: what a preset falls back to
    /// were it ever to fail its own checks, rather than panic.
    pub(crate) fn never() -> Mapping {
        Mapping {
            spec: MappingSpec::new("invalid-preset", Columns::new("id", "stage"), Vec::new()),
            stages: Vec::new(),
            statuses: Vec::new(),
            currency: None,
            placeholders: HashMap::new(),
        }
    }

    /// Whether `value` is one of `column`'s placeholders.
    pub(crate) fn is_placeholder(&self, column: &str, value: &str) -> bool {
        self.placeholders.get(column).is_some_and(|values| {
            let value = value.trim();
            values.iter().any(|p| p.eq_ignore_ascii_case(value))
        })
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &MappingSpec {
        &self.spec
    }

    /// The mapping's name, with its version.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The default currency, if the mapping names one.
    pub fn currency(&self) -> Option<Currency> {
        self.currency
    }

    /// What the mapping takes as evidence that the CRM does not record as such, in order.
    /// The shipped deal presets assume fit for deals; the contact and lead presets assume
    /// nothing.
    ///
    /// ```
    /// use qualify::crm::{presets, Assumption, FitSource, Mapping};
    ///
    /// assert_eq!(presets::hubspot_deals().assumptions(), [Assumption::FitAtProspect]);
    /// assert!(presets::hubspot_contacts().assumptions().is_empty());
    /// let mut spec = presets::hubspot_deals().spec().clone();
    /// spec.fit = FitSource::Profile; // the host fetches each deal's company
    /// spec.evidence.decide_by = None;
    /// spec.evidence.close_date_is_timeline = true;
    /// let opted_in = Mapping::new(spec)?;
    /// assert_eq!(opted_in.assumptions(), [Assumption::CloseDateIsTimeline]);
    /// # Ok::<(), qualify::crm::MappingError>(())
    /// ```
    pub fn assumptions(&self) -> Vec<Assumption> {
        let e = &self.spec.evidence;
        let fit = self.spec.fit == FitSource::AssumedAtProspect;
        let timeline =
            e.close_date_is_timeline && e.decide_by.is_none() && self.spec.columns.close_date.is_some();
        [
            fit.then_some(Assumption::FitAtProspect),
            timeline.then_some(Assumption::CloseDateIsTimeline),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The stage label `label` is, if the mapping lists it.
    pub fn stage_label(&self, label: &str) -> Option<&StageLabel> {
        find(&self.stages, label).map(|i| &self.spec.stages[i])
    }

    /// The status label `label` is, if the mapping lists it.
    pub fn status_label(&self, label: &str) -> Option<&StatusLabel> {
        find(&self.statuses, label).map(|i| &self.spec.statuses[i])
    }

    /// A row from a CRM object's fields: the value of each slot column the mapping names
    /// moves into the row's slot as written, a blank one too (the import reads a blank
    /// value as absent), and every other field stays in [`CrmRow::fields`]. Without the id
    /// or the stage column, the row's id or stage is empty.
    ///
    /// [`fields`](Mapping::fields) undoes it: for fields that hold the id and stage
    /// columns, `mapping.fields(&mapping.row(fields.clone()))` is `fields`, so a blank
    /// value the CRM holds is written back blank, not dropped.
    ///
    /// ```
    /// use qualify::crm::{presets, Fields};
    ///
    /// let mapping = presets::salesforce_opportunities();
    /// let fields: Fields = [("Id", "006A"), ("StageName", "Prospecting"), ("Amount", ""), ("CloseDate", "  ")]
    ///     .into_iter()
    ///     .map(|(k, v)| (k.to_owned(), v.to_owned()))
    ///     .collect();
    /// let row = mapping.row(fields.clone());
    /// assert_eq!(row.amount.as_deref(), Some(""));
    /// assert_eq!(mapping.fields(&row), fields);
    /// ```
    pub fn row(&self, mut fields: Fields) -> CrmRow {
        let c = &self.spec.columns;
        let mut take = |column: Option<&String>| column.and_then(|name| fields.remove(name));
        let id = take(Some(&c.id)).unwrap_or_default();
        let stage = take(Some(&c.stage)).unwrap_or_default();
        CrmRow {
            id,
            stage,
            status: take(c.status.as_ref()),
            owner: take(c.owner.as_ref()),
            amount: take(c.amount.as_ref()),
            currency: take(c.currency.as_ref()),
            close_date: take(c.close_date.as_ref()),
            probability: take(c.probability.as_ref()),
            created: take(c.created.as_ref()),
            fields,
            stage_history: Vec::new(),
        }
    }

    /// A row's fields under the CRM's names: [`row`](Mapping::row) undone. The id and the
    /// stage are always written (empty if the row's are), each other slot the mapping has
    /// a column for when the row has a value, blank or not. The stage history is not a
    /// field, and is left out.
    pub fn fields(&self, row: &CrmRow) -> Fields {
        let c = &self.spec.columns;
        let mut fields = row.fields.clone();
        fields.insert(c.id.clone(), row.id.clone());
        fields.insert(c.stage.clone(), row.stage.clone());
        let slots = [
            (&c.status, &row.status),
            (&c.owner, &row.owner),
            (&c.amount, &row.amount),
            (&c.currency, &row.currency),
            (&c.close_date, &row.close_date),
            (&c.probability, &row.probability),
            (&c.created, &row.created),
        ];
        for (column, value) in slots {
            if let (Some(column), Some(value)) = (column, value) {
                fields.insert(column.clone(), value.clone());
            }
        }
        fields
    }
}

/// Finds `label` among normalized labels.
fn find(sorted: &[(String, usize)], label: &str) -> Option<usize> {
    let key = normalize(label);
    sorted
        .binary_search_by(|(l, _)| l.as_str().cmp(key.as_str()))
        .ok()
        .map(|i| sorted[i].1)
}

#[cfg(feature = "serde")]
impl serde::Serialize for Mapping {
    /// The spec.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Mapping {
    /// A spec, checked by [`Mapping::new`].
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Mapping::new(MappingSpec::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

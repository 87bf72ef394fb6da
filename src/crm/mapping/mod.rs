//! [`Mapping`]: a CRM's vocabulary in the crate's terms, as data, checked like a policy.

mod assumption;
mod check;

pub use assumption::{Assumption, FitSource};
use check::{choice, count, fixed_reason, labels, shared_columns, text};

use core::fmt;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rust_decimal::Decimal;

use crate::crm::format::Formats;
use crate::crm::labels::{
    BudgetMeaning, Choice, ForecastMeaning, NeedMeaning, StageLabel, StatusLabel, TimelinePeriod, normalize,
};
use crate::crm::row::{CrmRow, Fields};
use crate::evidence::{Access, Method};
use crate::policy::Field;
use crate::policy::limits::{
    MAX_CHOICES, MAX_FIELD_NAME_LEN, MAX_LABEL_LEN, MAX_LABELS, MAX_PROFILE_COLUMNS,
};
use crate::profile::Source;
use crate::values::{Currency, Echo, Listed, Problems};

/// Which of a CRM object's fields fill a [`CrmRow`]'s slots, by the CRM's field names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
#[allow(missing_docs)]
pub struct Columns {
    pub id: String,
    pub stage: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub status: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub owner: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub amount: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub currency: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub close_date: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub probability: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub created: Option<String>,
}

impl Columns {
    /// The columns of the id and the stage.
    pub fn new(id: impl Into<String>, stage: impl Into<String>) -> Columns {
        Columns {
            id: id.into(),
            stage: stage.into(),
            ..Columns::default()
        }
    }

    /// Each optional slot's column, by the slot's name.
    fn optional(&self) -> [(&'static str, &Option<String>); 7] {
        [
            ("status", &self.status),
            ("owner", &self.owner),
            ("amount", &self.amount),
            ("currency", &self.currency),
            ("close_date", &self.close_date),
            ("probability", &self.probability),
            ("created", &self.created),
        ]
    }
}

/// Which fields carry each piece of evidence. The import records each with a provenance
/// naming the row's owner (or who ran the import), the import's `as_of`, and `method`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct EvidenceColumns {
    /// The field that states the need, in words.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub need: Option<String>,
    /// The field that says how much the need matters (a need level picklist or option
    /// set): where named, the description in `need` is need evidence only when this field
    /// reads as [`NeedMeaning::Matters`]; blank or not mattering, there is no need evidence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub need_level: Option<Choice<NeedMeaning>>,
    /// The field that says the budget's status.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub budget: Option<Choice<BudgetMeaning>>,
    /// The field that holds the budget's amount; the row's amount when `None`. An approved
    /// budget whose amount is blank or does not read is approved for an amount unknown, in
    /// the row's currency; write-back leaves such a budget's amount field as it is.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub budget_amount: Option<String>,
    /// The field that names the person with authority.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub authority: Option<String>,
    /// The field that says how the seller reaches the decision: decision maker or champion.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub access: Option<Choice<Option<Access>>>,
    /// The field that holds the decision date. A date there wins over
    /// [`timeline_period`](EvidenceColumns::timeline_period); a date that does not read is
    /// a finding, and no timeline.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub decide_by: Option<String>,
    /// The field that says the buyer's timeline as a [`TimelinePeriod`] ("this quarter", "next
    /// year"), read when `decide_by` is `None` or blank in the row: the decision date is the
    /// period's end, counted from [`period_from`](EvidenceColumns::period_from). A label
    /// meaning [`TimelinePeriod::Unknown`] is no timeline; a label the choice does not list is a
    /// finding, and no timeline.
    ///
    /// Write-back never writes this field: a decision date is a day, which a period cannot
    /// say exactly. It writes a decision date the host recorded to `decide_by` when the
    /// mapping has one (or, opted in, to the close date while the row's period is blank),
    /// and leaves the period as the row has it.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub timeline_period: Option<Choice<TimelinePeriod>>,
    /// The date a [`timeline_period`](EvidenceColumns::timeline_period) is counted from
    /// (default the import's `as_of`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "PeriodFrom::is_default"))]
    pub period_from: PeriodFrom,
    /// Whether the row's close date is the decision date when `decide_by` is `None`
    /// (default false): an [`Assumption`] the audit states. It comes last: a row whose
    /// [`timeline_period`](EvidenceColumns::timeline_period) holds a label takes its
    /// timeline from the period, and only a row whose period is blank from the close date.
    ///
    /// Off by default, because most CRMs ask for a close date on every deal (Salesforce
    /// requires `CloseDate`, HubSpot fills `closedate` in): a deal with one has a date the
    /// seller typed, not a buyer's timeline, and taking it for one dresses every deal with
    /// timeline evidence. Turn it on where the team's process makes the close date the
    /// buyer's decision date.
    pub close_date_is_timeline: bool,
    /// How the CRM's evidence was gathered, for its provenance (default `import`).
    pub method: Method,
}

impl Default for EvidenceColumns {
    fn default() -> EvidenceColumns {
        EvidenceColumns {
            need: None,
            need_level: None,
            budget: None,
            budget_amount: None,
            authority: None,
            access: None,
            decide_by: None,
            timeline_period: None,
            period_from: PeriodFrom::AsOf,
            close_date_is_timeline: false,
            method: Method::Import,
        }
    }
}

/// The date a timeline [`TimelinePeriod`] is counted from: "this quarter" means the quarter of
/// the day the seller picked it, so a picklist set long ago means a period long gone.
///
/// On the wire, snake_case: `"as_of"` (the default, left out) or `{"column": "modifiedon"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PeriodFrom {
    /// The import's `as_of`: the period as the CRM holds it today. Right for a CRM that
    /// rolls its picklists over, or a team that reviews them each period.
    #[default]
    AsOf,
    /// A date field of the row, read in the mapping's date formats: when the record was
    /// last changed, as HubSpot's `hs_lastmodifieddate`, Salesforce's `LastModifiedDate`
    /// or Dynamics 365's `modifiedon` say. A field no slot of
    /// [`Columns`] takes. A row whose field is blank or does not read has no timeline, and
    /// a finding names the field: the period cannot be placed in time, and counting it from
    /// `as_of` instead could stretch a quarter long gone over today.
    Column(String),
}

impl PeriodFrom {
    /// Whether it is the default, so that serializing leaves it out.
    #[cfg(feature = "serde")]
    fn is_default(&self) -> bool {
        *self == PeriodFrom::default()
    }
}

/// A profile field the policy scores, and the CRM field it is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct ProfileColumn {
    /// The profile field.
    pub field: Field,
    /// The CRM's field.
    pub column: String,
}

impl ProfileColumn {
    /// `field` read from `column`.
    pub fn new(field: Field, column: impl Into<String>) -> ProfileColumn {
        ProfileColumn {
            field,
            column: column.into(),
        }
    }
}

/// A mapping as written: the data a host copies from a preset, edits and stores.
/// [`Mapping::new`] checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct MappingSpec {
    /// The mapping's name, with its version (`hubspot-deals-v1`): every import names it.
    pub name: String,
    /// Which fields fill the row's slots.
    pub columns: Columns,
    /// Every stage label and what it means. The first label of each meaning is the one
    /// written back for it.
    pub stages: Vec<StageLabel>,
    /// Every status label and what it decides, for a mapping with a status column.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub statuses: Vec<StatusLabel>,
    /// Which fields carry the evidence.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evidence: EvidenceColumns,
    /// The profile fields the policy scores, and where each is read from.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub profile: Vec<ProfileColumn>,
    /// Where a row's fit comes from: the profile fields, judged (the default), or for a row
    /// the CRM holds at prospect or beyond with no profile facts, an assumption the audit
    /// states.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "FitSource::is_default")
    )]
    pub fit: FitSource,
    /// The field holding the contact's or the deal's name.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub name_column: Option<String>,
    /// The field holding the contact's email.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub email_column: Option<String>,
    /// The field that says where the lead came from (Salesforce's `LeadSource`, HubSpot's
    /// `hs_analytics_source`, Dynamics 365's `leadsourcecode`), and what each label is: a
    /// label not listed is kept as the CRM wrote it ([`Source::Other`], or a known source
    /// it names). Without it, or for a blank value, an imported record's source is
    /// [`Source::Import`].
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub source: Option<Choice<Source>>,
    /// The field holding the company's name.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub company_column: Option<String>,
    /// The field holding why a row was lost or disqualified.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub reason_column: Option<String>,
    /// The field holding what a won row was won for, where the CRM keeps it apart from the
    /// deal's estimated value (Dynamics 365's `actualvalue`); the row's amount when `None`,
    /// or when the field is empty. Write-back writes a won amount there.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub won_amount_column: Option<String>,
    /// The forecast category field, written back with the stage.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub forecast: Option<Choice<ForecastMeaning>>,
    /// How values are written.
    #[cfg_attr(feature = "serde", serde(default))]
    pub formats: Formats,
    /// Values a field holds in place of an answer (`[not provided]`, `-- none --`), field by
    /// field: a value listed for its field reads as blank, wherever the mapping reads that
    /// field, and write-back treats it as blank too. The crate's own placeholders (`TBD`,
    /// `n/a`, ...) hold everywhere as well: evidence that says one is hollow.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub placeholders: Vec<Placeholders>,
    /// The currency of amounts with none of their own: for organisations that work in one.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub currency: Option<String>,
    /// A field that names the row's currency by the CRM's own id, and each id's currency
    /// code: Dynamics 365's lookup `_transactioncurrencyid_value`, a GUID per currency of the
    /// organisation. Read when the row's currency slot is empty, before the default.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub currency_ids: Option<Choice<Currency>>,
    /// What write-back does with a record at a stage the mapping has no label for, nor for
    /// a stage below it (a deal-pipeline row typed as a lead): by default it leaves the
    /// stage as the row has it and writes everything else.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Unlabelled::is_default")
    )]
    pub unlabelled: Unlabelled,
    /// What the import does with an open row whose fit evidence hits one of the policy's
    /// knockouts: by default it keeps the row at the stage its evidence supports, the
    /// knockout named in the [`Finding::Dressed`](crate::crm::Finding::Dressed) it notes.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "OnKnockout::is_default")
    )]
    pub knockouts: OnKnockout,
    /// How far the CRM's probability may be from the policy's estimate before the import
    /// says so, as a fraction (default `0.10`).
    #[cfg_attr(
        feature = "serde",
        serde(
            default = "default_tolerance",
            deserialize_with = "crate::values::decimal::de::figure::tolerance"
        )
    )]
    pub tolerance: Decimal,
}

#[cfg(feature = "serde")]
fn default_tolerance() -> Decimal {
    Decimal::new(10, 2)
}

impl MappingSpec {
    /// A mapping named `name` over `columns` and `stages`, with every other part at its
    /// default: no evidence or profile fields, RFC 3339 or calendar dates, point
    /// decimals, fractions, no default currency, a tolerance of 0.10.
    pub fn new(name: impl Into<String>, columns: Columns, stages: Vec<StageLabel>) -> MappingSpec {
        MappingSpec {
            name: name.into(),
            columns,
            stages,
            statuses: Vec::new(),
            evidence: EvidenceColumns::default(),
            profile: Vec::new(),
            fit: FitSource::default(),
            name_column: None,
            email_column: None,
            source: None,
            company_column: None,
            reason_column: None,
            won_amount_column: None,
            forecast: None,
            formats: Formats::default(),
            placeholders: Vec::new(),
            currency: None,
            currency_ids: None,
            unlabelled: Unlabelled::default(),
            knockouts: OnKnockout::default(),
            tolerance: Decimal::new(10, 2),
        }
    }
}

/// The values a CRM field holds in place of an answer, which read as blank: a form's
/// `[not provided]`, a picklist's `-- none --`. Matched ignoring ASCII case and surrounding
/// whitespace.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct Placeholders {
    /// The CRM's field.
    pub column: String,
    /// The values that stand for no answer there.
    pub values: Vec<String>,
}

impl Placeholders {
    /// `values` read as blank in `column`.
    pub fn new(
        column: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Placeholders {
        Placeholders {
            column: column.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// What write-back does with a record at a stage its mapping has no label for, nor for a
/// stage below it: a row of a deal pipeline, which has no stage for a lead, typed as a lead
/// because nothing shows its fit.
///
/// On the wire, snake_case: `"keep_stage"` (the default, left out) or `"refuse"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unlabelled {
    /// Leave the row's stage and status as they are, and write everything else the crate
    /// corrects: the evidence, the probability, the forecast category (out of the forecast,
    /// for a record that is not a deal). The import's findings say what the label
    /// overstates. A fresh row ([`Crm::export`](crate::crm::Crm::export)) has an empty
    /// stage, which the host leaves out when it writes the row.
    #[default]
    KeepStage,
    /// Refuse the write-back with [`ExportError::NoLabel`](crate::crm::ExportError::NoLabel),
    /// for a host that writes no row it cannot label.
    Refuse,
}

impl Unlabelled {
    /// Whether it is the default, so that serializing leaves it out.
    #[cfg(feature = "serde")]
    fn is_default(&self) -> bool {
        *self == Unlabelled::default()
    }
}

/// What an import does with a row whose fit evidence hits a knockout of the policy: a
/// competitor, a student, a company too small ever to buy.
///
/// A knockout says "this lead is not for us". [`Lead::qualify`](crate::Lead::qualify)
/// only reports it, and [`Lead::triage`](crate::Lead::triage) disqualifies the lead at
/// once; a mapping chooses which of the two an import does, since a team that triages its
/// new leads wants the leads its CRM still holds open judged the same way, and a team
/// that has a person confirm every disqualification does not.
///
/// On the wire, snake_case: `"keep"` (the default, left out) or `"disqualify"`.
///
/// ```
/// use qualify::crm::{presets, Crm, CrmRow, Finding, Mapping, OnKnockout};
/// use qualify::{Policy, Stage};
///
/// let mut spec = presets::hubspot_contacts().spec().clone();
/// spec.knockouts = OnKnockout::Disqualify;
/// let (mapping, policy) = (Mapping::new(spec)?, Policy::default());
/// let crm = Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse()?, "import");
/// let mut row = CrmRow::new("501", "lead");
/// for (field, value) in [("numemployees", "2400"), ("industry", "software"), ("jobtitle", "Working Student")] {
///     row.fields.insert(field.into(), value.into());
/// }
/// let imported = crm.import(row)?;
/// assert_eq!(imported.record.stage(), Stage::Disqualified);
/// assert_eq!(imported.record.reason().map(|r| r.as_str()), Some("knockout: student or intern title"));
/// assert!(imported.findings.iter().any(|f| matches!(f, Finding::Knockout { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum OnKnockout {
    /// Keep the row at the stage its evidence supports, below its label: the knockout is
    /// one of the reasons its [`Finding::Dressed`](crate::crm::Finding::Dressed) lists, for
    /// a person to confirm.
    #[default]
    Keep,
    /// Disqualify an open row (any label but won, lost or disqualified) whose lead a
    /// knockout refuses, as [`Lead::triage`](crate::Lead::triage) does: the reason names
    /// the knockouts (`knockout: competitor`) and the history names the policy. A row the
    /// CRM closed keeps the CRM's outcome. Either way the import notes a
    /// [`Finding::Knockout`](crate::crm::Finding::Knockout).
    Disqualify,
}

impl OnKnockout {
    /// Whether it is the default, so that serializing leaves it out.
    #[cfg(feature = "serde")]
    fn is_default(&self) -> bool {
        *self == OnKnockout::default()
    }
}

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

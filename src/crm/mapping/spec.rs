//! [`MappingSpec`] and its parts: what a host writes to say where a CRM keeps each value
//! and what its labels mean. [`Mapping::new`](crate::crm::Mapping::new) checks it.

use rust_decimal::Decimal;

use crate::crm::format::Formats;
use crate::crm::labels::{
    BudgetMeaning, Choice, ForecastMeaning, NeedMeaning, StageLabel, StatusLabel, TimelinePeriod,
};
use crate::crm::mapping::FitSource;
use crate::evidence::{Access, Method};
use crate::policy::Field;
use crate::profile::Source;
use crate::values::Currency;

/// Which of a CRM object's fields fill a [`CrmRow`](crate::crm::CrmRow)'s slots, by the CRM's field names.
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
    pub(super) fn optional(&self) -> [(&'static str, &Option<String>); 7] {
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
    /// (default false): an [`Assumption`](crate::crm::Assumption) the audit states. It comes last: a row whose
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
/// [`Mapping::new`](crate::crm::Mapping::new) checks it.
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

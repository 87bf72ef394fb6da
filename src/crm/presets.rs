//! Mappings for the standard objects of HubSpot, Salesforce and Dynamics 365: starting
//! points a host copies ([`Mapping::spec`]), edits to its own account's stages and fields,
//! and checks again with [`Mapping::new`].
//!
//! Each preset takes its stage and status labels, field names and default probabilities
//! from the vendor's public documentation (linked on each). What each label *means* in
//! qualification terms is this crate's reading, and the part a host most often edits:
//! an "appointment scheduled" deal has a meeting booked, not a need confirmed, so it is
//! read as a prospect; a stage that confirms need but not yet budget or authority is read
//! as discovery, which only a policy in staged mode supports.
//!
//! None of these CRMs has standard fields for the four conditions except Dynamics 365.
//! For HubSpot and Salesforce the presets read six custom fields: create them, or point
//! the mapping at the fields your team already keeps.
//!
//! | reads | HubSpot | Salesforce |
//! |---|---|---|
//! | need | `qualify_need` | `Qualify_Need__c` |
//! | budget status (`approved`, `sought`, `none`) | `qualify_budget_status` | `Qualify_Budget_Status__c` |
//! | budget amount | `qualify_budget_amount` | `Qualify_Budget_Amount__c` |
//! | authority (the person) | `qualify_authority` | `Qualify_Authority__c` |
//! | access (`decision_maker`, `champion`, `none`) | `qualify_access` | `Qualify_Access__c` |
//! | timeline's decision date | `qualify_decide_by` | `Qualify_Decide_By__c` |
//!
//! Every field each preset reads, the standard ones too, with the values each label and
//! choice is read as, is in the README's "What each CRM preset reads" tables, which a test
//! writes from the presets themselves.
//!
//! Accounts customize their stages: read your own with HubSpot's pipelines API
//! (`/crm/v3/pipelines/deals`), Salesforce's `OpportunityStage` and `LeadStatus` objects,
//! or Dynamics 365's option set metadata, and edit the labels to match.

use rust_decimal::Decimal;

use crate::crm::format::{DateFormat, Formats, ProbabilityScale};
use crate::crm::labels::{BudgetMeaning, Choice, Claim, ForecastMeaning, StageLabel, StatusLabel};
use crate::crm::mapping::{Columns, EvidenceColumns, FitSource, Mapping, MappingSpec, ProfileColumn};
use crate::evidence::Access;
use crate::policy::Field;
use crate::profile::Source;
use crate::states::ForecastCategory;

/// A preset's spec, checked: the presets are tested to pass their own checks.
fn checked(spec: MappingSpec) -> Mapping {
    match Mapping::new(spec) {
        Ok(mapping) => mapping,
        // Unreachable: every preset passes its checks (see the tests); an empty mapping
        // that refuses every row is the answer that cannot panic.
        Err(_) => Mapping::never(),
    }
}

fn stage(label: &str, means: Claim, percent: Option<i64>) -> StageLabel {
    let label = StageLabel::new(label, means);
    match percent {
        Some(p) => label.with_probability(Decimal::new(p, 2)),
        None => label,
    }
}

fn status(label: &str, means: Option<Claim>) -> StatusLabel {
    StatusLabel::new(label, means)
}

/// The custom evidence fields the HubSpot and Salesforce presets read, named by `name`. The
/// decision date is a field of its own: the CRM's close date is not a buyer's timeline.
fn custom_evidence(name: impl Fn(&str) -> String) -> EvidenceColumns {
    EvidenceColumns {
        need: Some(name("need")),
        budget: Some(Choice::new(
            name("budget_status"),
            [
                ("approved", BudgetMeaning::Approved),
                ("sought", BudgetMeaning::Sought),
                ("none", BudgetMeaning::None),
            ],
        )),
        budget_amount: Some(name("budget_amount")),
        authority: Some(name("authority")),
        access: Some(Choice::new(
            name("access"),
            [
                ("decision_maker", Some(Access::DecisionMaker)),
                ("champion", Some(Access::Champion)),
                ("none", None),
            ],
        )),
        decide_by: Some(name("decide_by")),
        ..EvidenceColumns::default()
    }
}

fn hubspot_evidence() -> EvidenceColumns {
    custom_evidence(|n| format!("qualify_{n}"))
}

fn salesforce_evidence() -> EvidenceColumns {
    custom_evidence(|n| {
        let words: Vec<String> = n
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_ascii_uppercase().to_string() + c.as_str())
            })
            .collect();
        format!("Qualify_{}__c", words.join("_"))
    })
}

fn profile(columns: &[(Field, &str)]) -> Vec<ProfileColumn> {
    columns
        .iter()
        .map(|(f, c)| ProfileColumn::new(f.clone(), *c))
        .collect()
}

/// HubSpot's original source (`hs_analytics_source`): paid search and paid social are
/// ads, referrals referrals, offline sources (imports, the CRM's own screens, integrations)
/// imports; the others (`ORGANIC_SEARCH`, `DIRECT_TRAFFIC`, `EMAIL_MARKETING`, …) are kept
/// as HubSpot names them.
fn hubspot_source() -> Choice<Source> {
    Choice::new(
        "hs_analytics_source",
        [
            ("PAID_SEARCH", Source::Ad),
            ("PAID_SOCIAL", Source::Ad),
            ("REFERRALS", Source::Referral),
            ("OFFLINE", Source::Import),
        ],
    )
}

/// Salesforce's lead source picklist (`LeadSource`), its default values: web is a form,
/// partner referral a referral, purchased list an import; phone inquiry and other are kept
/// as Salesforce names them.
fn salesforce_source() -> Choice<Source> {
    Choice::new(
        "LeadSource",
        [
            ("Web", Source::Form),
            ("Partner Referral", Source::Referral),
            ("Purchased List", Source::Import),
            ("Advertisement", Source::Ad),
            ("Trade Show", Source::Event),
        ],
    )
}

/// Dynamics 365's lead source (`leadsourcecode`), an option set: 1 advertisement, 2 employee
/// and 3 external referral, 4 partner, 5 public relations, 6 seminar, 7 trade show, 8 web,
/// 9 word of mouth, 10 other.
fn dynamics_source() -> Choice<Source> {
    let other = |name: &str| Source::Other(name.to_owned());
    Choice {
        column: "leadsourcecode".into(),
        labels: [
            ("1", Source::Ad),
            ("2", Source::Referral),
            ("3", Source::Referral),
            ("4", Source::Referral),
            ("5", other("public_relations")),
            ("6", Source::Event),
            ("7", Source::Event),
            ("8", Source::Form),
            ("9", Source::Referral),
            ("10", other("other")),
        ]
        .into_iter()
        .map(|(l, s)| (l.to_owned(), s))
        .collect(),
    }
}

/// HubSpot contacts: lifecycle stage (`lifecyclestage`) and lead status
/// (`hs_lead_status`), read from the CRM objects API (`/crm/v3/objects/contacts`).
///
/// The lifecycle stages are HubSpot's eight defaults
/// (<https://knowledge.hubspot.com/contacts/use-lifecycle-stages>): subscriber and lead
/// are leads, other is a lead; marketing qualified and sales qualified leads are leads at
/// the MQL and SQL tiers, recorded as tier milestones; opportunity is an opportunity;
/// customer and evangelist are won. The lead status
/// (<https://knowledge.hubspot.com/properties/hubspots-default-contact-properties>)
/// decides only when it says `UNQUALIFIED` (disqualified). Dates are RFC 3339 or epoch
/// milliseconds, as the API writes them.
pub fn hubspot_contacts() -> Mapping {
    let mut spec = MappingSpec::new(
        "hubspot-contacts-v1",
        Columns {
            status: Some("hs_lead_status".into()),
            owner: Some("hubspot_owner_id".into()),
            created: Some("createdate".into()),
            ..Columns::new("hs_object_id", "lifecyclestage")
        },
        vec![
            stage("lead", Claim::Lead, None),
            stage("subscriber", Claim::Lead, None),
            stage("other", Claim::Lead, None),
            stage("marketingqualifiedlead", Claim::Mql, None),
            stage("salesqualifiedlead", Claim::Sql, None),
            stage("opportunity", Claim::Opportunity, None),
            stage("customer", Claim::Won, None),
            stage("evangelist", Claim::Won, None),
        ],
    );
    spec.statuses = [
        "NEW",
        "OPEN",
        "IN_PROGRESS",
        "OPEN_DEAL",
        "ATTEMPTED_TO_CONTACT",
        "CONNECTED",
        "BAD_TIMING",
    ]
    .into_iter()
    .map(|l| status(l, None))
    .chain([status("UNQUALIFIED", Some(Claim::Disqualified))])
    .collect();
    spec.evidence = hubspot_evidence();
    spec.profile = profile(&[
        (Field::Employees, "numemployees"),
        (Field::AnnualRevenue, "annualrevenue"),
        (Field::Industry, "industry"),
        (Field::Country, "country"),
        (Field::JobTitle, "jobtitle"),
    ]);
    spec.name_column = Some("firstname".into());
    spec.source = Some(hubspot_source());
    spec.email_column = Some("email".into());
    spec.company_column = Some("company".into());
    spec.formats.dates = vec![DateFormat::Rfc3339, DateFormat::UnixMillis, DateFormat::Date];
    checked(spec)
}

/// HubSpot deals in the default sales pipeline (`dealstage`), read from the CRM objects
/// API (`/crm/v3/objects/deals`).
///
/// The stages and their default win probabilities are the default pipeline's
/// (<https://knowledge.hubspot.com/object-settings/set-up-and-customize-your-deal-pipelines-and-deal-stages>):
/// appointment scheduled (20 %) is a prospect; qualified to buy (40 %), presentation
/// scheduled (60 %), decision maker bought-in (80 %) and contract sent (90 %) are
/// opportunities; closed won and closed lost close. The probability is
/// `hs_deal_stage_probability`, a fraction; the forecast category is
/// `hs_manual_forecast_category` (`OMIT`, `PIPELINE`, `BEST_CASE`, `COMMIT`, `CLOSED`), and
/// the deal properties are HubSpot's defaults
/// (<https://knowledge.hubspot.com/crm-deals/hubspots-default-deal-properties>).
/// A deal carries no firmographics, and fit is judged on contacts before a deal exists, so
/// the preset assumes fit for every deal ([`FitSource::AssumedAtProspect`], stated in each
/// import and the audit's header). A host that fetches each deal's associated company and
/// adds its properties under `company.` (`company.industry`) has them judged: a deal with
/// any of them is judged on them, and `spec.fit = FitSource::Profile` judges every deal.
pub fn hubspot_deals() -> Mapping {
    let mut spec = MappingSpec::new(
        "hubspot-deals-v1",
        Columns {
            owner: Some("hubspot_owner_id".into()),
            amount: Some("amount".into()),
            currency: Some("deal_currency_code".into()),
            close_date: Some("closedate".into()),
            probability: Some("hs_deal_stage_probability".into()),
            created: Some("createdate".into()),
            ..Columns::new("hs_object_id", "dealstage")
        },
        vec![
            stage("appointmentscheduled", Claim::Prospect, Some(20)),
            stage("qualifiedtobuy", Claim::Opportunity, Some(40)),
            stage("presentationscheduled", Claim::Opportunity, Some(60)),
            stage("decisionmakerboughtin", Claim::Opportunity, Some(80)),
            stage("contractsent", Claim::Opportunity, Some(90)),
            stage("closedwon", Claim::Won, Some(100)),
            stage("closedlost", Claim::Lost, Some(0)),
        ],
    );
    spec.evidence = hubspot_evidence();
    spec.profile = profile(&[
        (Field::Employees, "company.numberofemployees"),
        (Field::AnnualRevenue, "company.annualrevenue"),
        (Field::Industry, "company.industry"),
        (Field::Country, "company.country"),
    ]);
    spec.fit = FitSource::AssumedAtProspect;
    spec.name_column = Some("dealname".into());
    spec.reason_column = Some("closed_lost_reason".into());
    spec.forecast = Some(Choice::new(
        "hs_manual_forecast_category",
        [
            ("OMIT", ForecastMeaning::Open(ForecastCategory::Omitted)),
            ("PIPELINE", ForecastMeaning::Open(ForecastCategory::Pipeline)),
            ("BEST_CASE", ForecastMeaning::Open(ForecastCategory::BestCase)),
            ("COMMIT", ForecastMeaning::Open(ForecastCategory::Commit)),
            ("CLOSED", ForecastMeaning::Won),
        ],
    ));
    spec.formats.dates = vec![DateFormat::Rfc3339, DateFormat::UnixMillis, DateFormat::Date];
    checked(spec)
}

/// Salesforce leads (`Status`), read from the REST API's query resource.
///
/// The four default lead statuses (the `LeadStatus` object,
/// <https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-leadstatus.html>):
/// "Open - Not Contacted" and "Working - Contacted" are leads, "Closed - Converted" a
/// prospect (qualified and converted), "Closed - Not Converted" disqualified. The profile
/// reads the standard lead fields (`NumberOfEmployees`, `AnnualRevenue`, `Industry`,
/// `Country`, `Title`); dates are `2026-01-15T10:00:00.000+0000`, as the API writes them
/// (<https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm>).
pub fn salesforce_leads() -> Mapping {
    let mut spec = MappingSpec::new(
        "salesforce-leads-v1",
        Columns {
            owner: Some("OwnerId".into()),
            created: Some("CreatedDate".into()),
            ..Columns::new("Id", "Status")
        },
        vec![
            stage("Open - Not Contacted", Claim::Lead, None),
            stage("Working - Contacted", Claim::Lead, None),
            stage("Closed - Converted", Claim::Prospect, None),
            stage("Closed - Not Converted", Claim::Disqualified, None),
        ],
    );
    spec.evidence = salesforce_evidence();
    spec.profile = profile(&[
        (Field::Employees, "NumberOfEmployees"),
        (Field::AnnualRevenue, "AnnualRevenue"),
        (Field::Industry, "Industry"),
        (Field::Country, "Country"),
        (Field::JobTitle, "Title"),
    ]);
    spec.name_column = Some("Name".into());
    spec.email_column = Some("Email".into());
    spec.source = Some(salesforce_source());
    spec.company_column = Some("Company".into());
    checked(spec)
}

/// Salesforce opportunities (`StageName`), read from the REST API's query resource.
///
/// The default stages with their default probabilities (the `OpportunityStage` object,
/// <https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitystage.html>):
/// Prospecting (10 %) and Qualification (10 %) are prospects; Needs Analysis (20 %) and
/// Id. Decision Makers (60 %) are discovery, need confirmed and authority not yet;
/// Value Proposition (50 %), Perception Analysis (70 %), Proposal/Price Quote (75 %) and
/// Negotiation/Review (90 %) are opportunities; Closed Won and Closed Lost close.
/// `Probability` is a percentage; `ForecastCategoryName` is Omitted, Pipeline, Best Case,
/// Most Likely, Commit or Closed (the Opportunity object,
/// <https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm>).
/// `CloseDate` is a calendar date. A Data Loader export reads as the REST API's records do
/// (its columns are the query's field names from version 61 on; an older Data Loader, or one
/// set to `sfdc.extraction.allCapsHeaders`, writes them in capitals, which the host renames
/// or writes into the mapping's columns). Fit is assumed for every opportunity
/// ([`FitSource::AssumedAtProspect`]); one whose account's fields the query returns (a
/// relationship query, `SELECT ..., Account.Industry FROM Opportunity`) is judged on them,
/// and `spec.fit = FitSource::Profile` judges every opportunity.
pub fn salesforce_opportunities() -> Mapping {
    let mut spec = MappingSpec::new(
        "salesforce-opportunities-v1",
        Columns {
            owner: Some("OwnerId".into()),
            amount: Some("Amount".into()),
            currency: Some("CurrencyIsoCode".into()),
            close_date: Some("CloseDate".into()),
            probability: Some("Probability".into()),
            created: Some("CreatedDate".into()),
            ..Columns::new("Id", "StageName")
        },
        vec![
            stage("Prospecting", Claim::Prospect, Some(10)),
            stage("Qualification", Claim::Prospect, Some(10)),
            stage("Needs Analysis", Claim::Discovery, Some(20)),
            stage("Id. Decision Makers", Claim::Discovery, Some(60)),
            stage("Value Proposition", Claim::Opportunity, Some(50)),
            stage("Perception Analysis", Claim::Opportunity, Some(70)),
            stage("Proposal/Price Quote", Claim::Opportunity, Some(75)),
            stage("Negotiation/Review", Claim::Opportunity, Some(90)),
            stage("Closed Won", Claim::Won, Some(100)),
            stage("Closed Lost", Claim::Lost, Some(0)),
        ],
    );
    spec.evidence = salesforce_evidence();
    spec.profile = profile(&[
        (Field::Employees, "Account.NumberOfEmployees"),
        (Field::AnnualRevenue, "Account.AnnualRevenue"),
        (Field::Industry, "Account.Industry"),
        (Field::Country, "Account.BillingCountry"),
    ]);
    spec.fit = FitSource::AssumedAtProspect;
    spec.source = Some(salesforce_source());
    spec.name_column = Some("Name".into());
    spec.forecast = Some(Choice::new(
        "ForecastCategoryName",
        [
            ("Omitted", ForecastMeaning::Open(ForecastCategory::Omitted)),
            ("Pipeline", ForecastMeaning::Open(ForecastCategory::Pipeline)),
            ("Best Case", ForecastMeaning::Open(ForecastCategory::BestCase)),
            ("Most Likely", ForecastMeaning::Open(ForecastCategory::BestCase)),
            ("Commit", ForecastMeaning::Open(ForecastCategory::Commit)),
            ("Closed", ForecastMeaning::Won),
        ],
    ));
    spec.formats = Formats {
        dates: vec![DateFormat::Date, DateFormat::Rfc3339],
        probability: ProbabilityScale::Percent,
        ..Formats::default()
    };
    checked(spec)
}

/// Dynamics 365 Sales budget status (`budgetstatus`): no committed budget, may buy, can
/// buy, will buy.
fn dynamics_budget() -> Choice<BudgetMeaning> {
    Choice::new(
        "budgetstatus",
        [
            ("0", BudgetMeaning::None),
            ("1", BudgetMeaning::Sought),
            ("2", BudgetMeaning::Approved),
            ("3", BudgetMeaning::Approved),
        ],
    )
}

/// Dynamics 365 Sales leads (`statuscode`), read from the Dataverse Web API
/// (`/api/data/v9.2/leads`).
///
/// The lead status reasons (the lead entity,
/// <https://learn.microsoft.com/en-us/dynamics365/sales/developer/entities/lead>), as the
/// Web API writes them, numbers: 1 New and 2 Contacted are leads, 3 Qualified a
/// prospect, 4 Lost, 5 Cannot Contact, 6 No Longer Interested and 7 Canceled disqualified.
/// The evidence is the entity's own: `qualificationcomments` (need), `budgetstatus` (0 no
/// committed budget, 1 may buy: sought, 2 can buy and 3 will buy: approved),
/// `budgetamount`, the contact (`_parentcontactid_value`) and whether they decide
/// (`decisionmaker`); not `estimatedclosedate`, the seller's estimate, which is no
/// timeline. The lead's name (`fullname`) is the record's
/// contact's, which write-back leaves as it is.
pub fn dynamics_leads() -> Mapping {
    let mut spec = MappingSpec::new(
        "dynamics365-leads-v1",
        Columns {
            owner: Some("_ownerid_value".into()),
            created: Some("createdon".into()),
            ..Columns::new("leadid", "statuscode")
        },
        vec![
            stage("1", Claim::Lead, None),
            stage("2", Claim::Lead, None),
            stage("3", Claim::Prospect, None),
            stage("4", Claim::Disqualified, None),
            stage("5", Claim::Disqualified, None),
            stage("6", Claim::Disqualified, None),
            stage("7", Claim::Disqualified, None),
        ],
    );
    spec.evidence = EvidenceColumns {
        need: Some("qualificationcomments".into()),
        budget: Some(dynamics_budget()),
        budget_amount: Some("budgetamount".into()),
        authority: Some("_parentcontactid_value".into()),
        access: Some(Choice::new(
            "decisionmaker",
            [("true", Some(Access::DecisionMaker)), ("false", None)],
        )),
        // No decision date: a lead's `estimatedclosedate` is the seller's estimate, as a
        // close date is; the timeline is recorded on the opportunity.
        ..EvidenceColumns::default()
    };
    spec.profile = profile(&[
        (Field::Employees, "numberofemployees"),
        (Field::AnnualRevenue, "revenue"),
        (Field::Country, "address1_country"),
        (Field::JobTitle, "jobtitle"),
    ]);
    spec.name_column = Some("fullname".into());
    spec.source = Some(dynamics_source());
    spec.email_column = Some("emailaddress1".into());
    spec.company_column = Some("companyname".into());
    checked(spec)
}

/// Dynamics 365 Sales opportunities, read from the Dataverse Web API
/// (`/api/data/v9.2/opportunities`).
///
/// The opportunity entity
/// (<https://learn.microsoft.com/en-us/dynamics365/sales/developer/entities/opportunity>):
/// the sales stage (`salesstage`: 0 Qualify is a prospect, 1 Develop discovery, 2 Propose
/// and 3 Close opportunities), and the state (`statecode`: 0 Open leaves the row to its
/// stage, or makes it an opportunity when no stage is set yet; 1 Won, 2 Lost). The evidence is the entity's own: `customerneed`,
/// `budgetstatus`, `budgetamount`, the contact (`_parentcontactid_value`) and whether
/// they decide (`decisionmaker`), and the decision date the seller confirms
/// (`finaldecisiondate`; the estimated close date, `estimatedclosedate`, is the row's close
/// date and no timeline). `closeprobability` is a
/// percentage; the forecast category is `msdyn_forecastcategory` (100000001 Pipeline,
/// 100000002 Best case, 100000003 Committed, 100000004 Omitted, 100000005 Won, 100000006
/// Lost). A won row was won for `actualvalue` (the estimated value, `estimatedvalue`, when
/// that is empty). Fit is assumed for every opportunity ([`FitSource::AssumedAtProspect`]);
/// one whose account the response expands (`$expand=parentaccountid($select=...)`) is
/// judged on the account's fields, and `spec.fit = FitSource::Profile` judges every
/// opportunity. The Web API writes the currency as a lookup, not a code: the preset reads
/// its code where the response expands it (`$expand=transactioncurrencyid($select=isocurrencycode)`,
/// `transactioncurrencyid.isocurrencycode`); without the expansion, list the organisation's
/// currency ids in `currency_ids` (on `_transactioncurrencyid_value`), or set the mapping's
/// `currency` for an organisation that works in one.
pub fn dynamics_opportunities() -> Mapping {
    let mut spec = MappingSpec::new(
        "dynamics365-opportunities-v1",
        Columns {
            status: Some("statecode".into()),
            owner: Some("_ownerid_value".into()),
            amount: Some("estimatedvalue".into()),
            currency: Some("transactioncurrencyid.isocurrencycode".into()),
            close_date: Some("estimatedclosedate".into()),
            probability: Some("closeprobability".into()),
            created: Some("createdon".into()),
            ..Columns::new("opportunityid", "salesstage")
        },
        vec![
            stage("0", Claim::Prospect, None),
            stage("1", Claim::Discovery, None),
            stage("2", Claim::Opportunity, None),
            stage("3", Claim::Opportunity, None),
        ],
    );
    spec.statuses = vec![
        // Open: an opportunity, at its sales stage; one with no stage yet is an opportunity.
        status("0", None).open_as(Claim::Opportunity),
        status("1", Some(Claim::Won)),
        status("2", Some(Claim::Lost)),
    ];
    spec.evidence = EvidenceColumns {
        need: Some("customerneed".into()),
        budget: Some(dynamics_budget()),
        budget_amount: Some("budgetamount".into()),
        authority: Some("_parentcontactid_value".into()),
        access: Some(Choice::new(
            "decisionmaker",
            [("true", Some(Access::DecisionMaker)), ("false", None)],
        )),
        // The decision date the seller confirms with the buyer, not the estimated close.
        decide_by: Some("finaldecisiondate".into()),
        ..EvidenceColumns::default()
    };
    spec.profile = profile(&[
        (Field::Employees, "parentaccountid.numberofemployees"),
        (Field::AnnualRevenue, "parentaccountid.revenue"),
        (Field::Country, "parentaccountid.address1_country"),
    ]);
    spec.fit = FitSource::AssumedAtProspect;
    spec.name_column = Some("name".into());
    // What a won opportunity was won for, beside the estimated value.
    spec.won_amount_column = Some("actualvalue".into());
    spec.forecast = Some(Choice::new(
        "msdyn_forecastcategory",
        [
            ("100000001", ForecastMeaning::Open(ForecastCategory::Pipeline)),
            ("100000002", ForecastMeaning::Open(ForecastCategory::BestCase)),
            ("100000003", ForecastMeaning::Open(ForecastCategory::Commit)),
            ("100000004", ForecastMeaning::Open(ForecastCategory::Omitted)),
            ("100000005", ForecastMeaning::Won),
            ("100000006", ForecastMeaning::Lost),
        ],
    ));
    spec.formats.probability = ProbabilityScale::Percent;
    checked(spec)
}

/// Every preset, for tests and tools that try them all.
pub fn all() -> [Mapping; 6] {
    [
        hubspot_contacts(),
        hubspot_deals(),
        salesforce_leads(),
        salesforce_opportunities(),
        dynamics_leads(),
        dynamics_opportunities(),
    ]
}

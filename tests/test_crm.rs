//! CRM interop: import, audit and export over fixtures in the shapes of the HubSpot CRM
//! objects API, the Salesforce REST query API, the Dynamics 365 Web API and a CSV export.

use std::fmt::Write as _;

mod util;

use qualify::crm::{
    Audit, Claim, Columns, Crm, CrmRow, Finding, ImportError, Imported, Mapping, MappingSpec, Object,
    OnKnockout, ProfileColumn, StageLabel, presets,
};
use qualify::pipeline::{Period, Rate, Reports, Scope, Step};
use qualify::{
    Currency, Decimal, EventKind, Field, ForecastCategory, Policy, Record, Stage, Tier, Timestamp,
};
use serde_json::Value;

const AS_OF: &str = "2026-11-25T09:00:00Z";

fn as_of() -> Timestamp {
    AS_OF.parse().unwrap()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/crm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

fn object(value: &Value) -> qualify::crm::Fields {
    let Object(fields) = serde_json::from_value(value.clone()).unwrap();
    fields
}

/// HubSpot deals, each with its associated company's properties under `company.`, as a
/// host joins the deals list and the companies batch read.
fn hubspot_rows(mapping: &Mapping) -> Vec<CrmRow> {
    let deals = json("hubspot_deals.json");
    let companies = json("hubspot_companies.json");
    deals["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|deal| {
            let mut fields = object(&deal["properties"]);
            let company = deal["associations"]["companies"]["results"][0]["id"].as_str();
            let found = companies["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"].as_str() == company);
            if let Some(c) = found {
                for (k, v) in object(&c["properties"]) {
                    fields.insert(format!("company.{k}"), v);
                }
            }
            mapping.row(fields)
        })
        .collect()
}

/// The rows of an API page: each object of the list under `key` in fixture `name`.
fn page_rows(mapping: &Mapping, name: &str, key: &str) -> Vec<CrmRow> {
    json(name)[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| mapping.row(object(r)))
        .collect()
}

fn salesforce_rows(mapping: &Mapping) -> Vec<CrmRow> {
    page_rows(mapping, "salesforce_opportunities.json", "records")
}

/// The Dynamics preset, edited as a host edits it: the organisation's currency, and the
/// account's industry by its label (the Web API's formatted value of the choice).
fn dynamics_mapping() -> Mapping {
    let mut spec = presets::dynamics_opportunities().spec().clone();
    spec.currency = Some("USD".into());
    spec.profile.push(ProfileColumn::new(
        Field::Industry,
        "parentaccountid.industrycode@OData.Community.Display.V1.FormattedValue",
    ));
    Mapping::new(spec).unwrap()
}

fn dynamics_rows(mapping: &Mapping) -> Vec<CrmRow> {
    page_rows(mapping, "dynamics_opportunities.json", "value")
}

fn csv_mapping() -> Mapping {
    serde_json::from_str(&fixture("csv_mapping.json")).unwrap()
}

fn csv_rows(mapping: &Mapping) -> Vec<CrmRow> {
    let text = fixture("export.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize::<qualify::crm::Fields>()
        .map(|fields| mapping.row(fields.unwrap()))
        .collect()
}

/// Every row's import as a person reads it: the typed stage, the findings, the history,
/// and what the write-back changes.
fn render(crm: &Crm<'_>, results: &[Result<Imported, ImportError>]) -> String {
    let mut out = String::new();
    for result in results {
        match result {
            Err(err) => writeln!(out, "refused: {err}").unwrap(),
            Ok(imported) => {
                let id = &imported.row.id;
                let stage = imported.record.stage();
                let status = imported
                    .row
                    .status
                    .as_deref()
                    .map_or(String::new(), |s| format!(", status {s}"));
                let (label, claim) = (&imported.row.stage, imported.claim);
                writeln!(out, "{id}: labelled {label}{status} ({claim}), typed {stage}").unwrap();
                for finding in &imported.findings {
                    writeln!(out, "  finding: {finding}").unwrap();
                }
                for event in imported.record.history() {
                    writeln!(out, "  event: {event}").unwrap();
                }
                match crm.write_back(imported) {
                    Ok(back) => {
                        let (before, after) =
                            (crm.mapping().fields(&imported.row), crm.mapping().fields(&back));
                        for (k, v) in &after {
                            if before.get(k) != Some(v) {
                                writeln!(out, "  write back: {k} = {v:?} (was {:?})", before.get(k)).unwrap();
                            }
                        }
                        for k in before.keys().filter(|k| !after.contains_key(*k)) {
                            writeln!(out, "  write back: {k} removed").unwrap();
                        }
                    }
                    Err(err) => writeln!(out, "  write back refused: {err}").unwrap(),
                }
            }
        }
    }
    out
}

/// Every imported record loads back from its wire form and passes every invariant the
/// test kit checks.
fn loads_back(results: &[Result<Imported, ImportError>]) {
    for imported in results.iter().flatten() {
        util::loads_back(&imported.record, &imported.row.id);
    }
}

fn import_all(crm: &Crm<'_>, rows: Vec<CrmRow>) -> Vec<Result<Imported, ImportError>> {
    rows.into_iter().map(|row| crm.import(row)).collect()
}

#[test]
fn every_preset_passes_its_own_checks() {
    for mapping in presets::all() {
        assert!(!mapping.name().contains("invalid"), "{}", mapping.name());
        let again = Mapping::new(mapping.spec().clone());
        assert_eq!(again.as_ref(), Ok(&mapping));
        let json = serde_json::to_value(&mapping).unwrap();
        let back: Mapping = serde_json::from_value(json).unwrap();
        assert_eq!(back, mapping);
    }
}

/// A fixture through import, audit and write-back: every imported record loads back and
/// keeps every invariant, and the rows (findings, history, write-back) and the audit match
/// the reviewed snapshots `{name}` and `{name}_audit`.
fn through_all(name: &str, mapping: &Mapping, rows: Vec<CrmRow>) {
    let policy = Policy::default();
    let crm = Crm::new(mapping, &policy, as_of(), "import");
    let results = import_all(&crm, rows);
    loads_back(&results);
    insta::assert_snapshot!(name, render(&crm, &results));
    let audit = Audit::of(&results).unwrap();
    insta::assert_snapshot!(format!("{name}_audit"), audit.to_string());
}

#[test]
fn hubspot_deals_import_audit_and_write_back() {
    let mapping = presets::hubspot_deals();
    through_all("hubspot_deals", &mapping, hubspot_rows(&mapping));
}

#[test]
fn salesforce_opportunities_import_audit_and_write_back() {
    let mapping = presets::salesforce_opportunities();
    through_all("salesforce_opportunities", &mapping, salesforce_rows(&mapping));
}

#[test]
fn dynamics_opportunities_import_audit_and_write_back() {
    let mapping = dynamics_mapping();
    through_all("dynamics_opportunities", &mapping, dynamics_rows(&mapping));
}

#[test]
fn a_csv_export_import_audit_and_write_back() {
    let mapping = csv_mapping();
    through_all("csv_export", &mapping, csv_rows(&mapping));
}

/// A mapping for hand-built rows: amount and probability slots, every evidence field, and
/// a profile the default policy scores.
fn plain_mapping() -> Mapping {
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.name = "plain-v1".into();
    spec.currency = Some("EUR".into());
    // The host fetches each deal's company: fit is judged on it, never assumed.
    spec.fit = qualify::crm::FitSource::Profile;
    Mapping::new(spec).unwrap()
}

/// All four conditions in the HubSpot presets' custom fields: a need, a budget approved for
/// 50,000, the decision maker, and a decision date.
const BANT: [(&str, &str); 6] = [
    ("qualify_need", "month-end close takes 9 days"),
    ("qualify_budget_status", "approved"),
    ("qualify_budget_amount", "50000"),
    ("qualify_authority", "CFO Maria Lind"),
    ("qualify_access", "decision_maker"),
    ("qualify_decide_by", "2026-12-20"),
];

/// A HubSpot deal row with a fit company and, when `bant`, all four conditions.
fn deal(id: &str, stage: &str, amount: u32, probability: &str, bant: bool) -> CrmRow {
    let mut row = CrmRow::new(id, stage);
    row.amount = Some(amount.to_string());
    row.probability = Some(probability.into());
    row.close_date = Some("2026-12-20T00:00:00Z".into());
    row.created = Some("2026-10-01T00:00:00Z".into());
    for (k, v) in [
        ("company.numberofemployees", "2400"),
        ("company.industry", "software"),
        ("company.country", "DE"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    if bant {
        for (k, v) in BANT {
            row.fields.insert(k.into(), v.into());
        }
    }
    row
}

#[test]
fn the_worked_example_twenty_claimed_twelve_real_five_won() {
    let mapping = plain_mapping();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let mut rows = Vec::new();
    // 5 won with the evidence of a deal.
    for i in 0..5 {
        let mut row = deal(&format!("won-{i}"), "closedwon", 40_000, "1", true);
        row.close_date = Some("2026-11-10T00:00:00Z".into());
        rows.push(row);
    }
    // 7 open opportunities with all four conditions.
    for i in 0..7 {
        rows.push(deal(
            &format!("real-{i}"),
            "contractsent",
            10_000 + 1_000 * i,
            "0.9",
            true,
        ));
    }
    // 8 "opportunities" with fit and nothing else: prospects dressed as opportunities.
    let dressed: Vec<(u32, &str)> = vec![
        (12_000, "0.4"),
        (8_000, "0.6"),
        (30_000, "0.8"),
        (5_500, "0.9"),
        (20_000, "0.4"),
        (7_250, "0.6"),
        (15_000, "0.8"),
        (9_999, "0.9"),
    ];
    for (i, (amount, p)) in dressed.iter().enumerate() {
        rows.push(deal(&format!("dressed-{i}"), "qualifiedtobuy", *amount, p, false));
    }
    let results: Vec<_> = rows.into_iter().map(|row| crm.import(row)).collect();
    let audit = Audit::of(results).unwrap();

    assert_eq!(audit.close.stated, Rate::new(5, 20));
    assert_eq!(audit.close.actual, Rate::new(5, 12));
    assert_eq!(audit.close.stated.rounded(2), Some(Decimal::new(25, 2)));
    assert_eq!(audit.close.actual.rounded(2), Some(Decimal::new(42, 2)));
    assert_eq!(audit.close.won_unsupported, 0);
    assert_eq!(audit.dressed.len(), 8);
    assert!(
        audit
            .dressed
            .iter()
            .all(|d| d.typed == Stage::Prospect && d.claimed == Claim::Opportunity)
    );

    let eur = qualify::Currency::new("EUR").unwrap();
    let forecast = audit.forecast.get(&eur).unwrap();
    let weigh = |amount: u32, p: &str| Decimal::from(amount) * p.parse::<Decimal>().unwrap();
    let on_the_eight: Decimal = dressed.iter().map(|(a, p)| weigh(*a, p)).sum();
    let on_the_seven: Decimal = (0..7).map(|i| weigh(10_000 + 1_000 * i, "0.9")).sum();
    assert_eq!(forecast.dressed.to_decimal(), Some(on_the_eight));
    assert_eq!(forecast.by_label.to_decimal(), Some(on_the_seven + on_the_eight));
    // The evidence weighs the seven by their budgets and the policy's estimate.
    assert_eq!(
        forecast.by_evidence.to_decimal(),
        Some(Decimal::from(7 * 50_000) * Decimal::new(95, 2))
    );
    insta::assert_snapshot!("worked_example_audit", audit.to_string());
}

#[test]
fn a_mapping_lists_every_problem_with_its_path() {
    let mut spec = MappingSpec::new(
        " ",
        Columns::new("", "Stage"),
        vec![
            StageLabel::new("Won", Claim::Won).with_probability(Decimal::new(15, 1)),
            StageLabel::new("closed-won", Claim::Won),
            StageLabel::new("Closed Won", Claim::Lost),
            StageLabel::new("  ", Claim::Lead),
        ],
    );
    spec.columns.status = Some("State".into());
    spec.currency = Some("euro".into());
    spec.tolerance = Decimal::new(-1, 0);
    spec.formats.dates.clear();
    spec.profile = vec![
        ProfileColumn::new(Field::Industry, "Industry"),
        ProfileColumn::new(Field::Industry, ""),
    ];
    let err = Mapping::new(spec).unwrap_err();
    let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "name: is blank",
            "columns.id: is blank",
            "statuses: a status column and status labels go together: name both or neither",
            "stages[2].label: \"Closed Won\" is the label of stages[1] already (labels match ignoring case, spaces, `_` and `-`)",
            "stages[3].label: is blank",
            "stages[0].probability: 1.5 is not between 0 and 1",
            "profile[1].column: is blank",
            "profile[1].field: industry is read by profile[0] already",
            "formats.dates: is empty: name at least one date format",
            "currency: invalid currency \"euro\": expected three uppercase letters such as \"EUR\"",
            "tolerance: -1 is not between 0 and 1",
        ]
    );
    // The same problems, through serde: a stored mapping is checked as it loads.
    let stored = serde_json::json!({
        "name": "x-v1", "columns": { "id": "Id", "stage": "Stage" },
        "stages": [{ "label": "Open", "means": "opportunity", "probability": "2" }]
    });
    let err = serde_json::from_value::<Mapping>(stored).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid mapping: stages[0].probability: 2 is not between 0 and 1"
    );
}

#[test]
fn an_unknown_label_is_an_error_naming_the_label_and_the_row() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let err = crm.import(CrmRow::new("77", "Closed Won!")).unwrap_err();
    assert_eq!(
        err,
        ImportError::UnknownLabel {
            row: "77".into(),
            field: "stage",
            label: "Closed Won!".into(),
            mapping: "plain-v1".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "row \"77\": stage label \"Closed Won!\" is not in mapping \"plain-v1\""
    );
    // Labels match ignoring case, spaces, `_` and `-`; nothing else is guessed.
    assert!(crm.import(CrmRow::new("78", "Closed Won")).is_ok());
    assert!(crm.import(CrmRow::new("79", "closed_won")).is_ok());
    assert!(crm.import(CrmRow::new("80", "closed won.")).is_err());
}

#[test]
fn an_unreadable_value_is_named_by_field_and_the_row_imports_without_it() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = deal("81", "contractsent", 1, "0.9", true);
    row.amount = Some("12,5k".into());
    row.close_date = Some("soon".into());
    row.fields
        .insert("company.numberofemployees".into(), "lots".into());
    let imported = crm.import(row).unwrap();
    let unreadable = util::unreadable(&imported);
    assert_eq!(
        unreadable,
        [
            "field \"closedate\": \"soon\" is not a date in the mapping's formats",
            "field \"amount\": \"12,5k\" is not an amount in the mapping's decimal format",
            "field \"company.numberofemployees\": \"lots\" is not a whole number of employees",
        ]
    );
    // Without a headcount the enterprise criterion is unmet: a lead, and the audit says so.
    assert_eq!(imported.record.stage(), Stage::Lead);
    assert_eq!(imported.row.id, "81");
    let audit = Audit::of([Ok(imported)]).unwrap();
    assert!(audit.notes.iter().all(|n| n.id == "81"));
    assert_eq!(audit.notes.len(), 3);
}

#[test]
fn a_closed_row_is_typed_by_its_evidence_and_its_outcome_stays_visible() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // Won with every condition: won, at the CRM's amount, closed on its close date.
    let mut won = deal("w1", "closedwon", 48_000, "1", true);
    won.close_date = Some("2026-11-10T00:00:00Z".into());
    let imported = crm.import(won.clone()).unwrap();
    assert_eq!(imported.record.stage(), Stage::Won);
    assert_eq!(imported.record.amount().unwrap().amount(), Decimal::from(48_000));
    assert_eq!(
        imported.record.history().last().unwrap().at,
        "2026-11-10T00:00:00Z".parse().unwrap()
    );
    assert_eq!(imported.findings, []);

    // Won without a won amount: the evidence makes it an opportunity, and it stays one.
    won.amount = None;
    let imported = crm.import(won).unwrap();
    assert_eq!(imported.record.stage(), Stage::Opportunity);
    assert_eq!(imported.findings, [Finding::WonWithoutAmount]);
    assert_eq!(crm.write_back(&imported).unwrap().stage, "closedwon"); // never reopened

    // Won without the evidence: open at what the evidence supports, the CRM's outcome in
    // its import event and in the finding.
    let imported = crm.import(deal("w2", "closedwon", 9_000, "1", false)).unwrap();
    assert_eq!(imported.record.stage(), Stage::Prospect);
    let Some(EventKind::Import(import)) = imported.record.history().entries().first().map(|e| &e.kind) else {
        panic!("an imported record starts with its import");
    };
    assert_eq!((import.label.as_str(), import.claimed), ("closedwon", Stage::Won));
    assert!(matches!(
        imported.dressed(),
        Some(Finding::Dressed { claimed: Claim::Won, typed: Stage::Prospect, unmet }) if unmet.len() == 5
    ));
    let audit = Audit::of([Ok(imported)]).unwrap();
    assert_eq!(audit.close.won_unsupported, 1);
    assert_eq!(
        (audit.close.stated, audit.close.actual),
        (Rate::new(1, 1), Rate::new(0, 0))
    );

    // Lost from an opportunity: lost. Lost before it was a deal: disqualified, for the reason.
    let mut lost = deal("l1", "closedlost", 9_000, "0", true);
    lost.close_date = Some("2026-11-05T00:00:00Z".into());
    assert_eq!(crm.import(lost).unwrap().record.stage(), Stage::Lost);
    let mut lost = deal("l2", "closedlost", 9_000, "0", false);
    lost.fields
        .insert("closed_lost_reason".into(), "went with a spreadsheet".into());
    let imported = crm.import(lost).unwrap();
    assert_eq!(imported.record.stage(), Stage::Disqualified);
    assert_eq!(
        imported.record.reason().unwrap().as_str(),
        "went with a spreadsheet"
    );
}

#[test]
fn a_lost_reason_that_says_nothing_is_named_by_its_column() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut lost = deal("l3", "closedlost", 9_000, "0", false);
    lost.fields.insert("closed_lost_reason".into(), "TBD".into());
    let imported = crm.import(lost).unwrap();
    let unreadable = util::unreadable(&imported);
    assert_eq!(
        unreadable,
        [
            "field \"closed_lost_reason\": \"TBD\" is not a reason the crate can keep \
             (not blank, not a placeholder such as TBD, at most 1024 bytes)"
        ]
    );
}

#[test]
fn tier_like_stages_become_tier_milestones_that_the_funnel_counts() {
    let (mapping, policy) = (presets::hubspot_contacts(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm.import(CrmRow::new("c1", "marketingqualifiedlead")).unwrap();
    assert_eq!(imported.claim, Claim::Mql);
    assert_eq!(imported.record.stage(), Stage::Lead);
    assert_eq!(imported.record.history().highest_tier(), Some(Tier::Mql));
    assert_eq!(imported.findings, []);
    let period = Period::new(
        "2026-11-01T00:00:00Z".parse().unwrap(),
        "2026-12-01T00:00:00Z".parse().unwrap(),
    )
    .unwrap();
    let scope = Scope::new(&policy, period, as_of());
    let records = [imported.record.clone()];
    let funnel = Reports::from_records(&scope, &records).unwrap().funnel;
    assert_eq!((funnel.count(Step::Mql), funnel.count(Step::Sql)), (1, 0));

    // A status that decides wins over the lifecycle stage.
    let mut row = CrmRow::new("c2", "lead");
    row.status = Some("UNQUALIFIED".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.record.stage(), Stage::Disqualified);
}

#[test]
fn reimporting_an_unchanged_row_changes_nothing_and_a_changed_one_says_what_changed() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let before = deal("r1", "contractsent", 30_000, "0.9", false);
    let first = crm.import(before.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Prospect);

    let later = Crm::new(
        &mapping,
        &policy,
        "2026-11-26T09:00:00Z".parse().unwrap(),
        "import",
    );
    let same = later
        .reimport(first.record.clone(), &before, before.clone())
        .unwrap();
    assert_eq!(same.record, first.record);
    assert!(
        same.findings
            .iter()
            .all(|f| !matches!(f, Finding::Changed { .. }))
    );

    // The rep recorded budget and authority in the CRM: the record climbs, and the history
    // keeps every event it had.
    let after = deal("r1", "contractsent", 30_000, "0.9", true);
    let changed = later.reimport(first.record.clone(), &before, after).unwrap();
    assert_eq!(changed.record.stage(), Stage::Opportunity);
    let old = first.record.history().entries();
    assert_eq!(&changed.record.history().entries()[..old.len()], old);
    assert_eq!(changed.record.history().len(), old.len() + 2); // a new import, a promotion
    let changes: Vec<String> = changed
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::Changed { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        changes,
        [
            "field \"qualify_access\" changed from (none) to \"decision_maker\"",
            "field \"qualify_authority\" changed from (none) to \"CFO Maria Lind\"",
            "field \"qualify_budget_amount\" changed from (none) to \"50000\"",
            "field \"qualify_budget_status\" changed from (none) to \"approved\"",
            "field \"qualify_decide_by\" changed from (none) to \"2026-12-20\"",
            "field \"qualify_need\" changed from (none) to \"month-end close takes 9 days\"",
        ]
    );
    // Reimporting the changed row onto the changed record changes nothing more.
    let row = changed.row.clone();
    let again = later.reimport(changed.record.clone(), &row, row.clone()).unwrap();
    assert_eq!(again.record, changed.record);

    // The CRM moved it back: the record is demoted, and the label's claim holds again.
    let back = later
        .reimport(
            changed.record.clone(),
            &row,
            deal("r1", "appointmentscheduled", 30_000, "0.2", true),
        )
        .unwrap();
    assert_eq!(back.record.stage(), Stage::Prospect);
    assert!(back.dressed().is_none());

    // Another row's record, or an earlier moment, is refused.
    let other = later.reimport(
        first.record.clone(),
        &before,
        deal("r2", "contractsent", 1, "0.9", false),
    );
    assert!(matches!(other, Err(ImportError::OtherRecord { .. })));
    let earlier = Crm::new(
        &mapping,
        &policy,
        "2026-11-01T00:00:00Z".parse().unwrap(),
        "import",
    );
    let refused = earlier.reimport(changed.record, &row, before);
    assert!(matches!(refused, Err(ImportError::TimeRunsBackwards { .. })));
}

#[test]
fn an_opportunity_keeps_the_conditions_it_was_typed_with() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let before = deal("k1", "contractsent", 30_000, "0.9", true);
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after
        .fields
        .insert("qualify_need".into(), "a different pain".into());
    let again = crm.reimport(first.record.clone(), &before, after).unwrap();
    assert_eq!(again.record.stage(), Stage::Opportunity);
    assert_eq!(
        again.record.need().unwrap().problem,
        "month-end close takes 9 days"
    );
    assert!(again.findings.contains(&Finding::Kept {
        evidence: qualify::EvidenceKind::Need
    }));
}

#[test]
fn export_writes_any_record_in_the_crm_vocabulary() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm
        .import(deal("e1", "contractsent", 30_000, "0.9", true))
        .unwrap();
    let row = crm.export(&imported.record).unwrap();
    assert_eq!(row.id, "e1");
    assert_eq!(row.stage, "qualifiedtobuy"); // the first label meaning opportunity
    assert_eq!(row.probability.as_deref(), Some("0.95"));
    // The decision date is written to its own field; the CRM's close date is not evidence,
    // so a fresh row gets none.
    assert_eq!(row.close_date, None);
    assert_eq!(row.fields["qualify_decide_by"], "2026-12-20T00:00:00Z");
    assert_eq!(row.fields["qualify_budget_status"], "approved");
    assert_eq!(row.fields["qualify_budget_amount"], "50000");
    assert_eq!(row.fields["qualify_access"], "decision_maker");
    // No one has called the deal: the crate writes no category of its own.
    assert!(!row.fields.contains_key("hs_manual_forecast_category"));
    // It imports back to the same stage.
    assert_eq!(crm.import(row).unwrap().record.stage(), Stage::Opportunity);
    // A person's call is written.
    let Record::Opportunity(mut deal) = imported.record.clone() else {
        panic!("an opportunity");
    };
    deal.call_forecast(ForecastCategory::Commit, as_of(), &"ae-1".into())
        .unwrap();
    let row = crm.export(&Record::from(deal)).unwrap();
    assert_eq!(row.fields["hs_manual_forecast_category"], "COMMIT");
    // A record the mapping has no stage for (a deal-pipeline row typed as a lead): by
    // default its row keeps the stage, and the rest is written; a fresh row has no stage.
    let mut row = CrmRow::new("e2", "contractsent");
    row.probability = Some("0.9".into());
    let lead = crm.import(row).unwrap();
    assert_eq!(lead.record.stage(), Stage::Lead);
    let back = crm.write_back(&lead).unwrap();
    assert_eq!(back.stage, "contractsent");
    assert_eq!(back.fields["hs_manual_forecast_category"], "OMIT");
    // A lead has no close probability of its own to write: the CRM's stays.
    assert_eq!(back.probability.as_deref(), Some("0.9"));
    let fresh = crm.export(&lead.record).unwrap();
    assert_eq!((fresh.id.as_str(), fresh.stage.as_str()), ("e2", ""));
    // A mapping that says to refuse such a row is refused, naming it.
    let mut spec = mapping.spec().clone();
    spec.unlabelled = qualify::crm::Unlabelled::Refuse;
    let strict = Mapping::new(spec).unwrap();
    let crm = Crm::new(&strict, &policy, as_of(), "import");
    let lead = crm.import(CrmRow::new("e2", "contractsent")).unwrap();
    let refused = "record \"e2\": mapping \"plain-v1\" has no label for lead, nor for a stage below it";
    assert_eq!(crm.export(&lead.record).unwrap_err().to_string(), refused);
    assert_eq!(crm.write_back(&lead).unwrap_err().to_string(), refused);
    // On the wire, the default is left out, and the choice reads back.
    let json = serde_json::to_value(mapping.spec()).unwrap();
    assert!(json.get("unlabelled").is_none());
    let json = serde_json::to_value(strict.spec()).unwrap();
    assert_eq!(json["unlabelled"], "refuse");
    assert_eq!(
        serde_json::from_value::<MappingSpec>(json).unwrap(),
        *strict.spec()
    );
}

#[cfg(feature = "proptest")]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use qualify::testkit::strategy::{crm_mapping_specs, crm_mappings, crm_rows, policies};

    /// A mapping, a policy, and rows the mapping reads.
    fn cases() -> impl Strategy<Value = (Mapping, Policy, Vec<CrmRow>)> {
        (crm_mappings(), prop_oneof![Just(Policy::default()), policies()]).prop_flat_map(
            |(mapping, policy)| {
                let rows = proptest::collection::vec(crm_rows(&mapping, as_of()), 1..12);
                (Just(mapping), Just(policy), rows)
            },
        )
    }

    /// The fields the crate writes back when it corrects a row, by the CRM's names.
    fn corrected(mapping: &Mapping) -> Vec<String> {
        let spec = mapping.spec();
        let c = &spec.columns;
        [
            Some(c.stage.clone()),
            c.status.clone(),
            c.probability.clone(),
            spec.forecast.as_ref().map(|f| f.column.clone()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// As [`cases`], over every spec that passes its checks, among them specs written to
    /// share a column write-back writes: none should pass.
    fn checked_cases() -> impl Strategy<Value = (Mapping, Policy, Vec<CrmRow>)> {
        let mappings = crm_mapping_specs().prop_filter_map("passes its checks", |s| Mapping::new(s).ok());
        (mappings, prop_oneof![Just(Policy::default()), policies()]).prop_flat_map(|(mapping, policy)| {
            let rows = proptest::collection::vec(crm_rows(&mapping, as_of()), 1..12);
            (Just(mapping), Just(policy), rows)
        })
    }

    /// Every column `spec` names, by its path, and whether write-back writes it (every slot
    /// but the id, every evidence and profile field, the forecast): the rule
    /// `Mapping::new` checks, written out again.
    fn parts(spec: &MappingSpec) -> Vec<(String, String, bool)> {
        let (c, e) = (&spec.columns, &spec.evidence);
        let period_from = match &e.period_from {
            qualify::crm::PeriodFrom::Column(column) => Some(column),
            _ => None,
        };
        let mut all = vec![
            ("columns.id".to_owned(), Some(&c.id), false),
            ("columns.stage".to_owned(), Some(&c.stage), true),
        ];
        for (slot, column) in [
            ("status", &c.status),
            ("owner", &c.owner),
            ("amount", &c.amount),
            ("currency", &c.currency),
            ("close_date", &c.close_date),
            ("probability", &c.probability),
            ("created", &c.created),
        ] {
            all.push((format!("columns.{slot}"), column.as_ref(), true));
        }
        for (path, column, writes) in [
            ("evidence.need", e.need.as_ref(), true),
            ("evidence.budget_amount", e.budget_amount.as_ref(), true),
            ("evidence.authority", e.authority.as_ref(), true),
            ("evidence.decide_by", e.decide_by.as_ref(), true),
            (
                "evidence.budget.column",
                e.budget.as_ref().map(|c| &c.column),
                true,
            ),
            (
                "evidence.access.column",
                e.access.as_ref().map(|c| &c.column),
                true,
            ),
            ("forecast.column", spec.forecast.as_ref().map(|c| &c.column), true),
            (
                "evidence.timeline_period.column",
                e.timeline_period.as_ref().map(|c| &c.column),
                false,
            ),
            ("evidence.period_from.column", period_from, false),
            ("name_column", spec.name_column.as_ref(), false),
            ("email_column", spec.email_column.as_ref(), false),
            ("company_column", spec.company_column.as_ref(), false),
            ("reason_column", spec.reason_column.as_ref(), false),
        ] {
            all.push((path.to_owned(), column, writes));
        }
        for (i, p) in spec.profile.iter().enumerate() {
            all.push((format!("profile[{i}].column"), Some(&p.column), true));
        }
        all.into_iter()
            .filter_map(|(path, column, writes)| column.map(|c| (path, c.clone(), writes)))
            .collect()
    }

    /// The paths of the fields write-back may change on a row it imported, by what the
    /// import found: the stage's fields for a dressed label or a win without an amount,
    /// the probability for one out of tolerance.
    fn corrections(imported: &Imported) -> Vec<&'static str> {
        let mut paths = Vec::new();
        let found = |f: fn(&Finding) -> bool| imported.findings.iter().any(f);
        if found(|f| matches!(f, Finding::Dressed { .. } | Finding::WonWithoutAmount)) {
            paths.extend(["columns.stage", "columns.status", "forecast.column"]);
        }
        if found(|f| matches!(f, Finding::Probability { .. })) {
            paths.push("columns.probability");
        }
        paths
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn a_mapping_that_writes_a_column_another_part_reads_is_refused(spec in crm_mapping_specs()) {
            let parts = parts(&spec);
            let mut by_column: std::collections::BTreeMap<&str, Vec<(&str, bool)>> = Default::default();
            for (path, column, writes) in &parts {
                let slot = path.starts_with("columns.");
                by_column.entry(column.as_str()).or_default().push((path.as_str(), *writes || slot));
            }
            // A column shared by parts of which one is a slot or one write-back writes.
            let shared: Vec<Vec<&str>> = by_column
                .into_values()
                .filter(|group| group.len() > 1 && group.iter().any(|(_, writes)| *writes))
                .map(|group| group.into_iter().map(|(path, _)| path).collect())
                .collect();
            match Mapping::new(spec) {
                Ok(_) => prop_assert!(shared.is_empty(), "passed, sharing {:?}", shared),
                Err(err) => {
                    prop_assert!(!shared.is_empty(), "{}", err);
                    // Each sharing is a problem at one of its paths, naming another.
                    for group in &shared {
                        let named = err.problems.iter().any(|p| {
                            group.contains(&p.path.as_str())
                                && group.iter().any(|other| *other != p.path && p.message.contains(other))
                        });
                        prop_assert!(named, "{:?}: {}", group, err);
                    }
                }
            }
        }

        #[test]
        fn write_back_changes_no_field_outside_its_corrections((mapping, policy, rows) in checked_cases()) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let parts = parts(mapping.spec());
            for row in rows {
                let Ok(imported) = crm.import(row.clone()) else { continue };
                let Ok(back) = crm.write_back(&imported) else { continue };
                // A correction's column, unless another part of the mapping reads it too.
                let paths = corrections(&imported);
                let corrected: Vec<&str> = parts
                    .iter()
                    .filter(|(path, column, _)| {
                        paths.contains(&path.as_str())
                            && parts.iter().all(|(other, c, _)| other == path || c != column)
                    })
                    .map(|(_, column, _)| column.as_str())
                    .collect();
                prop_assert_eq!(&back.stage_history, &row.stage_history);
                let (before, after) = (mapping.fields(&row), mapping.fields(&back));
                let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
                for key in keys.into_iter().filter(|k| !corrected.contains(&k.as_str())) {
                    prop_assert_eq!(
                        before.get(key), after.get(key),
                        "{} changed, correcting {:?} for {:?}", key, corrected, imported.findings
                    );
                }
            }
        }

        #[test]
        fn every_import_loads_back_and_keeps_every_invariant((mapping, policy, rows) in cases()) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let results: Vec<_> = rows.into_iter().map(|row| crm.import(row)).collect();
            loads_back(&results);
            for imported in results.iter().flatten() {
                // Never above the label: the typed stage is the claim's or one the climb
                // passes on the way to it.
                let typed = imported.record.stage();
                let claim = imported.claim.stage();
                // Or, under a mapping that disqualifies on a knockout, an open row
                // disqualified for the knockouts its finding names.
                let knocked_out = mapping.spec().knockouts == OnKnockout::Disqualify
                    && typed == Stage::Disqualified
                    && imported.findings.iter().any(|f| matches!(f, Finding::Knockout { .. }));
                let allowed = match claim {
                    Stage::Won => typed != Stage::Lost && typed != Stage::Disqualified,
                    Stage::Lost | Stage::Disqualified => true,
                    _ => typed.is_open() && typed <= claim || knocked_out,
                };
                prop_assert!(allowed, "{} typed {typed} under claim {claim}", imported.row.id);
                let short = typed != claim && !(imported.claim == Claim::Disqualified && typed == Stage::Lost);
                let said = imported.dressed().is_some() || imported.findings.contains(&Finding::WonWithoutAmount);
                prop_assert_eq!(short, said, "{}: typed {} under {}: {:?}", imported.row.id, typed, imported.claim, imported.findings);
            }
        }

        #[test]
        fn import_then_write_back_changes_only_what_the_crate_corrected((mapping, policy, rows) in cases()) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let corrected = corrected(&mapping);
            for row in rows {
                let Ok(imported) = crm.import(row.clone()) else { continue };
                let Ok(back) = crm.write_back(&imported) else {
                    // Only a record the mapping has no stage for is refused, and only by a
                    // mapping that says to refuse it.
                    prop_assert!(imported.dressed().is_some());
                    prop_assert_eq!(mapping.spec().unlabelled, qualify::crm::Unlabelled::Refuse);
                    continue;
                };
                prop_assert_eq!(&back.stage_history, &row.stage_history);
                let (before, after) = (mapping.fields(&row), mapping.fields(&back));
                let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
                for key in keys {
                    if before.get(key) != after.get(key) {
                        prop_assert!(corrected.contains(key), "{key}: {:?} -> {:?}", before.get(key), after.get(key));
                    }
                }
                let agrees = !imported.findings.iter().any(|f| {
                    matches!(f, Finding::Dressed { .. } | Finding::Probability { .. } | Finding::WonWithoutAmount)
                });
                if agrees {
                    prop_assert_eq!(&back, &row);
                }
            }
        }

        #[test]
        fn reimport_then_write_back_changes_only_what_the_crate_corrected(
            (mapping, policy, rows) in cases().prop_filter("two rows", |(_, _, rows)| rows.len() >= 2),
        ) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let later = Crm::new(&mapping, &policy, "2026-12-01T00:00:00Z".parse().unwrap(), "import");
            let corrected = corrected(&mapping);
            let Ok(first) = crm.import(rows[0].clone()) else { return Ok(()) };
            // The CRM's row, changed into another: the same id, every other value new.
            let mut next = rows[1].clone();
            next.id = rows[0].id.clone();
            let Ok(again) = later.reimport(first.record.clone(), &rows[0], next.clone()) else { return Ok(()) };
            let old = first.record.history().entries();
            prop_assert_eq!(&again.record.history().entries()[..old.len()], old);
            let Ok(back) = later.write_back(&again) else { return Ok(()) };
            let (before, after) = (mapping.fields(&next), mapping.fields(&back));
            let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for key in keys {
                if before.get(key) != after.get(key) {
                    // The host did nothing in the crate: only the stage's fields move.
                    prop_assert!(corrected.contains(key), "{key}: {:?} -> {:?} {:?} {:?}", before.get(key), after.get(key), again.record.stage(), again.findings);
                }
            }
        }

        #[test]
        fn an_audit_in_parts_merges_into_the_audit_of_the_whole((mapping, policy, rows) in cases(), cut in 0_usize..12) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let results: Vec<_> = rows.into_iter().map(|row| crm.import(row)).collect();
            let cut = cut.min(results.len());
            let whole = Audit::of(results.clone()).unwrap();
            let (a, b) = results.split_at(cut);
            let parts = Audit::of(a.to_vec()).unwrap().merge(Audit::of(b.to_vec()).unwrap()).unwrap();
            prop_assert_eq!(&parts, &whole);
            prop_assert_eq!(Audit::default().merge(whole.clone()).unwrap(), whole.clone());
            let json = serde_json::to_value(&whole).unwrap();
            prop_assert_eq!(serde_json::from_value::<Audit>(json).unwrap(), whole);
        }

        #[test]
        fn the_evidence_is_ahead_of_a_label_only_above_it_and_no_knockout_stays_open(
            (mapping, policy, rows) in cases(),
        ) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let disqualifying = mapping.spec().knockouts == OnKnockout::Disqualify;
            for row in rows {
                let Ok(imported) = crm.import(row.clone()) else { continue };
                let (typed, claim) = (imported.record.stage(), imported.claim);
                for finding in &imported.findings {
                    match finding {
                        // Behind the evidence: the record stayed at its open label, and the
                        // evidence supports an open stage above it.
                        Finding::BehindEvidence { claimed, supported } => {
                            prop_assert_eq!(*claimed, claim);
                            prop_assert_eq!(typed, claim.stage());
                            prop_assert!(supported.is_open() && *supported > typed, "{finding}");
                            prop_assert!(imported.dressed().is_none(), "{:?}", imported.findings);
                        }
                        Finding::Knockout { names, .. } => {
                            prop_assert!(disqualifying && !names.is_empty(), "{finding}");
                            prop_assert!(claim != Claim::Disqualified, "{finding}");
                            if claim.stage().is_open() {
                                prop_assert_eq!(typed, Stage::Disqualified);
                                let reason = imported.record.reason().map(|r| r.as_str().to_owned());
                                let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
                                prop_assert_eq!(reason, Some(format!("knockout: {}", names.join(", "))));
                            }
                        }
                        // Under a mapping that disqualifies on a knockout, no open row is left
                        // a lead with a knockout among what it lacks.
                        Finding::Dressed { unmet, .. } if disqualifying && claim.stage().is_open() => {
                            let knockout = unmet.iter().any(|u| matches!(u, qualify::Unmet::Knockout { .. }));
                            prop_assert!(!(knockout && typed == Stage::Lead), "{:?}", imported.findings);
                        }
                        _ => {}
                    }
                }
                // The finding is for a person: write-back moves no label up for it.
                if imported.findings.iter().any(|f| matches!(f, Finding::BehindEvidence { .. }))
                    && !imported.findings.iter().any(|f| matches!(f, Finding::Probability { .. }))
                    && let Ok(back) = crm.write_back(&imported)
                {
                    prop_assert_eq!(back, row);
                }
            }
        }

        #[test]
        fn reimporting_an_unchanged_row_changes_nothing((mapping, policy, rows) in cases()) {
            let crm = Crm::new(&mapping, &policy, as_of(), "import");
            let later = Crm::new(&mapping, &policy, "2026-12-01T00:00:00Z".parse().unwrap(), "import");
            for row in rows {
                let Ok(first) = crm.import(row.clone()) else { continue };
                let again = later.reimport(first.record.clone(), &row, row.clone()).unwrap();
                prop_assert_eq!(again.record, first.record);
            }
        }
    }
}

#[test]
fn a_deal_the_crm_closed_since_the_last_import_closes_on_its_close_date() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let before = deal("c1", "contractsent", 30_000, "0.9", true);
    let first = crm.import(before.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Opportunity);
    let mut after = before.clone();
    after.stage = "closedwon".into();
    after.close_date = Some("2026-11-28T00:00:00Z".into());
    let later = Crm::new(
        &mapping,
        &policy,
        "2026-11-30T09:00:00Z".parse().unwrap(),
        "import",
    );
    let won = later.reimport(first.record.clone(), &before, after).unwrap();
    assert_eq!(won.record.stage(), Stage::Won);
    let last = won.record.history().last().unwrap();
    assert_eq!(last.at, "2026-11-28T00:00:00Z".parse().unwrap());
    assert!(won.dressed().is_none(), "{:?}", won.findings);

    // A prospect the CRM closed as won since: it is still no deal, and stays open.
    let before = deal("c2", "contractsent", 30_000, "0.9", false);
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after.stage = "closedwon".into();
    let again = later.reimport(first.record, &before, after).unwrap();
    assert_eq!(again.record.stage(), Stage::Prospect);
    assert!(matches!(
        again.dressed(),
        Some(Finding::Dressed {
            claimed: Claim::Won,
            ..
        })
    ));
}

#[test]
fn an_unreadable_currency_leaves_the_amount_unread_rather_than_guessed() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = deal("u1", "contractsent", 50_000, "0.9", false);
    row.currency = Some("US$".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.amount, None);
    let unreadable: Vec<&str> = imported
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::Unreadable { field, .. } => Some(field.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(unreadable, ["deal_currency_code", "amount"]);
    assert_eq!(
        crm.write_back(&imported).unwrap().currency.as_deref(),
        Some("US$")
    );
}

#[test]
fn write_back_leaves_what_the_crm_changed_and_the_record_kept() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let before = deal("k2", "contractsent", 30_000, "0.9", true);
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after
        .fields
        .insert("qualify_need".into(), "close takes 12 days now".into());
    after.fields.remove("qualify_authority");
    let again = crm.reimport(first.record, &before, after.clone()).unwrap();
    assert!(again.findings.contains(&Finding::Kept {
        evidence: qualify::EvidenceKind::Need
    }));
    assert!(again.findings.contains(&Finding::Kept {
        evidence: qualify::EvidenceKind::Authority
    }));
    let back = crm.write_back(&again).unwrap();
    assert_eq!(back.fields["qualify_need"], "close takes 12 days now");
    assert!(!back.fields.contains_key("qualify_authority"));
    assert_eq!(back, after);
}

#[test]
fn a_record_above_its_label_is_not_dressed_and_is_not_written_back_down() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // The CRM reopened a deal the crate holds won.
    let mut won = deal("a1", "closedwon", 40_000, "1", true);
    won.close_date = Some("2026-11-10T00:00:00Z".into());
    let first = crm.import(won.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Won);
    let mut reopened = won.clone();
    reopened.stage = "contractsent".into();
    let again = crm.reimport(first.record, &won, reopened.clone()).unwrap();
    assert_eq!(again.record.stage(), Stage::Won);
    assert!(again.dressed().is_none());
    assert!(again.findings.contains(&Finding::AboveLabel {
        claimed: Claim::Opportunity,
        typed: Stage::Won
    }));
    assert_eq!(crm.write_back(&again).unwrap().stage, "contractsent");

    // Without staged mode there is no discovery stage: an opportunity the CRM now calls a
    // discovery deal is demoted to what the label allows, and the finding says why no
    // discovery deal could be opened.
    let mut spec = mapping.spec().clone();
    spec.stages.push(StageLabel::new("discovery", Claim::Discovery));
    let with_discovery = Mapping::new(spec).unwrap();
    let crm = Crm::new(&with_discovery, &policy, as_of(), "import");
    let before = deal("a2", "contractsent", 30_000, "0.9", true);
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after.stage = "discovery".into();
    let again = crm.reimport(first.record, &before, after).unwrap();
    assert_eq!(again.record.stage(), Stage::Prospect);
    assert!(matches!(
        again.dressed(),
        Some(Finding::Dressed { claimed: Claim::Discovery, typed: Stage::Prospect, unmet })
            if unmet.first() == Some(&qualify::Unmet::StagedModeOff)
    ));
}

#[test]
fn the_owner_follows_the_crm_as_a_hand_off() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut before = deal("o1", "contractsent", 30_000, "0.9", true);
    before.owner = Some("sdr-1".into());
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after.owner = Some("ae-2".into());
    let again = crm.reimport(first.record, &before, after.clone()).unwrap();
    assert_eq!(again.record.owner().map(|o| o.as_str()), Some("ae-2"));
    let hand_off = again
        .record
        .history()
        .entries()
        .iter()
        .find_map(|e| e.hand_off())
        .unwrap();
    assert_eq!(hand_off.from.as_ref().map(|a| a.as_str()), Some("sdr-1"));
    assert_eq!(crm.write_back(&again).unwrap(), after);
}

#[test]
fn the_loader_checks_an_import_event() {
    let (mapping, policy) = (presets::hubspot_contacts(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm.import(CrmRow::new("c9", "salesqualifiedlead")).unwrap();
    let json = serde_json::to_value(&imported.record).unwrap();
    assert_eq!(json["history"][0]["event"], "import");
    assert_eq!(json["history"][0]["tier"], "sql");
    assert_eq!(json["history"][0]["import"]["mapping"], "hubspot-contacts-v1");
    let mut broken = json.clone();
    broken["history"][0]["import"]["claimed"] = "won".into();
    broken["history"][0]["import"]["mapping"] = " ".into();
    broken["history"][0].as_object_mut().unwrap().remove("policy");
    let err = serde_json::from_value::<Record>(broken).unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid lead record: history[0].import.mapping is blank: an import names its mapping; \
         history[0] imports without naming the policy that typed the record; \
         history[0].tier claims won and tier SQL: a tier is claimed only of a lead; \
         history[0] records tier SQL without naming the policy that judged it"
    );
}

#[test]
fn a_column_the_row_takes_as_a_slot_is_read_by_nothing_else() {
    let mut spec = plain_mapping().spec().clone();
    spec.columns.probability = Some("amount".into());
    spec.evidence.decide_by = Some("closedate".into());
    let problems: Vec<String> = Mapping::new(spec)
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "evidence.decide_by: \"closedate\" is the column of columns.close_date, which the row takes as its own",
            "columns.probability: \"amount\" is the column of columns.amount already",
        ]
    );
}

/// Issue 17: a forecast column that is the need's passed, and write-back of a dressed deal
/// wrote `OMIT` over the need.
#[test]
fn a_column_write_back_writes_is_read_by_nothing_else() {
    let mut spec = presets::hubspot_deals().spec().clone();
    if let Some(forecast) = spec.forecast.as_mut() {
        forecast.column = "qualify_need".into();
    }
    let err = Mapping::new(spec).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid mapping: forecast.column: \"qualify_need\" is the column of evidence.need \
         already: write-back would write over it"
    );
}

#[test]
fn every_column_write_back_shares_is_listed_with_both_paths() {
    let mut spec = presets::hubspot_deals().spec().clone();
    if let Some(forecast) = spec.forecast.as_mut() {
        forecast.column = "qualify_authority".into();
    }
    spec.name_column = Some("qualify_need".into());
    // Read first by a field write-back never writes, then by one it does.
    spec.email_column = Some("company.industry".into());
    spec.company_column = Some("company.industry".into());
    let long = "x".repeat(200);
    spec.profile
        .push(ProfileColumn::new(Field::JobTitle, long.as_str()));
    spec.profile
        .push(ProfileColumn::new(Field::Seniority, long.as_str()));
    let problems: Vec<String> = Mapping::new(spec)
        .unwrap_err()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    let shown = format!("\"{}…\" (200 bytes)", "x".repeat(64));
    assert_eq!(
        problems,
        [
            "name_column: \"qualify_need\" is the column of evidence.need, which write-back writes"
                .to_owned(),
            "company_column: \"company.industry\" is the column of profile[2].column, which \
             write-back writes"
                .to_owned(),
            "forecast.column: \"qualify_authority\" is the column of evidence.authority already: \
             write-back would write over it"
                .to_owned(),
            "profile[2].column: \"company.industry\" is the column of email_column already: \
             write-back would write over it"
                .to_owned(),
            format!(
                "profile[5].column: {shown} is the column of profile[4].column already: write-back would write over it"
            ),
        ]
    );
    // Fields write-back never writes may share a column.
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.email_column = Some("dealname".into());
    spec.company_column = Some("dealname".into());
    assert!(Mapping::new(spec).is_ok());
}

#[test]
fn a_reimport_takes_only_what_the_crm_changed_and_keeps_what_the_host_did() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut before = deal("h1", "appointmentscheduled", 30_000, "0.2", false);
    before.owner = Some("sdr-1".into());
    let first = crm.import(before.clone()).unwrap();
    let Record::Prospect(mut prospect) = first.record else {
        panic!("a prospect");
    };
    // In the crate: a hand-off, and a need recorded after the import.
    let later: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
    prospect
        .hand_off(
            Some("ae-9".into()),
            qualify::Reason::new("territory").unwrap(),
            later,
            &"lead".into(),
        )
        .unwrap();
    prospect.evidence_mut().need = Some(qualify::Need::new(
        "quotes take three days",
        qualify::Provenance::new("ae-9", later, qualify::Method::Call),
    ));
    // In the CRM: only a note changed.
    let mut after = before.clone();
    after.fields.insert("notes".into(), "called twice".into());
    let sync = Crm::new(
        &mapping,
        &policy,
        "2026-11-27T09:00:00Z".parse().unwrap(),
        "import",
    );
    let again = sync
        .reimport(Record::from(prospect), &before, after.clone())
        .unwrap();
    assert_eq!(again.record.owner().map(|o| o.as_str()), Some("ae-9"));
    assert_eq!(
        again.record.need().map(|n| n.problem.as_str()),
        Some("quotes take three days")
    );
    assert!(
        !again.findings.iter().any(|f| matches!(f, Finding::Kept { .. })),
        "{:?}",
        again.findings
    );
    // The write-back carries the host's work to the CRM, and nothing else.
    let back = sync.write_back(&again).unwrap();
    assert_eq!(back.owner.as_deref(), Some("ae-9"));
    assert_eq!(back.fields["qualify_need"], "quotes take three days");
    assert_eq!(back.fields["notes"], "called twice");
}

#[test]
fn a_second_unchanged_reimport_does_not_revert_what_the_crm_changed() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let before = deal("h2", "contractsent", 30_000, "0.9", true);
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after
        .fields
        .insert("qualify_need".into(), "close takes 12 days now".into());
    let once = crm.reimport(first.record, &before, after.clone()).unwrap();
    assert_eq!(crm.write_back(&once).unwrap(), after);
    let twice = crm.reimport(once.record, &after, after.clone()).unwrap();
    assert_eq!(crm.write_back(&twice).unwrap(), after);
}

#[test]
fn a_closed_record_the_crm_closes_otherwise_does_not_move() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut won = deal("h3", "closedwon", 40_000, "1", true);
    won.close_date = Some("2026-11-10T00:00:00Z".into());
    let first = crm.import(won.clone()).unwrap();
    let mut lost = won.clone();
    lost.stage = "closedlost".into();
    let again = crm.reimport(first.record, &won, lost.clone()).unwrap();
    assert_eq!(again.record.stage(), Stage::Won);
    assert!(again.findings.contains(&Finding::Closed {
        claimed: Claim::Lost,
        typed: Stage::Won
    }));
    assert!(again.dressed().is_none());
    assert_eq!(crm.write_back(&again).unwrap(), lost);
}

/// The default policy with staged mode on: discovery deals open on need and timeline.
fn staged_policy() -> Policy {
    let mut spec = Policy::default().spec().clone();
    spec.opportunity = spec.opportunity.staged();
    Policy::new(spec).unwrap()
}

#[test]
fn a_reimported_prospect_moves_only_as_far_as_its_new_label() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // A lead without a company profile; the CRM adds one, and it qualifies.
    let mut before = deal("p1", "appointmentscheduled", 30_000, "0.2", true);
    for k in ["company.numberofemployees", "company.industry", "company.country"] {
        before.fields.remove(k);
    }
    let first = crm.import(before.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Lead);
    let with_fit = deal("p1", "appointmentscheduled", 30_000, "0.2", true);
    let again = crm.reimport(first.record, &before, with_fit.clone()).unwrap();
    // A prospect, not higher, though every condition is recorded: the label says prospect.
    assert_eq!(again.record.stage(), Stage::Prospect);
    assert!(
        again
            .findings
            .iter()
            .all(|f| !matches!(f, Finding::Dressed { .. } | Finding::AboveLabel { .. }))
    );
    // The CRM moves the close date: no timeline moves, for it is no timeline.
    let mut later = with_fit.clone();
    later.close_date = Some("2027-02-01T00:00:00Z".into());
    let moved = crm.reimport(again.record, &with_fit, later.clone()).unwrap();
    assert_eq!(
        moved.record.timeline().unwrap().decide_by,
        "2026-12-20T00:00:00Z".parse().unwrap()
    );
    // The buyer's decision date moves: the prospect takes the new timeline.
    let mut decided = later.clone();
    decided
        .fields
        .insert("qualify_decide_by".into(), "2027-02-01".into());
    let moved = crm.reimport(moved.record, &later, decided).unwrap();
    assert_eq!(
        moved.record.timeline().unwrap().decide_by,
        "2027-02-01T00:00:00Z".parse().unwrap()
    );
}

#[test]
fn a_contact_the_crm_calls_a_lead_or_unqualified_again() {
    let (mapping, policy) = (presets::hubspot_contacts(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("c5", "opportunity");
    for (k, v) in [
        ("numemployees", "2400"),
        ("industry", "software"),
        ("country", "DE"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Prospect);
    // Back to lead in the CRM: the crate has no way back, and says so.
    let mut lead = row.clone();
    lead.stage = "lead".into();
    let again = crm.reimport(first.record.clone(), &row, lead).unwrap();
    assert_eq!(again.record.stage(), Stage::Prospect);
    assert!(again.findings.contains(&Finding::AboveLabel {
        claimed: Claim::Lead,
        typed: Stage::Prospect
    }));
    // Unqualified in the CRM: disqualified.
    let mut unqualified = row.clone();
    unqualified.status = Some("UNQUALIFIED".into());
    let again = crm.reimport(first.record, &row, unqualified).unwrap();
    assert_eq!(again.record.stage(), Stage::Disqualified);
    assert!(again.dressed().is_none());
}

#[test]
fn a_discovery_deal_confirms_or_closes_as_the_crm_moves_it() {
    let (mapping, policy) = (presets::salesforce_opportunities(), staged_policy());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("d1", "Needs Analysis");
    row.amount = Some("20000".into());
    row.currency = Some("USD".into());
    row.close_date = Some("2027-01-31".into());
    for (k, v) in [
        ("Account.NumberOfEmployees", "5000"),
        ("Account.Industry", "software"),
        ("Account.BillingCountry", "US"),
        ("Qualify_Need__c", "churn reporting takes two analysts"),
        ("Qualify_Decide_By__c", "2027-01-31"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Discovery);
    assert!(first.dressed().is_none());
    // Budget and authority arrive with a later stage: the discovery deal takes them and
    // is confirmed.
    let mut confirmed = row.clone();
    confirmed.stage = "Negotiation/Review".into();
    for (k, v) in [
        ("Qualify_Budget_Status__c", "approved"),
        ("Qualify_Budget_Amount__c", "20000"),
        ("Qualify_Authority__c", "VP Sales Dana Ruiz"),
        ("Qualify_Access__c", "decision_maker"),
    ] {
        confirmed.fields.insert(k.into(), v.into());
    }
    let again = crm.reimport(first.record.clone(), &row, confirmed).unwrap();
    assert_eq!(again.record.stage(), Stage::Opportunity);
    let last = again.record.history().transitions().next_back().unwrap();
    assert_eq!((last.from, last.to), (Stage::Discovery, Stage::Opportunity)); // confirmed, not re-promoted
    // Or it is lost while still in discovery: lost, from discovery.
    let mut lost = row.clone();
    lost.stage = "Closed Lost".into();
    let again = crm.reimport(first.record.clone(), &row, lost).unwrap();
    assert_eq!(again.record.stage(), Stage::Lost);
    assert!(again.dressed().is_none());
    // Back to prospecting: demoted.
    let mut back = row.clone();
    back.stage = "Prospecting".into();
    assert_eq!(
        crm.reimport(first.record, &row, back).unwrap().record.stage(),
        Stage::Prospect
    );
}

#[test]
fn a_deal_the_crm_disqualifies_is_lost_and_that_is_what_it_claimed() {
    let policy = Policy::default();
    let mut row = CrmRow::new("c6", "opportunity");
    for (k, v) in [
        ("numemployees", "2400"),
        ("industry", "software"),
        ("country", "DE"),
        ("qualify_need", "month-end close takes 9 days"),
        ("qualify_budget_status", "approved"),
        ("qualify_budget_amount", "50000"),
        ("qualify_authority", "CFO Maria Lind"),
        ("qualify_access", "decision_maker"),
        ("qualify_decide_by", "2027-01-31T00:00:00Z"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let mapping = Mapping::new(spec).unwrap();
    let crm2 = Crm::new(&mapping, &policy, as_of(), "import");
    let first = crm2.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Opportunity);
    let mut unqualified = row.clone();
    unqualified.status = Some("UNQUALIFIED".into());
    let again = crm2.reimport(first.record, &row, unqualified).unwrap();
    assert_eq!(again.record.stage(), Stage::Lost);
    assert!(again.findings.iter().all(|f| !matches!(
        f,
        Finding::Dressed { .. } | Finding::AboveLabel { .. } | Finding::Closed { .. }
    )));
}

#[test]
fn a_prospect_with_every_condition_is_not_promoted_by_a_lead_label() {
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let mapping = Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("c7", "salesqualifiedlead");
    for (k, v) in [
        ("numemployees", "2400"),
        ("industry", "software"),
        ("country", "DE"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let mut prospect_row = row.clone();
    prospect_row.stage = "opportunity".into();
    let first = crm.import(prospect_row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Prospect);
    // Every condition arrives, but the CRM now calls the contact a lead: no promotion.
    for (k, v) in [
        ("qualify_need", "month-end close takes 9 days"),
        ("qualify_budget_status", "approved"),
        ("qualify_budget_amount", "50000"),
        ("qualify_authority", "CFO Maria Lind"),
        ("qualify_access", "decision_maker"),
        ("qualify_decide_by", "2027-01-31T00:00:00Z"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let again = crm.reimport(first.record, &prospect_row, row).unwrap();
    assert_eq!(again.record.stage(), Stage::Prospect);
    assert!(again.findings.contains(&Finding::AboveLabel {
        claimed: Claim::Sql,
        typed: Stage::Prospect
    }));
}

#[test]
fn evidence_the_crm_did_not_change_keeps_its_provenance() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // A lead whose fit fails (a headcount under the enterprise line).
    let mut before = deal("f1", "appointmentscheduled", 30_000, "0.2", false);
    before
        .fields
        .insert("company.numberofemployees".into(), "400".into());
    let first = crm.import(before.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Lead);
    let recorded = first.record.fit().unwrap().provenance.recorded_at;
    let mut after = before.clone();
    after.fields.insert("notes".into(), "called twice".into());
    let later = Crm::new(
        &mapping,
        &policy,
        "2026-11-30T09:00:00Z".parse().unwrap(),
        "import",
    );
    let again = later.reimport(first.record, &before, after).unwrap();
    assert_eq!(again.record.fit().unwrap().provenance.recorded_at, recorded);
}

/// The default policy with a knockout of a rival's e-mail domain.
fn rival_policy() -> Policy {
    let mut spec = qualify::PolicySpec::default();
    spec.fit.knockouts.push(qualify::KnockoutSpec::new(
        "rival",
        Field::EmailDomain,
        qualify::Condition::DomainIn(vec!["rival.example".into()]),
    ));
    Policy::new(spec).unwrap()
}

#[test]
fn a_knockout_by_domain_reads_the_contacts_email_on_import() {
    let (mapping, policy) = (presets::hubspot_contacts(), rival_policy());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = |id: &str, email: &str| {
        // Claimed as a deal: the import climbs as far as the evidence goes.
        let mut row = CrmRow::new(id, "opportunity");
        for (k, v) in [
            ("numemployees", "2400"),
            ("industry", "software"),
            ("country", "DE"),
            ("jobtitle", "VP Finance"),
            ("email", email),
        ] {
            row.fields.insert(k.into(), v.into());
        }
        row
    };
    // The profile holds no domain: the contact's address gives it.
    let rival = crm.import(row("c1", "ada@EU.Rival.example")).unwrap();
    assert_eq!(rival.record.stage(), Stage::Lead);
    assert_eq!(rival.record.contact().email_domain(), Some("EU.Rival.example"));
    let Some(Finding::Dressed { unmet, .. }) = rival.findings.first() else {
        panic!("{:?}", rival.findings)
    };
    assert_eq!(
        unmet.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["knockout \"rival\" hit"]
    );
    let lookalike = crm.import(row("c2", "ada@notrival.example")).unwrap();
    assert_eq!(lookalike.record.stage(), Stage::Prospect);
}

#[test]
fn a_mapping_that_takes_the_close_date_for_a_timeline_says_so_in_the_audit() {
    use qualify::crm::Assumption;
    // No shipped preset takes a close date for a timeline: each reads a decision date of its
    // own, or none.
    for mapping in presets::all() {
        let assumed = mapping.assumptions();
        assert!(
            !assumed.contains(&Assumption::CloseDateIsTimeline),
            "{}",
            mapping.name()
        );
        let (decide_by, close) = (
            &mapping.spec().evidence.decide_by,
            &mapping.spec().columns.close_date,
        );
        assert!(decide_by.is_none() || decide_by != close, "{}", mapping.name());
        assert!(
            !mapping.spec().evidence.close_date_is_timeline,
            "{}",
            mapping.name()
        );
    }
    // A mapping left at the default does not either.
    let mut spec = csv_mapping().spec().clone();
    spec.evidence.close_date_is_timeline = qualify::crm::EvidenceColumns::default().close_date_is_timeline;
    assert!(Mapping::new(spec).unwrap().assumptions().is_empty());

    // The CSV mapping opts in: every import names the assumption, and the audit's header.
    let mapping = csv_mapping();
    assert_eq!(mapping.assumptions(), [Assumption::CloseDateIsTimeline]);
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let results = import_all(&crm, csv_rows(&mapping));
    let imported: Vec<&Imported> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert!(
        imported
            .iter()
            .all(|i| i.assumptions == [Assumption::CloseDateIsTimeline])
    );
    let audit = Audit::of(&results).unwrap();
    assert_eq!(audit.assumptions, [Assumption::CloseDateIsTimeline]);
    assert_eq!(
        audit.to_string().lines().nth(1),
        Some("assumed: the CRM's close date is taken as the buyer's decision date (timeline evidence)")
    );
    // Merged with an audit of a deal preset's rows, which assumes fit, each assumption is
    // listed once, in order, either way.
    let deals = presets::hubspot_deals();
    let other_crm = Crm::new(&deals, &policy, as_of(), "audit");
    let other = Audit::of(import_all(&other_crm, hubspot_rows(&deals))).unwrap();
    assert_eq!(other.assumptions, [Assumption::FitAtProspect]);
    let both = [Assumption::FitAtProspect, Assumption::CloseDateIsTimeline];
    let merged = audit.clone().merge(other.clone()).unwrap();
    assert_eq!(merged.assumptions, both);
    assert_eq!(other.merge(audit.clone()).unwrap(), merged);
    let twice = merged.clone().merge(audit.clone()).unwrap();
    assert_eq!(twice.assumptions, both);
    // On the wire, by name; read back as it was, and refused out of order or twice.
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(json["assumptions"], serde_json::json!(["close_date_is_timeline"]));
    assert_eq!(serde_json::from_value::<Audit>(json.clone()).unwrap(), audit);
    let mut twice = json;
    twice["assumptions"] = serde_json::json!(["close_date_is_timeline", "close_date_is_timeline"]);
    let err = serde_json::from_value::<Audit>(twice).unwrap_err().to_string();
    assert_eq!(err, "audit refused: assumptions: not in order, each once");
}

#[test]
fn json_numbers_keep_their_digits_or_say_to_send_strings() {
    let Object(fields) = serde_json::from_str(
        r#"{"Id": "006-9", "StageName": "Negotiation/Review", "CurrencyIsoCode": "USD",
            "Amount": 12345678901234567.89, "Probability": 90.0, "Whole": 120000.0, "Tenth": 0.1,
            "Sum": 0.30000000000000004, "Count": 18446744073709551615,
            "Account": {"AnnualRevenue": 2.5e7, "NumberOfEmployees": 5000}}"#,
    )
    .unwrap();
    // At most 15 significant digits: the digits written. More: the float's shortest form in
    // exponent notation, which reads as no amount. Integers are exact.
    assert_eq!(fields["Whole"], "120000");
    assert_eq!(fields["Tenth"], "0.1");
    assert_eq!(fields["Probability"], "90");
    assert_eq!(fields["Amount"], "1.2345678901234568e16");
    assert_eq!(fields["Sum"], "3.0000000000000004e-1");
    assert_eq!(fields["Count"], "18446744073709551615");
    assert_eq!(fields["Account.AnnualRevenue"], "25000000");

    let mapping = presets::salesforce_opportunities();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm.import(mapping.row(fields)).unwrap();
    assert_eq!(imported.amount, None);
    assert_eq!(
        imported.findings[0].to_string(),
        "field \"Amount\": \"1.2345678901234568e16\" is not a number a float holds exactly (at most \
         15 significant digits): it came as a float that may have lost digits, so send numbers as strings"
    );
    assert_eq!(
        imported.probability.map(|p| p.to_string()).as_deref(),
        Some("0.9")
    );
}

#[test]
fn a_won_dynamics_row_is_won_for_its_actual_value() {
    let mapping = dynamics_mapping();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let won = |actual: Option<&str>| {
        let mut row = dynamics_rows(&mapping).pop().unwrap();
        match actual {
            Some(v) => row.fields.insert("actualvalue".into(), v.into()),
            None => row.fields.remove("actualvalue"),
        };
        crm.import(row).unwrap()
    };
    let amount = |i: &Imported| match &i.record {
        Record::Won(w) => w.amount().to_string(),
        other => panic!("not won: {:?}", other.stage()),
    };
    assert_eq!(
        amount(&won(None)),
        "52000 USD",
        "the estimated value, without an actual one"
    );
    assert_eq!(amount(&won(Some(""))), "52000 USD");
    let actual = won(Some("49500"));
    assert_eq!(amount(&actual), "49500 USD");
    // An actual value that does not read is a finding; the row stays open as an opportunity.
    let unreadable = won(Some("n/a"));
    assert_eq!(unreadable.record.stage(), Stage::Opportunity);
    assert_eq!(
        unreadable.findings[0].to_string(),
        "field \"actualvalue\": \"n/a\" is not an amount in the mapping's decimal format"
    );
    // A deal the host wins in the crate is written back with its won amount as the actual
    // value, and the estimated value kept.
    let Record::Opportunity(open) = unreadable.record.clone() else {
        unreachable!()
    };
    let money = qualify::Money::new(Decimal::from(50_250), Currency::new("USD").unwrap()).unwrap();
    let won_here = open.win(money, as_of(), &"ae-1".into()).unwrap();
    let fresh = crm.export(&Record::from(won_here)).unwrap();
    assert_eq!(fresh.fields["actualvalue"], "50250");
    assert_eq!(fresh.amount, None);
}

#[test]
fn an_open_dynamics_row_without_a_sales_stage_is_an_opportunity_by_its_status() {
    let mapping = dynamics_mapping();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // As the Web API returns an opportunity whose sales process has set no stage yet.
    let Object(fields) = serde_json::from_str(
        r#"{"opportunityid": "7d3c1e2a-0b4f-4c1e-9a51-2b6f0c1d0009", "name": "Adatum: pilot",
            "salesstage": null, "statecode": 0, "statuscode": 1, "estimatedvalue": 8000.0,
            "createdon": "2026-11-02T10:00:00Z", "customerneed": "route planning by hand",
            "parentaccountid": {"numberofemployees": 3100, "revenue": 90000000.0,
                                "address1_country": "US",
                                "industrycode@OData.Community.Display.V1.FormattedValue": "Software"}}"#,
    )
    .unwrap();
    let imported = crm.import(mapping.row(fields)).unwrap();
    assert_eq!(
        (imported.claim, imported.label.as_str()),
        (Claim::Opportunity, "0")
    );
    assert_eq!(imported.record.stage(), Stage::Prospect);
    assert!(matches!(
        imported.dressed(),
        Some(Finding::Dressed {
            claimed: Claim::Opportunity,
            typed: Stage::Prospect,
            ..
        })
    ));
    // Written back at the stage its evidence supports.
    assert_eq!(crm.write_back(&imported).unwrap().stage, "0");
    // A status that decides nothing and has no claim of its own still refuses such a row.
    let mut spec = mapping.spec().clone();
    spec.statuses[0].open_as = None;
    let plain = Mapping::new(spec).unwrap();
    let crm = Crm::new(&plain, &policy, as_of(), "import");
    let err = crm.import(CrmRow::new("x1", "")).unwrap_err();
    assert!(err.to_string().contains("stage label \"\""), "{err}");
    // A status that decides, or an open claim that is not open, is refused by the checks.
    let mut spec = mapping.spec().clone();
    spec.statuses[1].open_as = Some(Claim::Prospect);
    spec.statuses[0].open_as = Some(Claim::Won);
    let err = Mapping::new(spec).unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid mapping: statuses[0].open_as: won is not open: a status that decides nothing \
         leaves the row open; statuses[1].open_as: a status that decides (means) has no claim of \
         its own for a row without a stage"
    );
}

#[test]
fn a_dynamics_currency_is_read_from_its_expanded_lookup_or_its_id() {
    let eur_id = "6a2b5c3d-0000-4000-8000-00000000e0e0";
    let mut spec = presets::dynamics_opportunities().spec().clone();
    spec.currency_ids = Some(qualify::crm::Choice::new(
        "_transactioncurrencyid_value",
        [(eur_id, Currency::new("EUR").unwrap())],
    ));
    spec.currency = Some("USD".into());
    let mapping = Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = |json: &str| {
        let Object(fields) = serde_json::from_str(json).unwrap();
        crm.import(mapping.row(fields)).unwrap()
    };
    let amount = |i: &Imported| i.amount.map(|m| m.to_string());
    // The expanded lookup, as `$expand=transactioncurrencyid($select=isocurrencycode)` gives.
    let expanded = row(
        r#"{"opportunityid": "o1", "salesstage": 0, "statecode": 0, "estimatedvalue": 8000.0,
        "_transactioncurrencyid_value": "ffffffff-0000-4000-8000-000000000000",
        "transactioncurrencyid": {"isocurrencycode": "GBP", "transactioncurrencyid": "ffffffff-0000-4000-8000-000000000000"}}"#,
    );
    assert_eq!(amount(&expanded).as_deref(), Some("8000 GBP"));
    // The lookup's id alone, through the mapping's table.
    let by_id = row(&format!(
        r#"{{"opportunityid": "o2", "salesstage": 0, "statecode": 0, "estimatedvalue": 8000.0,
            "_transactioncurrencyid_value": "{}"}}"#,
        eur_id.to_uppercase()
    ));
    assert_eq!(amount(&by_id).as_deref(), Some("8000 EUR"));
    // An id the table does not list: a finding, and no amount in a currency the row does not say.
    let unknown = row(
        r#"{"opportunityid": "o3", "salesstage": 0, "statecode": 0, "estimatedvalue": 8000.0,
        "_transactioncurrencyid_value": "00000000-0000-4000-8000-000000000000"}"#,
    );
    assert_eq!(amount(&unknown), None);
    assert_eq!(
        unknown.findings[0].to_string(),
        "field \"_transactioncurrencyid_value\": \"00000000-0000-4000-8000-000000000000\" is not one of \
         the mapping's currency ids"
    );
    // Neither: the mapping's default.
    let neither =
        row(r#"{"opportunityid": "o4", "salesstage": 0, "statecode": 0, "estimatedvalue": 8000.0}"#);
    assert_eq!(amount(&neither).as_deref(), Some("8000 USD"));
    // The table is checked like any choice.
    let mut spec = mapping.spec().clone();
    spec.currency_ids = Some(qualify::crm::Choice::new(
        "_transactioncurrencyid_value",
        [
            (eur_id, Currency::new("EUR").unwrap()),
            (eur_id, Currency::new("USD").unwrap()),
        ],
    ));
    assert!(
        Mapping::new(spec)
            .unwrap_err()
            .to_string()
            .contains("currency_ids.labels[1]")
    );
}

/// The README's table of what each preset reads, as the presets say it: a test writes it,
/// so that it cannot drift from them.
fn preset_tables() -> String {
    use qualify::crm::ForecastMeaning;
    let wire = |v: &dyn erased::Wire| v.wire();
    let mut out = String::new();
    let presets = [
        ("hubspot_contacts", presets::hubspot_contacts()),
        ("hubspot_deals", presets::hubspot_deals()),
        ("salesforce_leads", presets::salesforce_leads()),
        ("salesforce_opportunities", presets::salesforce_opportunities()),
        ("dynamics_leads", presets::dynamics_leads()),
        ("dynamics_opportunities", presets::dynamics_opportunities()),
    ];
    for (function, mapping) in presets {
        let s = mapping.spec();
        let c = &s.columns;
        let e = &s.evidence;
        let _ = writeln!(out, "### `presets::{function}()` (`{}`)\n", s.name);
        let _ = writeln!(out, "| reads | CRM field | values |\n|---|---|---|");
        let mut row = |part: &str, column: Option<&String>, values: String| {
            if let Some(column) = column {
                let _ = writeln!(out, "| {part} | `{column}` | {values} |");
            }
        };
        let stages: Vec<String> = s
            .stages
            .iter()
            .map(|l| match l.probability {
                Some(p) => format!("`{}` {} ({p})", l.label, l.means),
                None => format!("`{}` {}", l.label, l.means),
            })
            .collect();
        row("id", Some(&c.id), String::new());
        row("stage", Some(&c.stage), stages.join(", "));
        let statuses: Vec<String> = s
            .statuses
            .iter()
            .map(|l| match (l.means, l.open_as) {
                (Some(m), _) => format!("`{}` {m}", l.label),
                (None, Some(open)) => format!("`{}` open ({open} without a stage)", l.label),
                (None, None) => format!("`{}` open", l.label),
            })
            .collect();
        row("status", c.status.as_ref(), statuses.join(", "));
        row("owner", c.owner.as_ref(), String::new());
        row("amount", c.amount.as_ref(), String::new());
        row("won amount", s.won_amount_column.as_ref(), String::new());
        row("currency", c.currency.as_ref(), "a currency code".into());
        row("close date", c.close_date.as_ref(), "not a timeline".into());
        row(
            "probability",
            c.probability.as_ref(),
            wire(&s.formats.probability),
        );
        row("created", c.created.as_ref(), String::new());
        row("need", e.need.as_ref(), "text".into());
        if let Some(b) = &e.budget {
            let labels: Vec<String> = b
                .labels
                .iter()
                .map(|(l, m)| format!("`{l}` {}", wire(m)))
                .collect();
            row("budget status", Some(&b.column), labels.join(", "));
        }
        row("budget amount", e.budget_amount.as_ref(), String::new());
        row("authority", e.authority.as_ref(), "the person".into());
        if let Some(a) = &e.access {
            let labels: Vec<String> = a
                .labels
                .iter()
                .map(|(l, m)| format!("`{l}` {}", m.map_or("none".into(), |m| m.to_string())))
                .collect();
            row("access", Some(&a.column), labels.join(", "));
        }
        row("decision date", e.decide_by.as_ref(), "timeline".into());
        for p in &s.profile {
            row(&format!("profile: {}", p.field), Some(&p.column), String::new());
        }
        row("contact name", s.name_column.as_ref(), String::new());
        row(
            "contact email",
            s.email_column.as_ref(),
            "the e-mail domain".into(),
        );
        row("company", s.company_column.as_ref(), String::new());
        if let Some(source) = &s.source {
            let labels: Vec<String> = source
                .labels
                .iter()
                .map(|(l, src)| format!("`{l}` {}", src.as_str()))
                .collect();
            row(
                "lead source",
                Some(&source.column),
                format!("{}; any other kept as written", labels.join(", ")),
            );
        }
        row("reason", s.reason_column.as_ref(), String::new());
        if let Some(f) = &s.forecast {
            let meaning = |m: &ForecastMeaning| match m {
                ForecastMeaning::Open(c) => wire(c),
                ForecastMeaning::Won => "won".into(),
                ForecastMeaning::Lost => "lost".into(),
            };
            let labels: Vec<String> = f
                .labels
                .iter()
                .map(|(l, m)| format!("`{l}` {}", meaning(m)))
                .collect();
            row("forecast", Some(&f.column), labels.join(", "));
        }
        let dates: Vec<String> = s.formats.dates.iter().map(|d| wire(d)).collect();
        let fit = match s.fit {
            qualify::crm::FitSource::AssumedAtProspect => {
                "assumed for a row at prospect or beyond without profile fields \
                 (`fit: assumed_at_prospect`, stated in the audit); judged on them where present"
            }
            _ => "judged on the profile fields",
        };
        let _ = writeln!(
            out,
            "\nFit: {fit}. Dates: {}; decimal mark: {}.\n",
            dates.join(", "),
            wire(&s.formats.decimal)
        );
    }
    out
}

mod erased {
    /// A value as its wire name.
    pub trait Wire {
        fn wire(&self) -> String;
    }
    impl<T: serde::Serialize> Wire for T {
        fn wire(&self) -> String {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(other) => other.to_string(),
                Err(_) => String::new(),
            }
        }
    }
}

#[test]
fn the_readme_lists_what_each_preset_reads() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let (start, end) = (
        "<!-- presets: generated by tests/test_crm.rs -->\n",
        "<!-- presets: end -->",
    );
    let from = readme.find(start).expect("the README marks the presets' table") + start.len();
    let to = readme[from..]
        .find(end)
        .expect("the README ends the presets' table")
        + from;
    let written = &readme[from..to];
    let wanted = preset_tables();
    assert!(
        written == wanted,
        "the README's preset table is not the presets': replace it with\n{wanted}"
    );
}

/// A HubSpot deal row as the deals API returns it without the associated company: no
/// profile field, and, when `bant`, all four conditions in the preset's custom fields.
#[test]
fn the_presets_docs_name_every_custom_field_the_readme_lists() {
    // The module docs of `crm::presets` name the custom evidence fields of the HubSpot and
    // Salesforce presets; the README's generated tables list what the presets read. The
    // names are the same, both ways.
    fn custom_fields(text: &str) -> std::collections::BTreeSet<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .filter(|name| {
                name.starts_with("qualify_") && !name.contains('(')
                    || name.starts_with("Qualify_") && name.ends_with("__c")
            })
            .map(str::to_owned)
            .collect()
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let start = "<!-- presets: generated by tests/test_crm.rs -->";
    let from = readme.find(start).unwrap();
    let to = from + readme[from..].find("<!-- presets: end -->").unwrap();
    let source = std::fs::read_to_string(format!("{root}/src/crm/presets.rs")).unwrap();
    let docs: String = source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let documented = custom_fields(&docs);
    assert_eq!(documented.len(), 12, "{documented:?}");
    assert_eq!(documented, custom_fields(&readme[from..to]));
}

fn bare_deal(id: &str, stage: &str, bant: bool) -> CrmRow {
    let mut row = deal(id, stage, 50_000, "0.9", bant);
    row.fields.retain(|k, _| !k.starts_with("company."));
    row.currency = Some("EUR".into());
    row
}

#[test]
fn a_deal_without_company_fields_is_typed_by_its_evidence_on_a_stated_assumption() {
    use qualify::crm::{Assumption, FitSource};
    use qualify::{FitBasis, Method};
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    assert_eq!(mapping.spec().fit, FitSource::AssumedAtProspect);
    let crm = Crm::new(&mapping, &policy, as_of(), "import-bot");
    let imported = crm.import(bare_deal("d1", "contractsent", true)).unwrap();
    assert_eq!(imported.record.stage(), Stage::Opportunity);
    assert_eq!(imported.findings, []);
    assert_eq!(imported.assumptions, [Assumption::FitAtProspect]);
    // The fit is an assumption naming the mapping and the label, never a profile.
    let Some(FitBasis::Assumed(assumed)) = imported.record.fit_basis() else {
        panic!("an assumed fit: {:?}", imported.record.fit_basis());
    };
    assert_eq!(assumed.mapping, "hubspot-deals-v1");
    assert_eq!(assumed.label, "contractsent");
    assert_eq!(assumed.provenance.method, Method::Import);
    assert_eq!(assumed.provenance.recorded_by.as_str(), "import-bot");
    assert_eq!(assumed.provenance.recorded_at, as_of());
    assert_eq!(imported.record.fit(), None);
    let qualified = &imported.record.history().entries()[1];
    assert_eq!(
        qualified.why,
        "fit assumed by mapping hubspot-deals-v1: the CRM holds it at \"contractsent\""
    );
    assert_eq!(qualified.policy.as_deref(), Some(policy.version()));
    // An assumption records no facts, so it scores no fit points (and earns no "strong
    // fit" adjustment); the same deal judged on its company scores them.
    let score = |mapping: &Mapping, row: CrmRow| {
        let crm = Crm::new(mapping, &policy, as_of(), "import-bot");
        match crm.import(row).unwrap().record {
            Record::Prospect(p) => p.assess(&policy, as_of()).fit_score(),
            other => panic!("a prospect: {other:?}"),
        }
    };
    let assumed = score(&mapping, bare_deal("d2", "appointmentscheduled", true));
    let judged = score(
        &plain_mapping(),
        deal("d2", "appointmentscheduled", 50_000, "0.2", true),
    );
    assert_eq!(assumed, 0.into());
    assert!(judged >= 60.into(), "{judged}");
    loads_back(std::slice::from_ref(&Ok(imported)));
}

#[test]
fn a_deal_with_company_fields_is_judged_on_them_and_never_assumed_past_them() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // The host fetched the company: it is a 12-person firm, short of the policy's fit.
    let mut row = bare_deal("d3", "contractsent", true);
    row.fields.insert("company.numberofemployees".into(), "12".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.record.stage(), Stage::Lead);
    assert!(imported.record.assumed_fit().is_none());
    let Some(Finding::Dressed { typed, unmet, .. }) = imported.dressed() else {
        panic!("dressed: {:?}", imported.findings);
    };
    assert_eq!(*typed, Stage::Lead);
    assert_eq!(
        unmet.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "required criterion \"enterprise headcount\" not met",
            "fit score 0 is below the required 60",
            "0 fit criteria met, fewer than the required 3"
        ]
    );
    // A blank profile field is no fact: the assumption stands in for it.
    let mut row = bare_deal("d4", "contractsent", true);
    row.fields.insert("company.industry".into(), "  ".into());
    assert_eq!(crm.import(row).unwrap().record.stage(), Stage::Opportunity);
}

#[test]
fn closed_deals_on_an_assumed_fit_never_fall_back_to_a_lead() {
    use qualify::pipeline::Rate;
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let closed = |id: &str, stage: &str, bant: bool| {
        let mut row = bare_deal(id, stage, bant);
        row.close_date = Some("2026-11-10T00:00:00Z".into());
        row.fields.insert("qualify_decide_by".into(), "2026-11-10".into());
        row.fields
            .insert("closed_lost_reason".into(), "went with a spreadsheet".into());
        crm.import(row).unwrap()
    };
    // Won with all four conditions: won, for the row's amount.
    let won = closed("w1", "closedwon", true);
    assert_eq!(won.record.stage(), Stage::Won);
    assert_eq!(won.findings, []);
    // Won with nothing recorded: an unsupported win, open at the stage the evidence
    // supports, which on an assumed fit is a prospect.
    let bare_win = closed("w2", "closedwon", false);
    assert_eq!(bare_win.record.stage(), Stage::Prospect);
    assert!(matches!(
        bare_win.dressed(),
        Some(Finding::Dressed {
            claimed: Claim::Won,
            typed: Stage::Prospect,
            ..
        })
    ));
    // Lost with all four: lost from the opportunity it was.
    let lost = closed("l1", "closedlost", true);
    assert_eq!(lost.record.stage(), Stage::Lost);
    // Lost with nothing recorded: a prospect disqualified for the CRM's reason, its
    // assumed fit kept.
    let bare_loss = closed("l2", "closedlost", false);
    let Record::Disqualified(d) = &bare_loss.record else {
        panic!("disqualified: {:?}", bare_loss.record.stage());
    };
    assert_eq!(d.reason().to_string(), "went with a spreadsheet");
    assert!(bare_loss.record.assumed_fit().is_some());
    let transitions: Vec<(Stage, Stage)> = bare_loss
        .record
        .history()
        .transitions()
        .map(|t| (t.from, t.to))
        .collect();
    assert_eq!(
        transitions,
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Disqualified)
        ]
    );
    let results = vec![Ok(won), Ok(bare_win), Ok(lost), Ok(bare_loss)];
    loads_back(&results);
    let audit = Audit::of(&results).unwrap();
    assert_eq!(audit.close.won_unsupported, 1);
    assert_eq!(audit.close.stated, Rate::new(2, 4));
    assert_eq!(audit.close.actual, Rate::new(1, 2));
}

#[test]
fn the_loader_takes_an_assumed_fit_only_from_the_import_that_made_it() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm
        .import(bare_deal("d5", "appointmentscheduled", false))
        .unwrap();
    assert_eq!(imported.record.stage(), Stage::Prospect);
    let json = serde_json::to_value(&imported.record).unwrap();
    assert_eq!(
        json["assumed_fit"],
        serde_json::json!({
            "mapping": "hubspot-deals-v1",
            "label": "appointmentscheduled",
            "provenance": {
                "recorded_by": "import",
                "recorded_at": "2026-11-25T09:00:00Z",
                "method": "import"
            }
        })
    );
    assert!(json.get("fit").is_none());
    assert_eq!(
        serde_json::from_value::<Record>(json.clone()).unwrap(),
        imported.record
    );
    let refused = |edit: &dyn Fn(&mut Value)| {
        let mut broken = json.clone();
        edit(&mut broken);
        serde_json::from_value::<Record>(broken).unwrap_err().to_string()
    };
    let no_import = "invalid prospect record: assumed_fit was made by no import in the history: \
        the last lead -> prospect transition assumes it, at its recorded_at and by its \
        recorded_by, right after an import by its mapping for its label claiming prospect or \
        beyond, by method import, and the record is not a lead since";
    // Another mapping, another label, another moment, another method: no import made it.
    assert_eq!(
        refused(&|j| j["assumed_fit"]["mapping"] = "mine-v1".into()),
        no_import
    );
    assert_eq!(
        refused(&|j| j["assumed_fit"]["label"] = "closedwon".into()),
        no_import
    );
    assert_eq!(
        refused(&|j| j["assumed_fit"]["provenance"]["recorded_at"] = "2026-11-24T09:00:00Z".into()),
        no_import
    );
    assert_eq!(
        refused(&|j| j["assumed_fit"]["provenance"]["method"] = "call".into()),
        no_import
    );
    // An import that claimed a lead assumes nothing.
    assert_eq!(
        refused(&|j| j["history"][0]["import"]["claimed"] = "lead".into()),
        no_import
    );
    // Blank, it says nothing, and the import is not its own.
    assert_eq!(
        refused(&|j| j["assumed_fit"]["mapping"] = " ".into()),
        format!("{no_import}; fit mapping is blank")
    );
    // Someone else's, or a transition that says it judged a profile: not the import's.
    assert_eq!(
        refused(&|j| j["assumed_fit"]["provenance"]["recorded_by"] = "sdr-1".into()),
        no_import
    );
    assert_eq!(
        refused(&|j| j["history"][1]["why"] = "fit confirmed: score 75, 4 criteria met".into()),
        no_import
    );
    // Beside a profile, it is one fit too many.
    assert_eq!(
        refused(&|j| {
            j["fit"] = serde_json::json!({
                "profile": { "employees": 4000 },
                "provenance": j["assumed_fit"]["provenance"].clone()
            })
        }),
        "invalid prospect record: fit and assumed_fit both given: a record's fit rests on one of them"
    );
    // A record an import qualified on its company cannot trade its profile for an
    // assumption: its transition says it judged the profile.
    let judged = Crm::new(&plain_mapping(), &policy, as_of(), "import")
        .import(deal("d6", "appointmentscheduled", 50_000, "0.2", false))
        .unwrap();
    let mut swapped = serde_json::to_value(&judged.record).unwrap();
    let mut provenance = swapped["fit"]["provenance"].clone();
    provenance["method"] = "import".into();
    swapped.as_object_mut().unwrap().remove("fit");
    swapped["assumed_fit"] = serde_json::json!({
        "mapping": "plain-v1",
        "label": "appointmentscheduled",
        "provenance": provenance,
    });
    assert_eq!(
        serde_json::from_value::<Record>(swapped).unwrap_err().to_string(),
        no_import
    );
    // Without it, the prospect has no fit at all.
    assert_eq!(
        refused(&|j| {
            j.as_object_mut().unwrap().remove("assumed_fit");
        }),
        "invalid prospect record: missing fit evidence"
    );
}

#[test]
fn an_assumed_fit_is_for_deals_only_and_a_recycled_lead_is_judged_again() {
    use qualify::crm::{Assumption, FitSource};
    let policy = Policy::default();
    // Contacts assume nothing; a host may assume fit for contacts the CRM calls
    // opportunities or customers, but a lead-level label is always judged.
    let mut spec = presets::hubspot_contacts().spec().clone();
    assert_eq!(spec.fit, FitSource::Profile);
    spec.fit = FitSource::AssumedAtProspect;
    let mapping = Mapping::new(spec).unwrap();
    assert_eq!(mapping.assumptions(), [Assumption::FitAtProspect]);
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let sql = crm.import(CrmRow::new("c1", "salesqualifiedlead")).unwrap();
    assert_eq!(sql.record.stage(), Stage::Lead);
    // A lead cannot carry one, whatever its history says.
    let mut json = serde_json::to_value(&sql.record).unwrap();
    json["assumed_fit"] = serde_json::json!({
        "mapping": "hubspot-contacts-v1",
        "label": "salesqualifiedlead",
        "provenance": { "recorded_by": "import", "recorded_at": "2026-11-25T09:00:00Z", "method": "import" }
    });
    assert_eq!(
        serde_json::from_value::<Record>(json).unwrap_err().to_string(),
        "invalid lead record: unexpected assumed_fit, which this stage does not carry"
    );
    let opportunity = crm.import(CrmRow::new("c2", "opportunity")).unwrap();
    assert_eq!(opportunity.record.stage(), Stage::Prospect);
    // On the wire, by name; the default is left out.
    let json = serde_json::to_value(mapping.spec()).unwrap();
    assert_eq!(json["fit"], "assumed_at_prospect");
    assert_eq!(
        serde_json::from_value::<MappingSpec>(json).unwrap(),
        *mapping.spec()
    );
    let json = serde_json::to_value(presets::hubspot_contacts().spec()).unwrap();
    assert!(json.get("fit").is_none());
    // Disqualified, the prospect keeps its assumed fit; recycled to a lead, it does not:
    // a lead's fit is judged.
    let Record::Prospect(p) = opportunity.record else {
        panic!("a prospect")
    };
    let d = p
        .disqualify(qualify::Reason::new("no project").unwrap(), as_of(), &"ae".into())
        .unwrap();
    assert!(d.fit().and_then(qualify::FitBasis::assumed).is_some());
    let lead = d
        .recycle(
            qualify::Reason::new("new budget year").unwrap(),
            as_of(),
            &"ae".into(),
        )
        .unwrap();
    assert_eq!(lead.fit(), None);
    assert_eq!(lead.history().len(), 4);

    // A lead the host engaged, which the CRM then moves to a deal stage: the assumption's
    // transition records the tier its signals reach, as qualifying would.
    let Record::Lead(mut lead) = sql.record else {
        panic!("a lead")
    };
    lead.record_signal(qualify::Signal::new(qualify::SignalKind::DemoRequest, as_of()))
        .unwrap();
    let before = sql.row.clone();
    let again = crm
        .reimport(lead.into(), &before, CrmRow::new("c1", "opportunity"))
        .unwrap();
    assert_eq!(again.record.stage(), Stage::Prospect);
    let assumed = again.record.history().transitions().last().unwrap();
    assert_eq!((assumed.from, assumed.to), (Stage::Lead, Stage::Prospect));
    assert_eq!(assumed.tier, Some(Tier::Sql));
}

/// A HubSpot deal in `currency` with fit, need, authority and a decision date, its budget
/// labelled approved and its amount `budget_amount` (absent when `None`).
fn approved_deal(id: &str, currency: Option<&str>, budget_amount: Option<&str>) -> CrmRow {
    let mut row = deal(id, "contractsent", 50_000, "0.95", true);
    row.currency = currency.map(str::to_owned);
    match budget_amount {
        Some(text) => row.fields.insert("qualify_budget_amount".into(), text.into()),
        None => row.fields.remove("qualify_budget_amount"),
    };
    row
}

#[test]
fn an_approved_budget_whose_amount_is_tbd_counts_in_the_rows_currency() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let eur = Currency::new("EUR").unwrap();
    let unknown = qualify::BudgetStatus::ApprovedAmountUnknown { currency: eur };
    let imported = crm.import(approved_deal("b1", Some("EUR"), Some("TBD"))).unwrap();
    assert_eq!(
        imported
            .findings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "field \"qualify_budget_amount\": \"TBD\" is not an amount in the mapping's decimal format \
          (the budget counts as approved, its amount unknown)"
        ]
    );
    assert_eq!(imported.record.budget().map(|b| &b.status), Some(&unknown));
    // The budget counts: with need, a decision maker and a date, an opportunity at the
    // estimate of an approved budget.
    assert_eq!(imported.record.stage(), Stage::Opportunity);
    let known = crm
        .import(approved_deal("b2", Some("EUR"), Some("50000")))
        .unwrap();
    assert_eq!(imported.record.probability(), known.record.probability());
    // Written back, the row is as it came: the approved label, and `TBD` as written.
    assert_eq!(crm.write_back(&imported).unwrap(), imported.row);

    // A blank amount: the same budget, and a finding naming the amount's column.
    for blank in [None, Some(""), Some("  ")] {
        let imported = crm.import(approved_deal("b3", Some("EUR"), blank)).unwrap();
        assert_eq!(imported.record.budget().map(|b| &b.status), Some(&unknown));
        assert_eq!(
            imported.findings,
            [Finding::BudgetWithoutAmount {
                field: "qualify_budget_amount".into(),
            }],
            "{blank:?}"
        );
        assert_eq!(crm.write_back(&imported).unwrap(), imported.row);
    }
    // A currency from the mapping's default, where the row has none.
    let mut spec = mapping.spec().clone();
    spec.currency = Some("USD".into());
    let with_default = Mapping::new(spec).unwrap();
    let crm_usd = Crm::new(&with_default, &policy, as_of(), "import");
    let imported = crm_usd.import(approved_deal("b4", None, Some("TBD"))).unwrap();
    assert_eq!(
        imported.record.budget().map(|b| &b.status),
        Some(&qualify::BudgetStatus::ApprovedAmountUnknown {
            currency: Currency::new("USD").unwrap()
        })
    );
}

#[test]
fn an_approved_budget_with_no_amount_nor_currency_is_not_evidence() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm.import(approved_deal("n1", None, Some("TBD"))).unwrap();
    assert_eq!(imported.record.budget(), None);
    let Record::Prospect(prospect) = &imported.record else {
        panic!("a prospect: {:?}", imported.record.stage());
    };
    assert_eq!(
        prospect.check_promote(&policy, as_of()),
        [qualify::Unmet::Missing {
            evidence: qualify::EvidenceKind::Budget
        }]
    );
    let unreadable = util::unreadable(&imported);
    assert_eq!(
        unreadable,
        [
            "field \"amount\": \"50000\" is not an amount with a currency (the row has none, nor the mapping)",
            "field \"qualify_budget_amount\": \"TBD\" is not an amount in the mapping's decimal format",
            "field \"qualify_budget_status\": \"approved\" is not an approved budget with an amount",
        ]
    );
    // An unreadable currency code is no currency: the amount is not read in another one.
    let imported = crm.import(approved_deal("n2", Some("euro"), None)).unwrap();
    assert_eq!(imported.record.budget(), None);
}

#[test]
fn an_approved_budget_of_zero_stays_approved_and_hollow() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm.import(approved_deal("z1", Some("EUR"), Some("0"))).unwrap();
    let zero = qualify::Money::new(Decimal::ZERO, Currency::new("EUR").unwrap()).unwrap();
    assert_eq!(
        imported.record.budget().map(|b| &b.status),
        Some(&qualify::BudgetStatus::Approved { amount: zero })
    );
    let Record::Prospect(prospect) = &imported.record else {
        panic!("a prospect: {:?}", imported.record.stage());
    };
    assert_eq!(
        prospect.check_promote(&policy, as_of()),
        [qualify::Unmet::Hollow(qualify::Hollow::ZeroAmount {
            field: "status.approved.amount"
        })]
    );
}

#[test]
fn an_approved_budget_read_from_the_amount_slot_names_the_slot_when_blank() {
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.evidence.budget_amount = None;
    let mapping = Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = approved_deal("s1", Some("EUR"), None);
    row.amount = None;
    let imported = crm.import(row).unwrap();
    assert_eq!(
        imported.record.budget().map(|b| &b.status),
        Some(&qualify::BudgetStatus::ApprovedAmountUnknown {
            currency: Currency::new("EUR").unwrap()
        })
    );
    assert_eq!(
        imported.findings,
        [Finding::BudgetWithoutAmount {
            field: "amount".into(),
        }]
    );
    // Nothing to write into the amount: the row goes back as it came.
    assert_eq!(crm.write_back(&imported).unwrap(), imported.row);
}

#[test]
fn write_back_of_a_budget_approved_for_an_unknown_amount_claims_no_figure() {
    let (mapping, policy) = (plain_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let later: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
    for amount in ["TBD", "40000"] {
        // A prospect whose budget the CRM says is sought.
        let mut row = deal("w1", "appointmentscheduled", 30_000, "0.2", false);
        row.fields.insert("qualify_budget_status".into(), "sought".into());
        row.fields.insert("qualify_budget_amount".into(), amount.into());
        let mut imported = crm.import(row.clone()).unwrap();
        let Record::Prospect(mut prospect) = imported.record else {
            panic!("a prospect");
        };
        // The host hears the budget is approved, the amount not said.
        prospect.evidence_mut().budget = Some(qualify::Budget::approved_amount_unknown(
            Currency::new("EUR").unwrap(),
            qualify::Provenance::new("ae-9", later, qualify::Method::Call),
        ));
        imported.record = Record::from(prospect);
        let back = crm.write_back(&imported).unwrap();
        assert_eq!(back.fields["qualify_budget_status"], "approved");
        // `TBD` says nothing and stays; the figure the CRM held for the sought budget is
        // cleared, since beside the approved label it would claim an approval for it.
        let kept = (amount == "TBD").then_some(amount);
        assert_eq!(back.fields.get("qualify_budget_amount").map(String::as_str), kept);
        // Every other field as it came, the deal's amount too (the probability is the
        // crate's to correct, and is not this test's).
        let mut expected = row.fields.clone();
        expected.insert("qualify_budget_status".into(), "approved".into());
        if kept.is_none() {
            expected.remove("qualify_budget_amount");
        }
        assert_eq!(back.fields, expected);
        // Read again, it is what the host recorded: approved, amount unknown.
        let again = crm.import(back.clone()).unwrap();
        assert_eq!(
            again.record.budget().map(|b| &b.status),
            Some(&qualify::BudgetStatus::ApprovedAmountUnknown {
                currency: Currency::new("EUR").unwrap()
            })
        );
        assert_eq!((back.amount, back.currency), (row.amount, row.currency));
    }
    // Where the CRM itself holds the budget approved for a figure, the figure is the CRM's
    // word: a host recording the amount as unknown does not erase it.
    let mut row = deal("w2", "appointmentscheduled", 30_000, "0.2", false);
    row.fields
        .insert("qualify_budget_status".into(), "approved".into());
    row.fields.insert("qualify_budget_amount".into(), "40000".into());
    let mut imported = crm.import(row.clone()).unwrap();
    let Record::Prospect(mut prospect) = imported.record else {
        panic!("a prospect");
    };
    prospect.evidence_mut().budget = Some(qualify::Budget::approved_amount_unknown(
        Currency::new("EUR").unwrap(),
        qualify::Provenance::new("ae-9", later, qualify::Method::Call),
    ));
    imported.record = Record::from(prospect);
    let back = crm.write_back(&imported).unwrap();
    assert_eq!(back.fields["qualify_budget_status"], "approved");
    assert_eq!(back.fields["qualify_budget_amount"], "40000");
}

#[test]
fn no_fit_is_assumed_past_what_is_known_and_an_assumption_scores_nothing() {
    use qualify::crm::FitSource;
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.fit = FitSource::AssumedAtProspect;
    let mapping = Mapping::new(spec).unwrap();
    // The contact's e-mail domain is what is known of a row without a profile: a knockout it
    // hits is a fact, and the row stays a lead, saying so.
    let policy = rival_policy();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("c1", "opportunity");
    row.fields.insert("email".into(), "ada@rival.example".into());
    let rival = crm.import(row).unwrap();
    assert_eq!(rival.record.stage(), Stage::Lead);
    let Some(Finding::Dressed { unmet, .. }) = rival.dressed() else {
        panic!("{:?}", rival.findings)
    };
    assert_eq!(
        unmet.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["knockout \"rival\" hit"]
    );
    // A domain a policy's criterion rewards earns an assumed fit no points: an assumption
    // records no facts, the contact's domain included.
    let mut spec = qualify::PolicySpec::default();
    spec.fit.criteria.push(qualify::CriterionSpec::new(
        "customer domain",
        Field::EmailDomain,
        qualify::Condition::DomainIn(vec!["example.com".into()]),
        90,
    ));
    let policy = Policy::new(spec).unwrap();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("c2", "opportunity");
    row.fields.insert("email".into(), "ada@example.com".into());
    let Record::Prospect(p) = crm.import(row).unwrap().record else {
        panic!("a prospect")
    };
    assert!(p.fit().assumed().is_some());
    assert_eq!(p.assess(&policy, as_of()).fit_score(), 0.into());
}

#[test]
fn the_assumption_repeats_a_padded_label_only_as_far_as_a_message_does() {
    let (mapping, policy) = (presets::hubspot_deals(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    // Labels match ignoring spaces, so a label padded without end still matches.
    let padded = format!("contract{}sent", " ".repeat(100_000));
    let imported = crm.import(bare_deal("d9", &padded, true)).unwrap();
    assert_eq!(imported.record.stage(), Stage::Opportunity);
    let why = &imported.record.history().entries()[1].why;
    assert!(why.starts_with("fit assumed by mapping hubspot-deals-v1: the CRM holds it at \"contract"));
    assert!(why.len() < 200, "{} bytes", why.len());
    util::loads_back(&imported.record, "d9");
}

/// A timeline kept as a picklist of periods: "this quarter", Dynamics 365's
/// `purchasetimeframe`.
mod timeline_period {
    use super::*;
    use proptest::prelude::*;
    use qualify::crm::{Choice, PeriodFrom, TimelinePeriod};

    /// Dynamics 365's `purchasetimeframe` option set, "Immediate" read as this month.
    fn purchasetimeframe() -> Choice<TimelinePeriod> {
        Choice::new(
            "purchasetimeframe",
            [
                ("0", TimelinePeriod::ThisMonth),
                ("1", TimelinePeriod::ThisQuarter),
                ("2", TimelinePeriod::NextQuarter),
                ("3", TimelinePeriod::ThisYear),
                ("4", TimelinePeriod::Unknown),
            ],
        )
    }

    /// The Dynamics 365 opportunities preset, reading the timeline from
    /// `purchasetimeframe` counted from `modifiedon`.
    fn dynamics() -> Mapping {
        let mut spec = presets::dynamics_opportunities().spec().clone();
        spec.currency = Some("USD".into());
        spec.evidence.decide_by = None;
        spec.evidence.timeline_period = Some(purchasetimeframe());
        spec.evidence.period_from = PeriodFrom::Column("modifiedon".into());
        Mapping::new(spec).unwrap()
    }

    /// An open Dynamics opportunity at a late sales stage, with need, an approved budget
    /// and a decision maker and no account fields (the preset assumes fit), as the Web API
    /// returns it.
    fn dynamics_row(mapping: &Mapping, timeframe: &str, modified: &str) -> CrmRow {
        let Object(fields) = serde_json::from_str(&format!(
            r#"{{"opportunityid": "7d3c1e2a-0b4f-4c1e-9a51-2b6f0c1d0042", "name": "Fabrikam: rollout",
                "salesstage": 2, "statecode": 0, "estimatedvalue": 48000.0,
                "createdon": "2026-05-02T10:00:00Z", "customerneed": "invoices keyed twice",
                "budgetstatus": 2, "budgetamount": 50000.0,
                "_parentcontactid_value": "Dana Whitfield", "decisionmaker": true,
                "purchasetimeframe": {timeframe}, "modifiedon": {modified}}}"#
        ))
        .unwrap();
        mapping.row(fields)
    }

    fn decide_by(imported: &Imported) -> Option<String> {
        imported.record.timeline().map(|t| t.decide_by.to_string())
    }

    #[test]
    fn a_dynamics_purchase_timeframe_is_decided_by_the_end_of_its_quarter() {
        let mapping = dynamics();
        let policy = Policy::default();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let row = dynamics_row(&mapping, "1", r#""2026-11-20T10:00:00Z""#);
        assert_eq!(row.fields["purchasetimeframe"], "1"); // the option set's integer, as text
        let imported = crm.import(row.clone()).unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2026-12-31T23:59:59Z"));
        assert!(util::unreadable(&imported).is_empty());
        // Recorded as every other piece of the row is.
        let timeline = imported.record.timeline().unwrap();
        assert_eq!(&timeline.provenance, &imported.record.need().unwrap().provenance);
        loads_back(&[Ok(imported.clone())]);
        // Write-back leaves the period and its date as they are, and writes no decision
        // date the row did not have; re-importing the row changes nothing.
        assert_eq!(imported.record.stage(), Stage::Opportunity);
        let back = crm.write_back(&imported).unwrap();
        assert_eq!(back, row);
        assert_eq!(back.fields["purchasetimeframe"], "1");
        assert_eq!(back.fields["modifiedon"], row.fields["modifiedon"]);
        assert!(!back.fields.contains_key("finaldecisiondate"));
        let later = Crm::new(
            &mapping,
            &policy,
            "2026-12-01T00:00:00Z".parse().unwrap(),
            "import",
        );
        let again = later
            .reimport(imported.record.clone(), &row, back.clone())
            .unwrap();
        assert_eq!(again.record, imported.record);
        // Next quarter, this year, and "Immediate", this month.
        for (option, end) in [
            ("2", "2027-03-31T23:59:59Z"),
            ("3", "2026-12-31T23:59:59Z"),
            ("0", "2026-11-30T23:59:59Z"),
        ] {
            let imported = crm
                .import(dynamics_row(&mapping, option, r#""2026-11-20T10:00:00Z""#))
                .unwrap();
            assert_eq!(decide_by(&imported).as_deref(), Some(end), "{option}");
        }
    }

    #[test]
    fn a_period_counted_from_a_date_long_past_is_a_hollow_timeline() {
        let mapping = dynamics();
        let policy = Policy::default();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        // "This quarter", last set in May: the quarter ended in June.
        let imported = crm
            .import(dynamics_row(&mapping, "1", r#""2026-05-10T08:00:00Z""#))
            .unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2026-06-30T23:59:59Z"));
        let dressed = imported.dressed().expect("dressed").to_string();
        assert!(
            dressed.contains("timeline decision date 2026-06-30T23:59:59Z is not after 2026-11-25T09:00:00Z"),
            "{dressed}"
        );
        assert_eq!(imported.record.stage(), Stage::Prospect); // a timeline is one of discovery's conditions
    }

    #[test]
    fn a_decision_date_the_host_records_is_written_to_the_date_field_never_the_period() {
        // The preset's own decision date field, with the period read where it is blank.
        let mut spec = dynamics().spec().clone();
        spec.evidence.decide_by = Some("finaldecisiondate".into());
        let mapping = Mapping::new(spec).unwrap();
        let policy = Policy::default();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let row = dynamics_row(&mapping, "1", r#""2026-05-10T08:00:00Z""#);
        let mut imported = crm.import(row.clone()).unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2026-06-30T23:59:59Z"));
        let Record::Prospect(mut prospect) = imported.record.clone() else {
            panic!("a prospect");
        };
        // The seller confirms a date with the buyer, in the crate.
        let later: Timestamp = "2026-11-26T09:00:00Z".parse().unwrap();
        prospect.evidence_mut().timeline = Some(qualify::Timeline::new(
            "2027-02-15T00:00:00Z".parse().unwrap(),
            qualify::Provenance::new("ae-9", later, qualify::Method::Call),
        ));
        imported.record = Record::from(prospect);
        let back = crm.write_back(&imported).unwrap();
        assert_eq!(back.fields["finaldecisiondate"], "2027-02-15T00:00:00Z");
        assert_eq!(back.fields["purchasetimeframe"], "1");
        assert_eq!(back.fields["modifiedon"], row.fields["modifiedon"]);
        // Read again, the date wins over the period.
        let again = crm.import(back).unwrap();
        assert_eq!(decide_by(&again).as_deref(), Some("2027-02-15T00:00:00Z"));
    }

    #[test]
    fn an_unknown_period_is_no_timeline_and_an_unlisted_one_is_named() {
        let mapping = dynamics();
        let policy = Policy::default();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let modified = r#""2026-11-20T10:00:00Z""#;
        let unknown = crm.import(dynamics_row(&mapping, "4", modified)).unwrap();
        assert_eq!(decide_by(&unknown), None);
        assert!(util::unreadable(&unknown).is_empty());
        let unlisted = crm.import(dynamics_row(&mapping, "7", modified)).unwrap();
        assert_eq!(decide_by(&unlisted), None);
        assert_eq!(
            util::unreadable(&unlisted),
            ["field \"purchasetimeframe\": \"7\" is not one of the mapping's timeline period labels"]
        );
        // The date it is counted from, blank or unreadable: no timeline, and a finding
        // naming it. It is not counted from the import's moment instead.
        for (modified, value) in [(r#""""#, ""), (r#""last week""#, "last week")] {
            let imported = crm.import(dynamics_row(&mapping, "1", modified)).unwrap();
            assert_eq!(decide_by(&imported), None, "{modified}");
            assert_eq!(
                util::unreadable(&imported),
                [format!(
                    "field \"modifiedon\": \"{value}\" is not a date in the mapping's formats, \
                     to count the timeline period from"
                )]
            );
        }
    }

    /// The HubSpot deals preset, reading the timeline from a text picklist counted from
    /// the import's moment.
    fn hubspot(period_from: PeriodFrom) -> Mapping {
        let mut spec = presets::hubspot_deals().spec().clone();
        spec.evidence.timeline_period = Some(Choice::new(
            "qualify_timeframe",
            [
                ("this_month", TimelinePeriod::ThisMonth),
                ("this_quarter", TimelinePeriod::ThisQuarter),
                ("next_quarter", TimelinePeriod::NextQuarter),
                ("this_year", TimelinePeriod::ThisYear),
                ("next_year", TimelinePeriod::NextYear),
                ("unknown", TimelinePeriod::Unknown),
            ],
        ));
        spec.evidence.period_from = period_from;
        Mapping::new(spec).unwrap()
    }

    fn hubspot_row(fields: &[(&str, &str)]) -> CrmRow {
        let mut row = CrmRow::new("9001", "contractsent");
        row.amount = Some("24000".into());
        row.currency = Some("EUR".into());
        row.close_date = Some("2027-01-15T00:00:00.000Z".into());
        for (k, v) in fields {
            row.fields.insert((*k).to_owned(), (*v).to_owned());
        }
        row
    }

    #[test]
    fn a_hubspot_picklist_is_read_where_no_decision_date_is_given() {
        let policy = Policy::default();
        let mapping = hubspot(PeriodFrom::Column("hs_lastmodifieddate".into()));
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let modified = ("hs_lastmodifieddate", "2026-11-20T16:12:40.112Z");
        // Labels match ignoring case, spaces, `_` and `-`.
        for label in ["this_quarter", "This Quarter", "THIS-QUARTER"] {
            let imported = crm
                .import(hubspot_row(&[("qualify_timeframe", label), modified]))
                .unwrap();
            assert_eq!(
                decide_by(&imported).as_deref(),
                Some("2026-12-31T23:59:59Z"),
                "{label}"
            );
        }
        let next_year = crm
            .import(hubspot_row(&[("qualify_timeframe", "next_year"), modified]))
            .unwrap();
        assert_eq!(decide_by(&next_year).as_deref(), Some("2027-12-31T23:59:59Z"));
        // A decision date that reads wins; a blank one leaves the period to say.
        let both = hubspot_row(&[
            ("qualify_timeframe", "next_year"),
            ("qualify_decide_by", "2027-02-01"),
            modified,
        ]);
        let imported = crm.import(both).unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2027-02-01T00:00:00Z"));
        let blank = hubspot_row(&[
            ("qualify_timeframe", "next_year"),
            ("qualify_decide_by", "  "),
            modified,
        ]);
        let imported = crm.import(blank.clone()).unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2027-12-31T23:59:59Z"));
        // Write-back leaves both fields as they were.
        let back = crm.write_back(&imported).unwrap();
        assert_eq!(back.fields["qualify_timeframe"], "next_year");
        assert_eq!(back.fields["qualify_decide_by"], "  ");
        // A decision date that does not read is a finding, and no timeline: the period is
        // read only where the date is blank.
        let unread = hubspot_row(&[
            ("qualify_timeframe", "next_year"),
            ("qualify_decide_by", "Q1"),
            modified,
        ]);
        assert_eq!(decide_by(&crm.import(unread).unwrap()), None);

        // Counted from the import's moment, by default.
        let mapping = hubspot(PeriodFrom::AsOf);
        let crm = Crm::new(
            &mapping,
            &policy,
            "2027-01-02T00:00:00Z".parse().unwrap(),
            "import",
        );
        let imported = crm
            .import(hubspot_row(&[("qualify_timeframe", "this_quarter"), modified]))
            .unwrap();
        assert_eq!(decide_by(&imported).as_deref(), Some("2027-03-31T23:59:59Z"));
    }

    #[test]
    fn the_close_date_comes_last_and_is_not_written_over_a_period() {
        let policy = Policy::default();
        let mut spec = hubspot(PeriodFrom::AsOf).spec().clone();
        spec.evidence.decide_by = None;
        spec.evidence.close_date_is_timeline = true;
        let mapping = Mapping::new(spec).unwrap();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let period = crm
            .import(hubspot_row(&[("qualify_timeframe", "this_month")]))
            .unwrap();
        assert_eq!(decide_by(&period).as_deref(), Some("2026-11-30T23:59:59Z"));
        // The close date is not written over with the period's end.
        let back = crm.write_back(&period).unwrap();
        assert_eq!(back.close_date.as_deref(), Some("2027-01-15T00:00:00.000Z"));
        assert_eq!(back.fields["qualify_timeframe"], "this_month");
        // No period: the close date.
        let close = crm.import(hubspot_row(&[("qualify_timeframe", " ")])).unwrap();
        assert_eq!(decide_by(&close).as_deref(), Some("2027-01-15T00:00:00Z"));
        // A period the buyer has not named is no timeline, not the close date.
        let unknown = crm
            .import(hubspot_row(&[("qualify_timeframe", "unknown")]))
            .unwrap();
        assert_eq!(decide_by(&unknown), None);
    }

    #[test]
    fn each_period_ends_on_the_last_second_of_its_span_from_either_edge_of_a_quarter() {
        let policy = Policy::default();
        let mapping = hubspot(PeriodFrom::AsOf);
        // The anchor, then the end of this month, this quarter, next quarter, this year
        // and next year.
        let table = [
            (
                "2026-01-01T00:00:00Z",
                [
                    "2026-01-31",
                    "2026-03-31",
                    "2026-06-30",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-03-31T23:59:59Z",
                [
                    "2026-03-31",
                    "2026-03-31",
                    "2026-06-30",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-04-01T00:00:00Z",
                [
                    "2026-04-30",
                    "2026-06-30",
                    "2026-09-30",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-06-30T23:59:59Z",
                [
                    "2026-06-30",
                    "2026-06-30",
                    "2026-09-30",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-07-01T00:00:00Z",
                [
                    "2026-07-31",
                    "2026-09-30",
                    "2026-12-31",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-10-01T00:00:00Z",
                [
                    "2026-10-31",
                    "2026-12-31",
                    "2027-03-31",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2026-12-31T23:59:59Z",
                [
                    "2026-12-31",
                    "2026-12-31",
                    "2027-03-31",
                    "2026-12-31",
                    "2027-12-31",
                ],
            ),
            (
                "2028-02-10T12:00:00Z",
                [
                    "2028-02-29",
                    "2028-03-31",
                    "2028-06-30",
                    "2028-12-31",
                    "2029-12-31",
                ],
            ),
        ];
        let labels = [
            "this_month",
            "this_quarter",
            "next_quarter",
            "this_year",
            "next_year",
        ];
        for (anchor, ends) in table {
            let crm = Crm::new(&mapping, &policy, anchor.parse().unwrap(), "import");
            for (label, end) in labels.iter().zip(ends) {
                let imported = crm.import(hubspot_row(&[("qualify_timeframe", label)])).unwrap();
                let want = format!("{end}T23:59:59Z");
                assert_eq!(decide_by(&imported), Some(want), "{label} from {anchor}");
            }
        }
    }

    #[test]
    fn a_period_past_year_9999_is_no_timeline_and_says_so() {
        let policy = Policy::default();
        let mapping = hubspot(PeriodFrom::AsOf);
        let crm = Crm::new(
            &mapping,
            &policy,
            "9999-11-01T00:00:00Z".parse().unwrap(),
            "import",
        );
        let this_year = crm
            .import(hubspot_row(&[("qualify_timeframe", "this_year")]))
            .unwrap();
        assert_eq!(decide_by(&this_year).as_deref(), Some("9999-12-31T23:59:59Z"));
        for label in ["next_year", "next_quarter"] {
            let imported = crm.import(hubspot_row(&[("qualify_timeframe", label)])).unwrap();
            assert_eq!(decide_by(&imported), None);
            assert_eq!(
                util::unreadable(&imported),
                [format!(
                    "field \"qualify_timeframe\": \"{label}\" is not a period that ends by \
                     9999-12-31, the last day the crate holds"
                )]
            );
        }
        assert_eq!(TimelinePeriod::NextYear.end(Timestamp::MAX), None);
        assert_eq!(TimelinePeriod::ThisYear.end(Timestamp::MAX), Some(Timestamp::MAX));
    }

    #[test]
    fn a_mapping_lists_every_problem_of_a_period_with_its_path() {
        let mut spec = presets::hubspot_deals().spec().clone();
        spec.evidence.timeline_period = Some(Choice::new(
            "qualify_need",
            [
                ("this quarter", TimelinePeriod::ThisQuarter),
                ("next quarter", TimelinePeriod::NextQuarter),
                ("This_Quarter", TimelinePeriod::ThisYear),
                (" ", TimelinePeriod::Unknown),
            ],
        ));
        spec.evidence.period_from = PeriodFrom::Column(" ".into());
        let err = Mapping::new(spec.clone()).unwrap_err();
        let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "evidence.timeline_period.labels[2].label: \"This_Quarter\" is the label of \
                 evidence.timeline_period.labels[0] already (labels match ignoring case, spaces, `_` and `-`)",
                "evidence.timeline_period.labels[3].label: is blank",
                "evidence.period_from.column: is blank",
                "evidence.timeline_period.column: \"qualify_need\" is the column of evidence.need, \
                 which write-back writes",
            ]
        );
        // A date a slot takes, a column too long, and a period with no labels.
        let mut empty = Choice::new("qualify_timeframe", [("x", TimelinePeriod::Unknown)]);
        empty.labels.clear();
        spec.evidence.timeline_period = Some(empty);
        spec.evidence.period_from = PeriodFrom::Column("createdate".into());
        let err = Mapping::new(spec.clone()).unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid mapping: evidence.timeline_period.labels: is empty; \
             evidence.period_from.column: \"createdate\" is the column of columns.created, \
             which the row takes as its own"
        );
        spec.evidence.period_from = PeriodFrom::Column("m".repeat(300));
        let err = Mapping::new(spec).unwrap_err().to_string();
        assert!(
            err.contains("evidence.period_from.column: must be at most 256 bytes long, found 300"),
            "{err}"
        );
        // A period and the date it is counted from may share a column with another part
        // that only reads, as the contact's name and company may.
        let mut spec = presets::hubspot_deals().spec().clone();
        spec.evidence.timeline_period = Some(Choice::new("dealname", [("q", TimelinePeriod::ThisQuarter)]));
        spec.evidence.period_from = PeriodFrom::Column("dealname".into());
        assert!(Mapping::new(spec).is_ok());
    }

    #[test]
    fn a_period_mapping_goes_on_the_wire_by_name_and_is_left_out_when_unused() {
        let deals = presets::hubspot_deals();
        let json = serde_json::to_value(deals.spec()).unwrap();
        assert!(json["evidence"].get("timeline_period").is_none());
        assert!(json["evidence"].get("period_from").is_none());
        let mapping = dynamics();
        let json = serde_json::to_value(mapping.spec()).unwrap();
        assert_eq!(
            json["evidence"]["period_from"],
            serde_json::json!({"column": "modifiedon"})
        );
        assert_eq!(
            json["evidence"]["timeline_period"]["labels"][0],
            serde_json::json!(["0", "this_month"])
        );
        assert_eq!(serde_json::from_value::<Mapping>(json.clone()).unwrap(), mapping);
        let mut as_of = json.clone();
        as_of["evidence"]["period_from"] = serde_json::json!("as_of");
        let read = serde_json::from_value::<Mapping>(as_of).unwrap();
        assert_eq!(read.spec().evidence.period_from, PeriodFrom::AsOf);
        let mut unknown = json;
        unknown["evidence"]["timeline_period"]["labels"][0][1] = serde_json::json!("someday");
        assert!(serde_json::from_value::<Mapping>(unknown).is_err());
    }

    proptest! {
        #[test]
        fn a_period_ends_at_or_after_its_anchor_on_the_last_second_of_a_month(
            seconds in Timestamp::MIN.as_unix_seconds()..=Timestamp::MAX.as_unix_seconds(),
            period in proptest::sample::select(TimelinePeriod::ALL.to_vec()),
        ) {
            let anchor = Timestamp::from_unix_seconds(seconds).unwrap();
            let year = &anchor.to_string()[..4];
            match period.end(anchor) {
                Some(end) => {
                    prop_assert!(end >= anchor, "{period:?} from {anchor}: {end}");
                    prop_assert!(end.to_string().ends_with("T23:59:59Z"));
                    if end != Timestamp::MAX {
                        let next = Timestamp::from_unix_seconds(end.as_unix_seconds() + 1).unwrap();
                        prop_assert!(next.to_string().ends_with("-01T00:00:00Z"), "{period:?} from {anchor}: {end}");
                    }
                    // Within a year and a quarter of the anchor.
                    prop_assert!(end.seconds_since(anchor) < 2 * 366 * 86_400);
                }
                None => prop_assert!(
                    period == TimelinePeriod::Unknown || year == "9999",
                    "{period:?} from {anchor}"
                ),
            }
        }
    }
}

/// A HubSpot contact row with a fit company (2,400 employees, software, Germany), the job
/// title and e-mail given, at `stage`.
fn contact(id: &str, stage: &str, title: &str, email: &str) -> CrmRow {
    let mut row = CrmRow::new(id, stage);
    for (k, v) in [
        ("numemployees", "2400"),
        ("industry", "software"),
        ("country", "DE"),
        ("jobtitle", title),
        ("email", email),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    row
}

/// `mapping` with knockouts disqualifying open rows.
fn disqualifying(mapping: &Mapping) -> Mapping {
    let mut spec = mapping.spec().clone();
    spec.knockouts = OnKnockout::Disqualify;
    Mapping::new(spec).unwrap()
}

fn knockout_finding(imported: &Imported) -> Option<String> {
    imported
        .findings
        .iter()
        .find(|f| matches!(f, Finding::Knockout { .. }))
        .map(ToString::to_string)
}

#[test]
fn a_mapping_that_disqualifies_on_a_knockout_disqualifies_an_open_contact_as_triage_would() {
    let policy = Policy::default();
    let mapping = disqualifying(&presets::hubspot_contacts());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    for stage in ["lead", "salesqualifiedlead", "opportunity"] {
        let row = contact("c1", stage, "Working Student (m/w/d)", "ada@uni.example");
        let imported = crm.import(row.clone()).unwrap();
        let Record::Disqualified(d) = &imported.record else {
            panic!("{stage}: {:?}", imported.record.stage())
        };
        assert_eq!(d.reason().as_str(), "knockout: student or intern title");
        // The history names the policy whose knockout it was, as triage's does.
        let last = imported.record.history().entries().last().unwrap();
        assert_eq!(last.policy.as_deref(), Some(policy.version()));
        assert_eq!(
            knockout_finding(&imported).as_deref(),
            Some(
                format!("knockout \"student or intern title\" hit: the CRM holds it at \"{stage}\"").as_str()
            ),
        );
        let Some(Finding::Dressed {
            claimed,
            typed,
            unmet,
        }) = imported.dressed()
        else {
            panic!("{:?}", imported.findings)
        };
        assert_eq!((claimed.stage().is_open(), *typed), (true, Stage::Disqualified));
        assert!(unmet.contains(&qualify::Unmet::Knockout {
            name: "student or intern title".into()
        }));
        // Write-back says so where the mapping can: HubSpot's contacts have no lifecycle
        // stage for it, and the lead status says unqualified; the stage is the one it
        // left, a lead (at the tier its label claimed).
        let back = crm.write_back(&imported).unwrap();
        assert_eq!(back.status.as_deref(), Some("UNQUALIFIED"), "{stage}");
        let left = if stage == "salesqualifiedlead" {
            "salesqualifiedlead"
        } else {
            "lead"
        };
        assert_eq!(back.stage, left);
        assert_eq!(mapping.fields(&back).len(), mapping.fields(&row).len() + 1);
        loads_back(&[Ok(imported)]);
    }
    // A domain the policy knocks out, read from the contact's address.
    let rival = rival_policy();
    let crm = Crm::new(&mapping, &rival, as_of(), "import");
    let imported = crm
        .import(contact("c2", "lead", "VP Finance", "ada@rival.example"))
        .unwrap();
    assert_eq!(imported.record.reason().unwrap().as_str(), "knockout: rival");
    assert_eq!(
        knockout_finding(&imported).unwrap(),
        "knockout \"rival\" hit: the CRM holds it at \"lead\""
    );
    // Both at once, in the policy's order.
    let mut spec = rival.spec().clone();
    spec.fit.knockouts.rotate_right(1);
    let both = Policy::new(spec).unwrap();
    let crm = Crm::new(&mapping, &both, as_of(), "import");
    let imported = crm
        .import(contact("c3", "lead", "Intern", "ada@rival.example"))
        .unwrap();
    assert_eq!(
        imported.record.reason().unwrap().as_str(),
        "knockout: rival, student or intern title"
    );
    assert_eq!(
        knockout_finding(&imported).unwrap(),
        "knockouts \"rival\", \"student or intern title\" hit: the CRM holds it at \"lead\""
    );
}

#[test]
fn a_knocked_out_record_reimported_stays_disqualified() {
    let policy = Policy::default();
    let mapping = disqualifying(&presets::hubspot_contacts());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = contact("c1", "lead", "Working Student (m/w/d)", "ada@uni.example");
    let first = crm.import(row.clone()).unwrap();
    let later = Crm::new(
        &mapping,
        &policy,
        "2026-12-01T00:00:00Z".parse().unwrap(),
        "import",
    );
    // Unchanged: what the import found, and the same write-back.
    let same = later.reimport(first.record.clone(), &row, row.clone()).unwrap();
    assert_eq!((&same.record, &same.findings), (&first.record, &first.findings));
    assert_eq!(later.write_back(&same).unwrap(), crm.write_back(&first).unwrap());
    // Changed: the record stays closed, above the label the CRM still has.
    let mut changed = row.clone();
    changed.fields.insert("industry".into(), "fintech".into());
    let again = later
        .reimport(first.record.clone(), &row, changed.clone())
        .unwrap();
    assert_eq!(again.record.stage(), Stage::Disqualified);
    assert!(again.findings.contains(&Finding::AboveLabel {
        claimed: Claim::Lead,
        typed: Stage::Disqualified
    }));
    assert_eq!(later.write_back(&again).unwrap().stage, "lead");
}

#[test]
fn by_default_a_knockout_keeps_the_row_where_its_evidence_stops() {
    let (mapping, policy) = (presets::hubspot_contacts(), Policy::default());
    assert_eq!(mapping.spec().knockouts, OnKnockout::Keep);
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = contact("c1", "lead", "Working Student (m/w/d)", "ada@uni.example");
    let kept = crm.import(row.clone()).unwrap();
    assert_eq!(kept.record.stage(), Stage::Lead);
    assert!(kept.findings.is_empty(), "{:?}", kept.findings);
    assert_eq!(crm.write_back(&kept).unwrap(), row);
    let row = contact("c1", "opportunity", "Working Student (m/w/d)", "ada@uni.example");
    let kept = crm.import(row).unwrap();
    assert_eq!(kept.record.stage(), Stage::Lead);
    assert_eq!(
        kept.findings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["labelled opportunity, but the evidence supports lead: knockout \"student or intern title\" hit"]
    );
    // Every preset keeps, and says nothing about it on the wire.
    for preset in presets::all() {
        assert_eq!(preset.spec().knockouts, OnKnockout::Keep, "{}", preset.name());
        let json = serde_json::to_value(preset.spec()).unwrap();
        assert!(json.get("knockouts").is_none());
    }
    // The findings on the wire, tagged as every finding is.
    let knockout = Finding::Knockout {
        names: vec!["student or intern title".into()],
        label: "lead".into(),
    };
    assert_eq!(
        serde_json::to_value(&knockout).unwrap(),
        serde_json::json!({
            "finding": "knockout",
            "names": [{"text": "student or intern title", "len": 23}],
            "label": {"text": "lead", "len": 4},
        })
    );
    let behind = Finding::BehindEvidence {
        claimed: Claim::Lead,
        supported: Stage::Opportunity,
    };
    assert_eq!(
        serde_json::to_value(&behind).unwrap(),
        serde_json::json!({"finding": "behind_evidence", "claimed": "lead", "supported": "opportunity"})
    );
    let json = serde_json::to_value(disqualifying(&mapping).spec()).unwrap();
    assert_eq!(json["knockouts"], "disqualify");
    let back: MappingSpec = serde_json::from_value(json).unwrap();
    assert_eq!(back.knockouts, OnKnockout::Disqualify);
}

#[test]
fn a_closed_row_keeps_the_crms_outcome_and_is_told_of_its_knockout() {
    let policy = Policy::default();
    let preset = presets::hubspot_deals();
    let (keep, disq) = (preset.clone(), disqualifying(&preset));
    let small = |stage: &str| {
        let mut row = bare_deal("d1", stage, true);
        row.fields.insert("company.numberofemployees".into(), "5".into());
        row
    };
    for label in ["closedwon", "closedlost"] {
        let kept = Crm::new(&keep, &policy, as_of(), "import")
            .import(small(label))
            .unwrap();
        let crm = Crm::new(&disq, &policy, as_of(), "import");
        let told = crm.import(small(label)).unwrap();
        // The outcome (and the record) as under `Keep`, and one finding more.
        assert_eq!(told.record, kept.record, "{label}");
        assert_eq!(told.findings[..kept.findings.len()], kept.findings[..], "{label}");
        assert_eq!(
            told.findings[kept.findings.len()..]
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [format!(
                "knockout \"company under 10 employees\" hit: the CRM holds it at {label:?}"
            )]
        );
        // Write-back never reopens the row.
        let back = crm.write_back(&told).unwrap();
        assert_eq!(back.stage, label);
    }
}

#[test]
fn an_open_deal_with_a_knockout_is_written_back_as_the_mapping_closes_it() {
    let policy = Policy::default();
    let mapping = disqualifying(&presets::hubspot_deals());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = bare_deal("d1", "qualifiedtobuy", true);
    row.fields.insert("company.numberofemployees".into(), "5".into());
    let imported = crm.import(row.clone()).unwrap();
    assert_eq!(
        imported.record.reason().unwrap().as_str(),
        "knockout: company under 10 employees"
    );
    // HubSpot's default pipeline has no stage for a disqualified deal: it is written as
    // the pipeline's loss, out of the forecast.
    let back = crm.write_back(&imported).unwrap();
    assert_eq!(back.stage, "closedlost");
    // A pipeline without a closed stage keeps the row's stage by default, and refuses it
    // when the mapping says to.
    let mut spec = mapping.spec().clone();
    spec.stages.retain(|s| s.means.stage().is_open());
    let open_only = Mapping::new(spec.clone()).unwrap();
    let crm = Crm::new(&open_only, &policy, as_of(), "import");
    let imported = crm.import(row.clone()).unwrap();
    assert_eq!(imported.record.stage(), Stage::Disqualified);
    assert_eq!(crm.write_back(&imported).unwrap().stage, "qualifiedtobuy");
    spec.unlabelled = qualify::crm::Unlabelled::Refuse;
    let refusing = Mapping::new(spec).unwrap();
    let crm = Crm::new(&refusing, &policy, as_of(), "import");
    let imported = crm.import(row).unwrap();
    assert!(matches!(
        crm.write_back(&imported),
        Err(qualify::crm::ExportError::NoLabel {
            stage: Stage::Disqualified,
            ..
        })
    ));
}

#[test]
fn a_knockout_on_the_contacts_domain_disqualifies_a_row_no_fit_is_assumed_for() {
    let policy = rival_policy();
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.fit = qualify::crm::FitSource::AssumedAtProspect;
    let assumes = Mapping::new(spec).unwrap();
    let bare = |stage: &str| {
        let mut row = CrmRow::new("c9", stage);
        row.fields.insert("email".into(), "ada@rival.example".into());
        row
    };
    // Under `Keep`, the assumption stops at the knockout and the row stays a lead.
    let crm = Crm::new(&assumes, &policy, as_of(), "import");
    let kept = crm.import(bare("opportunity")).unwrap();
    assert_eq!(kept.record.stage(), Stage::Lead);
    let disq = disqualifying(&assumes);
    let crm = Crm::new(&disq, &policy, as_of(), "import");
    for stage in ["opportunity", "lead"] {
        let imported = crm.import(bare(stage)).unwrap();
        assert_eq!(
            imported.record.reason().unwrap().as_str(),
            "knockout: rival",
            "{stage}"
        );
        assert!(imported.record.assumed_fit().is_none());
        loads_back(&[Ok(imported)]);
    }
}

#[test]
fn a_salesforce_lead_converted_in_the_crm_is_an_open_prospect_and_is_disqualified_too() {
    let policy = Policy::default();
    let mapping = disqualifying(&presets::salesforce_leads());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("00Q1", "Closed - Converted");
    for (k, v) in [
        ("NumberOfEmployees", "2400"),
        ("Industry", "software"),
        ("Country", "DE"),
        ("Title", "Marketing Intern"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let imported = crm.import(row).unwrap();
    // "Closed - Converted" claims a prospect, which is open: the knockout disqualifies it.
    assert_eq!(imported.claim, Claim::Prospect);
    assert_eq!(imported.record.stage(), Stage::Disqualified);
    assert_eq!(
        knockout_finding(&imported).unwrap(),
        "knockout \"student or intern title\" hit: the CRM holds it at \"Closed - Converted\""
    );
    assert_eq!(crm.write_back(&imported).unwrap().stage, "Closed - Not Converted");
}

/// A HubSpot contact row whose company and contact qualify, with its need, an approved
/// budget, the decision maker and a decision date.
fn qualified_contact(id: &str, stage: &str) -> CrmRow {
    let mut row = contact(id, stage, "VP Finance", "ada@northwind.example");
    for (k, v) in BANT {
        row.fields.insert(k.into(), v.into());
    }
    row
}

#[test]
fn a_label_behind_the_evidence_is_a_finding_and_write_back_leaves_it() {
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let mapping = Mapping::new(spec).unwrap();
    for policy in [Policy::default(), staged_policy()] {
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let row = qualified_contact("c1", "lead");
        let imported = crm.import(row.clone()).unwrap();
        // The record stays at its label: the import never moves one above it.
        assert_eq!(imported.record.stage(), Stage::Lead);
        assert_eq!(
            imported.findings,
            [Finding::BehindEvidence {
                claimed: Claim::Lead,
                supported: Stage::Opportunity
            }]
        );
        assert_eq!(
            imported.findings[0].to_string(),
            "labelled lead, but the evidence supports opportunity: the CRM is behind"
        );
        // The finding is for a person: the row is written back as it came.
        assert_eq!(crm.write_back(&imported).unwrap(), row);
        // A lead whose fit qualifies it, with nothing more: a prospect.
        let mut mql = contact(
            "c2",
            "marketingqualifiedlead",
            "VP Finance",
            "ada@northwind.example",
        );
        mql.fields.insert("qualify_need".into(), "month-end close".into());
        let imported = crm.import(mql).unwrap();
        assert_eq!(
            imported.findings,
            [Finding::BehindEvidence {
                claimed: Claim::Mql,
                supported: Stage::Prospect
            }]
        );
        // A row labelled as far as its evidence goes says nothing.
        let imported = crm.import(qualified_contact("c3", "opportunity")).unwrap();
        assert_eq!(imported.record.stage(), Stage::Opportunity);
        assert!(imported.findings.is_empty(), "{:?}", imported.findings);
    }
}

#[test]
fn a_record_held_above_a_reimported_label_is_above_it_not_behind_the_evidence() {
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let (mapping, policy) = (Mapping::new(spec).unwrap(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = qualified_contact("c1", "opportunity");
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Opportunity);
    let mut lead = row.clone();
    lead.stage = "lead".into();
    let again = crm.reimport(first.record.clone(), &row, lead.clone()).unwrap();
    let stage_findings: Vec<&Finding> = again
        .findings
        .iter()
        .filter(|f| !matches!(f, Finding::Changed { .. }))
        .collect();
    assert_eq!(
        stage_findings,
        [&Finding::AboveLabel {
            claimed: Claim::Lead,
            typed: Stage::Prospect
        }]
    );
    // Demoted as far as the crate goes back, a prospect, whose evidence would make it an
    // opportunity again: that is not what the label is behind, the record is above it.
    assert_eq!(again.record.stage(), Stage::Prospect);
    // Unchanged since: still above it, and only that.
    let later = Crm::new(
        &mapping,
        &policy,
        "2026-12-01T00:00:00Z".parse().unwrap(),
        "import",
    );
    let same = later.reimport(again.record.clone(), &lead, lead.clone()).unwrap();
    assert_eq!(
        same.findings,
        [Finding::AboveLabel {
            claimed: Claim::Lead,
            typed: Stage::Prospect
        }]
    );
}

#[test]
fn the_audit_counts_a_knocked_out_row_as_disqualified_and_lists_the_knockout() {
    let policy = Policy::default();
    let mapping = disqualifying(&presets::hubspot_contacts());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let rows = [
        contact("c1", "lead", "Working Student (m/w/d)", "ada@uni.example"),
        contact("c2", "lead", "VP Finance", "bo@northwind.example"),
    ];
    let results: Vec<_> = rows.into_iter().map(|row| crm.import(row)).collect();
    let audit = Audit::of(&results).unwrap();
    let count = |stage| {
        audit
            .stages
            .iter()
            .find(|(s, _)| **s == stage)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    };
    assert_eq!((count(Stage::Lead).claimed, count(Stage::Lead).typed), (2, 1));
    assert_eq!(count(Stage::Disqualified).typed, 1);
    assert_eq!(audit.knocked_out, 1);
    assert_eq!(audit.dressed.len(), 1);
    assert_eq!(audit.dressed[0].typed, Stage::Disqualified);
    let notes: Vec<String> = audit
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.id, n.note))
        .collect();
    assert_eq!(
        notes,
        [
            "c1: knockout \"student or intern title\" hit: the CRM holds it at \"lead\"",
            "c2: labelled lead, but the evidence supports prospect: the CRM is behind",
        ]
    );
    let shown = audit.to_string();
    assert!(
        shown.contains("1 disqualified by a knockout of the policy"),
        "{shown}"
    );
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(serde_json::from_value::<Audit>(json).unwrap(), audit);
}

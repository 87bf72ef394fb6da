//! CRM interop: import, audit and export over fixtures in the shapes of the HubSpot CRM
//! objects API, the Salesforce REST query API, the Dynamics 365 Web API and a CSV export.

use std::fmt::Write as _;

use qualify::crm::{Audit, Crm, CrmRow, ImportError, Imported, Mapping, Object, ProfileColumn, presets};
use qualify::{Field, Policy, RawRecord, Record, Timestamp};
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

fn salesforce_rows(mapping: &Mapping) -> Vec<CrmRow> {
    json("salesforce_opportunities.json")["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| mapping.row(object(r)))
        .collect()
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
    json("dynamics_opportunities.json")["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| mapping.row(object(r)))
        .collect()
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
        let json = serde_json::to_value(&imported.record).unwrap();
        let back: Record = serde_json::from_value(json).unwrap();
        assert_eq!(back, imported.record);
        let raw = RawRecord::from(&imported.record);
        assert_eq!(
            qualify::testkit::check_record(&raw),
            Vec::new(),
            "{}",
            imported.row.id
        );
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

#[test]
fn hubspot_deals_import_audit_and_write_back() {
    let mapping = presets::hubspot_deals();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let results = import_all(&crm, hubspot_rows(&mapping));
    loads_back(&results);
    insta::assert_snapshot!("hubspot_deals", render(&crm, &results));
    let audit = Audit::of(results).unwrap();
    insta::assert_snapshot!("hubspot_deals_audit", audit.to_string());
}

#[test]
fn salesforce_opportunities_import_audit_and_write_back() {
    let mapping = presets::salesforce_opportunities();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let results = import_all(&crm, salesforce_rows(&mapping));
    loads_back(&results);
    insta::assert_snapshot!("salesforce_opportunities", render(&crm, &results));
    let audit = Audit::of(results).unwrap();
    insta::assert_snapshot!("salesforce_opportunities_audit", audit.to_string());
}

#[test]
fn dynamics_opportunities_import_audit_and_write_back() {
    let mapping = dynamics_mapping();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let results = import_all(&crm, dynamics_rows(&mapping));
    loads_back(&results);
    insta::assert_snapshot!("dynamics_opportunities", render(&crm, &results));
    let audit = Audit::of(results).unwrap();
    insta::assert_snapshot!("dynamics_opportunities_audit", audit.to_string());
}

#[test]
fn a_csv_export_import_audit_and_write_back() {
    let mapping = csv_mapping();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let results = import_all(&crm, csv_rows(&mapping));
    loads_back(&results);
    insta::assert_snapshot!("csv_export", render(&crm, &results));
    let audit = Audit::of(results).unwrap();
    insta::assert_snapshot!("csv_export_audit", audit.to_string());
}

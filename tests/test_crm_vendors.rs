//! The shipped presets on responses shaped exactly as each vendor's API documentation
//! gives them, imported with the preset as shipped: HubSpot CRM v3 deals without their
//! associated companies, a Salesforce Data Loader export, and Dynamics 365 Web API
//! opportunities with every annotation the `odata.include-annotations="*"` preference adds.
//! Each row's stage and findings are asserted exactly, as a sales manager reads them.

use qualify::crm::{Assumption, Audit, Crm, CrmRow, Fields, ImportError, Imported, Mapping, Object, presets};
use qualify::{Policy, Timestamp};
use serde_json::Value;

mod util;

fn as_of() -> Timestamp {
    "2026-11-25T09:00:00Z".parse().unwrap()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/crm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn object(value: &Value) -> Fields {
    let Object(fields) = serde_json::from_value(value.clone()).unwrap();
    fields
}

/// Each row as the import reads it: the row's id, what its label claims, the stage its
/// evidence supports, and every finding.
fn lines(results: &[Result<Imported, ImportError>]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(i) => {
                let findings: Vec<String> = i.findings.iter().map(ToString::to_string).collect();
                format!(
                    "{}: {} -> {}{}{}",
                    i.row.id,
                    i.claim,
                    i.record.stage(),
                    if findings.is_empty() { "" } else { ": " },
                    findings.join("; ")
                )
            }
            Err(e) => format!("refused: {e}"),
        })
        .collect()
}

/// Imports every row, checks each record loads back and keeps the kit's invariants, and
/// returns the results.
fn import(mapping: &Mapping, rows: Vec<CrmRow>) -> Vec<Result<Imported, ImportError>> {
    let policy = Policy::default();
    let crm = Crm::new(mapping, &policy, as_of(), "import-bot");
    let results: Vec<_> = rows.into_iter().map(|row| crm.import(row)).collect();
    for imported in results.iter().flatten() {
        util::loads_back(&imported.record, &imported.row.id);
        assert_eq!(imported.assumptions, [Assumption::FitAtProspect]);
        // No company data: every row is typed from its evidence on a stated assumption,
        // never left a lead for want of a profile.
        assert!(
            imported.record.stage() != qualify::Stage::Lead,
            "{}",
            imported.row.id
        );
        assert!(imported.record.assumed_fit().is_some(), "{}", imported.row.id);
        // Every typed record maps back.
        crm.write_back(imported).unwrap();
    }
    results
}

#[test]
fn hubspot_deals_without_their_companies() {
    let mapping = presets::hubspot_deals();
    let page: Value = serde_json::from_str(&fixture("hubspot_deals_no_company.json")).unwrap();
    let rows = page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|deal| mapping.row(object(&deal["properties"])))
        .collect();
    let results = import(&mapping, rows);
    assert_eq!(
        lines(&results),
        [
            "2001: opportunity -> opportunity",
            "2002: opportunity -> opportunity: field \"qualify_budget_amount\": \"TBD\" is not an amount in the mapping's decimal format (the budget counts as approved, its amount unknown); the CRM's probability 0.6 is more than 0.10 from the policy's estimate 0.95",
            "2003: opportunity -> prospect: labelled opportunity, but the evidence supports prospect: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75",
            "2004: opportunity -> prospect: labelled opportunity, but the evidence supports prospect: authority person \"TBD\" is a placeholder; close probability 0.65 is below the opportunity threshold 0.75; the CRM's probability 0.8 is more than 0.10 from the policy's estimate 0.65",
            "2005: prospect -> prospect: the CRM's probability 0.2 is more than 0.10 from the policy's estimate 0.5",
            "2006: won -> won",
            "2007: won -> prospect: labelled won, but the evidence supports prospect: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75",
            "2008: lost -> disqualified: labelled lost, but the evidence supports disqualified: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75",
            "2009: lost -> lost",
        ]
    );
    // HubSpot writes a probability of 0.9 as the double's full expansion: it reads as 0.9.
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.probability.map(|p| p.to_string()).as_deref(), Some("0.9"));
    let audit = Audit::of(&results).unwrap();
    assert_eq!(audit.assumptions, [Assumption::FitAtProspect]);
    insta::assert_snapshot!("hubspot_deals_no_company_audit", audit.to_string());
}

#[test]
fn a_salesforce_data_loader_export() {
    let mapping = presets::salesforce_opportunities();
    let text = fixture("salesforce_opportunities_dataloader.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows = reader
        .deserialize::<Fields>()
        .map(|fields| mapping.row(fields.unwrap()))
        .collect();
    let results = import(&mapping, rows);
    assert_eq!(
        lines(&results),
        [
            "006B0000001: opportunity -> opportunity",
            "006B0000002: opportunity -> prospect: labelled opportunity, but the evidence supports prospect: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75; the CRM's probability 0.75 is more than 0.10 from the policy's estimate 0.5",
            "006B0000003: discovery -> prospect: labelled discovery, but the evidence supports prospect: the policy's staged mode is off; the CRM's probability 0.2 is more than 0.10 from the policy's estimate 0.55",
            "006B0000004: opportunity -> opportunity: field \"Qualify_Budget_Amount__c\": the budget is approved but no amount is recorded; counted as approved, amount unknown; the CRM's probability 0.5 is more than 0.10 from the policy's estimate 0.85",
            "006B0000005: won -> won",
            "006B0000006: lost -> disqualified: labelled lost, but the evidence supports disqualified: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75",
            "006B0000007: prospect -> prospect: the CRM's probability 0.1 is more than 0.10 from the policy's estimate 0.5",
        ]
    );
    insta::assert_snapshot!(
        "salesforce_dataloader_audit",
        Audit::of(&results).unwrap().to_string()
    );
}

#[test]
fn dynamics_opportunities_with_every_annotation() {
    let mapping = presets::dynamics_opportunities();
    let page: Value = serde_json::from_str(&fixture("dynamics_opportunities_annotated.json")).unwrap();
    let rows = page["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| mapping.row(object(o)))
        .collect();
    let results = import(&mapping, rows);
    assert_eq!(
        lines(&results),
        [
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0001: opportunity -> opportunity",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0002: opportunity -> opportunity: field \"budgetamount\": the budget is approved but no amount is recorded; counted as approved, amount unknown; the CRM's probability 0.8 is more than 0.10 from the policy's estimate 0.95",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0003: opportunity -> opportunity",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0004: discovery -> prospect: labelled discovery, but the evidence supports prospect: the policy's staged mode is off; the CRM's probability 0.4 is more than 0.10 from the policy's estimate 0.55",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0005: won -> won",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0006: lost -> disqualified: labelled lost, but the evidence supports disqualified: no need evidence; no budget evidence; no authority evidence; no timeline evidence; close probability 0.5 is below the opportunity threshold 0.75",
            "9e1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0007: prospect -> prospect: the CRM's probability 0.1 is more than 0.10 from the policy's estimate 0.5",
        ]
    );
    // Won for its actual value, in the currency of the expanded lookup.
    let won = results[4].as_ref().unwrap();
    assert_eq!(
        won.record.amount().map(|m| m.to_string()).as_deref(),
        Some("49500 USD")
    );
    insta::assert_snapshot!(
        "dynamics_annotated_audit",
        Audit::of(&results).unwrap().to_string()
    );
}

//! Audit a CRM export: which "opportunities" are prospects in disguise, what the close
//! rate and the forecast really are, and what to write back.
//!
//! Run it with `cargo run --example crm_audit`. It reads a small HubSpot-style deal export
//! (CSV, as the CRM's export writes it, with the `csv` crate) through a mapping stored as
//! JSON, types every row by its evidence under the default policy, and prints the audit a
//! sales manager acts on in the weekly pipeline review.

use std::error::Error;

use qualify::Policy;
use qualify::crm::{Audit, Crm, Fields, ImportError, Imported, Mapping};

/// The export, as the CRM wrote it: European number and date formats, a deal whose close
/// date is free text, a stage the mapping has never seen, and deals labelled far past
/// what anyone recorded about them. Every deal has a close date, as the CRM asks for one;
/// the buyer's decision date is a property the team keeps, filled where a buyer gave one.
const EXPORT: &str = "\
Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Employees,Industry,Country,Need,Budget,Budget amount,Decision maker,Authority,Decision date,Lead source
7001,Blue Yonder: billing,Contract Sent,\"62.000,00\",20.12.2026,01.10.2026,ana@acme.example,3400,software,DE,invoices are keyed in by hand,Approved,\"65.000,00\",CFO Lena Vogt,yes,20.12.2026,Webinar
7002,Proseware: pilot,Decision Maker Bought-In,\"18.500,00\",15.01.2027,12.10.2026,ben@acme.example,1100,saas,DE,,,,,,,Referral
7003,Lucerne: suite,Closed Won,\"41.000,00\",04.11.2026,03.09.2026,ana@acme.example,2700,fintech,SE,reconciliation takes a week,Approved,\"41.000,00\",Head of Finance Ola Berg,yes,04.11.2026,Event
7004,Margie's: upgrade,Qualified To Buy,\"9.900,00\",next quarter,05.11.2026,ben@acme.example,1500,software,DE,TBD,Sought,,,,,Ad
7005,Relecloud: renewal,On Hold,\"25.000,00\",31.01.2027,06.11.2026,ana@acme.example,5000,software,DE,,,,,,,Outbound
7006,Northwind: rollout,Presentation Scheduled,\"33.000,00\",28.02.2027,02.11.2026,cem@acme.example,8800,financial services,GB,close takes 9 days,Approved,\"35.000,00\",n/a,yes,28.02.2027,Webinar
7007,Fabrikam: analytics,Contract Sent,\"27.500,00\",18.12.2026,20.10.2026,cem@acme.example,2300,saas,NL,forecasts built by hand,Approved,\"30.000,00\",VP Sales Ida Lund,yes,18.12.2026,Referral
7008,Tailspin: trial,Closed Lost,\"6.000,00\",05.11.2026,15.09.2026,ben@acme.example,1300,software,FR,,,,,,,Ad
";

/// The mapping, as a host stores it: the CRM's column names, its stage labels with their
/// default probabilities, and how it writes numbers and dates.
const MAPPING: &str = r#"{
  "name": "acme-hubspot-export-v1",
  "columns": { "id": "Record ID", "stage": "Deal Stage", "owner": "Deal owner", "amount": "Amount",
               "close_date": "Close Date", "created": "Create Date" },
  "stages": [
    { "label": "Appointment Scheduled", "means": "prospect", "probability": "0.2" },
    { "label": "Qualified To Buy", "means": "opportunity", "probability": "0.4" },
    { "label": "Presentation Scheduled", "means": "opportunity", "probability": "0.6" },
    { "label": "Decision Maker Bought-In", "means": "opportunity", "probability": "0.8" },
    { "label": "Contract Sent", "means": "opportunity", "probability": "0.9" },
    { "label": "Closed Won", "means": "won", "probability": "1" },
    { "label": "Closed Lost", "means": "lost", "probability": "0" }
  ],
  "evidence": {
    "need": "Need",
    "budget": { "column": "Budget", "labels": [["Approved", "approved"], ["Sought", "sought"], ["None", "none"]] },
    "budget_amount": "Budget amount",
    "authority": "Decision maker",
    "access": { "column": "Authority", "labels": [["yes", "decision_maker"], ["champion", "champion"], ["no", null]] },
    "decide_by": "Decision date",
    "method": "call"
  },
  "profile": [
    { "field": "employees", "column": "Employees" },
    { "field": "industry", "column": "Industry" },
    { "field": "country", "column": "Country" }
  ],
  "name_column": "Deal Name",
  "formats": { "dates": ["day_month_year"], "decimal": "comma" },
  "currency": "EUR",
  "tolerance": "0.15"
}"#;

fn main() -> Result<(), Box<dyn Error>> {
    let mapping: Mapping = serde_json::from_str(MAPPING)?;
    let policy = Policy::default();
    // The review runs on Monday morning; the crate reads no clock, so the moment is given.
    let crm = Crm::new(
        &mapping,
        &policy,
        "2026-11-30T08:00:00Z".parse()?,
        "pipeline-review",
    );

    let mut reader = csv::Reader::from_reader(EXPORT.as_bytes());
    let mut results = Vec::new();
    for line in reader.deserialize::<Fields>() {
        results.push(crm.import(mapping.row(line?)));
    }

    let audit = Audit::of(&results)?;
    println!("{audit}");

    let corrections = corrections(&crm, &results)?;
    println!("write back ({} rows the crate corrects):", corrections.len());
    for (id, changes) in corrections {
        println!("  {id}: {}", changes.join(", "));
    }
    Ok(())
}

/// A row's id, and each field the write-back changes, before and after.
type Correction = (String, Vec<String>);

/// For each imported row the crate corrects, the fields it writes back.
fn corrections(
    crm: &Crm<'_>,
    results: &[Result<Imported, ImportError>],
) -> Result<Vec<Correction>, Box<dyn Error>> {
    let mut out = Vec::new();
    for imported in results.iter().flatten() {
        let back = crm.write_back(imported)?;
        let (before, after) = (crm.mapping().fields(&imported.row), crm.mapping().fields(&back));
        let changes: Vec<String> = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(v))
            .map(|(k, v)| format!("{k} {:?} -> {v:?}", before.get(k).map_or("", String::as_str)))
            .collect();
        if !changes.is_empty() {
            out.push((imported.row.id.clone(), changes));
        }
    }
    Ok(out)
}

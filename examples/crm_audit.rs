//! Audit a CRM's deals: which "opportunities" are prospects in disguise, what the close
//! rate and the forecast really are, and what to write back.
//!
//! Run it with `cargo run --example crm_audit`. It reads a page of deals as HubSpot's CRM
//! objects API returns it (`GET /crm/v3/objects/deals`), through the crate's HubSpot deals
//! preset plus a short mapping of the team's own qualification properties, types every
//! deal by its evidence under the default policy, and prints the audit a sales manager
//! acts on in the weekly pipeline review: what the mapping assumes, the stated and true
//! close rates, the dressed deals with what each lacks, and what to write back.

use std::error::Error;

use qualify::Policy;
use qualify::crm::{Audit, Crm, EvidenceColumns, ImportError, Imported, Mapping, Object, presets};

/// A page of deals, as the API returns it: every property a string or null, no associated
/// company (the host did not fetch one), probabilities as HubSpot writes doubles, and the
/// team's own properties beside HubSpot's. A form writes `[not provided]` where the seller
/// skipped a question.
const DEALS: &str = r#"{
  "results": [
    { "id": "7001", "properties": {
        "hs_object_id": "7001", "dealname": "Blue Yonder: billing", "dealstage": "contractsent",
        "amount": "62000", "deal_currency_code": "EUR", "closedate": "2026-12-20T00:00:00Z",
        "createdate": "2026-10-01T08:00:00.000Z",
        "hs_deal_stage_probability": "0.90000000000000002220446049250313080847263336181640625",
        "pain_level": "critical", "pain_description": "invoices are keyed in by hand",
        "budget_confirmed": "yes_approved", "budget_confirmed_amount": "65000",
        "decision_maker_name": "CFO Lena Vogt", "buying_role": "champion;economic_buyer",
        "decision_date": "2026-12-20" },
      "createdAt": "2026-10-01T08:00:00.000Z", "updatedAt": "2026-11-28T16:12:40.112Z", "archived": false },
    { "id": "7002", "properties": {
        "hs_object_id": "7002", "dealname": "Proseware: pilot", "dealstage": "decisionmakerboughtin",
        "amount": "18500", "deal_currency_code": "EUR", "closedate": "2027-01-15T00:00:00Z",
        "createdate": "2026-10-12T08:00:00.000Z",
        "hs_deal_stage_probability": "0.8000000000000000444089209850062616169452667236328125",
        "pain_level": "nice_to_have", "pain_description": "reports could be prettier",
        "budget_confirmed": null, "budget_confirmed_amount": null,
        "decision_maker_name": null, "buying_role": null, "decision_date": null },
      "createdAt": "2026-10-12T08:00:00.000Z", "updatedAt": "2026-11-20T10:00:00.000Z", "archived": false },
    { "id": "7003", "properties": {
        "hs_object_id": "7003", "dealname": "Lucerne: suite", "dealstage": "closedwon",
        "amount": "41000", "deal_currency_code": "EUR", "closedate": "2026-11-04T00:00:00Z",
        "createdate": "2026-09-03T08:00:00.000Z", "hs_deal_stage_probability": "1",
        "pain_level": "important", "pain_description": "reconciliation takes a week",
        "budget_confirmed": "yes_approved", "budget_confirmed_amount": "41000",
        "decision_maker_name": "Head of Finance Ola Berg", "buying_role": "economic_buyer",
        "decision_date": "2026-11-04" },
      "createdAt": "2026-09-03T08:00:00.000Z", "updatedAt": "2026-11-04T12:00:00.000Z", "archived": false },
    { "id": "7004", "properties": {
        "hs_object_id": "7004", "dealname": "Margie's: upgrade", "dealstage": "qualifiedtobuy",
        "amount": "9900", "deal_currency_code": "EUR", "closedate": "2027-02-26T00:00:00Z",
        "createdate": "2026-11-05T08:00:00.000Z",
        "hs_deal_stage_probability": "0.40000000000000002220446049250313080847263336181640625",
        "pain_level": "critical", "pain_description": "[not provided]",
        "budget_confirmed": "in_process", "budget_confirmed_amount": null,
        "decision_maker_name": "IT lead Cem Aydin", "buying_role": "influencer", "decision_date": null },
      "createdAt": "2026-11-05T08:00:00.000Z", "updatedAt": "2026-11-21T09:00:00.000Z", "archived": false },
    { "id": "7005", "properties": {
        "hs_object_id": "7005", "dealname": "Northwind: rollout", "dealstage": "presentationscheduled",
        "amount": "33000", "deal_currency_code": "EUR", "closedate": "2027-02-28T00:00:00Z",
        "createdate": "2026-11-02T08:00:00.000Z",
        "hs_deal_stage_probability": "0.59999999999999997779553950749686919152736663818359375",
        "pain_level": "critical", "pain_description": "month-end close takes 9 days",
        "budget_confirmed": "yes_approved", "budget_confirmed_amount": "TBD",
        "decision_maker_name": "COO Ida Lund", "buying_role": "economic_buyer",
        "decision_date": "2027-02-28" },
      "createdAt": "2026-11-02T08:00:00.000Z", "updatedAt": "2026-11-27T08:00:00.000Z", "archived": false },
    { "id": "7006", "properties": {
        "hs_object_id": "7006", "dealname": "Tailspin: trial", "dealstage": "closedlost",
        "amount": "6000", "deal_currency_code": "EUR", "closedate": "2026-11-05T00:00:00Z",
        "createdate": "2026-09-15T08:00:00.000Z", "hs_deal_stage_probability": "0",
        "pain_level": null, "pain_description": null, "budget_confirmed": null,
        "budget_confirmed_amount": null, "decision_maker_name": null, "buying_role": null,
        "decision_date": null },
      "createdAt": "2026-09-15T08:00:00.000Z", "updatedAt": "2026-11-05T09:00:00.000Z", "archived": false }
  ],
  "paging": { "next": { "after": "7007", "link": "https://api.hubapi.com/crm/v3/objects/deals?after=7007" } }
}"#;

/// The team's qualification properties, as a host stores them beside the preset: a pain
/// level that says whether the described pain matters, a budget picklist, the decision
/// maker's name and a multi-select of buying roles (strongest first), and a decision date.
const TEAM_EVIDENCE: &str = r#"{
  "need": "pain_description",
  "need_level": { "column": "pain_level",
                  "labels": [["critical", "matters"], ["important", "matters"], ["nice_to_have", "none"]] },
  "budget": { "column": "budget_confirmed",
              "labels": [["yes_approved", "approved"], ["in_process", "sought"], ["no_budget", "none"]] },
  "budget_amount": "budget_confirmed_amount",
  "authority": "decision_maker_name",
  "access": { "column": "buying_role",
              "labels": [["economic_buyer", "decision_maker"], ["champion", "champion"], ["influencer", null]] },
  "decide_by": "decision_date",
  "method": "call"
}"#;

fn main() -> Result<(), Box<dyn Error>> {
    // The shipped preset, with the team's evidence properties and the placeholder its
    // forms write.
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.name = "acme-hubspot-deals-v1".into();
    spec.evidence = serde_json::from_str::<EvidenceColumns>(TEAM_EVIDENCE)?;
    spec.placeholders =
        serde_json::from_str(r#"[{ "column": "pain_description", "values": ["[not provided]"] }]"#)?;
    let mapping = Mapping::new(spec)?;

    let policy = Policy::default();
    // The review runs on Monday morning; the crate reads no clock, so the moment is given.
    let crm = Crm::new(
        &mapping,
        &policy,
        "2026-11-30T08:00:00Z".parse()?,
        "pipeline-review",
    );
    let page: serde_json::Value = serde_json::from_str(DEALS)?;
    let mut results = Vec::new();
    for deal in page["results"].as_array().into_iter().flatten() {
        let Object(fields): Object = serde_json::from_value(deal["properties"].clone())?;
        results.push(crm.import(mapping.row(fields)));
    }

    // The audit's header lists what the mapping assumes; then the stages claimed and
    // supported, the stated and true close rates, the forecast, and each dressed deal with
    // what it lacks.
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

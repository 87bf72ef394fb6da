//! The audit's forecast both ways: discovery deals by their evidence, and a row whose label
//! and evidence are in different currencies kept apart.

mod util;

use qualify::crm::{Audit, Crm, CrmRow, presets};
use qualify::{Currency, Policy, Stage, Total};
use util::*;

fn as_of() -> qualify::Timestamp {
    ts("2026-11-25T09:00:00Z")
}

/// A Salesforce opportunity in USD with the account's profile, a need and an approved
/// budget of 12,000.
fn row(id: &str, stage: &str) -> CrmRow {
    salesforce_row(
        id,
        stage,
        &[
            ("Qualify_Budget_Status__c", "approved"),
            ("Qualify_Budget_Amount__c", "12000"),
        ],
    )
}

#[test]
fn a_discovery_deal_counts_in_the_forecast_by_evidence() {
    let (mapping, policy) = (presets::salesforce_opportunities(), staged_policy());
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let imported = crm.import(row("d1", "Needs Analysis")).unwrap();
    assert_eq!(imported.record.stage(), Stage::Discovery);
    let p = imported.record.probability().unwrap().value();
    let audit = Audit::of([Ok(imported)]).unwrap();
    let usd = audit.forecast.get(&Currency::new("USD").unwrap()).unwrap();
    assert_eq!(usd.by_evidence, Total::product(dec("12000"), p).unwrap());
    assert!(!usd.by_evidence.is_zero());
}

#[test]
fn a_row_whose_label_and_evidence_differ_in_currency_keeps_them_apart() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let mut first = row("o1", "Negotiation/Review");
    first
        .fields
        .insert("Qualify_Authority__c".into(), "VP Sales Dana Ruiz".into());
    first
        .fields
        .insert("Qualify_Access__c".into(), "decision_maker".into());
    first.currency = Some("EUR".into());
    let imported = crm.import(first.clone()).unwrap();
    assert_eq!(imported.record.stage(), Stage::Opportunity);
    // The CRM moves the row to USD; the budget the record holds stays in EUR.
    let mut moved = first.clone();
    moved.currency = Some("USD".into());
    let again = crm.reimport(imported.record, &first, moved).unwrap();
    let audit = Audit::of([Ok(again)]).unwrap();
    let (eur, usd) = (Currency::new("EUR").unwrap(), Currency::new("USD").unwrap());
    // By label: the CRM's 20,000 USD at its stage's 0.9; by evidence: the 12,000 EUR budget
    // at the policy's 0.95. Neither is added into the other's currency.
    let (eur_row, usd_row) = (
        audit.forecast.get(&eur).unwrap(),
        audit.forecast.get(&usd).unwrap(),
    );
    assert_eq!(
        (eur_row.by_label, eur_row.by_evidence),
        (Total::ZERO, total("11400.00"))
    );
    assert_eq!(
        (usd_row.by_label, usd_row.by_evidence),
        (total("18000.0"), Total::ZERO)
    );
}

#[track_caller]
fn total(text: &str) -> Total {
    text.parse().unwrap()
}

#[test]
fn the_audits_lists_are_in_id_order_and_its_table_says_only_what_happened() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    // Two rows dressed as opportunities, imported in reverse id order, and an unknown label.
    let rows = [
        CrmRow::new("006-2", "Negotiation/Review"),
        CrmRow::new("006-1", "Negotiation/Review"),
        CrmRow::new("006-0", "No Such Stage"),
    ];
    let audit = Audit::of(rows.into_iter().map(|row| crm.import(row))).unwrap();
    let ids: Vec<&str> = audit.dressed.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["006-1", "006-2"]);
    let shown = audit.to_string();
    assert!(
        !shown.contains("won by label that the import did not carry"),
        "{shown}"
    );
    assert!(!shown.contains("without a probability"), "{shown}");

    // A row labelled won with no evidence of a deal: counted as won by label only.
    let won = Audit::of([crm.import(CrmRow::new("006-3", "Closed Won"))]).unwrap();
    assert_eq!(won.close.won_unsupported, 1);
    assert!(
        won.to_string()
            .contains("  1 won by label that the import did not carry to a win\n")
    );
}

#[test]
fn write_back_leaves_the_label_of_a_deal_the_host_confirmed_above_it() {
    let (mapping, policy) = (presets::salesforce_opportunities(), staged_policy());
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let mut imported = crm.import(row("o2", "Needs Analysis")).unwrap();
    let qualify::Record::Discovery(mut deal) = imported.record.clone() else {
        panic!("{:?}", imported.record.stage());
    };
    // The host meets the decision maker and confirms the deal in the crate.
    let later = ts("2026-11-26T09:00:00Z");
    deal.record_authority(qualify::Authority {
        person: "VP Sales Dana Ruiz".into(),
        access: qualify::Access::DecisionMaker,
        provenance: qualify::Provenance::new("rep-1", later, qualify::Method::Meeting),
    });
    imported.record = deal.confirm(&policy, later, &"rep-1".into()).unwrap().into();
    // The crate holds it above the CRM's discovery label: the label is the CRM's to move.
    let written = crm.write_back(&imported).unwrap();
    assert_eq!(written.stage, "Needs Analysis");
    assert_eq!(
        written.fields.get("Qualify_Access__c").map(String::as_str),
        Some("decision_maker")
    );
}

#[test]
fn an_audit_built_row_by_row_is_the_audit_of_the_rows_once_finished() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let results = [
        crm.import(CrmRow::new("006-2", "Negotiation/Review")),
        crm.import(CrmRow::new("006-1", "Closed Won")),
        crm.import(CrmRow::new("006-0", "No Such Stage")),
    ];
    let mut audit = Audit::default();
    for result in &results {
        match result {
            Ok(imported) => audit.add(imported).unwrap(),
            Err(err) => audit.refuse(err),
        }
    }
    // Before `finish`, the totals wait for it.
    assert_ne!(audit, Audit::of(&results).unwrap());
    audit.finish();
    assert_eq!(audit, Audit::of(&results).unwrap());
    assert_eq!(
        (audit.rows, audit.refused.len(), audit.close.won_unsupported),
        (2, 1, 1)
    );
}

#[test]
fn a_deal_labelled_without_a_probability_is_counted_unweighted() {
    let mut spec = presets::salesforce_opportunities().spec().clone();
    spec.stages.push(qualify::crm::StageLabel::new(
        "Verbal Yes",
        qualify::crm::Claim::Opportunity,
    ));
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let mut row = CrmRow::new("006-9", "Verbal Yes");
    row.amount = Some("5000".into());
    row.currency = Some("USD".into());
    row.probability = None;
    let audit = Audit::of([crm.import(row)]).unwrap();
    let usd = audit.forecast.get(&Currency::new("USD").unwrap()).unwrap();
    assert_eq!((usd.unweighted, usd.by_label), (1, Total::ZERO));
    assert!(audit.to_string().contains(
        "forecast USD: by label 0, by evidence 0; 0 of it rests on dressed deals (1 deals without a probability)\n"
    ), "{audit}");
}

/// HubSpot contacts under a mapping that disqualifies on a knockout, and two rows: a
/// working student's (knocked out) and a VP's.
fn knockout_audit() -> Audit {
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.knockouts = qualify::crm::OnKnockout::Disqualify;
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, as_of(), "audit");
    let contact = |id: &str, title: &str| {
        let mut row = CrmRow::new(id, "lead");
        for (k, v) in [
            ("numemployees", "2400"),
            ("industry", "software"),
            ("country", "DE"),
            ("jobtitle", title),
        ] {
            row.fields.insert(k.into(), v.into());
        }
        row
    };
    let rows = [
        contact("c1", "Working Student (m/w/d)"),
        contact("c2", "VP Finance"),
    ];
    Audit::of(rows.into_iter().map(|row| crm.import(row))).unwrap()
}

#[test]
fn a_row_disqualified_for_a_knockout_is_counted_said_and_checked_on_reading_back() {
    let audit = knockout_audit();
    assert_eq!(audit.knocked_out, 1);
    let shown = audit.to_string();
    assert!(
        shown.contains("\n  1 disqualified by a knockout of the policy, open in the CRM\n"),
        "{shown}"
    );
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(json["knocked_out"], 1);
    assert_eq!(serde_json::from_value::<Audit>(json.clone()).unwrap(), audit);
    // A count the rows do not add up to is refused, naming the field.
    for wrong in [0, 2] {
        let mut tampered = json.clone();
        tampered["knocked_out"] = wrong.into();
        let err = serde_json::from_value::<Audit>(tampered).unwrap_err().to_string();
        assert!(err.contains("knocked_out"), "{err}");
    }
    // An audit without knockouts says nothing of them, on the wire or in its text.
    let none = Audit::default();
    assert!(serde_json::to_value(&none).unwrap().get("knocked_out").is_none());
    assert!(!none.to_string().contains("knockout"));
}

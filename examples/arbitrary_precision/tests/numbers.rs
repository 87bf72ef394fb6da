//! With serde_json's `arbitrary_precision`, a JSON number reaches the reader as the text it
//! was written as: a CRM object or row keeps every digit, and a policy's numeric figures
//! read as they do without the feature.

use qualify::Policy;
use qualify::crm::{Crm, CrmRow, Object, presets};

#[test]
fn an_objects_numbers_keep_every_digit() {
    let Object(fields) = serde_json::from_str(
        r#"{"Id": "006-9", "StageName": "Negotiation/Review", "CurrencyIsoCode": "USD",
            "Amount": 12345678901234567.89, "Probability": 90.0, "Count": 123456789012345678901234567890,
            "Account": {"AnnualRevenue": 2.5e7, "NumberOfEmployees": 5000}}"#,
    )
    .unwrap();
    // The digits as written, none lost to a float, nested or not.
    assert_eq!(fields["Amount"], "12345678901234567.89");
    assert_eq!(fields["Probability"], "90.0");
    assert_eq!(fields["Count"], "123456789012345678901234567890");
    assert_eq!(fields["Account.AnnualRevenue"], "25000000");
    assert_eq!(fields["Account.NumberOfEmployees"], "5000");
    assert!(!fields.keys().any(|k| k.contains("serde_json")), "{fields:?}");

    let mapping = presets::salesforce_opportunities();
    let policy = Policy::default();
    let crm = Crm::new(
        &mapping,
        &policy,
        "2026-11-25T09:00:00Z".parse().unwrap(),
        "import",
    );
    let imported = crm.import(mapping.row(fields)).unwrap();
    assert_eq!(
        imported.amount.map(|m| m.to_string()).as_deref(),
        Some("12345678901234567.89 USD")
    );
    assert_eq!(
        imported.probability.map(|p| p.to_string()).as_deref(),
        Some("0.9")
    );
}

#[test]
fn a_rows_numbers_keep_every_digit() {
    let row: CrmRow = serde_json::from_str(
        r#"{"id": 42, "stage": "Negotiation/Review", "amount": 98765432109876543.21,
            "probability": 0.90000000000000002220446049250313080847263336181640625,
            "fields": {"Qualify_Budget_Amount__c": 1e2}}"#,
    )
    .unwrap();
    assert_eq!(row.id, "42");
    assert_eq!(row.amount.as_deref(), Some("98765432109876543.21"));
    // The digits a CRM wrote for a float, as written: the import reads them as 0.9.
    assert_eq!(
        row.probability.as_deref(),
        Some("0.90000000000000002220446049250313080847263336181640625")
    );
    assert_eq!(row.fields["Qualify_Budget_Amount__c"], "100");
}

#[test]
fn a_policys_numeric_figures_read_as_without_the_feature() {
    let mut json = serde_json::to_value(Policy::default()).unwrap();
    json["fit"]["criteria"][0]["weight"] = serde_json::json!(30);
    json["fit"]["pass"]["min_score"] = serde_json::json!(60.5);
    let policy: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(policy.spec().fit.criteria[0].weight.to_string(), "30");
    assert_eq!(
        policy.spec().fit.pass.min_score.map(|d| d.to_string()).as_deref(),
        Some("60.5")
    );
}

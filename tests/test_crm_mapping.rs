//! The mapping language on rows shaped as the vendors' APIs return them: need levels that
//! qualify a description, multi-select picklists, placeholders a field holds in place of an
//! answer, and a fixed reason for a closed label, each checked with its path.

use qualify::crm::{
    Choice, Claim, Crm, CrmRow, Fields, Finding, Mapping, MappingSpec, NeedMeaning, Object, Placeholders,
    StageLabel, StatusLabel, presets,
};
use qualify::{Access, Policy, Record, Stage, Timestamp};

mod util;

fn as_of() -> Timestamp {
    "2026-11-25T09:00:00Z".parse().unwrap()
}

fn object(value: serde_json::Value) -> Fields {
    let Object(fields) = serde_json::from_value(value).unwrap();
    fields
}

/// The Dynamics 365 opportunities preset, edited as a team edits it: the organisation's
/// currency, and the need's level option set (`need`: 0 must have, 1 should have, 2 good
/// to have, 3 no need) qualifying its description (`customerneed`).
fn dynamics_with_need_level() -> Mapping {
    let mut spec = presets::dynamics_opportunities().spec().clone();
    spec.currency = Some("USD".into());
    spec.evidence.need_level = Some(Choice::new(
        "need",
        [
            ("0", NeedMeaning::Matters),
            ("1", NeedMeaning::Matters),
            ("2", NeedMeaning::None),
            ("3", NeedMeaning::None),
        ],
    ));
    Mapping::new(spec).unwrap()
}

/// A Dynamics 365 opportunity in the Propose stage with every condition but the need's
/// level, as the Web API returns it with annotations.
fn dynamics_row(mapping: &Mapping, need: Option<i64>) -> CrmRow {
    let mut json = serde_json::json!({
        "@odata.etag": "W/\"6610001\"",
        "opportunityid": "5f0c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0101",
        "name": "Adventure Works: fleet tracking",
        "salesstage": 2,
        "salesstage@OData.Community.Display.V1.FormattedValue": "Propose",
        "statecode": 0,
        "statecode@OData.Community.Display.V1.FormattedValue": "Open",
        "estimatedvalue": 75000.0,
        "closeprobability": 90,
        "createdon": "2026-09-30T07:45:12Z",
        "customerneed": "dispatch runs on paper in 14 depots",
        "budgetstatus": 3,
        "budgetamount": 80000.0,
        "decisionmaker": true,
        "_parentcontactid_value": "c0ffee00-0000-4000-8000-000000000101",
        "_parentcontactid_value@OData.Community.Display.V1.FormattedValue": "Nancy Davolio",
        "finaldecisiondate": "2027-01-15"
    });
    if let Some(level) = need {
        json["need"] = level.into();
        json["need@OData.Community.Display.V1.FormattedValue"] =
            ["Must have", "Should have", "Good to have", "No need"][level as usize].into();
    } else {
        json["need"] = serde_json::Value::Null;
    }
    mapping.row(object(json))
}

#[test]
fn a_need_counts_only_when_its_level_says_it_matters() {
    let (mapping, policy) = (dynamics_with_need_level(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    for (level, stage) in [
        (Some(0), Stage::Opportunity),
        (Some(1), Stage::Opportunity),
        (Some(2), Stage::Prospect),
        (Some(3), Stage::Prospect),
        (None, Stage::Prospect),
    ] {
        let imported = crm.import(dynamics_row(&mapping, level)).unwrap();
        assert_eq!(imported.record.stage(), stage, "{level:?}");
        assert_eq!(
            imported.record.need().is_some(),
            stage == Stage::Opportunity,
            "{level:?}"
        );
        if stage == Stage::Prospect {
            let Some(Finding::Dressed { unmet, .. }) = imported.dressed() else {
                panic!("{:?}", imported.findings)
            };
            assert_eq!(unmet[0].to_string(), "no need evidence");
        }
        util::loads_back(&imported.record, "need");
        // Written back, the need's fields are as they came: the crate corrected no evidence
        // (a dressed row's stage and forecast are its corrections).
        let back = crm.write_back(&imported).unwrap();
        for column in ["need", "customerneed"] {
            assert_eq!(
                back.fields.get(column),
                imported.row.fields.get(column),
                "{level:?}"
            );
        }
    }
    // A level the mapping does not list is named, and there is no need.
    let mut row = dynamics_row(&mapping, Some(0));
    row.fields.insert("need".into(), "7".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(
        util::unreadable(&imported),
        ["field \"need\": \"7\" is not one of the mapping's need level labels"]
    );
    // A host who records the need on a prospect whose level said it did not matter writes
    // the level back as mattering, with the description.
    let imported = crm.import(dynamics_row(&mapping, Some(2))).unwrap();
    let Record::Prospect(mut p) = imported.record.clone() else {
        panic!("a prospect")
    };
    // (An hour after the import: evidence recorded at an import's moment is the import's.)
    let later: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
    p.evidence_mut().need = Some(qualify::Need::new(
        "dispatch runs on paper in 14 depots",
        qualify::Provenance::new("ae-1", later, qualify::Method::Call),
    ));
    let mut moved = imported.clone();
    moved.record = p.into();
    let back = crm.write_back(&moved).unwrap();
    assert_eq!(back.fields["need"], "0");
    // On a prospect (the Qualify stage), a level that already says the need matters
    // ("should have") stays as written when the host rewords the need.
    let at_qualify = |level| {
        let mut row = dynamics_row(&mapping, Some(level));
        row.stage = "0".into();
        let imported = crm.import(row).unwrap();
        let Record::Prospect(p) = imported.record.clone() else {
            panic!("a prospect")
        };
        (imported, p)
    };
    let (mut imported, mut p) = at_qualify(1);
    p.evidence_mut().need = Some(qualify::Need::new(
        "dispatch runs on paper",
        qualify::Provenance::new("ae-1", later, qualify::Method::Call),
    ));
    imported.record = p.into();
    let back = crm.write_back(&imported).unwrap();
    assert_eq!(back.fields["customerneed"], "dispatch runs on paper");
    assert_eq!(back.fields["need"], "1");
    // Read again, the row has the host's need.
    let again = crm.import(back).unwrap();
    assert_eq!(
        again.record.need().map(|n| n.problem.as_str()),
        Some("dispatch runs on paper")
    );
}

#[test]
fn a_need_level_needs_a_description_and_every_label_once() {
    let mut spec = presets::dynamics_opportunities().spec().clone();
    spec.evidence.need = None;
    spec.evidence.need_level = Some(Choice::new(
        "need",
        [("0", NeedMeaning::Matters), ("0", NeedMeaning::None)],
    ));
    let err = Mapping::new(spec).unwrap_err();
    let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "evidence.need_level.labels[1].label: \"0\" is the label of evidence.need_level.labels[0] already \
             (labels match ignoring case, spaces, `_` and `-`)",
            "evidence.need_level: a need level qualifies the description in evidence.need: name both",
        ]
    );
}

/// A Salesforce opportunity as the REST query API returns it, with a multi-select buying
/// role picklist and the team's placeholders.
fn salesforce_row(mapping: &Mapping, role: &str, need: &str, amount: &str) -> CrmRow {
    mapping.row(object(serde_json::json!({
        "attributes": { "type": "Opportunity", "url": "/services/data/v62.0/sobjects/Opportunity/006C0000001" },
        "Id": "006C0000001",
        "Name": "Globex: platform",
        "StageName": "Negotiation/Review",
        "Amount": amount,
        "CurrencyIsoCode": "USD",
        "Probability": 90.0,
        "CloseDate": "2026-12-15",
        "CreatedDate": "2026-08-03T14:20:00.000+0000",
        "Qualify_Need__c": need,
        "Qualify_Budget_Status__c": "approved",
        "Qualify_Budget_Amount__c": 120000.0,
        "Qualify_Authority__c": "CISO Omar Haddad",
        "Buying_Role__c": role,
        "Qualify_Decide_By__c": "2026-12-15"
    })))
}

/// The Salesforce preset with the team's own access field, a multi-select picklist of
/// buying roles (strongest first), and the placeholders its forms write.
fn salesforce_mapping() -> Mapping {
    let mut spec = presets::salesforce_opportunities().spec().clone();
    spec.evidence.access = Some(Choice::new(
        "Buying_Role__c",
        [
            ("Economic Buyer", Some(Access::DecisionMaker)),
            ("Champion", Some(Access::Champion)),
            ("Influencer", None),
        ],
    ));
    spec.placeholders = vec![
        Placeholders::new("Qualify_Need__c", ["[not provided]"]),
        Placeholders::new("Buying_Role__c", ["-- None --"]),
        Placeholders::new("Amount", ["[not provided]"]),
    ];
    Mapping::new(spec).unwrap()
}

#[test]
fn a_multi_select_picklist_means_its_strongest_pick() {
    let (mapping, policy) = (salesforce_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let need = "audit findings on access reviews";
    for (role, access) in [
        ("Champion;Economic Buyer", Some(Access::DecisionMaker)),
        ("Influencer;Champion", Some(Access::Champion)),
        ("Champion", Some(Access::Champion)),
        ("Influencer", None),
    ] {
        let imported = crm
            .import(salesforce_row(&mapping, role, need, "120000.0"))
            .unwrap();
        assert_eq!(imported.record.authority().map(|a| a.access), access, "{role}");
        assert_eq!(util::unreadable(&imported), Vec::<String>::new(), "{role}");
    }
    // One pick the mapping does not list makes the whole value unreadable.
    let imported = crm
        .import(salesforce_row(&mapping, "Champion;Gatekeeper", need, "120000.0"))
        .unwrap();
    assert_eq!(imported.record.authority(), None);
    assert_eq!(
        util::unreadable(&imported),
        ["field \"Buying_Role__c\": \"Champion;Gatekeeper\" is not one of the mapping's access labels"]
    );
}

#[test]
fn a_fields_placeholder_reads_as_blank_and_is_written_back_as_it_was() {
    let (mapping, policy) = (salesforce_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let imported = crm
        .import(salesforce_row(
            &mapping,
            " -- none -- ",
            "[Not Provided]",
            "[not provided]",
        ))
        .unwrap();
    // No need, no authority, no amount: not hollow evidence, no evidence, and no finding
    // about an unreadable amount.
    assert_eq!(imported.record.need(), None);
    assert_eq!(imported.record.authority(), None);
    assert_eq!(imported.amount, None);
    assert_eq!(util::unreadable(&imported), Vec::<String>::new());
    let Some(Finding::Dressed { unmet, .. }) = imported.dressed() else {
        panic!("{:?}", imported.findings)
    };
    let unmet: Vec<String> = unmet.iter().map(ToString::to_string).collect();
    assert_eq!(unmet[..2], ["no need evidence", "no authority evidence"]);
    // Write-back leaves each placeholder as the CRM wrote it.
    let back = crm.write_back(&imported).unwrap();
    for column in ["Qualify_Need__c", "Buying_Role__c"] {
        assert_eq!(back.fields[column], imported.row.fields[column], "{column}");
    }
    assert_eq!(back.amount, imported.row.amount);
    // The same text in a field without placeholders is read as written: a need of
    // "[not provided]" is a need, recorded as written.
    let mut spec = mapping.spec().clone();
    spec.placeholders.clear();
    let plain = Mapping::new(spec).unwrap();
    let crm = Crm::new(&plain, &policy, as_of(), "import");
    let imported = crm
        .import(salesforce_row(
            &plain,
            "Economic Buyer",
            "[not provided]",
            "120000.0",
        ))
        .unwrap();
    assert_eq!(
        imported.record.need().map(|n| n.problem.as_str()),
        Some("[not provided]")
    );
}

#[test]
fn placeholders_are_checked_with_their_paths() {
    let mut spec = presets::salesforce_opportunities().spec().clone();
    spec.placeholders = vec![
        Placeholders::new("Qualify_Need__c", ["[not provided]", " "]),
        Placeholders::new(" ", Vec::<String>::new()),
        Placeholders::new("Qualify_Need__c", ["n/a"]),
    ];
    let err = Mapping::new(spec).unwrap_err();
    let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "placeholders[0].values[1]: is blank",
            "placeholders[1].column: is blank",
            "placeholders[2].column: \"Qualify_Need__c\" has its placeholders in placeholders[0] already",
        ]
    );
    // On the wire, as the host writes them; left out when there are none.
    let mapping = salesforce_mapping();
    let json = serde_json::to_value(mapping.spec()).unwrap();
    assert_eq!(
        json["placeholders"][0],
        serde_json::json!({ "column": "Qualify_Need__c", "values": ["[not provided]"] })
    );
    assert_eq!(
        serde_json::from_value::<MappingSpec>(json).unwrap(),
        *mapping.spec()
    );
    let json = serde_json::to_value(presets::salesforce_opportunities().spec()).unwrap();
    assert!(json.get("placeholders").is_none());
}

#[test]
fn a_closed_label_gives_its_fixed_reason_when_the_row_has_none() {
    let policy = Policy::default();
    // HubSpot keeps a closed-lost reason only where the portal asks for one.
    let mut spec = presets::hubspot_deals().spec().clone();
    for stage in &mut spec.stages {
        if stage.means == Claim::Lost {
            *stage = StageLabel::new(stage.label.clone(), Claim::Lost).with_reason("closed lost in HubSpot");
        }
    }
    let mapping = Mapping::new(spec).unwrap();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("d1", "closedlost");
    row.close_date = Some("2026-11-05T00:00:00Z".into());
    let Record::Disqualified(d) = crm.import(row.clone()).unwrap().record else {
        panic!("disqualified")
    };
    assert_eq!(d.reason().to_string(), "closed lost in HubSpot");
    // The row's own reason wins.
    row.fields
        .insert("closed_lost_reason".into(), "went with a spreadsheet".into());
    let Record::Disqualified(d) = crm.import(row).unwrap().record else {
        panic!("disqualified")
    };
    assert_eq!(d.reason().to_string(), "went with a spreadsheet");
    // A Dynamics 365 status that closes a row as lost, with the reason it stands for.
    let mut spec = presets::dynamics_opportunities().spec().clone();
    spec.currency = Some("USD".into());
    spec.statuses = vec![
        StatusLabel::new("0", None).open_as(Claim::Opportunity),
        StatusLabel::new("1", Some(Claim::Won)),
        StatusLabel::new("2", Some(Claim::Lost)).with_reason("lost in Dynamics 365"),
    ];
    let mapping = Mapping::new(spec).unwrap();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = CrmRow::new("5f0c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0102", "3");
    row.status = Some("2".into());
    row.close_date = Some("2026-11-12".into());
    let Record::Disqualified(d) = crm.import(row).unwrap().record else {
        panic!("disqualified")
    };
    assert_eq!(d.reason().to_string(), "lost in Dynamics 365");
    // Only a closing label has one, and it must be a reason the crate can keep.
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.stages[0] = StageLabel::new("appointmentscheduled", Claim::Prospect).with_reason("TBD");
    let err = Mapping::new(spec).unwrap_err();
    let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        problems[0],
        "stages[0].reason: only a label meaning lost or disqualified has a reason"
    );
    assert!(problems[1].starts_with("stages[0].reason: "), "{problems:?}");
}

#[test]
fn a_budget_being_sought_needs_no_amount_and_authority_reads_a_role_beside_a_name() {
    let (mapping, policy) = (salesforce_mapping(), Policy::default());
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let mut row = salesforce_row(
        &mapping,
        "Champion",
        "audit findings on access reviews",
        "120000.0",
    );
    row.fields
        .insert("Qualify_Budget_Status__c".into(), "sought".into());
    row.fields.remove("Qualify_Budget_Amount__c");
    let imported = crm.import(row).unwrap();
    assert_eq!(
        imported.record.budget().map(|b| &b.status),
        Some(&qualify::BudgetStatus::Sought { amount: None })
    );
    assert_eq!(util::unreadable(&imported), Vec::<String>::new());
    // The person is read from one field, the way they decide from the role picklist.
    let authority = imported.record.authority().unwrap();
    assert_eq!(
        (authority.person.as_str(), authority.access),
        ("CISO Omar Haddad", Access::Champion)
    );
    // A role with no person is no authority: nobody to name.
    let mut row = salesforce_row(
        &mapping,
        "Economic Buyer",
        "audit findings on access reviews",
        "120000.0",
    );
    row.fields.remove("Qualify_Authority__c");
    assert_eq!(crm.import(row).unwrap().record.authority(), None);
}

#[test]
fn a_leads_source_is_read_from_the_crms_lead_source() {
    use qualify::Source;
    let policy = Policy::default();
    // Salesforce leads, as the REST query API returns them.
    let mapping = presets::salesforce_leads();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let lead = |source: serde_json::Value| {
        let row = mapping.row(object(serde_json::json!({
            "attributes": { "type": "Lead", "url": "/services/data/v62.0/sobjects/Lead/00QA0000001" },
            "Id": "00QA0000001",
            "Status": "Open - Not Contacted",
            "Name": "Ada Park",
            "Email": "ada@northwind.example",
            "Company": "Northwind",
            "LeadSource": source,
            "CreatedDate": "2026-11-20T10:00:00.000+0000"
        })));
        crm.import(row).unwrap().record.source().clone()
    };
    assert_eq!(lead("Web".into()), Source::Form);
    assert_eq!(lead("Purchased List".into()), Source::Import);
    assert_eq!(
        lead("Phone Inquiry".into()),
        Source::Other("Phone Inquiry".into())
    );
    assert_eq!(lead(serde_json::Value::Null), Source::Import);
    // Dynamics 365 leads: the option set's integer.
    let mapping = presets::dynamics_leads();
    let crm = Crm::new(&mapping, &policy, as_of(), "import");
    let row = mapping.row(object(serde_json::json!({
        "leadid": "3f1c2d3f-0a1b-4c2d-8e3f-5a6b7c8d0001",
        "statuscode": 1,
        "statuscode@OData.Community.Display.V1.FormattedValue": "New",
        "fullname": "Ada Park",
        "leadsourcecode": 8,
        "leadsourcecode@OData.Community.Display.V1.FormattedValue": "Web",
        "createdon": "2026-11-20T10:00:00Z"
    })));
    assert_eq!(crm.import(row).unwrap().record.source(), &Source::Form);
}

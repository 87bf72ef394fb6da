//! Import findings (issue 18, item 4): a duplicate id, an edited stage-history entry, the
//! CRM's column in a `Changed` finding, blank values through `Mapping::row` and `fields`,
//! dates that contradict each other, rows at `Decimal::MAX`, and two Arrow columns with
//! one name.
#![cfg(feature = "serde")]

mod util;

use qualify::crm::{Audit, Crm, CrmRow, Finding, ImportError, Imported, StageChange, presets};
use qualify::{Currency, Decimal, Policy, Stage, Total};
use util::ts;

const AS_OF: &str = "2026-11-25T09:00:00Z";

/// A Salesforce opportunity in USD with the account's profile and all four conditions.
fn deal(id: &str, stage: &str, amount: &str) -> CrmRow {
    let mut row = util::salesforce_row(
        id,
        stage,
        &[
            ("Qualify_Budget_Status__c", "approved"),
            ("Qualify_Budget_Amount__c", amount),
            ("Qualify_Authority__c", "VP Sales Dana Ruiz"),
            ("Qualify_Access__c", "decision_maker"),
        ],
    );
    row.amount = Some(amount.into());
    row.probability = Some("90".into());
    row.close_date = Some("2026-11-20".into());
    row.created = Some("2026-08-03".into());
    row
}

fn import_all(crm: &Crm<'_>, rows: &[CrmRow]) -> Vec<Result<Imported, ImportError>> {
    rows.iter().cloned().map(|row| crm.import(row)).collect()
}

fn changed(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| matches!(f, Finding::Changed { .. }))
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_duplicate_id_counts_once_and_is_a_finding() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "audit");
    // One deal exported twice: won once, and lost in the copy whose stage changed last.
    let mut won = deal("006-1", "Closed Won", "20000");
    won.stage_history = vec![StageChange::new("Closed Won", "2026-11-01")];
    let mut lost = deal("006-1", "Closed Lost", "20000");
    lost.stage_history = vec![StageChange::new("Closed Lost", "2026-11-20")];
    let other = deal("006-2", "Closed Won", "5000");
    let rows = [won, lost, other];
    let results = import_all(&crm, &rows);
    let audit = Audit::of(&results).unwrap();
    assert_eq!(audit.rows, 2, "{audit}");
    assert_eq!(audit.close.stated.to_string(), "1/2 (50.0 %)", "{audit}");
    assert_eq!(audit.close.actual.to_string(), "1/2 (50.0 %)", "{audit}");
    let notes: Vec<String> = audit
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.id, n.note))
        .collect();
    assert_eq!(
        notes,
        ["006-1: 2 rows have this id: the audit counts only the one labelled \"Closed Lost\""],
    );
    // The same in any order, and in parts merged in any order.
    for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
        let shuffled: Vec<_> = order.iter().map(|&i| results[i].clone()).collect();
        assert_eq!(Audit::of(&shuffled).unwrap(), audit);
        for cut in 0..=3 {
            let (a, b) = shuffled.split_at(cut);
            let merged = Audit::of(a).unwrap().merge(Audit::of(b).unwrap()).unwrap();
            assert_eq!(merged, audit, "order {order:?}, cut {cut}");
        }
    }
    // Read back, it still knows the ids it counted: merging it with the row again counts
    // the row once.
    let json = serde_json::to_value(&audit).unwrap();
    let back: Audit = serde_json::from_value(json).unwrap();
    assert_eq!(back, audit);
    let again = back.merge(Audit::of(&results[..1]).unwrap()).unwrap();
    assert_eq!(again.rows, 2);
    assert!(again.notes[0].note.starts_with("3 rows have this id"), "{again}");
}

#[test]
fn an_edited_stage_history_entry_is_a_changed_finding() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let mut before = deal("006-1", "Negotiation/Review", "20000");
    before.close_date = Some("2027-01-31".into());
    before.stage_history = vec![
        StageChange::new("Prospecting", "2026-08-03"),
        StageChange::new("Negotiation/Review", "2026-10-01"),
    ];
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after.stage_history[1] = StageChange::new("Proposal/Price Quote", "2026-10-01");
    let again = crm.reimport(first.record, &before, after).unwrap();
    assert_eq!(
        changed(&again.findings),
        [
            "field \"stage_history[1]\" changed from \"Negotiation/Review at 2026-10-01\" to \
             \"Proposal/Price Quote at 2026-10-01\""
        ],
    );
}

#[test]
fn a_changed_finding_names_the_crms_column_as_unreadable_does() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let mut before = deal("006-1", "Negotiation/Review", "20000");
    before.close_date = Some("2027-01-31".into());
    let first = crm.import(before.clone()).unwrap();
    let mut after = before.clone();
    after.amount = Some("12,5k".into());
    after.close_date = Some("2027-02-28".into());
    let again = crm.reimport(first.record, &before, after).unwrap();
    let texts: Vec<String> = again.findings.iter().map(ToString::to_string).collect();
    assert!(
        texts.contains(
            &"field \"Amount\": \"12,5k\" is not an amount in the mapping's decimal format".to_owned()
        ),
        "{texts:?}"
    );
    assert_eq!(
        changed(&again.findings),
        [
            "field \"Amount\" changed from \"20000\" to \"12,5k\"",
            "field \"CloseDate\" changed from \"2027-01-31\" to \"2027-02-28\"",
        ],
    );
}

#[test]
fn blank_values_survive_row_then_fields_and_read_as_absent() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    // A deal with its evidence, its slots blank.
    let mut fields = mapping.fields(&deal("006-1", "Negotiation/Review", "20000"));
    for (k, v) in [
        ("Amount", ""),
        ("CloseDate", "  "),
        ("Probability", " "),
        ("CreatedDate", ""),
        ("OwnerId", ""),
        ("Description", ""),
    ] {
        fields.insert(k.into(), v.into());
    }
    let row = mapping.row(fields.clone());
    assert_eq!(mapping.fields(&row), fields);
    // A blank value reads as no value: nothing to find about it.
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let imported = crm.import(row).unwrap();
    let unreadable = util::unreadable(&imported);
    assert_eq!(unreadable, Vec::<String>::new());
    // And the write-back leaves the blank fields as they came.
    let back = crm.write_back(&imported).unwrap();
    let written = mapping.fields(&back);
    for k in [
        "Amount",
        "CloseDate",
        "Probability",
        "CreatedDate",
        "OwnerId",
        "Description",
    ] {
        assert_eq!(written.get(k), fields.get(k), "{k}");
    }
}

fn finding_texts(imported: &Imported) -> Vec<String> {
    imported.findings.iter().map(ToString::to_string).collect()
}

#[test]
fn dates_that_contradict_each_other_are_findings() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    // Won on 2026-11-20, created on 2026-11-22: the record is captured before it closes.
    let mut row = deal("006-1", "Closed Won", "20000");
    row.created = Some("2026-11-22".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.record.stage(), Stage::Won);
    assert!(imported.record.captured_at() < ts("2026-11-20T00:00:00Z"));
    assert_eq!(
        finding_texts(&imported),
        ["field \"CreatedDate\" (\"2026-11-22\") is after field \"CloseDate\" (\"2026-11-20\")"],
    );
    // Created after the import's moment: captured at it.
    let mut row = deal("006-2", "Negotiation/Review", "20000");
    row.close_date = Some("2027-01-31".into());
    row.created = Some("2026-12-01".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.record.captured_at(), ts(AS_OF));
    assert!(
        finding_texts(&imported).contains(
            &"field \"CreatedDate\" (\"2026-12-01\") is after the import's moment, 2026-11-25T09:00:00Z"
                .into()
        ),
        "{:?}",
        imported.findings
    );
    // A stage history running backwards.
    let mut row = deal("006-3", "Negotiation/Review", "20000");
    row.close_date = Some("2027-01-31".into());
    row.stage_history = vec![
        StageChange::new("Prospecting", "2026-08-03"),
        StageChange::new("Needs Analysis", "2026-10-01"),
        StageChange::new("Negotiation/Review", "2026-09-15"),
    ];
    let imported = crm.import(row).unwrap();
    assert_eq!(
        finding_texts(&imported),
        [
            "field \"stage_history[1].at\" (\"2026-10-01\") is after field \"stage_history[2].at\" (\"2026-09-15\")"
        ],
    );
}

#[test]
fn rows_at_the_largest_decimal_audit_exactly_and_are_named() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "audit");
    let max = Decimal::MAX.to_string();
    let open = |id: &str, authority: bool| {
        let mut row = deal(id, "Negotiation/Review", &max);
        row.close_date = Some("2027-01-31".into());
        if !authority {
            row.fields.remove("Qualify_Authority__c");
        }
        row
    };
    let rows = [
        open("006-max-1", true),
        open("006-max-2", false),
        open("006-max-3", false),
        deal("006-max-4", "Closed Won", &max),
        deal("006-max-5", "Closed Won", &max),
    ];
    let results = import_all(&crm, &rows);
    for result in &results {
        let imported = result.as_ref().unwrap();
        // Every import, write-back, export and re-import goes through.
        crm.write_back(imported).unwrap();
        crm.export(&imported.record).unwrap();
        let row = &imported.row;
        crm.reimport(imported.record.clone(), row, row.clone()).unwrap();
    }
    let audit = Audit::of(&results).unwrap();
    let usd = audit.forecast.get(&Currency::new("USD").unwrap()).unwrap();
    let term = Total::product(Decimal::MAX, Decimal::new(9, 1)).unwrap();
    let sum = |n: usize| (0..n).try_fold(Total::ZERO, |t, _| t.checked_add(term)).unwrap();
    assert_eq!(usd.by_label, sum(3));
    assert_eq!(usd.dressed, sum(2));
    assert_eq!(audit.close.actual.num, 2);
    // Both dressed rows are named, in the list and as shown.
    let dressed: Vec<&str> = audit.dressed.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dressed, ["006-max-2", "006-max-3"]);
    let shown = audit.to_string();
    assert!(
        shown.contains("006-max-2 \"Negotiation/Review\"")
            && shown.contains("006-max-3 \"Negotiation/Review\""),
        "{shown}"
    );
    // Merged with itself, every record still counts once, and the sums stay exact.
    let twice = audit.clone().merge(audit.clone()).unwrap();
    assert_eq!(twice.forecast, audit.forecast);
    assert_eq!(twice.notes.len(), 5, "{twice}");
}

#[test]
fn an_audit_read_back_agrees_with_the_rows_it_counted() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "audit");
    let rows = [
        deal("006-1", "Closed Won", "20000"),
        CrmRow::new("006-2", "Negotiation/Review"),
    ];
    let audit = Audit::of(import_all(&crm, &rows)).unwrap();
    let json = serde_json::to_value(&audit).unwrap();
    let refused = |json: serde_json::Value| serde_json::from_value::<Audit>(json).unwrap_err().to_string();
    // A list, or a total, that is not what the rows counted add up to.
    let mut edited = json.clone();
    edited["dressed"] = serde_json::json!([]);
    edited["close"]["stated"]["num"] = serde_json::json!(0);
    assert_eq!(
        refused(edited),
        "audit refused: close: is not what the rows counted add up to; dressed: is not what the rows \
         counted add up to"
    );
    // A counted row that counts no row, or weighs more than a row can.
    let mut edited = json.clone();
    edited["counted"][0][1]["rows"] = serde_json::json!(0);
    edited["counted"][1][1]["by_evidence"] = serde_json::json!(["USD", format!("{}0", Decimal::MAX)]);
    assert_eq!(
        refused(edited),
        "audit refused: counted[\"006-1\"]: counts no row; counted[\"006-2\"]: a forecast term of \
         792281625142643375935439503350 is more than an amount times a probability; forecast: is not \
         what the rows counted add up to"
    );
    // Ids out of order, or twice.
    let mut edited = json;
    let first = edited["counted"][0].clone();
    edited["counted"][1] = first;
    assert_eq!(
        refused(edited),
        "counted: id \"006-1\" is not after the id before it: ids are listed in order, each once"
    );
}

#[cfg(feature = "proptest")]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use qualify::crm::{Fields, Mapping};
    use qualify::testkit::strategy::{crm_mappings, crm_rows};

    /// Fields a CRM object may hold for `mapping`: the id and stage columns, each slot
    /// column or not, any values (blank ones among them), and other fields.
    fn objects(mapping: &Mapping) -> impl Strategy<Value = Fields> + use<> {
        let c = mapping.spec().columns.clone();
        let columns: Vec<String> = [
            c.status,
            c.owner,
            c.amount,
            c.currency,
            c.close_date,
            c.probability,
            c.created,
        ]
        .into_iter()
        .flatten()
        .collect();
        let value = prop_oneof![Just(String::new()), Just("  ".to_owned()), "[ a-z0-9.,-]{0,8}"];
        (
            value.clone(),
            value.clone(),
            proptest::collection::vec(proptest::option::of(value.clone()), columns.len()),
            proptest::collection::btree_map("[a-z_]{1,6}", value, 0..4),
        )
            .prop_map(move |(id, stage, slots, others)| {
                let mut fields: Fields = others;
                for (column, v) in columns.iter().zip(slots) {
                    match v {
                        Some(v) => fields.insert(column.clone(), v),
                        None => fields.remove(column),
                    };
                }
                fields.insert(c.id.clone(), id);
                fields.insert(c.stage.clone(), stage);
                fields
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn row_then_fields_is_the_identity(
            (mapping, fields) in crm_mappings().prop_flat_map(|m| {
                let objects = objects(&m);
                (Just(m), objects)
            }),
        ) {
            let row = mapping.row(fields.clone());
            prop_assert_eq!(mapping.fields(&row), fields);
        }

        #[test]
        fn an_audit_with_repeated_ids_counts_each_id_once_in_any_order(
            (mapping, rows, order, cut) in crm_mappings().prop_flat_map(|m| {
                let rows = proptest::collection::vec((crm_rows(&m, ts(AS_OF)), 0_u8..3), 1..9);
                (Just(m), rows)
            }).prop_flat_map(|(m, rows)| {
                let n = rows.len();
                (Just(m), Just(rows), Just((0..n).collect::<Vec<_>>()).prop_shuffle(), 0..=n)
            }),
        ) {
            let policy = Policy::default();
            let crm = Crm::new(&mapping, &policy, ts(AS_OF), "audit");
            let rows: Vec<CrmRow> = rows
                .into_iter()
                .map(|(mut row, id)| {
                    row.id = format!("row-{id}");
                    row
                })
                .collect();
            let results = import_all(&crm, &rows);
            let whole = Audit::of(&results).unwrap();
            let ids: std::collections::BTreeSet<&str> = results
                .iter()
                .flatten()
                .map(|i| i.row.id.as_str())
                .collect();
            prop_assert_eq!(whole.rows, ids.len() as u64);
            let shuffled: Vec<_> = order.iter().map(|&i| results[i].clone()).collect();
            prop_assert_eq!(&Audit::of(&shuffled).unwrap(), &whole);
            let (a, b) = shuffled.split_at(cut);
            let merged = Audit::of(b).unwrap().merge(Audit::of(a).unwrap()).unwrap();
            prop_assert_eq!(&merged, &whole);
            let json = serde_json::to_value(&whole).unwrap();
            prop_assert_eq!(serde_json::from_value::<Audit>(json).unwrap(), whole);
        }
    }
}

#[cfg(feature = "arrow")]
mod arrow {
    use std::sync::Arc;

    use arrow_array::{Array, Int32Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field as ArrowField, Schema};
    use qualify::Policy;
    use qualify::batch::Batch;

    #[test]
    fn two_columns_with_one_name_are_refused_naming_it() {
        let policy = Policy::default();
        let schema = Schema::new(vec![
            ArrowField::new("employees", DataType::Int32, true),
            ArrowField::new("industry", DataType::Utf8, true),
            ArrowField::new("employees", DataType::Int32, true),
        ]);
        let columns: Vec<Arc<dyn Array>> = vec![
            Arc::new(Int32Array::from(vec![2_400])),
            Arc::new(StringArray::from(vec!["software"])),
            Arc::new(Int32Array::from(vec![40])),
        ];
        let table = RecordBatch::try_new(Arc::new(schema), columns).unwrap();
        let err = Batch::from_record_batch(&policy, &table)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("arrow: columns 0 and 2 are both named \"employees\": the batch reads one column per field")
        );
        // Two names that read as one field.
        let table = RecordBatch::try_from_iter([
            (
                "industry",
                Arc::new(StringArray::from(vec!["software"])) as Arc<dyn Array>,
            ),
            (
                "Industry",
                Arc::new(StringArray::from(vec!["retail"])) as Arc<dyn Array>,
            ),
        ])
        .unwrap();
        let err = Batch::from_record_batch(&policy, &table)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "arrow: columns 0 (\"industry\") and 1 (\"Industry\") both read as field industry: the batch \
                 reads one column per field"
            )
        );
    }
}

#[test]
fn an_import_by_nobody_imports_nothing() {
    let (mapping, policy) = (
        qualify::crm::presets::salesforce_opportunities(),
        qualify::Policy::default(),
    );
    for by in ["", "  ", "--"] {
        let crm = qualify::crm::Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse().unwrap(), by);
        let row = qualify::crm::CrmRow::new("006-1", "Negotiation/Review");
        let err = crm.import(row.clone()).unwrap_err();
        assert!(
            matches!(err, qualify::crm::ImportError::Actor { .. }),
            "{by:?}: {err}"
        );
        assert!(err.to_string().starts_with("row \"006-1\": "), "{err}");
        if by.is_empty() {
            assert_eq!(err.to_string(), "row \"006-1\": actor is blank");
        }
        assert!(
            crm.reimport(
                qualify::crm::Crm::new(&mapping, &policy, "2026-11-25T09:00:00Z".parse().unwrap(), "sync")
                    .import(row.clone())
                    .unwrap()
                    .record,
                &row,
                row.clone()
            )
            .is_err()
        );
    }
}

/// The opportunity `imported` holds; panics on any other record.
fn opportunity(imported: &Imported) -> qualify::Opportunity {
    match &imported.record {
        qualify::Record::Opportunity(o) => o.clone(),
        other => panic!("not an opportunity: {:?}", other.stage()),
    }
}

#[test]
fn write_back_keeps_a_value_as_written_when_it_reads_the_same() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let later = ts("2026-11-26T09:00:00Z");
    let by = qualify::Actor::new("rep-1");
    let mut row = deal("006-1", "Negotiation/Review", "20000");
    row.owner = Some(" rep-1 ".into());
    row.amount = Some("20000.00".into());
    row.close_date = Some("2026-12-20".into());
    let imported = crm.import(row.clone()).unwrap();
    assert_eq!(imported.record.owner().map(|o| o.as_str()), Some("rep-1"));
    // The padded owner reads as the record's owner: kept byte for byte.
    let back = crm.write_back(&imported).unwrap();
    assert_eq!(back.owner.as_deref(), Some(" rep-1 "));

    // A mapping that reads the budget's amount from the deal's amount writes the amount
    // back; the row's text stays when it reads as the same amount.
    let mut spec = mapping.spec().clone();
    spec.evidence.budget_amount = None;
    let plain = qualify::crm::Mapping::new(spec).unwrap();
    let crm_plain = Crm::new(&plain, &policy, ts(AS_OF), "import");
    let mut dated = row.clone();
    dated.close_date = Some("2026-12-20T00:00:00Z".into());
    let again = crm_plain.import(dated.clone()).unwrap();
    assert_eq!(again.findings, []);
    let back = crm_plain.write_back(&again).unwrap();
    assert_eq!(back.amount.as_deref(), Some("20000.00"));
    assert_eq!(back.close_date.as_deref(), Some("2026-12-20T00:00:00Z"));
    assert_eq!(back, dated);

    // Handed to the unassigned queue in the crate: the owner is cleared, not kept.
    let mut unowned = opportunity(&imported);
    unowned
        .hand_off(None, util::reason("back to the pool"), later, &by)
        .unwrap();
    let mut after = imported.clone();
    after.record = unowned.into();
    assert_eq!(crm.write_back(&after).unwrap().owner, None);
    // Handed away and back in the crate: the owner the row names, padded, is kept.
    let mut round = opportunity(&imported);
    let rep2 = qualify::Actor::new("rep-2");
    round
        .hand_off(Some(rep2), util::reason("cover"), later, &by)
        .unwrap();
    round
        .hand_off(Some(by.clone()), util::reason("back"), later, &by)
        .unwrap();
    let mut after = imported.clone();
    after.record = round.into();
    assert_eq!(crm.write_back(&after).unwrap().owner.as_deref(), Some(" rep-1 "));
}

#[test]
fn a_discovery_deal_is_written_back_as_discovery_or_a_prospect_never_a_lead() {
    let (mapping, policy) = (presets::salesforce_opportunities(), util::staged_policy());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    // Need and timeline, but no budget nor authority: a discovery deal.
    let mut row = util::salesforce_row("006-2", "Negotiation/Review", &[]);
    row.close_date = Some("2026-12-20".into());
    let imported = crm.import(row).unwrap();
    assert_eq!(imported.record.stage(), Stage::Discovery);
    let exported = crm.export(&imported.record).unwrap();
    let again = crm.import(exported.clone()).unwrap();
    assert!(
        matches!(again.claim.stage(), Stage::Discovery | Stage::Prospect),
        "{} claims {:?}",
        exported.stage,
        again.claim
    );
}

#[test]
fn a_close_only_the_status_column_says_keeps_the_stage_it_closed_from() {
    // HubSpot contacts: the lifecycle stage has no disqualified stage; the lead status
    // UNQUALIFIED says it.
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let by = qualify::Actor::new("rep-1");
    let later = ts("2026-11-26T09:00:00Z");
    for (stage, status) in [("lead", Some("NEW")), ("salesqualifiedlead", None)] {
        let mut row = CrmRow::new("c1", stage);
        row.status = status.map(str::to_owned);
        let imported = crm.import(row.clone()).unwrap();
        let qualify::Record::Lead(lead) = imported.record.clone() else {
            panic!("a lead")
        };
        let out = lead.disqualify(util::reason("not a fit"), later, &by).unwrap();
        let fresh = crm.export(&out.into()).unwrap();
        assert_eq!(
            (fresh.stage.as_str(), fresh.status.as_deref()),
            (stage, Some("UNQUALIFIED")),
            "{stage}"
        );
    }
}

#[test]
fn a_reimport_needs_room_for_all_it_may_append() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let other = Policy::new(Policy::default().spec().clone().with_version("other-2026")).unwrap();
    assert_eq!(
        Crm::new(&mapping, &other, ts(AS_OF), "import").policy().version(),
        "other-2026"
    );
    assert_eq!(crm.mapping().name(), mapping.name());
    let later = Crm::new(&mapping, &policy, ts("2026-12-01T00:00:00Z"), "import");
    let mut row = deal("006-1", "Negotiation/Review", "20000");
    // A decision date already past: the deal stays a prospect.
    row.fields
        .insert("Qualify_Decide_By__c".into(), "2026-11-20".into());
    let first = crm.import(row.clone()).unwrap();
    // Hand-offs fill the history to the limit less what a re-import may append (eight
    // events), then one more.
    let by = qualify::Actor::new("rep-1");
    let mut record = first.record.clone();
    let qualify::Record::Prospect(p) = &mut record else {
        panic!("a prospect: {:?}", record.stage())
    };
    let room = qualify::limits::MAX_EVENTS - 8;
    let mut i = 0;
    while p.history().len() < room {
        let to = qualify::Actor::new(format!("owner-{}", i % 2));
        p.hand_off(Some(to), util::reason("rotation"), ts(AS_OF), &by)
            .unwrap();
        i += 1;
    }
    let mut changed = row.clone();
    changed
        .fields
        .insert("Qualify_Need__c".into(), "two analysts, every month".into());
    assert!(later.reimport(record.clone(), &row, changed.clone()).is_ok());
    let qualify::Record::Prospect(p) = &mut record else {
        unreachable!()
    };
    let to = qualify::Actor::new(format!("owner-{}", i % 2));
    p.hand_off(Some(to), util::reason("rotation"), ts(AS_OF), &by)
        .unwrap();
    let err = later.reimport(record, &row, changed).unwrap_err();
    assert!(
        matches!(err, ImportError::HistoryFull { max: 10_000, .. }),
        "{err}"
    );
}

#[test]
fn reimporting_an_unchanged_row_finds_what_a_fresh_import_finds() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    // Labelled an opportunity without budget or authority: dressed as a prospect.
    let row = util::salesforce_row("006-3", "Negotiation/Review", &[]);
    let first = crm.import(row.clone()).unwrap();
    assert!(first.dressed().is_some(), "{:?}", first.findings);
    let again = crm.reimport(first.record.clone(), &row, row.clone()).unwrap();
    assert_eq!(again.findings, first.findings);
    assert_eq!(again.record, first.record);
}

#[test]
fn an_import_records_a_labels_tier_only_when_it_is_new_and_the_record_open() {
    use qualify::{EventKind, Record};
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let later = Crm::new(&mapping, &policy, ts("2026-12-01T00:00:00Z"), "import");
    let import_tier = |record: &Record| match &record.history().last().unwrap().kind {
        EventKind::Import(i) => i.tier,
        other => panic!("not an import: {other:?}"),
    };
    let row = CrmRow::new("c1", "marketingqualifiedlead");
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(import_tier(&first.record), Some(qualify::Tier::Mql));
    // The same tier again, on a changed row: recorded once.
    let mut renamed = row.clone();
    renamed.fields.insert("firstname".into(), "Ada".into());
    let again = later
        .reimport(first.record.clone(), &row, renamed.clone())
        .unwrap();
    assert_eq!(import_tier(&again.record), None);
    // A higher tier is new.
    let mut hotter = renamed.clone();
    hotter.stage = "salesqualifiedlead".into();
    let hot = later
        .reimport(first.record.clone(), &row, hotter.clone())
        .unwrap();
    assert_eq!(import_tier(&hot.record), Some(qualify::Tier::Sql));
    // A record the host disqualified records no tier, whatever its row says.
    let Record::Lead(lead) = first.record.clone() else {
        panic!("a lead")
    };
    let out = lead
        .disqualify(
            util::reason("not a fit"),
            ts("2026-11-26T09:00:00Z"),
            &qualify::Actor::new("rep-1"),
        )
        .unwrap();
    let closed = later.reimport(out.into(), &row, hotter).unwrap();
    assert!(!closed.record.stage().is_open());
    assert_eq!(import_tier(&closed.record), None);
}

#[test]
fn each_preset_reads_the_vendors_owner_created_and_evidence_columns() {
    use qualify::crm::DateFormat;
    // The owner and creation fields as each vendor's API names them.
    for (mapping, owner, created) in [
        (
            presets::hubspot_contacts(),
            "hubspot_owner_id",
            Some("createdate"),
        ),
        (presets::hubspot_deals(), "hubspot_owner_id", Some("createdate")),
        (presets::salesforce_leads(), "OwnerId", Some("CreatedDate")),
        (
            presets::salesforce_opportunities(),
            "OwnerId",
            Some("CreatedDate"),
        ),
        (presets::dynamics_leads(), "_ownerid_value", Some("createdon")),
        (
            presets::dynamics_opportunities(),
            "_ownerid_value",
            Some("createdon"),
        ),
    ] {
        let c = &mapping.spec().columns;
        assert_eq!(
            (c.owner.as_deref(), c.created.as_deref()),
            (Some(owner), created),
            "{}",
            mapping.name()
        );
    }
    // Salesforce writes dates as calendar dates and date-times as RFC 3339.
    assert_eq!(
        presets::salesforce_opportunities().spec().formats.dates,
        [DateFormat::Date, DateFormat::Rfc3339]
    );
    // A Dynamics 365 lead's qualification fields.
    let e = presets::dynamics_leads().spec().evidence.clone();
    assert_eq!(e.need.as_deref(), Some("qualificationcomments"));
    assert_eq!(e.budget.map(|b| b.column).as_deref(), Some("budgetstatus"));
    assert_eq!(e.budget_amount.as_deref(), Some("budgetamount"));
    // Its estimated close date is the seller's estimate, no timeline: a lead has none.
    assert_eq!(e.decide_by, None);
    assert!(!e.close_date_is_timeline);
    // A Dynamics 365 opportunity's decision date is the one the seller confirms.
    let e = presets::dynamics_opportunities().spec().evidence.clone();
    assert_eq!(e.decide_by.as_deref(), Some("finaldecisiondate"));
}

#[test]
fn claims_that_are_deals_are_the_ones_a_crms_close_rate_counts() {
    use qualify::crm::Claim;
    let deals: Vec<Claim> = Claim::ALL.into_iter().filter(|c| c.is_deal()).collect();
    assert_eq!(
        deals,
        [Claim::Discovery, Claim::Opportunity, Claim::Won, Claim::Lost]
    );
}

#[test]
fn a_mapping_read_from_json_has_a_tolerance_of_a_tenth_unless_it_says() {
    let mut json = serde_json::to_value(presets::hubspot_deals().spec()).unwrap();
    json.as_object_mut().unwrap().remove("tolerance");
    let spec: qualify::crm::MappingSpec = serde_json::from_value(json).unwrap();
    assert_eq!(spec.tolerance, Decimal::new(10, 2));
}

#[test]
fn dates_that_agree_to_the_second_are_in_order() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    // Created and closed at the same moment, closed at the moment of the import, and a
    // stage history whose two entries share a date: nothing contradicts.
    let mut row = deal("006-1", "Closed Won", "20000");
    row.created = Some("2026-11-25".into());
    row.close_date = Some("2026-11-25".into());
    let crm_then = Crm::new(&mapping, &policy, ts("2026-11-25T00:00:00Z"), "import");
    row.stage_history = vec![
        qualify::crm::StageChange::new("Prospecting", "2026-11-25"),
        qualify::crm::StageChange::new("Closed Won", "2026-11-25"),
    ];
    let imported = crm_then.import(row.clone()).unwrap();
    let contradictions: Vec<&Finding> = imported
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::OutOfOrder { .. } | Finding::AfterImport { .. }))
        .collect();
    assert_eq!(contradictions, Vec::<&Finding>::new());
    // One second later each is a finding (the history's entries, the creation, the close).
    row.created = Some("2026-11-25T00:00:01Z".into());
    let imported = crm_then.import(row.clone()).unwrap();
    assert!(
        imported
            .findings
            .iter()
            .any(|f| matches!(f, Finding::OutOfOrder { .. }))
    );
    assert!(
        imported
            .findings
            .iter()
            .any(|f| matches!(f, Finding::AfterImport { .. }))
    );
    row.created = None;
    row.stage_history[0].at = "2026-11-25T00:00:01Z".into();
    let imported = crm_then.import(row).unwrap();
    assert!(
        imported
            .findings
            .iter()
            .any(|f| matches!(f, Finding::OutOfOrder { .. }))
    );
}

#[test]
fn a_custom_profile_column_reads_yes_no_in_any_case_and_a_close_date_only_when_it_is_the_timeline() {
    let policy = Policy::default();
    let mut spec = presets::salesforce_opportunities().spec().clone();
    spec.profile.push(qualify::crm::ProfileColumn::new(
        qualify::Field::Custom("partner".into()),
        "Partner__c",
    ));
    spec.evidence.decide_by = None;
    spec.evidence.close_date_is_timeline = false;
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    for (text, value) in [
        ("TRUE", qualify::Value::Bool(true)),
        ("False", qualify::Value::Bool(false)),
        ("maybe", qualify::Value::Text("maybe".into())),
    ] {
        let mut row = deal("006-1", "Negotiation/Review", "20000");
        row.close_date = Some("2026-12-20".into());
        row.fields.insert("Partner__c".into(), text.into());
        let imported = crm.import(row).unwrap();
        let fit = imported.record.fit().unwrap();
        assert_eq!(fit.profile.custom.get("partner"), Some(&value), "{text}");
        // The close date is not the decision date here: no timeline, so no opportunity.
        assert!(imported.record.timeline().is_none());
        assert_eq!(imported.record.stage(), Stage::Prospect);
    }
}

#[test]
fn a_reimport_keeps_only_evidence_that_says_something_else() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let later = Crm::new(&mapping, &policy, ts("2026-12-01T00:00:00Z"), "import");
    let mut row = deal("006-1", "Negotiation/Review", "20000");
    row.close_date = Some("2026-12-20".into());
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Opportunity);
    let kept = |imported: &Imported| -> Vec<String> {
        imported
            .findings
            .iter()
            .filter(|f| matches!(f, Finding::Kept { .. }))
            .map(ToString::to_string)
            .collect()
    };
    // Written differently, saying the same: nothing to keep.
    let mut same = row.clone();
    same.fields
        .insert("Qualify_Budget_Amount__c".into(), "20000.00".into());
    same.fields
        .insert("Qualify_Authority__c".into(), " VP Sales Dana Ruiz ".into());
    same.close_date = Some("2026-12-20T00:00:00Z".into());
    let again = later.reimport(first.record.clone(), &row, same).unwrap();
    assert_eq!(kept(&again), Vec::<String>::new());
    // Saying something else: an opportunity keeps what it was typed with, and says so.
    for (column, value, evidence) in [
        ("Qualify_Budget_Amount__c", "25000", "budget"),
        ("Qualify_Authority__c", "CFO Lee Park", "authority"),
    ] {
        let mut other = row.clone();
        other.fields.insert(column.into(), value.into());
        let again = later.reimport(first.record.clone(), &row, other).unwrap();
        let found = kept(&again);
        assert_eq!(found.len(), 1, "{column}: {found:?}");
        assert!(found[0].contains(evidence), "{column}: {found:?}");
    }
}

#[test]
fn evidence_the_host_records_again_is_written_back_as_the_row_wrote_it() {
    let (mapping, policy) = (presets::salesforce_opportunities(), Policy::default());
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    // A prospect's row, every value padded or written in another form that reads the same.
    let mut row = deal("006-4", "Qualification", "20000");
    for (k, v) in [
        ("Qualify_Need__c", " churn reporting takes two analysts "),
        ("Qualify_Budget_Status__c", " Approved "),
        ("Qualify_Budget_Amount__c", "20000.00"),
        ("Qualify_Authority__c", " VP Sales Dana Ruiz "),
        ("Qualify_Access__c", " decision_maker "),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    row.close_date = Some("2026-12-20T00:00:00Z".into());
    let imported = crm.import(row.clone()).unwrap();
    let qualify::Record::Prospect(mut p) = imported.record.clone() else {
        panic!("a prospect: {:?}", imported.record.stage())
    };
    // The host confirms every piece in the crate, a day later, saying the same.
    let again = util::said(ts("2026-11-26T09:00:00Z"));
    let e = p.evidence_mut();
    for provenance in [
        e.need.as_mut().map(|x| &mut x.provenance),
        e.budget.as_mut().map(|x| &mut x.provenance),
        e.authority.as_mut().map(|x| &mut x.provenance),
        e.timeline.as_mut().map(|x| &mut x.provenance),
    ] {
        *provenance.expect("every piece was read") = again.clone();
    }
    let mut same = imported.clone();
    same.record = p.clone().into();
    let later = Crm::new(&mapping, &policy, ts("2026-11-27T09:00:00Z"), "import");
    let back = later.write_back(&same).unwrap();
    assert_eq!(mapping.fields(&back), mapping.fields(&row));

    // A budget of another amount with the same status, and a champion where the row named
    // a decision maker: the fields that still read the same keep their text.
    let e = p.evidence_mut();
    if let Some(b) = e.budget.as_mut() {
        b.status = qualify::BudgetStatus::Approved {
            amount: qualify::Money::new(Decimal::from(25_000), Currency::new("USD").unwrap()).unwrap(),
        };
    }
    if let Some(a) = e.authority.as_mut() {
        a.access = qualify::Access::Champion;
    }
    if let Some(n) = e.need.as_mut() {
        n.problem = "churn reporting takes three analysts".into();
    }
    let mut changed = imported.clone();
    changed.record = p.into();
    let back = later.write_back(&changed).unwrap();
    let champion = mapping
        .spec()
        .evidence
        .access
        .as_ref()
        .and_then(|c| {
            c.labels
                .iter()
                .find(|(_, a)| *a == Some(qualify::Access::Champion))
        })
        .map(|(l, _)| l.clone())
        .unwrap();
    let fields = &back.fields;
    assert_eq!(fields["Qualify_Budget_Status__c"], " Approved ");
    assert_eq!(fields["Qualify_Budget_Amount__c"], "25000");
    assert_eq!(fields["Qualify_Authority__c"], " VP Sales Dana Ruiz ");
    assert_eq!(fields["Qualify_Access__c"], champion);
    assert_eq!(fields["Qualify_Need__c"], "churn reporting takes three analysts");
}

#[test]
fn a_changed_fit_or_timeline_keeps_each_field_that_reads_the_same() {
    // Salesforce leads with a decision-date field and the contact's seniority as a
    // profile column.
    let mut spec = presets::salesforce_leads().spec().clone();
    spec.evidence.decide_by = Some("Decide_By__c".into());
    spec.profile.push(qualify::crm::ProfileColumn::new(
        qualify::Field::Seniority,
        "Title_Level__c",
    ));
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let mut row = CrmRow::new("00Q-1", "Working - Contacted");
    for (k, v) in [
        ("NumberOfEmployees", "40"),
        ("Industry", " software "),
        ("Title_Level__c", "Vice President"),
        ("Plan__c", " Enterprise "),
        ("Decide_By__c", "2026-12-20T00:00:00Z"),
        ("Qualify_Need__c", "churn reporting takes two analysts"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    let imported = crm.import(row.clone()).unwrap();
    let lead = |imported: &Imported| match imported.record.clone() {
        qualify::Record::Lead(l) => l,
        other => panic!("a lead: {:?}", other.stage()),
    };
    let later = Crm::new(&mapping, &policy, ts("2026-11-27T09:00:00Z"), "import");
    // The host records a fit with another headcount but the same seniority, and moves the
    // decision a day.
    let mut l = lead(&imported);
    let mut fit = l.fit().cloned().expect("a profile was read");
    fit.profile.employees = Some(6_000);
    fit.provenance = util::said(ts("2026-11-26T09:00:00Z"));
    l.record_fit(fit);
    let mut moved = l.evidence().timeline.clone().expect("a decision date was read");
    moved.decide_by = ts("2026-12-21T00:00:00Z");
    moved.provenance = util::said(ts("2026-11-26T09:00:00Z"));
    l.evidence_mut().timeline = Some(moved);
    let mut after = imported.clone();
    after.record = l.into();
    let back = later.write_back(&after).unwrap();
    assert_eq!(back.fields["NumberOfEmployees"], "6000");
    assert_eq!(back.fields["Title_Level__c"], "Vice President");
    assert_eq!(back.fields["Plan__c"], " Enterprise ");
    assert_eq!(back.fields["Industry"], " software ");
    assert_eq!(back.fields["Decide_By__c"], "2026-12-21T00:00:00Z");
}

#[test]
fn a_budget_recorded_in_the_crate_is_the_deal_amount_a_mapping_without_a_budget_column_writes() {
    // The budget's amount is the row's amount when no column holds it.
    let mut spec = presets::salesforce_opportunities().spec().clone();
    spec.evidence.budget_amount = None;
    let mapping = qualify::crm::Mapping::new(spec).unwrap();
    let policy = Policy::default();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let later = Crm::new(&mapping, &policy, ts("2026-11-27T09:00:00Z"), "import");
    let mut row = deal("006-6", "Qualification", "20000");
    row.amount = Some("20000.00".into());
    row.currency = Some(" USD ".into());
    row.close_date = Some("2026-12-20T00:00:00Z".into());
    let imported = crm.import(row.clone()).unwrap();
    let prospect = |imported: &Imported| match imported.record.clone() {
        qualify::Record::Prospect(p) => p,
        other => panic!("a prospect: {:?}", other.stage()),
    };
    let usd = |n: i64| qualify::Money::new(Decimal::from(n), Currency::new("USD").unwrap()).unwrap();
    for (amount, written) in [(20_000, "20000.00"), (25_000, "25000")] {
        let mut p = prospect(&imported);
        let mut budget = p.evidence().budget.clone().expect("a budget was read");
        budget.status = qualify::BudgetStatus::Approved { amount: usd(amount) };
        budget.provenance = util::said(ts("2026-11-26T09:00:00Z"));
        p.evidence_mut().budget = Some(budget);
        let mut after = imported.clone();
        after.record = p.into();
        let back = later.write_back(&after).unwrap();
        assert_eq!(back.amount.as_deref(), Some(written), "a budget of {amount}");
        // The currency reads the same, padded: kept as written.
        assert_eq!(back.currency.as_deref(), Some(" USD "));
        assert_eq!(back.close_date.as_deref(), Some("2026-12-20T00:00:00Z"));
    }
}

#[test]
fn an_export_writes_an_open_status_and_refuses_a_stage_the_mapping_cannot_say() {
    use qualify::crm::ExportError;
    let policy = Policy::default();
    let mut spec = presets::hubspot_contacts().spec().clone();
    spec.currency = Some("EUR".into());
    let contacts = qualify::crm::Mapping::new(spec).unwrap();
    let crm = Crm::new(&contacts, &policy, ts(AS_OF), "import");
    // An open lead exported fresh gets the first status that decides nothing.
    let imported = crm.import(CrmRow::new("c2", "lead")).unwrap();
    let fresh = crm.export(&imported.record).unwrap();
    assert_eq!(fresh.status.as_deref(), Some("NEW"));
    // A won deal under Salesforce leads, which has no label for it and no status column.
    let opportunities = presets::salesforce_opportunities();
    let sf = Crm::new(&opportunities, &policy, ts(AS_OF), "import");
    let mut row = deal("006-7", "Closed Won", "20000");
    row.close_date = Some("2026-11-20".into());
    let won = sf.import(row).unwrap();
    assert_eq!(won.record.stage(), Stage::Won);
    let leads = presets::salesforce_leads();
    // By default the fresh row is written without a stage; a mapping that refuses such a
    // row refuses it, naming the stage.
    let fresh = Crm::new(&leads, &policy, ts(AS_OF), "import")
        .export(&won.record)
        .unwrap();
    assert_eq!(fresh.stage, "");
    let mut strict = leads.spec().clone();
    strict.unlabelled = qualify::crm::Unlabelled::Refuse;
    let leads = qualify::crm::Mapping::new(strict).unwrap();
    let err = Crm::new(&leads, &policy, ts(AS_OF), "import")
        .export(&won.record)
        .unwrap_err();
    assert!(
        matches!(
            err,
            ExportError::NoLabel {
                stage: Stage::Won,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_reimport_takes_only_the_evidence_the_crm_changed() {
    let policy = util::staged_policy();
    let mapping = presets::salesforce_opportunities();
    let crm = Crm::new(&mapping, &policy, ts(AS_OF), "import");
    let later = Crm::new(&mapping, &policy, ts("2026-12-01T00:00:00Z"), "import");
    // A discovery deal: need, timeline and an approved budget, no authority.
    let mut row = util::salesforce_row(
        "006-8",
        "Needs Analysis",
        &[
            ("Qualify_Budget_Status__c", "approved"),
            ("Qualify_Budget_Amount__c", "20000"),
        ],
    );
    row.close_date = Some("2026-12-20".into());
    let first = crm.import(row.clone()).unwrap();
    assert_eq!(first.record.stage(), Stage::Discovery);
    let budget = first.record.budget().cloned();
    assert!(budget.is_some());
    // The CRM changed only the description: the budget keeps its provenance.
    let mut described = row.clone();
    described
        .fields
        .insert("Description".into(), "renewal talks".into());
    let again = later.reimport(first.record.clone(), &row, described).unwrap();
    assert_eq!(again.record.budget().cloned(), budget);
    assert_eq!(again.record.authority(), None);
    assert_eq!(again.record.history().len(), first.record.history().len() + 1);

    // A lead whose CRM row changed its headcount takes the new fit.
    let leads = presets::salesforce_leads();
    let crm = Crm::new(&leads, &policy, ts(AS_OF), "import");
    let later = Crm::new(&leads, &policy, ts("2026-12-01T00:00:00Z"), "import");
    let mut lead_row = CrmRow::new("00Q-2", "Working - Contacted");
    lead_row.fields.insert("NumberOfEmployees".into(), "40".into());
    let lead = crm.import(lead_row.clone()).unwrap();
    let mut grown = lead_row.clone();
    grown.fields.insert("NumberOfEmployees".into(), "4000".into());
    let again = later.reimport(lead.record.clone(), &lead_row, grown).unwrap();
    assert_eq!(again.record.fit().and_then(|f| f.profile.employees), Some(4_000));
}

#[test]
fn a_won_deal_exported_fresh_states_its_amount_and_a_currency_the_mapping_does_not_assume() {
    let policy = Policy::default();
    let opportunities = presets::salesforce_opportunities();
    let crm = Crm::new(&opportunities, &policy, ts(AS_OF), "import");
    let mut row = deal("006-9", "Closed Won", "20000");
    row.close_date = Some("2026-11-20".into());
    let won = crm.import(row).unwrap();
    assert_eq!(won.record.stage(), Stage::Won);
    // No default currency: the deal's is written.
    let fresh = crm.export(&won.record).unwrap();
    assert_eq!(
        (fresh.amount.as_deref(), fresh.currency.as_deref()),
        (Some("20000"), Some("USD"))
    );
    // A mapping that assumes USD leaves it out.
    let mut spec = opportunities.spec().clone();
    spec.currency = Some("USD".into());
    let usd = qualify::crm::Mapping::new(spec).unwrap();
    let fresh = Crm::new(&usd, &policy, ts(AS_OF), "import")
        .export(&won.record)
        .unwrap();
    assert_eq!(
        (fresh.amount.as_deref(), fresh.currency.as_deref()),
        (Some("20000"), None)
    );
}

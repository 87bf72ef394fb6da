//! The CRM's bounds on untrusted input: an object's flattened fields stay linear in its size
//! and never lose a value silently, and a mapping's checks stay linear in the mapping, each
//! limit refused with its path.

use std::collections::BTreeMap;

use proptest::prelude::*;
use qualify::crm::{
    BudgetMeaning, Choice, Claim, Columns, CrmRow, Fields, ForecastMeaning, Mapping, MappingSpec, Object,
    ProfileColumn, StageLabel, StatusLabel, presets,
};
use qualify::limits::{
    MAX_CHOICES, MAX_FIELD_NAME_LEN, MAX_LABEL_LEN, MAX_LABELS, MAX_NESTING, MAX_PROBLEMS,
    MAX_PROFILE_COLUMNS,
};
use qualify::{Access, Field, ForecastCategory};

/// An object read as [`Object`] reads it, or its error's message.
fn read(json: &str) -> Result<Fields, String> {
    serde_json::from_str::<Object>(json)
        .map(|Object(fields)| fields)
        .map_err(|e| e.to_string())
}

/// The bytes of every field name.
fn name_bytes(fields: &Fields) -> usize {
    fields.keys().map(String::len).sum()
}

// Item 1: flattening.

#[test]
fn a_field_read_twice_is_an_error_naming_it() {
    // A name with a dot, and a nested object's field of that name.
    assert_eq!(
        read(r#"{"a.b":"flat","a":{"b":"nested"}}"#),
        Err("invalid object: field \"a.b\" is read twice at line 1 column 33".into()),
    );
    // Nested first, then flat; and a name written twice in one object.
    assert_eq!(
        read(r#"{"a":{"b":"nested"},"a.b":"flat"}"#),
        Err("invalid object: field \"a.b\" is read twice at line 1 column 33".into()),
    );
    assert_eq!(
        read(r#"{"Id":"1","Id":"2"}"#),
        Err("invalid object: field \"Id\" is read twice at line 1 column 19".into()),
    );
    // Every one is listed at once, in the order read.
    assert_eq!(
        read(r#"{"x":"1","x":"2","a":{"b":{"c":"1"}},"a.b":{"c":"2"},"a.b.c":"3"}"#),
        Err(
            "invalid object: field \"x\" is read twice; field \"a.b.c\" is read twice; \
             field \"a.b.c\" is read twice at line 1 column 65"
                .into()
        ),
    );
    // What is left out cannot collide: a null, an array.
    let fields = read(r#"{"a.b":"flat","a":{"b":null,"c":[1]},"d":null,"d":"4"}"#).unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!((fields["a.b"].as_str(), fields["d"].as_str()), ("flat", "4"));
    // A row's fields read the same way.
    let err = serde_json::from_str::<CrmRow>(r#"{"id":"1","stage":"s","fields":{"a":{"b":"1"},"a.b":"2"}}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid object: field \"a.b\" is read twice at line 1 column 56"
    );
}

#[test]
fn a_long_name_read_twice_is_echoed_in_part() {
    let name = "n".repeat(10_000);
    let err = read(&format!(r#"{{"{name}":"1","{name}":"2"}}"#)).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "invalid object: field \"{}…\" (10000 bytes) is read twice",
            "n".repeat(64)
        )),
        "{}",
        &err[..err.len().min(200)]
    );
    assert!(err.len() < 200);
}

/// The issue's case: a chain of nested objects with long names, and many fields at its end.
/// Each name is repeated in every field below it.
fn deep_chain(depth: usize, name_len: usize, leaves: usize) -> String {
    let name = "n".repeat(name_len);
    let mut json = String::new();
    for _ in 0..depth {
        json.push_str(&format!("{{\"{name}\":"));
    }
    json.push('{');
    for i in 0..leaves {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"f{i:04}\":1"));
    }
    json.push('}');
    json.push_str(&"}".repeat(depth));
    json
}

#[test]
fn flattened_names_stay_linear_in_the_input() {
    let json = deep_chain(100, 200, 2_600);
    match read(&json) {
        Ok(fields) => panic!(
            "{} bytes of JSON flattened to {} fields with {} bytes of names",
            json.len(),
            fields.len(),
            name_bytes(&fields)
        ),
        Err(err) => assert_eq!(
            err,
            format!(
                "invalid object: field \"{}…\" (401 bytes) is a nested name longer than {MAX_FIELD_NAME_LEN} bytes \
                 at line 1 column {}",
                "n".repeat(64),
                json.len()
            )
        ),
    }
    // Short names, nested past the limit.
    let json = format!("{}{{\"x\":1}}{}", "{\"a\":".repeat(20), "}".repeat(20));
    let deep = ["a"; MAX_NESTING + 1].join(".");
    assert_eq!(
        read(&json).unwrap_err(),
        format!(
            "invalid object: field \"{deep}\" is an object nested more than {MAX_NESTING} deep at line 1 column {}",
            json.len()
        )
    );
    // At both limits, the names are at most `MAX_FIELD_NAME_LEN` bytes for every field.
    let name_len = (MAX_FIELD_NAME_LEN - 6) / MAX_NESTING - 1;
    let json = deep_chain(MAX_NESTING, name_len, 2_600);
    let fields = read(&json).unwrap();
    assert_eq!(fields.len(), 2_600);
    assert!(fields.keys().all(|k| k.len() <= MAX_FIELD_NAME_LEN));
    assert!(
        name_bytes(&fields) <= 64 * json.len(),
        "{} bytes of JSON, {} bytes of names",
        json.len(),
        name_bytes(&fields)
    );
}

#[test]
fn real_crm_responses_read_within_the_limits() {
    // Salesforce: five parent relationships, each with its attributes.
    let mut sf = r#"{"Name":"Ada","attributes":{"type":"User","url":"/x"}}"#.to_owned();
    for rel in [
        "Manager__r",
        "Owner",
        "Parent_Account__r",
        "Account",
        "Primary_Contact__r",
    ] {
        sf = format!(
            r#"{{"{rel}":{sf},"attributes":{{"type":"T","url":"/services/data/v62.0/sobjects/T/1"}}}}"#
        );
    }
    let fields = read(&sf).unwrap();
    assert_eq!(
        fields["Primary_Contact__r.Account.Parent_Account__r.Owner.Manager__r.Name"],
        "Ada"
    );
    // Dynamics 365: an expanded lookup with its annotations.
    let dynamics = r#"{"@odata.etag":"W/\"1\"","opportunityid":"1",
        "_parentaccountid_value@Microsoft.Dynamics.CRM.associatednavigationproperty":"parentaccountid",
        "parentaccountid":{"name":"Northwind","primarycontactid":{"fullname":"Ada",
        "_parentcustomerid_value@OData.Community.Display.V1.FormattedValue":"Northwind"},
        "industrycode@OData.Community.Display.V1.FormattedValue":"Software"}}"#;
    let fields = read(dynamics).unwrap();
    assert_eq!(
        fields["parentaccountid.primarycontactid._parentcustomerid_value@OData.Community.Display.V1.FormattedValue"],
        "Northwind"
    );
    // HubSpot: the whole object, its properties nested.
    let hubspot = r#"{"id":"701","properties":{"dealname":"Northwind","hs_object_id":"701"},
        "associations":{"companies":{"results":[{"id":"9"}]}},"archived":false}"#;
    let fields = read(hubspot).unwrap();
    assert_eq!(fields["properties.dealname"], "Northwind");
    assert_eq!(fields.len(), 4);
}

/// A JSON value, as a tree whose objects may repeat a name.
#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Null,
    Object(Vec<(String, Node)>),
}

fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(vec!["a", "b", "a.b", "b.a", "", "."]).prop_map(str::to_owned),
        1 => (1_usize..=3).prop_map(|n| "x".repeat(n * 60)),
    ]
}

fn nodes() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof!["[a-z]{0,3}".prop_map(Node::Text), Just(Node::Null),];
    leaf.prop_recursive(MAX_NESTING as u32 + 3, 64, 4, |inner| {
        prop::collection::vec((names(), inner), 0..4).prop_map(Node::Object)
    })
}

/// A node, often at the end of a chain of objects of one entry each: deep enough to pass
/// `MAX_NESTING`, or to pass `MAX_FIELD_NAME_LEN` with long names.
fn deep_nodes() -> impl Strategy<Value = Node> {
    let chain = prop_oneof![
        3 => prop::collection::vec(names(), 0..3),
        1 => prop::collection::vec(names(), 0..=MAX_NESTING + 2),
    ];
    (nodes(), chain).prop_map(|(node, chain)| {
        chain
            .into_iter()
            .fold(node, |inner, name| Node::Object(vec![(name, inner)]))
    })
}

fn write(node: &Node, json: &mut String) {
    match node {
        Node::Text(t) => json.push_str(&serde_json::to_string(t).unwrap()),
        Node::Null => json.push_str("null"),
        Node::Object(entries) => {
            json.push('{');
            for (i, (name, value)) in entries.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push_str(&serde_json::to_string(name).unwrap());
                json.push(':');
                write(value, json);
            }
            json.push('}');
        }
    }
}

/// A name as an error shows it: whole up to 64 bytes, else its start and its length (the
/// generated names need no escapes).
fn echo(name: &str) -> String {
    if name.len() <= 64 {
        format!("{name:?}")
    } else {
        format!("\"{}…\" ({} bytes)", &name[..64], name.len())
    }
}

/// What reading `entries` at nesting `depth` under `prefix` gives, by the rule `Object`
/// documents.
fn reference(
    entries: &[(String, Node)],
    prefix: Option<&str>,
    depth: usize,
    fields: &mut Fields,
    problems: &mut Vec<String>,
) {
    for (key, value) in entries {
        let name = prefix.map_or_else(|| key.clone(), |p| format!("{p}.{key}"));
        match value {
            Node::Null => {}
            Node::Text(text) => {
                if depth > 0 && name.len() > MAX_FIELD_NAME_LEN {
                    problems.push(format!(
                        "field {} is a nested name longer than {MAX_FIELD_NAME_LEN} bytes",
                        echo(&name)
                    ));
                } else if fields.insert(name.clone(), text.clone()).is_some() {
                    problems.push(format!("field {} is read twice", echo(&name)));
                }
            }
            Node::Object(inner) => {
                if depth + 1 > MAX_NESTING {
                    problems.push(format!(
                        "field {} is an object nested more than {MAX_NESTING} deep",
                        echo(&name)
                    ));
                } else if name.len() > MAX_FIELD_NAME_LEN {
                    problems.push(format!(
                        "field {} is a nested name longer than {MAX_FIELD_NAME_LEN} bytes",
                        echo(&name)
                    ));
                } else {
                    reference(inner, Some(&name), depth + 1, fields, problems);
                }
            }
        }
    }
}

proptest! {
    /// Any object reads as the reference says: its fields when nothing collides, nests too
    /// deep or is named too long, else every problem, in the order read; and what reads
    /// has names linear in the input.
    #[test]
    fn an_object_flattens_as_documented(entries in prop::collection::vec((names(), deep_nodes()), 0..6)) {
        let mut json = String::new();
        write(&Node::Object(entries.clone()), &mut json);
        let (mut fields, mut problems) = (Fields::new(), Vec::new());
        reference(&entries, None, 0, &mut fields, &mut problems);
        match read(&json) {
            Ok(read) => {
                prop_assert!(problems.is_empty(), "read {json}, expected {problems:?}");
                prop_assert_eq!(&read, &fields);
                let top: usize = entries.iter().map(|(k, _)| k.len()).sum();
                let bound = top + read.len() * MAX_FIELD_NAME_LEN;
                prop_assert!(name_bytes(&read) <= bound);
            }
            Err(err) => {
                prop_assert!(!problems.is_empty(), "{json}: {err}");
                let more = problems.len().saturating_sub(MAX_PROBLEMS);
                problems.truncate(MAX_PROBLEMS);
                let mut expected = format!("invalid object: {}", problems.join("; "));
                if more > 0 {
                    expected.push_str(&format!("; and {more} more problem{}", if more == 1 { "" } else { "s" }));
                }
                prop_assert!(err.starts_with(&format!("{expected} at line ")), "{err}\nexpected {expected}");
            }
        }
    }
}

// Item 2: the mapping's checks.

/// A spec at every count limit: stage and status labels, three choices, profile columns.
fn spec_at(labels: usize, choices: usize, profile: usize) -> MappingSpec {
    let stages = (0..labels)
        .map(|i| StageLabel::new(format!("Stage {i}"), Claim::ALL[i % Claim::ALL.len()]))
        .collect();
    let mut spec = MappingSpec::new("big-v1", Columns::new("Id", "Stage"), stages);
    spec.columns.status = Some("Status".into());
    spec.statuses = (0..labels)
        .map(|i| StatusLabel::new(format!("Status {i}"), None))
        .collect();
    let mut budget = Choice::new("Budget", []);
    budget.labels = (0..choices)
        .map(|i| (format!("b{i}"), BudgetMeaning::Approved))
        .collect();
    let mut access = Choice::new("Access", []);
    access.labels = (0..choices)
        .map(|i| (format!("a{i}"), Some(Access::Champion)))
        .collect();
    let mut forecast = Choice::new("Forecast", []);
    forecast.labels = (0..choices)
        .map(|i| (format!("f{i}"), ForecastMeaning::Open(ForecastCategory::Pipeline)))
        .collect();
    spec.evidence.budget = Some(budget);
    spec.evidence.authority = Some("Authority".into());
    spec.evidence.access = Some(access);
    spec.forecast = Some(forecast);
    spec.profile = (0..profile)
        .map(|i| ProfileColumn::new(Field::Custom(format!("f{i}")), format!("Column {i}")))
        .collect();
    spec
}

#[test]
fn at_its_limits_a_mapping_is_checked_and_holds() {
    // Speed is measured in `benches/crm.rs` (`crm_mapping`): the nested loops took 15.7 s
    // here, optimized; the checks are now linear. This pins what they accept.
    let spec = spec_at(MAX_LABELS, MAX_CHOICES, MAX_PROFILE_COLUMNS);
    let mapping = Mapping::new(spec);
    assert!(mapping.is_ok(), "{:?}", mapping.err().map(|e| e.to_string()));
    let mapping = mapping.unwrap();
    assert_eq!(
        mapping.stage_label("stage 99999").map(|s| s.means),
        Some(Claim::ALL[9])
    );
}

#[test]
fn past_its_limits_a_mapping_is_refused_with_every_path() {
    let mut spec = spec_at(MAX_LABELS + 1, MAX_CHOICES + 1, MAX_PROFILE_COLUMNS + 1);
    spec.name = "n".repeat(MAX_LABEL_LEN + 1);
    spec.columns.owner = Some("o".repeat(MAX_FIELD_NAME_LEN + 1));
    spec.stages[0].label = "s".repeat(MAX_LABEL_LEN + 1);
    spec.statuses[1].label = " ".repeat(MAX_LABEL_LEN + 1);
    spec.evidence.need = Some("e".repeat(MAX_FIELD_NAME_LEN + 1));
    if let Some(access) = spec.evidence.access.as_mut() {
        access.column = "a".repeat(MAX_FIELD_NAME_LEN + 1);
        access.labels[2].0 = "l".repeat(MAX_LABEL_LEN + 1);
    }
    spec.profile[3].column = "p".repeat(MAX_FIELD_NAME_LEN + 1);
    spec.email_column = Some("m".repeat(MAX_FIELD_NAME_LEN + 1));
    let err = Mapping::new(spec).unwrap_err();
    let problems: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    let (l, f) = (MAX_LABEL_LEN, MAX_FIELD_NAME_LEN);
    assert_eq!(
        problems,
        [
            format!("name: must be at most {l} bytes long, found {}", l + 1),
            format!("columns.owner: must be at most {f} bytes long, found {}", f + 1),
            format!(
                "stages: must hold at most {MAX_LABELS} entries, found {}",
                MAX_LABELS + 1
            ),
            format!("stages[0].label: must be at most {l} bytes long, found {}", l + 1),
            format!(
                "statuses: must hold at most {MAX_LABELS} entries, found {}",
                MAX_LABELS + 1
            ),
            "statuses[1].label: is blank".to_owned(),
            format!("evidence.need: must be at most {f} bytes long, found {}", f + 1),
            format!(
                "evidence.budget.labels: must hold at most {MAX_CHOICES} entries, found {}",
                MAX_CHOICES + 1
            ),
            format!(
                "evidence.access.column: must be at most {f} bytes long, found {}",
                f + 1
            ),
            format!(
                "evidence.access.labels: must hold at most {MAX_CHOICES} entries, found {}",
                MAX_CHOICES + 1
            ),
            format!(
                "evidence.access.labels[2].label: must be at most {l} bytes long, found {}",
                l + 1
            ),
            format!(
                "forecast.labels: must hold at most {MAX_CHOICES} entries, found {}",
                MAX_CHOICES + 1
            ),
            format!(
                "profile: must hold at most {MAX_PROFILE_COLUMNS} entries, found {}",
                MAX_PROFILE_COLUMNS + 1
            ),
            format!(
                "profile[3].column: must be at most {f} bytes long, found {}",
                f + 1
            ),
            format!("email_column: must be at most {f} bytes long, found {}", f + 1),
        ]
    );
    assert_eq!(err.omitted, 0);
    // At the limits, and every preset, pass.
    let mut spec = spec_at(MAX_LABELS, MAX_CHOICES, MAX_PROFILE_COLUMNS);
    spec.name = "n".repeat(MAX_LABEL_LEN);
    spec.stages[0].label = "s".repeat(MAX_LABEL_LEN);
    spec.columns.owner = Some("o".repeat(MAX_FIELD_NAME_LEN));
    Mapping::new(spec).unwrap();
    for mapping in [presets::hubspot_deals(), presets::salesforce_opportunities()] {
        Mapping::new(mapping.spec().clone()).unwrap();
    }
}

/// What the nested loops said of a list of labels: for each, whether it is blank or the
/// label of which earlier one.
fn reference_labels(path: &str, labels: &[String]) -> Vec<String> {
    let key = |l: &str| -> String {
        l.chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut problems = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let k = key(label);
        if k.is_empty() {
            problems.push(format!("{path}[{i}].label: is blank"));
        } else if let Some(j) = labels[..i].iter().position(|l| key(l) == k) {
            problems.push(format!(
                "{path}[{i}].label: {label:?} is the label of {path}[{j}] already \
                 (labels match ignoring case, spaces, `_` and `-`)"
            ));
        }
    }
    problems
}

fn label_lists() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Won", "won", "W-on", "w_o n", "Lost", "lost ", "", " ", "Open", "ÖPEN", "öpen",
        ]),
        1..12,
    )
    .prop_map(|labels| labels.into_iter().map(str::to_owned).collect())
}

proptest! {
    /// Blank and repeated labels, in stages, statuses and a choice, are named as the nested
    /// loops named them: each repeat by the first label it matches.
    #[test]
    fn labels_listed_twice_are_named_by_the_first(stages in label_lists(), statuses in label_lists(), budget in label_lists()) {
        let mut spec = spec_at(0, 0, 0);
        spec.stages = stages.iter().map(|l| StageLabel::new(l.clone(), Claim::Lead)).collect();
        spec.statuses = statuses.iter().map(|l| StatusLabel::new(l.clone(), None)).collect();
        spec.evidence.budget = Some(Choice::new("Budget", []));
        if let Some(b) = spec.evidence.budget.as_mut() {
            b.labels = budget.iter().map(|l| (l.clone(), BudgetMeaning::Sought)).collect();
        }
        spec.evidence.authority = None;
        spec.evidence.access = None;
        spec.forecast = None;
        let expected: Vec<String> = [
            reference_labels("stages", &stages),
            reference_labels("statuses", &statuses),
            reference_labels("evidence.budget.labels", &budget),
        ]
        .concat();
        let found: Vec<String> = match Mapping::new(spec) {
            Ok(_) => Vec::new(),
            Err(err) => err.problems.iter().map(ToString::to_string).collect(),
        };
        prop_assert_eq!(found, expected);
    }

    /// A profile that reads a field twice is named by the first entry that reads it.
    #[test]
    fn a_profile_field_read_twice_is_named_by_the_first(picks in prop::collection::vec(0_usize..5, 1..12)) {
        let fields = [Field::Industry, Field::Country, Field::Custom("tier".into()), Field::Custom("Tier".into()), Field::Employees];
        let mut spec = spec_at(1, 1, 0);
        spec.profile = picks
            .iter()
            .enumerate()
            .map(|(i, &p)| ProfileColumn::new(fields[p].clone(), format!("c{i}")))
            .collect();
        let expected: Vec<String> = picks
            .iter()
            .enumerate()
            .filter_map(|(i, &p)| {
                let j = picks[..i].iter().position(|&q| fields[q] == fields[p])?;
                Some(format!("profile[{i}].field: {} is read by profile[{j}] already", fields[p]))
            })
            .collect();
        let found: Vec<String> = match Mapping::new(spec) {
            Ok(_) => Vec::new(),
            Err(err) => err.problems.iter().map(ToString::to_string).collect(),
        };
        prop_assert_eq!(found, expected);
    }
}

#[test]
fn the_reference_flattening_agrees_on_a_sample() {
    // The reference in this file, on the issue's example: one field read twice.
    let entries = vec![
        ("a.b".to_owned(), Node::Text("flat".into())),
        (
            "a".to_owned(),
            Node::Object(vec![("b".to_owned(), Node::Text("nested".into()))]),
        ),
    ];
    let (mut fields, mut problems) = (BTreeMap::new(), Vec::new());
    reference(&entries, None, 0, &mut fields, &mut problems);
    assert_eq!(problems, ["field \"a.b\" is read twice"]);
}

#[test]
fn a_crm_row_reads_every_json_type_as_text_and_skips_what_is_not_a_value() {
    use qualify::crm::CrmRow;
    let row: CrmRow = serde_json::from_str(
        r#"{"id": 42, "stage": "open", "owner": null, "amount": -20000, "currency": "EUR",
            "probability": 0.9, "close_date": {"date": "2026-12-20"}, "created": [1, 2],
            "status": true, "fields": {"seats": 5, "partner": false}}"#,
    )
    .unwrap();
    assert_eq!((row.id.as_str(), row.stage.as_str()), ("42", "open"));
    assert_eq!(row.owner, None);
    assert_eq!(row.amount.as_deref(), Some("-20000"));
    assert_eq!(row.currency.as_deref(), Some("EUR"));
    assert_eq!(row.probability.as_deref(), Some("0.9"));
    // An object or an array where a value belongs is no value, not an error.
    assert_eq!((row.close_date, row.created), (None, None));
    assert_eq!(row.status.as_deref(), Some("true"));
    assert_eq!(row.fields["seats"], "5");
    assert_eq!(row.fields["partner"], "false");
    // Fields that are not an object are refused, saying what was expected.
    let err = serde_json::from_str::<CrmRow>(r#"{"id": "1", "stage": "open", "fields": 5}"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: integer `5`, expected an object of field values"),
        "{err}"
    );
}

#[test]
fn nested_names_are_cut_at_the_limits_exactly() {
    use qualify::crm::Object;
    use qualify::limits::{MAX_FIELD_NAME_LEN, MAX_NESTING};
    // A nested name of exactly the limit is kept; one byte more is refused.
    let at = format!(r#"{{"a": {{"{}": "x"}}}}"#, "b".repeat(MAX_FIELD_NAME_LEN - 2));
    let Object(fields) = serde_json::from_str(&at).unwrap();
    assert_eq!(fields.keys().next().map(String::len), Some(MAX_FIELD_NAME_LEN));
    let past = format!(r#"{{"a": {{"{}": "x"}}}}"#, "b".repeat(MAX_FIELD_NAME_LEN - 1));
    let err = serde_json::from_str::<Object>(&past).unwrap_err().to_string();
    assert!(
        err.contains(&format!(
            "({} bytes) is a nested name longer than",
            MAX_FIELD_NAME_LEN + 1
        )),
        "{err}"
    );
    // A top-level name of exactly the limit holding an object: the names below it are the
    // ones too long, and each is named whole.
    let top = format!(r#"{{"{}": {{"c": "x"}}}}"#, "a".repeat(MAX_FIELD_NAME_LEN));
    let err = serde_json::from_str::<Object>(&top).unwrap_err().to_string();
    assert!(
        err.contains(&format!("({} bytes) is a nested name", MAX_FIELD_NAME_LEN + 2)),
        "{err}"
    );
    // A longer top-level name holding an object is named as written, without a dot.
    let long = format!(r#"{{"{}": {{"c": "x"}}}}"#, "a".repeat(300));
    let err = serde_json::from_str::<Object>(&long).unwrap_err().to_string();
    assert!(err.starts_with("invalid object: field \"aaaa"), "{err}");
    assert!(err.contains("(300 bytes) is a nested name"), "{err}");
    // Objects nested exactly the limit deep are read; one more level is refused.
    let nest = |levels: usize| {
        let mut json = r#""x""#.to_owned();
        for _ in 0..levels {
            json = format!(r#"{{"n": {json}}}"#);
        }
        json
    };
    let Object(fields) = serde_json::from_str(&nest(MAX_NESTING + 1)).unwrap();
    assert_eq!(fields.len(), 1);
    let err = serde_json::from_str::<Object>(&nest(MAX_NESTING + 2))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("nested more than {MAX_NESTING} deep")),
        "{err}"
    );
}

#[test]
fn an_excerpt_keeps_a_values_start_and_length_and_equals_only_a_whole_text() {
    use qualify::crm::Excerpt;
    let short = Excerpt::from(&"12,5k".to_owned());
    assert_eq!(
        (short.len(), short.is_empty(), short.is_whole()),
        (5, false, true)
    );
    assert!(short == "12,5k" && short == *"12,5k");
    assert!(short != "12,5" && short != *"12,5K");
    assert_eq!(Excerpt::from("12,5k".to_owned()), short);
    let empty = Excerpt::from(String::new());
    assert_eq!((empty.len(), empty.is_empty(), empty.is_whole()), (0, true, true));
    assert_eq!(empty, "");
    let text = "a".repeat(300);
    let long = Excerpt::from(&text);
    assert_eq!(
        (long.len(), long.is_empty(), long.is_whole()),
        (300, false, false)
    );
    // A cut excerpt equals no text, not even its own start or the whole value.
    assert!(long != text.as_str() && long != *long.as_str());
}

#[test]
fn an_excerpt_read_back_keeps_no_more_than_a_message_shows_nor_than_its_value() {
    use qualify::crm::Excerpt;
    let read = |json: serde_json::Value| serde_json::from_value::<Excerpt>(json).map_err(|e| e.to_string());
    assert_eq!(
        read(serde_json::json!({"text": "abc", "len": 3})),
        Ok(Excerpt::new("abc"))
    );
    assert!(read(serde_json::json!({"text": "a".repeat(64), "len": 300})).is_ok());
    assert_eq!(
        read(serde_json::json!({"text": "abc", "len": 2})),
        Err("an excerpt's text of 3 bytes is longer than its value, of 2 bytes".to_owned())
    );
    assert_eq!(
        read(serde_json::json!({"text": "a".repeat(65), "len": 300})),
        Err("an excerpt's text of 65 bytes is longer than a message shows".to_owned())
    );
}

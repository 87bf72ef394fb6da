//! Bounded echoes: whatever a CRM row, a mapping or a record's owner holds (up to 1 MB of
//! it, control characters included), every error, finding, audit and report of the crm and
//! pipeline modules repeats at most `MAX_ECHO_LEN` bytes of each value, so that its size
//! does not follow the value's.

use proptest::prelude::*;
use qualify::crm::{
    Audit, Claim, Crm, CrmRow, ImportError, Imported, Mapping, StageChange, StageLabel, presets,
};
use qualify::limits::MAX_ECHO_LEN;
use qualify::pipeline::{Period, Reports, Scope};
use qualify::testkit::sample::{self, Walk};
use qualify::{Actor, Policy, RecordId, Stage, Timestamp};

/// The most a message, a finding or one row's line may take, whatever the value: a few
/// echoes of [`MAX_ECHO_LEN`] bytes (each at most four times as long escaped) and words.
const BOUND: usize = 4 * 1024;
const _: () = assert!(4 * MAX_ECHO_LEN * 8 <= BOUND);

/// The most an audit or a report over a handful of rows may take.
const REPORT_BOUND: usize = 32 * 1024;

const ONE_MB: usize = 1 << 20;

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn as_of() -> Timestamp {
    ts("2026-11-25T09:00:00Z")
}

/// A generated value, shown in a failure by its length and start rather than whole.
#[derive(Clone)]
struct Big(String);

impl core::fmt::Debug for Big {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} bytes: {:?}…", self.0.len(), start(&self.0))
    }
}

/// A value of up to 1 MB: a unit repeated (a letter, a control character, an escape, a
/// quote, a multi-byte character), often to the full megabyte, then a short tail.
fn value() -> impl Strategy<Value = Big> {
    let units = prop::sample::select(vec![
        "a",
        "\u{0}",
        "\n",
        "\u{1b}[31m",
        "\u{7f}",
        "\"",
        "\\",
        "'",
        "é",
        "🦀",
        " ",
        "\t",
        "x1",
        "\u{202e}",
    ]);
    let len = prop_oneof![Just(ONE_MB), 0..=ONE_MB];
    (units, len, "[a-z\\x00-\\x1f]{0,4}").prop_map(|(unit, len, tail)| {
        let mut v = unit.repeat(len.min(ONE_MB - tail.len()) / unit.len());
        v.push_str(&tail);
        Big(v)
    })
}

/// The HubSpot deals preset, named and with a default currency.
fn plain_mapping() -> Mapping {
    let mut spec = presets::hubspot_deals().spec().clone();
    spec.name = "plain-v1".into();
    spec.currency = Some("EUR".into());
    Mapping::new(spec).unwrap()
}

/// A HubSpot deal row with a fit company and all four conditions.
fn deal(id: &str, stage: &str) -> CrmRow {
    let mut row = CrmRow::new(id, stage);
    row.amount = Some("30000".into());
    row.probability = Some("0.9".into());
    row.close_date = Some("2026-12-20T00:00:00Z".into());
    row.created = Some("2026-10-01T00:00:00Z".into());
    for (k, v) in [
        ("company.numberofemployees", "2400"),
        ("company.industry", "software"),
        ("company.country", "DE"),
        ("qualify_need", "month-end close takes 9 days"),
        ("qualify_budget_status", "approved"),
        ("qualify_budget_amount", "50000"),
        ("qualify_authority", "CFO Maria Lind"),
        ("qualify_access", "decision_maker"),
    ] {
        row.fields.insert(k.into(), v.into());
    }
    row
}

/// `text`'s first bytes, for a failure message that does not itself run to a megabyte.
fn start(text: &str) -> String {
    text.chars().take(100).collect()
}

/// Asserts `text`, what `what` shows, takes at most `bound` bytes.
fn small(what: &str, text: &str, bound: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        text.len() <= bound,
        "{what} is {} bytes, more than {bound}: {:?}",
        text.len(),
        start(text)
    );
    Ok(())
}

/// Every error, every finding (shown and serialized) and the audit (shown and serialized)
/// of `results` stay within the bounds.
fn all_small(results: &[Result<Imported, ImportError>]) -> Result<(), TestCaseError> {
    for result in results {
        match result {
            Ok(imported) => {
                for finding in &imported.findings {
                    small("a finding", &finding.to_string(), BOUND)?;
                    small(
                        "a serialized finding",
                        &serde_json::to_string(finding).unwrap(),
                        BOUND,
                    )?;
                }
            }
            Err(err) => small("an import error", &err.to_string(), BOUND)?,
        }
    }
    let audit = Audit::of(results).unwrap();
    small("the audit", &audit.to_string(), REPORT_BOUND)?;
    small(
        "the serialized audit",
        &serde_json::to_string(&audit).unwrap(),
        REPORT_BOUND,
    )?;
    for note in audit.refused.iter().chain(&audit.notes) {
        small("an audit note", &format!("{}: {}", note.id, note.note), BOUND)?;
    }
    for dressed in &audit.dressed {
        small("a dressed row's id", &dressed.id, BOUND)?;
        small("a dressed row's label", &dressed.label.to_string(), BOUND)?;
    }
    Ok(())
}

proptest! {
    // Few cases, as each value runs to a megabyte; a failure is not stored, as its input
    // would be a megabyte too.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(16) })]

    /// A row's stage label, id, amount, dates, probability, currency, owner, fields and
    /// stage history, and the row given for another row's record.
    #[test]
    fn a_row_repeats_at_most_an_echo_of_each_value(Big(v) in value()) {
        let (mapping, policy) = (plain_mapping(), Policy::default());
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let later = Crm::new(&mapping, &policy, ts("2026-12-01T00:00:00Z"), "import");
        let mut results = vec![
            crm.import(deal("s1", &v)),
            crm.import(deal(&v, "contractsent")),
            // Padded with the value's whitespace, if it is whitespace: the id reads trimmed.
            crm.import(deal(&format!("{v}s2{v}"), "contractsent")),
        ];
        let mut row = deal("v1", "contractsent");
        row.amount = Some(v.clone());
        row.close_date = Some(v.clone());
        row.created = Some(v.clone());
        row.probability = Some(v.clone());
        row.owner = Some(v.clone());
        row.fields.insert("company.numberofemployees".into(), v.clone());
        row.fields.insert("qualify_budget_status".into(), v.clone());
        row.fields.insert(v.clone(), v.clone());
        row.stage_history.push(StageChange::new(v.clone(), v.clone()));
        results.push(crm.import(row.clone()));
        let mut currency = deal("v2", "contractsent");
        currency.currency = Some(v.clone());
        results.push(crm.import(currency));
        // Labelled by the value: padded, so that a value of spaces is the label
        // `contractsent`, which a row without evidence is dressed as.
        results.push(crm.import(CrmRow::new("v3", format!("{v}contractsent{v}"))));

        // Re-imported: every value changed, and another row given for the record.
        let before = deal("v1", "contractsent");
        let first = crm.import(before.clone()).unwrap();
        results.push(later.reimport(first.record.clone(), &before, row.clone()));
        results.push(later.reimport(first.record.clone(), &before, deal(&v, "contractsent")));
        let mut other = deal(&format!("{v}v9"), "contractsent");
        other.owner = Some(v.clone());
        results.push(later.reimport(first.record.clone(), &before, other));
        all_small(&results)?;

        for imported in results.iter().flatten() {
            if let Err(err) = crm.write_back(imported) {
                small("an export error", &err.to_string(), BOUND)?;
            }
        }
    }

    /// Column names and labels in a mapping, and a mapping's name.
    #[test]
    fn a_mapping_repeats_at_most_an_echo_of_each_value(Big(v) in value()) {
        // The value in three places that break the checks: two slots share it, a reader
        // reads a slot's column, a label is listed twice.
        let mut spec = presets::hubspot_deals().spec().clone();
        spec.columns.amount = Some(v.clone());
        spec.columns.currency = Some(v.clone());
        spec.evidence.need = Some(v.clone());
        spec.stages.push(StageLabel::new(v.clone(), Claim::Lead));
        spec.stages.push(StageLabel::new(v.clone(), Claim::Lost));
        spec.stages.push(StageLabel::new(format!("{v}won"), Claim::Lost));
        let err = Mapping::new(spec).unwrap_err();
        prop_assert!(err.problems.len() >= 3, "{:?}", err.problems.len());
        small("a mapping error", &err.to_string(), BOUND)?;
        for problem in &err.problems {
            small("a mapping problem", &problem.to_string(), BOUND)?;
        }

        // A mapping that holds: every column and its name carry as much of the value as a
        // mapping takes (`limits::MAX_FIELD_NAME_LEN`, `MAX_LABEL_LEN`).
        let v = {
            let mut end = v.len().min(200);
            while !v.is_char_boundary(end) {
                end -= 1;
            }
            v[..end].to_owned()
        };
        let mut spec = presets::hubspot_deals().spec().clone();
        spec.name = format!("{v}#name");
        spec.currency = Some("EUR".into());
        spec.columns.amount = Some(format!("{v}#amount"));
        spec.columns.close_date = Some(format!("{v}#close"));
        spec.evidence.need = Some(format!("{v}#need"));
        spec.profile[0].column = format!("{v}#employees");
        spec.stages = vec![
            StageLabel::new(format!("{v}#open"), Claim::Opportunity),
            StageLabel::new(format!("{v}#lost"), Claim::Lost),
        ];
        // A mapping that refuses a record it has no label for, so that the error is seen.
        spec.unlabelled = qualify::crm::Unlabelled::Refuse;
        let mapping = Mapping::new(spec).unwrap();
        let policy = Policy::default();
        let crm = Crm::new(&mapping, &policy, as_of(), "import");
        let mut row = CrmRow::new("m1", format!("{v}#open"));
        row.amount = Some("12,5k".into());
        row.close_date = Some("soon".into());
        row.fields.insert(format!("{v}#employees"), "lots".into());
        let results = vec![
            crm.import(row),
            crm.import(CrmRow::new("m2", "closedwon")),
            crm.import(CrmRow::new("m3", format!("{v}#lost"))),
        ];
        all_small(&results)?;
        // A won record the mapping has no label for.
        let won = Walk::new(RecordId::new("w1").unwrap(), ts("2026-11-02T09:00:00Z"), Stage::Won).run(&policy);
        let err = crm.export(&won).unwrap_err();
        small("an export error", &err.to_string(), BOUND)?;
    }

    /// Owners' names in every pipeline report.
    #[test]
    fn a_report_repeats_at_most_an_echo_of_each_owner(Big(v) in value()) {
        let policy = Policy::default();
        let period = Period::new(ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z")).unwrap();
        let owners = [Actor::new(v.clone())];
        let records = sample::pipeline(&policy, period, 16, 7, &owners);
        let scope = Scope::new(&policy, period, period.to());
        let reports = Reports::from_records(&scope, &records).unwrap();
        for (name, shown) in [
            ("funnel", reports.funnel.to_string()),
            ("close rates", reports.close_rates.to_string()),
            ("forecast", reports.forecast.to_string()),
            ("calibration", reports.calibration.to_string()),
            ("triage", reports.triage.to_string()),
            ("ageing", reports.ageing.to_string()),
            ("velocity", reports.velocity.to_string()),
            ("review", reports.review.to_string()),
            ("reports", reports.to_string()),
        ] {
            small(name, &shown, REPORT_BOUND)?;
        }
    }
}

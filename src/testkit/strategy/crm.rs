//! Strategies for CRM interop: valid mappings, specs that may share a column write-back
//! writes, and rows a mapping reads, with values in its formats or not.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use rust_decimal::Decimal;

use crate::crm::format::{write_amount, write_date, write_probability};
use crate::crm::{
    BudgetMeaning, Choice, Claim, Columns, CrmRow, DateFormat, DecimalMark, EvidenceColumns, FitSource,
    ForecastMeaning, Mapping, MappingSpec, NeedMeaning, OnKnockout, PeriodFrom, Placeholders,
    ProbabilityScale, ProfileColumn, StageChange, StageLabel, StatusLabel, TimelinePeriod, Unlabelled,
    presets,
};
use crate::evidence::Access;
use crate::policy::Field;
use crate::states::ForecastCategory;
use crate::testkit::strategy::values::{DAY, shifted};
use crate::values::{Probability, Timestamp};

const DATES: [DateFormat; 5] = [
    DateFormat::Rfc3339,
    DateFormat::Date,
    DateFormat::DayMonthYear,
    DateFormat::MonthDayYear,
    DateFormat::UnixMillis,
];

/// A generated mapping's stage labels: one or two per claim, as CRMs have several open
/// stages that mean one thing, each with a default probability or none.
fn stage_labels() -> BoxedStrategy<Vec<StageLabel>> {
    let claims = Claim::ALL.to_vec();
    proptest::collection::vec((1_usize..=2, proptest::option::of(0_i64..=100)), claims.len())
        .prop_map(move |shape| {
            let mut labels = Vec::new();
            for (claim, (count, percent)) in claims.iter().zip(shape) {
                for n in 0..count {
                    let label = StageLabel::new(format!("{} {n}", claim.as_str().to_uppercase()), *claim);
                    labels.push(match percent {
                        Some(p) => label.with_probability(Decimal::new(p, 2)),
                        None => label,
                    });
                }
            }
            labels
        })
        .boxed()
}

/// Generated specs: random slot columns present or not, one or two labels per claim,
/// sometimes a status column, every evidence field, half the time a timeline period
/// (counted from `as_of` or from a date field), a need level, placeholders and fixed
/// reasons, a profile, sometimes a forecast column and the contact's name, company and the
/// reason, random formats, and half of them assuming fit for deals or disqualifying on a
/// knockout. Every
/// column is its own, so each passes its checks.
fn generated_specs() -> BoxedStrategy<MappingSpec> {
    (
        stage_labels(),
        any::<bool>(),
        proptest::sample::subsequence(DATES.to_vec(), 1..=DATES.len()),
        prop_oneof![Just(DecimalMark::Point), Just(DecimalMark::Comma)],
        prop_oneof![Just(ProbabilityScale::Fraction), Just(ProbabilityScale::Percent)],
        proptest::option::of(select(&["EUR", "USD"][..])),
        0_i64..=30,
        proptest::collection::vec(any::<bool>(), 6),
        proptest::collection::vec(any::<bool>(), 12),
    )
        .prop_map(
            |(stages, with_status, dates, decimal, scale, currency, tolerance, slots, others)| {
                let slot = |i: usize, name: &str| slots[i].then(|| format!("crm_{name}"));
                let columns = Columns {
                    status: with_status.then(|| "crm_status".to_owned()),
                    owner: slot(0, "owner"),
                    amount: slot(1, "amount").or_else(|| Some("crm_amount".into())),
                    currency: slot(2, "currency"),
                    close_date: slot(3, "close").or_else(|| Some("crm_close".into())),
                    probability: slot(4, "probability"),
                    created: slot(5, "created"),
                    ..Columns::new("crm_id", "crm_stage")
                };
                let mut spec = MappingSpec::new("generated-v1", columns, stages);
                if with_status {
                    spec.statuses = vec![
                        StatusLabel::new("active", None),
                        StatusLabel::new("closed won", Some(Claim::Won)),
                        StatusLabel::new("closed lost", Some(Claim::Lost)),
                    ];
                }
                spec.evidence = EvidenceColumns {
                    need: Some("need".into()),
                    budget: Some(Choice::new(
                        "budget",
                        [
                            ("approved", BudgetMeaning::Approved),
                            ("sought", BudgetMeaning::Sought),
                            ("none", BudgetMeaning::None),
                        ],
                    )),
                    // Half the mappings read the budget's amount from the row's amount.
                    budget_amount: slots[0].then(|| "budget amount".into()),
                    authority: Some("authority".into()),
                    access: Some(Choice::new(
                        "access",
                        [
                            ("decides", Some(Access::DecisionMaker)),
                            ("champion", Some(Access::Champion)),
                            ("none", None),
                        ],
                    )),
                    // Half the mappings read the decision date from a field of its own;
                    // the other half take the close date for it, as a host may opt in.
                    decide_by: others[4].then(|| "decide by".into()),
                    close_date_is_timeline: !others[4],
                    // Half read a period where the row has no decision date, counted from
                    // the import's moment or from when the row was last changed.
                    timeline_period: others[7].then(|| {
                        Choice::new(
                            "timeline",
                            [
                                ("this month", TimelinePeriod::ThisMonth),
                                ("this quarter", TimelinePeriod::ThisQuarter),
                                ("next quarter", TimelinePeriod::NextQuarter),
                                ("this year", TimelinePeriod::ThisYear),
                                ("next year", TimelinePeriod::NextYear),
                                ("unknown", TimelinePeriod::Unknown),
                            ],
                        )
                    }),
                    period_from: match others[8] {
                        true => PeriodFrom::Column("modified".into()),
                        false => PeriodFrom::AsOf,
                    },
                    ..EvidenceColumns::default()
                };
                spec.profile = vec![
                    ProfileColumn::new(Field::Employees, "employees"),
                    ProfileColumn::new(Field::Industry, "industry"),
                    ProfileColumn::new(Field::Country, "country"),
                    ProfileColumn::new(Field::Seniority, "seniority"),
                ];
                spec.forecast = others[0].then(|| {
                    Choice::new(
                        "forecast",
                        [
                            ("omitted", ForecastMeaning::Open(ForecastCategory::Omitted)),
                            ("pipeline", ForecastMeaning::Open(ForecastCategory::Pipeline)),
                            ("best case", ForecastMeaning::Open(ForecastCategory::BestCase)),
                            ("commit", ForecastMeaning::Open(ForecastCategory::Commit)),
                            ("closed won", ForecastMeaning::Won),
                            ("closed lost", ForecastMeaning::Lost),
                        ],
                    )
                });
                // One mapping in two refuses to write back a record it has no label for.
                if others[5] {
                    spec.unlabelled = Unlabelled::Refuse;
                }
                // One in two assumes fit for rows held at prospect or beyond, as the deal
                // presets do.
                if others[6] {
                    spec.fit = FitSource::AssumedAtProspect;
                }
                // One in two reads a need level beside the need's description.
                if others[9] {
                    spec.evidence.need_level = Some(Choice::new(
                        "need level",
                        [
                            ("must have", NeedMeaning::Matters),
                            ("good to have", NeedMeaning::None),
                        ],
                    ));
                }
                // One in two has placeholders for its text and picklist fields, and a
                // fixed reason for its lost and disqualified labels.
                if others[10] {
                    spec.placeholders = vec![
                        Placeholders::new("need", [PLACEHOLDER]),
                        Placeholders::new("access", ["-- none --"]),
                    ];
                    for stage in &mut spec.stages {
                        if matches!(stage.means, Claim::Lost | Claim::Disqualified) {
                            stage.reason = Some("closed in the CRM without a reason".into());
                        }
                    }
                }
                // One in two disqualifies an open row whose fit hits a knockout.
                if others[11] {
                    spec.knockouts = OnKnockout::Disqualify;
                }
                spec.name_column = others[1].then(|| "name".into());
                spec.company_column = others[2].then(|| "company".into());
                spec.reason_column = others[3].then(|| "reason".into());
                spec.formats.dates = dates;
                spec.formats.decimal = decimal;
                spec.formats.probability = scale;
                spec.currency = currency.map(str::to_owned);
                spec.tolerance = Decimal::new(tolerance, 2);
                spec
            },
        )
        .boxed()
}

/// Generated mappings: [`generated_specs`], checked.
fn generated() -> BoxedStrategy<Mapping> {
    generated_specs()
        .prop_filter_map("a generated mapping passes its checks", |spec| {
            Mapping::new(spec).ok()
        })
        .boxed()
}

/// Valid mappings: the presets (with a default currency, as a host sets one), and
/// generated mappings over random columns, labels and formats. Shrinks toward the first
/// preset.
pub fn mappings() -> BoxedStrategy<Mapping> {
    let presets: Vec<Mapping> = presets::all()
        .into_iter()
        .filter_map(|m| {
            let mut spec = m.spec().clone();
            spec.currency = Some("EUR".into());
            Mapping::new(spec).ok()
        })
        .collect();
    prop_oneof![1 => select(presets), 2 => generated()].boxed()
}

/// Mapping specs as a host writes them: half the time a valid mapping's spec (a preset's,
/// or a generated one), and half the time such a spec with one column that write-back
/// writes (a slot but the id, an evidence or profile field, the forecast) set to another
/// part's column, which [`Mapping::new`] refuses. Shrinks toward the valid spec.
pub fn specs() -> BoxedStrategy<MappingSpec> {
    let valid = mappings().prop_map(|m| m.spec().clone());
    let planted = (valid.clone(), any::<Index>(), any::<Index>()).prop_map(|(mut spec, w, o)| {
        let mut columns = columns_mut(&mut spec);
        let writers: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].0).collect();
        let writer = writers[w.index(writers.len())];
        let others: Vec<usize> = (0..columns.len()).filter(|&i| i != writer).collect();
        let column = columns[others[o.index(others.len())]].1.clone();
        *columns[writer].1 = column;
        spec
    });
    prop_oneof![valid, planted].boxed()
}

/// Every column `spec` names, and whether write-back writes it: every slot but the id,
/// every evidence and profile field but a timeline's period and the date it is counted
/// from, and the forecast; not the contact's name, email or company, nor the reason. Never
/// empty: the stage is written.
fn columns_mut(spec: &mut MappingSpec) -> Vec<(bool, &mut String)> {
    let (c, e) = (&mut spec.columns, &mut spec.evidence);
    let mut all: Vec<(bool, &mut String)> = vec![(false, &mut c.id), (true, &mut c.stage)];
    let written = [
        &mut c.status,
        &mut c.owner,
        &mut c.amount,
        &mut c.currency,
        &mut c.close_date,
        &mut c.probability,
        &mut c.created,
        &mut e.need,
        &mut e.budget_amount,
        &mut e.authority,
        &mut e.decide_by,
    ];
    all.extend(written.into_iter().flatten().map(|c| (true, c)));
    let read = [
        &mut spec.name_column,
        &mut spec.email_column,
        &mut spec.company_column,
        &mut spec.reason_column,
    ];
    all.extend(read.into_iter().flatten().map(|c| (false, c)));
    all.extend(e.timeline_period.iter_mut().map(|c| (false, &mut c.column)));
    if let PeriodFrom::Column(column) = &mut e.period_from {
        all.push((false, column));
    }
    all.extend(e.budget.iter_mut().map(|c| (true, &mut c.column)));
    all.extend(e.access.iter_mut().map(|c| (true, &mut c.column)));
    all.extend(spec.forecast.iter_mut().map(|c| (true, &mut c.column)));
    all.extend(spec.profile.iter_mut().map(|p| (true, &mut p.column)));
    all
}

/// A value as text, `good` in the mapping's format eight times in ten, or something no
/// format reads, or absent.
fn value(good: String, bad: &'static str) -> BoxedStrategy<Option<String>> {
    prop_oneof![8 => Just(Some(good)), 1 => Just(Some(bad.to_owned())), 1 => Just(None)].boxed()
}

/// Rows `mapping` reads, around `at`: a stage (and status) label the mapping lists, in a
/// random case; the slots the mapping names, each written in its formats, written so no
/// format reads it, or absent; every evidence and profile field, substantive, hollow or
/// absent; a forecast label, the contact's name and company and a reason, or absent; a
/// field no mapping reads; and a short stage history. In one row of four every value is
/// padded with spaces, as CRMs and hand-edited exports leave them: each reads as the value
/// it pads, so a write-back must keep it as written. Shrinks toward fewer values.
pub fn rows(mapping: &Mapping, at: Timestamp) -> BoxedStrategy<CrmRow> {
    let spec = mapping.spec().clone();
    let stages: Vec<String> = spec.stages.iter().map(|s| s.label.clone()).collect();
    let statuses: Vec<String> = spec.statuses.iter().map(|s| s.label.clone()).collect();
    let f = spec.formats.clone();
    let budget_labels: Vec<String> = spec
        .evidence
        .budget
        .as_ref()
        .map(|c| c.labels.iter().map(|(l, _)| l.clone()).collect())
        .unwrap_or_default();
    let period_labels: Vec<String> = spec
        .evidence
        .timeline_period
        .as_ref()
        .map(|c| c.labels.iter().map(|(l, _)| l.clone()).collect())
        .unwrap_or_default();
    let period_from = match &spec.evidence.period_from {
        PeriodFrom::Column(column) => Some(column.clone()),
        PeriodFrom::AsOf => None,
    };
    let access_labels: Vec<String> = spec
        .evidence
        .access
        .as_ref()
        .map(|c| c.labels.iter().map(|(l, _)| l.clone()).collect())
        .unwrap_or_default();
    // Several picks of a multi-select picklist: the access labels joined, last first.
    let access_labels: Vec<String> = match access_labels.as_slice() {
        [first, .., last] => access_labels
            .iter()
            .cloned()
            .chain([format!("{last};{first}")])
            .collect(),
        _ => access_labels,
    };
    let level_labels: Vec<String> = spec
        .evidence
        .need_level
        .as_ref()
        .map(|c| c.labels.iter().map(|(l, _)| l.clone()).collect())
        .unwrap_or_default();
    let placeholders: Vec<(String, String)> = spec
        .placeholders
        .iter()
        .filter_map(|p| p.values.first().map(|v| (p.column.clone(), v.clone())))
        .collect();
    (
        (
            0_u32..10_000,
            select(stages),
            any::<bool>(),
            proptest::option::of(select(or_blank(&statuses))),
        ),
        (1_i64..=2_000_000, 0_i64..=100, -30_i64..=180, 1_i64..=365),
        (
            mostly(
                "month-end close takes 9 days",
                &["TBD", "two ledgers to reconcile"],
            ),
            proptest::option::weighted(0.9, mostly_first(&budget_labels)),
            mostly("CFO Maria Lind", &["n/a", "VP Sales"]),
            proptest::option::weighted(0.9, mostly_first(&access_labels)),
        ),
        (
            proptest::option::weighted(0.9, 100_u32..=20_000),
            proptest::option::weighted(0.9, mostly("software", &["saas", "retail"])),
            proptest::option::weighted(0.9, mostly("DE", &["US", "BR"])),
            proptest::option::weighted(0.9, mostly("director", &["c_level", "student"])),
        ),
        proptest::collection::vec(any::<u8>(), 19),
    )
        .prop_flat_map(move |(label, numbers, evidence, profile, picks)| {
            let (level_labels, placeholders) = (level_labels.clone(), placeholders.clone());
            let (n, stage, upper, status) = label;
            let (cents, percent, close_days, age_days) = numbers;
            let amount = write_amount(f.decimal, Decimal::new(cents, 2));
            let p = Probability::new(Decimal::new(percent, 2)).unwrap_or(Probability::ZERO);
            let close = write_date(&f, shifted(at, close_days * DAY));
            let created = write_date(&f, shifted(at, -age_days * DAY));
            let columns = spec.columns.clone();
            let e = spec.evidence.clone();
            let profile_columns = spec.profile.clone();
            let forecast = spec.forecast.clone();
            let forecast_column = forecast.as_ref().map(|c| c.column.clone());
            let period_column = e.timeline_period.as_ref().map(|c| c.column.clone());
            let (period_labels, period_from) = (period_labels.clone(), period_from.clone());
            let formats = f.clone();
            let (name, company) = (spec.name_column.clone(), spec.company_column.clone());
            let reason = spec.reason_column.clone();
            let stage = if upper { stage.to_uppercase() } else { stage };
            let status = status.filter(|_| columns.status.is_some());
            let slot = move |name: &Option<String>, s: BoxedStrategy<Option<String>>| {
                if name.is_some() { s } else { Just(None).boxed() }
            };
            (
                slot(&columns.owner, value(format!("owner-{}", n % 5), "")),
                slot(&columns.amount, value(amount.clone(), "12k")),
                slot(&columns.currency, value("EUR".into(), "euro")),
                slot(&columns.close_date, value(close.clone(), "next quarter")),
                slot(
                    &columns.probability,
                    value(write_probability(f.probability, f.decimal, p), "likely"),
                ),
                slot(&columns.created, value(created.clone(), "yesterday")),
            )
                .prop_map(
                    move |(owner, amount, currency, close_date, probability, created)| {
                        let (need, budget, person, access) = evidence.clone();
                        let (need, person) = (need.to_owned(), person.to_owned());
                        let mut row = CrmRow::new(format!("row-{n}"), stage.clone());
                        row.status = status.clone();
                        row.owner = owner.filter(|o| !o.is_empty());
                        row.amount = amount;
                        row.currency = currency;
                        row.close_date = close_date;
                        row.probability = probability;
                        row.created = created.clone();
                        let budget_amount = amount_text(&row);
                        let mut put = |column: &Option<String>, value: Option<String>, pick: u8| {
                            if let (Some(c), Some(v)) = (column, value)
                                && !pick.is_multiple_of(8)
                            {
                                row.fields.insert(c.clone(), v);
                            }
                        };
                        put(&e.need, Some(need), picks[0]);
                        put(
                            &e.budget.as_ref().map(|c| c.column.clone()),
                            budget.clone(),
                            picks[1],
                        );
                        put(&e.budget_amount, Some(budget_amount), picks[2]);
                        put(&e.authority, Some(person), picks[3]);
                        put(
                            &e.access.as_ref().map(|c| c.column.clone()),
                            access.clone(),
                            picks[4],
                        );
                        put(&e.decide_by, Some(close.clone()), picks[5]);
                        // A period label, or one the mapping does not list; and the date it
                        // is counted from, some months back, or one that does not read.
                        let label = period_labels
                            .get(usize::from(picks[14]) % (period_labels.len() + 1))
                            .cloned()
                            .unwrap_or_else(|| "soonish".into());
                        put(&period_column, Some(label), picks[15]);
                        let modified = match picks[16] % 10 {
                            0 => "last week".to_owned(),
                            k => write_date(&formats, shifted(at, -i64::from(k) * 20 * DAY)),
                        };
                        put(&period_from, Some(modified), picks[16]);
                        if let Some(level) = &e.need_level {
                            let pick = usize::from(picks[17]) % level_labels.len().max(1);
                            put(
                                &Some(level.column.clone()),
                                level_labels.get(pick).cloned(),
                                picks[17],
                            );
                        }
                        let (employees, industry, country, seniority) = profile;
                        for p in &profile_columns {
                            let v = match &p.field {
                                Field::Employees => employees.map(|n| n.to_string()),
                                Field::Industry => industry.map(str::to_owned),
                                Field::Country => country.map(str::to_owned),
                                Field::Seniority => seniority.map(str::to_owned),
                                _ => None,
                            };
                            put(&Some(p.column.clone()), v, picks[6]);
                        }
                        // The forecast, a person's call or a closed deal's, and what only
                        // the contact and the reason read.
                        let call = forecast.as_ref().and_then(|c| {
                            let (labels, pick) = (&c.labels, usize::from(picks[8]));
                            labels.get(pick % labels.len().max(1)).map(|(l, _)| l.clone())
                        });
                        put(&forecast_column, call, picks[9]);
                        put(&name, Some(format!("Contact {n}")), picks[10]);
                        put(&company, Some("Acme GmbH".into()), picks[11]);
                        put(&reason, Some("went with a competitor".into()), picks[12]);
                        // A field holding its placeholder now and then.
                        for (column, placeholder) in &placeholders {
                            if picks[18].is_multiple_of(5) {
                                row.fields.insert(column.clone(), placeholder.clone());
                            }
                        }
                        row.fields.insert("x_note".into(), format!("kept {n}"));
                        if picks[7].is_multiple_of(3) {
                            let at = created.clone().unwrap_or_default();
                            row.stage_history = vec![StageChange::new(stage.clone(), at)];
                        }
                        if picks[13].is_multiple_of(4) {
                            pad(&mut row);
                        }
                        row
                    },
                )
        })
        .boxed()
}

/// Pads every value of `row` but the unread `x_note` with a space on each side.
fn pad(row: &mut CrmRow) {
    let padded = |v: &mut String| *v = format!(" {v} ");
    padded(&mut row.stage);
    for v in [
        &mut row.status,
        &mut row.owner,
        &mut row.amount,
        &mut row.currency,
        &mut row.close_date,
        &mut row.probability,
        &mut row.created,
    ]
    .into_iter()
    .flatten()
    {
        padded(v);
    }
    for (k, v) in &mut row.fields {
        if k != "x_note" {
            padded(v);
        }
    }
}

/// The placeholder generated mappings give their need field.
const PLACEHOLDER: &str = "[not provided]";

/// The row's amount as its budget's, or a placeholder amount when the row has none.
fn amount_text(row: &CrmRow) -> String {
    row.amount.clone().unwrap_or_else(|| "1000".into())
}

/// `usual` three times in four, else one of `others`.
fn mostly(usual: &'static str, others: &'static [&'static str]) -> BoxedStrategy<&'static str> {
    prop_oneof![3 => Just(usual), 1 => select(others)].boxed()
}

/// The first of `labels` three times in four (a choice's first label is its strongest:
/// an approved budget, a decision maker), else any; blank for a mapping without any.
fn mostly_first(labels: &[String]) -> BoxedStrategy<String> {
    let all = or_blank(labels);
    prop_oneof![3 => Just(all[0].clone()), 1 => select(all)].boxed()
}

/// Labels to pick from: a blank one for a mapping without any, which reads as absent.
fn or_blank(labels: &[String]) -> Vec<String> {
    if labels.is_empty() {
        vec![String::new()]
    } else {
        labels.to_vec()
    }
}

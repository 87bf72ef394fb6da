//! The checks [`Mapping::new`](super::Mapping::new) runs on a spec, part by part: texts and
//! lists within their limits, labels listed once, choices, and the columns write-back writes
//! read by no other part. Each reports through `problem(path, what)`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::crm::labels::{Choice, Claim, normalize};
use crate::crm::mapping::{MappingSpec, PeriodFrom};
use crate::policy::limits::{MAX_CHOICES, MAX_FIELD_NAME_LEN, MAX_LABEL_LEN, MAX_PROFILE_COLUMNS};
use crate::values::{Echo, Reason};

/// Checks a name or a column: not blank, and at most `max` bytes long.
pub(super) fn text(path: String, text: &str, max: usize, problem: &mut impl FnMut(String, String)) {
    if text.trim().is_empty() {
        problem(path, "is blank".into());
    } else if text.len() > max {
        problem(
            path,
            format!("must be at most {max} bytes long, found {}", text.len()),
        );
    }
}

/// Notes what keeps `reason`, the fixed reason of a label meaning `means`, from being kept:
/// a label that closes nothing as lost or disqualified, or a text no reason can be.
pub(super) fn fixed_reason(
    path: String,
    means: Option<Claim>,
    reason: &str,
    problem: &mut impl FnMut(String, String),
) {
    if !matches!(means, Some(Claim::Lost | Claim::Disqualified)) {
        problem(
            path.clone(),
            "only a label meaning lost or disqualified has a reason".into(),
        );
    }
    if let Err(e) = Reason::new(reason) {
        problem(path, e.to_string());
    }
}

/// Checks a list holds at most `max` entries. Only the first `max` are checked further.
pub(super) fn count(path: &str, len: usize, max: usize, problem: &mut impl FnMut(String, String)) {
    if len > max {
        problem(
            path.into(),
            format!("must hold at most {max} entries, found {len}"),
        );
    }
}

/// Normalizes a list of at most `max` labels, noting blank ones, long ones and repeats;
/// sorted for lookup. Each label is looked up once by its normalized form, so the check is
/// linear in the labels' length.
pub(super) fn labels<'a>(
    path: &str,
    labels: impl ExactSizeIterator<Item = &'a str>,
    max: usize,
    problem: &mut impl FnMut(String, String),
) -> Vec<(String, usize)> {
    count(path, labels.len(), max, problem);
    // Each normalized label, by the first label that has it.
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, label) in labels.take(max).enumerate() {
        let key = normalize(label);
        if key.is_empty() {
            problem(format!("{path}[{i}].label"), "is blank".into());
        } else if label.len() > MAX_LABEL_LEN {
            problem(
                format!("{path}[{i}].label"),
                format!(
                    "must be at most {MAX_LABEL_LEN} bytes long, found {}",
                    label.len()
                ),
            );
        } else {
            match first.entry(key) {
                Entry::Occupied(j) => problem(
                    format!("{path}[{i}].label"),
                    format!(
                        "{} is the label of {path}[{}] already (labels match ignoring case, spaces, `_` and `-`)",
                        Echo::quoted(label),
                        j.get()
                    ),
                ),
                Entry::Vacant(free) => {
                    free.insert(i);
                }
            }
        }
    }
    let mut sorted: Vec<(String, usize)> = first.into_iter().collect();
    sorted.sort_unstable();
    sorted
}

/// Checks a choice: its column is a column, and it lists at most [`MAX_CHOICES`] labels,
/// each once.
pub(super) fn choice<T>(path: &str, choice: &Choice<T>, problem: &mut impl FnMut(String, String)) {
    text(
        format!("{path}.column"),
        &choice.column,
        MAX_FIELD_NAME_LEN,
        problem,
    );
    if choice.labels.is_empty() {
        problem(format!("{path}.labels"), "is empty".into());
    }
    labels(
        &format!("{path}.labels"),
        choice.labels.iter().map(|(l, _)| l.as_str()),
        MAX_CHOICES,
        problem,
    );
}

/// Checks which parts share a column. A slot's column moves into the row's slot, so no
/// other slot or part finds it; and write-back writes its columns, so no other part may
/// read one: a forecast column that is the need's would be written over the need. Parts
/// that only read (the contact's name, email and company, the reason, a timeline's period
/// and the date it is counted from) may share one.
///
/// Each part is looked up once by its column, so the check is linear in the spec.
pub(super) fn shared_columns(spec: &MappingSpec, problem: &mut impl FnMut(String, String)) {
    let (c, e) = (&spec.columns, &spec.evidence);
    // Blank columns are problems of their own.
    let named = |column: &String| !column.trim().is_empty();
    let slots = [("id", Some(&c.id)), ("stage", Some(&c.stage))]
        .into_iter()
        .chain(c.optional().map(|(slot, column)| (slot, column.as_ref())))
        .filter_map(|(slot, column)| column.filter(|c| named(c)).map(|c| (slot, c)));
    // Every other part with a column, in the spec's order, and whether write-back writes it.
    let profile = spec.profile.iter().enumerate().take(MAX_PROFILE_COLUMNS);
    let period_from = match &e.period_from {
        PeriodFrom::Column(column) => Some(column),
        PeriodFrom::AsOf => None,
    };
    let parts: Vec<(String, &String, bool)> = [
        ("evidence.need", e.need.as_ref(), true),
        ("evidence.budget_amount", e.budget_amount.as_ref(), true),
        ("evidence.authority", e.authority.as_ref(), true),
        ("evidence.decide_by", e.decide_by.as_ref(), true),
        ("name_column", spec.name_column.as_ref(), false),
        ("email_column", spec.email_column.as_ref(), false),
        ("company_column", spec.company_column.as_ref(), false),
        ("reason_column", spec.reason_column.as_ref(), false),
        ("won_amount_column", spec.won_amount_column.as_ref(), true),
        (
            "currency_ids.column",
            spec.currency_ids.as_ref().map(|c| &c.column),
            false,
        ),
        ("source.column", spec.source.as_ref().map(|c| &c.column), false),
        (
            "evidence.need_level.column",
            e.need_level.as_ref().map(|c| &c.column),
            true,
        ),
        (
            "evidence.budget.column",
            e.budget.as_ref().map(|c| &c.column),
            true,
        ),
        (
            "evidence.access.column",
            e.access.as_ref().map(|c| &c.column),
            true,
        ),
        ("forecast.column", spec.forecast.as_ref().map(|c| &c.column), true),
        // Write-back leaves a timeline's period, and the date it is counted from, as
        // they are.
        (
            "evidence.timeline_period.column",
            e.timeline_period.as_ref().map(|c| &c.column),
            false,
        ),
        ("evidence.period_from.column", period_from, false),
    ]
    .into_iter()
    .map(|(path, column, writes)| (path.to_owned(), column, writes))
    .chain(profile.map(|(i, p)| (format!("profile[{i}].column"), Some(&p.column), true)))
    .filter_map(|(path, column, writes)| column.filter(|c| named(c)).map(|c| (path, c, writes)))
    .collect();
    // Each column's parts, by their place in `parts`, and the first that write-back writes.
    let mut by_column: HashMap<&str, (Vec<usize>, Option<usize>)> = HashMap::new();
    for (i, (_, column, writes)) in parts.iter().enumerate() {
        let (sharing, writer) = by_column.entry(column.as_str()).or_default();
        sharing.push(i);
        if *writes && writer.is_none() {
            *writer = Some(i);
        }
    }
    let mut taken: HashMap<&str, &str> = HashMap::new();
    for (slot, column) in slots {
        let shown = Echo::quoted(column);
        match taken.entry(column.as_str()) {
            Entry::Occupied(other) => problem(
                format!("columns.{slot}"),
                format!("{shown} is the column of columns.{} already", other.get()),
            ),
            Entry::Vacant(free) => {
                free.insert(slot);
                for &i in by_column.get(column.as_str()).into_iter().flat_map(|(s, _)| s) {
                    problem(
                        parts[i].0.clone(),
                        format!("{shown} is the column of columns.{slot}, which the row takes as its own"),
                    );
                }
            }
        }
    }
    // Past the slots, a column write-back writes has one part: every other is a problem,
    // naming the column's first part, or the part that writes it.
    for (i, (path, column, writes)) in parts.iter().enumerate() {
        let Some((sharing, Some(writer))) = by_column.get(column.as_str()) else {
            continue;
        };
        let first = sharing[0];
        if first == i || taken.contains_key(column.as_str()) {
            continue;
        }
        let shown = Echo::quoted(column);
        let message = if *writes {
            let first = &parts[first].0;
            format!("{shown} is the column of {first} already: write-back would write over it")
        } else {
            let writer = &parts[*writer].0;
            format!("{shown} is the column of {writer}, which write-back writes")
        };
        problem(path.clone(), message);
    }
}

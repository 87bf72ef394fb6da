//! Reading a row's values under the mapping, noting every one that cannot be read.

use rust_decimal::prelude::ToPrimitive;

use crate::crm::excerpt::{Excerpt, row_id};
use crate::crm::finding::{Finding, ImportError};
use crate::crm::format;
use crate::crm::import::Crm;
use crate::crm::labels::{BudgetMeaning, Claim, NeedMeaning, TimelinePeriod};
use crate::crm::mapping::{Mapping, PeriodFrom};
use crate::crm::row::{CrmRow, StageChange};
use crate::evidence::BudgetStatus;
use crate::policy::Field;
use crate::profile::{Contact, Profile, Seniority, Source, Value};
use crate::values::{Actor, Currency, Money, Probability, Reason, RecordId, Timestamp};

/// What a number that reached the row as a float, its digits perhaps rounded away, should
/// have been: the shortest form of the float has more than 15 significant digits, so the
/// digits first written cannot be told from it.
const LOST_DIGITS: &str = "a number a float holds exactly (at most 15 significant digits): \
                           it came as a float that may have lost digits, so send numbers as strings";

/// What the date a timeline period is counted from should have been, when it is blank or
/// does not read: without it the period gives no timeline.
const PERIOD_FROM: &str = "a date in the mapping's formats, to count the timeline period from";

/// What an amount that does not read should have been.
const AN_AMOUNT: &str = "an amount in the mapping's decimal format";

/// What the amount of an approved budget that does not read should have been: the budget
/// counts all the same.
const APPROVED_AMOUNT: &str =
    "an amount in the mapping's decimal format (the budget counts as approved, its amount unknown)";

/// A row's values, read under the mapping.
pub(crate) struct Reading {
    pub(crate) id: RecordId,
    pub(crate) claim: Claim,
    pub(crate) label: String,
    pub(crate) owner: Option<Actor>,
    pub(crate) created: Option<Timestamp>,
    pub(crate) amount: Option<Money>,
    /// What a won row was won for: the mapping's won-amount field, else the amount.
    pub(crate) won: Option<Money>,
    pub(crate) close: Option<Timestamp>,
    pub(crate) probability: Option<Probability>,
    pub(crate) stated: Option<Probability>,
    pub(crate) profile: Option<Profile>,
    pub(crate) need: Option<String>,
    pub(crate) budget: Option<BudgetStatus>,
    pub(crate) authority: Option<(String, crate::evidence::Access)>,
    pub(crate) decide_by: Option<Timestamp>,
    /// The newest date of the row's stage history that reads: when the CRM last moved it.
    pub(crate) last_stage_change: Option<Timestamp>,
    pub(crate) contact: Contact,
    pub(crate) company: Option<String>,
    /// Where the lead came from, where the mapping reads it.
    pub(crate) source: Option<Source>,
    pub(crate) reason: Option<Reason>,
    pub(crate) findings: Vec<Finding>,
}

impl Crm<'_> {
    /// Reads a row's values under the mapping, noting each that cannot be read.
    pub(crate) fn read<'r>(&self, row: &'r CrmRow) -> Result<Reading, ImportError> {
        let m = self.mapping;
        let spec = m.spec();
        let columns = &spec.columns;
        let id = id(row)?;
        let (claim, label) = self.claim(row)?;
        let mut n = Notes {
            mapping: m,
            findings: Vec::new(),
        };
        let slot = |column: &Option<String>, name: &str| column.clone().unwrap_or_else(|| name.to_owned());
        // A slot's value, unless it is blank or one of its column's placeholders.
        let given = |column: &Option<String>, value: &'r Option<String>| {
            given(value).filter(|v| column.as_deref().is_none_or(|c| !m.is_placeholder(c, v)))
        };
        let field = |name: &str| given_field(m, row, name);
        let created_at = given(&columns.created, &row.created);
        let created = created_at.and_then(|v| n.date(&slot(&columns.created, "created"), v));
        let close_at = given(&columns.close_date, &row.close_date);
        let close = close_at.and_then(|v| n.date(&slot(&columns.close_date, "close_date"), v));
        self.dates(&mut n, claim, (created, created_at), (close, close_at));
        let currency = match given(&columns.currency, &row.currency) {
            // A code that does not read is not replaced by the default: the amount would be
            // read in a currency the row does not say.
            Some(code) => Currency::new(code.trim()).ok().or_else(|| {
                n.unreadable(&slot(&columns.currency, "currency"), code, "a currency code");
                None
            }),
            // The CRM's id for the currency, where the mapping lists its ids.
            None => match m.spec().currency_ids.as_ref() {
                Some(ids) => match field(&ids.column) {
                    Some(id) => ids.read(id).or_else(|| {
                        n.unreadable(&ids.column, id, "one of the mapping's currency ids");
                        None
                    }),
                    None => m.currency(),
                },
                None => m.currency(),
            },
        };
        let amount = given(&columns.amount, &row.amount)
            .and_then(|v| n.money(&slot(&columns.amount, "amount"), v, currency));
        let won = match spec.won_amount_column.as_deref() {
            Some(column) => match field(column) {
                Some(v) => n.money(column, v, currency),
                None => amount,
            },
            None => amount,
        };
        let probability = given(&columns.probability, &row.probability).and_then(|v| {
            let f = &spec.formats;
            let read = format::probability(f.probability, f.decimal, v);
            if read.is_none() {
                let expected = match format::lost_digits(f.decimal, v) {
                    true => LOST_DIGITS,
                    false => "a probability in the mapping's scale",
                };
                n.unreadable(&slot(&columns.probability, "probability"), v, expected);
            }
            read
        });
        let e = &spec.evidence;
        // A need level, where the mapping reads one, must say the need matters.
        let matters = match &e.need_level {
            None => true,
            Some(level) => match field(&level.column) {
                Some(v) => match level.read(v) {
                    Some(meaning) => meaning == NeedMeaning::Matters,
                    None => {
                        n.unreadable(&level.column, v, "one of the mapping's need level labels");
                        false
                    }
                },
                None => false,
            },
        };
        let need = e
            .need
            .as_deref()
            .and_then(field)
            .filter(|_| matters)
            .map(str::to_owned);
        let budget = e.budget.as_ref().and_then(|choice| {
            let v = field(&choice.column)?;
            let Some(meaning) = choice.read(v) else {
                n.unreadable(&choice.column, v, "one of the mapping's budget labels");
                return None;
            };
            // The budget's amount: its column's, else the row's amount; with its text, if
            // any.
            let (amount, text) = match &e.budget_amount {
                Some(col) => {
                    let text = field(col);
                    // An approved budget counts whatever its amount says, in a currency.
                    let expected = match (meaning, currency) {
                        (BudgetMeaning::Approved, Some(_)) => APPROVED_AMOUNT,
                        _ => AN_AMOUNT,
                    };
                    (text.and_then(|a| n.money_or(col, a, currency, expected)), text)
                }
                None => (amount, given(&columns.amount, &row.amount)),
            };
            match (meaning, amount) {
                (BudgetMeaning::Approved, Some(amount)) => Some(BudgetStatus::Approved { amount }),
                // Approved, for an amount the row does not say or that does not read (noted
                // as it was read): the budget exists, in the row's currency.
                (BudgetMeaning::Approved, None) => match currency {
                    Some(currency) => {
                        if text.is_none() {
                            let field = match &e.budget_amount {
                                Some(col) => Excerpt::new(col),
                                None => Excerpt::new(&slot(&columns.amount, "amount")),
                            };
                            n.findings.push(Finding::BudgetWithoutAmount { field });
                        }
                        Some(BudgetStatus::ApprovedAmountUnknown { currency })
                    }
                    // No currency either, so nothing to hold a won deal to: no budget.
                    None => {
                        n.unreadable(&choice.column, v, "an approved budget with an amount");
                        None
                    }
                },
                (BudgetMeaning::Sought, amount) => Some(BudgetStatus::Sought { amount }),
                (BudgetMeaning::None, _) => None,
            }
        });
        let authority = match (&e.authority, &e.access) {
            (Some(person), Some(choice)) => match (field(person), field(&choice.column)) {
                (Some(person), Some(v)) => match choice.read(v) {
                    Some(access) => access.map(|a| (person.to_owned(), a)),
                    None => {
                        n.unreadable(&choice.column, v, "one of the mapping's access labels");
                        None
                    }
                },
                _ => None,
            },
            _ => None,
        };
        // A decision date wins; the period is read when there is none, and the close date,
        // where the mapping takes it for one, last.
        let decide_by = match e.decide_by.as_deref().and_then(|col| Some((col, field(col)?))) {
            Some((col, v)) => n.date(col, v),
            None => match self.period(&mut n, row) {
                Some(end) => end,
                None if e.decide_by.is_none() && e.close_date_is_timeline => close,
                None => None,
            },
        };
        let mut profile = Profile::new();
        let mut facts = false;
        for p in &spec.profile {
            if let Some(v) = field(&p.column) {
                facts |= n.profile(&mut profile, &p.field, &p.column, v);
            }
        }
        let last_stage_change = n.history(&row.stage_history);
        let text = |column: &Option<String>| column.as_deref().and_then(field);
        let written = text(&spec.reason_column).and_then(|r| match Reason::new(r) {
            Ok(reason) => Some(reason),
            Err(_) => {
                let column = spec.reason_column.as_deref().unwrap_or("reason");
                n.unreadable(
                    column,
                    r,
                    "a reason the crate can keep (not blank, not a placeholder such as TBD, at most 1024 bytes)",
                );
                None
            }
        });
        // The closed label's fixed reason, for a row whose reason field is empty (checked
        // when the mapping was made, so it reads).
        let reason = written.or_else(|| self.fixed_reason(row).and_then(|r| Reason::new(r).ok()));
        Ok(Reading {
            id,
            claim,
            label,
            owner: given(&columns.owner, &row.owner).map(str::trim).map(Actor::new),
            created,
            amount,
            won,
            close,
            probability,
            stated: probability.or_else(|| {
                m.stage_label(&row.stage)
                    .and_then(|s| s.probability)
                    .and_then(|p| Probability::new(p).ok())
            }),
            profile: facts.then_some(profile),
            need,
            budget,
            authority,
            decide_by,
            last_stage_change,
            contact: Contact::new(
                text(&spec.name_column).unwrap_or_default(),
                text(&spec.email_column).unwrap_or_default(),
            ),
            company: text(&spec.company_column).map(str::to_owned),
            // A label the mapping lists, else the CRM's own word for it.
            source: spec.source.as_ref().and_then(|choice| {
                let v = field(&choice.column)?;
                choice.read(v).or_else(|| v.parse::<Source>().ok())
            }),
            reason,
            findings: n.findings,
        })
    }

    /// The fixed reason of the label that decided the row's claim, if it has one.
    fn fixed_reason(&self, row: &CrmRow) -> Option<&str> {
        let m = self.mapping;
        let deciding = m
            .spec()
            .columns
            .status
            .as_ref()
            .and(given(&row.status))
            .and_then(|status| m.status_label(status))
            .filter(|s| s.means.is_some());
        match deciding {
            Some(status) => status.reason.as_deref(),
            None => m.stage_label(&row.stage).and_then(|s| s.reason.as_deref()),
        }
    }

    /// What the row's status or stage label claims, and that label: a status the mapping
    /// reads as deciding wins over the stage.
    pub(crate) fn claim(&self, row: &CrmRow) -> Result<(Claim, String), ImportError> {
        let m = self.mapping;
        let unknown = |field, label: &str| ImportError::UnknownLabel {
            row: row_id(&row.id),
            field,
            label: Excerpt::new(label),
            mapping: Excerpt::new(m.name()),
        };
        if let (Some(_), Some(status)) = (&m.spec().columns.status, given(&row.status)) {
            match m.status_label(status) {
                Some(s) => {
                    if let Some(claim) = s.means {
                        return Ok((claim, status.to_owned()));
                    }
                    // An open row that names no stage: open as the status says.
                    if let Some(claim) = s.open_as.filter(|_| row.stage.trim().is_empty()) {
                        return Ok((claim, status.to_owned()));
                    }
                }
                None => return Err(unknown("status", status)),
            }
        }
        match m.stage_label(&row.stage) {
            Some(s) => Ok((s.means, row.stage.clone())),
            None => Err(unknown("stage", &row.stage)),
        }
    }
}

impl Crm<'_> {
    /// The decision date the row's timeline period gives: the period's end, counted from
    /// the mapping's [`PeriodFrom`]. `None` when the mapping reads no period or the row's
    /// is blank; `Some(None)` when the period gives no timeline: unknown, or with a finding,
    /// a label the mapping does not list, a date to count from that is blank or does not
    /// read, or an end past the last instant the crate holds.
    fn period(&self, n: &mut Notes<'_>, row: &CrmRow) -> Option<Option<Timestamp>> {
        let spec = self.mapping.spec();
        let e = &spec.evidence;
        let choice = e.timeline_period.as_ref()?;
        let v = given_field(self.mapping, row, &choice.column)?;
        let Some(period) = choice.read(v) else {
            n.unreadable(&choice.column, v, "one of the mapping's timeline period labels");
            return Some(None);
        };
        if period == TimelinePeriod::Unknown {
            return Some(None);
        }
        let from = match &e.period_from {
            PeriodFrom::AsOf => self.as_of,
            PeriodFrom::Column(col) => {
                let Some(text) = given_field(self.mapping, row, col) else {
                    let blank = row.fields.get(col).map_or("", String::as_str);
                    n.unreadable(col, blank, PERIOD_FROM);
                    return Some(None);
                };
                let Some(from) = format::date(&spec.formats, text) else {
                    n.unreadable(col, text, PERIOD_FROM);
                    return Some(None);
                };
                from
            }
        };
        let end = period.end(from);
        if end.is_none() {
            n.unreadable(
                &choice.column,
                v,
                "a period that ends by 9999-12-31, the last day the crate holds",
            );
        }
        Some(end)
    }

    /// Notes the row's created and close dates (each read, and as written) where they
    /// contradict each other or the import's moment: a record created after it closed or
    /// after `as_of`, a row the CRM closed after `as_of`. The import goes by the earlier
    /// moment (see [`Crm::import`]), and says so.
    fn dates(
        &self,
        n: &mut Notes<'_>,
        claim: Claim,
        created: (Option<Timestamp>, Option<&str>),
        close: (Option<Timestamp>, Option<&str>),
    ) {
        let columns = &self.mapping.spec().columns;
        let column = |c: &Option<String>, name: &str| Excerpt::new(c.as_deref().unwrap_or(name));
        if let ((Some(made), Some(made_at)), (Some(closed), Some(closed_at))) = (created, close)
            && made > closed
        {
            n.findings.push(Finding::OutOfOrder {
                field: column(&columns.created, "created"),
                value: Excerpt::new(made_at),
                other: column(&columns.close_date, "close_date"),
                other_value: Excerpt::new(closed_at),
            });
        }
        let closes = matches!(claim, Claim::Won | Claim::Lost | Claim::Disqualified);
        let late = [
            (created, column(&columns.created, "created")),
            (
                if closes { close } else { (None, None) },
                column(&columns.close_date, "close_date"),
            ),
        ];
        for ((t, text), field) in late {
            if let (Some(t), Some(text)) = (t, text)
                && t > self.as_of
            {
                n.findings.push(Finding::AfterImport {
                    field,
                    value: Excerpt::new(text),
                    as_of: self.as_of,
                });
            }
        }
    }
}

/// A slot's value, unless it is absent or blank: a blank value reads as absent.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

/// A field's value, trimmed, unless it is absent, blank or one of the field's placeholders.
fn given_field<'r>(m: &Mapping, row: &'r CrmRow, column: &str) -> Option<&'r str> {
    row.fields
        .get(column)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && !m.is_placeholder(column, v))
}

/// The row's id, read as a record id: trimmed, and not blank or too long.
///
/// # Errors
/// [`ImportError::Id`] with an excerpt of the id and why it is not one.
pub(crate) fn id(row: &CrmRow) -> Result<RecordId, ImportError> {
    RecordId::new(row.id.trim()).map_err(|e| ImportError::Id {
        row: Excerpt::new(&row.id),
        problem: e.to_string(),
    })
}

/// The findings of reading one row, and the readers that note them.
struct Notes<'m> {
    mapping: &'m Mapping,
    pub(crate) findings: Vec<Finding>,
}

impl Notes<'_> {
    fn unreadable(&mut self, field: &str, value: &str, expected: &'static str) {
        self.findings.push(Finding::Unreadable {
            field: Excerpt::new(field),
            value: Excerpt::new(value),
            expected,
        });
    }

    /// Notes each stage change under a label the mapping does not know, each date that does
    /// not read (a blank one is no date), and each change dated after the one recorded next;
    /// the newest date that reads.
    fn history(&mut self, history: &[StageChange]) -> Option<Timestamp> {
        let mut newest = None;
        // The last change whose date reads: its place, its date, and the date as written.
        let mut last: Option<(usize, Timestamp, &str)> = None;
        for (index, change) in history.iter().enumerate() {
            if self.mapping.stage_label(&change.stage).is_none() {
                self.findings.push(Finding::UnknownHistoryLabel {
                    index,
                    label: Excerpt::new(&change.stage),
                });
            }
            if change.at.trim().is_empty() {
                continue;
            }
            let Some(at) = self.date(&format!("stage_history[{index}].at"), &change.at) else {
                continue;
            };
            if let Some((before, was, text)) = last
                && was > at
            {
                self.findings.push(Finding::OutOfOrder {
                    field: Excerpt::new(&format!("stage_history[{before}].at")),
                    value: Excerpt::new(text),
                    other: Excerpt::new(&format!("stage_history[{index}].at")),
                    other_value: Excerpt::new(&change.at),
                });
            }
            last = Some((index, at, &change.at));
            newest = newest.max(Some(at));
        }
        newest
    }

    fn date(&mut self, field: &str, value: &str) -> Option<Timestamp> {
        let t = format::date(&self.mapping.spec().formats, value);
        if t.is_none() {
            self.unreadable(field, value, "a date in the mapping's formats");
        }
        t
    }

    fn money(&mut self, field: &str, value: &str, currency: Option<Currency>) -> Option<Money> {
        self.money_or(field, value, currency, AN_AMOUNT)
    }

    /// [`money`](Notes::money), saying `expected` of a text that is no amount at all.
    fn money_or(
        &mut self,
        field: &str,
        value: &str,
        currency: Option<Currency>,
        expected: &'static str,
    ) -> Option<Money> {
        let mark = self.mapping.spec().formats.decimal;
        let Some(amount) = format::amount(mark, value) else {
            let expected = match format::lost_digits(mark, value) {
                true => LOST_DIGITS,
                false => expected,
            };
            self.unreadable(field, value, expected);
            return None;
        };
        let Some(currency) = currency else {
            self.unreadable(
                field,
                value,
                "an amount with a currency (the row has none, nor the mapping)",
            );
            return None;
        };
        let money = Money::new(amount, currency).ok();
        if money.is_none() {
            self.unreadable(field, value, "an amount of money that is not negative");
        }
        money
    }

    /// Sets `field` of `profile` from `value`; whether it read.
    fn profile(&mut self, profile: &mut Profile, field: &Field, column: &str, value: &str) -> bool {
        let mark = self.mapping.spec().formats.decimal;
        let text = || Some(value.to_owned());
        // What was expected, when the value does not read.
        let refused = match field {
            Field::Employees => match format::amount(mark, value)
                .filter(|d| d.fract().is_zero())
                .and_then(|d| d.to_u32())
            {
                Some(n) => {
                    profile.employees = Some(n);
                    None
                }
                None => Some("a whole number of employees"),
            },
            Field::AnnualRevenue => match format::amount(mark, value) {
                Some(d) => {
                    profile.annual_revenue = Some(d);
                    None
                }
                None => Some("an amount in the mapping's decimal format"),
            },
            Field::Industry => {
                profile.industry = text();
                None
            }
            Field::Country => {
                profile.country = text();
                None
            }
            Field::JobTitle => {
                profile.job_title = text();
                None
            }
            Field::EmailDomain => {
                profile.email_domain = text();
                None
            }
            Field::Seniority => match value.parse::<Seniority>() {
                Ok(s) => {
                    profile.seniority = Some(s);
                    None
                }
                Err(_) => {
                    Some("a seniority: individual, manager, director, vice president, c-level or owner")
                }
            },
            Field::Custom(name) => {
                let v = match format::amount(mark, value) {
                    Some(d) => Value::Number(d),
                    None if value.eq_ignore_ascii_case("true") => Value::Bool(true),
                    None if value.eq_ignore_ascii_case("false") => Value::Bool(false),
                    None => Value::Text(value.to_owned()),
                };
                profile.custom.insert(name.clone(), v);
                None
            }
        };
        if let Some(expected) = refused {
            self.unreadable(column, value, expected);
        }
        refused.is_none()
    }
}

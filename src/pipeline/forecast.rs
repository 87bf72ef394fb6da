//! [`Forecast`]: what the open deals are worth, per currency and forecast category.

use core::fmt;

use rust_decimal::Decimal;

use crate::evidence::{Access, BudgetStatus};
use crate::pipeline::facts::Facts;
use crate::pipeline::figures::{add, term};
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Period, PipelineError, Rows, Scope, echoed, owner_name};
use crate::policy::ForecastBands;
use crate::states::{ForecastCategory, Record};
use crate::values::{Actor, Currency, Probability, Problems, RecordId, Total};

/// A count of deals, their amount and their weighted amount (amount × probability).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Worth {
    /// How many deals.
    pub deals: u64,
    /// Their amounts, summed exactly.
    pub amount: Total,
    /// Their amounts each times its close probability, summed exactly.
    pub weighted: Total,
}

impl Worth {
    fn add(&mut self, amount: Total, weighted: Total, currency: Currency) -> Result<(), PipelineError> {
        self.deals = self.deals.saturating_add(1);
        self.amount = add(self.amount, amount, "forecast", Some(currency))?;
        self.weighted = add(self.weighted, weighted, "forecast", Some(currency))?;
        Ok(())
    }

    fn merge(&mut self, other: &Worth, currency: Currency) -> Result<(), PipelineError> {
        self.deals = self.deals.saturating_add(other.deals);
        self.amount = add(self.amount, other.amount, "forecast", Some(currency))?;
        self.weighted = add(self.weighted, other.weighted, "forecast", Some(currency))?;
        Ok(())
    }
}

/// Where a deal's decision date falls against the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Decision {
    /// Before the period began: the date has passed.
    Before,
    /// Inside the period.
    Inside,
    /// After the period.
    After,
}

impl Decision {
    /// Every placement, in time order.
    pub const ALL: [Decision; 3] = [Decision::Before, Decision::Inside, Decision::After];

    fn of(period: Period, at: crate::Timestamp) -> Decision {
        if at < period.from() {
            Decision::Before
        } else if period.contains(at) {
            Decision::Inside
        } else {
            Decision::After
        }
    }

    /// What a table calls it: `decision date passed`, `decision in period`, `decision after
    /// period`.
    pub const fn label(self) -> &'static str {
        match self {
            Decision::Before => "decision date passed",
            Decision::Inside => "decision in period",
            Decision::After => "decision after period",
        }
    }
}

/// One currency's forecast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct CurrencyForecast {
    /// Every open deal with an amount: its `weighted` is the weighted pipeline.
    pub open: Worth,
    /// The open deals by the category that counts: the person's call where one was made,
    /// the suggestion where not; in [`ForecastCategory::ALL`] order.
    pub by_category: [Worth; 4],
    /// The open deals by where their decision date falls, in [`Decision::ALL`] order.
    pub by_decision: [Worth; 3],
    /// Deals won in the period, at their won amount (`weighted` equals `amount`).
    pub won: Worth,
}

impl CurrencyForecast {
    fn merge(&mut self, other: CurrencyForecast, currency: Currency) -> Result<(), PipelineError> {
        self.open.merge(&other.open, currency)?;
        for (mine, theirs) in self.by_category.iter_mut().zip(&other.by_category) {
            mine.merge(theirs, currency)?;
        }
        for (mine, theirs) in self.by_decision.iter_mut().zip(&other.by_decision) {
            mine.merge(theirs, currency)?;
        }
        self.won.merge(&other.won, currency)
    }
}

/// An open deal whose owner's forecast call differs from the category the policy suggests.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Disagreement {
    /// The deal.
    pub id: RecordId,
    /// Its owner.
    pub owner: Option<Actor>,
    /// The call a person made: this is the category that counts.
    pub called: ForecastCategory,
    /// The category the policy's bands suggest.
    pub suggested: ForecastCategory,
}

/// The forecast: the weighted pipeline (amount × close probability over open deals) per
/// currency, never adding two currencies together, with closed deals apart.
///
/// Each open deal has a forecast category. A person's call
/// ([`Opportunity::call_forecast`](crate::Opportunity::call_forecast)) is the one that
/// counts; where nobody made one, the category is suggested from the policy's
/// [`ForecastBands`]. A suggestion never overwrites a call: where the two disagree, the
/// report lists the deal with both, for the forecast meeting to talk about.
///
/// A deal's amount is its budget's: approved, or sought with an amount. Deals without an
/// amount (an approved budget whose amount is unknown among them) are counted in
/// [`unpriced`](Forecast::unpriced). Lost deals count at zero, so
/// they are only counted. The sums are exact [`Total`]s, the same in any order of the
/// records.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Forecast {
    /// The forecast period: decision dates and closes are placed against it.
    pub period: Period,
    /// The bands suggestions came from.
    pub bands: ForecastBands,
    /// Per currency, in currency order.
    pub currencies: Rows<Currency, CurrencyForecast>,
    /// Open deals with no amount yet.
    pub unpriced: u64,
    /// Deals lost in the period.
    pub lost: u64,
    /// The open deals whose call differs from the suggestion, by id.
    pub disagreements: Vec<Disagreement>,
}

impl Forecast {
    /// The empty forecast of `scope`, the identity of [`merge`](Forecast::merge).
    pub fn new(scope: &Scope<'_>) -> Forecast {
        Forecast {
            period: scope.period,
            bands: scope.policy.spec().pipeline.forecast,
            currencies: Rows::default(),
            unpriced: 0,
            lost: 0,
            disagreements: Vec::new(),
        }
    }

    /// The category `bands` suggest for an open deal in `period`: commit at or above
    /// `commit` with an approved budget, the decision maker in the conversation and a
    /// decision date inside the period; otherwise best case, pipeline or omitted by the
    /// band its probability meets. `None` for a record that is not an open deal.
    pub fn suggest(bands: &ForecastBands, period: Period, record: &Record) -> Option<ForecastCategory> {
        let p = match record {
            Record::Opportunity(r) => r.probability(),
            Record::Discovery(r) => r.probability(),
            _ => return None,
        }
        .value();
        let approved = matches!(
            record.budget().map(|b| &b.status),
            Some(BudgetStatus::Approved { .. } | BudgetStatus::ApprovedAmountUnknown { .. })
        );
        let maker = record
            .authority()
            .is_some_and(|a| a.access == Access::DecisionMaker);
        let inside = record.timeline().is_some_and(|t| period.contains(t.decide_by));
        Some(if p >= bands.commit && approved && maker && inside {
            ForecastCategory::Commit
        } else if p >= bands.best_case {
            ForecastCategory::BestCase
        } else if p >= bands.pipeline {
            ForecastCategory::Pipeline
        } else {
            ForecastCategory::Omitted
        })
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) -> Result<(), PipelineError> {
        let record = facts.record;
        if let Record::Won(won) = record {
            if facts.closed_in(self.period).is_some() {
                let amount = won.amount();
                let row = self.row(amount.currency());
                let whole = term(amount.amount());
                row.won.add(whole, whole, amount.currency())?;
            }
            return Ok(());
        }
        if matches!(record, Record::Lost(_)) {
            if facts.closed_in(self.period).is_some() {
                self.lost = self.lost.saturating_add(1);
            }
            return Ok(());
        }
        let Some(suggested) = Forecast::suggest(&self.bands, self.period, record) else {
            return Ok(());
        };
        let called = record.history().forecast_call().map(|(_, c)| c);
        if let Some(called) = called
            && called != suggested
        {
            self.disagreements.push(Disagreement {
                id: record.id().clone(),
                owner: record.owner().cloned(),
                called,
                suggested,
            });
        }
        let category = called.unwrap_or(suggested);
        let Some(amount) = record.deal_amount() else {
            self.unpriced = self.unpriced.saturating_add(1);
            return Ok(());
        };
        let currency = amount.currency();
        let weighted = Total::weighted(amount, record.probability().unwrap_or(Probability::ZERO));
        let amount = term(amount.amount());
        let decision = record
            .timeline()
            .map_or(Decision::After, |t| Decision::of(self.period, t.decide_by));
        let row = self.row(currency);
        row.open.add(amount, weighted, currency)?;
        row.by_category[category as usize].add(amount, weighted, currency)?;
        row.by_decision[decision as usize].add(amount, weighted, currency)
    }

    fn row(&mut self, currency: Currency) -> &mut CurrencyForecast {
        self.currencies
            .entry_by(|c| c.cmp(&currency), || currency, CurrencyForecast::default)
    }

    /// The forecast over `records`.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose sum passes what a total holds,
    /// which no records reach.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r Record>,
    ) -> Result<Forecast, PipelineError> {
        let mut report = Forecast::new(scope);
        for record in records {
            report.add(&Facts::of(record))?;
        }
        report.disagreements.sort();
        Ok(report)
    }

    /// The weighted pipeline: per currency, in currency order, the open deals' amounts
    /// each times its close probability, summed exactly.
    pub fn weighted(&self) -> Vec<(Currency, Total)> {
        self.currencies
            .iter()
            .map(|(c, f)| (*c, f.open.weighted))
            .collect()
    }

    /// Both forecasts together, as if built over both parts at once; the period and bands
    /// are `self`'s.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose sum overflows.
    pub fn merge(mut self, other: Forecast) -> Result<Forecast, PipelineError> {
        self.currencies = self
            .currencies
            .merge_with(other.currencies, |currency, mine, theirs| {
                mine.merge(theirs, *currency)
            })?;
        self.unpriced = self.unpriced.saturating_add(other.unpriced);
        self.lost = self.lost.saturating_add(other.lost);
        self.disagreements.extend(other.disagreements);
        self.disagreements.sort();
        Ok(self)
    }
}

impl fmt::Display for Forecast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Forecast for {}", self.period)?;
        for (currency, row) in self.currencies.iter() {
            writeln!(
                f,
                "{currency}: weighted pipeline {:.2} over {} open deals ({:.2} unweighted); won {:.2} in {} deals",
                row.open.weighted, row.open.deals, row.open.amount, row.won.amount, row.won.deals
            )?;
            for category in ForecastCategory::ALL.into_iter().rev() {
                let w = &row.by_category[category as usize];
                writeln!(
                    f,
                    "  {:<22} {:>5} deals {:>16.2} weighted",
                    category.label(),
                    w.deals,
                    w.weighted
                )?;
            }
            for decision in Decision::ALL {
                let w = &row.by_decision[decision as usize];
                writeln!(
                    f,
                    "  {:<22} {:>5} deals {:>16.2} weighted",
                    decision.label(),
                    w.deals,
                    w.weighted
                )?;
            }
        }
        writeln!(
            f,
            "open deals without an amount: {}; lost in period: {}",
            self.unpriced, self.lost
        )?;
        for d in &self.disagreements {
            writeln!(
                f,
                "  {} ({}): called {}, the policy suggests {}",
                echoed(d.id.as_str()),
                owner_name(&d.owner),
                d.called.label(),
                d.suggested.label()
            )?;
        }
        Ok(())
    }
}

read_checked!(
    Worth: "worth",
    CurrencyForecast: "currency forecast",
    Disagreement: "disagreement",
    Forecast: "forecast",
);

impl Check for Worth {
    fn check(&self, problems: &mut Problems<String>) {
        let most = Total::times(Decimal::MAX, self.deals);
        require(
            problems,
            most.is_some_and(|most| self.amount.at_most(most)),
            "amount",
            format_args!("{} is more than {} deals can add up to", self.amount, self.deals),
        );
        require(
            problems,
            self.weighted.at_most(self.amount),
            "weighted",
            format_args!(
                "{} is more than the amount, {}, which it weighs by probabilities of at most 1",
                self.weighted, self.amount
            ),
        );
    }
}

impl Check for CurrencyForecast {
    fn check(&self, problems: &mut Problems<String>) {
        let sum = |parts: &[Worth]| {
            let mut sum = Worth::default();
            for part in parts {
                sum.deals = sum.deals.checked_add(part.deals)?;
                sum.amount = sum.amount.checked_add(part.amount)?;
                sum.weighted = sum.weighted.checked_add(part.weighted)?;
            }
            Some(sum)
        };
        let open = &self.open;
        for (field, parts) in [
            ("by_category", &self.by_category[..]),
            ("by_decision", &self.by_decision[..]),
        ] {
            require(
                problems,
                sum(parts).is_some_and(|sum| {
                    sum.deals == open.deals
                        && sum.amount.same_value(open.amount)
                        && sum.weighted.same_value(open.weighted)
                }),
                field,
                "its deals, amounts and weighted amounts do not add up to the open deals'",
            );
        }
        require(
            problems,
            self.won.weighted.same_value(self.won.amount),
            "won.weighted",
            format_args!(
                "{} is not the won amount, {}: a won deal counts whole",
                self.won.weighted, self.won.amount
            ),
        );
    }
}

impl Check for Disagreement {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.called != self.suggested,
            "suggested",
            format_args!(
                "{} is the category called: that is no disagreement",
                self.suggested.label()
            ),
        );
    }
}

impl Check for Forecast {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.disagreements.is_sorted(),
            "disagreements",
            "not in order, by deal",
        );
    }
}

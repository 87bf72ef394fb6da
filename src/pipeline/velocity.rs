//! [`Velocity`]: how fast the pipeline turns into revenue.

use core::fmt;

use rust_decimal::Decimal;

use crate::pipeline::facts::Facts;
use crate::pipeline::figures::add;
use crate::pipeline::{Owner, Period, PipelineError, Rate, Rows, Scope, owner_name};
use crate::states::Record;
use crate::values::{Currency, SECONDS_PER_DAY};

/// One owner's deals in one currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct CurrencyMotion {
    /// Open deals at `as_of` with an amount in the currency.
    pub open: u64,
    /// Deals won in the period in the currency.
    pub won: u64,
    /// Their won amounts, summed.
    pub won_amount: Decimal,
}

/// One owner's motion: decisions and cycles in the period, and deals per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Motion {
    /// Deals won in the period.
    pub won: u64,
    /// Deals lost in the period.
    pub lost: u64,
    /// Cycles (opening to close) of the deals decided in the period, summed, in seconds.
    pub cycle_seconds: i128,
    /// How many cycles are summed.
    pub cycles: u64,
    /// Per currency.
    pub currencies: Rows<Currency, CurrencyMotion>,
}

impl Motion {
    /// The win rate: won ÷ (won + lost) in the period.
    pub fn win_rate(&self) -> Rate {
        Rate::new(self.won, self.won.saturating_add(self.lost))
    }

    /// Sales velocity in `currency`, per day: open deals × average won amount × win rate ÷
    /// average cycle length in days, exact to a decimal's precision; `None` until a deal
    /// is won in the currency and a cycle is measured, when the average cycle is zero, or
    /// when the figures overflow.
    ///
    /// The win rate and cycle length are the owner's across currencies: they describe how
    /// the owner sells, not what the deal is priced in.
    pub fn velocity(&self, currency: Currency) -> Option<Decimal> {
        let m = self.currencies.get(&currency)?;
        let average = m.won_amount.checked_div(Decimal::from(m.won))?;
        let rate = self.win_rate().exact()?;
        let days = Decimal::from_i128_with_scale(self.cycle_seconds, 0)
            .checked_div(Decimal::from(self.cycles))?
            .checked_div(Decimal::from(SECONDS_PER_DAY))?;
        Decimal::from(m.open)
            .checked_mul(average)?
            .checked_mul(rate)?
            .checked_div(days)
    }

    fn merge(&mut self, other: Motion) -> Result<(), PipelineError> {
        self.won = self.won.saturating_add(other.won);
        self.lost = self.lost.saturating_add(other.lost);
        self.cycle_seconds = self.cycle_seconds.saturating_add(other.cycle_seconds);
        self.cycles = self.cycles.saturating_add(other.cycles);
        let currencies = core::mem::take(&mut self.currencies);
        self.currencies = currencies.merge_with(other.currencies, |currency, mine, theirs| {
            mine.open = mine.open.saturating_add(theirs.open);
            mine.won = mine.won.saturating_add(theirs.won);
            mine.won_amount = add(mine.won_amount, theirs.won_amount, "velocity", Some(*currency))?;
            Ok(())
        })?;
        Ok(())
    }
}

/// Sales velocity: opportunities × average won amount × win rate ÷ average cycle length in
/// days, the revenue the pipeline produces per day, per currency and per owner.
///
/// Opportunities are the open deals (opportunity and discovery) at `as_of` with an amount;
/// the won amounts, win rate and cycles are the deals decided in the period. A cycle runs
/// from opening the deal to its close. Decided deals belong to the owner who held them at
/// the close, open ones to their owner now.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Velocity {
    /// The period whose decisions are measured.
    pub period: Period,
    /// The whole pipeline.
    pub overall: Motion,
    /// Per owner, unassigned first.
    pub owners: Rows<Owner, Motion>,
}

impl Velocity {
    /// The empty report of `scope`, the identity of [`merge`](Velocity::merge).
    pub fn new(scope: &Scope<'_>) -> Velocity {
        Velocity {
            period: scope.period,
            overall: Motion::default(),
            owners: Rows::default(),
        }
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) -> Result<(), PipelineError> {
        let record = facts.record;
        let (open, won) = match record {
            Record::Opportunity(_) | Record::Discovery(_) => (true, None),
            Record::Won(w) if facts.closed_in(self.period).is_some() => (false, Some(w.amount())),
            Record::Lost(_) if facts.closed_in(self.period).is_some() => (false, None),
            _ => return Ok(()),
        };
        let amount = if open { record.deal_amount() } else { won };
        for motion in [&mut self.overall, self.owners.owner(facts.owner)] {
            if !open {
                match won {
                    Some(_) => motion.won = motion.won.saturating_add(1),
                    None => motion.lost = motion.lost.saturating_add(1),
                }
                if let Some(cycle) = facts.cycle() {
                    motion.cycle_seconds = motion.cycle_seconds.saturating_add(i128::from(cycle));
                    motion.cycles = motion.cycles.saturating_add(1);
                }
            }
            if let Some(amount) = amount {
                let c = amount.currency();
                let row = motion
                    .currencies
                    .entry_by(|k| k.cmp(&c), || c, CurrencyMotion::default);
                if open {
                    row.open = row.open.saturating_add(1);
                } else {
                    row.won = row.won.saturating_add(1);
                    row.won_amount = add(row.won_amount, amount.amount(), "velocity", Some(c))?;
                }
            }
        }
        Ok(())
    }

    /// The report over `records`.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose won amounts overflow.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r Record>,
    ) -> Result<Velocity, PipelineError> {
        let mut report = Velocity::new(scope);
        for record in records {
            report.add(&Facts::of(record))?;
        }
        Ok(report)
    }

    /// Both reports together; the period is `self`'s.
    ///
    /// # Errors
    /// [`PipelineError::Overflow`] naming the currency whose won amounts overflow.
    pub fn merge(mut self, other: Velocity) -> Result<Velocity, PipelineError> {
        self.overall.merge(other.overall)?;
        self.owners = self
            .owners
            .merge_with(other.owners, |_, mine, theirs| mine.merge(theirs))?;
        Ok(self)
    }
}

impl fmt::Display for Velocity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Sales velocity, deals decided in {}", self.period)?;
        writeln!(
            f,
            "{:<24} {:>4} {:>6} {:>6} {:>14} {:>18} {:>12} {:>16}",
            "owner", "cur", "open", "won", "avg won", "win rate", "avg cycle", "per day"
        )?;
        let rows = self.owners.iter().map(|(o, m)| (owner_name(o), m));
        for (name, motion) in rows.chain(core::iter::once(("all owners", &self.overall))) {
            let cycle = Decimal::from_i128_with_scale(motion.cycle_seconds, 0)
                .checked_div(Decimal::from(motion.cycles))
                .and_then(|s| s.checked_div(Decimal::from(SECONDS_PER_DAY)))
                .map_or("-".to_owned(), |d| format!("{:.1}d", d));
            for (currency, m) in motion.currencies.iter() {
                let average = m
                    .won_amount
                    .checked_div(Decimal::from(m.won))
                    .map_or("-".to_owned(), |a| format!("{:.2}", a));
                let velocity = motion
                    .velocity(*currency)
                    .map_or("-".to_owned(), |v| format!("{:.2}", v));
                writeln!(
                    f,
                    "{:<24} {:>4} {:>6} {:>6} {:>14} {:>18} {:>12} {:>16}",
                    name,
                    currency.as_str(),
                    m.open,
                    m.won,
                    average,
                    motion.win_rate().to_string(),
                    cycle,
                    velocity
                )?;
            }
        }
        Ok(())
    }
}

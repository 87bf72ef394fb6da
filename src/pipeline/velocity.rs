//! [`Velocity`]: how fast the pipeline turns into revenue.

use core::fmt;

use rust_decimal::Decimal;

use crate::pipeline::facts::Facts;
use crate::pipeline::figures::{add, term};
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Owner, Period, PipelineError, Rate, Rows, Scope, owner_name};
use crate::states::Record;
use crate::values::wide::U768;
use crate::values::{Currency, Problems, Quotient, SECONDS_PER_DAY, Timestamp, Total};

/// One owner's deals in one currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct CurrencyMotion {
    /// Open deals at `as_of` with an amount in the currency.
    pub open: u64,
    /// Deals won in the period in the currency.
    pub won: u64,
    /// Their won amounts, summed exactly.
    pub won_amount: Total,
}

/// One owner's motion: decisions and cycles in the period, and deals per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
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
    /// average cycle length in days, rounded half away from zero to a decimal's precision
    /// from its exact value; `None` until a deal is won in the currency and a cycle of more
    /// than zero seconds is measured, or when it passes what a decimal holds.
    ///
    /// The win rate and cycle length are the owner's across currencies: they describe how
    /// the owner sells, not what the deal is priced in.
    pub fn velocity(&self, currency: Currency) -> Option<Decimal> {
        self.velocity_quotient(currency)?.exact()
    }

    /// Velocity as one exact quotient: open × won amount × won × cycles × 86,400 ÷
    /// (won in the currency × decided × cycle seconds).
    fn velocity_quotient(&self, currency: Currency) -> Option<Quotient> {
        let m = self.currencies.get(&currency)?;
        let average = m.won_amount.per(m.won.into())?;
        let wide = |n: u128| U768::from_u128(n);
        let num = [
            m.open.into(),
            self.won.into(),
            self.cycles.into(),
            SECONDS_PER_DAY as u128,
        ]
        .into_iter()
        .try_fold(average.num, |acc, n| acc.checked_mul(wide(n)?))?;
        // No cycle yet, or none of more than zero seconds: the quotient has no divisor.
        let seconds = u128::try_from(self.cycle_seconds).ok()?;
        let decided = u128::from(self.won) + u128::from(self.lost);
        let den = average
            .den
            .checked_mul(wide(decided)?)?
            .checked_mul(wide(seconds)?)?;
        Some(Quotient { num, den, ..average })
    }

    /// The average cycle in days: cycle seconds ÷ cycles ÷ 86,400, exact until shown.
    fn cycle_days(&self) -> Option<Quotient> {
        let seconds = u128::try_from(self.cycle_seconds).ok()?;
        let den = u128::from(self.cycles).checked_mul(SECONDS_PER_DAY as u128)?;
        Some(Quotient::of(seconds, den))
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
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
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
                    row.won_amount = add(row.won_amount, term(amount.amount()), "velocity", Some(c))?;
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
        for (name, motion) in rows.chain(core::iter::once(("all owners".into(), &self.overall))) {
            let cycle = motion.cycle_days();
            let cycle = match cycle {
                Some(days) if motion.cycles > 0 => format!("{}d", days.shown(1)),
                _ => "-".to_owned(),
            };
            for (currency, m) in motion.currencies.iter() {
                let average = m
                    .won_amount
                    .per(m.won.into())
                    .map_or("-".to_owned(), |a| a.shown(2).to_string());
                let velocity = motion
                    .velocity_quotient(*currency)
                    .map_or("-".to_owned(), |v| v.shown(2).to_string());
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

read_checked!(CurrencyMotion: "currency motion", Motion: "motion", Velocity: "velocity");

impl Check for CurrencyMotion {
    fn check(&self, problems: &mut Problems<String>) {
        let most = Total::times(Decimal::MAX, self.won);
        require(
            problems,
            most.is_some_and(|most| self.won_amount.at_most(most)),
            "won_amount",
            format_args!(
                "{} is more than {} won deals can add up to",
                self.won_amount, self.won
            ),
        );
    }
}

impl Check for Motion {
    fn check(&self, problems: &mut Problems<String>) {
        // The longest a cycle can be: from the first instant a timestamp holds to the last.
        const LONGEST_CYCLE: i128 = Timestamp::MAX.seconds_since(Timestamp::MIN) as i128;
        let decided = u128::from(self.won) + u128::from(self.lost);
        require(
            problems,
            u128::from(self.cycles) <= decided,
            "cycles",
            format_args!("{} cycles of {decided} deals decided", self.cycles),
        );
        require(
            problems,
            (0..=i128::from(self.cycles) * LONGEST_CYCLE).contains(&self.cycle_seconds),
            "cycle_seconds",
            format_args!(
                "{} seconds cannot be the sum of {} cycles",
                self.cycle_seconds, self.cycles
            ),
        );
        let won: u128 = self.currencies.iter().map(|(_, m)| u128::from(m.won)).sum();
        require(
            problems,
            won == u128::from(self.won),
            "currencies",
            format_args!("{won} won deals in all currencies, where won is {}", self.won),
        );
    }
}

impl Check for Velocity {
    fn check(&self, problems: &mut Problems<String>) {
        let mut sum = Motion::default();
        for (_, motion) in self.owners.iter() {
            if sum.merge(motion.clone()).is_err() {
                break;
            }
        }
        require(
            problems,
            sum == self.overall,
            "overall",
            "is not the sum of the owners' rows",
        );
    }
}

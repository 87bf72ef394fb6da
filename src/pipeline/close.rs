//! [`CloseRates`]: how many opportunities close, overall and per owner, beside volume.

use core::fmt;
use rust_decimal::Decimal;

use crate::pipeline::facts::Facts;
use crate::pipeline::read::{Check, read_checked, require};
use crate::pipeline::{Owner, Period, Rate, Rows, Scope, owner_name};
use crate::values::{Problems, Quotient};

/// One owner's opportunities and outcomes (or the whole pipeline's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct Outcomes {
    /// Opportunities (or discovery deals) opened by records captured in the period: the
    /// opportunity volume.
    pub opened: u64,
    /// Of those, how many are won.
    pub opened_won: u64,
    /// Deals won in the period, whenever they were captured.
    pub won: u64,
    /// Deals lost in the period, whenever they were captured.
    pub lost: u64,
}

impl Outcomes {
    /// The cohort close rate: won ÷ opportunities opened, over the records captured in the
    /// period. Slow deals still open count against it until they close.
    pub fn cohort_close_rate(&self) -> Rate {
        Rate::new(self.opened_won, self.opened)
    }

    /// The win rate: won ÷ (won + lost), over the deals decided in the period.
    pub fn win_rate(&self) -> Rate {
        Rate::new(self.won, self.won.saturating_add(self.lost))
    }

    /// The closed deals the volume is worth at the win rate: opportunities opened × win
    /// rate, rounded half away from zero to a decimal's precision from its exact value;
    /// `None` before any deal is decided. Thirty opportunities at 40 % are worth 12 deals,
    /// eighty at 10 % only 8.
    pub fn expected_deals(&self) -> Option<Decimal> {
        self.expected().exact()
    }

    /// Opportunities opened × won ÷ decided, exact until shown.
    fn expected(&self) -> Quotient {
        let decided = u128::from(self.won) + u128::from(self.lost);
        Quotient::of(u128::from(self.opened) * u128::from(self.won), decided)
    }

    fn merge(&mut self, other: &Outcomes) {
        self.opened = self.opened.saturating_add(other.opened);
        self.opened_won = self.opened_won.saturating_add(other.opened_won);
        self.won = self.won.saturating_add(other.won);
        self.lost = self.lost.saturating_add(other.lost);
    }
}

/// Close rates, overall and per owner: the cohort close rate and the win rate, named
/// apart, beside opportunity volume and the deals that volume is expected to close.
///
/// Outcomes belong to the owner who held the record when it closed (a deal handed to a
/// closer counts for the closer), and an open deal to its owner now; records nobody owns
/// are a row of their own ([`Owner`] `None`). Ranking owners by expected deals rather than
/// by rate alone shows who turns volume into revenue.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(remote = "Self"))]
#[non_exhaustive]
pub struct CloseRates {
    /// The period: its cohort for the close rate, its decisions for the win rate.
    pub period: Period,
    /// The whole pipeline.
    pub overall: Outcomes,
    /// Per owner, in owner order, unassigned first.
    pub owners: Rows<Owner, Outcomes>,
}

impl CloseRates {
    /// The empty report of `scope`'s period, the identity of [`merge`](CloseRates::merge).
    pub fn new(scope: &Scope<'_>) -> CloseRates {
        CloseRates {
            period: scope.period,
            overall: Outcomes::default(),
            owners: Rows::default(),
        }
    }

    pub(crate) fn add(&mut self, facts: &Facts<'_>) {
        let mut row = Outcomes::default();
        if facts.opened.is_some() && self.period.contains(facts.record.captured_at()) {
            row.opened = 1;
            row.opened_won = u64::from(matches!(facts.closed, Some((_, true))));
        }
        match facts.closed_in(self.period) {
            Some((_, true)) => row.won = 1,
            Some((_, false)) => row.lost = 1,
            None => {}
        }
        if row == Outcomes::default() {
            return;
        }
        self.overall.merge(&row);
        self.owners.owner(facts.owner).merge(&row);
    }

    /// The report over `records`.
    pub fn from_records<'r>(
        scope: &Scope<'_>,
        records: impl IntoIterator<Item = &'r crate::Record>,
    ) -> CloseRates {
        let mut report = CloseRates::new(scope);
        for record in records {
            report.add(&Facts::of(record));
        }
        report
    }

    /// The owners ranked by expected deals, most first (owners with no decided deal last),
    /// then by owner.
    pub fn ranked(&self) -> Vec<(&Owner, &Outcomes)> {
        let mut rows: Vec<_> = self.owners.iter().collect();
        rows.sort_by(|(a, x), (b, y)| y.expected_deals().cmp(&x.expected_deals()).then(a.cmp(b)));
        rows
    }

    /// Both reports' counts together; the period is `self`'s.
    #[must_use = "merge returns the merged report"]
    pub fn merge(mut self, other: CloseRates) -> CloseRates {
        self.overall.merge(&other.overall);
        let joined = self.owners.merge_with(other.owners, |_, mine, theirs| {
            mine.merge(&theirs);
            Ok::<(), core::convert::Infallible>(())
        });
        self.owners = match joined {
            Ok(rows) => rows,
            Err(never) => match never {},
        };
        self
    }
}

impl fmt::Display for CloseRates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Close rates for {}", self.period)?;
        writeln!(
            f,
            "{:<24} {:>7} {:>20} {:>20} {:>9}",
            "owner", "opened", "cohort close rate", "win rate", "expected"
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, o: &Outcomes| {
            let expected = o.expected().shown(1).to_string();
            writeln!(
                f,
                "{:<24} {:>7} {:>20} {:>20} {:>9}",
                name,
                o.opened,
                o.cohort_close_rate().to_string(),
                o.win_rate().to_string(),
                expected
            )
        };
        for (owner, row) in self.ranked() {
            line(f, &owner_name(owner), row)?;
        }
        line(f, "all owners", &self.overall)
    }
}

read_checked!(Outcomes: "outcomes", CloseRates: "close rates");

impl Check for Outcomes {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.opened_won <= self.opened,
            "opened_won",
            format_args!("{} won of {} opened", self.opened_won, self.opened),
        );
    }
}

impl Check for CloseRates {
    fn check(&self, problems: &mut Problems<String>) {
        let mut sum = Outcomes::default();
        for (_, row) in self.owners.iter() {
            sum.merge(row);
        }
        require(
            problems,
            sum == self.overall,
            "overall",
            "is not the sum of the owners' rows",
        );
    }
}

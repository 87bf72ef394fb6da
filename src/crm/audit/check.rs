//! What an audit read back must hold.

use crate::crm::audit::counted::Tally;
use crate::crm::audit::{Audit, CloseAudit, ForecastAudit};
use crate::pipeline::read::{Check, read_checked, require};
use crate::states::Stage;
use rust_decimal::Decimal;

use crate::values::{Echo, Problems, Total};

read_checked!(CloseAudit: "close audit", ForecastAudit: "forecast audit", Audit: "audit");

impl Check for CloseAudit {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.won_unsupported <= self.stated.num,
            "won_unsupported",
            format_args!("{} of {} won by label", self.won_unsupported, self.stated.num),
        );
    }
}

impl Check for ForecastAudit {
    fn check(&self, problems: &mut Problems<String>) {
        require(
            problems,
            self.dressed.at_most(self.by_label),
            "dressed",
            format_args!(
                "{} is more than the forecast by label it is part of, {}",
                self.dressed, self.by_label
            ),
        );
    }
}

impl Check for Audit {
    fn check(&self, problems: &mut Problems<String>) {
        let claimed: u128 = self.stages.iter().map(|(_, c)| u128::from(c.claimed)).sum();
        let typed: u128 = self.stages.iter().map(|(_, c)| u128::from(c.typed)).sum();
        for (field, sum) in [("claimed", claimed), ("typed", typed)] {
            require(
                problems,
                sum == u128::from(self.rows),
                format_args!("stages.{field}"),
                format_args!("{sum} rows in all stages, where {} rows were imported", self.rows),
            );
        }
        let disqualified = self
            .stages
            .iter()
            .find(|(stage, _)| **stage == Stage::Disqualified)
            .map_or(0, |(_, c)| c.typed);
        require(
            problems,
            self.knocked_out <= disqualified,
            "knocked_out",
            format_args!("{} of {disqualified} rows typed disqualified", self.knocked_out),
        );
        for (field, rate) in [("stated", self.close.stated), ("actual", self.close.actual)] {
            require(
                problems,
                rate.den <= self.rows,
                format_args!("close.{field}.den"),
                format_args!("{} deals of {} rows", rate.den, self.rows),
            );
        }
        for (field, sorted) in [
            ("dressed", self.dressed.is_sorted()),
            ("refused", self.refused.is_sorted()),
            ("notes", self.notes.is_sorted()),
        ] {
            require(problems, sorted, field, "not in order, by row");
        }
        require(
            problems,
            self.assumptions.is_sorted_by(|a, b| a < b),
            "assumptions",
            "not in order, each once",
        );
        // Each counted row's forecast terms are at most an amount times a probability, and
        // the totals and lists are what the counted rows add up to.
        let most = Total::new(Decimal::MAX).unwrap_or_default();
        for (id, c) in &self.counted {
            let path = || format!("counted[{}]", Echo::quoted(id));
            require(problems, c.rows > 0, path(), "counts no row");
            let label = c.by_label.and_then(|(_, w)| w);
            for w in label.into_iter().chain(c.by_evidence.map(|(_, w)| w)) {
                require(
                    problems,
                    w.at_most(most),
                    path(),
                    format_args!("a forecast term of {w} is more than an amount times a probability"),
                );
            }
        }
        match Tally::of(&self.counted) {
            Ok(t) => {
                for (field, agrees) in [
                    ("stages", t.stages == self.stages),
                    ("knocked_out", t.knocked_out == self.knocked_out),
                    ("close", t.close == self.close),
                    ("forecast", t.forecast == self.forecast),
                    ("dressed", t.dressed == self.dressed),
                    ("notes", t.notes == self.notes),
                ] {
                    require(problems, agrees, field, "is not what the rows counted add up to");
                }
            }
            Err(err) => require(problems, false, "counted", err),
        }
    }
}

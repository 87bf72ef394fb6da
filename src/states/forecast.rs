//! A person's forecast call on an open deal: pipeline, best case, commit or omitted.

use core::fmt;
use core::str::FromStr;

use crate::evidence::Unmet;
use crate::states::common::Common;
use crate::states::{Action, Discovery, Event, EventKind, History, Opportunity, Rejected, Stage};
use crate::values::names::{self, names_of};
use crate::values::{Actor, NameError, Timestamp};

/// A forecast category: how sure a person is that an open deal closes in the period, as
/// they would say it in a forecast call.
///
/// A category is a judgement apart from the stage (what the evidence shows) and from the
/// probability (what the policy estimates). A person makes the call with
/// [`Opportunity::call_forecast`]; where nobody has, the pipeline reports suggest one from
/// the policy's bands ([`ForecastBands`](crate::ForecastBands)) and never write it back.
/// Decided deals are reported as closed, apart from every category.
///
/// # Text
///
/// [`as_str`](ForecastCategory::as_str) gives the wire name (`best_case`),
/// [`label`](ForecastCategory::label) the name a person reads (`Best case`); [`FromStr`]
/// reads either, ASCII case ignored, `_`, `-` and a space alike (`Best Case`, `commit`), and
/// also Dynamics 365's `Committed`.
///
/// ```
/// use qualify::ForecastCategory;
///
/// assert_eq!("Best Case".parse::<ForecastCategory>()?, ForecastCategory::BestCase);
/// assert_eq!("Committed".parse::<ForecastCategory>()?, ForecastCategory::Commit);
/// assert_eq!(ForecastCategory::Omitted.label(), "Omitted");
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ForecastCategory {
    /// Kept out of the forecast: the deal is real but will not close in the period, or the
    /// person does not want it counted.
    Omitted,
    /// Worked, but not yet likely this period.
    Pipeline,
    /// Could close this period if things go well.
    BestCase,
    /// Will close this period: the person stakes their forecast on it.
    Commit,
}

impl ForecastCategory {
    /// Every category, from least to most sure.
    pub const ALL: [ForecastCategory; 4] = [
        ForecastCategory::Omitted,
        ForecastCategory::Pipeline,
        ForecastCategory::BestCase,
        ForecastCategory::Commit,
    ];

    /// The wire names of [`ForecastCategory::ALL`], in order.
    const NAMES: [&'static str; ForecastCategory::ALL.len()] = names_of!(ForecastCategory);

    /// The snake_case name used on the wire: `omitted`, `pipeline`, `best_case`, `commit`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ForecastCategory::Omitted => "omitted",
            ForecastCategory::Pipeline => "pipeline",
            ForecastCategory::BestCase => "best_case",
            ForecastCategory::Commit => "commit",
        }
    }

    /// The name a person reads: `Omitted`, `Pipeline`, `Best case`, `Commit`.
    pub const fn label(self) -> &'static str {
        match self {
            ForecastCategory::Omitted => "Omitted",
            ForecastCategory::Pipeline => "Pipeline",
            ForecastCategory::BestCase => "Best case",
            ForecastCategory::Commit => "Commit",
        }
    }
}

impl FromStr for ForecastCategory {
    type Err = NameError;

    /// Reads a category by name or label (see [`ForecastCategory`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"closed"`, `"likely"`, `""`.
    fn from_str(text: &str) -> Result<ForecastCategory, NameError> {
        let found = names::find(text, &ForecastCategory::ALL, |c| c.label())
            .or_else(|| names::find(text, &[ForecastCategory::Commit], |_| "committed"));
        match found {
            Some(category) => Ok(*category),
            None => names::closed(
                "forecast category",
                text,
                &ForecastCategory::ALL,
                &ForecastCategory::NAMES,
            ),
        }
    }
}

impl fmt::Display for ForecastCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl History {
    /// The forecast call a person made on the deal as it stands: the newest
    /// [`EventKind::Forecast`] since the record last left prospect (a deal demoted and
    /// reopened starts without a call), with its event.
    pub fn forecast_call(&self) -> Option<(&Event, ForecastCategory)> {
        for event in self.entries().iter().rev() {
            match &event.kind {
                EventKind::Forecast(category) => return Some((event, *category)),
                EventKind::Transition(t) if t.from == Stage::Prospect => return None,
                _ => {}
            }
        }
        None
    }
}

impl Common {
    /// Records `category` as a person's forecast call.
    fn call_forecast(
        &mut self,
        category: ForecastCategory,
        now: Timestamp,
        by: &Actor,
    ) -> Result<(), Rejected<ForecastCategory>> {
        let unmet: Vec<Unmet> = self.guarded_by(now, by);
        if !unmet.is_empty() {
            return Err(Rejected::new(category, Action::CallForecast, unmet));
        }
        self.record(Event {
            at: now,
            by: by.clone(),
            why: format!("called {}", category.label()),
            policy: None,
            kind: EventKind::Forecast(category),
        });
        Ok(())
    }
}

macro_rules! forecast_calls {
    ($($state:ident),*) => {$(
        impl $state {
            /// Records a person's forecast call on the deal, as an event with who made it
            /// and when. The pipeline reports show it beside the category the policy would
            /// suggest, and never replace it.
            ///
            /// Requires `now` no earlier than the record's capture and newest event, room
            /// in the history, and an actor `by` who names someone (not blank, with a
            /// letter or digit).
            ///
            /// # Errors
            /// The category, handed back in a [`Rejected`] listing every unmet requirement
            /// (time running backwards, a full history,
            /// [`Unmet::HollowActor`](crate::Unmet::HollowActor)), the record unchanged.
            pub fn call_forecast(
                &mut self,
                category: ForecastCategory,
                now: Timestamp,
                by: &Actor,
            ) -> Result<(), Rejected<ForecastCategory>> {
                self.common.call_forecast(category, now, by)
            }

            /// The forecast call a person made on the deal, if any
            /// ([`History::forecast_call`]).
            pub fn forecast_call(&self) -> Option<ForecastCategory> {
                self.common.history.forecast_call().map(|(_, c)| c)
            }
        }
    )*};
}

forecast_calls!(Opportunity, Discovery);

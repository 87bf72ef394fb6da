//! The pipeline section of a policy: the triage window, how long a record may sit in each
//! stage, and the bands that suggest a forecast category.

use rust_decimal::Decimal;

/// How a policy governs a pipeline: what the pipeline reports hold records to.
///
/// ```
/// use qualify::{PipelineSpec, PolicySpec};
///
/// let pipeline = PipelineSpec::default();
/// assert_eq!(pipeline.triage_hours, 24);
/// assert_eq!(pipeline.stage_days.opportunity, 45);
/// assert_eq!(PolicySpec::default().pipeline, pipeline);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct PipelineSpec {
    /// Every new lead is decided (qualified as a prospect or disqualified) within this many
    /// hours of its capture; a lead still undecided after it is overdue. Default 24: a
    /// lead answered the same day is far likelier to convert than one left for a week.
    pub triage_hours: u32,
    /// How many days a record may sit in each open stage before it is flagged as ageing.
    pub stage_days: StageDays,
    /// The bands that suggest a forecast category where no person has made a call.
    pub forecast: ForecastBands,
}

impl Default for PipelineSpec {
    fn default() -> PipelineSpec {
        PipelineSpec {
            triage_hours: 24,
            stage_days: StageDays::default(),
            forecast: ForecastBands::default(),
        }
    }
}

/// The most days a record may sit in each open stage before it is flagged: a deal that
/// does not move is rotting, whatever its estimate says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct StageDays {
    /// A lead (default 7): past triage, a lead nobody has decided in a week is forgotten.
    pub lead: u32,
    /// A prospect (default 30).
    pub prospect: u32,
    /// A discovery deal (default 60): enterprise cycles are long, but not endless.
    pub discovery: u32,
    /// An opportunity (default 45).
    pub opportunity: u32,
}

impl Default for StageDays {
    fn default() -> StageDays {
        StageDays {
            lead: 7,
            prospect: 30,
            discovery: 60,
            opportunity: 45,
        }
    }
}

/// The close probabilities from which an open deal's forecast category is suggested.
///
/// A deal at or above `commit` is suggested as commit only with an approved budget (its
/// amount known or not), the decision maker in the conversation and a decision date inside the reporting period;
/// otherwise it falls to the next band it meets. At or above `best_case`: best case; at or
/// above `pipeline`: pipeline; below: omitted. The bands rise: `pipeline` ≤ `best_case` ≤
/// `commit`, each between 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct ForecastBands {
    /// The lowest probability suggested as pipeline (default 0.10).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::pipeline")
    )]
    pub pipeline: Decimal,
    /// The lowest probability suggested as best case (default 0.60).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::best_case")
    )]
    pub best_case: Decimal,
    /// The lowest probability suggested as commit, with the evidence above (default 0.90).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::commit")
    )]
    pub commit: Decimal,
}

impl ForecastBands {
    /// Bands at these probabilities.
    pub fn new(
        pipeline: impl Into<Decimal>,
        best_case: impl Into<Decimal>,
        commit: impl Into<Decimal>,
    ) -> ForecastBands {
        ForecastBands {
            pipeline: pipeline.into(),
            best_case: best_case.into(),
            commit: commit.into(),
        }
    }
}

impl Default for ForecastBands {
    fn default() -> ForecastBands {
        ForecastBands {
            pipeline: Decimal::new(10, 2),
            best_case: Decimal::new(60, 2),
            commit: Decimal::new(90, 2),
        }
    }
}

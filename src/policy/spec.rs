//! [`PolicySpec`]: the plain, serializable form of a policy.

use rust_decimal::Decimal;

use crate::policy::{EngagementSpec, FitSpec, PipelineSpec, ProbabilitySpec, default_spec};

/// Where the opportunity line sits (how high the close probability must be to call a deal
/// an opportunity) and whether the enterprise exception is on.
///
/// `OpportunitySpec::default()` is a line at 0 (every open deal meets it), strict (not
/// staged): every figure zero, every flag off. The default policy's line is 0.75, in
/// [`PolicySpec::default`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct OpportunitySpec {
    /// A prospect becomes an opportunity only at or above this close probability; in
    /// `0..=1`, and no higher than [`OpenRange::max`](crate::OpenRange::max).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::values::decimal::de::figure::threshold")
    )]
    pub threshold: Decimal,
    /// Staged mode, the enterprise exception: in long enterprise sales cycles, allow
    /// [`Discovery`](crate::Discovery) opportunities before budget and authority are
    /// confirmed, labelled as such. Off by default.
    #[cfg_attr(feature = "serde", serde(default))]
    pub staged: bool,
}

impl OpportunitySpec {
    /// A line at `threshold`, strict (not staged).
    ///
    /// ```
    /// use qualify::{Decimal, OpportunitySpec};
    ///
    /// let line = OpportunitySpec::new("0.8".parse::<Decimal>()?).staged();
    /// assert!(line.staged);
    /// # Ok::<(), rust_decimal::Error>(())
    /// ```
    pub fn new(threshold: impl Into<Decimal>) -> OpportunitySpec {
        OpportunitySpec {
            threshold: threshold.into(),
            staged: false,
        }
    }

    /// This line in staged mode: the enterprise exception is on.
    #[must_use = "staged returns the opportunity line; it does not change it in place"]
    pub fn staged(mut self) -> OpportunitySpec {
        self.staged = true;
        self
    }
}

/// How fresh evidence must be to count.
///
/// `EvidenceSpec::default()` sets no age limit, as a policy without `evidence` on the wire
/// does (and a policy's `evidence` without `max_age_days`). The default policy's limit is
/// 180 days, in [`PolicySpec::default`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
#[non_exhaustive]
pub struct EvidenceSpec {
    /// Evidence recorded more than this many days before `now` is stale.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_age_days: Option<u32>,
}

impl EvidenceSpec {
    /// Evidence counts for `days` days after it is recorded; [`EvidenceSpec::default`] sets
    /// no limit.
    pub fn max_age_days(days: u32) -> EvidenceSpec {
        EvidenceSpec {
            max_age_days: Some(days),
        }
    }
}

/// The plain form of a [`Policy`](crate::Policy): what a host writes, in Rust or any serde format.
///
/// Any combination of fields can be built; [`Policy::new`](crate::Policy::new) says which are valid.
///
/// # Wire format
///
/// In JSON, a figure (a weight, points, a threshold, a range bound, an adjustment, a bound
/// of the open range) is a string (`"30"`, `"0.75"`) or a number (`30`, `0.75`):
///
/// - a string is read exactly: one with more digits than a decimal holds is refused, naming
///   its field, rather than rounded;
/// - a number reaches the crate as a binary float (or a 64-bit integer), so it is read only
///   when it converts exactly to what was written: any integer, and a fraction whose
///   shortest form has at most 15 significant digits (`0.75`, `0.1`, `2.5e-3`). Another,
///   such as `0.30000000000000004`, is refused, naming its field and asking for it as a
///   string. A number keeps no trailing zeros: `0.50` reads as 0.5, `"0.50"` as 0.50.
///
/// The crate writes every figure as a string. A condition's values (`"equals": "1000"`) are
/// strings whatever the field, kept as written (see [`Condition`](crate::Condition)).
/// DESIGN.md, "How exact are decimals on the wire?", explains the rule. Unknown and repeated
/// fields are refused.
///
/// A value that cannot be read (a figure, a wrong type, an unknown field) stops the reading
/// at once, with its line and column: serde reads a field at a time, so such errors come one
/// by one. Every check after reading is listed at once, each problem with its path. A
/// complete policy, every part of it shown once:
///
/// (This example needs the `serde` feature.)
///
#[cfg_attr(feature = "serde", doc = "```")]
#[cfg_attr(not(feature = "serde"), doc = "```ignore")]
/// use qualify::{Policy, Profile, Tier};
///
/// let json = r#"{
///   "version": "acme-2026-11",
///   "fit": {
///     "criteria": [
///       { "name": "mid-market", "field": "employees",
///         "condition": { "range": { "min": 200, "max": 5000 } }, "weight": 30,
///         "required": true },
///       { "name": "target industry", "field": "industry",
///         "condition": { "one_of": ["healthcare", "retail"] }, "weight": 20 },
///       { "name": "EU", "field": "country", "condition": { "equals": "DE" }, "weight": 10 },
///       { "name": "senior buyer", "field": "seniority",
///         "condition": { "one_of": ["director", "vice_president", "c_level"] }, "weight": 15 },
///       { "name": "revenue", "field": "annual_revenue",
///         "condition": { "range": { "min": "10000000" } }, "weight": "10" },
///       { "name": "titled", "field": "job_title", "condition": "present", "weight": "5" },
///       { "name": "on spreadsheets", "field": { "custom": "hris" },
///         "condition": { "equals": "spreadsheet" }, "weight": "10" }
///     ],
///     "knockouts": [
///       { "name": "competitor", "field": { "custom": "competitor" }, "condition": { "equals": "true" } },
///       { "name": "unknown size", "field": "employees", "condition": "absent" }
///     ],
///     "pass": { "min_score": "50", "min_met": 3, "require": "all" }
///   },
///   "engagement": {
///     "signals": [
///       { "kind": "content_download", "points": "20", "tier": "iql" },
///       { "kind": "demo_request", "points": "120", "tier": "sql" },
///       { "kind": { "custom": "roi_calculator" }, "points": "60", "tier": "mql" },
///       { "kind": "email_reply", "points": "5" }
///     ],
///     "decay": { "half_life_days": 30 },
///     "tiers": { "iql": "10", "mql": "30", "sql": "60" },
///     "tier_rule": "act"
///   },
///   "probability": {
///     "base": 0.4,
///     "budget_approved": "0.25", "budget_sought": "0.1",
///     "decision_maker": "0.2", "champion": "0.1",
///     "decision_within": { "days": 60, "adjust": "0.1" },
///     "strong_fit": { "min_score": "80", "adjust": "0.05" },
///     "tier": { "iql": "0", "mql": "0.02", "sql": "0.05" },
///     "open": { "min": "0.01", "max": "0.99" }
///   },
///   "opportunity": { "threshold": "0.8", "staged": false },
///   "evidence": { "max_age_days": 120 }
/// }"#;
/// let policy: Policy = serde_json::from_str(json)?;
/// assert_eq!(policy.version(), "acme-2026-11");
///
/// let lead = Profile::new().employees(900).industry("Retail");
/// let a = policy.assess(&lead, &[], "2026-11-25T09:00:00Z".parse()?);
/// assert_eq!((a.fit_score(), a.criteria_met(), a.qualifies()), ("50".parse()?, 2, false));
/// assert_eq!(a.tier(), None);
///
/// // A number that is not exactly what was written is refused, naming its field.
/// let inexact = json.replace(r#""base": 0.4"#, r#""base": 0.30000000000000004"#);
/// assert!(serde_json::from_str::<Policy>(&inexact).unwrap_err().to_string().starts_with(
///     r#"base 0.30000000000000004 cannot be read exactly as a number; write it as a string, "0.30000000000000004""#
/// ));
///
/// // Every mistake the checks find at once, each with its path.
/// let broken = json.replace(r#""weight": 30"#, r#""weight": -30"#).replace("0.8", "80");
/// let err = serde_json::from_str::<Policy>(&broken).unwrap_err();
/// assert!(err.to_string().starts_with(
///     "invalid policy: fit.criteria[0].weight: must not be negative; \
///      opportunity.threshold: must be between 0 and 1"
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Optional parts: `fit.criteria` and `fit.knockouts` (default empty), a criterion's
/// `required` (`false`), one of
/// `fit.pass.min_score` and `fit.pass.min_met` (`require` defaults to `all`),
/// `engagement.signals` (empty), a signal rule's `tier` (none), `engagement.decay` (`"none"`),
/// `engagement.tier_rule` (`"sum"`), every `probability` figure but
/// `base` (zero or absent), `probability.open` (`0.01` to `0.99`), `opportunity.staged`
/// (`false`), `evidence` (no age limit) and `pipeline` ([`PipelineSpec::default`], each of
/// its fields too).
///
/// # Defaults
///
/// [`PolicySpec::default()`] is the spec of [`Policy::default()`](crate::Policy::default),
/// a valid policy to edit. Each section's own `Default` is that section with nothing set:
/// empty lists, zero figures, flags off, and for an optional part what the wire gives when
/// it is left out ([`EvidenceSpec`]: no age limit; [`TierAdjust`](crate::TierAdjust): zero;
/// [`OpenRange`](crate::OpenRange): `0.01..=0.99`). So [`ProbabilitySpec::new`] fills the
/// optional probability figures as an omitted one reads, while `PolicySpec::default()`
/// starts from the default policy's sections.
///
/// # Building
///
/// The spec and each of its parts are `#[non_exhaustive]`, so that a later version can add
/// a field without breaking a program: outside this crate they are built with their
/// constructors ([`PolicySpec::new`], [`CriterionSpec::new`](crate::CriterionSpec::new),
/// [`PassSpec::min_score`](crate::PassSpec::min_score), …) and `with_` methods, or from a
/// `Default`, and their public fields are read and assigned freely. Figures (weights,
/// points, thresholds, adjustments) take `impl Into<Decimal>`: a [`Decimal`] or an integer
/// such as `30`.
///
/// ```
/// use qualify::{Policy, PolicySpec};
///
/// let mut spec = PolicySpec::default().with_version("acme-2026-12");
/// spec.fit.criteria[0].weight = 35.into();
/// let policy = Policy::new(spec)?;
/// assert_eq!(policy.spec().fit.knockouts, Policy::default().spec().fit.knockouts);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A struct literal does not compile outside the crate, even one that fills the rest from
/// the default:
///
/// ```compile_fail,E0639
/// use qualify::{Policy, PolicySpec};
///
/// let spec = PolicySpec { version: "acme-2026-12".into(), ..PolicySpec::default() };
/// let policy = Policy::new(spec)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct PolicySpec {
    /// Names these definitions, so a host can tell which rules scored a record (sales and
    /// marketing recalibrate their definitions, often monthly). Recorded in every
    /// transition's history entry.
    pub version: String,
    /// Fit criteria, knockouts and pass rule.
    pub fit: FitSpec,
    /// Engagement signals, decay and tiers.
    pub engagement: EngagementSpec,
    /// The close-probability model.
    pub probability: ProbabilitySpec,
    /// The opportunity threshold and staged mode.
    pub opportunity: OpportunitySpec,
    /// Evidence freshness.
    #[cfg_attr(feature = "serde", serde(default))]
    pub evidence: EvidenceSpec,
    /// How the pipeline is governed: the triage window, stage age limits, forecast bands.
    #[cfg_attr(feature = "serde", serde(default))]
    pub pipeline: PipelineSpec,
}

impl PolicySpec {
    /// A spec named `version` from its sections, with no evidence age limit (add one with
    /// [`PolicySpec::with_evidence`]). To change a part of the default policy, start from
    /// [`PolicySpec::default`] instead.
    ///
    /// ```
    /// use qualify::{
    ///     Condition, CriterionSpec, Decimal, EngagementSpec, Field, FitSpec, OpportunitySpec, PassSpec,
    ///     Policy, PolicySpec, ProbabilitySpec, TierSpec,
    /// };
    ///
    /// let spec = PolicySpec::new(
    ///     "acme-2026-12",
    ///     FitSpec::new(PassSpec::min_met(1))
    ///         .with_criteria([CriterionSpec::new("titled", Field::JobTitle, Condition::Present, 10)]),
    ///     EngagementSpec::new(TierSpec::new(10, 30, 100)),
    ///     ProbabilitySpec::new("0.5".parse::<Decimal>()?),
    ///     OpportunitySpec::new("0.75".parse::<Decimal>()?),
    /// );
    /// assert_eq!(Policy::new(spec)?.version(), "acme-2026-12");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        version: impl Into<String>,
        fit: FitSpec,
        engagement: EngagementSpec,
        probability: ProbabilitySpec,
        opportunity: OpportunitySpec,
    ) -> PolicySpec {
        PolicySpec {
            version: version.into(),
            fit,
            engagement,
            probability,
            opportunity,
            evidence: EvidenceSpec::default(),
            pipeline: PipelineSpec::default(),
        }
    }

    /// This spec named `version`.
    #[must_use = "with_version returns the spec; it does not change it in place"]
    pub fn with_version(mut self, version: impl Into<String>) -> PolicySpec {
        self.version = version.into();
        self
    }

    /// This spec with `fit` in place of its fit section.
    #[must_use = "with_fit returns the spec; it does not change it in place"]
    pub fn with_fit(mut self, fit: FitSpec) -> PolicySpec {
        self.fit = fit;
        self
    }

    /// This spec with `engagement` in place of its engagement section.
    #[must_use = "with_engagement returns the spec; it does not change it in place"]
    pub fn with_engagement(mut self, engagement: EngagementSpec) -> PolicySpec {
        self.engagement = engagement;
        self
    }

    /// This spec with `probability` in place of its close-probability model.
    #[must_use = "with_probability returns the spec; it does not change it in place"]
    pub fn with_probability(mut self, probability: ProbabilitySpec) -> PolicySpec {
        self.probability = probability;
        self
    }

    /// This spec with `opportunity` in place of its opportunity line.
    #[must_use = "with_opportunity returns the spec; it does not change it in place"]
    pub fn with_opportunity(mut self, opportunity: OpportunitySpec) -> PolicySpec {
        self.opportunity = opportunity;
        self
    }

    /// This spec with `evidence` in place of its evidence freshness.
    #[must_use = "with_evidence returns the spec; it does not change it in place"]
    pub fn with_evidence(mut self, evidence: EvidenceSpec) -> PolicySpec {
        self.evidence = evidence;
        self
    }

    /// This spec with `pipeline` in place of its pipeline governance.
    #[must_use = "with_pipeline returns the spec; it does not change it in place"]
    pub fn with_pipeline(mut self, pipeline: PipelineSpec) -> PolicySpec {
        self.pipeline = pipeline;
        self
    }
}

impl Default for PolicySpec {
    /// The spec of [`Policy::default()`](crate::Policy::default): valid as it is, so
    /// `Policy::new(PolicySpec::default())` gives the default policy.
    fn default() -> PolicySpec {
        default_spec()
    }
}

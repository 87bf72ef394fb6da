//! The host's qualification rules: what fits, what engages, what makes an opportunity.
//!
//! A [`PolicySpec`] is the plain, serializable form a host writes (in JSON, TOML, or Rust);
//! every combination of its fields can be built. [`Policy::new`] checks a spec, lists every
//! problem at once with the path of the field at fault, and compiles it into the form the
//! scoring engine runs. A `Policy` therefore always holds a valid, compiled rule set.

use core::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::decimal::{self, Refusal};
use crate::error::{Echo, PolicyError, PolicyProblem, Problems};
use crate::explain::Notes;
use crate::profile::{Seniority, SignalKind};
use crate::score::{Compiled, Decay as CompiledDecay, ONE, Plan, ProbabilityModel, Rule, Test};
use crate::time::SECONDS_PER_DAY;

/// Bounds on what one policy and one record may hold, and on what an error repeats of bad
/// input.
///
/// Policies and stored records often come from a plugin's configuration or a database, so
/// they are untrusted input: these bounds keep validation, scoring and loading cheap, their
/// cost linear in the input's size, and the error for a broken policy, record or value small
/// however broken it is.
pub mod limits {
    pub use crate::error::{MAX_ECHO_LEN, MAX_PROBLEMS};

    /// Fit criteria in `fit.criteria`.
    pub const MAX_CRITERIA: usize = 64;
    /// Knockouts in `fit.knockouts`.
    pub const MAX_KNOCKOUTS: usize = 64;
    /// Scored signal kinds in `engagement.signals`.
    pub const MAX_SIGNAL_RULES: usize = 64;
    /// Values in one `one_of` condition.
    pub const MAX_SET_SIZE: usize = 256;
    /// Bytes in any one string: the version, a name, a field name, a condition value.
    pub const MAX_TEXT_LEN: usize = 256;
    /// Largest magnitude of a weight, a number of points or a score threshold.
    pub const MAX_POINTS: i64 = 1_000_000;
    /// Most decimal places of a weight, points, a threshold or a probability; the engine
    /// computes exactly at this scale.
    pub const MAX_DECIMAL_PLACES: u32 = 4;
    /// Longest duration in days (decay, freshness, decision windows): 100 years.
    pub const MAX_DAYS: u32 = 36_500;

    /// Events in one record's history. A stored record with more does not load, and a
    /// transition or milestone that would pass it is refused.
    pub const MAX_EVENTS: usize = 10_000;
    /// Engagement signals on one record. A stored record with more does not load, and
    /// `record_signal` refuses to pass it.
    pub const MAX_SIGNALS: usize = 100_000;
}

/// A profile field that a criterion or knockout looks at.
///
/// On the wire: `"employees"`, `"industry"`, …, or `{"custom": "crm_plan"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Field {
    /// [`Profile::employees`](crate::Profile::employees), numeric.
    Employees,
    /// [`Profile::annual_revenue`](crate::Profile::annual_revenue), numeric.
    AnnualRevenue,
    /// [`Profile::industry`](crate::Profile::industry), text.
    Industry,
    /// [`Profile::country`](crate::Profile::country), text.
    Country,
    /// [`Profile::job_title`](crate::Profile::job_title), text.
    JobTitle,
    /// [`Profile::seniority`](crate::Profile::seniority), one of the [`Seniority`] names.
    Seniority,
    /// A custom attribute by CRM field name; text, number or flag.
    Custom(String),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Employees => f.write_str("employees"),
            Field::AnnualRevenue => f.write_str("annual_revenue"),
            Field::Industry => f.write_str("industry"),
            Field::Country => f.write_str("country"),
            Field::JobTitle => f.write_str("job_title"),
            Field::Seniority => f.write_str("seniority"),
            Field::Custom(name) => write!(f, "custom.{name}"),
        }
    }
}

/// What a criterion or knockout asks of its field.
///
/// Values are written as strings and read by the field's type: `"1000"` for a number (read
/// exactly, as every decimal is: one with more digits than a decimal holds is refused on a
/// numeric field, and only text on a custom one), `"director"` for a seniority, `"true"` for
/// a flag. Text compares ignoring ASCII case.
/// On the wire: `{"equals": "software"}`, `{"one_of": ["DE", "FR"]}`,
/// `{"range": {"min": "1000"}}`, `"present"`, `"absent"`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Condition {
    /// The field equals this value.
    Equals(String),
    /// The field equals one of these values.
    OneOf(Vec<String>),
    /// The numeric field lies within these bounds (both inclusive, either optional).
    Range {
        /// Lowest value that meets the condition.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::decimal::de::option::min")
        )]
        min: Option<Decimal>,
        /// Highest value that meets the condition.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::decimal::de::option::max")
        )]
        max: Option<Decimal>,
    },
    /// The field has a value.
    Present,
    /// The field has no value.
    Absent,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Equals(v) => write!(f, "equals {v:?}"),
            Condition::OneOf(vs) => write!(f, "one of {vs:?}"),
            Condition::Range { min, max } => {
                f.write_str("in ")?;
                if let Some(min) = min {
                    write!(f, "{min}")?;
                }
                f.write_str("..")?;
                if let Some(max) = max {
                    write!(f, "={max}")?;
                }
                Ok(())
            }
            Condition::Present => f.write_str("present"),
            Condition::Absent => f.write_str("absent"),
        }
    }
}

/// A fit criterion: when its condition holds, the lead earns its weight in points.
///
/// A *required* criterion must also hold for fit to pass, whatever the score and the count
/// of criteria met: a must-have of the ideal customer profile, such as company size for a
/// product sold only to large companies. Unlike a [knockout](KnockoutSpec), an unmet
/// required criterion does not disqualify: the lead stays a lead until its fit evidence
/// shows the criterion met (see [`Unmet::RequiredCriterion`](crate::Unmet::RequiredCriterion)).
///
/// A criterion on a field the profile does not have is not met, so a required criterion
/// also requires its field to be known, with one exception: a required `absent` criterion
/// requires the field to be missing, and a profile that has the field fails it.
///
/// On the wire, `"required": true`; it defaults to `false` and is written only when true.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CriterionSpec {
    /// Unique among the criteria; shown in explanations.
    pub name: String,
    /// The profile field looked at.
    pub field: Field,
    /// What the field must satisfy.
    pub condition: Condition,
    /// Points earned when met; never negative.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::weight"))]
    pub weight: Decimal,
    /// Whether fit fails when this criterion is not met, whatever the score and count.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_false"))]
    pub required: bool,
}

/// Whether a flag is off, so that serializing leaves it out.
#[cfg(feature = "serde")]
pub(crate) fn is_false(flag: &bool) -> bool {
    !*flag
}

/// A knockout: when its condition holds, the lead fails fit whatever its score.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct KnockoutSpec {
    /// Unique among the knockouts; becomes the disqualification reason.
    pub name: String,
    /// The profile field looked at.
    pub field: Field,
    /// What, when it holds, knocks the lead out.
    pub condition: Condition,
}

/// Whether both pass rules must hold, or either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Require {
    /// Every rule that is set must hold.
    #[default]
    All,
    /// One rule that is set is enough.
    Any,
}

/// How fit passes: a weighted score, a count of criteria met ("6 of 10"), or both. Required
/// criteria must hold as well, whichever rule is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PassSpec {
    /// The fit score must be at least this.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::decimal::de::option::min_score")
    )]
    pub min_score: Option<Decimal>,
    /// At least this many criteria must be met.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub min_met: Option<u32>,
    /// Whether both rules must hold when both are set (default `all`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub require: Require,
}

/// Fit: criteria, knockouts and how to pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct FitSpec {
    /// Weighted criteria, at most [`limits::MAX_CRITERIA`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub criteria: Vec<CriterionSpec>,
    /// Knockouts, at most [`limits::MAX_KNOCKOUTS`].
    #[cfg_attr(feature = "serde", serde(default))]
    pub knockouts: Vec<KnockoutSpec>,
    /// The pass rule; at least one of its thresholds must be set.
    pub pass: PassSpec,
}

/// Points for one kind of engagement signal.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct SignalRule {
    /// The signal kind; each kind appears once.
    pub kind: SignalKind,
    /// Points a fresh signal of this kind earns; never negative.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::points"))]
    pub points: Decimal,
}

/// How a signal's points fade with its age at `now`.
///
/// On the wire: `"none"`, `{"half_life_days": 30}` or `{"window_days": 90}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Decay {
    /// Signals keep their points forever.
    #[default]
    None,
    /// Points halve every this many days, falling linearly between halvings: exact, and
    /// never rising with age.
    HalfLifeDays(u32),
    /// Signals older than this many days earn nothing; younger ones earn full points.
    WindowDays(u32),
}

/// Engagement-score thresholds of the lead tiers, IQL ≤ MQL ≤ SQL: the temperatures of a
/// lead, from a contact who traded details for content to one who asked to try the product.
///
/// [`EngagementSpec`] explains how to choose them beside the signals' points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TierSpec {
    /// Information qualified: gave contact details for content.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::iql"))]
    pub iql: Decimal,
    /// Marketing qualified: asked about the offer.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::mql"))]
    pub mql: Decimal,
    /// Sales qualified: requested a trial or a demo.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::sql"))]
    pub sql: Decimal,
}

/// Engagement: points per signal kind, decay, and tiers.
///
/// # Choosing points and thresholds
///
/// A tier should begin with the act that defines it and last a while after it. Under
/// `half_life_days` decay a lone signal counts more than half its points until one
/// half-life has passed, exactly half at that moment, and less after. So:
///
/// - give each tier's defining kinds at least **twice** the tier's threshold: one such act
///   then keeps a lead in the tier for at least a half-life;
/// - keep every kind of a lower tier **below** the next tier's threshold, so that one such
///   act never lifts a lead into the next tier, even fresh;
/// - together, these make each threshold more than twice the one below it.
///
/// Under `window_days` decay a signal counts in full or not at all, so points at the
/// threshold hold the tier for the whole window.
///
/// The default policy follows these rules, with a 30-day half-life and thresholds of 10,
/// 30 and 100:
///
/// | tier | kinds | points | a lone signal stays in the tier |
/// |---|---|---|---|
/// | IQL | `newsletter_signup`, `content_download`, `webinar_attended` | 20 | 30 days |
/// | MQL | `pricing_request`, `contact_sales` | 60 | 30 days, then IQL to day 80 |
/// | SQL | `demo_request`, `trial_started` | 200 | 30 days, then MQL to day 84, IQL to day 132 |
/// | none | `pricing_page_visit` | 8 | never reaches IQL alone |
/// | none | `email_reply`, `event_visit` | 5 | never reaches IQL alone |
///
/// Scores add up, so several lesser acts can reach a higher tier: two fresh content
/// downloads (40) make an MQL under the default. Widen the gaps between thresholds if they
/// should not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct EngagementSpec {
    /// Points per signal kind; kinds not listed earn nothing.
    #[cfg_attr(feature = "serde", serde(default))]
    pub signals: Vec<SignalRule>,
    /// How points fade.
    #[cfg_attr(feature = "serde", serde(default))]
    pub decay: Decay,
    /// Tier thresholds.
    pub tiers: TierSpec,
}

/// An adjustment that applies when the decision date is close.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct WithinDays {
    /// The decision date is at most this many days after `now`.
    pub days: u32,
    /// Added to the probability when it is.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::adjust"))]
    pub adjust: Decimal,
}

/// An adjustment that applies when the fit score is high.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct StrongFit {
    /// The fit score is at least this.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::min_score"))]
    pub min_score: Decimal,
    /// Added to the probability when it is.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::adjust"))]
    pub adjust: Decimal,
}

/// Adjustments by engagement tier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct TierAdjust {
    /// Added at IQL.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::iql"))]
    pub iql: Decimal,
    /// Added at MQL.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::mql"))]
    pub mql: Decimal,
    /// Added at SQL.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::sql"))]
    pub sql: Decimal,
}

/// The close-probability model: how likely a deal is to close, from the evidence so far. A
/// base plus adjustments by evidence strength, held in the [`open`](ProbabilitySpec::open)
/// range. Every other figure lies in `-1..=1`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ProbabilitySpec {
    /// Where every estimate starts, in `0..=1`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::base"))]
    pub base: Decimal,
    /// Added when budget is approved.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::decimal::de::budget_approved")
    )]
    pub budget_approved: Decimal,
    /// Added when budget is being sought.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::decimal::de::budget_sought")
    )]
    pub budget_sought: Decimal,
    /// Added when the decision maker is engaged.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "crate::decimal::de::decision_maker")
    )]
    pub decision_maker: Decimal,
    /// Added when a champion with access is engaged.
    #[cfg_attr(feature = "serde", serde(default))]
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::champion"))]
    pub champion: Decimal,
    /// Added when the decision date is near.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub decision_within: Option<WithinDays>,
    /// Added when the fit score is high.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub strong_fit: Option<StrongFit>,
    /// Added by engagement tier.
    #[cfg_attr(feature = "serde", serde(default))]
    pub tier: TierAdjust,
    /// The range an open deal's estimate is held in (default `0.01..=0.99`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub open: OpenRange,
}

/// The range every estimate for an open deal (a discovery or an opportunity) is held in,
/// strictly inside `(0, 1)`: an open deal is never certain either way.
///
/// A close probability of 0 or 1 says the deal is lost or won. Shown on a deal that is
/// still open, it is read as an outcome, and it stops moving when the next piece of
/// evidence arrives: adjustments that sum past 1 all look alike. CRMs that predict close
/// probabilities clamp the same way (Odoo's predictive lead scoring keeps its estimates
/// between 0.01 % and 99.99 %). The default, `0.01..=0.99`, keeps a visible margin at both
/// ends.
///
/// On the wire, `{"min": "0.01", "max": "0.99"}`; either may be left out for its default,
/// and a policy without `open` gets the default range. [`Policy::new`] requires
/// `0 < min <= max < 1`, and an opportunity threshold no higher than `max` (else no deal
/// could ever open).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct OpenRange {
    /// The least an open deal's estimate may be; above 0.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::min"))]
    pub min: Decimal,
    /// The most an open deal's estimate may be; below 1.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::max"))]
    pub max: Decimal,
}

impl Default for OpenRange {
    /// `0.01..=0.99`.
    fn default() -> OpenRange {
        OpenRange {
            min: Decimal::new(1, 2),
            max: Decimal::new(99, 2),
        }
    }
}

/// Where the opportunity line sits (how high the close probability must be to call a deal
/// an opportunity) and whether the enterprise exception is on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct OpportunitySpec {
    /// A prospect becomes an opportunity only at or above this close probability; in
    /// `0..=1`, and no higher than [`OpenRange::max`].
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::decimal::de::threshold"))]
    pub threshold: Decimal,
    /// Staged mode, the enterprise exception: in long enterprise sales cycles, allow
    /// [`Discovery`](crate::Discovery) opportunities before budget and authority are
    /// confirmed, labelled as such. Off by default.
    #[cfg_attr(feature = "serde", serde(default))]
    pub staged: bool,
}

/// How fresh evidence must be to count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct EvidenceSpec {
    /// Evidence recorded more than this many days before `now` is stale.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_age_days: Option<u32>,
}

/// The plain form of a [`Policy`]: what a host writes, in Rust or any serde format.
///
/// Any combination of fields can be built; [`Policy::new`] says which are valid.
///
/// # Wire format
///
/// In JSON, decimals are strings (`"30"`, `"0.75"`), read exactly: one with more digits than
/// a decimal holds is refused, naming its field, rather than rounded (DESIGN.md, "How exact
/// are decimals on the wire?"). Unknown and repeated fields are refused. A
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
///         "condition": { "range": { "min": "200", "max": "5000" } }, "weight": "30",
///         "required": true },
///       { "name": "target industry", "field": "industry",
///         "condition": { "one_of": ["healthcare", "retail"] }, "weight": "20" },
///       { "name": "EU", "field": "country", "condition": { "equals": "DE" }, "weight": "10" },
///       { "name": "senior buyer", "field": "seniority",
///         "condition": { "one_of": ["director", "vice_president", "c_level"] }, "weight": "15" },
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
///       { "kind": "content_download", "points": "10" },
///       { "kind": "demo_request", "points": "40" },
///       { "kind": { "custom": "roi_calculator" }, "points": "25" }
///     ],
///     "decay": { "half_life_days": 30 },
///     "tiers": { "iql": "10", "mql": "30", "sql": "60" }
///   },
///   "probability": {
///     "base": "0.4",
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
/// let lead = Profile { employees: Some(900), industry: Some("Retail".into()), ..Profile::default() };
/// let a = policy.assess(&lead, &[], "2026-11-25T09:00:00Z".parse()?);
/// assert_eq!((a.fit_score(), a.criteria_met(), a.qualifies()), ("50".parse()?, 2, false));
/// assert_eq!(a.tier(), None);
///
/// // Every mistake at once, each with its path.
/// let broken = json.replace(r#""weight": "30""#, r#""weight": "-30""#).replace("0.8", "80");
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
/// `engagement.signals` (empty), `engagement.decay` (`"none"`), every `probability` figure but
/// `base` (zero or absent), `probability.open` (`0.01` to `0.99`), `opportunity.staged`
/// (`false`) and `evidence` (no age limit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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
}

/// Every `Policy` is a checked, compiled set of qualification rules.
///
/// Build one with [`Policy::new`] from a [`PolicySpec`], deserialize one (the same checks
/// run), or start from [`Policy::default`], the crate's embedded policy. A policy is
/// immutable; to change the rules, edit its [`spec`](Policy::spec) and build anew.
///
/// ```
/// use qualify::{Policy, PolicySpec};
///
/// let policy = Policy::default();
/// assert_eq!(policy.version(), "qualify-default-2026-11");
///
/// let mut spec: PolicySpec = policy.spec().clone();
/// spec.fit.criteria[0].weight = "-5".parse()?;
/// spec.opportunity.threshold = "1.2".parse()?;
/// let err = Policy::new(spec).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid policy: fit.criteria[0].weight: must not be negative; \
///      opportunity.threshold: must be between 0 and 1",
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    spec: PolicySpec,
    compiled: Compiled,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        self.spec == other.spec
    }
}

impl Eq for Policy {}

impl Policy {
    /// Checks a spec and compiles it.
    ///
    /// # Errors
    /// [`PolicyError`] listing every problem at once, each naming its path: a negative
    /// weight (`fit.criteria[3].weight: must not be negative`), duplicate criterion names,
    /// a threshold outside `0..=1`, an open range that reaches 0 or 1 or is reversed
    /// (`probability.open.max: must be above 0 and below 1`), an opportunity threshold above
    /// its top (`opportunity.threshold: must not be above probability.open.max (0.99)`),
    /// tiers out of order, a half-life of zero days, `min_met`
    /// above the number of criteria, a `range` on a text field, a value that is not a
    /// number where the field is numeric, more entries or longer strings than
    /// [`limits`] allows.
    pub fn new(spec: PolicySpec) -> Result<Policy, PolicyError> {
        let compiled = Checker::default().compile(&spec)?;
        Ok(Policy { spec, compiled })
    }

    /// The spec this policy was built from.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The spec's version string.
    pub fn version(&self) -> &str {
        &self.spec.version
    }

    /// Whether staged mode (the enterprise exception) is on.
    pub fn staged(&self) -> bool {
        self.spec.opportunity.staged
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }
}

impl Default for Policy {
    /// The crate's embedded policy: an enterprise B2B software ICP, in which a headcount
    /// of at least 1,000 is a required criterion (a smaller company never qualifies, however
    /// well it scores otherwise, and one under 10 employees is knocked out); engagement
    /// tiers at 10 (IQL), 30 (MQL) and 100 (SQL) points with a 30-day half-life, where one
    /// act of a tier (a content download, a pricing request, a demo request) keeps a lead in
    /// that tier for a half-life ([`EngagementSpec`] has the table); close probabilities
    /// held in `0.01..=0.99` ([`OpenRange`]); an opportunity line at 0.75, strict (not
    /// staged); evidence fresh for 180 days. Print
    /// `Policy::default().spec()` or serialize it to read every figure.
    fn default() -> Policy {
        Policy::new(default_spec()).expect("the embedded default policy is valid")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Policy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Policy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Policy::new(PolicySpec::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn default_spec() -> PolicySpec {
    let criterion = |name: &str, field, condition, weight| CriterionSpec {
        name: name.into(),
        field,
        condition,
        weight: dec(weight),
        required: false,
    };
    let knockout = |name: &str, field, condition| KnockoutSpec {
        name: name.into(),
        field,
        condition,
    };
    let signal = |kind, points| SignalRule {
        kind,
        points: dec(points),
    };
    PolicySpec {
        version: "qualify-default-2026-11".into(),
        fit: FitSpec {
            criteria: vec![
                // The product is sold to enterprises: a smaller company is no fit, however
                // well it scores otherwise.
                CriterionSpec {
                    required: true,
                    ..criterion(
                        "enterprise headcount",
                        Field::Employees,
                        Condition::Range {
                            min: Some(dec("1000")),
                            max: None,
                        },
                        "30",
                    )
                },
                criterion(
                    "target industry",
                    Field::Industry,
                    Condition::OneOf(strings(&["software", "saas", "fintech", "financial services"])),
                    "20",
                ),
                criterion(
                    "revenue over 50 million",
                    Field::AnnualRevenue,
                    Condition::Range {
                        min: Some(dec("50000000")),
                        max: None,
                    },
                    "15",
                ),
                criterion(
                    "buying seniority",
                    Field::Seniority,
                    Condition::OneOf(strings(&[
                        "manager",
                        "director",
                        "vice_president",
                        "c_level",
                        "owner",
                    ])),
                    "15",
                ),
                criterion(
                    "served market",
                    Field::Country,
                    Condition::OneOf(strings(&["US", "CA", "GB", "DE", "FR", "NL", "SE"])),
                    "10",
                ),
                criterion("known job title", Field::JobTitle, Condition::Present, "10"),
            ],
            knockouts: vec![
                knockout(
                    "competitor",
                    Field::Custom("competitor".into()),
                    Condition::Equals("true".into()),
                ),
                knockout("student", Field::Seniority, Condition::Equals("student".into())),
                knockout(
                    "spam",
                    Field::Custom("spam".into()),
                    Condition::Equals("true".into()),
                ),
                knockout(
                    "company under 10 employees",
                    Field::Employees,
                    Condition::Range {
                        min: None,
                        max: Some(dec("9")),
                    },
                ),
            ],
            pass: PassSpec {
                min_score: Some(dec("60")),
                min_met: Some(3),
                require: Require::All,
            },
        },
        engagement: EngagementSpec {
            // Each tier's defining acts are worth twice its threshold, so one of them holds
            // the lead in the tier for a half-life; none reaches the next tier alone (the
            // rules in `EngagementSpec`'s docs).
            signals: vec![
                // IQL: contact details given for content.
                signal(SignalKind::NewsletterSignup, "20"),
                signal(SignalKind::ContentDownload, "20"),
                signal(SignalKind::WebinarAttended, "20"),
                // MQL: asked about the offer.
                signal(SignalKind::PricingRequest, "60"),
                signal(SignalKind::ContactSales, "60"),
                // SQL: asked to try the product.
                signal(SignalKind::DemoRequest, "200"),
                signal(SignalKind::TrialStarted, "200"),
                // Interest that defines no tier: below IQL alone.
                signal(SignalKind::PricingPageVisit, "8"),
                signal(SignalKind::EmailReply, "5"),
                signal(SignalKind::EventVisit, "5"),
            ],
            decay: Decay::HalfLifeDays(30),
            tiers: TierSpec {
                iql: dec("10"),
                mql: dec("30"),
                sql: dec("100"),
            },
        },
        probability: ProbabilitySpec {
            base: dec("0.5"),
            budget_approved: dec("0.2"),
            budget_sought: dec("0.05"),
            decision_maker: dec("0.15"),
            champion: dec("0.05"),
            decision_within: Some(WithinDays {
                days: 90,
                adjust: dec("0.1"),
            }),
            strong_fit: Some(StrongFit {
                min_score: dec("80"),
                adjust: dec("0.05"),
            }),
            tier: TierAdjust {
                iql: Decimal::ZERO,
                mql: dec("0.02"),
                sql: dec("0.05"),
            },
            // An open deal is never shown as certain to close or to be lost.
            open: OpenRange::default(),
        },
        opportunity: OpportunitySpec {
            threshold: dec("0.75"),
            staged: false,
        },
        evidence: EvidenceSpec {
            max_age_days: Some(180),
        },
    }
}

/// Collects problems while compiling a spec, so that every one is reported at once (the
/// first [`limits::MAX_PROBLEMS`] of them listed, the rest counted).
#[derive(Default)]
struct Checker {
    problems: Problems<PolicyProblem>,
}

impl Checker {
    /// Records a problem; past the limit, counts it without writing its message.
    fn problem(&mut self, path: impl Into<String>, message: impl fmt::Display) {
        self.problems.push_with(|| PolicyProblem {
            path: path.into(),
            message: message.to_string(),
        });
    }

    fn text(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.problem(path, "must not be empty");
        } else if text.len() > limits::MAX_TEXT_LEN {
            self.problem(
                path,
                format!(
                    "must be at most {} bytes long, found {}",
                    limits::MAX_TEXT_LEN,
                    text.len()
                ),
            );
        }
    }

    fn count(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.problem(path, format!("must hold at most {max} entries, found {len}"));
        }
    }

    /// A decimal the engine computes with, as an integer at its fixed scale; `None` after
    /// recording a problem (`out_of_range` when it lies outside `min..=max`).
    fn fixed(&mut self, path: &str, value: Decimal, min: i64, max: i64, out_of_range: &str) -> Option<i64> {
        if value < Decimal::from(min) || value > Decimal::from(max) {
            self.problem(path, out_of_range);
            return None;
        }
        let scaled = to_fixed(value);
        if scaled.is_none() {
            self.problem(
                path,
                format!("must have at most {} decimal places", limits::MAX_DECIMAL_PLACES),
            );
        }
        scaled
    }

    fn points(&mut self, path: &str, value: Decimal) -> Option<i64> {
        let message = if value.is_sign_negative() {
            "must not be negative".to_owned()
        } else {
            format!("must be at most {}", limits::MAX_POINTS)
        };
        self.fixed(path, value, 0, limits::MAX_POINTS, &message)
    }

    fn unit(&mut self, path: &str, value: Decimal) -> Option<i64> {
        self.fixed(path, value, 0, 1, "must be between 0 and 1")
    }

    /// A probability strictly between 0 and 1.
    fn open_unit(&mut self, path: &str, value: Decimal) -> Option<i64> {
        const MESSAGE: &str = "must be above 0 and below 1";
        let fixed = self.fixed(path, value, 0, 1, MESSAGE)?;
        if fixed == 0 || fixed == ONE {
            self.problem(path, MESSAGE);
            return None;
        }
        Some(fixed)
    }

    fn adjustment(&mut self, path: &str, value: Decimal) -> Option<i64> {
        self.fixed(path, value, -1, 1, "must be between -1 and 1")
    }

    fn days(&mut self, path: &str, days: u32) -> Option<i64> {
        if days == 0 {
            self.problem(path, "must be at least 1 day");
            None
        } else if days > limits::MAX_DAYS {
            self.problem(path, format!("must be at most {} days", limits::MAX_DAYS));
            None
        } else {
            Some(i64::from(days) * SECONDS_PER_DAY)
        }
    }

    /// Checks names for blanks and duplicates. Callers pass at most a limit's worth, so the
    /// quadratic search stays cheap on untrusted input.
    fn names<'a>(&mut self, path: &str, names: impl Iterator<Item = &'a str>) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, name) in names.enumerate() {
            self.text(&format!("{path}[{i}].name"), name);
            if let Some(first) = seen.iter().position(|n| *n == name) {
                self.problem(
                    format!("{path}[{i}].name"),
                    format_args!("duplicates the name {} of {path}[{first}]", Echo::quoted(name)),
                );
            }
            seen.push(name);
        }
    }

    fn compile(mut self, spec: &PolicySpec) -> Result<Compiled, PolicyError> {
        self.text("version", &spec.version);
        let fit = &spec.fit;

        self.count("fit.criteria", fit.criteria.len(), limits::MAX_CRITERIA);
        self.names(
            "fit.criteria",
            fit.criteria
                .iter()
                .take(limits::MAX_CRITERIA)
                .map(|c| c.name.as_str()),
        );
        let criteria: Vec<Rule> = fit
            .criteria
            .iter()
            .enumerate()
            .take(limits::MAX_CRITERIA)
            .filter_map(|(i, c)| {
                let path = format!("fit.criteria[{i}]");
                let weight = self.points(&format!("{path}.weight"), c.weight);
                let test = self.test(&path, &c.field, &c.condition);
                Some(Rule::new(&c.field, test?, weight?))
            })
            .collect();
        // Criterion `i` is bit `i` of the engine's hits; at most 64 criteria get this far.
        let required = fit
            .criteria
            .iter()
            .take(limits::MAX_CRITERIA)
            .zip(0..u64::BITS)
            .filter(|(c, _)| c.required)
            .fold(0_u64, |mask, (_, bit)| mask | 1 << bit);

        self.count("fit.knockouts", fit.knockouts.len(), limits::MAX_KNOCKOUTS);
        self.names(
            "fit.knockouts",
            fit.knockouts
                .iter()
                .take(limits::MAX_KNOCKOUTS)
                .map(|k| k.name.as_str()),
        );
        let knockouts: Vec<Rule> = fit
            .knockouts
            .iter()
            .enumerate()
            .take(limits::MAX_KNOCKOUTS)
            .filter_map(|(i, k)| {
                let test = self.test(&format!("fit.knockouts[{i}]"), &k.field, &k.condition)?;
                Some(Rule::new(&k.field, test, 0))
            })
            .collect();

        let pass = &fit.pass;
        let min_score = pass.min_score.and_then(|s| self.points("fit.pass.min_score", s));
        if pass.min_score.is_none() && pass.min_met.is_none() {
            self.problem("fit.pass", "must set min_score, min_met or both");
        }
        if let Some(n) = pass.min_met
            && n as usize > fit.criteria.len()
        {
            self.problem(
                "fit.pass.min_met",
                format!("{n} exceeds the {} criteria", fit.criteria.len()),
            );
        }

        let engagement = &spec.engagement;
        self.count(
            "engagement.signals",
            engagement.signals.len(),
            limits::MAX_SIGNAL_RULES,
        );
        let mut known = [0_i64; SignalKind::KNOWN.len()];
        let mut custom: Vec<(Box<str>, i64)> = Vec::new();
        let mut kinds: Vec<&SignalKind> = Vec::new();
        for (i, rule) in engagement
            .signals
            .iter()
            .enumerate()
            .take(limits::MAX_SIGNAL_RULES)
        {
            let path = format!("engagement.signals[{i}]");
            if let Some(first) = kinds.iter().position(|k| **k == rule.kind) {
                self.problem(
                    format!("{path}.kind"),
                    format_args!(
                        "duplicates the kind {} of engagement.signals[{first}]",
                        Echo::plain(rule.kind.as_str())
                    ),
                );
            }
            kinds.push(&rule.kind);
            if let SignalKind::Custom(name) = &rule.kind {
                self.text(&format!("{path}.kind.custom"), name);
            }
            if let Some(points) = self.points(&format!("{path}.points"), rule.points) {
                match rule.kind.known_index() {
                    Some(k) => known[k] = points,
                    None => custom.push((rule.kind.to_string().into_boxed_str(), points)),
                }
            }
        }
        custom.sort();
        let decay = match engagement.decay {
            Decay::None => Some(CompiledDecay::None),
            Decay::HalfLifeDays(d) => self
                .days("engagement.decay.half_life_days", d)
                .and_then(CompiledDecay::half_life),
            Decay::WindowDays(d) => self
                .days("engagement.decay.window_days", d)
                .map(CompiledDecay::Window),
        };
        let t = &engagement.tiers;
        let iql = self.points("engagement.tiers.iql", t.iql);
        let mql = self.points("engagement.tiers.mql", t.mql);
        let sql = self.points("engagement.tiers.sql", t.sql);
        if let (Some(iql), Some(mql)) = (iql, mql)
            && mql < iql
        {
            self.problem(
                "engagement.tiers.mql",
                format!("must not be below iql ({})", t.iql),
            );
        }
        if let (Some(mql), Some(sql)) = (mql, sql)
            && sql < mql
        {
            self.problem(
                "engagement.tiers.sql",
                format!("must not be below mql ({})", t.mql),
            );
        }

        let p = &spec.probability;
        let base = self.unit("probability.base", p.base);
        let budget_approved = self.adjustment("probability.budget_approved", p.budget_approved);
        let budget_sought = self.adjustment("probability.budget_sought", p.budget_sought);
        let decision_maker = self.adjustment("probability.decision_maker", p.decision_maker);
        let champion = self.adjustment("probability.champion", p.champion);
        let within = p.decision_within.as_ref().map(|w| {
            (
                self.days("probability.decision_within.days", w.days),
                self.adjustment("probability.decision_within.adjust", w.adjust),
            )
        });
        let strong_fit = p.strong_fit.as_ref().map(|s| {
            (
                self.points("probability.strong_fit.min_score", s.min_score),
                self.adjustment("probability.strong_fit.adjust", s.adjust),
            )
        });
        let tier_iql = self.adjustment("probability.tier.iql", p.tier.iql);
        let tier_mql = self.adjustment("probability.tier.mql", p.tier.mql);
        let tier_sql = self.adjustment("probability.tier.sql", p.tier.sql);
        let open_min = self.open_unit("probability.open.min", p.open.min);
        let open_max = self.open_unit("probability.open.max", p.open.max);
        if let (Some(min), Some(max)) = (open_min, open_max)
            && max < min
        {
            self.problem(
                "probability.open.max",
                format!("must not be below min ({})", p.open.min),
            );
        }

        let threshold = self.unit("opportunity.threshold", spec.opportunity.threshold);
        if let (Some(threshold), Some(max)) = (threshold, open_max)
            && threshold > max
        {
            self.problem(
                "opportunity.threshold",
                format!("must not be above probability.open.max ({})", p.open.max),
            );
        }
        if let Some(days) = spec.evidence.max_age_days {
            self.days("evidence.max_age_days", days);
        }

        if !self.problems.is_empty() {
            let (problems, omitted) = self.problems.into_parts();
            return Err(PolicyError { problems, omitted });
        }
        // Every `None` above pushed a problem, so past this point each is `Some`.
        let model = (|| {
            Some(ProbabilityModel {
                base: base?,
                budget_approved: budget_approved?,
                budget_sought: budget_sought?,
                decision_maker: decision_maker?,
                champion: champion?,
                within: match within {
                    Some((days, adjust)) => Some((days?, adjust?)),
                    None => None,
                },
                strong_fit: match strong_fit {
                    Some((score, adjust)) => Some((score?, adjust?)),
                    None => None,
                },
                tier: [tier_iql?, tier_mql?, tier_sql?],
                open: (open_min?, open_max?),
            })
        })();
        let plan = Plan::new(&criteria, &knockouts);
        let compiled = (|| {
            Some(Compiled {
                criteria: criteria.into_boxed_slice(),
                knockouts: knockouts.into_boxed_slice(),
                plan,
                min_score,
                min_met: pass.min_met,
                require_all: pass.require == Require::All,
                required,
                known_points: known,
                custom_points: custom.into_boxed_slice(),
                decay: decay?,
                tiers: [iql?, mql?, sql?],
                model: model?,
                threshold: threshold?,
                notes: Arc::new(Notes::new(spec)),
            })
        })();
        compiled.ok_or_else(|| PolicyError {
            problems: vec![PolicyProblem {
                path: String::new(),
                message: "internal error: a check failed without a problem".into(),
            }],
            omitted: 0,
        })
    }

    /// Compiles a field and condition into a test, or records why it cannot be.
    fn test(&mut self, path: &str, field: &Field, condition: &Condition) -> Option<Test> {
        if let Field::Custom(name) = field {
            self.text(&format!("{path}.field.custom"), name);
        }
        let cpath = format!("{path}.condition");
        let numeric = matches!(field, Field::Employees | Field::AnnualRevenue);
        let values: &[String] = match condition {
            Condition::Present => return Some(Test::Present),
            Condition::Absent => return Some(Test::Absent),
            Condition::Range { min, max } => {
                if !numeric && !matches!(field, Field::Custom(_)) {
                    self.problem(&cpath, format!("range needs a numeric field, not {field}"));
                    return None;
                }
                match (min, max) {
                    (None, None) => {
                        self.problem(&cpath, "range needs min, max or both");
                        return None;
                    }
                    (Some(lo), Some(hi)) if lo > hi => {
                        self.problem(&cpath, format!("range min {lo} is above max {hi}"));
                        return None;
                    }
                    _ => return Some(Test::range(field, *min, *max)),
                }
            }
            Condition::Equals(v) => core::slice::from_ref(v),
            Condition::OneOf(vs) => {
                if vs.is_empty() {
                    self.problem(&cpath, "one_of must list at least one value");
                    return None;
                }
                if vs.len() > limits::MAX_SET_SIZE {
                    self.problem(
                        &cpath,
                        format!(
                            "one_of must list at most {} values, found {}",
                            limits::MAX_SET_SIZE,
                            vs.len()
                        ),
                    );
                    return None;
                }
                vs
            }
        };
        let before = self.problems.len();
        for (i, v) in values.iter().enumerate() {
            if v.len() > limits::MAX_TEXT_LEN {
                let which = match condition {
                    Condition::OneOf(_) => format!("one_of[{i}]"),
                    _ => "the value".to_owned(),
                };
                self.problem(
                    &cpath,
                    format!(
                        "{which} must be at most {} bytes long, found {}",
                        limits::MAX_TEXT_LEN,
                        v.len()
                    ),
                );
            }
        }
        let test = match field {
            Field::Seniority => {
                let mut mask = 0_u8;
                for v in values {
                    match Seniority::from_name(v) {
                        Some(s) => mask |= 1 << (s as u8),
                        None => self.problem(
                            &cpath,
                            format_args!(
                                "{} is not a seniority (one of {})",
                                Echo::quoted(v),
                                Seniority::ALL.map(Seniority::as_str).join(", ")
                            ),
                        ),
                    }
                }
                Test::Seniority(mask)
            }
            _ if numeric => {
                let mut numbers = Vec::with_capacity(values.len());
                for v in values {
                    match decimal::parse(v) {
                        Ok(n) => numbers.push(n),
                        Err(Refusal::Invalid) => self.problem(
                            &cpath,
                            format_args!("{} is not a number, which {field} needs", Echo::quoted(v)),
                        ),
                        Err(too_many) => self.problem(&cpath, format_args!("{} {too_many}", Echo::quoted(v))),
                    }
                }
                Test::numbers(field, numbers)
            }
            Field::Custom(_) => Test::AnyOf {
                text: values.iter().map(|v| v.as_str().into()).collect(),
                // A value that is not exactly a number is only text.
                numbers: values.iter().filter_map(|v| decimal::parse(v).ok()).collect(),
                flags: [
                    values.iter().any(|v| v.eq_ignore_ascii_case("false")),
                    values.iter().any(|v| v.eq_ignore_ascii_case("true")),
                ],
            },
            _ => Test::AnyOf {
                text: values.iter().map(|v| v.as_str().into()).collect(),
                numbers: Box::default(),
                flags: [false; 2],
            },
        };
        (self.problems.len() == before).then_some(test)
    }
}

/// `value` as an integer at the engine's fixed scale, or `None` if it has more decimal
/// places than [`limits::MAX_DECIMAL_PLACES`] or does not fit.
pub(crate) fn to_fixed(value: Decimal) -> Option<i64> {
    let normal = value.normalize();
    let scale = normal.scale();
    if scale > limits::MAX_DECIMAL_PLACES {
        return None;
    }
    let factor = 10_i128.pow(limits::MAX_DECIMAL_PLACES - scale);
    normal
        .mantissa()
        .checked_mul(factor)
        .and_then(|v| i64::try_from(v).ok())
}

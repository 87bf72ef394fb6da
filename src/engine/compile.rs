//! Checking a [`PolicySpec`] and compiling it into the engine's form, every problem
//! reported at once.

use std::sync::Arc;

use rust_decimal::Decimal;

use std::fmt;

use crate::engine::compiled::Compiled;
use crate::engine::decay::DecayCurve;
use crate::engine::engagement::{Kind, Thresholds};
use crate::engine::notes::{Figures, Notes};
use crate::engine::pattern;
use crate::engine::plan::Plan;
use crate::engine::probability::ProbabilityModel;
use crate::engine::rule::{Rule, Test};
use crate::policy::{
    Condition, Decay, EngagementSpec, Field, FitSpec, PipelineSpec, PolicyError, PolicyProblem, PolicySpec,
    ProbabilitySpec, Require, TierRule, TierSpec, limits,
};
use crate::profile::{Seniority, SignalKind};
use crate::values::decimal::Refusal;
use crate::values::{Echo, ONE, Problems, SECONDS_PER_DAY, decimal, to_fixed};

/// Whether `field` holds a number of the profile's own (employees, revenue).
fn is_numeric(field: &Field) -> bool {
    matches!(field, Field::Employees | Field::AnnualRevenue)
}

/// The fit section, compiled: its rules, the bits of its required criteria, and the score
/// threshold at the fixed scale.
struct FitParts {
    criteria: Vec<Rule>,
    knockouts: Vec<Rule>,
    required: u64,
    min_score: Option<i64>,
}

/// The engagement section, compiled; `None` where a problem was recorded.
struct EngagementParts {
    known: [Kind; SignalKind::KNOWN.len()],
    custom: Vec<(Box<str>, Kind)>,
    /// Whether tiers follow the act rule.
    acts: bool,
    decay: Option<DecayCurve>,
    tiers: Option<[i64; 3]>,
}

/// Collects problems while compiling a spec, so that every one is reported at once (the
/// first [`limits::MAX_PROBLEMS`] of them listed, the rest counted).
#[derive(Default)]
pub(crate) struct Checker {
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

    /// Checks the pipeline section: a triage window, stage limits, and bands that rise.
    fn pipeline(&mut self, p: &PipelineSpec) {
        if p.triage_hours == 0 {
            self.problem("pipeline.triage_hours", "must be at least 1 hour");
        } else if u64::from(p.triage_hours) > u64::from(limits::MAX_DAYS) * 24 {
            self.problem(
                "pipeline.triage_hours",
                format!("must be at most {} hours", u64::from(limits::MAX_DAYS) * 24),
            );
        }
        let d = &p.stage_days;
        for (name, days) in [
            ("lead", d.lead),
            ("prospect", d.prospect),
            ("discovery", d.discovery),
            ("opportunity", d.opportunity),
        ] {
            self.days(&format!("pipeline.stage_days.{name}"), days);
        }
        let b = &p.forecast;
        let pipeline = self.unit("pipeline.forecast.pipeline", b.pipeline);
        let best_case = self.unit("pipeline.forecast.best_case", b.best_case);
        let commit = self.unit("pipeline.forecast.commit", b.commit);
        if let (Some(low), Some(high)) = (pipeline, best_case)
            && low > high
        {
            self.problem(
                "pipeline.forecast.best_case",
                format!("must not be below pipeline ({})", b.pipeline),
            );
        }
        if let (Some(low), Some(high)) = (best_case, commit)
            && low > high
        {
            self.problem(
                "pipeline.forecast.commit",
                format!("must not be below best_case ({})", b.best_case),
            );
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

    pub(crate) fn compile(mut self, spec: &PolicySpec) -> Result<Compiled, PolicyError> {
        self.text("version", &spec.version);
        let fit = self.fit(&spec.fit);
        let engagement = self.engagement(&spec.engagement);
        let (model, open_max) = self.model(&spec.probability);
        let threshold = self.unit("opportunity.threshold", spec.opportunity.threshold);
        if let (Some(threshold), Some(max)) = (threshold, open_max)
            && threshold > max
        {
            self.problem(
                "opportunity.threshold",
                format!(
                    "must not be above probability.open.max ({})",
                    spec.probability.open.max
                ),
            );
        }
        if let Some(days) = spec.evidence.max_age_days {
            self.days("evidence.max_age_days", days);
        }
        self.pipeline(&spec.pipeline);
        if !self.problems.is_empty() {
            let (problems, omitted) = self.problems.into_parts();
            return Err(PolicyError { problems, omitted });
        }
        // Every `None` above pushed a problem, so past this point each is `Some`.
        let pass = &spec.fit.pass;
        let plan = Arc::new(Plan::new(&fit.criteria, &fit.knockouts, &spec.version));
        let compiled = (|| {
            Some(Compiled {
                criteria: fit.criteria.into_boxed_slice(),
                knockouts: fit.knockouts.into_boxed_slice(),
                plan,
                min_score: fit.min_score,
                min_met: pass.min_met,
                require_all: pass.require == Require::All,
                required: fit.required,
                known_kinds: engagement.known,
                custom_kinds: engagement.custom.into_boxed_slice(),
                acts: engagement.acts,
                decay: engagement.decay?,
                tiers: Thresholds(engagement.tiers?),
                model: model?,
                threshold: threshold?,
                notes: Arc::new(Notes::new(spec)),
                figures: Figures::new(spec),
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

    /// Checks and compiles the fit section: criteria, knockouts and the pass rule.
    fn fit(&mut self, fit: &FitSpec) -> FitParts {
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

        self.text_conditions_per_field(fit);

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
        FitParts {
            criteria,
            knockouts,
            required,
            min_score,
        }
    }

    /// Checks and compiles the engagement section: points per signal kind, decay, tiers.
    fn engagement(&mut self, engagement: &EngagementSpec) -> EngagementParts {
        self.count(
            "engagement.signals",
            engagement.signals.len(),
            limits::MAX_SIGNAL_RULES,
        );
        let acts = engagement.tier_rule == TierRule::Act;
        let mut known = [Kind::NONE; SignalKind::KNOWN.len()];
        let mut custom: Vec<(Box<str>, Kind)> = Vec::new();
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
            if let (Some(tier), false) = (rule.tier, acts) {
                self.problem(
                    format!("{path}.tier"),
                    format_args!(
                        "names the tier {tier}, but engagement.tier_rule is sum: under it \
                         tiers come from the summed score; use the act rule or leave it out"
                    ),
                );
            }
            if let Some(points) = self.points(&format!("{path}.points"), rule.points) {
                let kind = Kind::new(points, rule.tier);
                match rule.kind.known_index() {
                    Some(k) => known[k] = kind,
                    None => custom.push((rule.kind.to_string().into_boxed_str(), kind)),
                }
            }
        }
        if acts && !engagement.signals.iter().any(|r| r.tier.is_some()) {
            self.problem(
                "engagement.tier_rule",
                "is act, but no signal in engagement.signals names the tier its act earns, \
                 so no lead could reach a tier",
            );
        }
        custom.sort_by(|a, b| a.0.cmp(&b.0));
        let decay = match engagement.decay {
            Decay::None => Some(DecayCurve::None),
            Decay::HalfLifeDays(d) => self
                .days("engagement.decay.half_life_days", d)
                .and_then(DecayCurve::half_life),
            Decay::WindowDays(d) => self
                .days("engagement.decay.window_days", d)
                .map(DecayCurve::Window),
        };
        EngagementParts {
            known,
            custom,
            acts,
            decay,
            tiers: self.tiers(&engagement.tiers),
        }
    }

    /// Checks the tier thresholds: each a number of points, IQL ≤ MQL ≤ SQL.
    fn tiers(&mut self, t: &TierSpec) -> Option<[i64; 3]> {
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
        Some([iql?, mql?, sql?])
    }

    /// Checks and compiles the close-probability model; also the top of its open range,
    /// which the opportunity threshold must not pass.
    fn model(&mut self, p: &ProbabilitySpec) -> (Option<ProbabilityModel>, Option<i64>) {
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
        (model, open_max)
    }

    /// Compiles a field and condition into a test, or records why it cannot be.
    fn test(&mut self, path: &str, field: &Field, condition: &Condition) -> Option<Test> {
        if let Field::Custom(name) = field {
            self.text(&format!("{path}.field.custom"), name);
        }
        let cpath = format!("{path}.condition");
        if let Some((name, values)) = condition.text_values() {
            return self.text_condition(&cpath, field, condition, name, values);
        }
        let values: &[String] = match condition {
            Condition::ContainsWord(_)
            | Condition::StartsWith(_)
            | Condition::EndsWith(_)
            | Condition::DomainIn(_) => return None,
            Condition::Present => return Some(Test::Present),
            Condition::Absent => return Some(Test::Absent),
            Condition::Range { min, max } => return self.range(&cpath, field, *min, *max),
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
        let test = self.values(&cpath, field, values);
        (self.problems.len() == before).then_some(test)
    }

    /// Compiles a text condition (`contains_word`, `starts_with`, `ends_with`, `domain_in`)
    /// on `field`, or records every reason it cannot be.
    fn text_condition(
        &mut self,
        cpath: &str,
        field: &Field,
        condition: &Condition,
        name: &str,
        values: &[String],
    ) -> Option<Test> {
        let before = self.problems.len();
        if is_numeric(field) || matches!(field, Field::Seniority) {
            self.problem(cpath, format!("{name} needs a text field, not {field}"));
        }
        if values.is_empty() {
            self.problem(cpath, format!("{name} must list at least one value"));
        }
        if values.len() > limits::MAX_SET_SIZE {
            self.problem(
                cpath,
                format!(
                    "{name} must list at most {} values, found {}",
                    limits::MAX_SET_SIZE,
                    values.len()
                ),
            );
            return None;
        }
        for (i, v) in values.iter().enumerate() {
            let shown = Echo::quoted(v);
            if v.len() > limits::MAX_TEXT_LEN {
                self.problem(
                    cpath,
                    format!(
                        "{name}[{i}] must be at most {} bytes long, found {}",
                        limits::MAX_TEXT_LEN,
                        v.len()
                    ),
                );
            } else if v.is_empty() {
                self.problem(cpath, format!("{name}[{i}] must not be empty"));
            } else if let Condition::ContainsWord(_) = condition
                && !v.chars().all(char::is_alphanumeric)
            {
                self.problem(
                    cpath,
                    format_args!(
                        "{name}[{i}] {shown} is not one word: a word holds only letters and digits \
                         (list each word on its own, or use starts_with or ends_with)"
                    ),
                );
            } else if let Condition::DomainIn(_) = condition
                && let Err(why) = domain(v)
            {
                self.problem(cpath, format_args!("{name}[{i}] {shown} is not a domain: {why}"));
            }
        }
        let kind = match condition {
            Condition::ContainsWord(_) => pattern::Kind::Word,
            Condition::StartsWith(_) => pattern::Kind::Prefix,
            Condition::EndsWith(_) => pattern::Kind::Suffix,
            _ => pattern::Kind::Domain,
        };
        (self.problems.len() == before).then(|| Test::Text {
            kind,
            values: values.iter().map(|v| v.as_str().into()).collect(),
        })
    }

    /// Records a problem at each text condition past the
    /// [`limits::MAX_TEXT_CONDITIONS_PER_FIELD`] that read its field, criteria first.
    fn text_conditions_per_field(&mut self, fit: &FitSpec) {
        let criteria = fit
            .criteria
            .iter()
            .take(limits::MAX_CRITERIA)
            .enumerate()
            .map(|(i, c)| (format!("fit.criteria[{i}]"), &c.field, &c.condition));
        let knockouts = fit
            .knockouts
            .iter()
            .take(limits::MAX_KNOCKOUTS)
            .enumerate()
            .map(|(i, k)| (format!("fit.knockouts[{i}]"), &k.field, &k.condition));
        let mut seen: Vec<(&Field, usize)> = Vec::new();
        for (path, field, condition) in criteria.chain(knockouts) {
            if condition.text_values().is_none() {
                continue;
            }
            let at = match seen.iter().position(|(f, _)| *f == field) {
                Some(at) => at,
                None => {
                    seen.push((field, 0));
                    seen.len() - 1
                }
            };
            let Some((_, count)) = seen.get_mut(at) else {
                continue;
            };
            *count += 1;
            if *count > limits::MAX_TEXT_CONDITIONS_PER_FIELD {
                self.problem(
                    format!("{path}.condition"),
                    format!(
                        "at most {} text conditions (contains_word, starts_with, ends_with, \
                         domain_in) may read one field; {field} has {count} by here",
                        limits::MAX_TEXT_CONDITIONS_PER_FIELD
                    ),
                );
            }
        }
    }

    /// Compiles a range condition on `field`, or records why it cannot be.
    fn range(
        &mut self,
        cpath: &str,
        field: &Field,
        min: Option<Decimal>,
        max: Option<Decimal>,
    ) -> Option<Test> {
        if !is_numeric(field) && !matches!(field, Field::Custom(_)) {
            self.problem(cpath, format!("range needs a numeric field, not {field}"));
            return None;
        }
        match (min, max) {
            (None, None) => {
                self.problem(cpath, "range needs min, max or both");
                None
            }
            (Some(lo), Some(hi)) if lo > hi => {
                self.problem(cpath, format!("range min {lo} is above max {hi}"));
                None
            }
            _ => Some(Test::Range { min, max }),
        }
    }

    /// Compiles the values of an `equals` or `one_of` condition, read by `field`'s type.
    fn values(&mut self, cpath: &str, field: &Field, values: &[String]) -> Test {
        match field {
            Field::Seniority => {
                let mut mask = 0_u8;
                for v in values {
                    match Seniority::from_name(v) {
                        Some(s) => mask |= 1 << (s as u8),
                        None => self.problem(
                            cpath,
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
            _ if is_numeric(field) => {
                let mut numbers = Vec::with_capacity(values.len());
                for v in values {
                    match decimal::parse(v) {
                        Ok(n) => numbers.push(n),
                        Err(Refusal::Invalid) => self.problem(
                            cpath,
                            format_args!("{} is not a number, which {field} needs", Echo::quoted(v)),
                        ),
                        Err(too_many) => self.problem(cpath, format_args!("{} {too_many}", Echo::quoted(v))),
                    }
                }
                Test::numbers(numbers)
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
        }
    }
}

/// Whether `text` is a domain as a `domain_in` condition lists it: labels of letters,
/// digits and inner hyphens joined by dots, each at most 63 bytes, 253 in all. Letters
/// beyond ASCII are taken, so that a domain may be written in its Unicode form.
fn domain(text: &str) -> Result<(), &'static str> {
    if text.starts_with('@') {
        return Err("write it without the @, as the part after it");
    }
    if text.len() > 253 {
        return Err("a domain has at most 253 bytes");
    }
    for label in text.split('.') {
        if label.is_empty() {
            return Err("a dot must join two labels (no leading, trailing or double dots)");
        }
        if label.len() > 63 {
            return Err("a label between dots has at most 63 bytes");
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Err("a label holds only letters, digits and hyphens");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label does not start or end with a hyphen");
        }
    }
    Ok(())
}

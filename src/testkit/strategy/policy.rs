//! Strategies for policies: valid specs within [`limits`](crate::limits), strict and
//! staged, the default, and the policies the record strategies steer under.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;

use crate::engine::Policy;
use crate::policy::{
    Condition, CriterionSpec, Decay, EngagementSpec, EvidenceSpec, Field, FitSpec, KnockoutSpec, OpenRange,
    OpportunitySpec, PassSpec, PipelineSpec, PolicySpec, ProbabilitySpec, Require, SignalRule, StrongFit,
    Tier, TierAdjust, TierRule, TierSpec, WithinDays, limits,
};
use crate::profile::Seniority;
use crate::testkit::strategy::profile::signal_kinds as signal_kind;

/// Every seniority, alike; shrinks toward the first of [`Seniority::ALL`], a student.
pub fn seniorities() -> impl Strategy<Value = Seniority> + Clone {
    select(Seniority::ALL.to_vec())
}

/// Any decimal at all, for testing what refuses bad figures: huge, negative, with up to 28
/// decimal places, and the extremes; shrinks toward small whole numbers.
pub fn decimals() -> BoxedStrategy<Decimal> {
    prop_oneof![
        3 => (-2_000_i64..=2_000).prop_map(Decimal::from),
        3 => (any::<i64>(), 0_u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0_u32..=28)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
        1 => Just(Decimal::MAX),
        1 => Just(Decimal::MIN),
    ]
    .boxed()
}

/// Points the engine accepts, for weights, signal points, score thresholds and tiers: 0
/// to 1,000,000 with up to four places; shrinks toward 0.
pub fn points() -> BoxedStrategy<Decimal> {
    prop_oneof![
        3 => (0_u32..=100).prop_map(Decimal::from),
        2 => (0_i64..=1_000_000).prop_map(|m| Decimal::new(m, 4)),
        1 => (0_i64..=10_000_000_000).prop_map(|m| Decimal::new(m, 4)),
    ]
    .boxed()
}

/// Probabilities a policy accepts as a base or a line: 0 to 1 with up to four places.
pub fn units() -> impl Strategy<Value = Decimal> + Clone {
    (0_i64..=10_000).prop_map(|m| Decimal::new(m, 4))
}

/// Adjustments of a close probability a policy accepts: -1 to 1 with up to four places.
pub fn adjustments() -> impl Strategy<Value = Decimal> + Clone {
    (-10_000_i64..=10_000).prop_map(|m| Decimal::new(m, 4))
}

/// Durations a policy accepts, in days: 1 to [`limits::MAX_DAYS`], mostly up to 400.
pub fn days() -> impl Strategy<Value = u32> + Clone {
    prop_oneof![3 => 1_u32..=400, 1 => 1..=limits::MAX_DAYS]
}

const WORDS: &[&str] = &[
    "Head of Sales",
    "gmail.com",
    "software",
    "SaaS",
    "fintech",
    "retail",
    "DE",
    "us",
    "cfo",
    "enterprise",
    "business",
    "true",
    "false",
    "TRUE",
    "3",
    "100",
    "1000",
    "0.5",
    "director",
    "student",
    "Vice_President",
];

/// The words policies and profiles use, in mixed case, with numbers and booleans written as
/// text among them: what a condition's values and a profile's text fields hold.
pub fn words() -> impl Strategy<Value = String> + Clone {
    select(WORDS).prop_map(str::to_owned)
}

/// Mostly [`words`]; sometimes any printable text, or nothing.
pub fn texts() -> BoxedStrategy<String> {
    prop_oneof![3 => words(), 1 => "\\PC{0,12}", 1 => Just(String::new())].boxed()
}

/// Numbers written as text, as a condition's bounds are: whole, or with up to four places.
pub fn number_texts() -> BoxedStrategy<String> {
    prop_oneof![
        (0_u32..=3_000).prop_map(|n| n.to_string()),
        (0_i64..=10_000_000_000, 0_u32..=4).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
    ]
    .boxed()
}

/// Text conditions with values that the kit's profiles hold in part: words of job titles,
/// their starts and ends, domains and their parents, in mixed case.
pub fn text_conditions() -> BoxedStrategy<Condition> {
    let words = &[
        "student",
        "Intern",
        "sales",
        "VP",
        "ceo",
        "head",
        "software",
        "étudiant",
        "studentship",
        "DE",
    ][..];
    let starts = &["head of", "VP", "s", "the ", "Co-", "É"][..];
    let ends = &["assistant", "SALES", "e", ")", "ware", "."][..];
    let domains = &["gmail.com", "Rival.Example", "example", "com", "eu.rival.example"][..];
    let list = |values: &'static [&'static str]| vec(select(values).prop_map(str::to_owned), 1..4);
    prop_oneof![
        list(words).prop_map(Condition::ContainsWord),
        list(starts).prop_map(Condition::StartsWith),
        list(ends).prop_map(Condition::EndsWith),
        list(domains).prop_map(Condition::DomainIn),
    ]
    .boxed()
}

fn bounds() -> BoxedStrategy<Condition> {
    let bound = prop_oneof![(0_u32..=3_000).prop_map(Decimal::from), decimals()];
    (option::of(bound.clone()), option::of(bound))
        .prop_filter("a range needs a bound", |(a, b)| a.is_some() || b.is_some())
        .prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => Condition::Range {
                min: Some(a.min(b)),
                max: Some(a.max(b)),
            },
            (min, max) => Condition::Range { min, max },
        })
        .boxed()
}

/// A field and a condition that [`Policy::new`] accepts together.
pub fn fields_and_conditions() -> BoxedStrategy<(Field, Condition)> {
    let presence = || prop_oneof![Just(Condition::Present), Just(Condition::Absent)];
    let numeric = prop_oneof![
        number_texts().prop_map(Condition::Equals),
        vec(number_texts(), 1..4).prop_map(Condition::OneOf),
        bounds(),
        presence(),
    ];
    let level = (seniorities(), any::<bool>()).prop_map(|(s, upper)| {
        if upper {
            s.as_str().to_uppercase()
        } else {
            s.as_str().to_owned()
        }
    });
    let seniority = prop_oneof![
        level.clone().prop_map(Condition::Equals),
        vec(level, 1..4).prop_map(Condition::OneOf),
        presence(),
    ];
    let textual = prop_oneof![
        texts().prop_map(Condition::Equals),
        vec(texts(), 1..4).prop_map(Condition::OneOf),
        text_conditions(),
        presence(),
    ];
    let anything = prop_oneof![
        texts().prop_map(Condition::Equals),
        vec(prop_oneof![texts(), number_texts()], 1..4).prop_map(Condition::OneOf),
        bounds(),
        text_conditions(),
        presence(),
    ];
    let numeric_field = select(vec![Field::Employees, Field::AnnualRevenue]);
    let text_field = select(vec![
        Field::Industry,
        Field::Country,
        Field::JobTitle,
        Field::EmailDomain,
    ]);
    let custom_field = select(&["crm_plan", "seats", "partner", "competitor", "region"][..])
        .prop_map(|k| Field::Custom(k.to_owned()));
    prop_oneof![
        (numeric_field, numeric),
        (Just(Field::Seniority), seniority),
        (text_field, textual),
        (custom_field, anything),
    ]
    .boxed()
}

/// Scored signal kinds, each at most once, with points from `points`; shrinks toward
/// none.
pub fn signal_rules(points: impl Strategy<Value = Decimal> + 'static) -> BoxedStrategy<Vec<SignalRule>> {
    vec((signal_kind(), points), 0..12)
        .prop_map(|rules| {
            let mut seen = Vec::new();
            rules
                .into_iter()
                .filter(|(kind, _)| {
                    let fresh = !seen.contains(kind);
                    seen.push(kind.clone());
                    fresh
                })
                .map(|(kind, points)| SignalRule::new(kind, points))
                .collect()
        })
        .boxed()
}

/// How tiers are placed: `None` for the sum rule, or for the act rule the tiers signal
/// kinds earn, in turn (a kind may earn none).
fn tier_rules() -> impl Strategy<Value = Option<Vec<Option<Tier>>>> {
    let tier = option::of(select(Tier::ALL.to_vec()));
    option::weighted(0.7, vec(tier, 1..6))
}

/// Open ranges that [`Policy::new`] accepts, `0 < min <= max < 1`: the default, or any.
pub fn open_ranges() -> BoxedStrategy<OpenRange> {
    prop_oneof![
        1 => Just(OpenRange::default()),
        3 => (1_i64..=9_999, 1_i64..=9_999).prop_map(|(a, b)| OpenRange {
            min: Decimal::new(a.min(b), 4),
            max: Decimal::new(a.max(b), 4),
        }),
    ]
    .boxed()
}

/// Probability models from these figures: a base from `unit`, every adjustment from
/// `adjust`, a decision window of `days`, a strong-fit score from `points`, and an open
/// range from `open`.
pub fn probability_specs(
    unit: impl Strategy<Value = Decimal> + 'static,
    adjust: impl Strategy<Value = Decimal> + Clone + 'static,
    points: impl Strategy<Value = Decimal> + 'static,
    days: impl Strategy<Value = u32> + 'static,
    open: impl Strategy<Value = OpenRange> + 'static,
) -> BoxedStrategy<ProbabilitySpec> {
    (
        unit,
        (adjust.clone(), adjust.clone(), adjust.clone(), adjust.clone()),
        option::of((days, adjust.clone())),
        option::of((points, adjust.clone())),
        (adjust.clone(), adjust.clone(), adjust),
        open,
    )
        .prop_map(
            |(
                base,
                (budget_approved, budget_sought, decision_maker, champion),
                within,
                strong,
                tier,
                open,
            )| {
                ProbabilitySpec {
                    base,
                    budget_approved,
                    budget_sought,
                    decision_maker,
                    champion,
                    decision_within: within.map(|(days, adjust)| WithinDays { days, adjust }),
                    strong_fit: strong.map(|(min_score, adjust)| StrongFit { min_score, adjust }),
                    tier: TierAdjust {
                        iql: tier.0,
                        mql: tier.1,
                        sql: tier.2,
                    },
                    open,
                }
            },
        )
        .boxed()
}

/// Decay of engagement: none, or a half-life or a window of `days`.
pub fn decays(days: impl Strategy<Value = u32> + Clone + 'static) -> BoxedStrategy<Decay> {
    prop_oneof![
        Just(Decay::None),
        days.clone().prop_map(Decay::HalfLifeDays),
        days.prop_map(Decay::WindowDays),
    ]
    .boxed()
}

/// Policy specs that [`Policy::new`] accepts but for the odd over-long value, or the odd
/// field with more than [`limits::MAX_TEXT_CONDITIONS_PER_FIELD`] text conditions: criteria,
/// knockouts, signal rules, decay, tiers, probability figures and evidence ages within
/// [`limits`], staged or strict. Shrinks toward fewer criteria, knockouts and rules.
pub fn policy_specs() -> BoxedStrategy<PolicySpec> {
    let criteria = vec(
        (fields_and_conditions(), points(), prop::bool::weighted(0.2)),
        0..8,
    );
    let knockouts = vec(fields_and_conditions(), 0..4);
    let pass = (
        option::of(prop_oneof![(0_u32..=120).prop_map(Decimal::from), points()]),
        option::of(0_u32..=8),
        select(vec![Require::All, Require::Any]),
    );
    let tiers = vec(points(), 3).prop_map(|mut t| {
        t.sort();
        TierSpec {
            iql: t[0],
            mql: t[1],
            sql: t[2],
        }
    });
    let engagement = (signal_rules(points()), decays(days()), tiers, tier_rules()).prop_map(
        |(mut signals, decay, tiers, earned)| {
            // Under the act rule each kind earns a tier or none, and at least one earns a
            // tier; with no signal rule at all, the sum rule.
            let tier_rule = match earned {
                Some(earned) if !signals.is_empty() => {
                    for (rule, tier) in signals.iter_mut().zip(earned.iter().cycle()) {
                        rule.tier = *tier;
                    }
                    if signals.iter().all(|r| r.tier.is_none()) {
                        signals[0].tier = Some(Tier::Mql);
                    }
                    TierRule::Act
                }
                _ => TierRule::Sum,
            };
            EngagementSpec {
                signals,
                decay,
                tiers,
                tier_rule,
            }
        },
    );
    (
        criteria,
        knockouts,
        pass,
        engagement,
        probability_specs(units(), adjustments(), points(), days(), open_ranges()),
        units(),
        any::<bool>(),
        option::of(days()),
    )
        .prop_map(
            |(
                criteria,
                knockouts,
                (min_score, min_met, require),
                engagement,
                probability,
                threshold,
                staged,
                max_age,
            )| {
                let criteria: Vec<CriterionSpec> = criteria
                    .into_iter()
                    .enumerate()
                    .map(|(i, ((field, condition), weight, required))| CriterionSpec {
                        name: format!("c{i}"),
                        field,
                        condition,
                        weight,
                        required,
                    })
                    .collect();
                let min_met = match (min_score, min_met) {
                    (None, None) => Some(0),
                    (_, m) => m.map(|m| m.min(criteria.len() as u32)),
                };
                PolicySpec {
                    version: "generated".into(),
                    fit: FitSpec {
                        knockouts: knockouts
                            .into_iter()
                            .enumerate()
                            .map(|(i, (field, condition))| KnockoutSpec {
                                name: format!("k{i}"),
                                field,
                                condition,
                            })
                            .collect(),
                        criteria,
                        pass: PassSpec {
                            min_score,
                            min_met,
                            require,
                        },
                    },
                    // No higher than the open range's top, or no deal could ever open.
                    opportunity: OpportunitySpec {
                        threshold: threshold.min(probability.open.max),
                        staged,
                    },
                    engagement,
                    probability,
                    evidence: EvidenceSpec {
                        max_age_days: max_age,
                    },
                    pipeline: PipelineSpec::default(),
                }
            },
        )
        .boxed()
}

/// Valid policies: generated ones ([`policy_specs`] that compile), strict and staged, and
/// the default.
pub fn policies() -> BoxedStrategy<Policy> {
    prop_oneof![
        3 => policy_specs().prop_filter_map("an over-long generated value", |s| Policy::new(s).ok()),
        1 => default_policy(),
    ]
    .boxed()
}

/// Valid strict policies: [`policies`] with staged mode off.
pub fn strict_policies() -> BoxedStrategy<Policy> {
    staging(policies(), false)
}

/// Valid staged policies: [`policies`] with staged mode on (the enterprise exception).
pub fn staged_policies() -> BoxedStrategy<Policy> {
    staging(policies(), true)
}

fn staging(policies: BoxedStrategy<Policy>, staged: bool) -> BoxedStrategy<Policy> {
    policies
        .prop_filter_map("a policy that compiles", move |p| {
            let mut spec = p.spec().clone();
            spec.opportunity.staged = staged;
            Policy::new(spec).ok()
        })
        .boxed()
}

/// The default policy, [`Policy::default`].
pub fn default_policy() -> BoxedStrategy<Policy> {
    Just(Policy::default()).boxed()
}

/// The custom attribute the knockouts of [`steerable_policies`] test, which no profile
/// of the kit sets.
pub const KIT_KNOCKOUT: &str = "kit-knockout";

/// Valid policies that every substantive fit qualifies under, and under which every deal
/// meets the opportunity line, so that the record strategies reach each stage they aim
/// for: [`policy_specs`] whose criteria score but are not required, whose pass rule
/// needs nothing, whose knockouts test only [`KIT_KNOCKOUT`], and whose line is at the
/// bottom of the open range. `staged` sets staged mode.
pub fn steerable_policies(staged: bool) -> BoxedStrategy<Policy> {
    policy_specs()
        .prop_filter_map("an over-long generated value", move |mut spec| {
            for c in &mut spec.fit.criteria {
                c.required = false;
            }
            for k in &mut spec.fit.knockouts {
                k.field = Field::Custom(KIT_KNOCKOUT.into());
                k.condition = Condition::Equals("true".into());
            }
            spec.fit.pass = PassSpec {
                min_score: None,
                min_met: Some(0),
                require: Require::All,
            };
            spec.opportunity.threshold = spec.opportunity.threshold.min(spec.probability.open.min);
            spec.opportunity.staged = staged;
            Policy::new(spec).ok()
        })
        .boxed()
}

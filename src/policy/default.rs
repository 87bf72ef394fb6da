//! The crate's embedded default policy.

use rust_decimal::Decimal;

use crate::policy::{
    Condition, CriterionSpec, Decay, EngagementSpec, EvidenceSpec, Field, FitSpec, KnockoutSpec, OpenRange,
    OpportunitySpec, PassSpec, PipelineSpec, PolicySpec, ProbabilitySpec, Require, SignalRule, StrongFit,
    Tier, TierAdjust, TierRule, TierSpec, WithinDays,
};
use crate::profile::SignalKind;

fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

// A table of figures written out in full, one entry per rule: its length is the policy's.
/// The spec of [`Policy::default`](crate::Policy::default).
pub(crate) fn default_spec() -> PolicySpec {
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
    let signal = |kind, points, tier| SignalRule {
        kind,
        points: dec(points),
        tier,
    };
    PolicySpec {
        version: "qualify-default-2026-12".into(),
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
                // Students and interns fill in forms for coursework: a title says so
                // where the seniority was not captured.
                knockout(
                    "student or intern title",
                    Field::JobTitle,
                    Condition::ContainsWord(strings(&["student", "intern", "internship", "trainee"])),
                ),
            ],
            pass: PassSpec {
                min_score: Some(dec("60")),
                min_met: Some(3),
                require: Require::All,
            },
        },
        engagement: EngagementSpec {
            // A tier is what the lead did: the highest tier any one act reaches on its own.
            // Each tier's defining acts are worth twice its threshold, so one of them holds
            // the lead in the tier for a half-life (the rules in `EngagementSpec`'s docs).
            signals: vec![
                // IQL: contact details given for content.
                signal(SignalKind::NewsletterSignup, "20", Some(Tier::Iql)),
                signal(SignalKind::ContentDownload, "20", Some(Tier::Iql)),
                signal(SignalKind::WebinarAttended, "20", Some(Tier::Iql)),
                // MQL: asked about the offer; a look at the prices asks without words, and
                // holds the tier half as long.
                signal(SignalKind::PricingRequest, "60", Some(Tier::Mql)),
                signal(SignalKind::ContactSales, "60", Some(Tier::Mql)),
                signal(SignalKind::PricingPageVisit, "40", Some(Tier::Mql)),
                // SQL: asked to try the product.
                signal(SignalKind::DemoRequest, "200", Some(Tier::Sql)),
                signal(SignalKind::TrialStarted, "200", Some(Tier::Sql)),
                // Interest that defines no tier: it ranks leads within their tier.
                signal(SignalKind::EmailReply, "5", None),
                signal(SignalKind::EventVisit, "5", None),
            ],
            decay: Decay::HalfLifeDays(30),
            tiers: TierSpec {
                iql: dec("10"),
                mql: dec("30"),
                sql: dec("100"),
            },
            tier_rule: TierRule::Act,
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
        pipeline: PipelineSpec::default(),
    }
}

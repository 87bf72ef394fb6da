//! What the benchmarks share: the ten-criterion policy and the generated leads.

#![allow(dead_code)] // each bench uses its own part

use qualify::{
    Condition, CriterionSpec, Field, Policy, PolicySpec, Profile, Seniority, Signal, SignalKind, Timestamp,
    Value,
};
use rust_decimal::Decimal;

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

pub fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

pub fn now() -> Timestamp {
    "2026-11-25T09:00:00Z".parse().expect("a timestamp")
}

/// The default policy's six criteria, four knockouts, signal points and 30-day half-life,
/// plus four criteria a host would add: a custom text field, a custom numeric range, a job
/// title set and a priority-country set.
pub fn ten_criteria_policy() -> Policy {
    let mut spec: PolicySpec = Policy::default().spec().clone();
    spec.version = "bench-10-criteria".into();
    let criterion =
        |name: &str, field, condition, weight: &str| CriterionSpec::new(name, field, condition, dec(weight));
    spec.fit.criteria.extend([
        criterion(
            "enterprise crm plan",
            Field::Custom("crm_plan".into()),
            Condition::Equals("enterprise".into()),
            "5",
        ),
        criterion(
            "seats in range",
            Field::Custom("seats".into()),
            Condition::Range {
                min: Some(dec("50")),
                max: Some(dec("5000")),
            },
            "7.5",
        ),
        criterion(
            "buyer title",
            Field::JobTitle,
            Condition::OneOf(strings(&[
                "CTO",
                "CIO",
                "VP Engineering",
                "VP Finance",
                "Head of Data",
                "Director of IT",
            ])),
            "10",
        ),
        criterion(
            "priority country",
            Field::Country,
            Condition::OneOf(strings(&["DE", "AT", "CH", "NL"])),
            "2.5",
        ),
    ]);
    assert_eq!(spec.fit.criteria.len(), 10);
    Policy::new(spec).expect("the bench policy is valid")
}

/// A realistic enriched lead: every firmographic field, four custom CRM fields, and five
/// signals over the last two months.
pub fn one_lead(now: Timestamp) -> (Profile, Vec<Signal>) {
    let profile = Profile::new()
        .employees(2_400)
        .annual_revenue(dec("185000000"))
        .industry("Software")
        .country("DE")
        .job_title("VP Engineering")
        .seniority(Seniority::VicePresident)
        .custom("competitor", Value::Bool(false))
        .custom("crm_plan", Value::Text("Enterprise".into()))
        .custom("seats", Value::Number(dec("240")))
        .custom("utm_campaign", Value::Text("q4-cfo-webinar".into()));
    let ago = |days: u32| now.checked_sub_days(days).expect("in range");
    let signals = vec![
        Signal::new(SignalKind::NewsletterSignup, ago(58)),
        Signal::new(SignalKind::ContentDownload, ago(41)),
        Signal::new(SignalKind::WebinarAttended, ago(20)),
        Signal::new(SignalKind::PricingPageVisit, ago(6)),
        Signal::new(SignalKind::DemoRequest, ago(1)),
    ];
    (profile, signals)
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic, so every
/// run scores the same batch.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// Uniform enough in `0..n` for a benchmark.
    pub fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u32) as usize]
    }
}

/// `n` leads with a mix of sizes, industries, countries and titles, some fields missing,
/// a few knockouts, custom fields on most, and zero to eight signals each.
pub fn batch(n: usize, now: Timestamp) -> Vec<(Profile, Vec<Signal>)> {
    const INDUSTRIES: &[&str] = &[
        "Software",
        "SaaS",
        "Fintech",
        "Retail",
        "Manufacturing",
        "Financial Services",
        "Healthcare",
        "Education",
    ];
    const COUNTRIES: &[&str] = &["US", "DE", "GB", "FR", "IN", "BR", "NL", "AT", "JP", "CA"];
    const TITLES: &[&str] = &[
        "CTO",
        "VP Engineering",
        "Software Engineer",
        "Head of Data",
        "Marketing Manager",
        "CFO",
        "Director of IT",
        "Student",
    ];
    const PLANS: &[&str] = &["free", "team", "business", "Enterprise"];
    let mut rng = Lcg(0x5EED);
    let text =
        |rng: &mut Lcg, percent: u32, from: &[&str]| rng.chance(percent).then(|| rng.pick(from).to_owned());
    (0..n)
        .map(|_| {
            let mut custom = std::collections::BTreeMap::new();
            if rng.chance(70) {
                custom.insert("crm_plan".to_owned(), Value::Text(rng.pick(PLANS).to_owned()));
            }
            if rng.chance(60) {
                custom.insert("seats".to_owned(), Value::Number(Decimal::from(rng.below(8_000))));
            }
            if rng.chance(2) {
                custom.insert("competitor".to_owned(), Value::Bool(true));
            }
            if rng.chance(1) {
                custom.insert("spam".to_owned(), Value::Bool(true));
            }
            // Fields are drawn in this order, so that the generated leads stay the same.
            let mut profile = Profile::new();
            profile.employees = rng.chance(90).then(|| rng.below(20_000));
            profile.annual_revenue = rng
                .chance(60)
                .then(|| Decimal::from(rng.below(500_000)) * Decimal::from(1_000));
            profile.industry = text(&mut rng, 85, INDUSTRIES);
            profile.country = text(&mut rng, 90, COUNTRIES);
            profile.job_title = text(&mut rng, 70, TITLES);
            profile.seniority = rng
                .chance(80)
                .then(|| Seniority::ALL[rng.below(Seniority::ALL.len() as u32) as usize]);
            profile.custom = custom;
            let signals = (0..rng.below(9))
                .map(|_| {
                    let kind = SignalKind::NewsletterSignup;
                    let kind = match rng.below(10) {
                        0 => kind,
                        1 => SignalKind::ContentDownload,
                        2 => SignalKind::WebinarAttended,
                        3 => SignalKind::PricingPageVisit,
                        4 => SignalKind::ContactSales,
                        5 => SignalKind::DemoRequest,
                        6 => SignalKind::TrialStarted,
                        7 => SignalKind::EmailReply,
                        8 => SignalKind::EventVisit,
                        _ => SignalKind::Custom("g2_review".into()),
                    };
                    let at = now.checked_sub_days(rng.below(365)).expect("in range");
                    Signal::new(kind, at)
                })
                .collect();
            (profile, signals)
        })
        .collect()
}

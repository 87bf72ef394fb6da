//! Properties: transitions hand their input back or carry exactly the evidence given;
//! serialization round trips; nothing panics on any input; scores move the right way; the
//! score-only and explaining paths agree.

mod util;

use std::sync::LazyLock;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use qualify::testkit::strategy::{
    adjustments, days, decays, decimals, number_texts, open_ranges, points, policies, policy_specs,
    probability_specs, seniorities, signal_rules, texts, units, words,
};
use qualify::{
    Access, Actor, Authority, Budget, BudgetStatus, Checklist, Condition, Contact, CriterionSpec, Currency,
    Decay, Discovery, Disqualified, EngagementSpec, EvidenceSpec, Field, Fit, FitSpec, KnockoutSpec, Lead,
    Lost, Method, Money, Need, OpenRange, Opportunity, OpportunitySpec, PassSpec, Policy, PolicySpec,
    Probability, ProbabilitySpec, Profile, Prospect, Provenance, Reason, Record, Require, Signal, SignalKind,
    SignalRule, Source, StrongFit, Tier, TierAdjust, TierRule, TierSpec, Timeline, Timestamp, Triage, Value,
    WithinDays, Won, limits,
};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use util::*;

const DAY: i64 = 86_400;

// ---- generators: time, decimals, text -----------------------------------------------------

fn shifted(base: Timestamp, seconds: i64) -> Timestamp {
    let s = base.as_unix_seconds().saturating_add(seconds);
    let s = s.clamp(Timestamp::MIN.as_unix_seconds(), Timestamp::MAX.as_unix_seconds());
    Timestamp::from_unix_seconds(s).unwrap_or(base)
}

/// Within `days` days of `now()`, to the second.
fn around_now(days: i64) -> impl Strategy<Value = Timestamp> + Clone {
    (-days * DAY..=days * DAY).prop_map(|s| shifted(now(), s))
}

/// Any instant: mostly near `now()`, sometimes at or near the ends of the calendar.
fn any_timestamp() -> BoxedStrategy<Timestamp> {
    let (min, max) = (Timestamp::MIN.as_unix_seconds(), Timestamp::MAX.as_unix_seconds());
    prop_oneof![
        6 => around_now(400),
        1 => Just(Timestamp::MIN),
        1 => Just(Timestamp::MAX),
        2 => (min..=max).prop_map(|s| Timestamp::from_unix_seconds(s).unwrap()),
    ]
    .boxed()
}

// ---- generators: profiles and signals -----------------------------------------------------

fn custom_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&["crm_plan", "seats", "partner", "competitor", "spam", "region"][..]).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
    ]
}

fn value() -> BoxedStrategy<Value> {
    prop_oneof![
        texts().prop_map(Value::Text),
        decimals().prop_map(Value::Number),
        any::<bool>().prop_map(Value::Bool),
    ]
    .boxed()
}

fn any_profile() -> BoxedStrategy<Profile> {
    (
        option::of(prop_oneof![0_u32..=20, 900_u32..=1_100, any::<u32>()]),
        option::of(prop_oneof![Just(dec("50000000")), decimals()]),
        option::of(texts()),
        option::of(texts()),
        option::of(texts()),
        option::of(seniorities()),
        option::of(prop_oneof![texts(), Just("ada@Rival.example.".to_owned())]),
        btree_map(custom_key(), value(), 0..4),
    )
        .prop_map(
            |(employees, annual_revenue, industry, country, job_title, seniority, email_domain, custom)| {
                let mut profile = Profile::new();
                profile.employees = employees;
                profile.annual_revenue = annual_revenue;
                profile.industry = industry;
                profile.country = country;
                profile.job_title = job_title;
                profile.seniority = seniority;
                profile.email_domain = email_domain;
                profile.custom = custom;
                profile
            },
        )
        .boxed()
}

/// Arbitrary profiles, and variations on one that passes the default policy.
fn profile() -> BoxedStrategy<Profile> {
    let near_good = (
        option::of(any::<bool>()),
        option::of(texts()),
        option::of(seniorities()),
    )
        .prop_map(|(competitor, job_title, seniority)| {
            let mut p = good_profile();
            if let Some(flag) = competitor {
                p.custom.insert("competitor".into(), Value::Bool(flag));
            }
            p.job_title = job_title;
            p.seniority = seniority.or(p.seniority);
            p
        });
    prop_oneof![2 => any_profile(), 1 => near_good].boxed()
}

fn signal_kind() -> BoxedStrategy<SignalKind> {
    let known = SignalKind::KNOWN.to_vec();
    prop_oneof![
        4 => select(known),
        1 => select(&["podcast", "g2_review", "demo_request"][..]).prop_map(|k| SignalKind::Custom(k.into())),
        1 => "\\PC{0,8}".prop_map(SignalKind::Custom),
    ]
    .boxed()
}

fn signals(at: impl Strategy<Value = Timestamp> + 'static) -> BoxedStrategy<Vec<Signal>> {
    vec(
        (signal_kind(), at).prop_map(|(kind, at)| Signal::new(kind, at)),
        0..6,
    )
    .boxed()
}

// ---- generators: evidence -----------------------------------------------------------------

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![Just(rep()), "\\PC{0,12}".prop_map(Actor::new)]
}

fn method() -> impl Strategy<Value = Method> {
    select(vec![
        Method::Call,
        Method::Meeting,
        Method::Email,
        Method::Form,
        Method::Enrichment,
        Method::Import,
        Method::Other,
    ])
}

/// Mostly recorded in the 200 days before `now()` (the default policy keeps evidence 180
/// days); sometimes after it; sometimes lapsing.
fn provenance() -> BoxedStrategy<Provenance> {
    let recorded = prop_oneof![6 => (0..=200 * DAY).prop_map(|s| shifted(now(), -s)), 1 => around_now(400)];
    let until =
        prop_oneof![4 => Just(None), 1 => (-10 * DAY..=400 * DAY).prop_map(|s| Some(shifted(now(), s)))];
    (actor(), recorded, method(), until)
        .prop_map(|(recorded_by, recorded_at, method, valid_until)| Provenance {
            recorded_by,
            recorded_at,
            method,
            valid_until,
        })
        .boxed()
}

fn money() -> BoxedStrategy<Money> {
    let amount = prop_oneof![1 => Just(Decimal::ZERO), 6 => (1_i64..=10_000_000_000, 0_u32..=4).prop_map(|(m, s)| Decimal::new(m, s))];
    (amount, "[A-Z]{3}")
        .prop_map(|(amount, code)| Money::new(amount, Currency::new(&code).unwrap()).unwrap())
        .boxed()
}

fn need() -> BoxedStrategy<Need> {
    let problem = prop_oneof![1 => Just(String::new()), 1 => Just(" \t ".to_owned()), 6 => "\\PC{1,30}"];
    (problem, provenance())
        .prop_map(|(problem, provenance)| Need { problem, provenance })
        .boxed()
}

fn budget() -> BoxedStrategy<Budget> {
    let status = prop_oneof![
        money().prop_map(|amount| BudgetStatus::Approved { amount }),
        "[A-Z]{3}".prop_map(|code| BudgetStatus::ApprovedAmountUnknown {
            currency: Currency::new(&code).unwrap()
        }),
        option::of(money()).prop_map(|amount| BudgetStatus::Sought { amount }),
    ];
    (status, provenance())
        .prop_map(|(status, provenance)| Budget { status, provenance })
        .boxed()
}

fn authority() -> BoxedStrategy<Authority> {
    (
        "\\PC{0,12}",
        select(vec![Access::DecisionMaker, Access::Champion]),
        provenance(),
    )
        .prop_map(|(person, access, provenance)| Authority {
            person,
            access,
            provenance,
        })
        .boxed()
}

fn timeline() -> BoxedStrategy<Timeline> {
    let decide_by = (-30 * DAY..=365 * DAY).prop_map(|s| shifted(now(), s));
    (decide_by, provenance())
        .prop_map(|(decide_by, provenance)| Timeline {
            decide_by,
            provenance,
        })
        .boxed()
}

fn checklist() -> BoxedStrategy<Checklist> {
    (
        option::weighted(0.85, need()),
        option::weighted(0.85, budget()),
        option::weighted(0.85, authority()),
        option::weighted(0.85, timeline()),
    )
        .prop_map(|(need, budget, authority, timeline)| Checklist {
            need,
            budget,
            authority,
            timeline,
        })
        .boxed()
}

/// The fixtures' complete checklist with one piece replaced by a generated one (or
/// removed): evidence near the line between prospect and opportunity.
fn nearly_full_checklist() -> BoxedStrategy<Checklist> {
    (0_u8..4, checklist())
        .prop_map(|(which, other)| {
            let mut c = full_checklist();
            match which {
                0 => c.need = other.need,
                1 => c.budget = other.budget,
                2 => c.authority = other.authority,
                _ => c.timeline = other.timeline,
            }
            c
        })
        .boxed()
}

fn reason() -> BoxedStrategy<Reason> {
    prop_oneof![Just("no budget this year".to_owned()), "\\PC{1,40}"]
        .prop_filter_map("blank reason", |text| Reason::new(text).ok())
        .boxed()
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        select(Source::KNOWN.to_vec()),
        "\\PC{0,10}".prop_map(Source::Other),
    ]
}

fn contact(name: String, email: Option<String>) -> Contact {
    let mut contact = Contact::named(name);
    contact.email = email;
    contact
}

fn lead() -> BoxedStrategy<Lead> {
    (
        "\\PC{0,20}",
        option::of("\\PC{0,20}"),
        option::of("\\PC{0,20}"),
        source(),
        around_now(30),
        "[a-zA-Z0-9]{1,18}",
        option::of(actor()),
    )
        .prop_map(|(name, email, company, source, captured_at, id, owner)| {
            let mut lead = Lead::builder(id.parse().unwrap(), contact(name, email), source, captured_at);
            if let Some(company) = company {
                lead = lead.company(company);
            }
            if let Some(owner) = owner {
                lead = lead.owner(owner);
            }
            lead.build()
        })
        .boxed()
}

// ---- generators: policies -----------------------------------------------------------------

// Generated parts come as values (a flag, an option), so these set the fields they hold.

fn criterion_spec(
    name: String,
    field: Field,
    condition: Condition,
    weight: Decimal,
    required: bool,
) -> CriterionSpec {
    let mut criterion = CriterionSpec::new(name, field, condition, weight);
    criterion.required = required;
    criterion
}

fn pass_spec(min_score: Option<Decimal>, min_met: Option<u32>, require: Require) -> PassSpec {
    let mut pass = PassSpec::default();
    pass.min_score = min_score;
    pass.min_met = min_met;
    pass.require = require;
    pass
}

fn opportunity_spec(threshold: Decimal, staged: bool) -> OpportunitySpec {
    let mut opportunity = OpportunitySpec::new(threshold);
    opportunity.staged = staged;
    opportunity
}

fn evidence_spec(max_age_days: Option<u32>) -> EvidenceSpec {
    max_age_days.map_or_else(EvidenceSpec::default, EvidenceSpec::max_age_days)
}

fn wild_name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => "[a-e]{1,2}",
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => "[a-z]{250,260}",
        1 => "\\PC{0,8}",
    ]
    .boxed()
}

fn wild_days() -> BoxedStrategy<u32> {
    prop_oneof![
        4 => 1_u32..=400,
        1 => Just(0),
        1 => Just(u32::MAX),
        1 => any::<u32>(),
        1 => 36_499_u32..=36_501,
    ]
    .boxed()
}

fn wild_field() -> BoxedStrategy<Field> {
    prop_oneof![
        4 => select(vec![
            Field::Employees,
            Field::AnnualRevenue,
            Field::Industry,
            Field::Country,
            Field::JobTitle,
            Field::Seniority,
        ]),
        1 => wild_name().prop_map(Field::Custom),
    ]
    .boxed()
}

fn wild_condition() -> BoxedStrategy<Condition> {
    prop_oneof![
        3 => prop_oneof![texts(), wild_name()].prop_map(Condition::Equals),
        3 => vec(prop_oneof![texts(), number_texts()], 0..4).prop_map(Condition::OneOf),
        1 => vec(words(), 250..260).prop_map(Condition::OneOf),
        3 => (option::of(decimals()), option::of(decimals())).prop_map(|(min, max)| Condition::Range { min, max }),
        1 => Just(Condition::Present),
        1 => Just(Condition::Absent),
    ]
    .boxed()
}

/// Any spec at all: mostly plausible, with bad numbers, days, names and conditions mixed in.
fn wild_spec() -> BoxedStrategy<PolicySpec> {
    let points = || prop_oneof![4 => points(), 1 => decimals()];
    let unit = || prop_oneof![4 => units(), 1 => decimals()];
    let adjust = || prop_oneof![4 => adjustments(), 1 => decimals()];
    let criterion = (
        wild_name(),
        wild_field(),
        wild_condition(),
        points(),
        any::<bool>(),
    )
        .prop_map(|(name, field, condition, weight, required)| {
            criterion_spec(name, field, condition, weight, required)
        });
    let criteria = prop_oneof![8 => vec(criterion.clone(), 0..8), 1 => vec(criterion, 63..67)];
    let knockout = (wild_name(), wild_field(), wild_condition())
        .prop_map(|(name, field, condition)| KnockoutSpec::new(name, field, condition));
    let knockouts = prop_oneof![8 => vec(knockout.clone(), 0..4), 1 => vec(knockout, 63..67)];
    let pass = (
        option::of(points()),
        option::of(prop_oneof![0_u32..=10, any::<u32>()]),
        select(vec![Require::All, Require::Any]),
    )
        .prop_map(|(min_score, min_met, require)| pass_spec(min_score, min_met, require));
    let rules = prop_oneof![
        8 => vec((signal_kind(), points()), 0..12),
        1 => vec((signal_kind(), points()), 63..67),
    ]
    .prop_map(|rules| {
        rules
            .into_iter()
            .map(|(kind, points)| SignalRule::new(kind, points))
            .collect::<Vec<_>>()
    });
    let engagement = (rules, decays(wild_days()), (points(), points(), points())).prop_map(
        |(signals, decay, (iql, mql, sql))| {
            EngagementSpec::new(TierSpec::new(iql, mql, sql))
                .with_signals(signals)
                .with_decay(decay)
        },
    );
    (
        prop_oneof![4 => Just("v1".to_owned()), 1 => wild_name()],
        (criteria, knockouts, pass),
        engagement,
        probability_specs(
            unit(),
            adjust(),
            points(),
            wild_days(),
            prop_oneof![
                1 => Just(OpenRange::default()),
                3 => (unit(), unit()).prop_map(|(min, max)| OpenRange::new(min, max)),
            ],
        ),
        (unit(), any::<bool>(), option::of(wild_days())),
    )
        .prop_map(
            |(version, (criteria, knockouts, pass), engagement, probability, (threshold, staged, age))| {
                let fit = FitSpec::new(pass)
                    .with_criteria(criteria)
                    .with_knockouts(knockouts);
                let opportunity = opportunity_spec(threshold, staged);
                PolicySpec::new(version, fit, engagement, probability, opportunity)
                    .with_evidence(evidence_spec(age))
            },
        )
        .boxed()
}

// ---- shared checks ------------------------------------------------------------------------

/// Serializing then deserializing gives the value back.
fn round_trips<T>(value: &T) -> Result<String, TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug,
{
    let json = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, value);
    Ok(json)
}

/// A record round trips as a `Record` and as its own state type, to the same JSON.
fn record_round_trips(record: &Record) -> Result<(), TestCaseError> {
    let json = round_trips(record)?;
    let own = match record {
        Record::Lead(s) => round_trips(s)?,
        Record::Prospect(s) => round_trips(s)?,
        Record::Discovery(s) => round_trips(s)?,
        Record::Opportunity(s) => round_trips(s)?,
        Record::Disqualified(s) => round_trips(s)?,
        Record::Won(s) => round_trips(s)?,
        Record::Lost(s) => round_trips(s)?,
    };
    prop_assert_eq!(own, json);
    Ok(())
}

/// Whether evidence recorded with `p` holds at `now` under the default policy (180 days).
fn holds(p: &Provenance, now: Timestamp) -> bool {
    p.recorded_at <= now
        && p.valid_until.is_none_or(|u| u >= now)
        && now.seconds_since(p.recorded_at) <= 180 * DAY
        && says(p.recorded_by.as_str())
}

/// Whether a profile records a fact: blank text is none.
fn has_facts(p: &Profile) -> bool {
    let text = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    p.employees.is_some()
        || p.annual_revenue.is_some()
        || text(&p.industry)
        || text(&p.country)
        || text(&p.job_title)
        || p.seniority.is_some()
        || !p.custom.is_empty()
}

/// Whether free text says something: not blank, not a placeholder.
fn says(text: &str) -> bool {
    !text.trim().is_empty() && !qualify::is_placeholder(text)
}

/// Whether a budget is for something: an amount, if given, above zero.
fn funded(b: &Budget) -> bool {
    match &b.status {
        BudgetStatus::Approved { amount } | BudgetStatus::Sought { amount: Some(amount) } => {
            !amount.amount().is_zero()
        }
        BudgetStatus::ApprovedAmountUnknown { .. } | BudgetStatus::Sought { amount: None } => true,
    }
}

/// The default policy's close probability, worked out independently of the crate.
fn default_estimate(evidence: &Checklist, tier: Option<Tier>, fit: Decimal, now: Timestamp) -> Decimal {
    let mut p = dec("0.5");
    match evidence
        .budget
        .as_ref()
        .filter(|b| holds(&b.provenance, now) && funded(b))
    {
        Some(Budget {
            status: BudgetStatus::Approved { .. } | BudgetStatus::ApprovedAmountUnknown { .. },
            ..
        }) => p += dec("0.2"),
        Some(_) => p += dec("0.05"),
        None => {}
    }
    match evidence
        .authority
        .as_ref()
        .filter(|a| holds(&a.provenance, now) && says(&a.person))
    {
        Some(a) if a.access == Access::DecisionMaker => p += dec("0.15"),
        Some(_) => p += dec("0.05"),
        None => {}
    }
    if let Some(t) = evidence
        .timeline
        .as_ref()
        .filter(|t| holds(&t.provenance, now) && t.decide_by > now)
    {
        let ahead = t.decide_by.seconds_since(now);
        if (0..=90 * DAY).contains(&ahead) {
            p += dec("0.1");
        }
    }
    if fit >= dec("80") {
        p += dec("0.05");
    }
    p += match tier {
        None | Some(Tier::Iql) => dec("0"),
        Some(Tier::Mql) => dec("0.02"),
        Some(Tier::Sql) => dec("0.05"),
    };
    // An open deal is held in the default open range.
    p.clamp(dec("0.01"), dec("0.99"))
}

// ---- (a) transitions hand back their input or carry exactly what was given -----------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn promote_carries_the_evidence_given_or_hands_the_prospect_back(
        evidence in prop_oneof![checklist(), nearly_full_checklist()],
        signals in signals(around_now(100)),
        offset in -DAY..=30 * DAY,
    ) {
        let policy = Policy::default();
        let now = shifted(now(), offset);
        let mut prospect = prospect();
        *prospect.evidence_mut() = evidence.clone();
        for s in &signals {
            prospect.record_signal(s.clone()).unwrap();
        }
        let given = prospect.clone();
        let assessment = given.assess(&policy, now);
        let estimate = given.close_probability(&policy, now);
        let expected = default_estimate(&evidence, assessment.tier(), assessment.fit_score(), now);
        prop_assert_eq!(estimate.probability.value(), expected);
        prop_assert_eq!(estimate.meets, expected >= dec("0.75"));
        let should_open = match &evidence {
            Checklist { need: Some(n), budget: Some(b), authority: Some(a), timeline: Some(t) } => {
                holds(&n.provenance, now)
                    && says(&n.problem)
                    && holds(&b.provenance, now)
                    && funded(b)
                    && holds(&a.provenance, now)
                    && says(&a.person)
                    && holds(&t.provenance, now)
                    && t.decide_by > now
                    && estimate.meets
                    && given.history().last().is_none_or(|e| e.at <= now)
            }
            _ => false,
        };
        match prospect.promote(&policy, now, &rep()) {
            Ok(opportunity) => {
                prop_assert!(should_open);
                let bant = opportunity.bant();
                prop_assert_eq!(Some(&bant.need), evidence.need.as_ref());
                prop_assert_eq!(Some(&bant.budget), evidence.budget.as_ref());
                prop_assert_eq!(Some(&bant.authority), evidence.authority.as_ref());
                prop_assert_eq!(Some(&bant.timeline), evidence.timeline.as_ref());
                prop_assert_eq!(opportunity.fit(), given.fit());
                prop_assert_eq!(opportunity.signals(), given.signals());
                prop_assert_eq!(opportunity.contact(), given.contact());
                prop_assert_eq!(opportunity.probability(), estimate.probability);
                prop_assert_eq!(opportunity.history().len(), given.history().len() + 1);
                prop_assert_eq!(&opportunity.history().entries()[..given.history().len()], given.history().entries());
                let last = opportunity.history().last().unwrap();
                prop_assert_eq!((last.at, last.transition().unwrap().to), (now, qualify::Stage::Opportunity));
                prop_assert!(opportunity.review(&policy, now).is_empty());
            }
            Err(err) => {
                prop_assert!(!should_open);
                prop_assert!(!err.unmet().is_empty());
                prop_assert_eq!(err.probability_explanation(), Some(&estimate));
                prop_assert_eq!(err.into_input(), given);
            }
        }
    }

    #[test]
    fn qualify_carries_the_fit_given_or_hands_the_lead_back(
        lead in lead(),
        profile in profile(),
        provenance in provenance(),
        has_fit in prop::bool::weighted(0.9),
        signals in signals(around_now(100)),
        offset in -DAY..=30 * DAY,
    ) {
        let policy = Policy::default();
        let now = shifted(now(), offset);
        let mut lead = lead;
        let fit = Fit { profile, provenance };
        if has_fit {
            lead.record_fit(fit.clone());
        }
        for s in &signals {
            lead.record_signal(s.clone()).unwrap();
        }
        let given = lead.clone();
        // The default policy requires 1,000 employees or more, whatever else the lead has.
        let should_qualify = has_fit
            && holds(&fit.provenance, now)
            && has_facts(&fit.profile)
            && given.captured_at() <= now
            && fit.profile.employees.is_some_and(|n| n >= 1_000)
            && policy.assess(&fit.profile, &signals, now).qualifies();
        match lead.qualify(&policy, now, &rep()) {
            Ok(prospect) => {
                prop_assert!(should_qualify);
                prop_assert_eq!(prospect.fit().as_fit(), Some(&fit));
                prop_assert_eq!(prospect.evidence(), given.evidence());
                prop_assert_eq!(prospect.signals(), given.signals());
                prop_assert_eq!(prospect.contact(), given.contact());
                prop_assert_eq!(prospect.company(), given.company());
                prop_assert_eq!(prospect.captured_at(), given.captured_at());
                prop_assert_eq!(prospect.history().len(), 1);
                let last = prospect.history().last().unwrap();
                prop_assert_eq!((last.at, last.transition().unwrap().to), (now, qualify::Stage::Prospect));
                prop_assert_eq!(last.policy.as_deref(), Some(policy.version()));
            }
            Err(err) => {
                prop_assert!(!should_qualify);
                prop_assert!(!err.unmet().is_empty());
                prop_assert_eq!(err.into_input(), given);
            }
        }
    }
}

// ---- (b) serialization round trips for every reachable state ------------------------------

#[derive(Clone, Debug)]
struct Step {
    pick: u8,
    hours: u16,
    profile: Profile,
    full: bool,
    evidence: Checklist,
    budget: Option<Budget>,
    authority: Option<Authority>,
    amount: Money,
    reason: Reason,
    signal: Option<Signal>,
}

fn step() -> BoxedStrategy<Step> {
    (
        any::<u8>(),
        0_u16..=48,
        profile(),
        any::<bool>(),
        checklist(),
        option::of(budget()),
        option::of(authority()),
        money(),
        reason(),
        option::of((signal_kind(), around_now(60)).prop_map(|(k, at)| Signal::new(k, at))),
    )
        .prop_map(
            |(pick, hours, profile, full, evidence, budget, authority, amount, reason, signal)| Step {
                pick,
                hours,
                profile,
                full,
                evidence,
                budget,
                authority,
                amount,
                reason,
                signal,
            },
        )
        .boxed()
}

/// Applies one generated step to a record: a transition its stage has (which may be
/// refused), or recording evidence or a signal.
fn apply(record: Record, s: &Step, policy: &Policy, now: Timestamp) -> Record {
    let by = rep();
    let evidence = || {
        if s.full {
            full_checklist()
        } else {
            s.evidence.clone()
        }
    };
    let fit = || Fit {
        profile: if s.full { good_profile() } else { s.profile.clone() },
        provenance: said(now),
    };
    match record {
        Record::Lead(mut lead) => match s.pick % 4 {
            0 => {
                lead.record_fit(fit());
                lead.qualify(policy, now, &by)
                    .map_or_else(|e| e.into_input().into(), Record::from)
            }
            1 => lead
                .disqualify(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
            2 => {
                lead.record_fit(fit());
                match lead.triage(policy, now, &by) {
                    Triage::Prospect(p) => p.into(),
                    Triage::Disqualified(d) => d.into(),
                    Triage::Undecided(e) => e.into_input().into(),
                }
            }
            _ => {
                match &s.signal {
                    Some(signal) => lead.record_signal(signal.clone()).unwrap(),
                    None => *lead.evidence_mut() = evidence(),
                }
                lead.into()
            }
        },
        Record::Prospect(mut prospect) => match s.pick % 4 {
            0 => {
                *prospect.evidence_mut() = evidence();
                prospect
                    .promote(policy, now, &by)
                    .map_or_else(|e| e.into_input().into(), Record::from)
            }
            1 => {
                *prospect.evidence_mut() = evidence();
                prospect
                    .open_discovery(policy, now, &by)
                    .map_or_else(|e| e.into_input().into(), Record::from)
            }
            2 => prospect
                .disqualify(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
            _ => {
                if let Some(signal) = &s.signal {
                    prospect.record_signal(signal.clone()).unwrap();
                }
                prospect.into()
            }
        },
        Record::Discovery(mut discovery) => match s.pick % 3 {
            0 => {
                let full = full_checklist();
                if let Some(b) = if s.full { full.budget } else { s.budget.clone() } {
                    discovery.record_budget(b);
                }
                if let Some(a) = if s.full {
                    full.authority
                } else {
                    s.authority.clone()
                } {
                    discovery.record_authority(a);
                }
                discovery
                    .confirm(policy, now, &by)
                    .map_or_else(|e| e.into_input().into(), Record::from)
            }
            1 => discovery
                .lose(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
            _ => discovery
                .demote(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
        },
        Record::Opportunity(opportunity) => match s.pick % 3 {
            0 => opportunity
                .win(s.amount, now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
            1 => opportunity
                .lose(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
            _ => opportunity
                .demote(s.reason.clone(), now, &by)
                .map_or_else(|e| e.into_input().into(), Record::from),
        },
        Record::Disqualified(d) => d
            .recycle(s.reason.clone(), now, &by)
            .map_or_else(|e| e.into_input().into(), Record::from),
        closed @ (Record::Won(_) | Record::Lost(_)) => closed,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_reachable_state_round_trips(lead in lead(), steps in vec(step(), 1..12)) {
        let policy = staged_policy();
        let mut now = now();
        let mut record = Record::from(lead);
        record_round_trips(&record)?;
        for s in &steps {
            now = shifted(now, i64::from(s.hours) * 3_600);
            let before = record.history().len();
            record = apply(record, s, &policy, now);
            prop_assert!(record.history().len() >= before);
            record_round_trips(&record)?;
        }
    }
}

/// A few currencies, so that a budget's and a won amount's often agree.
fn few_currencies() -> BoxedStrategy<Currency> {
    select(&["EUR", "USD", "GBP"][..])
        .prop_map(|code| Currency::new(code).unwrap())
        .boxed()
}

/// An amount above zero in one of [`few_currencies`].
fn priced() -> BoxedStrategy<Money> {
    (1_i64..=10_000_000_000, 0_u32..=2, few_currencies())
        .prop_map(|(m, s, c)| Money::new(Decimal::new(m, s), c).unwrap())
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whether the approved amount is known or not, a deal is won only in the approved
    /// budget's currency, by the transition and by the loader alike; a sought budget
    /// names no currency to hold it to.
    #[test]
    fn a_deal_is_won_only_in_its_approved_budgets_currency(
        status in prop_oneof![
            priced().prop_map(|amount| BudgetStatus::Approved { amount }),
            few_currencies().prop_map(|currency| BudgetStatus::ApprovedAmountUnknown { currency }),
            option::of(priced()).prop_map(|amount| BudgetStatus::Sought { amount }),
        ],
        won in priced(),
        other in few_currencies(),
    ) {
        let budget = match &status {
            BudgetStatus::Approved { amount } => Some(amount.currency()),
            BudgetStatus::ApprovedAmountUnknown { currency } => Some(*currency),
            BudgetStatus::Sought { .. } => None,
        };
        let mut evidence = full_checklist();
        evidence.budget = Some(Budget { status, provenance: said(now()) });
        // A low line, so that a sought budget opens the deal too.
        let mut spec = default_spec();
        spec.opportunity.threshold = dec("0.6");
        let policy = Policy::new(spec).unwrap();
        let opportunity = prospect_with(evidence).promote(&policy, now(), &rep()).unwrap();
        let expected: Vec<qualify::Unmet> = match budget {
            Some(budget) if budget != won.currency() => {
                vec![qualify::Unmet::CurrencyMismatch { won: won.currency(), budget }]
            }
            _ => Vec::new(),
        };
        prop_assert_eq!(opportunity.check_win(won, now()), expected.clone());
        match opportunity.clone().win(won, now(), &rep()) {
            Ok(record) => {
                prop_assert!(expected.is_empty());
                // It loads back; stored in another currency than an approved budget's, it
                // does not.
                let json = to_json(&record);
                let back: Won = serde_json::from_value(json.clone()).unwrap();
                prop_assert_eq!(&back, &record);
                let moved = edited(&record, |o| {
                    o["amount"]["currency"] = serde_json::json!(other.to_string());
                });
                let loaded = serde_json::from_value::<Won>(moved);
                match budget {
                    Some(budget) if budget != other => {
                        let err = loaded.unwrap_err().to_string();
                        let want = format!("won amount is in {other}, but the approved budget is in {budget}");
                        prop_assert!(err.contains(&want), "{}", err);
                    }
                    _ => prop_assert!(loaded.is_ok()),
                }
            }
            Err(err) => {
                prop_assert_eq!(err.unmet(), &expected[..]);
                prop_assert_eq!(err.into_input(), opportunity);
            }
        }
    }
}

// ---- (c) nothing panics, whatever the input -----------------------------------------------

fn timestamp_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z",
        "[0-9]{4}-(0[0-9]|1[0-3])-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]Z",
        "[0-9:TZ+ -]{18,22}",
        "\\PC{20}",
        vec(any::<u8>(), 20).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
    .boxed()
}

/// JSON-ish text: arbitrary strings, and JSON values of the right general shape.
fn json_value() -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value as J;
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<f64>().prop_map(J::from),
        texts().prop_map(J::String),
        decimals().prop_map(|d| J::String(d.to_string())),
        any_timestamp().prop_map(|t| J::String(t.to_string())),
        select(
            &[
                "lead",
                "prospect",
                "discovery",
                "opportunity",
                "won",
                "lost",
                "disqualified",
                "approved_amount_unknown",
                "currency",
                "EUR"
            ][..]
        )
        .prop_map(J::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(J::Array),
            btree_map(
                prop_oneof![
                    select(
                        &[
                            "stage",
                            "contact",
                            "name",
                            "source",
                            "captured_at",
                            "signals",
                            "history",
                            "fit",
                            "need",
                            "budget",
                            "authority",
                            "timeline",
                            "probability",
                            "amount",
                            "reason",
                            "profile",
                            "provenance",
                            "status",
                            "approved",
                            "sought",
                            "from",
                            "to",
                            "at",
                            "by",
                            "why",
                            "kind",
                            "custom",
                            "version",
                            "weight",
                        ][..]
                    )
                    .prop_map(str::to_owned),
                    "\\PC{0,6}",
                ],
                inner,
                0..4,
            )
            .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A valid JSON record of every stage, and the default policy.
static SAMPLES: LazyLock<Vec<serde_json::Value>> = LazyLock::new(|| {
    let staged = staged_policy();
    let mut lead = lead_with_fit(good_profile());
    lead.record_signal(Signal::new(SignalKind::Custom("podcast".into()), now()))
        .unwrap();
    *lead.evidence_mut() = full_checklist();
    let mut discovery_prospect = prospect();
    *discovery_prospect.evidence_mut() = Checklist {
        budget: None,
        authority: None,
        ..full_checklist()
    };
    let discovery: Discovery = discovery_prospect.open_discovery(&staged, now(), &rep()).unwrap();
    let lost: Lost = discovery
        .clone()
        .lose(Reason::new("went quiet").unwrap(), now(), &rep())
        .unwrap();
    let won: Won = opportunity().win(eur("58000"), now(), &rep()).unwrap();
    let disqualified: Disqualified = prospect()
        .disqualify(Reason::new("no fit").unwrap(), now(), &rep())
        .unwrap();
    let opportunity: Opportunity = opportunity();
    let prospect: Prospect = prospect();
    let records: Vec<Record> = vec![
        lead.into(),
        prospect.into(),
        discovery.into(),
        opportunity.into(),
        disqualified.into(),
        won.into(),
        lost.into(),
    ];
    let mut samples: Vec<_> = records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    samples.push(serde_json::to_value(Policy::default()).unwrap());
    samples
});

/// The number of nodes in a JSON tree.
fn nodes(v: &serde_json::Value) -> usize {
    1 + match v {
        serde_json::Value::Array(a) => a.iter().map(nodes).sum(),
        serde_json::Value::Object(o) => o.values().map(nodes).sum(),
        _ => 0,
    }
}

/// Replaces the `target`-th node (pre-order) with `with`, or removes it from its parent
/// when `with` is `None`.
fn mutate(v: &mut serde_json::Value, target: &mut usize, with: &Option<serde_json::Value>) -> bool {
    use serde_json::Value as J;
    match v {
        J::Array(items) => {
            for i in 0..items.len() {
                if *target == 1 {
                    match with {
                        Some(w) => items[i] = w.clone(),
                        None => drop(items.remove(i)),
                    }
                    return true;
                }
                *target -= 1;
                if mutate(&mut items[i], target, with) {
                    return true;
                }
            }
        }
        J::Object(members) => {
            let keys: Vec<String> = members.keys().cloned().collect();
            for key in keys {
                if *target == 1 {
                    match with {
                        Some(w) => drop(members.insert(key, w.clone())),
                        None => drop(members.remove(&key)),
                    }
                    return true;
                }
                *target -= 1;
                if let Some(child) = members.get_mut(&key)
                    && mutate(child, target, with)
                {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// Deserializes `json` as `T`; whatever is accepted round trips.
fn accepts_or_refuses<T>(json: &str) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + core::fmt::Debug,
{
    if let Ok(value) = serde_json::from_str::<T>(json) {
        round_trips(&value)?;
    }
    Ok(())
}

fn every_type(json: &str) -> Result<(), TestCaseError> {
    accepts_or_refuses::<Record>(json)?;
    accepts_or_refuses::<Lead>(json)?;
    accepts_or_refuses::<Prospect>(json)?;
    accepts_or_refuses::<Discovery>(json)?;
    accepts_or_refuses::<Opportunity>(json)?;
    accepts_or_refuses::<Disqualified>(json)?;
    accepts_or_refuses::<Won>(json)?;
    accepts_or_refuses::<Lost>(json)?;
    accepts_or_refuses::<Policy>(json)?;
    accepts_or_refuses::<PolicySpec>(json)?;
    accepts_or_refuses::<Profile>(json)?;
    accepts_or_refuses::<Signal>(json)?;
    accepts_or_refuses::<Checklist>(json)?;
    accepts_or_refuses::<Fit>(json)?;
    accepts_or_refuses::<qualify::RawRecord>(json)?;
    accepts_or_refuses::<Money>(json)?;
    accepts_or_refuses::<Probability>(json)?;
    accepts_or_refuses::<Reason>(json)?;
    accepts_or_refuses::<Currency>(json)?;
    accepts_or_refuses::<Timestamp>(json)?;
    Ok(())
}

/// `text` as an error message repeats it: `{:?}`, if that takes at most
/// `limits::MAX_ECHO_LEN` bytes between the quotes; else the longest start of it that does,
/// with an ellipsis and the text's length.
fn echoed(text: &str) -> String {
    let fits = |t: &str| format!("{t:?}").len() - 2 <= limits::MAX_ECHO_LEN;
    if fits(text) {
        return format!("{text:?}");
    }
    let mut head = String::new();
    for c in text.chars() {
        head.push(c);
        if !fits(&head) {
            head.pop();
            break;
        }
    }
    let quoted = format!("{head:?}");
    format!("{}…\" ({} bytes)", &quoted[..quoted.len() - 1], text.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn timestamps_parse_into_their_canonical_form(text in timestamp_text()) {
        match text.parse::<Timestamp>() {
            Ok(t) => {
                // Any accepted form (tests/test_time.rs lists them) writes as the one
                // canonical form, which reads back as the same instant.
                prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
                prop_assert_eq!(Timestamp::from_unix_seconds(t.as_unix_seconds()), Ok(t));
                prop_assert!(t >= Timestamp::MIN && t <= Timestamp::MAX);
            }
            Err(e) => {
                // The message quotes at most 64 bytes of the text, as `{:?}` escapes it.
                let message = e.to_string();
                prop_assert!(
                    message == format!("invalid timestamp {}: expected an instant such as \"2026-11-25T09:30:00Z\" (any offset: \"+01:00\", or \"+0000\" as Salesforce writes it) or a date alone, \"2026-11-25\"", echoed(&text))
                        || message == format!("timestamp {} is outside years 1 to 9999 in UTC", echoed(&text)),
                    "{}", message
                );
            }
        }
        let quoted = serde_json::to_string(&text).unwrap();
        prop_assert_eq!(serde_json::from_str::<Timestamp>(&quoted).ok(), text.parse::<Timestamp>().ok());
    }

    #[test]
    fn unix_seconds_are_checked(seconds in any::<i64>()) {
        let in_range = (Timestamp::MIN.as_unix_seconds()..=Timestamp::MAX.as_unix_seconds()).contains(&seconds);
        match Timestamp::from_unix_seconds(seconds) {
            Ok(t) => {
                prop_assert!(in_range);
                prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
            }
            Err(e) => {
                prop_assert!(!in_range);
                prop_assert_eq!(
                    e.to_string(),
                    format!("timestamp {seconds} seconds from the unix epoch is outside years 1 to 9999")
                );
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_any_deserializer(text in prop_oneof![any::<String>(), "[\\[\\]{}\":,0-9a-z ]{0,40}"]) {
        every_type(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics_any_deserializer(value in json_value()) {
        every_type(&value.to_string())?;
    }

    #[test]
    fn mutated_records_and_policies_never_panic(
        sample in 0..SAMPLES.len(),
        at in any::<usize>(),
        with in option::weighted(0.8, json_value()),
    ) {
        let mut json = SAMPLES[sample].clone();
        let mut target = 1 + at % (nodes(&json) - 1).max(1);
        mutate(&mut json, &mut target, &with);
        every_type(&json.to_string())?;
    }

    #[test]
    fn arbitrary_specs_are_refused_with_paths_or_score_without_panicking(
        spec in prop_oneof![3 => wild_spec(), 1 => policy_specs()],
        profile in any_profile(),
        signals in signals(any_timestamp()),
        now in any_timestamp(),
    ) {
        match Policy::new(spec.clone()) {
            Err(err) => {
                prop_assert!(!err.problems.is_empty());
                for p in &err.problems {
                    prop_assert!(!p.path.is_empty(), "a problem without a path: {}", p);
                    prop_assert!(!p.message.is_empty());
                }
                // The first problems are listed, the rest counted.
                prop_assert!(err.problems.len() <= limits::MAX_PROBLEMS);
                prop_assert!(err.omitted == 0 || err.problems.len() == limits::MAX_PROBLEMS);
                let listed: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
                let more = match err.omitted {
                    0 => String::new(),
                    1 => "; and 1 more problem".to_owned(),
                    n => format!("; and {n} more problems"),
                };
                prop_assert_eq!(err.to_string(), format!("invalid policy: {}{more}", listed.join("; ")));
                // Deserializing the same spec as a policy refuses it with the same problems.
                let json = serde_json::to_string(&spec).unwrap();
                let de = serde_json::from_str::<Policy>(&json).unwrap_err();
                prop_assert_eq!(de.to_string(), err.to_string());
            }
            Ok(policy) => {
                prop_assert_eq!(policy.spec(), &spec);
                round_trips(&policy)?;
                agree(&policy, &profile, &signals, now).map_err(TestCaseError::fail)?;
            }
        }
    }
}

// ---- (d) scores move the right way; assess and explain agree ------------------------------

/// A criterion that `profile` meets, chosen by `pick`.
fn met_by(profile: &Profile, pick: usize) -> (Field, Condition) {
    let point = |d: Decimal| Condition::Range {
        min: Some(d),
        max: Some(d),
    };
    let text = |field: Field, t: &Option<String>| match t {
        Some(t) => (field, Condition::Equals(t.clone())),
        None => (field, Condition::Absent),
    };
    let mut candidates = vec![
        match profile.employees {
            Some(n) => (Field::Employees, point(Decimal::from(n))),
            None => (Field::Employees, Condition::Absent),
        },
        match profile.annual_revenue {
            Some(r) => (Field::AnnualRevenue, point(r)),
            None => (Field::AnnualRevenue, Condition::Absent),
        },
        text(Field::Industry, &profile.industry),
        text(Field::Country, &profile.country),
        text(Field::JobTitle, &profile.job_title),
        match profile.seniority {
            Some(s) => (Field::Seniority, Condition::Equals(s.as_str().to_uppercase())),
            None => (Field::Seniority, Condition::Absent),
        },
        (Field::Custom("never set".into()), Condition::Absent),
    ];
    for (key, value) in &profile.custom {
        let field = Field::Custom(key.clone());
        candidates.push((field.clone(), Condition::Present));
        candidates.push(match value {
            Value::Text(t) => (
                field,
                Condition::OneOf(vec!["zzz".into(), t.to_ascii_uppercase()]),
            ),
            Value::Number(n) => (field, point(*n)),
            Value::Bool(b) => (field, Condition::Equals(b.to_string())),
        });
    }
    candidates.swap_remove(pick % candidates.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adding_a_met_criterion_never_lowers_the_fit_score(
        spec in policy_specs(),
        profile in any_profile(),
        pick in any::<usize>(),
        at in any::<usize>(),
        weight in points(),
        required in any::<bool>(),
    ) {
        let before = Policy::new(spec.clone());
        prop_assume!(before.is_ok());
        let before = before.unwrap();
        let (field, condition) = met_by(&profile, pick);
        let mut more = spec;
        let at = at % (more.fit.criteria.len() + 1);
        more.fit.criteria.insert(at, criterion_spec("added".into(), field, condition, weight, required));
        let after = Policy::new(more);
        prop_assume!(after.is_ok(), "{:?}", after.err());
        let after = after.unwrap();
        let (a, b) = (before.assess(&profile, &[], now()), after.assess(&profile, &[], now()));
        prop_assert_eq!(b.criteria_met(), a.criteria_met() + 1);
        prop_assert_eq!(b.fit_score(), a.fit_score() + weight);
        prop_assert!(b.fit_score() >= a.fit_score());
        prop_assert!(!a.fit_passed() || b.fit_passed());
        prop_assert!(!a.qualifies() || b.qualifies());
        prop_assert_eq!(b.knockouts_hit(), a.knockouts_hit());
        let e = after.explain(&profile, &[], now());
        let added = e.fit.criteria().nth(at).expect("the added criterion");
        prop_assert!(added.met);
        prop_assert_eq!(added.points, weight.normalize());
    }

    #[test]
    fn requiring_a_criterion_fails_fit_exactly_when_it_is_unmet(
        spec in policy_specs(),
        profile in any_profile(),
        pick in any::<usize>(),
    ) {
        let base = Policy::new(spec.clone());
        prop_assume!(base.is_ok() && !spec.fit.criteria.is_empty());
        let base = base.unwrap();
        let at = pick % spec.fit.criteria.len();
        let mut stricter = spec;
        stricter.fit.criteria[at].required = true;
        let stricter = Policy::new(stricter).unwrap();
        let (a, b) = (base.assess(&profile, &[], now()), stricter.assess(&profile, &[], now()));
        let met = base.explain(&profile, &[], now()).fit.criteria().nth(at).expect("the criterion").met;
        // The scores and counts stay; only the verdict can change, and only to a fail.
        prop_assert_eq!((a.fit_score(), a.criteria_met()), (b.fit_score(), b.criteria_met()));
        if met {
            prop_assert_eq!(b.fit_passed(), a.fit_passed());
        } else {
            prop_assert!(!b.fit_passed());
        }
        prop_assert!(!b.qualifies() || a.qualifies());
        let e = stricter.explain(&profile, &[], now());
        let c = e.fit.criteria().nth(at).expect("the criterion");
        prop_assert!(c.required);
        prop_assert_eq!(c.met, met);
    }

    #[test]
    fn raising_a_fit_threshold_never_turns_a_fail_into_a_pass(
        spec in policy_specs(),
        profile in any_profile(),
        more_score in points(),
        more_met in 0_u32..=8,
    ) {
        let base = Policy::new(spec.clone());
        prop_assume!(base.is_ok());
        let base = base.unwrap();
        let pass = &spec.fit.pass;
        let mut raised = spec.clone();
        raised.fit.pass.min_score = pass.min_score.map(|s| s + more_score);
        raised.fit.pass.min_met = pass
            .min_met
            .map(|m| (m + more_met).min(spec.fit.criteria.len() as u32).max(m));
        let raised = Policy::new(raised);
        prop_assume!(raised.is_ok());
        let raised = raised.unwrap();
        let (a, b) = (base.assess(&profile, &[], now()), raised.assess(&profile, &[], now()));
        prop_assert_eq!(a.fit_score(), b.fit_score());
        prop_assert!(!b.fit_passed() || a.fit_passed());
        prop_assert!(!b.qualifies() || a.qualifies());
    }

    #[test]
    fn raising_the_opportunity_threshold_never_turns_a_fail_into_a_pass(
        evidence in prop_oneof![checklist(), nearly_full_checklist()],
        // Any threshold the default open range allows: 0 to 0.99.
        low in (0_i64..=9_900).prop_map(|m| Decimal::new(m, 4)),
        high in (0_i64..=9_900).prop_map(|m| Decimal::new(m, 4)),
    ) {
        let (low, high) = (low.min(high), low.max(high));
        let with_threshold = |t: Decimal| {
            let mut spec = default_spec();
            spec.opportunity.threshold = t;
            Policy::new(spec).unwrap()
        };
        let (lenient, strict) = (with_threshold(low), with_threshold(high));
        let prospect = prospect_with(evidence);
        let (l, s) = (prospect.close_probability(&lenient, now()), prospect.close_probability(&strict, now()));
        prop_assert_eq!(l.probability, s.probability);
        prop_assert!(!s.meets || l.meets);
        let strict_ok = prospect.clone().promote(&strict, now(), &rep()).is_ok();
        let lenient_ok = prospect.promote(&lenient, now(), &rep()).is_ok();
        prop_assert!(!strict_ok || lenient_ok);
    }

    #[test]
    fn no_valid_policy_opens_an_opportunity_at_probability_one(
        base in units(),
        adjust in vec((0_i64..=10_000).prop_map(|m| Decimal::new(m, 4)), 7),
        open in open_ranges(),
        below_top in 0_i64..=10_000,
    ) {
        // Every adjustment positive and applying: approved budget, a decision maker, a
        // decision date 60 days out, a strong fit (any score), and SQL (a demo today).
        let mut spec = default_spec();
        spec.probability = ProbabilitySpec::new(base)
            .with_budget_approved(adjust[0])
            .with_budget_sought(adjust[1])
            .with_decision_maker(adjust[2])
            .with_champion(adjust[3])
            .with_decision_within(WithinDays::new(90, adjust[4]))
            .with_strong_fit(StrongFit::new(Decimal::ZERO, adjust[5]))
            .with_tier(TierAdjust::new(Decimal::ZERO, Decimal::ZERO, adjust[6]))
            .with_open(open.clone());
        // Any threshold the range allows, up to its top.
        spec.opportunity.threshold = (open.max * Decimal::new(below_top, 4)).round_dp(4);
        let policy = Policy::new(spec).unwrap();
        let mut prospect = prospect_with(full_checklist());
        prospect.record_signal(Signal::new(SignalKind::DemoRequest, now())).unwrap();
        let sum = base + adjust[0] + adjust[2] + adjust[4] + adjust[5] + adjust[6];
        let estimate = prospect.close_probability(&policy, now());
        let want = sum.clamp(open.min, open.max);
        prop_assert_eq!(estimate.probability.value(), want);
        prop_assert_eq!(estimate.clamped_from, (sum != want).then_some(sum));
        let opportunity = prospect.promote(&policy, now(), &rep());
        if want >= policy.spec().opportunity.threshold {
            let opportunity = opportunity.map_err(|e| TestCaseError::fail(e.to_string()))?;
            let p = opportunity.probability().value();
            prop_assert!(Decimal::ZERO < p && p < Decimal::ONE, "opened at {}", p);
            prop_assert!(p <= open.max);
        } else {
            prop_assert!(opportunity.is_err());
        }
    }

    #[test]
    fn every_open_estimate_lies_in_the_policys_open_range(
        policy in policies(),
        evidence in prop_oneof![checklist(), nearly_full_checklist()],
        signals in signals(around_now(100)),
        now in around_now(30),
    ) {
        let open = &policy.spec().probability.open;
        let within = |p: Probability| open.min <= p.value() && p.value() <= open.max;
        let mut prospect = prospect_with(evidence);
        for s in &signals {
            prospect.record_signal(s.clone()).unwrap();
        }
        prop_assert!(within(prospect.close_probability(&policy, now).probability));
        if let Ok(o) = prospect.clone().promote(&policy, now, &rep()) {
            prop_assert!(within(o.probability()));
            for u in o.review(&policy, now) {
                if let qualify::Unmet::ProbabilityBelowThreshold { probability, .. } = u {
                    prop_assert!(within(probability));
                }
            }
        }
        if let Ok(d) = prospect.open_discovery(&policy, now, &rep()) {
            prop_assert!(within(d.probability()));
            prop_assert!(within(d.close_probability(&policy, now).probability));
            if let Ok(o) = d.confirm(&policy, now, &rep()) {
                prop_assert!(within(o.probability()));
            }
        }
    }

    #[test]
    fn a_later_now_never_raises_the_engagement_score(
        rules in signal_rules(points()),
        decay in decays(days()),
        ages in vec((signal_kind(), 0..=400 * DAY), 0..8),
        later in prop_oneof![0..=2 * DAY, 0..=800 * DAY, Just(i64::MAX)],
        acts in any::<bool>(),
    ) {
        let mut spec = default_spec();
        spec.engagement.signals = rules;
        spec.engagement.decay = decay;
        // Under either rule; under the act rule, kinds earn each tier in turn, or none.
        if acts {
            let earned = [Some(Tier::Sql), None, Some(Tier::Mql), Some(Tier::Iql)];
            for (rule, tier) in spec.engagement.signals.iter_mut().zip(earned.into_iter().cycle()) {
                rule.tier = tier;
            }
        } else {
            spec.engagement.tier_rule = TierRule::Sum;
        }
        let policy = Policy::new(spec);
        // A custom kind with a blank or over-long name is not a valid rule, nor the act
        // rule without a signal rule.
        prop_assume!(policy.is_ok());
        let policy = policy.unwrap();
        let signals: Vec<Signal> = ages.into_iter().map(|(kind, age)| Signal::new(kind, shifted(now(), -age))).collect();
        let then = shifted(now(), later);
        let (early, late) = (policy.explain(&Profile::default(), &signals, now()), policy.explain(&Profile::default(), &signals, then));
        prop_assert!(late.engagement.score <= early.engagement.score);
        for (e, l) in early.engagement.signals.iter().zip(&late.engagement.signals) {
            prop_assert!(l.counted <= e.counted, "{:?} then {:?}", e, l);
            prop_assert!(e.counted <= e.points);
            prop_assert!(e.counted >= Decimal::ZERO);
        }
        prop_assert!(late.engagement.tier <= early.engagement.tier);
    }

    #[test]
    fn a_signal_worth_twice_a_threshold_stays_above_it_for_a_half_life(
        threshold in points(),
        extra in points(),
        days in days(),
        into in 0_i64..=1_000_000,
    ) {
        // The rule for choosing a tier's points: at least twice its threshold.
        let points = (threshold * Decimal::TWO + extra).min(Decimal::from(limits::MAX_POINTS));
        prop_assume!(points >= threshold * Decimal::TWO);
        let mut spec = default_spec();
        spec.engagement.signals = vec![SignalRule::new(SignalKind::Custom("act".into()), points).earns(Tier::Sql)];
        spec.engagement.decay = Decay::HalfLifeDays(days);
        spec.engagement.tiers = TierSpec::new(threshold, threshold, threshold);
        let policy = Policy::new(spec).unwrap();
        let half_life = i64::from(days) * DAY;
        for age in [0, half_life * into / 1_000_000, half_life - 1, half_life] {
            let signals = [Signal::new(SignalKind::Custom("act".into()), shifted(now(), -age))];
            let a = policy.assess(&Profile::default(), &signals, now());
            prop_assert!(a.engagement_score() >= threshold, "{} at {} s: {}", points, age, a.engagement_score());
            prop_assert_eq!(a.tier(), Some(Tier::Sql));
        }
    }

    #[test]
    fn assess_and_explain_always_agree(
        policy in policies(),
        profile in profile(),
        signals in signals(any_timestamp()),
        now in any_timestamp(),
    ) {
        agree(&policy, &profile, &signals, now).map_err(TestCaseError::fail)?;
        let mut lead = lead_with_fit(profile.clone());
        for s in &signals {
            lead.record_signal(s.clone()).unwrap();
        }
        // A lead's profile is read with its contact's e-mail domain when it has none.
        let mut read = profile.clone();
        if read.email_domain.is_none() {
            read.email_domain = lead.contact().email_domain().map(str::to_owned);
        }
        prop_assert!(lead.contact().email_domain().is_some());
        prop_assert_eq!(lead.assess(&policy, now), policy.assess(&read, &signals, now));
    }
}

// ---- (i) explanations read back as they were written -------------------------------------

proptest! {
    #[test]
    fn every_explanation_round_trips_to_the_same_json(
        policy in policies(),
        profile in profile(),
        signals in signals(any_timestamp()),
        now in any_timestamp(),
    ) {
        // Read back, an explanation builds its own rule text from the wire, yet is equal
        // to the one that shares its policy's, reads the same, and writes the same JSON.
        let e = policy.explain(&profile, &signals, now);
        let json = round_trips(&e)?;
        let back: qualify::Explanation = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        prop_assert_eq!(back.to_string(), e.to_string());
        prop_assert_eq!(back.fit.unmet(), e.fit.unmet());
        round_trips(&e.fit)?;
        round_trips(&e.engagement)?;
    }
}

// ---- (j) the pipeline review asks what a promotion asks ----------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_review_lists_what_promoting_the_same_evidence_would_lack(
        (policy, record) in qualify::testkit::strategy::records(
            qualify::testkit::strategy::StageMix::only(qualify::Stage::Opportunity)
        ),
        days in 0_i64..400,
    ) {
        // Reviewed at a later `now`, an opportunity lacks exactly what a prospect with its
        // evidence would lack to be promoted then: the review skips the explanation, not a
        // check.
        let Record::Opportunity(o) = record else { return Ok(()) };
        let now = shifted(o.history().last().unwrap().at, days * DAY);
        let review = o.review(&policy, now);
        let prospect = o.demote(Reason::new("review").unwrap(), now, &rep()).unwrap();
        prop_assert_eq!(review, prospect.check_promote(&policy, now));
    }
}

// ---- (k) every check lists what its transition would refuse for ---------------------------

/// An actor, and whether it names someone: mostly the kit's people, sometimes a blank or a
/// mark with no letter or digit.
fn judged_actor() -> BoxedStrategy<(Actor, bool)> {
    prop_oneof![
        3 => qualify::testkit::strategy::actors().prop_map(|a| (a, true)),
        1 => select(&["", "   ", "?", "--"][..]).prop_map(|t| (Actor::new(t), false)),
    ]
    .boxed()
}

/// What a transition by `by` (`named` or not) found, held against its check's list: the same
/// verdict, and the same list, but for the [`Unmet::HollowActor`] a check does not judge.
fn twins<T: core::fmt::Debug, U>(
    check: Vec<qualify::Unmet>,
    result: Result<U, qualify::Rejected<T>>,
    named: bool,
) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => {
            prop_assert!(named, "a transition by an actor who names no one succeeded");
            prop_assert_eq!(check, Vec::<qualify::Unmet>::new());
        }
        Err(err) => {
            let hollow = err
                .unmet()
                .iter()
                .filter(|u| matches!(u, qualify::Unmet::HollowActor { .. }))
                .count();
            prop_assert_eq!(hollow, usize::from(!named), "{}", err);
            let rest: Vec<qualify::Unmet> = err
                .unmet()
                .iter()
                .filter(|u| !matches!(u, qualify::Unmet::HollowActor { .. }))
                .cloned()
                .collect();
            if named {
                prop_assert!(!check.is_empty(), "{}", err);
            }
            prop_assert_eq!(check, rest);
        }
    }
    Ok(())
}

/// A record under a policy, a `now` from a day before its newest event to a year after, an
/// actor, a reason, a new owner, evidence recorded at `now` to refresh with and an amount to
/// win for, each in a currency of the kit's.
#[allow(clippy::type_complexity)]
fn judged_case() -> BoxedStrategy<(
    Policy,
    Record,
    Timestamp,
    (Actor, bool),
    Reason,
    Option<Actor>,
    Checklist,
    Money,
)> {
    use qualify::testkit::strategy::{StageMix, actors, checklists, currencies, money, reasons, records};
    // A quarter of the `now`s run backwards, so every guard is exercised.
    let offset = prop_oneof![1 => -DAY..0, 3 => 0..=365 * DAY];
    (records(StageMix::default()), offset, currencies())
        .prop_flat_map(|((policy, record), offset, currency)| {
            let latest = record
                .history()
                .last()
                .map_or(record.captured_at(), |e| e.at.max(record.captured_at()));
            let now = shifted(latest, offset);
            (
                Just(policy),
                Just(record),
                Just(now),
                judged_actor(),
                reasons(),
                option::of(actors()),
                checklists(now, currency),
                money(currency),
            )
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_check_is_empty_exactly_when_its_transition_succeeds(
        (policy, record, now, (by, named), why, to, update, amount) in judged_case(),
    ) {
        // For every transition and hand-off: `check_x` is empty exactly when `x` succeeds
        // by an actor who names someone, and lists what `x` refused for otherwise; `x` by
        // one who names no one is refused, for that and for the same list.
        let to_ref = to.as_ref();
        match record {
            Record::Lead(l) => {
                twins(l.check_qualify(&policy, now), l.clone().qualify(&policy, now, &by), named)?;
                twins(l.check_disqualify(now), l.clone().disqualify(why.clone(), now, &by), named)?;
                twins(l.check_hand_off(to_ref, now), l.clone().hand_off(to.clone(), why.clone(), now, &by), named)?;
                let listed = l.check_triage(&policy, now);
                match l.clone().triage(&policy, now, &by) {
                    Triage::Undecided(err) if named => {
                        prop_assert!(!listed.is_empty());
                        prop_assert_eq!(listed, err.unmet());
                    }
                    Triage::Undecided(err) => {
                        // A hollow actor never decides: the reasons are qualify's.
                        twins(l.check_qualify(&policy, now), Err::<(), _>(err), false)?;
                    }
                    decided => {
                        prop_assert!(named, "{:?}", decided);
                        prop_assert_eq!(listed, Vec::<qualify::Unmet>::new());
                    }
                }
            }
            Record::Prospect(p) => {
                twins(p.check_promote(&policy, now), p.clone().promote(&policy, now, &by), named)?;
                twins(p.check_open_discovery(&policy, now), p.clone().open_discovery(&policy, now, &by), named)?;
                twins(p.check_disqualify(now), p.clone().disqualify(why.clone(), now, &by), named)?;
                twins(p.check_hand_off(to_ref, now), p.clone().hand_off(to.clone(), why.clone(), now, &by), named)?;
            }
            Record::Discovery(d) => {
                twins(d.check_confirm(&policy, now), d.clone().confirm(&policy, now, &by), named)?;
                twins(d.check_lose(now), d.clone().lose(why.clone(), now, &by), named)?;
                twins(d.check_demote(now), d.clone().demote(why.clone(), now, &by), named)?;
                twins(d.check_hand_off(to_ref, now), d.clone().hand_off(to.clone(), why.clone(), now, &by), named)?;
            }
            Record::Opportunity(o) => {
                twins(o.check_win(amount, now), o.clone().win(amount, now, &by), named)?;
                twins(o.check_lose(now), o.clone().lose(why.clone(), now, &by), named)?;
                twins(o.check_demote(now), o.clone().demote(why.clone(), now, &by), named)?;
                twins(o.check_refresh(&update, &policy, now), o.clone().refresh(update.clone(), &policy, now, &by), named)?;
                twins(o.check_hand_off(to_ref, now), o.clone().hand_off(to.clone(), why.clone(), now, &by), named)?;
            }
            Record::Disqualified(d) => {
                twins(d.check_recycle(now), d.clone().recycle(why.clone(), now, &by), named)?;
            }
            Record::Won(_) | Record::Lost(_) => {}
        }
    }
}

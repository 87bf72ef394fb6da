//! The main job: run a handful of realistic leads through the crate's embedded default
//! policy to their ends, and print what happened to each, and why.
//!
//! Run it with `cargo run --example quickstart`.

use qualify::{
    Access, Actor, Authority, Budget, BudgetStatus, Checklist, Contact, Currency, Decimal, Fit, Lead, Method,
    Money, Need, Policy, Profile, Provenance, Reason, Record, Seniority, Signal, SignalKind, Source, Stage,
    Timeline, Timestamp, Triage, Value,
};

type Error = Box<dyn std::error::Error>;

/// One lead's story, as it comes in: who, what enrichment found, what they did, and what
/// sales learned on calls (if anything).
struct Story {
    name: &'static str,
    email: &'static str,
    company: &'static str,
    source: Source,
    profile: Profile,
    signals: Vec<(SignalKind, &'static str)>,
    sales: Option<Checklist>,
    /// The deal's end, once it is an opportunity: `Ok(amount)` won, `Err(reason)` lost.
    outcome: Option<Result<&'static str, &'static str>>,
}

fn main() -> Result<(), Error> {
    let policy = Policy::default();
    let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
    let rep = Actor::new("sam@seller.example");
    println!("qualify quickstart: policy {}, now {now}\n", policy.version());

    let mut pipeline: Vec<Record> = Vec::new();
    for story in stories(now)? {
        println!("== {} ({}), from {} ==", story.name, story.company, story.source);
        let record = run(story, &policy, now, &rep)?;
        println!("  ends as: {}", record.stage().label());
        if let Some(last) = record.history().last() {
            println!("  last step: {last}");
        }
        println!();
        pipeline.push(record);
    }

    println!("== pipeline ==");
    for stage in Stage::ALL {
        let n = pipeline.iter().filter(|r| r.stage() == stage).count();
        println!("  {:<20} {n}", stage.label());
    }
    Ok(())
}

/// Moves one lead as far as its evidence allows, printing each step.
fn run(story: Story, policy: &Policy, now: Timestamp, rep: &Actor) -> Result<Record, Error> {
    let mut lead = Lead::builder(
        story.name.replace(' ', "-").to_lowercase().parse()?,
        Contact::new(story.name, story.email),
        story.source,
        now.checked_sub_days(2).unwrap_or(now),
    )
    .company(story.company)
    .owner(rep.clone())
    .build();
    for (kind, at) in story.signals {
        lead.record_signal(Signal::new(kind, at.parse()?))?;
    }
    let a = lead.assess(policy, now);
    println!(
        "  engagement {} -> tier {}",
        a.engagement_score(),
        a.tier().map_or("none", |t| t.as_str())
    );
    lead.record_fit(Fit {
        profile: story.profile,
        provenance: Provenance::new("enrichment-bot", now, Method::Enrichment),
    });

    let mut prospect = match lead.triage(policy, now, rep) {
        Triage::Prospect(p) => {
            println!("  qualified as a prospect: {}", p.history().entries()[0].why);
            p
        }
        Triage::Disqualified(d) => {
            println!("  disqualified: {}", d.reason());
            return Ok(d.into());
        }
        Triage::Undecided(err) => {
            println!(
                "  not a prospect: {}",
                err.unmet()
                    .iter()
                    .map(|u| u.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            if let Some(why) = err.fit_explanation() {
                println!("  why, criterion by criterion:");
                for line in why.fit.to_string().lines() {
                    println!("    {line}");
                }
            }
            return Ok(err.into_input().into());
        }
    };

    let Some(checklist) = story.sales else {
        println!("  no sales conversation yet: stays a prospect");
        return Ok(prospect.into());
    };
    *prospect.evidence_mut() = checklist;
    let opportunity = match prospect.promote(policy, now, rep) {
        Ok(o) => {
            println!(
                "  promoted to opportunity at close probability {}",
                o.probability()
            );
            o
        }
        Err(err) => {
            println!("  not an opportunity yet:");
            for u in err.unmet() {
                println!("    - {u}");
            }
            if let Some(p) = err.probability_explanation() {
                for line in p.to_string().lines() {
                    println!("    {line}");
                }
            }
            return Ok(err.into_input().into());
        }
    };

    match story.outcome {
        Some(Ok(amount)) => {
            let won = opportunity.win(Money::new(amount.parse()?, Currency::new("EUR")?)?, now, rep)?;
            println!(
                "  won for {}; traced back through {} steps:",
                won.amount(),
                won.history().len()
            );
            for step in won.history() {
                println!("    {step}");
            }
            Ok(won.into())
        }
        Some(Err(reason)) => {
            let lost = opportunity.lose(Reason::new(reason)?, now, rep)?;
            println!("  lost: {}", lost.reason());
            Ok(lost.into())
        }
        None => Ok(opportunity.into()),
    }
}

fn stories(now: Timestamp) -> Result<Vec<Story>, Error> {
    let call = |days_ago: u32| {
        Provenance::new(
            "sam@seller.example",
            now.checked_sub_days(days_ago).unwrap_or(now),
            Method::Call,
        )
    };
    let eur = |amount: i64| Money::new(Decimal::from(amount), Currency::new("EUR")?);
    let checklist = |budget: BudgetStatus, access: Access, decide_by: &str| -> Result<Checklist, Error> {
        Ok(Checklist {
            need: Some(Need {
                problem: "month-end close takes nine days".into(),
                provenance: call(5),
            }),
            budget: Some(Budget {
                status: budget,
                provenance: call(5),
            }),
            authority: Some(Authority {
                person: "CFO".into(),
                access,
                provenance: call(3),
            }),
            timeline: Some(Timeline {
                decide_by: decide_by.parse()?,
                provenance: call(3),
            }),
        })
    };
    let profile = |employees: u32, industry: &str, country: &str, seniority: Seniority, title: &str| {
        Profile::new()
            .employees(employees)
            .industry(industry)
            .country(country)
            .seniority(seniority)
            .job_title(title)
    };
    Ok(vec![
        Story {
            name: "Ada Park",
            email: "ada@northwind.example",
            company: "Northwind Traders",
            source: Source::Form,
            profile: profile(2_400, "software", "DE", Seniority::VicePresident, "VP Finance"),
            signals: vec![
                (SignalKind::ContentDownload, "2026-10-02T10:00:00Z"),
                (SignalKind::DemoRequest, "2026-11-20T15:30:00Z"),
            ],
            sales: Some(checklist(
                BudgetStatus::Approved { amount: eur(60_000)? },
                Access::DecisionMaker,
                "2027-03-31T00:00:00Z",
            )?),
            outcome: Some(Ok("58000")),
        },
        Story {
            name: "Bo Chen",
            email: "bo@globex.example",
            company: "Globex",
            source: Source::Event,
            profile: profile(
                1_500,
                "fintech",
                "US",
                Seniority::Director,
                "Director of Operations",
            ),
            signals: vec![(SignalKind::EventVisit, "2026-11-12T11:00:00Z")],
            sales: Some(checklist(
                BudgetStatus::Sought { amount: None },
                Access::Champion,
                "2027-09-30T00:00:00Z",
            )?),
            outcome: None,
        },
        Story {
            name: "Cy Ortiz",
            email: "cy@initech.example",
            company: "Initech",
            source: Source::Ad,
            profile: profile(300, "retail", "GB", Seniority::Manager, "Store Manager"),
            signals: vec![(SignalKind::NewsletterSignup, "2026-09-01T08:00:00Z")],
            sales: None,
            outcome: None,
        },
        Story {
            name: "Dee Lowe",
            email: "dee@tinyco.example",
            company: "TinyCo",
            source: Source::OutreachReply,
            profile: profile(6, "software", "NL", Seniority::Owner, "Founder"),
            signals: vec![(SignalKind::EmailReply, "2026-11-24T17:00:00Z")],
            sales: None,
            outcome: None,
        },
        Story {
            name: "Eli Novak",
            email: "eli@umbrella.example",
            company: "Umbrella Corp",
            source: Source::Referral,
            profile: profile(12_000, "financial services", "FR", Seniority::CLevel, "CFO")
                .custom("crm_plan", Value::Text("enterprise".into())),
            signals: vec![
                (SignalKind::PricingPageVisit, "2026-11-18T09:00:00Z"),
                (SignalKind::ContactSales, "2026-11-19T09:00:00Z"),
            ],
            sales: Some(checklist(
                BudgetStatus::Approved {
                    amount: eur(250_000)?,
                },
                Access::DecisionMaker,
                "2026-12-20T00:00:00Z",
            )?),
            outcome: Some(Err("chose an incumbent vendor on price")),
        },
        Story {
            name: "Flo Wade",
            email: "flo@hooli.example",
            company: "Hooli",
            source: Source::Import,
            profile: profile(9_000, "software", "US", Seniority::Manager, "Product Manager")
                .custom("competitor", Value::Bool(true)),
            signals: vec![(SignalKind::PricingPageVisit, "2026-11-23T09:00:00Z")],
            sales: None,
            outcome: None,
        },
    ])
}

//! The main job: a few weeks of a small sales team's pipeline under the crate's embedded
//! default policy, told day by day: leads captured, qualified, promoted and closed on
//! different days, so that fading engagement and ageing evidence show.
//!
//! Run it with `cargo run --example quickstart`.

use qualify::{
    Access, Actor, Authority, Budget, BudgetStatus, Checklist, Contact, Currency, Fit, Lead, Method, Money,
    Need, Policy, Profile, Prospect, Provenance, Reason, Record, Seniority, Signal, SignalKind, Source,
    Stage, Timeline, Timestamp, Triage, Value,
};

type Error = Box<dyn std::error::Error>;

/// Notes a line of the story at the time it happened: the story is told lead by lead and
/// printed in the order things happened.
macro_rules! note {
    ($log:ident, $at:expr, $($arg:tt)*) => {
        $log.push(($at, format!($($arg)*)))
    };
}

fn main() -> Result<(), Error> {
    let policy = Policy::default();
    let sdr = Actor::new("sam (sales development)");
    let ae = Actor::new("alex (account executive)");
    let eur = Currency::new("EUR")?;
    let day = |d: &str| -> Result<Timestamp, Error> { Ok(format!("{d}T09:00:00Z").parse()?) };
    let said = |by: &Actor, at, method| Provenance::new(by.clone(), at, method);
    println!("A month in the pipeline, under policy {}\n", policy.version());
    let mut pipeline: Vec<Record> = Vec::new();
    let mut log: Vec<(Timestamp, String)> = Vec::new();

    // Ada Park fills in a form for a whitepaper, then asks for pricing two days later.
    let nov2 = day("2026-11-02")?;
    let mut ada = Lead::builder(
        "crm-1001".parse()?,
        Contact::new("Ada Park", "ada@northwind.example"),
        Source::Form,
        nov2,
    )
    .company("Northwind")
    .owner(sdr.clone())
    .build();
    ada.record_signal(Signal::new(SignalKind::ContentDownload, nov2))?;
    tier(
        &mut log,
        &mut ada,
        &policy,
        nov2,
        &sdr,
        "Ada Park downloaded the close-automation whitepaper",
    )?;
    let nov4 = day("2026-11-04")?;
    ada.record_signal(Signal::new(SignalKind::PricingRequest, nov4))?;
    tier(
        &mut log,
        &mut ada,
        &policy,
        nov4,
        &sdr,
        "Ada Park asked for a price",
    )?;

    // Enrichment fills in the company; Sam qualifies her as a prospect the next day.
    let nov5 = day("2026-11-05")?;
    let northwind = Profile::new()
        .employees(2_400)
        .industry("software")
        .country("DE")
        .seniority(Seniority::VicePresident)
        .job_title("VP Finance");
    ada.record_fit(Fit {
        profile: northwind,
        provenance: said(&sdr, nov5, Method::Enrichment),
    });
    let a = ada.assess(&policy, nov5);
    note!(
        log,
        nov5,
        "Northwind checks out: fit {} points, {} criteria met; engagement {} today",
        a.fit_score(),
        a.criteria_met(),
        a.engagement_score().round_dp(1)
    );
    let mut ada = ada.qualify(&policy, nov5, &sdr)?;
    note!(
        log,
        nov5,
        "Ada Park is a prospect: a qualified lead, with fit confirmed"
    );
    ada.hand_off(
        Some(ae.clone()),
        Reason::new("qualified: over to the account executive")?,
        nov5,
        &sdr,
    )?;

    // Alex's discovery call: a real pain, money approved, the CFO deciding by January.
    let nov12 = day("2026-11-12")?;
    note!(
        log,
        nov12,
        "Alex calls Northwind; still to learn: {}",
        missing(&ada, &policy, nov12)
    );
    *ada.evidence_mut() = Checklist {
        need: Some(Need {
            problem: "month-end close takes nine days".into(),
            provenance: said(&ae, nov12, Method::Call),
        }),
        budget: Some(Budget {
            status: BudgetStatus::Approved {
                amount: Money::new(60_000.into(), eur)?,
            },
            provenance: said(&ae, nov12, Method::Call),
        }),
        authority: Some(Authority {
            person: "Jo Lind, CFO".into(),
            access: Access::DecisionMaker,
            provenance: said(&ae, nov12, Method::Call),
        }),
        timeline: Some(Timeline {
            decide_by: day("2027-01-29")?,
            provenance: said(&ae, nov12, Method::Call),
        }),
    };
    let opportunity = ada.promote(&policy, nov12, &ae)?;
    note!(
        log,
        nov12,
        "Northwind is an opportunity ({}): close probability {}",
        opportunity.stage().label(),
        opportunity.probability()
    );
    let jan20 = day("2027-01-20")?;
    let won = opportunity.win(Money::new(58_000.into(), eur)?, jan20, &ae)?;
    note!(log, jan20, "Northwind signed for {}", won.amount());
    pipeline.push(won.into());

    // Tom Reyes is eager (a demo request) but his company is too small to be a fit.
    let nov9 = day("2026-11-09")?;
    let mut tom = Lead::builder(
        "crm-1002".parse()?,
        Contact::new("Tom Reyes", "tom@bytelabs.example"),
        Source::Ad,
        nov9,
    )
    .company("Byte Labs")
    .owner(sdr.clone())
    .build();
    tom.record_signal(Signal::new(SignalKind::DemoRequest, nov9))?;
    tier(&mut log, &mut tom, &policy, nov9, &sdr, "Tom Reyes booked a demo")?;
    tom.record_fit(Fit {
        profile: Profile::new()
            .employees(60)
            .industry("software")
            .country("US")
            .job_title("CTO"),
        provenance: said(&sdr, nov9, Method::Enrichment),
    });
    let refused = tom.qualify(&policy, nov9, &sdr).unwrap_err();
    note!(log, nov9, "Tom Reyes stays a lead: {}", refused.unmet()[0]);
    let tom = refused.into_input();
    let dec9 = day("2026-12-09")?;
    note!(
        log,
        dec9,
        "a month on, Tom's demo request counts {} points where it counted {}: interest fades",
        tom.assess(&policy, dec9).engagement_score(),
        tom.assess(&policy, nov9).engagement_score()
    );
    pipeline.push(tom.into());

    // A bot signs up; triage disqualifies it at once, naming the knockout.
    let nov10 = day("2026-11-10")?;
    let mut bot = Lead::builder("crm-1003".parse()?, Contact::named("qwerty"), Source::Form, nov10).build();
    bot.record_fit(Fit {
        profile: Profile::new().custom("spam", Value::Bool(true)),
        provenance: said(&sdr, nov10, Method::Form),
    });
    if let Triage::Disqualified(d) = bot.triage(&policy, nov10, &sdr) {
        note!(log, nov10, "qwerty is disqualified at triage: {}", d.reason());
        pipeline.push(d.into());
    }

    // A working student downloads a whitepaper for coursework: the job title alone says so.
    let nov11 = day("2026-11-11")?;
    let mut jonas = Lead::builder(
        "crm-1004".parse()?,
        Contact::new("Jonas Weber", "jonas.weber@initech.example"),
        Source::Form,
        nov11,
    )
    .company("Initech")
    .build();
    jonas.record_signal(Signal::new(SignalKind::ContentDownload, nov11))?;
    jonas.record_fit(Fit {
        profile: Profile::new()
            .employees(5_000)
            .industry("fintech")
            .job_title("Working Student (Finance)"),
        provenance: said(&sdr, nov11, Method::Form),
    });
    if let Triage::Disqualified(d) = jonas.triage(&policy, nov11, &sdr) {
        note!(
            log,
            nov11,
            "Jonas Weber, a working student at a fitting company, is disqualified at triage: {}",
            d.reason()
        );
        pipeline.push(d.into());
    }

    // Lena's fit was enriched in May; by November it is too old to qualify on.
    let may4 = day("2026-05-04")?;
    let mut lena = Lead::builder(
        "crm-0877".parse()?,
        Contact::new("Lena Ortiz", "lena@initech.example"),
        Source::Event,
        may4,
    )
    .company("Initech")
    .build();
    lena.record_fit(Fit {
        profile: Profile::new()
            .employees(5_000)
            .industry("fintech")
            .seniority(Seniority::Director),
        provenance: said(&sdr, may4, Method::Enrichment),
    });
    let nov16 = day("2026-11-16")?;
    note!(
        log,
        nov16,
        "Lena Ortiz cannot qualify yet: {}",
        lena.check_qualify(&policy, nov16)[0]
    );
    pipeline.push(lena.into());

    // An enterprise deal under a staged policy: tracked as Discovery before the budget is in.
    let mut spec = policy.spec().clone();
    spec.opportunity.staged = true;
    let staged = Policy::new(spec)?;
    let nov18 = day("2026-11-18")?;
    let mut mia = Lead::builder(
        "crm-1010".parse()?,
        Contact::new("Mia Chen", "mia@globex.example"),
        Source::Referral,
        nov18,
    )
    .company("Globex")
    .owner(ae.clone())
    .build();
    mia.record_fit(Fit {
        profile: Profile::new()
            .employees(12_000)
            .industry("financial services")
            .country("US")
            .seniority(Seniority::CLevel),
        provenance: said(&ae, nov18, Method::Meeting),
    });
    let mut mia: Prospect = mia.qualify(&staged, nov18, &ae)?;
    let mia_evidence = mia.evidence_mut();
    mia_evidence.need = Some(Need {
        problem: "twelve ledgers to consolidate by hand".into(),
        provenance: said(&ae, nov18, Method::Meeting),
    });
    mia_evidence.timeline = Some(Timeline {
        decide_by: day("2027-06-30")?,
        provenance: said(&ae, nov18, Method::Meeting),
    });
    let mut discovery = mia.open_discovery(&staged, nov18, &ae)?;
    note!(
        log,
        nov18,
        "Globex opens as {}: a need and a date, budget and authority still open",
        discovery.stage().label()
    );
    let nov30 = day("2026-11-30")?;
    discovery.record_budget(Budget {
        status: BudgetStatus::Sought {
            amount: Some(Money::new(250_000.into(), eur)?),
        },
        provenance: said(&ae, nov30, Method::Call),
    });
    discovery.record_authority(Authority {
        person: "Ravi Rao, CIO".into(),
        access: Access::Champion,
        provenance: said(&ae, nov30, Method::Call),
    });
    match discovery.confirm(&staged, nov30, &ae) {
        Ok(opp) => pipeline.push(opp.into()),
        Err(refused) => {
            note!(log, nov30, "Globex stays in discovery: {}", refused.unmet()[0]);
            pipeline.push(refused.into());
        }
    }

    log.sort_by_key(|(at, _)| *at);
    for (at, line) in &log {
        println!("{}  {line}", &at.to_string()[..10]);
    }
    println!("\nWhere each record stands");
    for record in &pipeline {
        println!(
            "  {:<10} {:<20} owner {}",
            record.id(),
            record.stage().label(),
            record.owner().map_or("unassigned".into(), Actor::to_string)
        );
    }
    let open = pipeline.iter().filter(|r| r.stage().is_open()).count();
    let won = pipeline.iter().filter(|r| r.stage() == Stage::Won).count();
    println!(
        "  {open} open, {won} won, {} closed otherwise",
        pipeline.len() - open - won
    );
    Ok(())
}

/// Records the tier a lead reached, and says so, with the act that holds it: a tier is
/// what the lead did, not how many points its acts add up to.
fn tier(
    log: &mut Vec<(Timestamp, String)>,
    lead: &mut Lead,
    policy: &Policy,
    now: Timestamp,
    by: &Actor,
    what: &str,
) -> Result<(), Error> {
    let a = lead.assess(policy, now);
    let reached = lead.record_tier(policy, now, by)?;
    let why = lead.history().last().map_or("", |e| e.why.as_str());
    let tier = reached.map_or("no new tier".to_owned(), |t| format!("now an {t} ({why})"));
    note!(
        log,
        now,
        "{what}: engagement {} points, {tier}",
        a.engagement_score().round_dp(1)
    );
    Ok(())
}

/// What a prospect still lacks to become an opportunity, in a line.
fn missing(prospect: &Prospect, policy: &Policy, now: Timestamp) -> String {
    let unmet = prospect.check_promote(policy, now);
    unmet
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

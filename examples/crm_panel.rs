//! A CRM plugin's side of it: load the host's policy from its own configuration (here
//! `examples/policy.json`) and list every mistake in a broken copy, build leads from the
//! strings a CRM export holds, triage them, record what sales learned on their calls, check
//! before promoting, store and reload every record, win a deal, and show its history.
//!
//! Run it with `cargo run --example crm_panel`.

use qualify::{
    Actor, Authority, Bant, Budget, Contact, Fit, Lead, Method, Money, Need, Opportunity, Policy, PolicySpec,
    Profile, Prospect, Provenance, Record, Signal, Timeline, Timestamp, Triage,
};

type Error = Box<dyn std::error::Error>;

const POLICY: &str = include_str!("policy.json");

/// Leads as a CRM export holds them: text, in the CRM's own spellings.
const LEADS: &str = "\
00Q1|Hanna Vogel|hanna@klinikum.example|Klinikum Nord|Referral|1800|Healthcare|DE|Head of HR|Director|demo request@2026-11-24T10:00:00.000+0000
00Q2|Tom Reyes|tom@bytelabs.example|Byte Labs|Ad|60|Software|US|CTO|C-Level|content_download@2026-11-01
00Q3|Ines Moreau|ines@retail.example|Maison Retail|Event|3200|retail|FR|HR Director|vice president|Pricing Request@2026-11-20T08:00:00+01:00
00Q4|Bo Chen|bo@rival.example|Rival Inc|outreach reply|900|healthcare|NL|HR Director|manager|
00Q5|Ola Berg|ola@uni.example|Uni|Form|40000|education|SE|Student|student|newsletter signup@2026-11-02";

/// What sales noted on the call, by lead id: need, budget (approved or sought) and amount,
/// the person deciding and how, and the decision date.
const CALLS: &str = "\
00Q1|rota planning takes a week a month|approved|40000 EUR|Lea Kraus, COO|decision_maker|2027-01-15
00Q3|store schedules live in spreadsheets|sought|25000 EUR|TBD|champion|2027-02-28";

fn main() -> Result<(), Error> {
    let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
    let (sdr, ae) = (Actor::new("sdr@seller.example"), Actor::new("ae@seller.example"));
    let policy: Policy = serde_json::from_str(POLICY)?;
    println!("policy {} loaded", policy.version());
    let broken = POLICY.replace(r#""weight": 30"#, r#""weight": -30"#);
    let broken = broken.replace(r#""min_met": 4"#, r#""min_met": 9"#);
    if let Err(err) = Policy::new(serde_json::from_str::<PolicySpec>(&broken)?) {
        println!("a broken copy is refused, every mistake named:");
        err.problems.iter().for_each(|p| println!("  {p}"));
    }

    let mut records = Vec::new();
    for row in LEADS.lines() {
        let f: Vec<&str> = row.split('|').collect();
        let contact = Contact::new(f[1], f[2]);
        let mut lead = Lead::builder(f[0].parse()?, contact, f[4].parse()?, now);
        lead = lead.company(f[3]).owner(sdr.clone());
        let mut lead = lead.build();
        let profile = Profile::new().employees(f[5].parse()?).industry(f[6]);
        let mut profile = profile.country(f[7]).job_title(f[8]).seniority(f[9].parse()?);
        if f[3].starts_with("Rival") {
            profile = profile.custom("competitor", true);
        }
        lead.record_fit(Fit::new(
            profile,
            Provenance::new("enrichment", now, Method::Enrichment),
        ));
        for signal in f[10].split(',').filter(|s| !s.is_empty()) {
            let (kind, at) = signal.split_once('@').ok_or("a signal is kind@time")?;
            lead.record_signal(Signal::new(kind.parse()?, at.parse()?))?;
        }
        let tier = lead.record_tier(&policy, now, &sdr)?;
        let tier = tier.map_or("no tier".to_owned(), |t| format!("reached {t}"));
        println!("\n== {} ({}), {tier} ==", f[1], f[3]);
        records.push(match lead.triage(&policy, now, &sdr) {
            Triage::Prospect(p) => Record::from(p),
            Triage::Disqualified(d) => {
                println!("disqualified: {}", d.reason());
                d.into()
            }
            Triage::Undecided(refused) => {
                let why: Vec<String> = refused.unmet().iter().map(ToString::to_string).collect();
                println!("stays a lead: {}", why.join("; "));
                refused.into()
            }
        });
    }

    // Sales calls the prospects; the panel shows what is missing before each promotion.
    for call in CALLS.lines() {
        let f: Vec<&str> = call.split('|').collect();
        let i = records
            .iter()
            .position(|r| r.id().as_str() == f[0])
            .ok_or("no such lead")?;
        let mut p = Prospect::try_from(records[i].clone())?;
        let missing = p.check_promote(&policy, now).len();
        println!("\n{}: {missing} missing before promotion", p.contact().name);
        let said = Provenance::new(ae.clone(), now, Method::Call);
        let amount: Money = f[3].parse()?;
        let budget = match f[2] {
            "approved" => Budget::approved(amount, said.clone()),
            _ => Budget::sought(Some(amount), said.clone()),
        };
        let need = Need::new(f[1], said.clone());
        let authority = Authority::new(f[4], f[5].parse()?, said.clone());
        let timeline = Timeline::new(f[6].parse()?, said);
        *p.evidence_mut() = Bant {
            need,
            budget,
            authority,
            timeline,
        }
        .into();
        let still = p.check_promote(&policy, now);
        still.iter().for_each(|u| println!("  still: {u}"));
        records[i] = match p.promote(&policy, now, &ae) {
            Ok(opportunity) => {
                println!("  promoted: close probability {}", opportunity.probability());
                opportunity.into()
            }
            Err(refused) => refused.into(),
        };
    }

    // Store every record as the CRM would, and read it back: the same record.
    for record in &mut records {
        let back: Record = serde_json::from_str(&serde_json::to_string(record)?)?;
        assert_eq!(&back, record);
        *record = back;
    }
    let later: Timestamp = "2027-01-10T16:00:00Z".parse()?;
    for record in &mut records {
        let Ok(opportunity) = Opportunity::try_from(record.clone()) else {
            continue;
        };
        let won = opportunity.win("38500 EUR".parse()?, later, &ae)?;
        let (company, amount) = (won.company().unwrap_or("?"), won.amount());
        println!("\n{company} won for {amount}; its history:");
        won.history().entries().iter().for_each(|e| println!("  {e}"));
        *record = won.into();
    }
    let stages: Vec<&str> = records.iter().map(|r| r.stage().label()).collect();
    println!("\nstages: {}", stages.join(", "));
    Ok(())
}

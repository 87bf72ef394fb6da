//! Monday morning: a month of a small team's pipeline through every report.
//!
//! Run with `cargo run --example pipeline_review`. The pipeline is a deterministic sample
//! (`qualify::testkit::sample`): 400 records walked through the real transitions, owned by
//! three reps and the unassigned queue.

use qualify::pipeline::{Period, Reports, Scope};
use qualify::testkit::sample;
use qualify::{Actor, Policy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = Policy::default();
    let november = Period::new("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?)?;
    let team = [Actor::new("ana"), Actor::new("ben"), Actor::new("chloe")];
    let records = sample::pipeline(&policy, november, 400, 7, &team);

    // Monday 30 November, 08:00: the reports judge what is open at this moment.
    let as_of = "2026-11-30T08:00:00Z".parse()?;
    let scope = Scope::new(&policy, november, as_of).with_min_sample(10);
    let reports = Reports::from_records(&scope, &records)?;
    println!("{reports}");
    Ok(())
}

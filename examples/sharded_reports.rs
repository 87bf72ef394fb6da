//! The reports built per shard, on a thread each, then merged: the same figures as one pass
//! over the whole pipeline, which is what lets a host run them per worker of a data engine.
//!
//! Run with `cargo run --example sharded_reports`.

use std::thread;

use qualify::pipeline::{Period, Reports, Scope};
use qualify::testkit::sample;
use qualify::{Actor, Policy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let policy = Policy::default();
    let quarter = Period::new("2026-10-01T00:00:00Z".parse()?, "2027-01-01T00:00:00Z".parse()?)?;
    let team = [Actor::new("ana"), Actor::new("ben"), Actor::new("chloe")];
    let records = sample::pipeline(&policy, quarter, 20_000, 2026, &team);
    let scope = Scope::new(&policy, quarter, quarter.to());

    // Four shards, of uneven size, each reported on its own thread.
    let shards: Vec<&[qualify::Record]> = {
        let (a, rest) = records.split_at(1_000);
        let (b, rest) = rest.split_at(9_000);
        let (c, d) = rest.split_at(4_500);
        vec![a, b, c, d]
    };
    let parts = thread::scope(|s| {
        let handles: Vec<_> = shards
            .iter()
            .map(|shard| s.spawn(move || Reports::from_records(&scope, *shard)))
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
    });

    let mut merged = Reports::new(&scope);
    for part in parts {
        let part = part.map_err(|_| "a shard's thread panicked")??;
        merged = merged.merge(part)?;
    }
    let whole = Reports::from_records(&scope, &records)?;
    assert_eq!(
        merged, whole,
        "merging the shards' reports gives the report over the whole"
    );

    println!(
        "{} records in 4 shards, merged: the same reports as one pass",
        records.len()
    );
    println!("{}", merged.funnel);
    println!("{}", merged.close_rates);
    Ok(())
}

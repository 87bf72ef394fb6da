//! A CRM plugin's view: load the host's policy from its own configuration (here
//! `examples/policy.json`, written by hand: figures as JSON numbers where they are whole or
//! short, `30` and `0.4`, and as strings elsewhere), report every mistake in a broken copy
//! of it at once, then show a person why each record did or did not qualify.
//!
//! Run it with `cargo run --example crm_panel`.

use qualify::{Policy, PolicySpec, Profile, Signal, SignalKind, Timestamp, Value};

type Error = Box<dyn std::error::Error>;

const POLICY: &str = include_str!("policy.json");

fn main() -> Result<(), Error> {
    let policy: Policy = serde_json::from_str(POLICY)?;
    let now: Timestamp = "2026-11-25T09:00:00Z".parse()?;
    println!(
        "loaded policy {} (staged mode {})\n",
        policy.version(),
        policy.staged()
    );

    // A config edited by hand, with three mistakes: every one is reported, with its path.
    let broken = POLICY
        .replace(r#""weight": 30"#, r#""weight": -30"#)
        .replace(r#""min_met": 4"#, r#""min_met": 9"#)
        .replace(r#""mql": "30""#, r#""mql": "5""#);
    // Deserializing a `Policy` runs the checks too; going through `PolicySpec` keeps the
    // problems as data, to show each beside its field.
    let spec: PolicySpec = serde_json::from_str(&broken)?;
    match Policy::new(spec) {
        Ok(_) => println!("the broken policy loaded?"),
        Err(err) => {
            println!("a broken copy of the policy is refused:");
            for problem in &err.problems {
                println!("  - {}: {}", problem.path, problem.message);
            }
        }
    }

    let records = [
        (
            "Hanna Vogel, Klinikum Nord",
            Profile::new()
                .employees(1_800)
                .industry("Healthcare")
                .country("DE")
                .job_title("Head of HR")
                .custom("hris", Value::Text("spreadsheet".into()))
                .custom("open_roles", Value::Number(45.into())),
            vec![
                Signal::new(SignalKind::WebinarAttended, "2026-10-01T10:00:00Z".parse()?),
                Signal::new(
                    SignalKind::Custom("roi_calculator".into()),
                    "2026-11-20T10:00:00Z".parse()?,
                ),
                Signal::new(SignalKind::DemoRequest, "2026-11-24T10:00:00Z".parse()?),
            ],
        ),
        (
            "Tom Reyes, Byte Labs",
            Profile::new()
                .employees(60)
                .industry("software")
                .country("US")
                .job_title("CTO"),
            vec![Signal::new(
                SignalKind::ContentDownload,
                "2026-07-01T10:00:00Z".parse()?,
            )],
        ),
    ];
    for (who, profile, signals) in &records {
        println!("\n== {who} ==");
        println!("{}", policy.explain(profile, signals, now));
    }
    Ok(())
}

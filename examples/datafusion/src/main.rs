//! qualify's default policy as a DataFusion scalar function, `qualify_fit`, scoring a CSV
//! table of generated leads with SQL:
//!
//! ```sql
//! SELECT id, qualify_fit(employees, annual_revenue, industry, country, job_title,
//!                        seniority, competitor, spam) AS fit
//! FROM leads ORDER BY fit DESC LIMIT 5
//! ```
//!
//! DataFusion hands the function each stretch of rows as Arrow arrays; the function reads
//! them as a `qualify::batch::Batch` (no copy) and scores them with `assess_batch`. The
//! function is plain DataFusion: a DataFusion-based cluster (Ballista, say) runs it where
//! each executor registers it, as this session does. Run it with `cargo run` in this
//! directory (optionally with the number of leads); it checks every score against
//! `Policy::assess` before it prints.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::{DataType, Decimal128Type, Int64Type};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::prelude::{CsvReadOptions, SessionContext};
use qualify::batch::{Batch, arrow};
use qualify::{Decimal, Field, Policy, Profile, Seniority, Timestamp, Value};

/// `qualify_fit(...)`: the fit score of each row under a policy, one argument per field the
/// policy reads, in `Policy::fields` order.
#[derive(Debug)]
struct QualifyFit {
    policy: Policy,
    fields: Vec<Field>,
    signature: Signature,
    /// The moment scored at: fit does not depend on it, engagement would.
    now: Timestamp,
}

impl QualifyFit {
    fn new(policy: Policy, now: Timestamp) -> QualifyFit {
        let fields: Vec<Field> = policy.fields().collect();
        let signature = Signature::any(fields.len(), Volatility::Immutable);
        QualifyFit {
            policy,
            fields,
            signature,
            now,
        }
    }

    /// The column names the function takes, in order: known fields by their snake_case
    /// names, custom attributes by theirs.
    fn arguments(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| match f {
                Field::Custom(name) => name.clone(),
                known => known.to_string(),
            })
            .collect()
    }
}

// DataFusion compares and hashes functions to deduplicate them in plans.
impl PartialEq for QualifyFit {
    fn eq(&self, other: &QualifyFit) -> bool {
        self.policy == other.policy && self.now == other.now
    }
}

impl Eq for QualifyFit {}

impl Hash for QualifyFit {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.policy.version().hash(state);
        self.now.hash(state);
    }
}

fn failed(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("qualify_fit: {e}"))
}

impl ScalarUDFImpl for QualifyFit {
    fn name(&self) -> &str {
        "qualify_fit"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Decimal128(38, 4))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<Result<Vec<_>>>()?;
        let mut batch = Batch::new(&self.policy, rows);
        for (field, array) in self.fields.iter().zip(&arrays) {
            batch.arrow(field, array.as_ref()).map_err(failed)?;
        }
        let mut out = Vec::with_capacity(rows);
        self.policy
            .assess_batch(&batch, self.now, &mut out)
            .map_err(failed)?;
        Ok(ColumnarValue::Array(Arc::new(
            arrow::fit_scores(&out).map_err(failed)?,
        )))
    }
}

/// A 64-bit linear congruential generator: the same leads on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

/// Writes `rows` generated leads as CSV, some values missing (empty).
fn write_leads(path: &Path, rows: usize) -> std::io::Result<()> {
    const INDUSTRIES: &[&str] = &[
        "Software",
        "SaaS",
        "Fintech",
        "Retail",
        "Manufacturing",
        "Healthcare",
        "",
    ];
    const COUNTRIES: &[&str] = &["US", "DE", "GB", "FR", "IN", "BR", "NL", ""];
    const TITLES: &[&str] = &["CTO", "VP Engineering", "Head of Data", "Student", ""];
    const LEVELS: &[&str] = &[
        "manager",
        "director",
        "vice_president",
        "c_level",
        "individual",
        "student",
        "",
    ];
    let mut rng = Lcg(0x5EED);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        w,
        "id,employees,annual_revenue,industry,country,job_title,seniority,competitor,spam"
    )?;
    for id in 1..=rows {
        let employees = if rng.below(10) == 0 {
            String::new()
        } else {
            rng.below(20_000).to_string()
        };
        let revenue = if rng.below(3) == 0 {
            String::new()
        } else {
            (rng.below(500_000) * 1_000).to_string()
        };
        let flag = |rng: &mut Lcg, percent| if rng.below(100) < percent { "true" } else { "false" };
        let (industry, country, title, level) = (
            rng.pick(INDUSTRIES),
            rng.pick(COUNTRIES),
            rng.pick(TITLES),
            rng.pick(LEVELS),
        );
        let (competitor, spam) = (flag(&mut rng, 3), flag(&mut rng, 1));
        writeln!(
            w,
            "{id},{employees},{revenue},{industry},{country},{job_title},{level},{competitor},{spam}",
            job_title = title
        )?;
    }
    w.flush()
}

/// Each lead of the CSV as a `Profile`, by id: what `Policy::assess` is checked on.
fn read_profiles(path: &Path) -> std::io::Result<Vec<(i64, Profile)>> {
    let text = std::fs::read_to_string(path)?;
    let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let profiles = text
        .lines()
        .skip(1)
        .map(|line| {
            let v: Vec<&str> = line.split(',').collect();
            let mut p = Profile::new();
            p.employees = v[1].parse().ok();
            p.annual_revenue = v[2].parse::<Decimal>().ok();
            p.industry = some(v[3]);
            p.country = some(v[4]);
            p.job_title = some(v[5]);
            p.seniority = v[6].parse::<Seniority>().ok();
            for (name, value) in [("competitor", v[7]), ("spam", v[8])] {
                p.custom.insert(name.into(), Value::Bool(value == "true"));
            }
            (v[0].parse().unwrap_or(0), p)
        })
        .collect();
    Ok(profiles)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let path = std::env::temp_dir().join(format!("qualify-leads-{}.csv", std::process::id()));
    write_leads(&path, rows)?;

    let policy = Policy::default();
    let now: Timestamp = "2026-12-01T00:00:00Z".parse().map_err(failed)?;
    let fit = QualifyFit::new(policy.clone(), now);
    let call = format!("qualify_fit({})", fit.arguments().join(", "));
    let ctx = SessionContext::new();
    ctx.register_csv("leads", path.to_str().unwrap_or_default(), CsvReadOptions::new())
        .await?;
    ctx.register_udf(ScalarUDF::from(fit));

    // Every score equals `Policy::assess` on the same lead.
    let scored = ctx
        .sql(&format!("SELECT id, {call} AS fit FROM leads ORDER BY id"))
        .await?
        .collect()
        .await?;
    let profiles = read_profiles(&path)?;
    let mut checked = 0;
    for batch in &scored {
        let ids = batch.column(0).as_primitive::<Int64Type>();
        let fits = batch.column(1).as_primitive::<Decimal128Type>();
        for i in 0..batch.num_rows() {
            let (id, profile) = &profiles[checked];
            let want = policy.assess(profile, &[], now).fit_score();
            let got = Decimal::from_i128_with_scale(fits.value(i), 4);
            if ids.value(i) != *id || got != want {
                return Err(failed(format!("lead {id}: SQL scored {got}, assess {want}")));
            }
            checked += 1;
        }
    }
    if checked != rows {
        return Err(failed(format!("scored {checked} of {rows} leads")));
    }
    println!("{rows} leads scored in SQL, every score equal to Policy::assess\n");

    println!("{call}, the five best fits:");
    ctx.sql(&format!(
        "SELECT id, industry, country, {call} AS fit FROM leads ORDER BY fit DESC, id LIMIT 5"
    ))
    .await?
    .show()
    .await?;
    println!("\nBy industry:");
    ctx.sql(&format!(
        "SELECT coalesce(industry, '(none)') AS industry, count(*) AS leads, \
         round(avg({call}), 1) AS mean_fit FROM leads GROUP BY industry ORDER BY mean_fit DESC"
    ))
    .await?
    .show()
    .await?;
    std::fs::remove_file(&path)?;
    Ok(())
}

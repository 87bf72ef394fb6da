//! Deterministic sample pipelines: records walked through the real transitions from a
//! seed, for examples, benchmarks and tests with exact figures. No proptest needed.

use crate::engine::Policy;
use crate::evidence::{
    Access, Authority, Budget, BudgetStatus, Checklist, Fit, Method, Need, Provenance, Timeline,
};
use crate::pipeline::Period;
use crate::policy::Tier;
use crate::profile::{Contact, Profile, Seniority, Signal, SignalKind, Source};
use crate::states::{ForecastCategory, Lead, Record, Stage};
use crate::values::{Actor, Currency, Money, Reason, RecordId, SECONDS_PER_DAY, Timestamp};

/// One record's walk from capture to its stage, through the transitions a host calls.
///
/// Under the default policy every walk reaches its stage: the lead has a fitting profile
/// (2,400 employees, software, a vice president), the signal its tier needs, and, from
/// promotion on, substantive evidence of all four conditions. Under another policy a walk
/// stops where the policy refuses a step, and the record is the one handed back.
///
/// ```
/// use qualify::testkit::sample::Walk;
/// use qualify::{Policy, Stage, Tier};
///
/// let mut walk = Walk::new("deal-1".parse()?, "2026-11-02T09:00:00Z".parse()?, Stage::Won);
/// walk.tier = Some(Tier::Sql);
/// let record = walk.run(&Policy::default());
/// assert_eq!(record.stage(), Stage::Won);
/// assert_eq!(record.history().highest_tier(), Some(Tier::Sql));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Walk {
    /// The record's id.
    pub id: RecordId,
    /// When the lead is captured.
    pub captured_at: Timestamp,
    /// The stage to reach.
    pub stage: Stage,
    /// The owner at capture; `None` leaves it in the unassigned queue.
    pub owner: Option<Actor>,
    /// The engagement tier the lead's first signal reaches, recorded as a milestone at the
    /// capture; `None` sends no signal.
    pub tier: Option<Tier>,
    /// Seconds from capture to the first decision (qualify or disqualify).
    pub triage_after: i64,
    /// Seconds from one later step to the next (promotion, the hand-off, the call).
    pub step_after: i64,
    /// Seconds from opening the deal to its close.
    pub close_after: i64,
    /// The approved budget, and the amount a won deal closes for.
    pub amount: Money,
    /// Days from capture to the decision date.
    pub decide_in_days: u32,
    /// A hand-off when the deal opens, to a closer.
    pub closer: Option<Actor>,
    /// A forecast call on the open deal.
    pub call: Option<ForecastCategory>,
    /// Under a staged policy, open the deal as a discovery.
    pub via_discovery: bool,
    /// The access to the decision: the decision maker, or a champion (a lower estimate).
    pub access: Access,
}

impl Walk {
    /// A walk to `stage`: owned by `rep-1`, no signal, decided an hour after capture, a
    /// day between later steps, closed 20 days after opening, for EUR 10,000, decided by
    /// 60 days after capture.
    pub fn new(id: RecordId, captured_at: Timestamp, stage: Stage) -> Walk {
        Walk {
            id,
            captured_at,
            stage,
            owner: Some(Actor::new("rep-1")),
            tier: None,
            triage_after: 3_600,
            step_after: SECONDS_PER_DAY,
            close_after: 20 * SECONDS_PER_DAY,
            amount: eur(10_000),
            decide_in_days: 60,
            closer: None,
            call: None,
            via_discovery: false,
            access: Access::DecisionMaker,
        }
    }

    /// Walks the record under `policy`.
    pub fn run(self, policy: &Policy) -> Record {
        let by = self.owner.clone().unwrap_or_else(|| Actor::new("router"));
        let mut at = self.captured_at;
        let mut builder = Lead::builder(
            self.id.clone(),
            Contact::new("Ada Park", "ada@example.com"),
            Source::Form,
            at,
        )
        .company("Northwind");
        if let Some(owner) = &self.owner {
            builder = builder.owner(owner.clone());
        }
        let mut lead = builder.build();
        if let Some(tier) = self.tier {
            let kind = match tier {
                Tier::Iql => SignalKind::ContentDownload,
                Tier::Mql => SignalKind::PricingRequest,
                Tier::Sql => SignalKind::DemoRequest,
            };
            let _ = lead.record_signal(Signal::new(kind, at));
            let _ = lead.record_tier(policy, at, &by);
        }
        let said = |at| Provenance::new(by.clone(), at, Method::Call);
        lead.record_fit(Fit {
            profile: Profile::new()
                .employees(2_400)
                .industry("software")
                .country("DE")
                .seniority(Seniority::VicePresident),
            provenance: said(at),
        });
        if self.stage == Stage::Lead {
            return lead.into();
        }
        at = shift(at, self.triage_after);
        if self.stage == Stage::Disqualified {
            return lead
                .disqualify(reason("no budget this year"), at, &by)
                .map_or_else(Record::from, Record::from);
        }
        let mut prospect = match lead.qualify(policy, at, &by) {
            Ok(p) => p,
            Err(refused) => return refused.into(),
        };
        if self.stage == Stage::Prospect {
            return prospect.into();
        }
        at = shift(at, self.step_after);
        let decide_by = shift(self.captured_at, i64::from(self.decide_in_days) * SECONDS_PER_DAY);
        *prospect.evidence_mut() = Checklist {
            need: Some(Need {
                problem: "month-end close takes nine days".into(),
                provenance: said(at),
            }),
            budget: Some(Budget {
                status: BudgetStatus::Approved { amount: self.amount },
                provenance: said(at),
            }),
            authority: Some(Authority {
                person: "CFO".into(),
                access: self.access,
                provenance: said(at),
            }),
            timeline: Some(Timeline {
                decide_by,
                provenance: said(at),
            }),
        };
        let opened = at;
        let discovery = self.via_discovery && policy.staged() || self.stage == Stage::Discovery;
        let hand = |at: &mut Timestamp| {
            *at = shift(*at, self.step_after);
            *at
        };
        if discovery {
            let mut deal = match prospect.open_discovery(policy, at, &by) {
                Ok(d) => d,
                Err(refused) => return refused.into(),
            };
            if let Some(closer) = &self.closer {
                let _ = deal.hand_off(Some(closer.clone()), reason("to the closer"), hand(&mut at), &by);
            }
            if let Some(call) = self.call {
                let _ = deal.call_forecast(call, hand(&mut at), &by);
            }
            return match self.stage {
                Stage::Lost => deal
                    .lose(
                        reason("went with a competitor"),
                        shift(opened, self.close_after).max(at),
                        &by,
                    )
                    .map_or_else(Record::from, Record::from),
                Stage::Discovery => deal.into(),
                _ => match deal.confirm(policy, at, &by) {
                    Ok(o) => close(o, &self, opened, at, &by),
                    Err(refused) => refused.into(),
                },
            };
        }
        let mut deal = match prospect.promote(policy, at, &by) {
            Ok(o) => o,
            Err(refused) => return refused.into(),
        };
        if let Some(closer) = &self.closer {
            let _ = deal.hand_off(Some(closer.clone()), reason("to the closer"), hand(&mut at), &by);
        }
        if let Some(call) = self.call {
            let _ = deal.call_forecast(call, hand(&mut at), &by);
        }
        close(deal, &self, opened, at, &by)
    }
}

/// Closes an opportunity as the walk asks: won, lost, or left open.
fn close(deal: crate::Opportunity, walk: &Walk, opened: Timestamp, at: Timestamp, by: &Actor) -> Record {
    let by = walk.closer.as_ref().unwrap_or(by);
    let when = shift(opened, walk.close_after).max(at);
    match walk.stage {
        Stage::Won => deal
            .win(walk.amount, when, by)
            .map_or_else(Record::from, Record::from),
        Stage::Lost => deal
            .lose(reason("went with a competitor"), when, by)
            .map_or_else(Record::from, Record::from),
        _ => deal.into(),
    }
}

/// A realistic pipeline of `len` records captured across `period`, the same for the same
/// `seed`: about a third still leads (most captured in the period's last day, the rest past
/// triage), a tenth disqualified, a fifth
/// prospects, and the rest deals (open, won and lost) in EUR and USD, owned by `owners`
/// in turn or unassigned, with tier milestones, hand-offs to closers and forecast calls.
/// Every event falls before `period.to()`, so `as_of = period.to()` sees them all.
pub fn pipeline(policy: &Policy, period: Period, len: usize, seed: u64, owners: &[Actor]) -> Vec<Record> {
    let mut rng = SplitMix(seed);
    let span = period.to().seconds_since(period.from()).max(1);
    (0..len)
        .filter_map(|i| {
            let roll = rng.below(100);
            // Most leads still waiting came in during the last day; the rest are overdue.
            let recent = roll <= 32 && rng.below(10) < 7;
            let captured_at = match recent {
                true => shift(period.to(), -(rng.below(SECONDS_PER_DAY as u64) as i64) - 1),
                false => shift(period.from(), rng.below(span as u64) as i64),
            };
            let left = period.to().seconds_since(captured_at).max(1) as u64;
            let stage = match roll {
                0..=32 => Stage::Lead,
                33..=42 => Stage::Disqualified,
                43..=62 => Stage::Prospect,
                63..=77 => Stage::Opportunity,
                78..=89 => Stage::Won,
                _ => Stage::Lost,
            };
            let Ok(id) = RecordId::new(format!("rec-{i:07}")) else {
                return None;
            };
            let mut walk = Walk::new(id, captured_at, stage);
            walk.owner = match rng.below(10) {
                0 => None,
                n => owners.get(n as usize % owners.len().max(1)).cloned(),
            };
            walk.tier = match rng.below(10) {
                0..=3 => None,
                4..=6 => Some(Tier::Iql),
                7..=8 => Some(Tier::Mql),
                _ => Some(Tier::Sql),
            };
            // Most leads are decided within the day; one in five waits longer.
            walk.triage_after = (if rng.below(5) == 0 {
                20 * 3_600 + rng.below(4 * SECONDS_PER_DAY as u64)
            } else {
                rng.below(20 * 3_600)
            } as i64)
                .min(left as i64 / 4);
            walk.step_after = (rng.below(2 * SECONDS_PER_DAY as u64) as i64).min(left as i64 / 8);
            walk.close_after = (rng.below(left / 2 + 1) as i64).max(walk.step_after * 3);
            let code = if rng.below(10) < 7 { *b"EUR" } else { *b"USD" };
            walk.amount = Money::whole(5_000 + rng.below(95_000) as u32, Currency::known(code));
            walk.decide_in_days = 20 + rng.below(70) as u32;
            walk.closer = (rng.below(3) == 0).then(|| owners.first().cloned()).flatten();
            walk.call = match rng.below(6) {
                0 => Some(ForecastCategory::Commit),
                1 => Some(ForecastCategory::BestCase),
                2 => Some(ForecastCategory::Pipeline),
                _ => None,
            };
            walk.via_discovery = rng.below(4) == 0;
            walk.access = if rng.below(10) < 3 {
                Access::Champion
            } else {
                Access::DecisionMaker
            };
            Some(walk.run(policy))
        })
        .collect()
}

/// SplitMix64: a small, fast, seeded sequence; the same seed gives the same pipeline.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next().checked_rem(n).unwrap_or(0)
    }
}

fn shift(at: Timestamp, seconds: i64) -> Timestamp {
    Timestamp::from_unix_seconds(at.as_unix_seconds().saturating_add(seconds)).unwrap_or(at)
}

fn reason(text: &'static str) -> Reason {
    Reason::known(text)
}

fn eur(amount: u32) -> Money {
    Money::whole(amount, Currency::known(*b"EUR"))
}

//! Strategies for records at every stage, reached through the real transitions, and for
//! pipelines of them.

use core::ops::Range;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;

use crate::engine::Policy;
use crate::evidence::{Access, Authority, Budget, BudgetStatus, Checklist, Fit, Need, Provenance, Timeline};
use crate::policy::PolicySpec;
use crate::profile::{Contact, Profile, Signal, Source};
use crate::states::{Lead, Record, Stage};
use crate::testkit::strategy::evidence::{self, Flavour};
use crate::testkit::strategy::policy::{default_policy, steerable_policies};
use crate::testkit::strategy::profile::{default_fit_profiles, signals, substantive_profiles};
use crate::testkit::strategy::values::{DAY, actors, currencies, money, reasons, shifted, timestamps};
use crate::values::{Actor, Currency, Money, Reason, RecordId, Timestamp};

/// How often each stage is aimed at: a weight per stage.
///
/// The record strategies choose the stage first, by these weights, then generate what
/// each transition on the way needs to succeed. [`StageMix::default`] weighs every stage
/// alike: under a strict policy (no discovery) each of the six stages is aimed at in a
/// sixth of cases, under a staged one each of the seven in a seventh. A stage the policy
/// cannot reach (discovery under a strict policy) is never aimed at; a mix whose every
/// reachable weight is zero aims at leads.
///
/// ```
/// use qualify::Stage;
/// use qualify::testkit::strategy::StageMix;
///
/// let closing = StageMix::none().with(Stage::Won, 3).with(Stage::Lost, 1);
/// assert_eq!(closing.weight(Stage::Won), 3);
/// assert_eq!(StageMix::default().weight(Stage::Lead), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageMix {
    weights: [u32; Stage::ALL.len()],
}

impl Default for StageMix {
    /// Every stage alike.
    fn default() -> StageMix {
        StageMix {
            weights: [1; Stage::ALL.len()],
        }
    }
}

impl StageMix {
    /// No stage at all: start here and add weights with [`with`](StageMix::with).
    pub fn none() -> StageMix {
        StageMix {
            weights: [0; Stage::ALL.len()],
        }
    }

    /// Only `stage`.
    pub fn only(stage: Stage) -> StageMix {
        StageMix::none().with(stage, 1)
    }

    /// This mix, with `stage` weighed `weight`.
    #[must_use]
    pub fn with(mut self, stage: Stage, weight: u32) -> StageMix {
        if let Some(w) = self.weights.get_mut(index(stage)) {
            *w = weight;
        }
        self
    }

    /// The weight of `stage`.
    pub fn weight(&self, stage: Stage) -> u32 {
        self.weights.get(index(stage)).copied().unwrap_or(0)
    }

    /// The stages aimed at under a policy that is `staged` or not, with their weights.
    fn targets(&self, staged: bool) -> Vec<(u32, Stage)> {
        let targets: Vec<(u32, Stage)> = Stage::ALL
            .iter()
            .map(|&s| (self.weight(s), s))
            .filter(|&(w, s)| w > 0 && (staged || s != Stage::Discovery))
            .collect();
        if targets.is_empty() {
            vec![(1, Stage::Lead)]
        } else {
            targets
        }
    }
}

fn index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0)
}

/// Everything one walk from a lead to its target stage uses, generated up front.
#[derive(Clone, Debug)]
struct Plan {
    target: Stage,
    /// Under a staged policy, reach an opportunity (and a close) through a discovery.
    via_discovery: bool,
    /// Close a lost deal from its discovery, not from an opportunity.
    lost_from_discovery: bool,
    /// Disqualify a prospect, not a lead.
    disqualify_prospect: bool,
    id: RecordId,
    contact: Contact,
    company: Option<String>,
    source: Source,
    captured_at: Timestamp,
    /// Seconds between one call and the next: at most three hours each, so that every
    /// walk ends within a day of the capture, before any evidence goes stale.
    gaps: Vec<i64>,
    by: Actor,
    owner: Option<Actor>,
    /// A hand-off to try at the lead, prospect, discovery and opportunity.
    hand_offs: Vec<Option<Option<Actor>>>,
    signals: Vec<Signal>,
    record_tier: bool,
    fit: Fit,
    need: Need,
    timeline: Timeline,
    /// The budget and authority a prospect carries (any flavour when the deal is not
    /// promoted), and those that carry a promotion.
    budget: Option<Budget>,
    authority: Option<Authority>,
    strong_budget: Budget,
    strong_authority: Authority,
    amount: Money,
    reason: Reason,
}

/// The window leads are captured in: 2020 to 2030.
pub(crate) fn window() -> (Timestamp, Timestamp) {
    let from = Timestamp::from_unix_seconds(1_577_836_800).unwrap_or(Timestamp::MIN);
    let to = Timestamp::from_unix_seconds(1_924_905_600).unwrap_or(Timestamp::MAX);
    (from, to)
}

fn contacts() -> BoxedStrategy<Contact> {
    (
        select(&["Ada Park", "Lin Osei", "Sam Novak"][..]),
        option::of(select(&["ada@northwind.example", "lin@contoso.example"][..])),
    )
        .prop_map(|(name, email)| Contact {
            name: name.to_owned(),
            email: email.map(str::to_owned),
        })
        .boxed()
}

fn sources() -> BoxedStrategy<Source> {
    select(Source::KNOWN.to_vec()).boxed()
}

/// Provenance at `at` by `by`.
fn said(by: &Actor, at: Timestamp) -> Provenance {
    Provenance::new(by.clone(), at, crate::evidence::Method::Call)
}

/// The plans for records aimed at `mix`'s stages under `policy`.
fn plans(policy: &Policy, mix: StageMix) -> BoxedStrategy<Plan> {
    let staged = policy.staged();
    let target = Union::new_weighted(
        mix.targets(staged)
            .into_iter()
            .map(|(w, s)| (w, Just(s).boxed()))
            .collect(),
    );
    let profiles = if policy.spec() == &PolicySpec::default() {
        default_fit_profiles()
    } else {
        substantive_profiles()
    };
    let (from, to) = window();
    (target, timestamps(from, to), currencies(), actors())
        .prop_flat_map(move |(target, at, currency, by)| {
            let parts = (
                (
                    any::<bool>(),
                    any::<bool>(),
                    any::<bool>(),
                    "[a-z]{2,6}-[0-9]{1,4}".prop_filter_map("a record id", |id| RecordId::new(id).ok()),
                    contacts(),
                    option::of(select(&["Northwind", "Contoso"][..]).prop_map(str::to_owned)),
                    sources(),
                ),
                (
                    vec(0..=3 * 3_600_i64, 8),
                    option::of(actors()),
                    vec(option::weighted(0.3, option::of(actors())), 4),
                    signals(shifted(at, -30 * DAY), at, 4),
                    any::<bool>(),
                ),
                (
                    evidence::fit_from(Flavour::Substantive, at, profiles.clone()),
                    evidence::need(Flavour::Substantive, at),
                    (2 * DAY..=365 * DAY).prop_map(move |s| shifted(at, s)),
                    flavoured_budget(currency, at),
                    flavoured_authority(at),
                ),
                (
                    money(currency),
                    money(currency),
                    reasons(),
                    proptest::bool::weighted(0.25),
                ),
            );
            parts.prop_map(move |(a, b, c, d)| {
                let (via_discovery, lost_from_discovery, disqualify_prospect, id, contact, company, source) =
                    a;
                let (gaps, owner, hand_offs, signals, record_tier) = b;
                let (fit, need, decide_by, budget, authority) = c;
                let (budget_amount, amount, reason, amount_unknown) = d;
                Plan {
                    target,
                    via_discovery,
                    lost_from_discovery,
                    disqualify_prospect,
                    id,
                    contact,
                    company,
                    source,
                    captured_at: at,
                    gaps,
                    owner,
                    hand_offs,
                    signals,
                    record_tier,
                    fit: fit.unwrap_or_else(|| Fit {
                        profile: Profile::default(),
                        provenance: said(&by, at),
                    }),
                    need: need.unwrap_or_else(|| Need {
                        problem: "month-end close takes 9 days".into(),
                        provenance: said(&by, at),
                    }),
                    timeline: Timeline {
                        decide_by,
                        provenance: said(&by, at),
                    },
                    budget,
                    authority,
                    // Approved, for an amount the buyer has said or, a quarter of the
                    // time, not.
                    strong_budget: Budget {
                        status: match amount_unknown {
                            true => BudgetStatus::ApprovedAmountUnknown { currency },
                            false => BudgetStatus::Approved {
                                amount: budget_amount,
                            },
                        },
                        provenance: said(&by, at),
                    },
                    strong_authority: Authority {
                        person: "CFO".into(),
                        access: Access::DecisionMaker,
                        provenance: said(&by, at),
                    },
                    amount,
                    reason,
                    by: by.clone(),
                }
            })
        })
        .boxed()
}

fn flavoured_budget(currency: Currency, at: Timestamp) -> BoxedStrategy<Option<Budget>> {
    evidence::flavours()
        .prop_flat_map(move |f| evidence::budget(f, currency, at))
        .boxed()
}

fn flavoured_authority(at: Timestamp) -> BoxedStrategy<Option<Authority>> {
    evidence::flavours()
        .prop_flat_map(move |f| evidence::authority(f, at))
        .boxed()
}

/// Walks a lead toward the plan's target through the transitions a host calls. A refused
/// step stops the walk where it is (the record handed back), so a record is always one
/// the transitions made; under the kit's policies no step is refused.
fn walk(plan: Plan, policy: &Policy) -> Record {
    let mut clock = Clock {
        at: plan.captured_at,
        gaps: plan.gaps.iter(),
    };
    let by = &plan.by;
    let mut builder = Lead::builder(plan.id, plan.contact, plan.source, plan.captured_at);
    if let Some(company) = plan.company {
        builder = builder.company(company);
    }
    if let Some(owner) = plan.owner {
        builder = builder.owner(owner);
    }
    let mut lead = builder.build();
    let hand_off = |slot: usize| plan.hand_offs.get(slot).cloned().flatten();
    for signal in plan.signals {
        let _ = lead.record_signal(signal);
    }
    lead.record_fit(plan.fit);
    if plan.record_tier {
        let _ = lead.record_tier(policy, clock.tick(), by);
    }
    if let Some(to) = hand_off(0) {
        let _ = lead.hand_off(to, plan.reason.clone(), clock.tick(), by);
    }
    let disqualify_lead = plan.target == Stage::Disqualified && !plan.disqualify_prospect;
    if plan.target == Stage::Lead {
        return lead.into();
    }
    if disqualify_lead {
        return lead
            .disqualify(plan.reason, clock.tick(), by)
            .map_or_else(Record::from, Record::from);
    }
    let mut prospect = match lead.qualify(policy, clock.tick(), by) {
        Ok(p) => p,
        Err(refused) => return refused.into(),
    };
    if let Some(to) = hand_off(1) {
        let _ = prospect.hand_off(to, plan.reason.clone(), clock.tick(), by);
    }
    // A deal promoted to an opportunity carries the evidence that raises the estimate
    // most, so that it meets the policy's line; one that stays a prospect or a discovery
    // carries a budget and an authority of any flavour, or none.
    let promoted = matches!(plan.target, Stage::Opportunity | Stage::Won | Stage::Lost);
    let (budget, authority) = if promoted {
        (
            Some(plan.strong_budget.clone()),
            Some(plan.strong_authority.clone()),
        )
    } else {
        (plan.budget, plan.authority)
    };
    *prospect.evidence_mut() = Checklist {
        need: Some(plan.need),
        budget,
        authority,
        timeline: Some(plan.timeline),
    };
    match plan.target {
        Stage::Prospect => return prospect.into(),
        Stage::Disqualified => {
            return prospect
                .disqualify(plan.reason, clock.tick(), by)
                .map_or_else(Record::from, Record::from);
        }
        _ => {}
    }
    let through_discovery = policy.staged() && (plan.target == Stage::Discovery || plan.via_discovery);
    let mut opportunity = if through_discovery {
        let mut discovery = match prospect.open_discovery(policy, clock.tick(), by) {
            Ok(d) => d,
            Err(refused) => return refused.into(),
        };
        if let Some(to) = hand_off(2) {
            let _ = discovery.hand_off(to, plan.reason.clone(), clock.tick(), by);
        }
        if plan.target == Stage::Discovery {
            return discovery.into();
        }
        if plan.target == Stage::Lost && plan.lost_from_discovery {
            return discovery
                .lose(plan.reason, clock.tick(), by)
                .map_or_else(Record::from, Record::from);
        }
        match discovery.confirm(policy, clock.tick(), by) {
            Ok(o) => o,
            Err(refused) => return refused.into(),
        }
    } else {
        if plan.target == Stage::Discovery {
            return prospect.into();
        }
        match prospect.promote(policy, clock.tick(), by) {
            Ok(o) => o,
            Err(refused) => return refused.into(),
        }
    };
    if let Some(to) = hand_off(3) {
        let _ = opportunity.hand_off(to, plan.reason.clone(), clock.tick(), by);
    }
    match plan.target {
        Stage::Won => {
            // Won in the approved budget's currency, for an amount above zero.
            let currency = match &opportunity.bant().budget.status {
                BudgetStatus::Approved { amount } => amount.currency(),
                BudgetStatus::ApprovedAmountUnknown { currency } => *currency,
                BudgetStatus::Sought { .. } => plan.amount.currency(),
            };
            let amount = Money::new(plan.amount.amount(), currency).unwrap_or(plan.amount);
            opportunity
                .win(amount, clock.tick(), by)
                .map_or_else(Record::from, Record::from)
        }
        Stage::Lost => opportunity
            .lose(plan.reason, clock.tick(), by)
            .map_or_else(Record::from, Record::from),
        _ => opportunity.into(),
    }
}

/// The `now` of each call of a walk: the capture, then later by each gap.
struct Clock<'a> {
    at: Timestamp,
    gaps: core::slice::Iter<'a, i64>,
}

impl Clock<'_> {
    fn tick(&mut self) -> Timestamp {
        self.at = shifted(self.at, self.gaps.next().copied().unwrap_or(0));
        self.at
    }
}

/// Records under `policy` at the stages of `mix`, each reached from a generated lead
/// through the real transitions: qualified with fit evidence, opened, confirmed or
/// promoted with substantive evidence recorded at the capture (a budget approved for an
/// amount, or in a quarter of deals for an amount unknown), won for an amount in the
/// approved budget's currency, lost or disqualified for a reason; with an owner or none,
/// signals, a tier milestone and hand-offs along the way.
///
/// The stage is chosen first; then the strategy generates what each transition on the
/// way needs. Under [`steerable_policies`] and the default policy every walk reaches its
/// stage. Under another policy a walk stops where the policy refuses a step (a profile it
/// does not qualify, an estimate below its line), and the record is the one handed back.
pub fn records_under(policy: Policy, mix: StageMix) -> BoxedStrategy<Record> {
    plans(&policy, mix)
        .prop_map(move |plan| walk(plan, &policy))
        .boxed()
}

/// A policy, strict or staged ([`steerable_policies`]) or the default, and a record
/// under it at the stages of `mix` ([`records_under`]).
pub fn records(mix: StageMix) -> BoxedStrategy<(Policy, Record)> {
    prop_oneof![
        default_policy(),
        steerable_policies(false),
        steerable_policies(true),
    ]
    .prop_flat_map(move |policy| (Just(policy.clone()), records_under(policy, mix)))
    .boxed()
}

/// Pipelines of `len` records under `policy` at the stages of `mix`, with ids `rec-0`,
/// `rec-1`, ..., owners, currencies and capture times of their own; shrinks toward
/// fewer records.
pub fn pipelines(policy: Policy, mix: StageMix, len: Range<usize>) -> BoxedStrategy<Vec<Record>> {
    vec(plans(&policy, mix), len)
        .prop_map(move |plans| {
            plans
                .into_iter()
                .enumerate()
                .map(|(i, mut plan)| {
                    if let Ok(id) = RecordId::new(format!("rec-{i}")) {
                        plan.id = id;
                    }
                    walk(plan, &policy)
                })
                .collect()
        })
        .boxed()
}

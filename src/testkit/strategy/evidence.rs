//! Strategies for evidence, each piece in three flavours, and checklists.

use proptest::prelude::*;
use proptest::sample::select;

use crate::evidence::{
    Access, Authority, Budget, BudgetStatus, Checklist, Fit, Method, Need, Provenance, Timeline,
};
use crate::profile::Profile;
use crate::testkit::strategy::profile::substantive_profiles;
use crate::testkit::strategy::values::{DAY, actors, money, shifted};
use crate::values::{Currency, Money, Timestamp};

/// Which flavour of a piece of evidence to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Flavour {
    /// Not recorded: `None`.
    Absent,
    /// Recorded but saying nothing ([`Hollow`](crate::Hollow)): a placeholder or blank
    /// need or authority, a budget for zero, a decision date not after the moment it is
    /// judged at, a profile with no facts.
    Hollow,
    /// Recorded, substantive, and current at the moment given: what a transition accepts.
    Substantive,
}

impl Flavour {
    /// The three flavours, simplest first.
    pub const ALL: [Flavour; 3] = [Flavour::Absent, Flavour::Hollow, Flavour::Substantive];
}

/// Any flavour; shrinks toward [`Flavour::Absent`].
pub fn flavours() -> BoxedStrategy<Flavour> {
    select(Flavour::ALL.to_vec()).boxed()
}

/// Provenance recorded at `at` by one of the kit's actors, with no expiry of its own.
fn provenance(at: Timestamp) -> BoxedStrategy<Provenance> {
    (actors(), select(Method::ALL.to_vec()))
        .prop_map(move |(by, method)| Provenance::new(by, at, method))
        .boxed()
}

fn placeholder() -> BoxedStrategy<String> {
    select(&["TBD", "", "  ", "n/a", "unknown", "???"][..])
        .prop_map(str::to_owned)
        .boxed()
}

/// Fit evidence of `flavour`, recorded at `at`: a profile with facts when substantive,
/// none when hollow.
pub fn fit(flavour: Flavour, at: Timestamp) -> BoxedStrategy<Option<Fit>> {
    fit_from(flavour, at, substantive_profiles())
}

/// Fit evidence of `flavour` recorded at `at`, its profile from `profiles` when
/// substantive.
pub fn fit_from(
    flavour: Flavour,
    at: Timestamp,
    profiles: BoxedStrategy<Profile>,
) -> BoxedStrategy<Option<Fit>> {
    match flavour {
        Flavour::Absent => Just(None).boxed(),
        Flavour::Hollow => provenance(at)
            .prop_map(|provenance| {
                Some(Fit {
                    profile: Profile::default(),
                    provenance,
                })
            })
            .boxed(),
        Flavour::Substantive => (profiles, provenance(at))
            .prop_map(|(profile, provenance)| Some(Fit { profile, provenance }))
            .boxed(),
    }
}

/// Need evidence of `flavour`, recorded at `at`.
pub fn need(flavour: Flavour, at: Timestamp) -> BoxedStrategy<Option<Need>> {
    let problems = select(
        &[
            "month-end close takes 9 days",
            "churn in the first 90 days",
            "manual invoicing errors",
        ][..],
    )
    .prop_map(str::to_owned)
    .boxed();
    let problem = match flavour {
        Flavour::Absent => return Just(None).boxed(),
        Flavour::Hollow => placeholder(),
        Flavour::Substantive => problems,
    };
    (problem, provenance(at))
        .prop_map(|(problem, provenance)| Some(Need { problem, provenance }))
        .boxed()
}

/// Budget evidence of `flavour` in `currency`, recorded at `at`: approved or sought for
/// an amount above zero when substantive (approved for an amount unknown and sought
/// without an amount too), approved for zero when hollow.
pub fn budget(flavour: Flavour, currency: Currency, at: Timestamp) -> BoxedStrategy<Option<Budget>> {
    let status = match flavour {
        Flavour::Absent => return Just(None).boxed(),
        Flavour::Hollow => Money::new(0.into(), currency)
            .map(|amount| Just(BudgetStatus::Approved { amount }).boxed())
            .unwrap_or_else(|_| Just(BudgetStatus::Sought { amount: None }).boxed()),
        Flavour::Substantive => prop_oneof![
            3 => money(currency).prop_map(|amount| BudgetStatus::Approved { amount }),
            1 => Just(BudgetStatus::ApprovedAmountUnknown { currency }),
            1 => money(currency).prop_map(|amount| BudgetStatus::Sought { amount: Some(amount) }),
            1 => Just(BudgetStatus::Sought { amount: None }),
        ]
        .boxed(),
    };
    (status, provenance(at))
        .prop_map(|(status, provenance)| Some(Budget { status, provenance }))
        .boxed()
}

/// Authority evidence of `flavour`, recorded at `at`.
pub fn authority(flavour: Flavour, at: Timestamp) -> BoxedStrategy<Option<Authority>> {
    let person = match flavour {
        Flavour::Absent => return Just(None).boxed(),
        Flavour::Hollow => placeholder(),
        Flavour::Substantive => select(&["CFO", "Head of Finance", "Dana Reyes, COO"][..])
            .prop_map(str::to_owned)
            .boxed(),
    };
    (person, select(Access::ALL.to_vec()), provenance(at))
        .prop_map(|(person, access, provenance)| {
            Some(Authority {
                person,
                access,
                provenance,
            })
        })
        .boxed()
}

/// Timeline evidence of `flavour`, recorded at `at`: a decision from one day to a year
/// after `at` when substantive, at `at` or up to a month before it when hollow.
pub fn timeline(flavour: Flavour, at: Timestamp) -> BoxedStrategy<Option<Timeline>> {
    let decide_by = match flavour {
        Flavour::Absent => return Just(None).boxed(),
        Flavour::Hollow => (0..=30 * DAY).prop_map(move |s| shifted(at, -s)).boxed(),
        Flavour::Substantive => (DAY..=365 * DAY).prop_map(move |s| shifted(at, s)).boxed(),
    };
    (decide_by, provenance(at))
        .prop_map(|(decide_by, provenance)| {
            Some(Timeline {
                decide_by,
                provenance,
            })
        })
        .boxed()
}

/// Checklists of evidence recorded at `at`, budgets in `currency`, each piece of any
/// flavour; shrinks toward the empty checklist.
pub fn checklists(at: Timestamp, currency: Currency) -> BoxedStrategy<Checklist> {
    (flavours(), flavours(), flavours(), flavours())
        .prop_flat_map(move |(n, b, a, t)| checklist(n, b, a, t, at, currency))
        .boxed()
}

/// A checklist with each piece of the flavour given: need, budget, authority, timeline.
pub fn checklist(
    need_flavour: Flavour,
    budget_flavour: Flavour,
    authority_flavour: Flavour,
    timeline_flavour: Flavour,
    at: Timestamp,
    currency: Currency,
) -> BoxedStrategy<Checklist> {
    (
        need(need_flavour, at),
        budget(budget_flavour, currency, at),
        authority(authority_flavour, at),
        timeline(timeline_flavour, at),
    )
        .prop_map(|(need, budget, authority, timeline)| Checklist {
            need,
            budget,
            authority,
            timeline,
        })
        .boxed()
}

//! Every transition of every state, accepted and refused.
//!
//! A refusal must hand its input back unchanged (`into_input() == before`) and list every
//! unmet requirement; each refusal's full message is pinned.

// The closures handed to `refuse` return the transitions' own `Result`, whose `Err` side
// holds the input by design (DESIGN.md), as `src/lib.rs` allows too.
#![allow(clippy::result_large_err)]

mod util;

use qualify::{
    Access, Action, Actor, Authority, Budget, BudgetStatus, Checklist, Contact, Discovery, Disqualified,
    Event, EvidenceKind, Fit, FitBasis, Hollow, Lead, Lost, Method, Opportunity, Policy, Probability,
    Profile, Prospect, Provenance, Record, Seniority, Signal, SignalKind, Source, Stage, Tier, Timeline,
    Timestamp, Triage, Unmet, Value, Won,
};
use util::*;

fn policy() -> Policy {
    Policy::default()
}

const VERSION: &str = "qualify-default-2026-12";

fn missing(evidence: EvidenceKind) -> Unmet {
    Unmet::Missing { evidence }
}

fn prob(text: &str) -> Probability {
    Probability::new(dec(text)).unwrap()
}

fn below(probability: &str) -> Unmet {
    Unmet::ProbabilityBelowThreshold {
        probability: prob(probability),
        threshold: prob("0.75"),
    }
}

/// Fit evidence for `profile` recorded with `provenance`.
fn fit_with(profile: Profile, provenance: Provenance) -> Fit {
    Fit { profile, provenance }
}

fn lead_with(fit: Fit) -> Lead {
    let mut lead = new_lead();
    lead.record_fit(fit);
    lead
}

fn competitor(mut profile: Profile) -> Profile {
    profile.custom.insert("competitor".into(), Value::Bool(true));
    profile
}

/// The transition events of a history as `(from, to)` pairs.
fn moves(entries: &[Event]) -> Vec<(Stage, Stage)> {
    entries
        .iter()
        .filter_map(Event::transition)
        .map(|t| (t.from, t.to))
        .collect()
}

/// A transition event, flattened for comparison: from, to, at, by, why, policy.
#[derive(Debug, PartialEq)]
struct Entry {
    from: Stage,
    to: Stage,
    at: Timestamp,
    by: Actor,
    why: String,
    policy: Option<String>,
}

/// A transition event as an [`Entry`]; panics on any other event.
#[track_caller]
fn entry(e: &Event) -> Entry {
    let t = e.transition().expect("a transition event");
    Entry {
        from: t.from,
        to: t.to,
        at: e.at,
        by: e.by.clone(),
        why: e.why.clone(),
        policy: e.policy.clone(),
    }
}

/// Every event of a history as an [`Entry`].
#[track_caller]
fn entries(h: &qualify::History) -> Vec<Entry> {
    h.entries().iter().map(entry).collect()
}

/// The last event of a history as an [`Entry`].
#[track_caller]
fn last_entry(h: &qualify::History) -> Option<Entry> {
    h.last().map(entry)
}

/// Checks that a history is a chain of legal moves from a lead, ending in `stage`.
#[track_caller]
fn assert_legal_chain(entries: &[Event], stage: Stage) {
    let mut at = Stage::Lead;
    for e in entries {
        let t = e.transition().expect("a transition event");
        assert_eq!(t.from, at, "{e}");
        assert!(t.from.can_move_to(t.to), "{e}");
        at = t.to;
    }
    assert_eq!(at, stage);
}

// ---------------------------------------------------------------------------------------
// Lead
// ---------------------------------------------------------------------------------------

#[test]
fn lead_new_starts_unassessed_with_an_empty_history() {
    let lead = Lead::builder(
        id("00Q5g00000ABCDe"),
        Contact::new("Ada Park", "ada@northwind.example"),
        Source::Referral,
        ts("2026-11-20T10:00:00Z"),
    )
    .company("Northwind")
    .owner("sdr-7")
    .build();
    assert_eq!(lead.id().as_str(), "00Q5g00000ABCDe");
    assert_eq!(lead.owner(), Some(&Actor::new("sdr-7")));
    assert_eq!(lead.contact(), &Contact::new("Ada Park", "ada@northwind.example"));
    assert_eq!(lead.company(), Some("Northwind"));
    assert_eq!(lead.source(), &Source::Referral);
    assert_eq!(lead.captured_at(), ts("2026-11-20T10:00:00Z"));
    assert_eq!(lead.stage(), Stage::Lead);
    assert!(lead.fit().is_none());
    assert!(lead.signals().is_empty());
    assert_eq!(lead.evidence(), &Checklist::default());
    assert!(lead.history().is_empty());
    assert_eq!(lead.history().len(), 0);
    assert_eq!(lead.history().stage(), Stage::Lead);
    assert!(lead.history().last().is_none());

    let anonymous = Lead::builder(
        id("queue-1"),
        Contact::default(),
        Source::Other("podcast".into()),
        now(),
    )
    .build();
    assert_eq!(anonymous.company(), None);
    assert_eq!(anonymous.owner(), None, "unassigned until handed off");
    assert_eq!(anonymous.contact().email, None);
    assert_eq!(anonymous.source(), &Source::Other("podcast".into()));
}

#[test]
fn lead_record_fit_replaces_and_record_signal_appends() {
    let mut lead = new_lead();
    lead.record_fit(fit(Profile::default()));
    lead.record_fit(fit(good_profile()));
    assert_eq!(lead.fit(), Some(&fit(good_profile())));

    let first = Signal::new(SignalKind::ContentDownload, ts("2026-11-21T08:00:00Z"));
    let second = Signal::new(
        SignalKind::Custom("podcast_mention".into()),
        ts("2026-11-22T08:00:00Z"),
    );
    lead.record_signal(first.clone()).unwrap();
    lead.record_signal(second.clone()).unwrap();
    assert_eq!(lead.signals(), [first, second]);

    lead.evidence_mut().need = full_checklist().need;
    assert_eq!(lead.evidence().need, full_checklist().need);
    assert_eq!(lead.evidence().budget, None);
}

#[test]
fn lead_assess_scores_fit_and_engagement() {
    let empty = new_lead().assess(&policy(), now());
    assert_eq!(empty.fit_score(), dec("0"));
    assert_eq!(empty.criteria_met(), 0);
    assert!(!empty.fit_passed());
    assert!(!empty.qualifies());
    assert_eq!(empty.engagement_score(), dec("0"));
    assert_eq!(empty.tier(), None);

    let mut lead = lead_with_fit(good_profile());
    lead.record_signal(Signal::new(SignalKind::DemoRequest, now()))
        .unwrap();
    let a = lead.assess(&policy(), now());
    assert_eq!(a.fit_score(), dec("75"));
    assert_eq!(a.criteria_met(), 4);
    assert_eq!(a.knockouts_hit(), 0);
    assert!(a.qualifies());
    assert_eq!(a.engagement_score(), dec("200"));
    assert_eq!(a.tier(), Some(Tier::Sql));
}

#[test]
fn lead_qualify_succeeds_with_current_passing_fit() {
    let mut lead = lead_with_fit(good_profile());
    let signal = Signal::new(SignalKind::WebinarAttended, ts("2026-11-24T15:00:00Z"));
    lead.record_signal(signal.clone()).unwrap();
    lead.evidence_mut().need = full_checklist().need;
    let at = ts("2026-11-26T12:00:00Z");

    let prospect = lead.qualify(&policy(), at, &Actor::new("sdr-7")).unwrap();
    assert_eq!(prospect.stage(), Stage::Prospect);
    assert_eq!(prospect.fit().as_fit(), Some(&fit(good_profile())));
    assert_eq!(prospect.signals(), [signal]);
    assert_eq!(
        prospect.evidence().need,
        full_checklist().need,
        "early evidence is kept"
    );
    assert_eq!(prospect.contact(), new_lead().contact());
    assert_eq!(prospect.company(), Some("Northwind"));
    assert_eq!(prospect.source(), &Source::Form);
    assert_eq!(prospect.captured_at(), ts("2026-11-20T10:00:00Z"));
    assert_eq!(
        entries(prospect.history()),
        [Entry {
            from: Stage::Lead,
            to: Stage::Prospect,
            at,
            by: Actor::new("sdr-7"),
            why: "fit confirmed: score 75, 4 criteria met".into(),
            policy: Some(VERSION.into()),
        }]
    );
}

#[test]
fn lead_qualify_without_fit_is_refused() {
    let err = refuse(new_lead(), |l| l.qualify(&policy(), now(), &rep()));
    assert_eq!(err.action(), Action::Qualify);
    assert_eq!(err.unmet(), [missing(EvidenceKind::Fit)]);
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: no fit evidence"
    );
    assert!(err.fit_explanation().is_none(), "nothing was scored");
    assert!(err.probability_explanation().is_none());
}

#[test]
fn lead_qualify_short_fit_names_score_and_count_and_explains_why() {
    let profile = Profile::new().employees(400).industry("Retail").country("DE");
    let mut lead = lead_with_fit(profile.clone());
    let signals = [Signal::new(SignalKind::PricingPageVisit, now())];
    lead.record_signal(signals[0].clone()).unwrap();

    let err = refuse(lead, |l| l.qualify(&policy(), now(), &rep()));
    assert_eq!(
        err.unmet(),
        [
            Unmet::RequiredCriterion {
                name: "enterprise headcount".into()
            },
            Unmet::FitScoreBelow {
                score: dec("10"),
                min_score: dec("60"),
            },
            Unmet::TooFewCriteriaMet { met: 1, min_met: 3 },
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: required criterion \"enterprise headcount\" not met; \
         fit score 10 is below the required 60; 1 fit criteria met, fewer than the required 3"
    );

    let explanation = err.fit_explanation().expect("a refused qualify explains the fit");
    assert_eq!(explanation, &policy().explain(&profile, &signals, now()));
    assert_eq!(explanation.policy, VERSION);
    assert_eq!(explanation.now, now());
    assert!(!explanation.qualifies);
    assert!(!explanation.fit.passed);
    assert_eq!(explanation.fit.score, dec("10"));
    assert_eq!(explanation.fit.met, 1);
    let met: Vec<(&str, bool)> = explanation.fit.criteria().map(|c| (c.name, c.met)).collect();
    assert_eq!(
        met,
        [
            ("enterprise headcount", false),
            ("target industry", false),
            ("revenue over 50 million", false),
            ("buying seniority", false),
            ("served market", true),
            ("known job title", false),
        ]
    );
    // A fresh look at the pricing page asks about the offer: an MQL, whatever the fit.
    assert_eq!(explanation.engagement.score, dec("40"));
    assert_eq!(explanation.engagement.tier, Some(qualify::Tier::Mql));
}

#[test]
fn lead_qualify_refuses_a_small_company_that_meets_every_other_criterion() {
    let company = |employees| {
        let mut profile = Profile::new()
            .annual_revenue(dec("60000000"))
            .industry("software")
            .country("US")
            .job_title("CTO")
            .seniority(Seniority::CLevel);
        profile.employees = employees;
        profile
    };
    // 10 is the smallest size the knockout lets through; an unknown size is no better.
    for employees in [Some(10), Some(40), Some(999), None] {
        let lead = lead_with_fit(company(employees));
        let a = lead.assess(&policy(), now());
        // 20 + 15 + 15 + 10 + 10: the score and the count pass, and no knockout hits...
        assert_eq!(
            (a.fit_score(), a.criteria_met(), a.knockouts_hit()),
            (dec("70"), 5, 0),
            "{employees:?}"
        );
        // ...but the required headcount is not met, so fit fails.
        assert!(!a.fit_passed());
        assert!(!a.qualifies());
        let err = refuse(lead.clone(), |l| l.qualify(&policy(), now(), &rep()));
        assert_eq!(
            err.unmet(),
            [Unmet::RequiredCriterion {
                name: "enterprise headcount".into()
            }]
        );
        assert_eq!(
            err.to_string(),
            "cannot qualify lead as prospect: required criterion \"enterprise headcount\" not met"
        );
        let why = err.fit_explanation().expect("the fit is explained");
        let headcount = why.fit.criteria().next().expect("the first criterion");
        assert_eq!(
            (headcount.name, headcount.required, headcount.met),
            ("enterprise headcount", true, false)
        );
        // Triage leaves it a lead: no fit today, but nothing that disqualifies it.
        let Triage::Undecided(err) = lead.clone().triage(&policy(), now(), &rep()) else {
            panic!("an unmet required criterion without a knockout is undecided");
        };
        assert_eq!(err.into_input(), lead);
    }

    // At 1,000 employees the same company qualifies.
    let Triage::Prospect(prospect) = lead_with_fit(company(Some(1_000))).triage(&policy(), now(), &rep())
    else {
        panic!("an enterprise that meets every criterion triages to a prospect");
    };
    assert_eq!(
        prospect.history().entries()[0].why,
        "fit confirmed: score 100, 6 criteria met"
    );
    // Under 10 the knockout hits as well, and triage disqualifies on it.
    let Triage::Disqualified(d) = lead_with_fit(company(Some(9))).triage(&policy(), now(), &rep()) else {
        panic!("a company under 10 employees triages to disqualified");
    };
    assert_eq!(d.reason().as_str(), "knockout: company under 10 employees");
}

#[test]
fn lead_qualify_refuses_fit_recorded_after_now() {
    let provenance = Provenance::new(rep(), ts("2026-11-25T09:00:01Z"), Method::Enrichment);
    let err = refuse(lead_with(fit_with(good_profile(), provenance)), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(
        err.unmet(),
        [Unmet::RecordedAfterNow {
            evidence: EvidenceKind::Fit,
            recorded_at: ts("2026-11-25T09:00:01Z"),
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit evidence is recorded at 2026-11-25T09:00:01Z, after now"
    );
}

#[test]
fn lead_qualify_refuses_expired_fit_and_valid_until_is_inclusive() {
    let until_now = said(now()).valid_until(now());
    assert!(
        lead_with(fit_with(good_profile(), until_now))
            .qualify(&policy(), now(), &rep())
            .is_ok(),
        "evidence holds through its valid_until"
    );

    let lapsed = said(now()).valid_until(ts("2026-11-25T08:59:59Z"));
    let err = refuse(lead_with(fit_with(good_profile(), lapsed)), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(
        err.unmet(),
        [Unmet::Expired {
            evidence: EvidenceKind::Fit,
            valid_until: ts("2026-11-25T08:59:59Z"),
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit evidence expired at 2026-11-25T08:59:59Z"
    );
}

#[test]
fn lead_qualify_refuses_fit_older_than_max_age_days() {
    assert_eq!(policy().spec().evidence.max_age_days, Some(180));
    let limit = now().checked_sub_days(180).unwrap();
    assert_eq!(limit, ts("2026-05-29T09:00:00Z"));
    assert!(
        lead_with(fit_with(good_profile(), said(limit)))
            .qualify(&policy(), now(), &rep())
            .is_ok(),
        "exactly 180 days old is not stale"
    );

    let older = ts("2026-05-29T08:59:59Z");
    let err = refuse(lead_with(fit_with(good_profile(), said(older))), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(
        err.unmet(),
        [Unmet::Stale {
            evidence: EvidenceKind::Fit,
            recorded_at: older,
            max_age_days: 180,
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit evidence recorded at 2026-05-29T08:59:59Z \
         is older than 180 days"
    );
}

#[test]
fn lead_qualify_refuses_a_knockout_even_with_a_passing_score() {
    let profile = competitor(good_profile());
    let err = refuse(lead_with_fit(profile), |l| l.qualify(&policy(), now(), &rep()));
    assert_eq!(
        err.unmet(),
        [Unmet::Knockout {
            name: "competitor".into()
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: knockout \"competitor\" hit"
    );
    let explanation = err.fit_explanation().expect("the fit was scored");
    assert!(explanation.fit.passed, "the score alone passes");
    assert!(!explanation.qualifies);
    let hits: Vec<&str> = explanation
        .fit
        .knockouts()
        .filter(|k| k.hit)
        .map(|k| k.name)
        .collect();
    assert_eq!(hits, ["competitor"]);
}

#[test]
fn lead_qualify_lists_every_problem_at_once() {
    let mut profile = competitor(Profile::new().employees(5).seniority(Seniority::Student));
    profile.custom.insert("spam".into(), Value::Bool(false));
    let provenance = said(ts("2026-01-01T00:00:00Z")).valid_until(ts("2026-02-01T00:00:00Z"));
    let err = refuse(lead_with(fit_with(profile, provenance)), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(
        err.unmet(),
        [
            Unmet::Expired {
                evidence: EvidenceKind::Fit,
                valid_until: ts("2026-02-01T00:00:00Z"),
            },
            Unmet::Stale {
                evidence: EvidenceKind::Fit,
                recorded_at: ts("2026-01-01T00:00:00Z"),
                max_age_days: 180,
            },
            Unmet::Knockout {
                name: "competitor".into()
            },
            Unmet::Knockout {
                name: "student".into()
            },
            Unmet::Knockout {
                name: "company under 10 employees".into()
            },
            Unmet::RequiredCriterion {
                name: "enterprise headcount".into()
            },
            Unmet::FitScoreBelow {
                score: dec("0"),
                min_score: dec("60"),
            },
            Unmet::TooFewCriteriaMet { met: 0, min_met: 3 },
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: \
         fit evidence expired at 2026-02-01T00:00:00Z; \
         fit evidence recorded at 2026-01-01T00:00:00Z is older than 180 days; \
         knockout \"competitor\" hit; \
         knockout \"student\" hit; \
         knockout \"company under 10 employees\" hit; \
         required criterion \"enterprise headcount\" not met; \
         fit score 0 is below the required 60; \
         0 fit criteria met, fewer than the required 3"
    );
    assert!(err.fit_explanation().is_some());

    // Recorded after now and expired before it: both are named.
    let provenance = said(ts("2026-11-26T00:00:00Z")).valid_until(ts("2026-11-24T00:00:00Z"));
    let err = refuse(lead_with(fit_with(good_profile(), provenance)), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: \
         fit evidence is recorded at 2026-11-26T00:00:00Z, after now; \
         fit evidence expired at 2026-11-24T00:00:00Z"
    );
}

#[test]
fn lead_triage_makes_a_prospect_when_fit_passes() {
    let Triage::Prospect(prospect) = lead_with_fit(good_profile()).triage(&policy(), now(), &rep()) else {
        panic!("a good fit triages to a prospect");
    };
    assert_eq!(prospect, prospect_with(Checklist::default()));
}

#[test]
fn lead_triage_disqualifies_a_competitor_naming_the_knockout() {
    let lead = lead_with_fit(competitor(good_profile()));
    let Triage::Disqualified(d) = lead.clone().triage(&policy(), now(), &rep()) else {
        panic!("a competitor triages to disqualified");
    };
    assert_eq!(d.stage(), Stage::Disqualified);
    assert_eq!(d.reason().as_str(), "knockout: competitor");
    assert_eq!(
        d.fit().and_then(FitBasis::as_fit),
        lead.fit(),
        "the evidence is kept"
    );
    let last = d.history().last().unwrap();
    assert_eq!(
        {
            let t = last.transition().unwrap();
            (t.from, t.to)
        },
        (Stage::Lead, Stage::Disqualified)
    );
    assert_eq!(last.why, "knockout: competitor");
    assert_eq!(last.at, now());
    assert_eq!(last.by, rep());
    assert_eq!(
        last.policy.as_deref(),
        Some(VERSION),
        "the knockouts are the policy's, so the entry names it"
    );

    let mut spam = competitor(good_profile());
    spam.custom.insert("spam".into(), Value::Bool(true));
    let Triage::Disqualified(d) = lead_with_fit(spam).triage(&policy(), now(), &rep()) else {
        panic!("two knockouts triage to disqualified");
    };
    assert_eq!(d.reason().as_str(), "knockout: competitor, spam");
}

#[test]
fn lead_triage_leaves_a_lead_undecided_without_a_knockout() {
    let Triage::Undecided(err) = new_lead().triage(&policy(), now(), &rep()) else {
        panic!("no fit is undecided");
    };
    assert_eq!(err.into_input(), new_lead());

    let short = lead_with_fit(Profile::new().employees(400));
    let Triage::Undecided(err) = short.clone().triage(&policy(), now(), &rep()) else {
        panic!("a short fit is undecided");
    };
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: required criterion \"enterprise headcount\" not met; \
         fit score 0 is below the required 60; 0 fit criteria met, fewer than the required 3"
    );
    assert_eq!(err.into_input(), short);
}

#[test]
fn lead_triage_does_not_disqualify_on_a_knockout_in_stale_evidence() {
    // A competitor flag recorded 200 days ago proves nothing today: the lead stays a lead,
    // with both the staleness and the knockout listed.
    let old = ts("2026-05-09T09:00:00Z");
    let lead = lead_with(fit_with(competitor(good_profile()), said(old)));
    let Triage::Undecided(err) = lead.clone().triage(&policy(), now(), &rep()) else {
        panic!("a knockout on stale evidence is undecided");
    };
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit evidence recorded at 2026-05-09T09:00:00Z \
         is older than 180 days; knockout \"competitor\" hit"
    );
    assert_eq!(err.into_input(), lead);
}

#[test]
fn lead_qualify_explains_the_score_even_when_only_freshness_fails() {
    let old = ts("2026-05-09T09:00:00Z");
    let err = refuse(lead_with(fit_with(good_profile(), said(old))), |l| {
        l.qualify(&policy(), now(), &rep())
    });
    assert_eq!(err.unmet().len(), 1, "only the staleness is unmet: {err}");
    let explanation = err
        .fit_explanation()
        .expect("fit evidence exists, so it is explained");
    assert!(explanation.qualifies, "the score itself would pass");
    assert_eq!(explanation.fit.score, dec("75"));
}

#[test]
fn lead_disqualify_keeps_evidence_and_records_the_reason() {
    let mut lead = lead_with_fit(Profile::default());
    lead.evidence_mut().timeline = full_checklist().timeline;
    let d = lead
        .clone()
        .disqualify(
            reason("student project"),
            ts("2026-11-26T00:00:00Z"),
            &Actor::new("sdr-2"),
        )
        .unwrap();
    assert_eq!(d.stage(), Stage::Disqualified);
    assert_eq!(d.reason(), &reason("student project"));
    assert_eq!(d.fit().and_then(FitBasis::as_fit), lead.fit());
    assert_eq!(d.evidence(), lead.evidence());
    assert_eq!(d.contact(), lead.contact());
    assert_eq!(
        entries(d.history()),
        [Entry {
            from: Stage::Lead,
            to: Stage::Disqualified,
            at: ts("2026-11-26T00:00:00Z"),
            by: Actor::new("sdr-2"),
            why: "student project".into(),
            policy: None,
        }]
    );

    let bare = new_lead().disqualify(reason("spam bot"), now(), &rep()).unwrap();
    assert_eq!(bare.fit(), None);
}

// ---------------------------------------------------------------------------------------
// Prospect
// ---------------------------------------------------------------------------------------

#[test]
fn prospect_records_signals_and_assesses() {
    let mut p = prospect();
    assert_eq!(p.assess(&policy(), now()).tier(), None);
    p.record_signal(Signal::new(SignalKind::ContactSales, now()))
        .unwrap();
    assert_eq!(p.signals().len(), 1);
    let a = p.assess(&policy(), now());
    assert_eq!(a.fit_score(), dec("75"));
    assert_eq!(a.engagement_score(), dec("60"));
    assert_eq!(a.tier(), Some(Tier::Mql));
}

#[test]
fn prospect_promote_succeeds_with_all_four_and_records_the_probability() {
    let at = ts("2026-11-27T10:00:00Z");
    let opp = prospect_with(full_checklist())
        .promote(&policy(), at, &Actor::new("ae-1"))
        .unwrap();
    assert_eq!(opp.stage(), Stage::Opportunity);
    assert_eq!(opp.probability(), prob("0.95"));
    assert_eq!(opp.fit().as_fit(), Some(&fit(good_profile())));
    assert_eq!(Checklist::from(opp.bant().clone()), full_checklist());
    assert_eq!(opp.history().len(), 2);
    assert_eq!(
        last_entry(opp.history()),
        Some(Entry {
            from: Stage::Prospect,
            to: Stage::Opportunity,
            at,
            by: Actor::new("ae-1"),
            why: "need, budget, authority and timeline confirmed; close probability 0.95".into(),
            policy: Some(VERSION.into()),
        })
    );
}

#[test]
fn prospect_promote_with_an_empty_checklist_lists_four_missing_and_the_probability() {
    let err = refuse(prospect(), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(err.action(), Action::Promote);
    assert_eq!(
        err.unmet(),
        [
            missing(EvidenceKind::Need),
            missing(EvidenceKind::Budget),
            missing(EvidenceKind::Authority),
            missing(EvidenceKind::Timeline),
            below("0.5"),
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: no need evidence; no budget evidence; \
         no authority evidence; no timeline evidence; \
         close probability 0.5 is below the opportunity threshold 0.75"
    );
    let estimate = err
        .probability_explanation()
        .expect("a refused promote explains the estimate");
    assert_eq!(estimate.probability, prob("0.5"));
    assert_eq!(estimate.threshold, prob("0.75"));
    assert!(!estimate.meets);
    assert!(estimate.adjustments.is_empty());
    assert!(err.fit_explanation().is_none());
}

#[test]
fn prospect_promote_refuses_a_blank_need() {
    let mut evidence = full_checklist();
    evidence.need.as_mut().unwrap().problem = " \t\n".into();
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.unmet(),
        [Unmet::Hollow(Hollow::Blank {
            evidence: EvidenceKind::Need,
            field: "problem",
        })]
    );
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: need problem is blank"
    );
}

#[test]
fn prospect_promote_refuses_a_passed_decision_date() {
    let mut evidence = full_checklist();
    evidence.timeline.as_mut().unwrap().decide_by = ts("2026-10-01T00:00:00Z");
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    // Without a current timeline the estimate is 0.5 + 0.2 + 0.15: still above the line.
    assert_eq!(
        err.unmet(),
        [Unmet::Hollow(Hollow::DecisionNotAhead {
            decide_by: ts("2026-10-01T00:00:00Z"),
            at: now(),
        })]
    );
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: timeline decision date 2026-10-01T00:00:00Z \
         is not after 2026-11-25T09:00:00Z"
    );
    assert_eq!(err.probability_explanation().unwrap().probability, prob("0.85"));

    // A decision date of exactly now is not ahead either; one second later is.
    let mut evidence = full_checklist();
    evidence.timeline.as_mut().unwrap().decide_by = now();
    assert!(
        prospect_with(evidence.clone())
            .promote(&policy(), now(), &rep())
            .is_err()
    );
    evidence.timeline.as_mut().unwrap().decide_by =
        Timestamp::from_unix_seconds(now().as_unix_seconds() + 1).unwrap();
    assert!(prospect_with(evidence).promote(&policy(), now(), &rep()).is_ok());
}

#[test]
fn prospect_promote_refuses_a_probability_below_the_line() {
    let mut evidence = full_checklist();
    evidence.budget.as_mut().unwrap().status = BudgetStatus::Sought { amount: None };
    evidence.authority.as_mut().unwrap().access = Access::Champion;
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(err.unmet(), [below("0.7")]);
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: close probability 0.7 is below the opportunity threshold 0.75"
    );
    assert_eq!(
        err.probability_explanation().unwrap().to_string(),
        "close probability 0.7 is below threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.05 budget sought\n  \
         +0.05 champion engaged\n  \
         +0.1 decision date near"
    );
}

#[test]
fn prospect_promote_refuses_evidence_that_is_not_current() {
    // Budget recorded after now counts for nothing, yet 0.5 + 0.15 + 0.1 still meets 0.75:
    // the refusal names only the budget.
    let mut evidence = full_checklist();
    evidence.budget.as_mut().unwrap().provenance = said(ts("2026-11-25T10:00:00Z"));
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: \
         budget evidence is recorded at 2026-11-25T10:00:00Z, after now"
    );

    let mut evidence = full_checklist();
    evidence.authority.as_mut().unwrap().provenance = said(now()).valid_until(ts("2026-11-24T00:00:00Z"));
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.unmet(),
        [Unmet::Expired {
            evidence: EvidenceKind::Authority,
            valid_until: ts("2026-11-24T00:00:00Z"),
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: authority evidence expired at 2026-11-24T00:00:00Z"
    );

    let mut evidence = full_checklist();
    evidence.need.as_mut().unwrap().provenance = said(ts("2026-03-01T00:00:00Z"));
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: \
         need evidence recorded at 2026-03-01T00:00:00Z is older than 180 days"
    );
}

#[test]
fn prospect_promote_lists_every_problem_at_once() {
    let mut evidence = full_checklist();
    evidence.need.as_mut().unwrap().problem = String::new();
    evidence.budget.as_mut().unwrap().provenance = said(ts("2026-01-01T00:00:00Z"));
    evidence.authority.as_mut().unwrap().provenance = said(now()).valid_until(ts("2026-11-01T00:00:00Z"));
    evidence.timeline = Some(Timeline {
        decide_by: ts("2026-11-20T00:00:00Z"),
        provenance: said(ts("2026-11-30T00:00:00Z")),
    });
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: \
         need problem is blank; \
         budget evidence recorded at 2026-01-01T00:00:00Z is older than 180 days; \
         authority evidence expired at 2026-11-01T00:00:00Z; \
         timeline evidence is recorded at 2026-11-30T00:00:00Z, after now; \
         timeline decision date 2026-11-20T00:00:00Z is not after 2026-11-25T09:00:00Z; \
         close probability 0.5 is below the opportunity threshold 0.75"
    );
    assert_eq!(err.unmet().len(), 6);
}

#[test]
fn prospect_close_probability_explains_the_estimate() {
    let full = prospect_with(full_checklist()).close_probability(&policy(), now());
    assert_eq!(full.probability, prob("0.95"));
    assert!(full.meets);
    assert_eq!(full.policy, VERSION);
    assert_eq!(
        full.to_string(),
        "close probability 0.95 meets threshold 0.75 (policy qualify-default-2026-12)\n  \
         base 0.5\n  \
         +0.2 budget approved\n  \
         +0.15 decision maker engaged\n  \
         +0.1 decision date near"
    );

    let empty = prospect().close_probability(&policy(), now());
    assert_eq!(
        empty.to_string(),
        "close probability 0.5 is below threshold 0.75 (policy qualify-default-2026-12)\n  base 0.5"
    );
}

#[test]
fn prospect_open_discovery_is_refused_when_staged_mode_is_off() {
    assert!(!policy().staged());
    let err = refuse(prospect_with(full_checklist()), |p| {
        p.open_discovery(&policy(), now(), &rep())
    });
    assert_eq!(err.action(), Action::OpenDiscovery);
    assert_eq!(err.unmet(), [Unmet::StagedModeOff]);
    assert_eq!(
        err.to_string(),
        "cannot open discovery opportunity: the policy's staged mode is off"
    );

    let err = refuse(prospect(), |p| p.open_discovery(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot open discovery opportunity: the policy's staged mode is off; \
         no need evidence; no timeline evidence"
    );
}

#[test]
fn prospect_open_discovery_under_staged_mode_needs_only_need_and_timeline() {
    let staged = staged_policy();
    assert!(staged.staged());
    let at = ts("2026-11-25T11:00:00Z");
    let d = prospect_with(need_and_timeline())
        .open_discovery(&staged, at, &Actor::new("ae-2"))
        .unwrap();
    assert_eq!(d.stage(), Stage::Discovery);
    assert_eq!(d.stage().label(), "Stage 1: Discovery");
    assert_eq!(Some(d.need()), need_and_timeline().need.as_ref());
    assert_eq!(Some(d.timeline()), need_and_timeline().timeline.as_ref());
    assert_eq!(d.budget(), None);
    assert_eq!(d.authority(), None);
    assert_eq!(d.fit().as_fit(), Some(&fit(good_profile())));
    assert_eq!(
        d.probability(),
        prob("0.6"),
        "0.5 + 0.1 for a decision date within 90 days"
    );
    assert_eq!(
        last_entry(d.history()),
        Some(Entry {
            from: Stage::Prospect,
            to: Stage::Discovery,
            at,
            by: Actor::new("ae-2"),
            why: "need and timeline confirmed under staged mode; close probability 0.6".into(),
            policy: Some(VERSION.into()),
        })
    );

    // Budget and authority, when present, are carried along.
    let d = prospect_with(full_checklist())
        .open_discovery(&staged, now(), &rep())
        .unwrap();
    assert_eq!(d.budget(), full_checklist().budget.as_ref());
    assert_eq!(d.authority(), full_checklist().authority.as_ref());
    assert_eq!(d.probability(), prob("0.95"));
}

#[test]
fn prospect_open_discovery_under_staged_mode_lists_need_and_timeline_problems() {
    let err = refuse(prospect(), |p| p.open_discovery(&staged_policy(), now(), &rep()));
    assert_eq!(
        err.unmet(),
        [missing(EvidenceKind::Need), missing(EvidenceKind::Timeline)]
    );
    assert_eq!(
        err.to_string(),
        "cannot open discovery opportunity: no need evidence; no timeline evidence"
    );

    let mut evidence = need_and_timeline();
    evidence.need.as_mut().unwrap().problem = "  ".into();
    evidence.timeline.as_mut().unwrap().decide_by = ts("2026-11-01T00:00:00Z");
    let err = refuse(prospect_with(evidence), |p| {
        p.open_discovery(&staged_policy(), now(), &rep())
    });
    assert_eq!(
        err.to_string(),
        "cannot open discovery opportunity: need problem is blank; \
         timeline decision date 2026-11-01T00:00:00Z is not after 2026-11-25T09:00:00Z"
    );
    assert!(err.probability_explanation().is_some());
}

#[test]
fn prospect_disqualify_keeps_fit_and_evidence() {
    let p = prospect_with(need_and_timeline());
    let d = p
        .clone()
        .disqualify(reason("no budget this year"), now(), &rep())
        .unwrap();
    assert_eq!(d.stage(), Stage::Disqualified);
    assert_eq!(d.fit(), Some(p.fit()));
    assert_eq!(d.evidence(), p.evidence());
    assert_eq!(d.reason().as_str(), "no budget this year");
    assert_eq!(
        moves(d.history().entries()),
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Disqualified)
        ]
    );
    let last = d.history().last().unwrap();
    assert_eq!(last.why, "no budget this year");
    assert_eq!(last.policy, None);
}

// ---------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------

#[test]
fn discovery_confirm_without_budget_and_authority_is_refused() {
    let err = refuse(discovery(), |d| d.confirm(&policy(), now(), &rep()));
    assert_eq!(err.action(), Action::Confirm);
    assert_eq!(
        err.unmet(),
        [
            missing(EvidenceKind::Budget),
            missing(EvidenceKind::Authority),
            below("0.6")
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot confirm discovery as qualified opportunity: no budget evidence; \
         no authority evidence; close probability 0.6 is below the opportunity threshold 0.75"
    );
    assert_eq!(err.probability_explanation().unwrap().probability, prob("0.6"));
}

#[test]
fn discovery_confirm_requires_both_budget_and_authority() {
    let mut d = discovery();
    d.record_budget(full_checklist().budget.unwrap());
    // 0.5 + 0.2 + 0.1 meets the line, but authority is still missing.
    let err = refuse(d, |d| d.confirm(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot confirm discovery as qualified opportunity: no authority evidence"
    );

    let mut d = discovery();
    d.record_authority(full_checklist().authority.unwrap());
    let err = refuse(d, |d| d.confirm(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot confirm discovery as qualified opportunity: no budget evidence"
    );

    let mut d = discovery();
    d.record_budget(Budget {
        status: BudgetStatus::Sought {
            amount: Some(eur("40000")),
        },
        provenance: said(now()),
    });
    d.record_authority(Authority {
        person: "Head of Finance".into(),
        access: Access::Champion,
        provenance: said(now()),
    });
    let err = refuse(d, |d| d.confirm(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot confirm discovery as qualified opportunity: \
         close probability 0.7 is below the opportunity threshold 0.75"
    );
}

#[test]
fn discovery_record_budget_and_authority_replace_and_confirm_qualifies() {
    let mut d = discovery();
    d.record_budget(Budget {
        status: BudgetStatus::Sought { amount: None },
        provenance: said(now()),
    });
    d.record_budget(full_checklist().budget.unwrap());
    assert_eq!(d.budget(), full_checklist().budget.as_ref());
    d.record_authority(Authority {
        person: "Controller".into(),
        access: Access::Champion,
        provenance: said(now()),
    });
    d.record_authority(full_checklist().authority.unwrap());
    assert_eq!(d.authority(), full_checklist().authority.as_ref());
    assert_eq!(d.probability(), prob("0.6"), "recorded when the discovery opened");
    assert_eq!(d.close_probability(&policy(), now()).probability, prob("0.95"));

    let at = ts("2026-12-01T09:00:00Z");
    let opp = d.confirm(&policy(), at, &Actor::new("ae-3")).unwrap();
    assert_eq!(opp.stage().label(), "Stage 2: Confirmed");
    assert_eq!(opp.probability(), prob("0.95"));
    assert_eq!(Checklist::from(opp.bant().clone()), full_checklist());
    assert_eq!(
        moves(opp.history().entries()),
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Discovery),
            (Stage::Discovery, Stage::Opportunity),
        ]
    );
    assert_eq!(
        last_entry(opp.history()),
        Some(Entry {
            from: Stage::Discovery,
            to: Stage::Opportunity,
            at,
            by: Actor::new("ae-3"),
            why: "budget and authority confirmed; close probability 0.95".into(),
            policy: Some(VERSION.into()),
        })
    );
}

#[test]
fn discovery_confirm_checks_need_and_timeline_again() {
    let mut d = discovery();
    d.record_budget(full_checklist().budget.unwrap());
    d.record_authority(full_checklist().authority.unwrap());
    // Past the decision date, the discovery can no longer be confirmed.
    let late = ts("2027-02-01T00:00:00Z");
    let err = refuse(d, |d| d.confirm(&policy(), late, &rep()));
    assert_eq!(
        err.to_string(),
        "cannot confirm discovery as qualified opportunity: \
         timeline decision date 2027-01-24T00:00:00Z is not after 2027-02-01T00:00:00Z"
    );
}

#[test]
fn discovery_lose_keeps_the_evidence_and_the_probability() {
    let d = discovery();
    let lost = d
        .clone()
        .lose(reason("went with a spreadsheet"), now(), &rep())
        .unwrap();
    assert_eq!(lost.stage(), Stage::Lost);
    assert_eq!(lost.stage().label(), "Closed: Lost");
    assert_eq!(lost.reason().as_str(), "went with a spreadsheet");
    assert_eq!(lost.evidence(), &need_and_timeline());
    assert_eq!(lost.probability(), d.probability());
    assert_eq!(lost.fit(), d.fit());
    let last = lost.history().last().unwrap();
    assert_eq!(
        {
            let t = last.transition().unwrap();
            (t.from, t.to)
        },
        (Stage::Discovery, Stage::Lost)
    );
    assert_eq!(last.why, "went with a spreadsheet");
    assert_eq!(last.policy, None);
}

#[test]
fn discovery_demote_returns_a_prospect_with_its_evidence() {
    let mut d = discovery();
    d.record_budget(full_checklist().budget.unwrap());
    let p = d.demote(reason("champion left"), now(), &rep()).unwrap();
    assert_eq!(p.stage(), Stage::Prospect);
    assert_eq!(
        p.evidence(),
        &Checklist {
            authority: None,
            ..full_checklist()
        }
    );
    assert_eq!(
        moves(p.history().entries()),
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Discovery),
            (Stage::Discovery, Stage::Prospect),
        ]
    );
    assert_eq!(p.history().last().unwrap().why, "champion left");
}

// ---------------------------------------------------------------------------------------
// Opportunity
// ---------------------------------------------------------------------------------------

#[test]
fn opportunity_win_records_the_amount() {
    let opp = opportunity();
    let won = opp
        .clone()
        .win(eur("58000.00"), ts("2026-12-20T16:00:00Z"), &Actor::new("ae-1"))
        .unwrap();
    assert_eq!(won.stage(), Stage::Won);
    assert_eq!(won.stage().label(), "Closed: Won");
    assert_eq!(won.amount(), eur("58000.00"));
    assert_eq!(won.bant(), opp.bant());
    assert_eq!(won.fit(), opp.fit());
    assert_eq!(won.probability(), opp.probability());
    assert_eq!(
        last_entry(won.history()),
        Some(Entry {
            from: Stage::Opportunity,
            to: Stage::Won,
            at: ts("2026-12-20T16:00:00Z"),
            by: Actor::new("ae-1"),
            why: "won for 58000.00 EUR".into(),
            policy: None,
        })
    );
}

#[test]
fn opportunity_win_for_zero_is_refused() {
    let err = refuse(opportunity(), |o| o.win(eur("0.00"), now(), &rep()));
    assert_eq!(err.action(), Action::Win);
    assert_eq!(err.unmet(), [Unmet::ZeroAmount]);
    assert_eq!(err.to_string(), "cannot win opportunity: won amount is zero");
    assert!(err.probability_explanation().is_none());
}

#[test]
fn opportunity_lose_keeps_all_four() {
    let opp = opportunity();
    let lost = opp
        .clone()
        .lose(reason("chose a competitor"), now(), &rep())
        .unwrap();
    assert_eq!(lost.evidence(), &full_checklist());
    assert_eq!(lost.probability(), prob("0.95"));
    assert_eq!(lost.reason().as_str(), "chose a competitor");
    assert_eq!(
        moves(lost.history().entries()),
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Opportunity),
            (Stage::Opportunity, Stage::Lost),
        ]
    );
}

#[test]
fn opportunity_demote_returns_a_prospect_that_can_be_promoted_again() {
    let p = opportunity()
        .demote(reason("budget frozen until Q2"), now(), &rep())
        .unwrap();
    assert_eq!(p.stage(), Stage::Prospect);
    assert_eq!(p.evidence(), &full_checklist());
    let last = p.history().last().unwrap();
    assert_eq!(
        {
            let t = last.transition().unwrap();
            (t.from, t.to)
        },
        (Stage::Opportunity, Stage::Prospect)
    );
    assert_eq!(last.why, "budget frozen until Q2");
    assert_eq!(last.policy, None);

    let again = p.promote(&policy(), now(), &rep()).unwrap();
    assert_eq!(again.history().len(), 4);
    assert_legal_chain(again.history().entries(), Stage::Opportunity);
}

#[test]
fn opportunity_review_finds_what_no_longer_holds() {
    let opp = opportunity();
    assert_eq!(opp.review(&policy(), now()), []);

    // Past the decision date: the timeline no longer holds, but 0.85 still meets the line.
    assert_eq!(
        opp.review(&policy(), ts("2027-02-01T00:00:00Z")),
        [Unmet::Hollow(Hollow::DecisionNotAhead {
            decide_by: ts("2027-01-24T00:00:00Z"),
            at: ts("2027-02-01T00:00:00Z"),
        })]
    );

    // Past 180 days: every piece is stale, so nothing counts toward the estimate either.
    let late = ts("2027-06-01T00:00:00Z");
    let stale = |evidence| Unmet::Stale {
        evidence,
        recorded_at: now(),
        max_age_days: 180,
    };
    assert_eq!(
        opp.review(&policy(), late),
        [
            stale(EvidenceKind::Need),
            stale(EvidenceKind::Budget),
            stale(EvidenceKind::Authority),
            stale(EvidenceKind::Timeline),
            Unmet::Hollow(Hollow::DecisionNotAhead {
                decide_by: ts("2027-01-24T00:00:00Z"),
                at: late,
            }),
            below("0.5"),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Disqualified
// ---------------------------------------------------------------------------------------

#[test]
fn disqualified_recycle_keeps_history_and_evidence_and_appends() {
    let p = prospect_with(need_and_timeline());
    let d = p
        .clone()
        .disqualify(reason("hiring freeze"), now(), &rep())
        .unwrap();
    let at = ts("2027-03-01T09:00:00Z");
    let lead = d
        .clone()
        .recycle(reason("new budget year"), at, &Actor::new("marketing-ops"))
        .unwrap();
    assert_eq!(lead.stage(), Stage::Lead);
    assert_eq!(lead.fit(), p.fit().as_fit());
    assert_eq!(lead.evidence(), p.evidence());
    assert_eq!(lead.contact(), p.contact());
    assert_eq!(lead.history().len(), 3);
    assert_eq!(lead.history().entries()[..2], d.history().entries()[..]);
    assert_eq!(
        last_entry(lead.history()),
        Some(Entry {
            from: Stage::Disqualified,
            to: Stage::Lead,
            at,
            by: Actor::new("marketing-ops"),
            why: "new budget year".into(),
            policy: None,
        })
    );
    assert_eq!(lead.history().stage(), Stage::Lead);

    // The recycled lead's fit is now stale (recorded 2026-11-25): it must be re-assessed.
    let err = refuse(lead, |l| l.qualify(&policy(), ts("2027-06-01T00:00:00Z"), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: fit evidence recorded at 2026-11-25T09:00:00Z \
         is older than 180 days"
    );
    let mut lead = err.into_input();
    lead.record_fit(fit_with(good_profile(), said(ts("2027-05-30T00:00:00Z"))));
    let again = lead
        .qualify(&policy(), ts("2027-06-01T00:00:00Z"), &rep())
        .unwrap();
    assert_eq!(
        moves(again.history().entries()),
        [
            (Stage::Lead, Stage::Prospect),
            (Stage::Prospect, Stage::Disqualified),
            (Stage::Disqualified, Stage::Lead),
            (Stage::Lead, Stage::Prospect),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// History and stages
// ---------------------------------------------------------------------------------------

#[test]
fn won_history_traces_lead_prospect_opportunity_won() {
    let sdr = Actor::new("sdr-7");
    let ae = Actor::new("ae-1");
    let prospect = lead_with_fit(good_profile())
        .qualify(&policy(), ts("2026-11-25T09:00:00Z"), &sdr)
        .unwrap();
    let mut prospect = prospect;
    *prospect.evidence_mut() = full_checklist();
    let won = prospect
        .promote(&policy(), ts("2026-11-26T14:30:00Z"), &ae)
        .unwrap()
        .win(eur("58000"), ts("2027-01-20T17:00:00Z"), &ae)
        .unwrap();
    assert_eq!(
        entries(won.history()),
        [
            Entry {
                from: Stage::Lead,
                to: Stage::Prospect,
                at: ts("2026-11-25T09:00:00Z"),
                by: sdr.clone(),
                why: "fit confirmed: score 75, 4 criteria met".into(),
                policy: Some(VERSION.into()),
            },
            Entry {
                from: Stage::Prospect,
                to: Stage::Opportunity,
                at: ts("2026-11-26T14:30:00Z"),
                by: ae.clone(),
                why: "need, budget, authority and timeline confirmed; close probability 0.95".into(),
                policy: Some(VERSION.into()),
            },
            Entry {
                from: Stage::Opportunity,
                to: Stage::Won,
                at: ts("2027-01-20T17:00:00Z"),
                by: ae.clone(),
                why: "won for 58000 EUR".into(),
                policy: None,
            },
        ]
    );
    assert_eq!(won.history().stage(), Stage::Won);
    assert_legal_chain(won.history().entries(), Stage::Won);

    let lines: Vec<String> = won.history().into_iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "2026-11-25T09:00:00Z lead -> prospect by sdr-7: fit confirmed: score 75, 4 criteria met \
             (policy qualify-default-2026-12)",
            "2026-11-26T14:30:00Z prospect -> opportunity by ae-1: need, budget, authority and timeline \
             confirmed; close probability 0.95 (policy qualify-default-2026-12)",
            "2027-01-20T17:00:00Z opportunity -> won by ae-1: won for 58000 EUR",
        ]
    );
}

#[test]
fn stage_labels_and_names() {
    let table: Vec<(Stage, &str, &str)> = Stage::ALL.iter().map(|s| (*s, s.as_str(), s.label())).collect();
    assert_eq!(
        table,
        [
            (Stage::Lead, "lead", "Lead"),
            (Stage::Prospect, "prospect", "Prospect"),
            (Stage::Discovery, "discovery", "Stage 1: Discovery"),
            (Stage::Opportunity, "opportunity", "Stage 2: Confirmed"),
            (Stage::Disqualified, "disqualified", "Disqualified"),
            (Stage::Won, "won", "Closed: Won"),
            (Stage::Lost, "lost", "Closed: Lost"),
        ]
    );
    for stage in Stage::ALL {
        assert_eq!(stage.to_string(), stage.as_str());
    }
}

#[test]
fn stage_can_move_to_matches_the_transitions() {
    let legal: Vec<(Stage, Stage)> = Stage::ALL
        .iter()
        .flat_map(|from| Stage::ALL.iter().map(move |to| (*from, *to)))
        .filter(|(from, to)| from.can_move_to(*to))
        .collect();
    use Stage::*;
    assert_eq!(
        legal,
        [
            (Lead, Prospect),
            (Lead, Disqualified),
            (Prospect, Discovery),
            (Prospect, Opportunity),
            (Prospect, Disqualified),
            (Discovery, Prospect),
            (Discovery, Opportunity),
            (Discovery, Lost),
            (Opportunity, Prospect),
            (Opportunity, Won),
            (Opportunity, Lost),
            (Disqualified, Lead),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Record
// ---------------------------------------------------------------------------------------

/// One of each state, each with a different history.
fn one_of_each() -> Vec<Record> {
    let won: Won = opportunity().win(eur("58000"), now(), &rep()).unwrap();
    let lost: Lost = opportunity().lose(reason("no decision"), now(), &rep()).unwrap();
    let disqualified: Disqualified = new_lead().disqualify(reason("spam"), now(), &rep()).unwrap();
    let discovery: Discovery = discovery();
    let opportunity: Opportunity = opportunity();
    let prospect: Prospect = prospect();
    vec![
        Record::from(new_lead()),
        Record::from(prospect),
        Record::from(discovery),
        Record::from(opportunity),
        Record::from(disqualified),
        Record::from(won),
        Record::from(lost),
    ]
}

#[test]
fn record_from_each_state_reports_stage_contact_and_history() {
    let records = one_of_each();
    let stages: Vec<Stage> = records.iter().map(Record::stage).collect();
    assert_eq!(stages, Stage::ALL);
    for record in &records {
        assert_eq!(record.contact(), new_lead().contact());
        assert_eq!(record.history().stage(), record.stage());
        assert_legal_chain(record.history().entries(), record.stage());
    }
    let lengths: Vec<usize> = records.iter().map(|r| r.history().len()).collect();
    assert_eq!(lengths, [0, 1, 2, 2, 1, 3, 3]);

    // The enum holds the state itself: matching gives it back, unchanged.
    let Record::Discovery(d) = Record::from(discovery()) else {
        panic!("a discovery record");
    };
    assert_eq!(d, discovery());
    let Record::Won(w) = &records[5] else {
        panic!("a won record");
    };
    assert_eq!(w.history(), records[5].history());
    assert_eq!(w.contact(), records[5].contact());
}

// ---------------------------------------------------------------------------------------
// Extremes
// ---------------------------------------------------------------------------------------

#[test]
fn transitions_at_the_ends_of_time_refuse_without_panicking() {
    let err = refuse(lead_with_fit(good_profile()), |l| {
        l.qualify(&policy(), Timestamp::MIN, &rep())
    });
    assert_eq!(
        err.to_string(),
        "cannot qualify lead as prospect: now 0001-01-01T00:00:00Z is earlier than the record's \
         latest time, 2026-11-20T10:00:00Z; fit evidence is recorded at 2026-11-25T09:00:00Z, after now"
    );

    let err = refuse(prospect_with(full_checklist()), |p| {
        p.promote(&policy(), Timestamp::MAX, &rep())
    });
    assert_eq!(err.unmet().len(), 6, "{err}");

    let mut evidence = full_checklist();
    evidence.timeline.as_mut().unwrap().decide_by = Timestamp::MAX;
    evidence.need.as_mut().unwrap().provenance = said(Timestamp::MIN).valid_until(Timestamp::MAX);
    let err = refuse(prospect_with(evidence), |p| p.promote(&policy(), now(), &rep()));
    assert_eq!(
        err.to_string(),
        "cannot promote prospect to opportunity: \
         need evidence recorded at 0001-01-01T00:00:00Z is older than 180 days"
    );

    let review = opportunity().review(&policy(), Timestamp::MAX);
    assert_eq!(review.len(), 6);
    // Before the record began: time runs backwards, and every piece is recorded after now.
    assert_eq!(opportunity().review(&policy(), Timestamp::MIN).len(), 6);
}

#[test]
fn a_checklist_names_each_missing_piece_in_order() {
    assert_eq!(
        Checklist::default().missing(),
        [
            missing(EvidenceKind::Need),
            missing(EvidenceKind::Budget),
            missing(EvidenceKind::Authority),
            missing(EvidenceKind::Timeline),
        ]
    );
    assert_eq!(full_checklist().missing(), []);
    let partial = Checklist {
        budget: None,
        ..full_checklist()
    };
    assert_eq!(partial.missing(), [missing(EvidenceKind::Budget)]);
}

#[test]
fn a_fresh_history_is_empty_and_a_transition_fills_it() {
    let lead = lead_with_fit(good_profile());
    assert!(lead.history().is_empty());
    let prospect = lead.qualify(&policy(), now(), &rep()).unwrap();
    assert!(!prospect.history().is_empty());
}

#[test]
fn a_promotion_records_the_tier_at_the_moment() {
    let mut lead = lead_with_fit(good_profile());
    lead.record_signal(Signal::new(SignalKind::DemoRequest, now()))
        .unwrap();
    let mut prospect = lead.qualify(&policy(), now(), &rep()).unwrap();
    *prospect.evidence_mut() = full_checklist();
    let opportunity = prospect.promote(&policy(), now(), &rep()).unwrap();
    let promoted = opportunity.history().transitions().last().unwrap();
    assert_eq!(
        (promoted.from, promoted.to),
        (Stage::Prospect, Stage::Opportunity)
    );
    assert_eq!(promoted.tier, Some(Tier::Sql));
}

/// The default policy with knockouts of free mail and of a rival, by e-mail domain.
fn domain_policy() -> Policy {
    let mut spec = qualify::PolicySpec::default();
    spec.fit.knockouts.push(qualify::KnockoutSpec::new(
        "free mail",
        qualify::Field::EmailDomain,
        qualify::Condition::DomainIn(vec!["gmail.com".into(), "mailinator.com".into()]),
    ));
    Policy::new(spec).unwrap()
}

fn lead_from(email: &str, profile: Profile) -> Lead {
    let mut lead = Lead::builder(
        id("crm-lead-9"),
        Contact::new("Ada Park", email),
        Source::Form,
        now(),
    )
    .build();
    lead.record_fit(fit(profile));
    lead
}

#[test]
fn a_knockout_by_domain_reads_the_contacts_email_through_triage_and_qualify() {
    let policy = domain_policy();
    // No domain in the profile: the contact's address gives it, a subdomain included.
    let free = lead_from(" ada@EU.Gmail.com ", good_profile());
    assert_eq!(free.assess(&policy, now()).knockouts_hit(), 1);
    let err = free.clone().qualify(&policy, now(), &rep()).unwrap_err();
    assert_eq!(
        err.unmet(),
        [Unmet::Knockout {
            name: "free mail".into()
        }]
    );
    let explanation = err.fit_explanation().unwrap();
    let line = explanation.to_string();
    assert!(
        line.contains("e-mail domain is within gmail.com or mailinator.com; seen: \"EU.Gmail.com\""),
        "{line}"
    );
    let Triage::Disqualified(d) = free.triage(&policy, now(), &rep()) else {
        panic!("free mail triages to disqualified");
    };
    assert_eq!(d.reason().as_str(), "knockout: free mail");

    // A company address qualifies; so does an address with no `@`, which names no domain.
    assert!(
        lead_from("ada@northwind.example", good_profile())
            .qualify(&policy, now(), &rep())
            .is_ok()
    );
    assert!(
        lead_from("gmail.com", good_profile())
            .qualify(&policy, now(), &rep())
            .is_ok()
    );

    // The profile's own domain is read before the contact's, either way.
    let own = good_profile().email_domain("northwind.example");
    assert!(
        lead_from("ada@gmail.com", own)
            .qualify(&policy, now(), &rep())
            .is_ok()
    );
    let own = good_profile().email_domain("mailinator.com");
    assert_eq!(
        lead_from("ada@northwind.example", own)
            .assess(&policy, now())
            .knockouts_hit(),
        1
    );

    // A bare profile is scored as it is: the host sets the domain there.
    assert_eq!(policy.assess(&good_profile(), &[], now()).knockouts_hit(), 0);
    let set = good_profile().email_domain("ada@gmail.com");
    assert_eq!(policy.assess(&set, &[], now()).knockouts_hit(), 1);
}

//! What a CRM plugin calls: checks before acting, one vocabulary of accessors on every
//! state and on `Record`, conversions between states and records, refreshing evidence.

#![allow(clippy::result_large_err)]

mod util;

use qualify::{
    Action, Checklist, Discovery, Lead, Lost, Opportunity, Policy, Prospect, Record, Stage, Timeline, Unmet,
    Won,
};
use util::*;

fn policy() -> Policy {
    Policy::default()
}

fn later(seconds: i64) -> qualify::Timestamp {
    qualify::Timestamp::from_unix_seconds(now().as_unix_seconds() + seconds).unwrap()
}

#[test]
fn every_check_lists_what_its_transition_would_refuse_for() {
    // Lead -> prospect: the same list, refused or not.
    for lead in [
        new_lead(),
        lead_with_fit(good_profile()),
        lead_with_fit(qualify::Profile::new().employees(40)),
    ] {
        let listed = lead.check_qualify(&policy(), now());
        match lead.clone().qualify(&policy(), now(), &rep()) {
            Ok(_) => assert!(listed.is_empty()),
            Err(err) => assert_eq!(listed, err.unmet()),
        }
    }
    // Prospect -> opportunity, and -> discovery.
    for evidence in [Checklist::default(), need_and_timeline(), full_checklist()] {
        let p = prospect_with(evidence);
        let listed = p.check_promote(&policy(), now());
        match p.clone().promote(&policy(), now(), &rep()) {
            Ok(_) => assert!(listed.is_empty()),
            Err(err) => assert_eq!(listed, err.unmet()),
        }
        for policy in [policy(), staged_policy()] {
            let listed = p.check_open_discovery(&policy, now());
            match p.clone().open_discovery(&policy, now(), &rep()) {
                Ok(_) => assert!(listed.is_empty()),
                Err(err) => assert_eq!(listed, err.unmet()),
            }
        }
    }
    let d = discovery();
    assert_eq!(
        d.check_confirm(&staged_policy(), now()),
        d.clone()
            .confirm(&staged_policy(), now(), &rep())
            .unwrap_err()
            .unmet()
    );
    let o = opportunity();
    assert!(o.check_win(eur("1"), now()).is_empty());
    assert_eq!(
        o.check_win(eur("0"), later(-1)),
        o.clone().win(eur("0"), later(-1), &rep()).unwrap_err().unmet()
    );
    assert_eq!(o.check_win(eur("0"), now()), [Unmet::ZeroAmount]);
}

/// Asserts that `check` lists what `result` refused for (non-empty), or is empty when it
/// succeeded, and that it succeeded exactly when `ok`.
#[track_caller]
fn twins<T: core::fmt::Debug, U>(ok: bool, check: Vec<Unmet>, result: Result<U, qualify::Rejected<T>>) {
    match result {
        Ok(_) => assert!(ok && check.is_empty(), "{check:?}"),
        Err(err) => {
            assert!(!ok, "{err}");
            assert!(!check.is_empty());
            assert_eq!(check, err.unmet());
        }
    }
}

#[test]
fn every_transition_has_a_check_twin() {
    // The crate docs say every transition, and every hand-off, has a `check_` twin: this is
    // the list, one pair per line. Each pair is asked at `now()` (every transition
    // succeeds) and a second before the records' newest event, `now()` (every one refuses,
    // for time running backwards).
    let (p, staged, why) = (policy(), staged_policy(), reason("territory change"));
    let to = qualify::Actor::new("ae-9");
    let lead = prospect()
        .disqualify(why.clone(), now(), &rep())
        .unwrap()
        .recycle(why.clone(), now(), &rep())
        .unwrap();
    let disqualified = prospect().disqualify(why.clone(), now(), &rep()).unwrap();
    let prospect = prospect_with(full_checklist());
    let mut discovery = discovery();
    let full = full_checklist();
    discovery.record_budget(full.budget.clone().unwrap());
    discovery.record_authority(full.authority.clone().unwrap());
    let o = opportunity();
    for (at, ok) in [(now(), true), (later(-1), false)] {
        let l = &lead;
        twins(ok, l.check_qualify(&p, at), l.clone().qualify(&p, at, &rep()));
        twins(
            ok,
            l.check_disqualify(at),
            l.clone().disqualify(why.clone(), at, &rep()),
        );
        twins(
            ok,
            l.check_hand_off(Some(&to), at),
            l.clone().hand_off(Some(to.clone()), why.clone(), at, &rep()),
        );
        match l.clone().triage(&p, at, &rep()) {
            qualify::Triage::Undecided(err) => {
                assert!(!ok);
                assert_eq!(l.check_triage(&p, at), err.unmet());
            }
            _ => assert!(ok && l.check_triage(&p, at).is_empty()),
        }
        let pr = &prospect;
        twins(ok, pr.check_promote(&p, at), pr.clone().promote(&p, at, &rep()));
        twins(
            ok,
            pr.check_open_discovery(&staged, at),
            pr.clone().open_discovery(&staged, at, &rep()),
        );
        twins(
            ok,
            pr.check_disqualify(at),
            pr.clone().disqualify(why.clone(), at, &rep()),
        );
        twins(
            ok,
            pr.check_hand_off(None, at),
            pr.clone().hand_off(None, why.clone(), at, &rep()),
        );
        let d = &discovery;
        twins(
            ok,
            d.check_confirm(&staged, at),
            d.clone().confirm(&staged, at, &rep()),
        );
        twins(ok, d.check_lose(at), d.clone().lose(why.clone(), at, &rep()));
        twins(ok, d.check_demote(at), d.clone().demote(why.clone(), at, &rep()));
        twins(
            ok,
            d.check_hand_off(None, at),
            d.clone().hand_off(None, why.clone(), at, &rep()),
        );
        twins(ok, o.check_win(eur("1"), at), o.clone().win(eur("1"), at, &rep()));
        twins(ok, o.check_lose(at), o.clone().lose(why.clone(), at, &rep()));
        twins(ok, o.check_demote(at), o.clone().demote(why.clone(), at, &rep()));
        twins(
            ok,
            o.check_refresh(&full, &p, at),
            o.clone().refresh(full.clone(), &p, at, &rep()),
        );
        twins(
            ok,
            o.check_hand_off(None, at),
            o.clone().hand_off(None, why.clone(), at, &rep()),
        );
        twins(
            ok,
            disqualified.check_recycle(at),
            disqualified.clone().recycle(why.clone(), at, &rep()),
        );
    }
    // A hand-off to the owner it has is refused, and its check says so.
    assert_eq!(
        lead.check_hand_off(lead.owner(), now()),
        [Unmet::AlreadyOwned {
            owner: lead.owner().cloned()
        }]
    );
}

#[test]
fn a_fit_explanation_says_why_not_in_domain_terms() {
    let e = policy().explain(&good_profile(), &[], now());
    assert!(e.fit.unmet().is_empty(), "the good profile qualifies");
    let mut competitor = good_profile();
    competitor
        .custom
        .insert("competitor".into(), qualify::Value::Bool(true));
    competitor.employees = Some(500);
    let e = policy().explain(&competitor, &[], now());
    assert_eq!(
        e.fit.unmet(),
        [
            Unmet::Knockout {
                name: "competitor".into()
            },
            Unmet::RequiredCriterion {
                name: "enterprise headcount".into()
            },
            Unmet::FitScoreBelow {
                score: dec("45"),
                min_score: dec("60"),
            },
        ]
    );
}

#[test]
fn every_state_has_the_same_accessors_for_the_same_evidence() {
    let c = full_checklist();
    let p = prospect_with(c.clone());
    assert_eq!(
        (p.need(), p.budget(), p.authority(), p.timeline()),
        (
            c.need.as_ref(),
            c.budget.as_ref(),
            c.authority.as_ref(),
            c.timeline.as_ref()
        )
    );
    let o = opportunity();
    assert_eq!(Some(o.need()), c.need.as_ref());
    assert_eq!(Some(o.timeline()), c.timeline.as_ref());
    let w = o.clone().win(eur("1"), now(), &rep()).unwrap();
    assert_eq!(Some(w.budget()), c.budget.as_ref());
    assert_eq!(Some(w.authority()), c.authority.as_ref());
    let l = o.lose(reason("r"), now(), &rep()).unwrap();
    assert_eq!(l.need(), c.need.as_ref());
    let d = discovery();
    assert_eq!((Some(d.need()), d.budget()), (c.need.as_ref(), None));
    let mut lead = new_lead();
    *lead.evidence_mut() = need_and_timeline();
    assert_eq!((lead.need(), lead.budget()), (c.need.as_ref(), None));
    let dq = lead.disqualify(reason("r"), now(), &rep()).unwrap();
    assert_eq!(dq.timeline(), c.timeline.as_ref());
}

#[test]
fn a_record_answers_for_every_state() {
    let won = opportunity().win(eur("58000"), now(), &rep()).unwrap();
    let r = Record::from(won.clone());
    assert_eq!((r.id(), r.owner()), (won.id(), won.owner()));
    assert_eq!(
        (r.company(), r.source(), r.captured_at()),
        (Some("Northwind"), won.source(), won.captured_at())
    );
    assert_eq!(r.signals(), won.signals());
    assert_eq!(r.fit(), won.fit().as_fit());
    assert_eq!(r.fit_basis(), Some(won.fit()));
    assert_eq!(r.assumed_fit(), None);
    assert_eq!(
        (r.need(), r.budget(), r.authority(), r.timeline()),
        (
            Some(won.need()),
            Some(won.budget()),
            Some(won.authority()),
            Some(won.timeline())
        )
    );
    assert_eq!(
        (r.probability(), r.amount(), r.reason()),
        (Some(won.probability()), Some(won.amount()), None)
    );
    let lead = Record::from(new_lead());
    assert_eq!(
        (lead.fit(), lead.need(), lead.probability(), lead.amount()),
        (None, None, None, None)
    );
    let lost = Record::from(discovery().lose(reason("went quiet"), now(), &rep()).unwrap());
    assert_eq!(lost.reason().map(|r| r.as_str()), Some("went quiet"));
    assert_eq!(lost.budget(), None);
    let dq = Record::from(new_lead().disqualify(reason("spam"), now(), &rep()).unwrap());
    assert_eq!(dq.reason().map(|r| r.as_str()), Some("spam"));
    let mut engaged = new_lead();
    let signal = qualify::Signal::new(qualify::SignalKind::DemoRequest, now());
    engaged.record_signal(signal.clone()).unwrap();
    assert_eq!(Record::from(engaged).signals(), [signal]);
}

#[test]
fn a_record_converts_back_to_its_state_or_hands_itself_back() {
    let record = Record::from(prospect());
    let err = Opportunity::try_from(record.clone()).unwrap_err();
    assert_eq!(err.expected(), Stage::Opportunity);
    assert_eq!(err.record(), &record);
    assert_eq!(
        err.to_string(),
        "expected an opportunity record, found a prospect record"
    );
    let p = Prospect::try_from(err.into_record()).unwrap();
    assert_eq!(Record::from(p), record);
    assert!(Lead::try_from(record.clone()).is_err());
    assert!(Discovery::try_from(record.clone()).is_err());
    assert!(Won::try_from(record.clone()).is_err());
    assert!(Lost::try_from(record).is_err());
}

#[test]
fn refusals_and_triage_become_records() {
    let lead = new_lead();
    let err = lead.clone().qualify(&policy(), now(), &rep()).unwrap_err();
    assert_eq!(Record::from(err.clone()), Record::from(lead.clone()));
    let (back, unmet) = err.into_parts();
    assert_eq!(back, lead);
    assert_eq!(
        unmet,
        [Unmet::Missing {
            evidence: qualify::EvidenceKind::Fit
        }]
    );
    let triaged = Record::from(lead_with_fit(good_profile()).triage(&policy(), now(), &rep()));
    assert_eq!(triaged.stage(), Stage::Prospect);
    let undecided = Record::from(new_lead().triage(&policy(), now(), &rep()));
    assert_eq!(undecided, Record::from(new_lead()));
}

#[test]
fn an_opportunitys_lapsed_timeline_is_refreshed_in_place() {
    let mut o = opportunity();
    let decided = o.timeline().decide_by;
    let after = qualify::Timestamp::from_unix_seconds(decided.as_unix_seconds() + 86_400).unwrap();
    assert!(
        !o.review(&policy(), after).is_empty(),
        "the decision date has passed"
    );
    // A new date, recorded now: the opportunity holds again.
    let fresh = Timeline {
        decide_by: ts("2027-03-31T00:00:00Z"),
        provenance: said(after),
    };
    let before = o.clone();
    // A date that has come is refused, and nothing changes.
    let stale = Checklist {
        timeline: Some(Timeline {
            decide_by: after,
            ..fresh.clone()
        }),
        ..Checklist::default()
    };
    let err = o.refresh(stale.clone(), &policy(), after, &rep()).unwrap_err();
    assert_eq!(err.input(), &stale);
    assert_eq!(err.action(), Action::Refresh);
    assert_eq!(
        err.to_string(),
        format!(
            "cannot refresh the opportunity's evidence: timeline decision date {after} is not after {after}"
        )
    );
    assert_eq!(after.to_string(), "2027-01-25T00:00:00Z");
    assert_eq!(o, before);
    let update = Checklist {
        timeline: Some(fresh.clone()),
        ..Checklist::default()
    };
    o.refresh(update, &policy(), after, &rep()).unwrap();
    assert_eq!(o.timeline(), &fresh);
    assert_eq!(o.need(), before.need(), "what the update did not hold stays");
    assert_eq!(o.probability(), before.probability());
    assert!(o.review(&policy(), after).is_empty());
    // The history says so, and time does not run back past it.
    let event = o.history().last().unwrap();
    assert_eq!(
        event.kind,
        qualify::EventKind::Refresh(vec![qualify::EvidenceKind::Timeline])
    );
    assert_eq!(
        event.to_string(),
        format!(
            "{after} refreshed timeline by rep@acme.example: lapsed evidence replaced (policy qualify-default-2026-12)"
        )
    );
    let err = o.clone().lose(reason("r"), decided, &rep()).unwrap_err();
    assert!(matches!(err.unmet(), [Unmet::TimeRunsBackwards { .. }]), "{err}");
    // And it still loads.
    let back: Opportunity = serde_json::from_value(to_json(&o)).unwrap();
    assert_eq!(back, o);
}

#[test]
fn a_deal_value_is_the_won_amount_or_the_budget() {
    use qualify::crm::{Crm, CrmRow, presets};
    let (mapping, policy) = (presets::hubspot_deals(), qualify::Policy::default());
    let crm = Crm::new(
        &mapping,
        &policy,
        "2026-11-25T09:00:00Z".parse().unwrap(),
        "import",
    );
    let row = |id: &str, stage: &str, amount: &str| {
        let mut row = CrmRow::new(id, stage);
        row.amount = Some(amount.into());
        row.currency = Some("EUR".into());
        row.close_date = Some("2026-11-20".into());
        for (k, v) in [
            ("qualify_need", "month-end close takes 9 days"),
            ("qualify_budget_status", "approved"),
            ("qualify_budget_amount", "50000"),
            ("qualify_authority", "CFO Maria Lind"),
            ("qualify_access", "decision_maker"),
            ("qualify_decide_by", "2026-12-20"),
        ] {
            row.fields.insert(k.into(), v.into());
        }
        crm.import(row).unwrap().record
    };
    let open = row("d1", "contractsent", "48000");
    assert_eq!(open.stage(), qualify::Stage::Opportunity);
    assert_eq!(
        open.deal_value().map(|m| m.to_string()).as_deref(),
        Some("50000 EUR")
    );
    assert_eq!(open.amount(), None);
    let won = row("d2", "closedwon", "48000");
    assert_eq!(won.stage(), qualify::Stage::Won);
    assert_eq!(
        won.deal_value().map(|m| m.to_string()).as_deref(),
        Some("48000 EUR")
    );
    // A prospect with a budget is worth its budget too.
    let prospect = row("d3", "appointmentscheduled", "1");
    assert_eq!(prospect.stage(), qualify::Stage::Prospect);
    assert_eq!(
        prospect.deal_value().map(|m| m.to_string()).as_deref(),
        Some("50000 EUR")
    );
}

#[test]
fn a_host_asks_evidence_and_text_whether_they_say_something() {
    use qualify::{Budget, Currency, Method, Money, Need, Provenance, Timeline, Timestamp, says_nothing};
    assert!(says_nothing("   "));
    assert!(says_nothing("n/a"));
    assert!(
        !qualify::is_placeholder("   "),
        "blank is blank, not a placeholder"
    );
    assert!(!says_nothing("month-end close takes 9 days"));
    let at: Timestamp = "2026-11-25T09:00:00Z".parse().unwrap();
    let by = Provenance::new("sdr-1", at, Method::Call);
    let tbd = Need::new("TBD", by.clone());
    assert!(!tbd.is_substantive(at));
    assert_eq!(
        tbd.hollow_at(at)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["need problem \"TBD\" is a placeholder"]
    );
    assert!(Need::new("month-end close takes 9 days", by.clone()).is_substantive(at));
    let eur = Currency::new("EUR").unwrap();
    let zero = Budget::approved(Money::new(0.into(), eur).unwrap(), by.clone());
    assert_eq!(
        zero.hollow_at(at)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["budget status.approved.amount is zero"]
    );
    // A decision date is substantive only ahead of the moment it is relied on.
    let timeline = Timeline::new("2026-12-01T00:00:00Z".parse().unwrap(), by.clone());
    assert!(timeline.is_substantive(at));
    assert!(!timeline.is_substantive("2026-12-02T00:00:00Z".parse().unwrap()));
    // The same rule the transitions apply: a prospect with a hollow need is refused for it.
    let anonymous = Provenance::new("  ", at, Method::Call);
    assert_eq!(
        Need::new("month-end close", anonymous).hollow_at(at)[0].to_string(),
        "need provenance.recorded_by is blank"
    );
}

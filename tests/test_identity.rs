//! Ids and owners: every record carries the id the host knows it by and an owner, which may
//! be unassigned; owners change only by hand-offs, which the history records.

#![allow(clippy::result_large_err)]

mod util;

use qualify::{Actor, EventKind, Lead, Record, RecordId, Unmet, ValueError};
use serde_json::json;
use util::*;

fn later(seconds: i64) -> qualify::Timestamp {
    qualify::Timestamp::from_unix_seconds(now().as_unix_seconds() + seconds).unwrap()
}

#[test]
fn an_id_is_non_blank_bounded_text() {
    assert_eq!(RecordId::new("crm-1").unwrap().as_str(), "crm-1");
    assert_eq!(
        "0061x00000XyZ".parse::<RecordId>().unwrap().to_string(),
        "0061x00000XyZ"
    );
    assert_eq!(RecordId::new(" \t"), Err(ValueError::BlankId));
    assert_eq!(RecordId::new("").unwrap_err().to_string(), "record id is blank");
    let long = "x".repeat(qualify::MAX_ID_LEN + 1);
    assert_eq!(
        RecordId::try_from(long.as_str()).unwrap_err().to_string(),
        "record id is 257 bytes long, more than the 256 allowed"
    );
    assert!(RecordId::try_from("x".repeat(qualify::MAX_ID_LEN)).is_ok());
}

#[test]
fn transitions_keep_the_id_and_the_owner() {
    let lead = new_lead();
    assert_eq!(lead.owner(), Some(&Actor::new("sdr-7")));
    let opp = opportunity();
    assert_eq!(opp.id(), lead.id());
    assert_eq!(opp.owner(), lead.owner());
    let won = opp.win(eur("1"), now(), &rep()).unwrap();
    assert_eq!((won.id(), won.owner()), (lead.id(), lead.owner()));
    let record = Record::from(won);
    assert_eq!(to_json(&record)["id"], "crm-lead-1");
    assert_eq!(to_json(&record)["owner"], "sdr-7");
}

#[test]
fn a_hand_off_changes_the_owner_and_is_recorded() {
    let mut p = prospect();
    let before = p.history().len();
    p.hand_off(
        Some(Actor::new("ae-2")),
        reason("qualified: to the account executive"),
        later(60),
        &rep(),
    )
    .unwrap();
    assert_eq!(p.owner(), Some(&Actor::new("ae-2")));
    assert_eq!(p.history().len(), before + 1);
    let event = p.history().last().unwrap();
    let h = event.hand_off().expect("a hand-off event");
    assert_eq!(
        (h.from.as_ref(), h.to.as_ref()),
        (Some(&Actor::new("sdr-7")), Some(&Actor::new("ae-2")))
    );
    assert_eq!(
        (event.at, &event.by, event.why.as_str()),
        (later(60), &rep(), "qualified: to the account executive")
    );
    assert_eq!(event.policy, None);
    assert!(matches!(event.kind, EventKind::HandOff(_)));
    assert_eq!(
        event.to_string(),
        "2026-11-25T09:01:00Z handed off from sdr-7 to ae-2 by rep@acme.example: qualified: to the account executive"
    );
    // Back to the queue, and the stage never moved.
    p.hand_off(None, reason("ae on leave"), later(120), &rep())
        .unwrap();
    assert_eq!(p.owner(), None);
    assert_eq!(p.history().stage(), qualify::Stage::Prospect);
    // The wire form carries it, and the record loads again.
    let json = to_json(&p);
    assert_eq!(json["history"][1]["event"], "hand_off");
    assert_eq!(json["history"][1]["from_owner"], "sdr-7");
    assert_eq!(json["history"][1]["to_owner"], "ae-2");
    assert_eq!(json["history"][2].get("to_owner"), None);
    let back: qualify::Prospect = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
}

#[test]
fn a_hand_off_is_refused_to_the_same_owner_or_back_in_time() {
    let mut lead: Lead = new_lead();
    let before = lead.clone();
    let err = lead
        .hand_off(Some(Actor::new("sdr-7")), reason("r"), now(), &rep())
        .unwrap_err();
    assert_eq!(
        err.unmet(),
        [Unmet::AlreadyOwned {
            owner: Some(Actor::new("sdr-7"))
        }]
    );
    assert_eq!(err.to_string(), "cannot hand off: sdr-7 owns the record already");
    assert_eq!(lead, before, "nothing changed");
    let (to, why) = err.into_input();
    assert_eq!(
        (to, why),
        (Some(Actor::new("sdr-7")), reason("r")),
        "the input is handed back"
    );
    let long = Actor::new("x".repeat(100_000));
    let mut owned = Lead::builder(id("q-2"), qualify::Contact::default(), qualify::Source::Ad, now())
        .owner(long.clone())
        .build();
    let message = owned
        .hand_off(Some(long), reason("r"), now(), &rep())
        .unwrap_err()
        .to_string();
    assert!(message.len() < 200, "the owner is echoed cut: {message}");
    let mut unassigned =
        Lead::builder(id("q-1"), qualify::Contact::default(), qualify::Source::Ad, now()).build();
    assert_eq!(
        unassigned
            .hand_off(None, reason("r"), now(), &rep())
            .unwrap_err()
            .to_string(),
        "cannot hand off: the record is unassigned already"
    );
    let err = lead
        .hand_off(
            Some(Actor::new("sdr-8")),
            reason("r"),
            ts("2026-11-19T00:00:00Z"),
            &rep(),
        )
        .unwrap_err();
    assert!(matches!(err.unmet(), [Unmet::TimeRunsBackwards { .. }]), "{err}");
    assert_eq!(lead, before);
}

#[test]
fn a_stored_record_needs_an_id() {
    let json = edited(&new_lead(), |o| {
        o.remove("id");
    });
    assert_eq!(
        refusal::<Lead>(json.clone()),
        "invalid lead record: id: record id is blank"
    );
    // The raw form still reads it, so it can be fixed.
    let mut raw: qualify::RawRecord = serde_json::from_value(json).unwrap();
    assert_eq!(raw.id, "");
    raw.id = "crm-9".into();
    assert_eq!(raw.check().unwrap().stage(), qualify::Stage::Lead);
}

#[test]
fn stored_hand_offs_must_chain_and_end_with_the_owner() {
    let mut p = prospect();
    p.hand_off(Some(Actor::new("ae-2")), reason("r"), later(60), &rep())
        .unwrap();
    p.hand_off(Some(Actor::new("ae-3")), reason("r"), later(120), &rep())
        .unwrap();
    let json = edited(&p, |o| {
        o["owner"] = json!("ae-2");
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid prospect record: owner is \"ae-2\", but history[2] handed the record to \"ae-3\""
    );
    let json = edited(&p, |o| {
        o["history"][2]["from_owner"] = json!("sdr-7");
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid prospect record: history[2] hands off from \"sdr-7\", but history[1] handed the \
         record to \"ae-2\""
    );
    let json = edited(&p, |o| {
        o["history"][1]["to"] = json!("won");
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid prospect record: history[1]: is a hand-off with transition or tier fields"
    );
    let json = edited(&p, |o| {
        let mut again = o["history"][2].clone();
        again["from_owner"] = json!("ae-3");
        o["history"].as_array_mut().unwrap().push(again);
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid prospect record: history[3] hands off from \"ae-3\" to the same owner"
    );
    let dq = p.disqualify(reason("r"), later(180), &rep()).unwrap();
    let json = edited(&dq, |o| {
        let mut late = o["history"][2].clone();
        late["at"] = json!("2026-11-26T00:00:00Z");
        late["from_owner"] = json!("ae-3");
        late["to_owner"] = json!("ae-4");
        o["history"].as_array_mut().unwrap().push(late);
        o["owner"] = json!("ae-4");
    });
    assert_eq!(
        refusal::<Record>(json),
        "invalid disqualified record: history[4] hands off the record while it is disqualified"
    );
}

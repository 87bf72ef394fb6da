//! A changed row onto its record: what changed, and which of the CRM's new evidence the
//! record's state takes.

use crate::crm::excerpt::Excerpt;
use crate::crm::finding::Finding;
use crate::crm::mapping::Columns;
use crate::crm::row::{CrmRow, StageChange};
use crate::evidence::{Authority, Budget, Checklist, EvidenceKind, Fit, Need, Timeline};
use crate::states::Record;

/// Every slot, field and stage-history entry whose value differs between `before` and
/// `after`, each named as the CRM names it: a slot by the mapping's column for it (by the
/// slot's name where the mapping has none), a field by its own name, an entry of the stage
/// history by its place (`stage_history[2]`), shown as its label and date.
pub(super) fn changes(columns: &Columns, before: &CrmRow, after: &CrmRow) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut change = |field: &str, b: Option<&str>, a: Option<&str>| {
        if b != a {
            found.push(Finding::Changed {
                field: Excerpt::new(field),
                before: b.map(Excerpt::new),
                after: a.map(Excerpt::new),
            });
        }
    };
    let c = columns;
    let names = [
        Some(&c.stage),
        c.status.as_ref(),
        c.owner.as_ref(),
        c.amount.as_ref(),
        c.currency.as_ref(),
        c.close_date.as_ref(),
        c.probability.as_ref(),
        c.created.as_ref(),
    ];
    for (((slot, b), (_, a)), column) in before.slots().into_iter().zip(after.slots()).zip(names) {
        change(column.map_or(slot, String::as_str), b, a);
    }
    let names: std::collections::BTreeSet<&String> =
        before.fields.keys().chain(after.fields.keys()).collect();
    for name in names {
        change(
            name,
            before.fields.get(name).map(String::as_str),
            after.fields.get(name).map(String::as_str),
        );
    }
    let (b, a) = (&before.stage_history, &after.stage_history);
    let shown = |entry: Option<&StageChange>| entry.map(|e| format!("{} at {}", e.stage, e.at));
    for index in 0..b.len().max(a.len()) {
        let (was, is) = (b.get(index), a.get(index));
        if was != is {
            let (was, is) = (shown(was), shown(is));
            change(&format!("stage_history[{index}]"), was.as_deref(), is.as_deref());
        }
    }
    found
}

/// What a piece of evidence says, without who recorded it or when: two pieces that say
/// the same are one fact, whatever their provenance.
pub(super) trait Says {
    fn says_as(&self, other: &Self) -> bool;
}

impl Says for Fit {
    fn says_as(&self, other: &Fit) -> bool {
        self.profile == other.profile
    }
}

impl Says for Need {
    fn says_as(&self, other: &Need) -> bool {
        self.problem == other.problem
    }
}

impl Says for Budget {
    fn says_as(&self, other: &Budget) -> bool {
        self.status == other.status
    }
}

impl Says for Authority {
    fn says_as(&self, other: &Authority) -> bool {
        (&self.person, self.access) == (&other.person, other.access)
    }
}

impl Says for Timeline {
    fn says_as(&self, other: &Timeline) -> bool {
        self.decide_by == other.decide_by
    }
}

/// Whether two optional pieces say the same: both absent, or both saying one thing.
pub(super) fn same<T: Says>(a: Option<&T>, b: Option<&T>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.says_as(b),
        _ => false,
    }
}

/// `record` with the evidence the CRM `changed` taken where its stage lets it: a lead takes
/// any (but cannot lose its fit), a prospect its four conditions, a discovery deal a new
/// budget or authority. Every other piece the CRM changed is a [`Finding::Kept`]: the record
/// holds what it was typed with. Evidence the CRM did not change stays as the record has it.
pub(super) fn sync(
    record: Record,
    fit: Option<Fit>,
    mut checklist: Checklist,
    changed: &[EvidenceKind],
    findings: &mut Vec<Finding>,
) -> Record {
    let changed: Vec<EvidenceKind> = changed
        .iter()
        .copied()
        .filter(|kind| match kind {
            EvidenceKind::Fit => !same(record.fit(), fit.as_ref()),
            EvidenceKind::Need => !same(record.need(), checklist.need.as_ref()),
            EvidenceKind::Budget => !same(record.budget(), checklist.budget.as_ref()),
            EvidenceKind::Authority => !same(record.authority(), checklist.authority.as_ref()),
            EvidenceKind::Timeline => !same(record.timeline(), checklist.timeline.as_ref()),
        })
        .collect();
    let mut kept = |kinds: &[EvidenceKind]| {
        for kind in changed.iter().filter(|k| kinds.contains(k)) {
            findings.push(Finding::Kept { evidence: *kind });
        }
    };
    // The pieces the CRM did not change are the record's, in a checklist a state takes.
    let take = |kind: EvidenceKind| changed.contains(&kind);
    let held = |record: &Record, checklist: &mut Checklist| {
        if !take(EvidenceKind::Need) {
            checklist.need = record.need().cloned();
        }
        if !take(EvidenceKind::Budget) {
            checklist.budget = record.budget().cloned();
        }
        if !take(EvidenceKind::Authority) {
            checklist.authority = record.authority().cloned();
        }
        if !take(EvidenceKind::Timeline) {
            checklist.timeline = record.timeline().cloned();
        }
    };
    held(&record, &mut checklist);
    match record {
        Record::Lead(mut lead) => {
            match fit {
                Some(fit) if take(EvidenceKind::Fit) => lead.record_fit(fit),
                _ => kept(&[EvidenceKind::Fit]),
            }
            merge(lead.evidence_mut(), checklist);
            lead.into()
        }
        Record::Prospect(mut p) => {
            kept(&[EvidenceKind::Fit]);
            merge(p.evidence_mut(), checklist);
            p.into()
        }
        Record::Discovery(mut d) => {
            kept(&[EvidenceKind::Fit, EvidenceKind::Need, EvidenceKind::Timeline]);
            match checklist.budget {
                Some(b) if take(EvidenceKind::Budget) => d.record_budget(b),
                _ => kept(&[EvidenceKind::Budget]),
            }
            match checklist.authority {
                Some(a) if take(EvidenceKind::Authority) => d.record_authority(a),
                _ => kept(&[EvidenceKind::Authority]),
            }
            d.into()
        }
        // An opportunity's conditions are fixed, and a closed record's evidence is what it
        // closed with.
        other => {
            kept(&EvidenceKind::ALL);
            other
        }
    }
}

/// `into` with each piece of `new` that says something other than what it holds: a piece
/// that says the same keeps its provenance, and a piece the row no longer holds is
/// removed.
fn merge(into: &mut Checklist, new: Checklist) {
    fn take<T: Says>(slot: &mut Option<T>, new: Option<T>) {
        if !same(slot.as_ref(), new.as_ref()) {
            *slot = new;
        }
    }
    take(&mut into.need, new.need);
    take(&mut into.budget, new.budget);
    take(&mut into.authority, new.authority);
    take(&mut into.timeline, new.timeline);
}

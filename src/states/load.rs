//! Loading a stored record: its raw form, checked. Every check that needs no policy and no
//! clock, every problem reported at once. What a load holds in memory is bounded by the
//! limits, read as the raw form is ([`raw`](crate::raw), "Memory").

use rust_decimal::Decimal;

use crate::evidence::{Bant, Budget, Checklist, EvidenceKind, FitBasis, Method, Substance, Unmet};
use crate::policy::Tier;
use crate::policy::limits;
use crate::states::common::Common;
use crate::states::lead::assumed_why;
use crate::states::opportunity::won_amount;
use crate::states::raw::{FORMAT, RawAssumedFit};
use crate::states::read::{Reader, Unread};
use crate::states::{
    Discovery, Disqualified, Event, EventKind, HandOff, History, Import, Lead, Lost, Opportunity, Prospect,
    RawRecord, Record, RecordError, RecordProblem, Stage, Transition, Won,
};
use crate::values::{Actor, Echo, Hollowness, Money, Probability, Reason, RecordId, Timestamp, anonymity};

impl Reader {
    /// Reads the history's events: every one that reads, and whether all did. A history
    /// `dropped` as it was read off the wire, over its limit, was noted then.
    fn events(&mut self, raw: &RawRecord, dropped: bool) -> (Vec<Event>, bool) {
        if dropped {
            return (Vec::new(), false);
        }
        if raw.history.len() > limits::MAX_EVENTS {
            self.problem(RecordProblem::TooMany {
                field: "history",
                len: raw.history.len(),
                max: limits::MAX_EVENTS,
            });
            return (Vec::new(), false);
        }
        let mut all = true;
        let mut events = Vec::with_capacity(raw.history.len());
        for (i, e) in raw.history.iter().enumerate() {
            // Whoever made an event is named, whether or not the rest of it reads.
            self.actor(i, &e.by);
            match self.event(i, e, raw.format) {
                Some(e) => events.push(e),
                None => all = false,
            }
        }
        (events, all)
    }

    fn chain(&mut self, field: String, problem: String) {
        self.problem(RecordProblem::History { field, problem });
    }

    /// Notes that event `i` was made by nobody: an actor that is blank or has no letter or
    /// digit, the rule every transition holds its actor to.
    fn actor(&mut self, i: usize, by: &Actor) {
        match anonymity(by.as_str()) {
            Some(Hollowness::Blank) => self.chain(format!("history[{i}].by"), "is blank".into()),
            Some(Hollowness::Placeholder) => {
                let problem = format!("{} names no one", Echo::quoted(by.as_str()));
                self.chain(format!("history[{i}].by"), problem);
            }
            None => {}
        }
    }

    /// Checks the history: a chain of legal transitions from a lead, ending in `stage`, in
    /// time order from `captured_at`, naming the policy wherever one judged, with tier
    /// milestones that only rise and only while the record is open. Whether it holds.
    fn history(&mut self, events: &[Event], raw: &RawRecord, captured_at: Option<Timestamp>) -> bool {
        let stage = raw.stage;
        let before = self.problems.len();
        let mut at = Stage::Lead;
        // The owner the last hand-off gave the record to, once there has been one.
        let mut owner: Option<(&Option<Actor>, usize)> = None;
        // The latest instant so far, and where it was written (`None`: the capture).
        let mut latest: Option<(Timestamp, Option<usize>)> = captured_at.map(|t| (t, None));
        let mut highest: Option<Tier> = None;
        for (i, e) in events.iter().enumerate() {
            let path = format!("history[{i}]");
            if let Some((prev, j)) = latest
                && e.at < prev
            {
                let whose = j.map_or("captured_at".to_owned(), |j| format!("history[{j}].at"));
                self.chain(format!("{path}.at"), format!("{} is before {whose} {prev}", e.at));
            }
            if latest.is_none_or(|(prev, _)| e.at >= prev) {
                latest = Some((e.at, Some(i)));
            }
            match &e.kind {
                EventKind::Transition(t) => {
                    self.transition(&path, e, t, at, raw.format);
                    at = t.to;
                }
                EventKind::Tier(tier) => self.milestone(&path, e, *tier, at, highest),
                EventKind::HandOff(h) => {
                    self.hand_off(&path, h, at, owner);
                    owner = Some((&h.to, i));
                }
                EventKind::Import(import) => self.import(&path, e, import, at, highest),
                EventKind::Forecast(_) => {
                    if !matches!(at, Stage::Discovery | Stage::Opportunity) {
                        self.chain(path, format!("makes a forecast call while the record is {at}"));
                    }
                }
                EventKind::Refresh(_) => {
                    if at != Stage::Opportunity {
                        self.chain(
                            path.clone(),
                            format!("refreshes evidence while the record is {at}"),
                        );
                    }
                    if e.policy.is_none() {
                        self.chain(
                            path,
                            "refreshes evidence without naming the policy that judged it".into(),
                        );
                    }
                }
            }
            highest = highest.max(e.tier());
        }
        if at != stage {
            self.chain("history".into(), format!("ends in {at}, not {stage}"));
        }
        if let Some((last, i)) = owner
            && *last != raw.owner
        {
            let problem = format!(
                "is {}, but history[{i}] handed the record to {}",
                owned(&raw.owner),
                owned(last)
            );
            self.chain("owner".into(), problem);
        }
        self.problems.len() == before
    }

    /// Checks a transition that the history reached `at` before: legal, from where the
    /// record was, naming the policy when one judged.
    fn transition(&mut self, path: &str, e: &Event, t: &Transition, at: Stage, format: u32) {
        let (from, to) = (t.from, t.to);
        let judged = judged_by_policy(from, to);
        // Only a transition a policy judged records a tier and an estimate; one that opens
        // or confirms a deal always records its estimate, and the line when one applied.
        if !judged && (t.tier.is_some() || t.probability.is_some() || t.threshold.is_some()) {
            let problem = format!("moves {from} -> {to} recording a tier or an estimate no policy judged");
            self.chain(path.into(), problem);
        }
        let opens = matches!(to, Stage::Discovery | Stage::Opportunity);
        if format >= 2 && opens && t.probability.is_none() {
            self.chain(
                path.into(),
                format!("moves {from} -> {to} without the estimate it opened at"),
            );
        }
        if format >= 2 && to == Stage::Opportunity && t.threshold.is_none() {
            self.chain(
                path.into(),
                format!("moves {from} -> {to} without the line it met"),
            );
        }
        if from != at {
            self.chain(path.into(), format!("starts from {from} but the record was {at}"));
        }
        if !from.can_move_to(to) {
            self.chain(
                path.into(),
                format!("moves {from} -> {to}, which no transition does"),
            );
        }
        if judged && e.policy.is_none() {
            let problem = format!("moves {from} -> {to} without naming the policy that judged it");
            self.chain(path.into(), problem);
        }
    }

    /// Checks a hand-off made while the record was `at`, after `owner` (the last hand-off's
    /// receiver, and where it was written) held it: only while open, from who held it.
    fn hand_off(&mut self, path: &str, h: &HandOff, at: Stage, owner: Option<(&Option<Actor>, usize)>) {
        if !at.is_open() {
            self.chain(path.into(), format!("hands off the record while it is {at}"));
        }
        if h.from == h.to {
            self.chain(
                path.into(),
                format!("hands off from {} to the same owner", owned(&h.from)),
            );
        }
        if let Some((holder, j)) = owner
            && *holder != h.from
        {
            let problem = format!(
                "hands off from {}, but history[{j}] handed the record to {}",
                owned(&h.from),
                owned(holder)
            );
            self.chain(path.into(), problem);
        }
    }

    /// Checks a tier milestone recorded while the record was `at`, after `highest` was the
    /// highest tier recorded: only while open, only rising, naming the policy.
    fn milestone(&mut self, path: &str, e: &Event, tier: Tier, at: Stage, highest: Option<Tier>) {
        if !at.is_open() {
            self.chain(
                path.into(),
                format!("records tier {tier} while the record is {at}"),
            );
        }
        if Some(tier) <= highest {
            let problem = format!("records tier {tier}, not above the tier recorded before");
            self.chain(path.into(), problem);
        }
        if e.policy.is_none() {
            let problem = format!("records tier {tier} without naming the policy that judged it");
            self.chain(path.into(), problem);
        }
    }

    /// Checks an import recorded while the record was `at`: it names its CRM stage, its
    /// mapping and the policy that typed it, and the tier its stage claimed follows the
    /// rules of a milestone.
    fn import(&mut self, path: &str, e: &Event, import: &Import, at: Stage, highest: Option<Tier>) {
        if import.label.trim().is_empty() {
            self.chain(
                format!("{path}.import.label"),
                "is blank: an import names the CRM stage".into(),
            );
        }
        if import.mapping.trim().is_empty() {
            self.chain(
                format!("{path}.import.mapping"),
                "is blank: an import names its mapping".into(),
            );
        }
        if e.policy.is_none() {
            self.chain(
                path.into(),
                "imports without naming the policy that typed the record".into(),
            );
        }
        if let Some(tier) = import.tier {
            if import.claimed != Stage::Lead {
                let problem = format!(
                    "claims {} and tier {tier}: a tier is claimed only of a lead",
                    import.claimed
                );
                self.chain(format!("{path}.tier"), problem);
            }
            self.milestone(path, e, tier, at, highest);
        }
    }

    /// Notes every reason `evidence`, which the record's stage relies on, is hollow at `at`.
    fn substantive<E: Substance>(&mut self, evidence: Option<&E>, at: Option<Timestamp>) {
        if let Some(e) = evidence {
            let mut hollow = Vec::new();
            e.hollow(at.unwrap_or(Timestamp::MIN), &mut hollow);
            for h in hollow {
                self.problem(RecordProblem::Hollow(h));
            }
        }
    }
}

/// An owner as a message names it.
fn owned(owner: &Option<Actor>) -> String {
    owner.as_ref().map_or("unassigned".to_owned(), |o| {
        format!("{}", Echo::quoted(o.as_str()))
    })
}

/// Whether the transition from `from` to `to` is one the crate only makes under a policy.
fn judged_by_policy(from: Stage, to: Stage) -> bool {
    matches!(
        (from, to),
        (Stage::Lead, Stage::Prospect)
            | (Stage::Prospect, Stage::Opportunity | Stage::Discovery)
            | (Stage::Discovery, Stage::Opportunity)
    )
}

/// Whether the history made the assumed fit `a`: its last `lead -> prospect` transition
/// says it assumed this fit ([`assumed_why`]), at the moment and by the actor the
/// assumption names, right after an import by the same mapping for the same label that
/// claimed prospect or beyond (nothing but a hand-off between them), by method `import`;
/// and the record has not been a lead since.
fn made_by_import(events: &[Event], a: &RawAssumedFit) -> bool {
    let Ok(at) = a.provenance.recorded_at.parse::<Timestamp>() else {
        return false;
    };
    let is_assumption = |e: &Event| matches!(&e.kind, EventKind::Transition(t) if t.from == Stage::Lead && t.to == Stage::Prospect);
    let Some(index) = events.iter().rposition(is_assumption) else {
        return false;
    };
    let qualified = &events[index];
    let later_lead = events[index..]
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Transition(t) if t.to == Stage::Lead));
    let import = events[..index]
        .iter()
        .rev()
        .find(|e| !matches!(e.kind, EventKind::HandOff(_)));
    let imported = import.is_some_and(|e| match &e.kind {
        EventKind::Import(i) => {
            e.at == at
                && i.mapping == a.mapping
                && i.label == a.label
                && !matches!(i.claimed, Stage::Lead | Stage::Disqualified)
        }
        _ => false,
    });
    a.provenance.method == Method::Import
        && imported
        && !later_lead
        && qualified.at == at
        && qualified.by == a.provenance.recorded_by
        && qualified.why == assumed_why(&a.mapping, &a.label)
}

/// What a stage guarantees, beyond the common part: the one table the loader reads.
struct Guarantee {
    /// Fit evidence is required (it was relied on to qualify).
    fit: bool,
    /// The stage that relied on need, budget, authority and timeline, if any:
    /// `Opportunity` relied on all four, `Discovery` on need and timeline.
    relied_on: Option<Stage>,
    probability: bool,
    amount: bool,
    reason: bool,
}

impl Guarantee {
    fn of(stage: Stage, closed_from: Option<Stage>) -> Guarantee {
        let none = Guarantee {
            fit: false,
            relied_on: None,
            probability: false,
            amount: false,
            reason: false,
        };
        match stage {
            Stage::Lead => none,
            Stage::Disqualified => Guarantee { reason: true, ..none },
            Stage::Prospect => Guarantee { fit: true, ..none },
            Stage::Discovery | Stage::Opportunity => Guarantee {
                fit: true,
                relied_on: Some(stage),
                probability: true,
                ..none
            },
            Stage::Won => Guarantee {
                fit: true,
                relied_on: Some(Stage::Opportunity),
                probability: true,
                amount: true,
                ..none
            },
            // A lost deal was an opportunity or a discovery: it guarantees what the stage
            // it was closed from did. An unreadable history leaves only what both share.
            Stage::Lost => Guarantee {
                fit: true,
                relied_on: Some(closed_from.unwrap_or(Stage::Discovery)),
                probability: true,
                reason: true,
                ..none
            },
        }
    }
}

impl RawRecord {
    /// The problems that keep this record from loading strictly, the first
    /// [`limits::MAX_PROBLEMS`] of them; empty when [`check`](RawRecord::check) would
    /// succeed.
    pub fn problems(&self) -> Vec<RecordProblem> {
        match self.clone().check() {
            Ok(_) => Vec::new(),
            Err(e) => e.problems,
        }
    }

    /// Checks the record and builds the state it describes.
    ///
    /// It runs every check that needs no policy and no clock, the same guarantees the
    /// transitions give: the wire format is one this crate reads; every value reads
    /// (timestamps, probabilities, money, reasons); the history is a chain of legal
    /// transitions from a lead ending in the record's stage, in time order from its
    /// capture, naming the policy wherever one judged, with tier milestones that only rise,
    /// every event made by someone (its `by` not blank and with a letter or digit, as every
    /// transition requires); the evidence the stage guarantees is present and substantive,
    /// judged at the time the record entered the stage that relied on it (all four from an
    /// opportunity, need and timeline from a discovery; a lost or won deal guarantees what
    /// the stage it was closed from did); a deal's probability lies strictly between 0 and
    /// 1 and at or above the line recorded when it opened; a won deal has an amount above
    /// zero in the approved budget's currency; no field is present that the stage does not
    /// carry; and no list is longer than [`limits`] allows.
    ///
    /// # Errors
    /// [`RecordError`] with every problem found, each naming its field.
    pub fn check(self) -> Result<Record, RecordError> {
        self.check_read(Unread::default())
    }

    /// [`check`](RawRecord::check), after what reading the record off the wire noted: its
    /// problems come first, and what it could not keep is not judged again.
    pub(crate) fn check_read(self, unread: Unread) -> Result<Record, RecordError> {
        let stage = self.stage;
        let more = unread.omitted;
        let mut r = Reader {
            problems: unread.problems,
        };
        if unread.format_unread || self.format == 0 || self.format > FORMAT {
            // Without its format, nothing else of the record can be read as it was meant.
            if !unread.format_unread {
                r.problem(RecordProblem::UnsupportedFormat { format: self.format });
            }
            return Err(r.error_after(stage, more));
        }
        let id = RecordId::new(self.id.as_str())
            .map_err(|e| r.unreadable("id", e))
            .ok();
        let captured_at = r.time("captured_at", &self.captured_at);
        let (history, claims) = r.claims(&self, captured_at, unread.history_dropped);
        let signals = r.signals(&self.signals);
        let (probability, amount, reason) = r.deal(&self, &claims);
        let (fit, checklist) = r.evidence(&self, &claims);
        if claims.guarantee.amount
            && let Some(amount) = amount
        {
            r.won_amount(amount, checklist.budget.as_ref());
        }
        let common = (|| {
            Some(Common {
                id: id?,
                owner: self.owner,
                contact: self.contact,
                company: self.company,
                source: self.source,
                captured_at: captured_at?,
                signals: signals?,
                history: history?,
            })
        })();
        if !r.problems.is_empty() {
            return Err(r.error_after(stage, more));
        }
        build(stage, common, fit, checklist, probability, amount, reason).ok_or(RecordError {
            stage,
            problems: vec![RecordProblem::History {
                field: "history".into(),
                problem: "could not be read".into(),
            }],
            omitted: 0,
        })
    }
}

/// What a record's history says it guarantees: what its stage carries, and when it entered
/// the stage that relied on its evidence, at which line.
struct Claims {
    guarantee: Guarantee,
    /// When the record entered the stage that relied on its evidence, if the history says.
    opened_at: Option<Timestamp>,
    /// The opportunity line recorded then, if one was.
    line: Option<Probability>,
    /// The estimate recorded then, if one was: the probability the deal carries.
    estimate: Option<Probability>,
    /// The record's latest instant: its newest event, or its capture. No evidence a stage
    /// relied on can have been recorded after it.
    latest: Option<Timestamp>,
    /// Whether an import event of the history made the record's assumed fit, if it has one.
    assumed_by_import: bool,
}

impl Reader {
    /// Reads the history, checks it, and says what it claims, from the events that read
    /// even when the history has other problems: a lost deal is judged by the stage it was
    /// closed from whatever else is wrong with it. The history itself only when it holds.
    fn claims(
        &mut self,
        raw: &RawRecord,
        captured_at: Option<Timestamp>,
        dropped: bool,
    ) -> (Option<History>, Claims) {
        let (events, all_read) = self.events(raw, dropped);
        // The chain is judged only when every event reads: a gap would make it look broken.
        let chained = all_read && self.history(&events, raw, captured_at);
        let log = History::from_checked(events);
        let closed_from = log.transitions().next_back().map(|t| t.from);
        let guarantee = Guarantee::of(raw.stage, closed_from.filter(|_| raw.stage == Stage::Lost));
        let opened = guarantee.relied_on.and_then(|s| log.entered(s));
        let assumed_by_import = raw
            .assumed_fit
            .as_ref()
            .is_some_and(|a| made_by_import(log.entries(), a));
        let claims = Claims {
            assumed_by_import,
            opened_at: opened.map(|(e, _)| e.at),
            line: opened.and_then(|(_, t)| t.threshold),
            estimate: opened.and_then(|(_, t)| t.probability),
            // Only a history that holds says when the record last moved.
            latest: chained
                .then(|| log.entries().iter().map(|e| e.at).chain(captured_at).max())
                .flatten(),
            guarantee,
        };
        (chained.then_some(log), claims)
    }

    /// Reads the probability, amount and reason, noting each one the stage requires and
    /// lacks or does not carry, and a deal probability that is certain or below its line.
    fn deal(
        &mut self,
        raw: &RawRecord,
        claims: &Claims,
    ) -> (Option<Probability>, Option<Money>, Option<Reason>) {
        let g = &claims.guarantee;
        let probability = raw
            .probability
            .as_ref()
            .and_then(|p| self.probability("probability", p));
        if g.probability
            && let Some(p) = probability
        {
            if p.value() <= Decimal::ZERO || p.value() >= Decimal::ONE {
                self.problem(RecordProblem::ProbabilityNotOpen { probability: p });
            } else if let Some(line) = claims.line
                && p < line
            {
                self.problem(RecordProblem::BelowLine {
                    probability: p,
                    threshold: line,
                });
            }
            if let Some(opened) = claims.estimate
                && opened != p
            {
                self.problem(RecordProblem::NotTheOpeningEstimate {
                    probability: p,
                    opened,
                });
            }
        }
        let amount = raw.amount.as_ref().and_then(|m| self.money("amount", m));
        let reason = raw.reason.as_ref().and_then(|t| {
            Reason::new(t.as_str())
                .map_err(|e| self.unreadable("reason", e))
                .ok()
        });
        for (present, carried, field) in [
            (raw.probability.is_some(), g.probability, "probability"),
            (raw.amount.is_some(), g.amount, "amount"),
            (raw.reason.is_some(), g.reason, "reason"),
        ] {
            if present && !carried {
                self.problem(RecordProblem::UnexpectedField { field });
            } else if carried && !present {
                self.problem(RecordProblem::MissingField { field });
            }
        }
        (probability, amount, reason)
    }

    /// Reads the evidence, noting every piece the stage relies on that is missing or
    /// hollow at the time the record entered the stage that relied on it.
    fn evidence(&mut self, raw: &RawRecord, claims: &Claims) -> (Option<FitBasis>, Checklist) {
        let g = &claims.guarantee;
        let at = claims.opened_at;
        let fit = match (&raw.fit, &raw.assumed_fit) {
            (Some(f), _) => self.fit(f).map(FitBasis::Profile),
            (None, Some(a)) => self.assumed_fit(a).map(FitBasis::Assumed),
            (None, None) => None,
        };
        if raw.assumed_fit.is_some() {
            // A lead's fit is judged, never assumed; and a record's fit rests on one thing.
            if raw.stage == Stage::Lead {
                self.problem(RecordProblem::UnexpectedField { field: "assumed_fit" });
            } else if raw.fit.is_some() {
                self.problem(RecordProblem::FitAndAssumedFit);
            } else if !claims.assumed_by_import {
                self.problem(RecordProblem::AssumedFitWithoutImport);
            }
        }
        let checklist = Checklist {
            need: raw.need.as_ref().and_then(|n| self.need(n)),
            budget: raw.budget.as_ref().and_then(|b| self.budget(b)),
            authority: raw.authority.as_ref().and_then(|a| self.authority(a)),
            timeline: raw.timeline.as_ref().and_then(|t| self.timeline(t)),
        };
        if g.fit {
            self.relied_on(
                raw.fit.is_some() || raw.assumed_fit.is_some(),
                EvidenceKind::Fit,
                fit.as_ref(),
                at,
                claims.latest,
            );
        }
        if g.relied_on.is_some() {
            let all = g.relied_on == Some(Stage::Opportunity);
            let need = checklist.need.as_ref();
            self.relied_on(raw.need.is_some(), EvidenceKind::Need, need, at, claims.latest);
            if all {
                let budget = checklist.budget.as_ref();
                self.relied_on(
                    raw.budget.is_some(),
                    EvidenceKind::Budget,
                    budget,
                    at,
                    claims.latest,
                );
                let authority = checklist.authority.as_ref();
                self.relied_on(
                    raw.authority.is_some(),
                    EvidenceKind::Authority,
                    authority,
                    at,
                    claims.latest,
                );
            }
            // Without the moment it was relied on, a decision date cannot be judged.
            let timeline = checklist.timeline.as_ref().filter(|_| at.is_some());
            self.relied_on(
                raw.timeline.is_some(),
                EvidenceKind::Timeline,
                timeline,
                at,
                claims.latest,
            );
        }
        (fit, checklist)
    }

    /// Notes that evidence the stage relies on is missing, or every reason it is hollow at
    /// `at`. Evidence present but unreadable was noted when it was read.
    fn relied_on<E: Substance>(
        &mut self,
        present: bool,
        kind: EvidenceKind,
        read: Option<&E>,
        at: Option<Timestamp>,
        latest: Option<Timestamp>,
    ) {
        if !present {
            self.problem(RecordProblem::MissingEvidence { evidence: kind });
        }
        if let (Some(e), Some(latest)) = (read, latest)
            && e.provenance().recorded_at > latest
        {
            self.problem(RecordProblem::RecordedAfterTheRecord {
                evidence: kind,
                recorded_at: e.provenance().recorded_at,
                latest,
            });
        }
        self.substantive(read, at);
    }

    /// Notes what is wrong with a won deal's amount: zero, or in another currency than its
    /// approved budget's.
    fn won_amount(&mut self, amount: Money, budget: Option<&Budget>) {
        if amount.amount().is_zero() && budget.is_none() {
            self.problem(RecordProblem::ZeroAmount);
        }
        if let Some(budget) = budget {
            for unmet in won_amount(&budget.status, amount) {
                self.problem(match unmet {
                    Unmet::CurrencyMismatch { won, budget } => {
                        RecordProblem::CurrencyMismatch { won, budget }
                    }
                    _ => RecordProblem::ZeroAmount,
                });
            }
        }
    }
}

// One arm per stage: the table of which parts each state is built from, kept whole so it
// reads as one table.
/// The state of `stage` from checked parts; `None` only if a check above let a missing
/// part through, which the checks rule out.
fn build(
    stage: Stage,
    common: Option<Common>,
    fit: Option<FitBasis>,
    checklist: Checklist,
    probability: Option<Probability>,
    amount: Option<Money>,
    reason: Option<Reason>,
) -> Option<Record> {
    let common = common?;
    let bant = |c: Checklist| {
        Some(Bant {
            need: c.need?,
            budget: c.budget?,
            authority: c.authority?,
            timeline: c.timeline?,
        })
    };
    Some(match stage {
        Stage::Lead => Record::Lead(Lead {
            common,
            // A lead's assumed fit was refused above.
            fit: match fit {
                Some(FitBasis::Profile(fit)) => Some(fit),
                Some(FitBasis::Assumed(_)) => return None,
                None => None,
            },
            evidence: checklist,
        }),
        Stage::Prospect => Record::Prospect(Prospect {
            common,
            fit: fit?,
            evidence: checklist,
        }),
        Stage::Discovery => Record::Discovery(Discovery {
            common,
            fit: fit?,
            need: checklist.need?,
            timeline: checklist.timeline?,
            budget: checklist.budget,
            authority: checklist.authority,
            probability: probability?,
        }),
        Stage::Opportunity => Record::Opportunity(Opportunity {
            common,
            fit: fit?,
            bant: bant(checklist)?,
            probability: probability?,
        }),
        Stage::Disqualified => Record::Disqualified(Disqualified {
            common,
            fit,
            evidence: checklist,
            reason: reason?,
        }),
        Stage::Won => Record::Won(Won {
            common,
            fit: fit?,
            bant: bant(checklist)?,
            probability: probability?,
            amount: amount?,
        }),
        Stage::Lost => Record::Lost(Lost {
            common,
            fit: fit?,
            evidence: checklist,
            probability: probability?,
            reason: reason?,
        }),
    })
}

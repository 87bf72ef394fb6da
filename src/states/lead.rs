//! The first state: an unvalidated contact.

use crate::engine::{Assessment, Policy};
use crate::evidence::{AssumedFit, Checklist, EvidenceKind, Fit, FitBasis, Substance, Unmet};
use crate::explain::Explanation;
use crate::profile::{Contact, Source};
use crate::states::checks::check_current;
use crate::states::common::{Common, EMPTY_PROFILE, checklist_accessors, common_accessors, open_methods};
use crate::states::{Action, Disqualified, History, Prospect, Rejected, Stage, Transition};
use crate::values::{Actor, Echo, Reason, RecordId, Timestamp};

/// Every `Lead` is a contact whose fit has not been confirmed: it may be a perfect match, a
/// student, a competitor or a spam bot.
///
/// A lead is the only state with a public constructor, [`Lead::builder`]. It gathers
/// [`Fit`] evidence and engagement [`Signal`](crate::Signal)s, and leaves the lead stage by
/// [`qualify`](Lead::qualify) (to [`Prospect`]), [`disqualify`](Lead::disqualify) or
/// [`triage`](Lead::triage).
///
/// ```
/// use qualify::{Contact, Lead, Source};
///
/// let lead = Lead::builder(
///     "00Q5g00000ABCDe".parse()?,
///     Contact::new("Ada Park", "ada@example.com"),
///     Source::Form,
///     "2026-11-20T10:00:00Z".parse()?,
/// )
/// .company("Northwind")
/// .build(); // no owner yet: waiting in a queue
/// assert_eq!(lead.id().as_str(), "00Q5g00000ABCDe");
/// assert!(lead.owner().is_none());
/// assert!(lead.fit().is_none());
/// assert!(lead.history().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    pub(crate) common: Common,
    pub(crate) fit: Option<Fit>,
    pub(crate) evidence: Checklist,
}

common_accessors!(Lead);
checklist_accessors!(Lead);
open_methods!(Lead, optional_fit);

/// The outcome of [`Lead::triage`]: every lead ends as a prospect, disqualified, or still a
/// lead with the reasons it is neither.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Triage {
    /// Fit confirmed.
    Prospect(Prospect),
    /// A knockout hit; the reason names it.
    Disqualified(Disqualified),
    /// Neither: fit is missing, stale, short of the pass rule or of a required criterion,
    /// with every reason listed.
    Undecided(Rejected<Lead>),
}

/// Builds a new [`Lead`]: what every lead has (the host's id for it, the contact, where it
/// came from, when it was captured), then what it may have.
///
/// Made by [`Lead::builder`]; [`build`](LeadBuilder::build) cannot fail.
#[derive(Clone, Debug)]
#[must_use]
pub struct LeadBuilder {
    common: Common,
}

impl LeadBuilder {
    /// The company the contact works for.
    pub fn company(mut self, company: impl Into<String>) -> LeadBuilder {
        self.common.company = Some(company.into());
        self
    }

    /// Who owns the lead from the start; without one, it is unassigned (waiting in a
    /// queue) until [`hand_off`](Lead::hand_off) gives it to someone.
    pub fn owner(mut self, owner: impl Into<Actor>) -> LeadBuilder {
        self.common.owner = Some(owner.into());
        self
    }

    /// The lead, with an empty history and no evidence.
    pub fn build(self) -> Lead {
        Lead {
            common: self.common,
            fit: None,
            evidence: Checklist::default(),
        }
    }
}

impl Lead {
    /// Starts a new lead known to the host as `id`, for `contact`, captured from `source` at
    /// `captured_at`.
    pub fn builder(id: RecordId, contact: Contact, source: Source, captured_at: Timestamp) -> LeadBuilder {
        LeadBuilder {
            common: Common {
                id,
                owner: None,
                contact,
                company: None,
                source,
                captured_at,
                signals: Vec::new(),
                history: History::default(),
            },
        }
    }

    /// The fit evidence recorded so far, if any.
    pub fn fit(&self) -> Option<&Fit> {
        self.fit.as_ref()
    }

    /// Records fit evidence, replacing any before it.
    pub fn record_fit(&mut self, fit: Fit) {
        self.fit = Some(fit);
    }

    /// Need, budget, authority and timeline evidence, if any was noted this early.
    pub fn evidence(&self) -> &Checklist {
        &self.evidence
    }

    /// Need, budget, authority and timeline evidence, to fill in.
    pub fn evidence_mut(&mut self) -> &mut Checklist {
        &mut self.evidence
    }

    /// Scores the lead's fit evidence (an empty profile when there is none) and its
    /// signals under `policy` at `now`, without allocating. A profile without an e-mail
    /// domain is read with the contact's ([`Contact::email_domain`](crate::Contact::email_domain)),
    /// so a knockout by domain holds without the domain copied into the profile.
    pub fn assess(&self, policy: &Policy, now: Timestamp) -> Assessment {
        let profile = self.fit.as_ref().map_or(&EMPTY_PROFILE, |fit| &fit.profile);
        policy.assess_record(profile, &self.common.contact, &self.common.signals, now)
    }

    /// Promotes the lead to a [`Prospect`] when its fit evidence meets `policy` at `now`.
    ///
    /// Requires a `now` no earlier than the lead's capture and newest event, an actor `by`
    /// who names someone (not blank, with a letter or digit), and fit evidence that is
    /// current at `now` (recorded by then, not expired, not older than the policy's
    /// `evidence.max_age_days`), substantive (a profile with at least one fact, a
    /// provenance that names who recorded it), hits no knockout, meets every required
    /// criterion, and passes the policy's `fit.pass` rule. The history gains a `lead ->
    /// prospect` event by `by`, with the engagement tier at `now`.
    ///
    /// # Errors
    /// [`Rejected`] with this lead unchanged and every unmet requirement, in this order:
    /// time running backwards; a full history; an actor who names no one
    /// ([`Unmet::HollowActor`]: `actor is blank`); no fit evidence; fit evidence recorded
    /// after `now`, expired or stale; fit evidence that is hollow; each knockout hit
    /// (`knockout "competitor" hit`); each required criterion not met (`required criterion
    /// "enterprise headcount" not met`); a fit score below `min_score`; too few criteria
    /// met. Knockouts and required criteria come in policy order; the score and the count
    /// are listed only when the pass rule itself fails. Whenever there is fit evidence, the
    /// error carries the [`Explanation`](crate::Explanation) of how it scored.
    ///
    /// ```
    /// use qualify::{Contact, Fit, Lead, Method, Policy, Profile, Provenance, Seniority, Source};
    ///
    /// let policy = Policy::default();
    /// let now = "2026-11-25T09:00:00Z".parse()?;
    /// let mut lead = Lead::builder("lead-1".parse()?, Contact::new("Ada Park", "ada@example.com"), Source::Form, now).build();
    ///
    /// let small = Profile::new().employees(40);
    /// lead.record_fit(Fit { profile: small, provenance: Provenance::new("sdr-1", now, Method::Call) });
    /// let err = lead.qualify(&policy, now, &"sdr-1".into()).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "cannot qualify lead as prospect: required criterion \"enterprise headcount\" not met; \
    ///      fit score 0 is below the required 60; 0 fit criteria met, fewer than the required 3",
    /// );
    ///
    /// let mut lead = err.into_input();
    /// let good = Profile::new()
    ///     .employees(4_000)
    ///     .industry("fintech")
    ///     .seniority(Seniority::VicePresident);
    /// lead.record_fit(Fit { profile: good, provenance: Provenance::new("sdr-1", now, Method::Call) });
    /// let prospect = lead.qualify(&policy, now, &"sdr-1".into())?;
    /// assert_eq!(prospect.history().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn qualify(self, policy: &Policy, now: Timestamp, by: &Actor) -> Result<Prospect, Rejected<Lead>> {
        let (unmet, explanation) = self.judge_fit(policy, now, Some(by));
        if !unmet.is_empty() {
            let mut err = Rejected::new(self, Action::Qualify, unmet);
            err.fit = explanation.map(Box::new);
            return Err(err);
        }
        let a = self.assess(policy, now);
        let why = format!(
            "fit confirmed: score {}, {} criteria met",
            a.fit_score(),
            a.criteria_met()
        );
        let transition = Transition {
            tier: a.tier(),
            ..Transition::new(Stage::Lead, Stage::Prospect)
        };
        match self {
            Lead {
                common,
                fit: Some(fit),
                evidence,
            } => Ok(Prospect {
                common: common.step_with(transition, now, by, why, policy),
                fit: FitBasis::Profile(fit),
                evidence,
            }),
            lead => {
                let unmet = vec![Unmet::Missing {
                    evidence: EvidenceKind::Fit,
                }];
                Err(Rejected::new(lead, Action::Qualify, unmet))
            }
        }
    }

    /// Every requirement [`qualify`](Lead::qualify) would find unmet at `now`, without
    /// moving the lead: what a CRM side panel shows as "what is missing" on every render.
    /// Empty exactly when `qualify` at `now` by an actor who names someone would succeed.
    /// Like every `check_` method it judges no actor: `qualify` by one who names no one
    /// also finds [`Unmet::HollowActor`], after any time-order and full-history findings.
    pub fn check_qualify(&self, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        self.judge_fit(policy, now, None).0
    }

    /// What [`qualify`](Lead::qualify) checks: the time order, the actor (when the lead is
    /// qualified `by` one), the fit evidence's freshness and substance, and the policy's
    /// verdict on it, with the explanation when there is fit evidence to explain and
    /// something is unmet.
    fn judge_fit(
        &self,
        policy: &Policy,
        now: Timestamp,
        by: Option<&Actor>,
    ) -> (Vec<Unmet>, Option<Explanation>) {
        let mut unmet = self.common.guarded_as(now, by);
        let Some(fit) = &self.fit else {
            unmet.push(Unmet::Missing {
                evidence: EvidenceKind::Fit,
            });
            return (unmet, None);
        };
        check_current(&mut unmet, EvidenceKind::Fit, &fit.provenance, policy, now);
        let mut hollow = Vec::new();
        fit.hollow(now, &mut hollow);
        unmet.extend(hollow.into_iter().map(Unmet::Hollow));
        if unmet.is_empty()
            && policy
                .assess_record(&fit.profile, &self.common.contact, &self.common.signals, now)
                .qualifies()
        {
            return (unmet, None);
        }
        let explanation =
            policy.explain_record(&fit.profile, &self.common.contact, &self.common.signals, now);
        unmet.extend(explanation.fit.unmet());
        (unmet, Some(explanation))
    }

    /// Classifies the lead at `now`, in one of three ways:
    ///
    /// - [`Triage::Prospect`] when [`qualify`](Lead::qualify) by `by` succeeds;
    /// - [`Triage::Disqualified`] naming the knockouts (`knockout: competitor, spam`) when
    ///   any hit and the evidence they hit holds (current and substantive), time runs
    ///   forward, the history has room and `by` names someone; its history entry names the
    ///   policy's version, as the knockouts are the policy's;
    /// - otherwise [`Triage::Undecided`]: the lead back unchanged, nothing recorded, in a
    ///   [`Rejected`] listing exactly what `qualify` found unmet. No fit evidence, fit
    ///   evidence that is stale, expired, recorded later or hollow, a score or a count short
    ///   of the pass rule, an unmet required criterion (it never disqualifies alone: the
    ///   lead waits for better fit evidence), time running backwards, a full history, or an
    ///   actor who names no one ([`Unmet::HollowActor`]) all leave the lead undecided.
    ///
    /// So triage does not decide every lead; [`check_triage`](Lead::check_triage) says,
    /// without moving it, whether it would.
    ///
    /// ```
    /// use qualify::{Contact, Lead, Policy, Source, Triage, Unmet};
    ///
    /// let now = "2026-11-25T09:00:00Z".parse()?;
    /// let lead = Lead::builder("lead-1".parse()?, Contact::new("Ada Park", "ada@example.com"), Source::Form, now).build();
    /// let policy = Policy::default();
    /// let listed = lead.check_triage(&policy, now);
    /// let Triage::Undecided(err) = lead.triage(&policy, now, &"sdr-1".into()) else {
    ///     panic!("a lead without fit evidence is neither a prospect nor disqualified");
    /// };
    /// assert_eq!(err.unmet(), listed);
    /// assert!(matches!(err.unmet(), [Unmet::Missing { .. }]));
    /// assert!(err.into_input().history().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn triage(self, policy: &Policy, now: Timestamp, by: &Actor) -> Triage {
        match self.qualify(policy, now, by) {
            Ok(prospect) => Triage::Prospect(prospect),
            Err(err) => {
                let Some(reason) = Lead::knockout_reason(err.unmet()) else {
                    return Triage::Undecided(err);
                };
                // The guard passed (no `TimeRunsBackwards` or `HistoryFull` above), so
                // disqualifying cannot be refused; were it, the lead comes back undecided.
                match err.into_input().disqualify_under(reason, now, by, Some(policy)) {
                    Ok(disqualified) => Triage::Disqualified(disqualified),
                    Err(refused) => Triage::Undecided(refused),
                }
            }
        }
    }

    /// What would keep [`triage`](Lead::triage) at `now` from deciding the lead, without
    /// moving it: empty exactly when triage by an actor who names someone would return
    /// [`Triage::Prospect`] or [`Triage::Disqualified`]; otherwise the unmet requirements
    /// of the [`Triage::Undecided`] it would return, which are what
    /// [`check_qualify`](Lead::check_qualify) lists. Like every `check_` method it judges no
    /// actor: triage by one who names no one never decides, and its reasons add
    /// [`Unmet::HollowActor`].
    pub fn check_triage(&self, policy: &Policy, now: Timestamp) -> Vec<Unmet> {
        let unmet = self.judge_fit(policy, now, None).0;
        if Lead::knockout_reason(&unmet).is_some() {
            return Vec::new();
        }
        unmet
    }

    /// Every requirement [`disqualify`](Lead::disqualify) would find unmet at `now`, without
    /// moving the lead: time running backwards ([`Unmet::TimeRunsBackwards`]) or a full
    /// history ([`Unmet::HistoryFull`]). Empty exactly when `disqualify` at `now` by an
    /// actor who names someone would succeed, whatever the reason; like every `check_`
    /// method it judges no actor.
    pub fn check_disqualify(&self, now: Timestamp) -> Vec<Unmet> {
        self.common.guarded_as(now, None)
    }

    /// Disqualifies the lead for `reason`. Nothing is deleted: the record can be
    /// [recycled](Disqualified::recycle) later.
    ///
    /// Requires a `now` no earlier than the lead's capture and newest event, room in the
    /// history, and an actor `by` who names someone (not blank, with a letter or digit).
    ///
    /// # Errors
    /// [`Rejected`] with this lead unchanged and every unmet requirement: `now` is before
    /// the lead's newest event or its capture ([`Unmet::TimeRunsBackwards`]), its history
    /// is full, or `by` names no one ([`Unmet::HollowActor`]).
    pub fn disqualify(
        self,
        reason: Reason,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Disqualified, Rejected<Lead>> {
        self.disqualify_under(reason, now, by, None)
    }

    /// Disqualifies the lead, naming in the history the policy that judged it, if one did.
    pub(crate) fn disqualify_under(
        self,
        reason: Reason,
        now: Timestamp,
        by: &Actor,
        policy: Option<&Policy>,
    ) -> Result<Disqualified, Rejected<Lead>> {
        let unmet = self.common.guarded_as(now, Some(by));
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Disqualify, unmet));
        }
        let Lead {
            common,
            fit,
            evidence,
        } = self;
        Ok(Disqualified {
            common: common.step(Stage::Disqualified, now, by, reason.to_string(), policy),
            fit: fit.map(FitBasis::Profile),
            evidence,
            reason,
        })
    }

    /// Makes the lead a [`Prospect`] whose fit is `assumed`, not judged: what a CRM import
    /// does for a row its CRM holds at prospect or beyond when the mapping assumes fit
    /// there, and nothing else does. The import calls it only for a lead with no fit
    /// evidence, since a recorded profile is judged ([`qualify`](Lead::qualify)), never
    /// assumed away.
    ///
    /// Requires what every transition does (time order, room in the history, an actor who
    /// names someone). The history gains a `lead -> prospect` event naming the policy,
    /// with the tier its signals reach and the assumption as its why
    /// ([`assumed_why`]), which the record loader reads back.
    ///
    /// # Errors
    /// [`Rejected`] with this lead unchanged and every unmet requirement: time running
    /// backwards, a full history, an actor who names no one.
    pub(crate) fn assume_fit(
        self,
        assumed: AssumedFit,
        policy: &Policy,
        now: Timestamp,
        by: &Actor,
    ) -> Result<Prospect, Rejected<Lead>> {
        let unmet = self.common.guarded_by(now, by);
        if !unmet.is_empty() {
            return Err(Rejected::new(self, Action::Qualify, unmet));
        }
        let a = policy.assess(&EMPTY_PROFILE, &self.common.signals, now);
        let why = assumed_why(&assumed.mapping, &assumed.label);
        let transition = Transition {
            tier: a.tier(),
            ..Transition::new(Stage::Lead, Stage::Prospect)
        };
        Ok(Prospect {
            common: self.common.step_with(transition, now, by, why, policy),
            fit: FitBasis::Assumed(assumed),
            evidence: self.evidence,
        })
    }
}

/// The why of the `lead -> prospect` event that assumes fit: the mapping and the label,
/// each as much as a message repeats. The record loader accepts an assumed fit only beside
/// the event that says this.
pub(crate) fn assumed_why(mapping: &str, label: &str) -> String {
    format!(
        "fit assumed by mapping {}: the CRM holds it at {}",
        Echo::plain(mapping),
        Echo::quoted(label)
    )
}

impl Lead {
    /// The names of the knockouts `unmet` lists, in policy order, when they disqualify: as
    /// [`Lead::triage`] judges them, only when the evidence they hit holds (a knockout on
    /// evidence that is stale, expired, recorded later or hollow proves nothing) and the
    /// transition could be recorded (time runs forward, the history has room, the actor names
    /// someone). Empty otherwise.
    pub(crate) fn knockouts_that_hold(unmet: &[Unmet]) -> Vec<&str> {
        let evidence_holds = !unmet.iter().any(|u| {
            matches!(
                u,
                Unmet::RecordedAfterNow { .. }
                    | Unmet::Expired { .. }
                    | Unmet::Stale { .. }
                    | Unmet::Hollow(_)
                    | Unmet::TimeRunsBackwards { .. }
                    | Unmet::HistoryFull { .. }
                    | Unmet::HollowActor { .. }
            )
        });
        if !evidence_holds {
            return Vec::new();
        }
        unmet
            .iter()
            .filter_map(|u| match u {
                Unmet::Knockout { name } => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The reason [`Lead::triage`] disqualifies a lead refused for `unmet`
    /// (`knockout: competitor, spam`), if the knockouts it lists disqualify
    /// ([`Lead::knockouts_that_hold`]).
    pub(crate) fn knockout_reason(unmet: &[Unmet]) -> Option<Reason> {
        let names = Lead::knockouts_that_hold(unmet);
        if names.is_empty() {
            return None;
        }
        Reason::new(format!("knockout: {}", names.join(", "))).ok()
    }
}

//! [`Checklist`] and [`Bant`]: the four conditions of an opportunity, as gathered and as
//! confirmed.

use crate::evidence::{Authority, Budget, EvidenceKind, Need, Timeline, Unmet};

/// Evidence gathered so far toward an opportunity; any of it may be missing.
///
/// Leads and prospects carry one, filled in as the sales conversation goes
/// ([`Prospect::evidence_mut`](crate::Prospect::evidence_mut)). Its fields are public: what
/// makes it *enough* is checked by [`Prospect::promote`](crate::Prospect::promote).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Checklist {
    /// A specific problem causing real pain.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub need: Option<Need>,
    /// Budget approved or being sought.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub budget: Option<Budget>,
    /// A decision maker, or a champion with access to one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub authority: Option<Authority>,
    /// A decision date.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub timeline: Option<Timeline>,
}

impl Checklist {
    /// An [`Unmet::Missing`] for each of the four not recorded, in the order need, budget,
    /// authority, timeline.
    pub fn missing(&self) -> Vec<Unmet> {
        [
            (self.need.is_none(), EvidenceKind::Need),
            (self.budget.is_none(), EvidenceKind::Budget),
            (self.authority.is_none(), EvidenceKind::Authority),
            (self.timeline.is_none(), EvidenceKind::Timeline),
        ]
        .into_iter()
        .filter_map(|(missing, evidence)| missing.then_some(Unmet::Missing { evidence }))
        .collect()
    }

    pub(crate) fn view(&self) -> View<'_> {
        View {
            need: self.need.as_ref(),
            budget: self.budget.as_ref(),
            authority: self.authority.as_ref(),
            timeline: self.timeline.as_ref(),
        }
    }
}

/// The four confirmed pieces of evidence of a qualified opportunity.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bant {
    /// The need.
    pub need: Need,
    /// The budget.
    pub budget: Budget,
    /// The authority.
    pub authority: Authority,
    /// The timeline.
    pub timeline: Timeline,
}

impl Bant {
    pub(crate) fn view(&self) -> View<'_> {
        View {
            need: Some(&self.need),
            budget: Some(&self.budget),
            authority: Some(&self.authority),
            timeline: Some(&self.timeline),
        }
    }
}

impl From<Bant> for Checklist {
    fn from(b: Bant) -> Checklist {
        Checklist {
            need: Some(b.need),
            budget: Some(b.budget),
            authority: Some(b.authority),
            timeline: Some(b.timeline),
        }
    }
}

/// Borrowed evidence, whichever state holds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View<'a> {
    pub(crate) need: Option<&'a Need>,
    pub(crate) budget: Option<&'a Budget>,
    pub(crate) authority: Option<&'a Authority>,
    pub(crate) timeline: Option<&'a Timeline>,
}

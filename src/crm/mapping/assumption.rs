//! [`Assumption`]: what a mapping takes as evidence that the CRM does not record as such.

use core::fmt;

/// Something a [`Mapping`](crate::crm::Mapping) takes as evidence though the CRM does not
/// record it as such. Each import names its mapping's assumptions
/// ([`Imported::assumptions`](crate::crm::Imported::assumptions)), and the
/// [`Audit`](crate::crm::Audit) lists them in its header, so that a sales manager reading
/// the figures knows what they rest on.
///
/// On the wire, snake_case: `"fit_at_prospect"`, `"close_date_is_timeline"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Assumption {
    /// Fit is assumed for a row the CRM holds at prospect or beyond that records no
    /// profile facts ([`FitSource::AssumedAtProspect`](crate::crm::FitSource::AssumedAtProspect)).
    ///
    /// Teams judge fit on leads and contacts, before a deal exists, and a deal's record
    /// rarely carries the company's fields; the assumption is stated, never dressed up as
    /// a profile ([`AssumedFit`](crate::AssumedFit)).
    FitAtProspect,
    /// The CRM's close date is the buyer's decision date: timeline evidence
    /// ([`EvidenceColumns::close_date_is_timeline`](crate::crm::EvidenceColumns::close_date_is_timeline)).
    ///
    /// Most CRMs ask for a close date on every deal (Salesforce requires one, HubSpot
    /// fills one in), so a close date says only that the seller typed a date; it is a
    /// timeline only where the team's process makes it one.
    CloseDateIsTimeline,
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Assumption::FitAtProspect => {
                "fit is assumed for rows the CRM holds at prospect or beyond that record no profile fields"
            }
            Assumption::CloseDateIsTimeline => {
                "the CRM's close date is taken as the buyer's decision date (timeline evidence)"
            }
        })
    }
}

/// Where a [`Mapping`](crate::crm::Mapping) takes a row's fit from.
///
/// On the wire, snake_case: `"profile"` (the default, left out) or
/// `"assumed_at_prospect"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FitSource {
    /// Fit is judged from the mapping's profile fields under the policy, for every row: a
    /// row with none is a lead with no fit evidence, whatever its label.
    #[default]
    Profile,
    /// A row the CRM holds at prospect or beyond (a deal of any stage, open, won or lost)
    /// whose profile fields record nothing is a prospect by assumption: an
    /// [`AssumedFit`](crate::AssumedFit) naming the mapping and the label, stated in every
    /// import and in the audit's header ([`Assumption::FitAtProspect`]). A row with
    /// profile facts is judged on them, as under [`FitSource::Profile`]: an assumption
    /// stands in for missing facts, never for facts that fall short. Rows below prospect
    /// (leads, contacts, MQLs) are always judged.
    ///
    /// For deal objects, whose responses carry the company's fields only when the host
    /// fetches the associated company and adds them: fit is judged on leads and contacts,
    /// before a deal exists.
    AssumedAtProspect,
}

impl FitSource {
    /// Whether it is the default, so that serializing leaves it out.
    #[cfg(feature = "serde")]
    pub(crate) fn is_default(&self) -> bool {
        *self == FitSource::default()
    }
}

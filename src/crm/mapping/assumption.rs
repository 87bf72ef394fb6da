//! [`Assumption`]: what a mapping takes as evidence that the CRM does not record as such.

use core::fmt;

/// Something a [`Mapping`](crate::crm::Mapping) takes as evidence though the CRM does not
/// record it as such. Each import names its mapping's assumptions
/// ([`Imported::assumptions`](crate::crm::Imported::assumptions)), and the
/// [`Audit`](crate::crm::Audit) lists them in its header, so that a sales manager reading
/// the figures knows what they rest on.
///
/// On the wire, snake_case: `"close_date_is_timeline"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Assumption {
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
            Assumption::CloseDateIsTimeline => {
                "the CRM's close date is taken as the buyer's decision date (timeline evidence)"
            }
        })
    }
}

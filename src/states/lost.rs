//! [`Lost`]: an opportunity or discovery closed as lost.

use crate::evidence::{Checklist, FitBasis};
use crate::states::common::{Common, checklist_accessors, common_accessors};
use crate::values::{Probability, Reason};

/// Every `Lost` deal was an opportunity (qualified or in discovery) and carries the reason
/// it was lost.
///
/// `Lost` is final: it has no transitions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    pub(crate) common: Common,
    pub(crate) fit: FitBasis,
    pub(crate) evidence: Checklist,
    pub(crate) probability: Probability,
    pub(crate) reason: Reason,
}

common_accessors!(Lost);
checklist_accessors!(Lost);

impl Lost {
    /// What its fit rests on: the profile that met the policy's fit requirement when
    /// it was qualified, or a CRM mapping's assumption ([`FitBasis`]).
    pub fn fit(&self) -> &FitBasis {
        &self.fit
    }

    /// The evidence held when it was lost.
    pub fn evidence(&self) -> &Checklist {
        &self.evidence
    }

    /// The close probability estimated when the opportunity opened.
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// Why it was lost.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }
}

//! The outcomes of an opportunity: won or lost.

use crate::common::{Bant, Checklist, Common, common_accessors};
use crate::evidence::{Fit, Money, Probability, Reason};

/// Every `Won` deal was a qualified [`Opportunity`](crate::Opportunity) and carries the
/// amount it closed for, above zero.
///
/// `Won` is final: it has no transitions.
///
/// ```compile_fail
/// # fn f(won: qualify::Won, now: qualify::Timestamp) {
/// won.demote(qualify::Reason::new("oops").unwrap(), now, &"ae".into());
/// # }
/// ```
/// ```
/// # fn f(opp: qualify::Opportunity, now: qualify::Timestamp) {
/// opp.demote(qualify::Reason::new("oops").unwrap(), now, &"ae".into());
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Won {
    pub(crate) common: Common,
    pub(crate) fit: Fit,
    pub(crate) bant: Bant,
    pub(crate) probability: Probability,
    pub(crate) amount: Money,
}

common_accessors!(Won);

impl Won {
    /// The fit evidence.
    pub fn fit(&self) -> &Fit {
        &self.fit
    }

    /// The four conditions confirmed when the opportunity opened.
    pub fn bant(&self) -> &Bant {
        &self.bant
    }

    /// The close probability estimated when the opportunity opened.
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// The amount won.
    pub fn amount(&self) -> Money {
        self.amount
    }
}

/// Every `Lost` deal was an opportunity (qualified or in discovery) and carries the reason
/// it was lost.
///
/// `Lost` is final: it has no transitions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    pub(crate) common: Common,
    pub(crate) fit: Fit,
    pub(crate) evidence: Checklist,
    pub(crate) probability: Probability,
    pub(crate) reason: Reason,
}

common_accessors!(Lost);

impl Lost {
    /// The fit evidence.
    pub fn fit(&self) -> &Fit {
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

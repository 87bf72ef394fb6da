//! [`Won`]: an opportunity closed as won.

use crate::evidence::{Bant, FitBasis};
use crate::states::common::{Common, bant_accessors, common_accessors};
use crate::values::{Money, Probability};

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
    pub(crate) fit: FitBasis,
    pub(crate) bant: Bant,
    pub(crate) probability: Probability,
    pub(crate) amount: Money,
}

common_accessors!(Won);
bant_accessors!(Won);

impl Won {
    /// What its fit rests on: the profile that met the policy's fit requirement when
    /// it was qualified, or a CRM mapping's assumption ([`FitBasis`]).
    pub fn fit(&self) -> &FitBasis {
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

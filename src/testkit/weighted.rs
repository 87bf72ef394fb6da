//! The weighted pipeline: what the open deals are worth, each weighted by its close
//! probability.

use std::collections::BTreeMap;

use crate::states::Record;
use crate::values::{Currency, Money, Total};

/// A weighted pipeline too large for a decimal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the weighted pipeline in {currency} overflows")]
#[non_exhaustive]
pub struct Overflow {
    /// The currency whose sum overflowed.
    pub currency: Currency,
}

/// What the open deals are worth: per currency, the sum of each open deal's amount times
/// its close probability, in currency order.
///
/// An open deal is an [`Opportunity`](crate::Opportunity) or a
/// [`Discovery`](crate::Discovery); its amount is its budget's (approved, or sought with
/// an amount). A deal without an amount counts nothing, and a closed deal (won or lost)
/// never counts: it is no longer in the pipeline. Each sum is exact (a [`Total`]), so the
/// result does not depend on the order of the records.
///
/// # Errors
/// [`Overflow`] naming the first currency, in currency order, whose exact sum a decimal
/// cannot hold (more than 28 or 29 significant digits), as amounts near `Decimal::MAX` do.
/// The sum is never rounded to fit.
pub fn weighted_pipeline(records: &[Record]) -> Result<Vec<Money>, Overflow> {
    let mut sums: BTreeMap<Currency, Total> = BTreeMap::new();
    for record in records {
        let probability = match record {
            Record::Opportunity(r) => r.probability(),
            Record::Discovery(r) => r.probability(),
            _ => continue,
        };
        let Some(amount) = record.deal_amount() else {
            continue;
        };
        let currency = amount.currency();
        // No count of records a slice holds fills a total.
        let weighted = Total::weighted(amount, probability);
        let sum = sums.entry(currency).or_default();
        *sum = sum.checked_add(weighted).ok_or(Overflow { currency })?;
    }
    sums.into_iter()
        .map(|(currency, sum)| {
            let amount = sum.to_decimal().ok_or(Overflow { currency })?;
            Money::new(amount, currency).map_err(|_| Overflow { currency })
        })
        .collect()
}

//! The weighted pipeline: what the open deals are worth, each weighted by its close
//! probability.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::states::Record;
use crate::values::{Currency, Money};

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
/// never counts: it is no longer in the pipeline. The arithmetic is checked.
///
/// # Errors
/// [`Overflow`] naming the currency when a product or a sum passes what a decimal holds,
/// as amounts near `Decimal::MAX` do.
pub fn weighted_pipeline(records: &[Record]) -> Result<Vec<Money>, Overflow> {
    let mut sums: BTreeMap<Currency, Decimal> = BTreeMap::new();
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
        let overflow = Overflow { currency };
        let weighted = amount
            .amount()
            .checked_mul(probability.value())
            .ok_or(overflow.clone())?;
        let sum = sums.entry(currency).or_default();
        *sum = sum.checked_add(weighted).ok_or(overflow)?;
    }
    Ok(sums
        .into_iter()
        .filter_map(|(currency, sum)| Money::new(sum, currency).ok())
        .collect())
}

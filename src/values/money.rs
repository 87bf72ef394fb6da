//! [`Currency`] and [`Money`]: checked amounts in one currency.

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use crate::values::decimal::{self, Refusal};
use crate::values::{ValueError, head};

/// Every `Currency` is three ASCII uppercase letters, such as `EUR` (ISO 4217 form).
///
/// ```
/// use qualify::Currency;
///
/// assert_eq!(Currency::new("EUR")?.as_str(), "EUR");
/// assert!(Currency::new("euro").is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Checks and wraps a currency code.
    ///
    /// # Errors
    /// [`ValueError::Currency`] unless `code` is exactly three ASCII uppercase letters:
    /// `"eur"`, `"EURO"` and `""` fail.
    pub fn new(code: &str) -> Result<Currency, ValueError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(ValueError::Currency {
                code: head(code).to_owned(),
                len: code.len(),
            }),
        }
    }

    /// A currency the crate names itself (`EUR`, `USD`): the caller passes three ASCII
    /// uppercase letters.
    pub(crate) const fn known(code: [u8; 3]) -> Currency {
        Currency(code)
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // Only ASCII uppercase letters are ever stored.
        core::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = ValueError;
    fn from_str(code: &str) -> Result<Currency, ValueError> {
        Currency::new(code)
    }
}

/// Every `Money` is a non-negative decimal amount in one [`Currency`].
///
/// On the wire: `{"amount": "48000.00", "currency": "EUR"}`, the amount a string read
/// exactly (an amount with more digits than a decimal holds is refused, not rounded).
///
/// ```
/// use qualify::{Currency, Decimal, Money};
///
/// let eur = Currency::new("EUR")?;
/// let deal = Money::new(Decimal::new(4_800_000, 2), eur)?;
/// assert_eq!(deal.to_string(), "48000.00 EUR");
/// assert!(Money::new(Decimal::NEGATIVE_ONE, eur).is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
///
/// # Text
///
/// `Display` writes the amount, one space and the currency code (`48000.00 EUR`), and
/// [`FromStr`] reads that form back: the amount exactly as written, trailing zeros kept,
/// in the form every decimal of the crate is read in (`48000`, `48000.00`, `1_000`,
/// `4.8e4`); the code as [`Currency::new`] reads it. Nothing else is accepted: no
/// surrounding or doubled spaces, no missing amount or currency, no currency symbol.
///
/// ```
/// use qualify::{Money, ValueError};
///
/// let deal: Money = "48000.00 EUR".parse()?;
/// assert_eq!((deal.amount().to_string(), deal.currency().as_str()), ("48000.00".into(), "EUR"));
/// assert_eq!(deal.to_string().parse::<Money>()?, deal);
///
/// let err = "48000".parse::<Money>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid money \"48000\": expected an amount, one space and a currency code, such as \"48000.00 EUR\""
/// );
/// assert!(matches!("48000 eur".parse::<Money>(), Err(ValueError::Currency { .. })));
/// assert!(matches!("-5 EUR".parse::<Money>(), Err(ValueError::NegativeAmount { .. })));
/// # Ok::<(), ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Checks and builds an amount of money.
    ///
    /// # Errors
    /// [`ValueError::NegativeAmount`] when `amount` is below zero.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, ValueError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(ValueError::NegativeAmount { amount });
        }
        Ok(Money { amount, currency })
    }

    /// A whole, never negative amount: needs no check.
    pub(crate) fn whole(amount: u32, currency: Currency) -> Money {
        Money {
            amount: amount.into(),
            currency,
        }
    }

    /// The amount, never negative.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

impl FromStr for Money {
    type Err = ValueError;

    /// Reads an amount and a currency as `Display` writes them (see [`Money`], "Text").
    ///
    /// # Errors
    /// [`ValueError::MoneyText`] unless the text is an amount, one space and a code, with
    /// the amount a decimal number: `"48000"`, `"EUR"`, `" 48000 EUR"`, `"48000  EUR"`,
    /// `"48000 EUR "`, `"€48000 EUR"`; [`ValueError::InexactAmount`] for an amount with more
    /// digits than a decimal holds (`"0.00000000000000000000000000001 EUR"`);
    /// [`ValueError::Currency`] for a code that is not three uppercase letters
    /// (`"48000 eur"`); [`ValueError::NegativeAmount`] for `"-5 EUR"`.
    fn from_str(text: &str) -> Result<Money, ValueError> {
        let malformed = || ValueError::MoneyText {
            text: head(text).to_owned(),
            len: text.len(),
        };
        let (amount, code) = text.split_once(' ').ok_or_else(malformed)?;
        if amount.is_empty() || code.is_empty() || code.contains(char::is_whitespace) {
            return Err(malformed());
        }
        let amount = decimal::parse(amount).map_err(|refusal| match refusal {
            Refusal::Invalid => malformed(),
            Refusal::Places(digits) | Refusal::Digits(digits) => ValueError::InexactAmount {
                text: head(amount).to_owned(),
                len: amount.len(),
                digits,
                after_point: matches!(refusal, Refusal::Places(_)),
            },
        })?;
        Money::new(amount, Currency::new(code)?)
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for Currency {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for Currency {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            Currency::new(&code).map_err(serde::de::Error::custom)
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct MoneyWire {
        #[serde(deserialize_with = "crate::values::decimal::de::amount")]
        amount: Decimal,
        currency: Currency,
    }

    impl Serialize for Money {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            MoneyWire {
                amount: self.amount,
                currency: self.currency,
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Money {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let w = MoneyWire::deserialize(d)?;
            Money::new(w.amount, w.currency).map_err(serde::de::Error::custom)
        }
    }
}

//! Evidence that moves a record forward, and the values it is made of.
//!
//! Every piece of evidence carries its [`Provenance`]: who recorded it, when, how it was
//! learned and until when it holds. Evidence types have public fields: any combination is
//! a valid *record* of what someone wrote down. Whether it is *enough* is decided by the
//! transitions, against a [`Policy`](crate::Policy) and a `now`.

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{ValueError, head};
use crate::profile::Profile;
use crate::time::Timestamp;

/// Longest text, in bytes, that a [`Reason`] may hold.
pub const MAX_REASON_LEN: usize = 1024;

/// Who did something: a user id, an email, an integration's name. Opaque to the crate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Actor(String);

impl Actor {
    /// Wraps an identifier.
    pub fn new(id: impl Into<String>) -> Actor {
        Actor(id.into())
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Actor {
    fn from(id: &str) -> Actor {
        Actor::new(id)
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a piece of evidence was learned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Method {
    /// A phone or video call.
    Call,
    /// A meeting in person.
    Meeting,
    /// An email exchange.
    Email,
    /// A form the contact filled in.
    Form,
    /// A data-enrichment service.
    Enrichment,
    /// A bulk import.
    Import,
    /// Anything else.
    Other,
}

/// Where a piece of evidence came from and how long it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Provenance {
    /// Who recorded it.
    pub recorded_by: Actor,
    /// When it was recorded. Evidence recorded after the `now` of a transition does not count.
    pub recorded_at: Timestamp,
    /// How it was learned.
    pub method: Method,
    /// The last instant at which it holds, if it lapses. Evidence past this is expired.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub valid_until: Option<Timestamp>,
}

impl Provenance {
    /// Evidence recorded by `recorded_by` at `recorded_at`, learned through `method`, with no
    /// expiry of its own.
    pub fn new(recorded_by: impl Into<Actor>, recorded_at: Timestamp, method: Method) -> Provenance {
        Provenance {
            recorded_by: recorded_by.into(),
            recorded_at,
            method,
            valid_until: None,
        }
    }

    /// The same provenance, holding until `valid_until` (inclusive).
    #[must_use]
    pub fn valid_until(mut self, valid_until: Timestamp) -> Provenance {
        self.valid_until = Some(valid_until);
        self
    }
}

/// The five kinds of evidence, for errors and checklists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EvidenceKind {
    /// [`Fit`]: the lead matches the ideal customer profile.
    Fit,
    /// [`Need`]: a specific problem causing real pain.
    Need,
    /// [`Budget`]: money exists or is being sought.
    Budget,
    /// [`Authority`]: a decision maker, or clear access to one, is engaged.
    Authority,
    /// [`Timeline`]: a decision date.
    Timeline,
}

impl EvidenceKind {
    /// The lowercase name used in messages and on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Fit => "fit",
            EvidenceKind::Need => "need",
            EvidenceKind::Budget => "budget",
            EvidenceKind::Authority => "authority",
            EvidenceKind::Timeline => "timeline",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Evidence of fit: the firmographic facts about a lead, as someone recorded them.
///
/// Whether they match the ideal customer profile is the [`Policy`](crate::Policy)'s call,
/// made when the lead is qualified.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Fit {
    /// The facts scored against the policy's fit criteria and knockouts.
    pub profile: Profile,
    /// Who recorded them, when and how.
    pub provenance: Provenance,
}

/// Evidence of need: a specific problem the product solves, causing real pain.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Need {
    /// The problem in the buyer's words. Blank text is not evidence of need.
    pub problem: String,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// Whether budget is in hand or being sought.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", deny_unknown_fields))]
pub enum BudgetStatus {
    /// Budget is approved for this amount.
    Approved {
        /// The approved amount.
        amount: Money,
    },
    /// The buyer confirmed the problem is worth investment and is seeking budget.
    Sought {
        /// The amount being sought, if known.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
        amount: Option<Money>,
    },
}

/// Evidence of budget: approved, or being sought.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Budget {
    /// Approved or sought.
    pub status: BudgetStatus,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// How the buying authority is engaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Access {
    /// The decision maker is in the conversation.
    DecisionMaker,
    /// A champion in the conversation has clear access to the decision maker.
    Champion,
}

/// Evidence of authority: who can decide, and how they are engaged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Authority {
    /// The person engaged (name or CRM id).
    pub person: String,
    /// Decision maker, or champion with access to one.
    pub access: Access,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

/// Evidence of a timeline: the date by which the buyer says they will decide.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Timeline {
    /// The decision date. A date already past is not a timeline.
    pub decide_by: Timestamp,
    /// Who recorded it, when and how.
    pub provenance: Provenance,
}

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
/// use qualify::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// let eur = Currency::new("EUR")?;
/// let deal = Money::new(Decimal::new(4_800_000, 2), eur)?;
/// assert_eq!(deal.to_string(), "48000.00 EUR");
/// assert!(Money::new(Decimal::NEGATIVE_ONE, eur).is_err());
/// # Ok::<(), qualify::ValueError>(())
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

/// Every `Probability` is a decimal between 0 and 1 inclusive.
///
/// On the wire, a string such as `"0.75"`, read exactly.
///
/// ```
/// use qualify::Probability;
/// use rust_decimal::Decimal;
///
/// assert_eq!(Probability::new(Decimal::new(75, 2))?.to_string(), "0.75");
/// assert!(Probability::new(Decimal::new(15, 1)).is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Probability(Decimal);

impl Probability {
    /// Certainly not.
    pub const ZERO: Probability = Probability(Decimal::ZERO);
    /// Certainly.
    pub const ONE: Probability = Probability(Decimal::ONE);

    /// Checks and wraps a probability.
    ///
    /// # Errors
    /// [`ValueError::Probability`] when `value` is below 0 or above 1, such as `1.5`.
    pub fn new(value: Decimal) -> Result<Probability, ValueError> {
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(ValueError::Probability { value });
        }
        Ok(Probability(value.normalize()))
    }

    /// The value, in `0..=1`.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Every `Reason` is non-blank text of at most [`MAX_REASON_LEN`] bytes.
///
/// Disqualifying, losing and demoting all need one: the why is kept in the history.
///
/// ```
/// use qualify::Reason;
///
/// assert_eq!(Reason::new("chose a competitor")?.as_str(), "chose a competitor");
/// assert!(Reason::new("   ").is_err());
/// # Ok::<(), qualify::ValueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reason(String);

impl Reason {
    /// Checks and wraps a reason.
    ///
    /// # Errors
    /// [`ValueError::BlankReason`] for empty or whitespace-only text;
    /// [`ValueError::ReasonTooLong`] past [`MAX_REASON_LEN`] bytes.
    pub fn new(text: impl Into<String>) -> Result<Reason, ValueError> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(ValueError::BlankReason);
        }
        if text.len() > MAX_REASON_LEN {
            return Err(ValueError::ReasonTooLong {
                len: text.len(),
                max: MAX_REASON_LEN,
            });
        }
        Ok(Reason(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
        #[serde(deserialize_with = "crate::decimal::de::amount")]
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

    impl Serialize for Probability {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            Serialize::serialize(&self.0, s)
        }
    }

    impl<'de> Deserialize<'de> for Probability {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Probability::new(crate::decimal::de::probability(d)?).map_err(serde::de::Error::custom)
        }
    }

    impl Serialize for Reason {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for Reason {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Reason::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
        }
    }
}

//! [`Value`]: a custom attribute's value.

use core::fmt;

use rust_decimal::Decimal;

/// A custom attribute's value: a CRM field the crate did not foresee.
///
/// On the wire it is tagged, so a number stays exact: `{"text": "enterprise"}`,
/// `{"number": "120"}`, `{"bool": true}`. A number is a string read exactly, or refused if
/// it has more digits than a decimal holds.
///
/// `From` text, a flag, a [`Decimal`] and integers up to 64 bits builds one, as
/// [`Profile::custom`](crate::Profile::custom) takes it:
///
/// ```
/// use qualify::{Decimal, Value};
///
/// assert_eq!(Value::from("enterprise"), Value::Text("enterprise".into()));
/// assert_eq!(Value::from(true), Value::Bool(true));
/// assert_eq!(Value::from(120), Value::Number(Decimal::from(120)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Value {
    /// Text, compared ignoring ASCII case.
    Text(String),
    /// A decimal number.
    Number(
        #[cfg_attr(
            feature = "serde",
            serde(deserialize_with = "crate::values::decimal::de::number")
        )]
        Decimal,
    ),
    /// A flag.
    Bool(bool),
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

impl From<Decimal> for Value {
    fn from(number: Decimal) -> Value {
        Value::Number(number)
    }
}

/// `From` an integer type that every value of converts to a [`Decimal`] exactly.
macro_rules! value_from_integer {
    ($($int:ty),*) => {$(
        impl From<$int> for Value {
            fn from(number: $int) -> Value {
                Value::Number(Decimal::from(number))
            }
        }
    )*};
}

value_from_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

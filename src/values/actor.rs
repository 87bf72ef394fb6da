//! [`Actor`]: who did something.

use core::fmt;

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

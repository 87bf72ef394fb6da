//! [`Actor`]: who did something.

use core::convert::Infallible;
use core::fmt;
use core::str::FromStr;

/// Who did something: a user id, an email, an integration's name. Opaque to the crate.
///
/// Any text is an actor, as given: it converts from `&str`, `String` and `&String`, and
/// [`FromStr`] never fails, so `"crm-sync".parse::<Actor>()` works where a parser is
/// expected.
///
/// ```
/// use qualify::Actor;
///
/// let id = String::from("rep@acme.example");
/// assert_eq!(Actor::from(&id).as_str(), "rep@acme.example");
/// assert_eq!(Actor::from(id), Actor::new("rep@acme.example"));
/// let sync: Actor = "crm-sync".parse()?;
/// assert_eq!(sync.to_string(), "crm-sync");
/// # Ok::<(), std::convert::Infallible>(())
/// ```
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

impl From<String> for Actor {
    fn from(id: String) -> Actor {
        Actor(id)
    }
}

impl From<&String> for Actor {
    fn from(id: &String) -> Actor {
        Actor::new(id.as_str())
    }
}

impl FromStr for Actor {
    type Err = Infallible;

    /// Wraps the text as given; never fails.
    fn from_str(id: &str) -> Result<Actor, Infallible> {
        Ok(Actor::new(id))
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

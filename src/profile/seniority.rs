//! [`Seniority`]: how senior a contact is.

use core::fmt;
use core::str::FromStr;

use crate::values::NameError;
use crate::values::names::{self, names_of};

/// How senior a contact is, in increasing order.
///
/// # Text
///
/// [`Seniority::as_str`] gives the wire name (`vice_president`), `Display` the label a
/// person reads (`vice president`, `c-level`), and [`FromStr`] reads either back: ASCII case
/// ignored, `_`, `-` and a space alike (`Vice President`, `C-Level`), surrounding
/// whitespace trimmed. Any other text is refused.
///
/// ```
/// use qualify::Seniority;
///
/// assert_eq!("C-Level".parse::<Seniority>()?, Seniority::CLevel);
/// assert_eq!(Seniority::VicePresident.to_string(), "vice president");
/// let err = "ceo".parse::<Seniority>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown seniority \"ceo\": expected one of student, individual, manager, director, \
///      vice_president, c_level, owner"
/// );
/// # Ok::<(), qualify::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Seniority {
    /// A student or intern.
    Student,
    /// An individual contributor.
    Individual,
    /// A manager.
    Manager,
    /// A director.
    Director,
    /// A vice president.
    VicePresident,
    /// A C-level executive.
    CLevel,
    /// An owner or founder.
    Owner,
}

impl Seniority {
    /// Every level, in increasing order.
    pub const ALL: [Seniority; 7] = [
        Seniority::Student,
        Seniority::Individual,
        Seniority::Manager,
        Seniority::Director,
        Seniority::VicePresident,
        Seniority::CLevel,
        Seniority::Owner,
    ];

    /// The snake_case name used on the wire and in policies.
    pub const fn as_str(self) -> &'static str {
        match self {
            Seniority::Student => "student",
            Seniority::Individual => "individual",
            Seniority::Manager => "manager",
            Seniority::Director => "director",
            Seniority::VicePresident => "vice_president",
            Seniority::CLevel => "c_level",
            Seniority::Owner => "owner",
        }
    }

    /// The wire names of [`Seniority::ALL`], in order.
    const NAMES: [&'static str; Seniority::ALL.len()] = names_of!(Seniority);

    /// The level named `name` exactly as [`Seniority::as_str`] writes it, ASCII case
    /// ignored: the form a policy's seniority conditions use. [`FromStr`] reads labels too.
    pub fn from_name(name: &str) -> Option<Seniority> {
        Seniority::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }

    /// The label a person reads: the wire name with spaces (`vice president`), and
    /// `c-level`.
    const fn label(self) -> &'static str {
        match self {
            Seniority::VicePresident => "vice president",
            Seniority::CLevel => "c-level",
            other => other.as_str(),
        }
    }
}

impl FromStr for Seniority {
    type Err = NameError;

    /// Reads a level's name or label (see [`Seniority`], "Text").
    ///
    /// # Errors
    /// [`NameError::Unknown`] for any other text: `"ceo"`, `"vp"`, `""`.
    fn from_str(text: &str) -> Result<Seniority, NameError> {
        names::closed("seniority", text, &Seniority::ALL, &Seniority::NAMES)
    }
}

impl fmt::Display for Seniority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

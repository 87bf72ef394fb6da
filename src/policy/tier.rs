//! [`Tier`]: the engagement tiers of a lead.

use core::fmt;

use crate::values::{NameError, names};

/// An engagement tier of a lead, in increasing order of intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Tier {
    /// Information qualified: gave contact details to get content.
    Iql,
    /// Marketing qualified: asked about the offer.
    Mql,
    /// Sales qualified: requested a trial or a demo.
    Sql,
}

impl Tier {
    /// `IQL`, `MQL` or `SQL`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::Iql => "IQL",
            Tier::Mql => "MQL",
            Tier::Sql => "SQL",
        }
    }
}

impl Tier {
    /// Every tier, in increasing order of intent.
    pub const ALL: [Tier; 3] = [Tier::Iql, Tier::Mql, Tier::Sql];
    /// The wire names of [`Tier::ALL`], in order.
    const NAMES: [&'static str; 3] = ["iql", "mql", "sql"];
}

impl core::str::FromStr for Tier {
    type Err = NameError;

    /// Reads `mql` or `MQL`: ASCII case ignored, surrounding whitespace trimmed.
    ///
    /// # Errors
    /// [`NameError::Unknown`](crate::NameError::Unknown) for any other text: `"hot"`, `""`.
    ///
    /// ```
    /// use qualify::Tier;
    ///
    /// assert_eq!("MQL".parse::<Tier>()?, Tier::Mql);
    /// assert_eq!(
    ///     "hot".parse::<Tier>().unwrap_err().to_string(),
    ///     "unknown tier \"hot\": expected one of iql, mql, sql"
    /// );
    /// # Ok::<(), qualify::NameError>(())
    /// ```
    fn from_str(text: &str) -> Result<Tier, NameError> {
        names::closed("tier", text, &Tier::ALL, &Tier::NAMES)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

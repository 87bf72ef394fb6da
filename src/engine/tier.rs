//! [`Tier`]: the engagement tiers of a lead.

use core::fmt;

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

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

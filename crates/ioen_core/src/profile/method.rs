//! How a household generates (or stores) the energy it offers or accepts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// A way of generating energy. Producers list the methods they offer;
/// consumers list the methods they accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GenerationMethod {
    /// Photovoltaic panels.
    Solar,
    /// Wind turbines.
    Wind,
    /// Water turbines.
    Hydro,
    /// Energy released from a home battery.
    Battery,
    /// Burning or digesting organic matter.
    Biomass,
    /// Energy resold from the grid, whatever its source.
    Grid,
}

impl GenerationMethod {
    /// Every method, in the order used in messages and user interfaces.
    pub const ALL: [GenerationMethod; 6] = [
        Self::Solar,
        Self::Wind,
        Self::Hydro,
        Self::Battery,
        Self::Biomass,
        Self::Grid,
    ];

    /// The lowercase name, as in serde, paths and messages, e.g. `"solar"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Solar => "solar",
            Self::Wind => "wind",
            Self::Hydro => "hydro",
            Self::Battery => "battery",
            Self::Biomass => "biomass",
            Self::Grid => "grid",
        }
    }

    /// Whether the method is renewable: every one except `Grid`, whose mix
    /// is unknown.
    pub fn is_renewable(&self) -> bool {
        !matches!(self, Self::Grid)
    }

    /// All names, comma separated: "solar, wind, hydro, battery, biomass, grid".
    pub(crate) fn names() -> String {
        Self::ALL.map(|m| m.as_str()).join(", ")
    }
}

impl fmt::Display for GenerationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GenerationMethod {
    type Err = CoreError;

    /// Parses a name case-insensitively, ignoring surrounding whitespace, so
    /// that " Solar " from a form works.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        Self::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| CoreError::UnknownMethod {
                method: trimmed.to_string(),
            })
    }
}

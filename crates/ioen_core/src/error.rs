//! The single error type of the core rules.
//!
//! Messages are whole sentences that name the offending values, because the
//! zomes pass them unchanged to users (as validation failures or call errors)
//! and tests assert them exactly.

use crate::profile::GenerationMethod;

/// Why a core rule rejected its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CoreError {
    /// The cost of an amount of energy does not fit in [`crate::MicroIoen`].
    #[error(
        "The cost of {energy_wh} Wh at {price_per_kwh} micro-IOEN per kWh is too large to represent."
    )]
    AmountOverflow {
        /// The energy, in watt-hours.
        energy_wh: u64,
        /// The price, in micro-IOEN per kilowatt-hour.
        price_per_kwh: u64,
    },

    /// A network (DNA) property has a value the network cannot run with.
    #[error("The network property {name} is invalid: {reason}.")]
    InvalidProperty {
        /// The property's name as written in the DNA properties, e.g. `cycle_seconds`.
        name: String,
        /// Why, as a clause without a final full stop, e.g. "it must be at least 1; it is 0".
        reason: String,
    },

    /// A time lies before the first cycle of the network.
    #[error(
        "The time {t_micros} (microseconds since 1970) is before the first cycle, which starts at {epoch_ms} (milliseconds since 1970)."
    )]
    BeforeEpoch {
        /// The time, in microseconds since the Unix epoch.
        t_micros: i64,
        /// The start of cycle 0, in milliseconds since the Unix epoch.
        epoch_ms: i64,
    },

    /// An offer for a supply cycle was made, accepted or rejected outside the
    /// cycle before it.
    #[error("{}", outside_bidding_window(*.supply_cycle, *.current_cycle))]
    OutsideBiddingWindow {
        /// The cycle in which the energy is to be supplied.
        supply_cycle: u64,
        /// The cycle it is now, or `None` if cycles have not started yet.
        current_cycle: Option<u64>,
    },

    /// A postcode does not have the shape of the network's postcode format.
    #[error("'{postcode}' is not a valid postcode: expected {expected}.")]
    InvalidPostcode {
        /// The postcode as given.
        postcode: String,
        /// The expected shape, e.g. "4 digits (AU)".
        expected: String,
    },

    /// A string does not name a generation method.
    #[error(
        "'{method}' is not a generation method; use one of: {}.",
        GenerationMethod::names()
    )]
    UnknownMethod {
        /// The string as given (trimmed).
        method: String,
    },

    /// A household name breaks a naming rule.
    #[error("{reason}")]
    InvalidName {
        /// Which rule, as a whole sentence, e.g. "The name must not be empty.".
        reason: String,
    },

    /// A generation method appears twice in the same list of a profile.
    #[error(
        "The generation method {method} is listed more than once; list each method at most once."
    )]
    DuplicateMethod {
        /// The repeated method.
        method: GenerationMethod,
    },

    /// A profile neither produces nor accepts any energy.
    #[error("A household must produce or accept at least one generation method.")]
    NoRole,

    /// A text field is longer than allowed.
    #[error("The {field} must be at most {max} characters; it has {actual}.")]
    TooLong {
        /// The field, as users know it, e.g. "address".
        field: String,
        /// The maximum number of characters (Unicode scalar values).
        max: usize,
        /// The number of characters given.
        actual: usize,
    },

    /// A text field contains characters it must not contain.
    #[error("The {field} must not contain control characters.")]
    InvalidCharacters {
        /// The field, as users know it, e.g. "meter ID".
        field: String,
    },

    /// Someone other than the author tried to change an entry.
    #[error("Only its author may {action} a {what}.")]
    NotAuthor {
        /// The kind of entry, e.g. "profile".
        what: String,
        /// The attempted change, e.g. "update".
        action: String,
    },

    /// A profile was created too far into a source chain.
    #[error(
        "A profile must be created among the first {max} actions of a source chain (this is action {action_seq})."
    )]
    ProfileTooLate {
        /// The `action_seq` of the profile's create action.
        action_seq: u32,
        /// The largest allowed `action_seq`, [`crate::MAX_PROFILE_ACTION_SEQ`].
        max: u32,
    },

    /// An agent tried to create a second profile.
    #[error("An agent can create only one profile; update the existing one instead.")]
    DuplicateProfile,
}

/// The message of [`CoreError::OutsideBiddingWindow`], which depends on
/// whether a bidding cycle exists and whether cycles have started.
fn outside_bidding_window(supply_cycle: u64, current_cycle: Option<u64>) -> String {
    let Some(bidding_cycle) = supply_cycle.checked_sub(1) else {
        return "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it.".to_string();
    };
    let now = match current_cycle {
        Some(current) => format!("it is now cycle {current}"),
        None => "cycles have not started yet".to_string(),
    };
    format!(
        "Supply cycle {supply_cycle} can only be bid for, accepted or rejected during cycle {bidding_cycle}; {now}."
    )
}

#[cfg(test)]
mod tests;

//! The DNA properties of a network: everything a community configures when
//! it starts its own market.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cycles::CycleClock;
use crate::error::CoreError;
use crate::units::{MicroIoen, PricePerKwh, MICRO_IOEN_PER_IOEN};

mod postcode;

pub use postcode::PostcodeFormat;

/// The longest settlement window a network may set: a year (rule I13). The ledger's "once per
/// invoice" and "once per payment" walks visit the ledger entries of one window.
pub const MAX_SETTLEMENT_WINDOW_SECONDS: u32 = 366 * 86_400;

/// The most characters a currency name may have.
pub const CURRENCY_MAX_CHARS: usize = 16;

/// The configuration of one market network, read from the DNA properties.
///
/// Every field has a default, so a DNA may set only what it changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkProperties {
    /// The name shown for the unit of money, e.g. "IOEN".
    pub currency: String,
    /// The start of cycle 0, in milliseconds since the Unix epoch.
    pub cycle_epoch_ms: i64,
    /// The length of a supply cycle, in seconds.
    pub cycle_seconds: u32,
    /// How many cycles make one billing period.
    pub cycles_per_billing_period: u32,
    /// How far below zero a balance may go, in micro-IOEN (a non-negative
    /// number: the lowest balance is `-credit_limit`).
    pub credit_limit: MicroIoen,
    /// The highest price a bid may offer (and an offer may reserve), in
    /// micro-IOEN per kWh.
    pub max_price_per_kwh: PricePerKwh,
    /// Which postcodes count as local to which: a postcode maps to its
    /// neighbours. The relation is symmetric (see
    /// [`NetworkProperties::local_postcodes`]), so each pair needs listing
    /// only once.
    pub local_areas: BTreeMap<String, Vec<String>>,
    /// The shape postcodes must have.
    pub postcode_format: PostcodeFormat,
    /// How long after its basis each settlement step may be dated, in seconds (rule I13): an
    /// invoice issued after its billing period ends, paid after it is issued, acknowledged after
    /// it is paid.
    pub settlement_window_seconds: u32,
    /// The agent keys (base64, `uhCAk...`) that may invite households into the network and
    /// join it without an invitation (rule I14).
    pub stewards: Vec<String>,
    /// Whether any agent key may join without an invitation, with the full credit limit. Off by
    /// default: an open network lets colluding fresh keys mint credit (docs/security.md).
    pub open_network: bool,
}

impl Default for NetworkProperties {
    fn default() -> Self {
        Self {
            currency: "IOEN".to_string(),
            // 2026-01-01T00:00:00Z.
            cycle_epoch_ms: 1_767_225_600_000,
            // Half-hour cycles, as in the National Electricity Market.
            cycle_seconds: 1_800,
            // 48 half hours: daily billing.
            cycles_per_billing_period: 48,
            credit_limit: 1_000 * MICRO_IOEN_PER_IOEN,
            max_price_per_kwh: 10 * MICRO_IOEN_PER_IOEN.unsigned_abs(),
            local_areas: BTreeMap::new(),
            postcode_format: PostcodeFormat::default(),
            // A week: a household away for a few days still settles its bills.
            settlement_window_seconds: 7 * 86_400,
            stewards: Vec::new(),
            open_network: false,
        }
    }
}

impl NetworkProperties {
    /// Checks that the network can run with these properties.
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidProperty`] for a currency name of 0 or more than
    /// [`CURRENCY_MAX_CHARS`] characters, an invalid clock (see
    /// [`CycleClock::new`]), a negative credit limit, a zero maximum price or a
    /// settlement window outside 1 to [`MAX_SETTLEMENT_WINDOW_SECONDS`] or a steward that is not an
    /// agent key;
    /// [`CoreError::InvalidPostcode`] for a postcode in `local_areas` that
    /// does not match `postcode_format`.
    pub fn check(&self) -> Result<(), CoreError> {
        let currency_chars = self.currency.chars().count();
        if !(1..=CURRENCY_MAX_CHARS).contains(&currency_chars) {
            return Err(invalid(
                "currency",
                format!(
                    "it must have 1 to {CURRENCY_MAX_CHARS} characters; it has {currency_chars}"
                ),
            ));
        }
        self.clock()?;
        if self.credit_limit < 0 {
            return Err(invalid(
                "credit_limit",
                format!("it must not be negative; it is {}", self.credit_limit),
            ));
        }
        if self.max_price_per_kwh == 0 {
            return Err(invalid(
                "max_price_per_kwh",
                "it must be greater than 0".to_string(),
            ));
        }
        if !(1..=MAX_SETTLEMENT_WINDOW_SECONDS).contains(&self.settlement_window_seconds) {
            return Err(invalid(
                "settlement_window_seconds",
                format!(
                    "it must be 1 to {MAX_SETTLEMENT_WINDOW_SECONDS}; it is {}",
                    self.settlement_window_seconds
                ),
            ));
        }
        for steward in &self.stewards {
            if !is_agent_key_b64(steward) {
                return Err(invalid(
                    "stewards",
                    format!("'{steward}' is not an agent key (53 characters starting with uhCAk)"),
                ));
            }
        }
        for (postcode, neighbours) in &self.local_areas {
            self.postcode_format.check_postcode(postcode)?;
            for neighbour in neighbours {
                self.postcode_format.check_postcode(neighbour)?;
            }
        }
        Ok(())
    }

    /// The network's cycle clock.
    ///
    /// # Errors
    ///
    /// As [`CycleClock::new`].
    pub fn clock(&self) -> Result<CycleClock, CoreError> {
        CycleClock::new(
            self.cycle_epoch_ms,
            self.cycle_seconds,
            self.cycles_per_billing_period,
        )
    }

    /// The postcodes local to `postcode`: `postcode` itself first, then its
    /// neighbours, sorted and without duplicates.
    ///
    /// Decision: a neighbour relation declared on one side holds both ways.
    /// B is a neighbour of A if `local_areas[A]` contains B *or*
    /// `local_areas[B]` contains A, so "A is local to B" never depends on
    /// which side the configuration happened to list, and consumers and
    /// producers always agree on whether they can trade.
    pub fn local_postcodes(&self, postcode: &str) -> Vec<String> {
        let declared = self.local_areas.get(postcode).into_iter().flatten();
        let declaring = self
            .local_areas
            .iter()
            .filter(|(_, neighbours)| neighbours.iter().any(|n| n == postcode))
            .map(|(area, _)| area);
        let mut neighbours: Vec<String> = declared
            .chain(declaring)
            .filter(|n| n.as_str() != postcode)
            .cloned()
            .collect();
        neighbours.sort();
        neighbours.dedup();
        let mut local = Vec::with_capacity(neighbours.len() + 1);
        local.push(postcode.to_string());
        local.extend(neighbours);
        local
    }

    /// Whether a producer in `producer_postcode` is local to a consumer in
    /// `consumer_postcode` (symmetric; a postcode is local to itself).
    pub fn is_local(&self, consumer_postcode: &str, producer_postcode: &str) -> bool {
        self.local_postcodes(consumer_postcode)
            .iter()
            .any(|p| p == producer_postcode)
    }
}

/// Whether `key` has the shape of a base64 agent key: `u` (base64url) then `hCAk` (the agent
/// type bytes) and 48 more base64url characters, 53 in all.
fn is_agent_key_b64(key: &str) -> bool {
    key.len() == 53
        && key.starts_with("uhCAk")
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn invalid(name: &str, reason: String) -> CoreError {
    CoreError::InvalidProperty {
        name: name.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests;

//! The ledger clock: which cycle and billing period it is.

use hdk::prelude::*;
use ioen_core::{CycleClock, NetworkProperties};

use crate::error::LedgerError;

/// The network's properties and its clock.
pub fn clock() -> ExternResult<(NetworkProperties, CycleClock)> {
    let props = ioen_hdi::network_properties()?;
    let clock = props.clock().map_err(LedgerError::from)?;
    Ok((props, clock))
}

/// Now, in microseconds since the Unix epoch.
pub fn now() -> ExternResult<i64> {
    Ok(sys_time()?.as_micros())
}

/// The current supply cycle.
pub fn current_cycle(clock: &CycleClock) -> ExternResult<u64> {
    Ok(clock.cycle_of(now()?).map_err(LedgerError::from)?)
}

//! The market clock: which cycle it is and which one is being bid for.

use hdk::prelude::*;
use ioen_core::{CycleClock, CycleInfo, NetworkProperties};

use crate::error::MarketError;

/// The network's properties and its clock.
pub fn clock() -> ExternResult<(NetworkProperties, CycleClock)> {
    let props = ioen_hdi::network_properties()?;
    let clock = props.clock().map_err(MarketError::from)?;
    Ok((props, clock))
}

/// Now, in microseconds since the Unix epoch.
pub fn now() -> ExternResult<i64> {
    Ok(sys_time()?.as_micros())
}

/// The supply cycle bids made now are for (the next cycle).
pub fn next_supply_cycle() -> ExternResult<u64> {
    let (_, clock) = clock()?;
    Ok(clock.cycle_of(now()?).map_err(MarketError::from)? + 1)
}

/// The current cycle, its bounds, the cycle being bid for and the billing period.
#[hdk_extern]
pub fn get_cycle_info() -> ExternResult<CycleInfo> {
    let (_, clock) = clock()?;
    Ok(clock.info_at(now()?).map_err(MarketError::from)?)
}

//! Coordinator zome of the bidding cycles.
//!
//! Externs follow `docs/api.md`: `get_cycle_info`, `create_offer`, `create_demand`, `create_bid`,
//! `get_my_bids`, `get_incoming_bids`, `accept_bid`, `reject_bid`, `confirm_contract`,
//! `get_my_contracts`, and the automation `auto_accept` and `auto_confirm`. Each checks its input
//! with the pure rules the integrity zome enforces, so an honest caller gets a typed error before
//! any write; the counterpart is told at once by a signal.

use hdk::prelude::*;

mod answer;
mod bid;
mod chain;
mod confirmation;
mod counterpart;
mod cycle;
mod declaration;
mod error;
mod signal;

pub use answer::*;
pub use bid::*;
pub use confirmation::*;
pub use cycle::*;
pub use declaration::*;
pub use error::MarketError;
pub use signal::*;

/// Lets other agents' conductors deliver signals to this one (`recv_remote_signal`).
#[hdk_extern]
pub fn init() -> ExternResult<InitCallbackResult> {
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from("recv_remote_signal")));
    create_cap_grant(CapGrantEntry {
        tag: "market-signals".into(),
        access: CapAccess::Unrestricted,
        functions: GrantedFunctions::Listed(functions),
    })?;
    Ok(InitCallbackResult::Pass)
}

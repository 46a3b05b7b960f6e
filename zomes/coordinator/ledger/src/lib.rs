//! Coordinator zome of billing and IOEN mutual credit.
//!
//! Externs follow `docs/api.md`: `open_invoice` (called by the market zome when a contract is
//! made), `record_delivery`, `issue_invoice`, `get_my_invoices`, `get_invoice`, `pay_invoice`,
//! `acknowledge_payment`, `get_balance`, `get_statement`, and the automation `auto_invoice`,
//! `auto_pay` and `auto_acknowledge`, each one write per call. Each checks its input with the
//! pure rules the integrity zome enforces, so an honest caller gets a typed error before any
//! write; the counterpart is told at once by a signal. `init` opens the caller's account.

use hdk::prelude::*;

mod account;
mod chain;
mod counterpart;
mod cycle;
mod error;
mod invoice;
mod market;
mod payment;
mod receipt;
mod signal;
mod statement;
mod view;

pub use account::*;
pub use error::LedgerError;
pub use invoice::*;
pub use payment::*;
pub use receipt::*;
pub use signal::*;
pub use statement::*;
pub use view::{InvoiceLineView, InvoiceView, InvoiceViewStatus};

/// Opens the caller's account (among the first actions of its chain, as rule I11 requires) and
/// lets other agents' conductors deliver signals to this one (`recv_remote_signal`).
#[hdk_extern]
pub fn init() -> ExternResult<InitCallbackResult> {
    if let Err(reason) = account::open_account()? {
        return Ok(InitCallbackResult::Fail(reason));
    }
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from("recv_remote_signal")));
    create_cap_grant(CapGrantEntry {
        tag: "ledger-signals".into(),
        access: CapAccess::Unrestricted,
        functions: GrantedFunctions::Listed(functions),
    })?;
    Ok(InitCallbackResult::Pass)
}

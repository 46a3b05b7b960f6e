//! Typed errors of the ledger zome, as the client sees them.

use hdk::prelude::*;
use ioen_core::CoreError;
use ioen_hdk::standing::Untrusted;

/// What can go wrong in a ledger call, beyond host failures.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The caller's chain has no Account, which `init` writes; not expected in practice.
    #[error("This household has no IOEN account on this network yet.")]
    NoAccount,
    /// A record named in the call, or one it depends on, could not be found.
    #[error("The {0} could not be found; it may not have reached this node yet.")]
    NotFound(&'static str),
    /// The invoice to issue is another producer's.
    #[error("This invoice was written by another producer; only its producer can issue it.")]
    NotYourInvoice,
    /// The contract's delivery is already a line of its invoice.
    #[error("The delivery of this contract is already on its invoice.")]
    AlreadyRecorded,
    /// The payment to acknowledge does not pay one of the caller's issued invoices in full.
    #[error("This payment does not pay one of your issued invoices for its total.")]
    NotForYourInvoice,
    /// Another payment of the same invoice is already acknowledged.
    #[error("This invoice's payment is already acknowledged; a second payment of it can only come from a forked chain, so it gets no receipt.")]
    InvoiceAlreadySettled,
    /// The counterpart is warranted, forked or invalid on the network.
    #[error(transparent)]
    Counterpart(#[from] Untrusted),
    /// The counterpart's records do not hold together, so building on them would fail
    /// validation (and warrant the caller).
    #[error("The counterpart's records do not hold together ({0}), so nothing is built on them.")]
    Tampered(&'static str),
    /// A rule of the core crate refused the input.
    #[error(transparent)]
    Rule(#[from] CoreError),
}

impl From<LedgerError> for WasmError {
    fn from(e: LedgerError) -> Self {
        wasm_error!(WasmErrorInner::Guest(e.to_string()))
    }
}

//! The account: opened by `init`, and the balance read from the ledger pointer chain.

use hdk::prelude::*;
use ioen_core::ledger::balance_summary;
use ioen_core::MicroIoen;
use ioen_hdi::records::AccountData;
use ioen_hdi::{entry_index, zome_names};
use ledger_integrity::{Account, EntryTypes};

use crate::chain::{ledger_tip, own_payments};
use crate::cycle::clock;
use crate::error::LedgerError;
use crate::receipt::{receipts_to, unacknowledged_payments};

/// A household's money at a glance.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct BalanceView {
    /// The balance after the latest payment or receipt, in micro-IOEN.
    pub balance: MicroIoen,
    /// The network's credit limit, in micro-IOEN: the balance may go down to minus this.
    pub credit_limit: MicroIoen,
    /// How much the household can still pay: `balance + credit_limit`, in micro-IOEN.
    pub available: MicroIoen,
    /// Payments made to it that it has not acknowledged yet (not in `balance`), in micro-IOEN.
    pub pending_in: MicroIoen,
    /// Its payments that their payees have not acknowledged yet (already taken off
    /// `balance`), in micro-IOEN.
    pub pending_out: MicroIoen,
}

/// Opens the caller's account at balance 0, unless it has one. Called from `init`, so the
/// Account is among the first actions of the chain, as validation requires (rule I11).
pub fn open_account() -> ExternResult<()> {
    let existing = ioen_hdk::own_records(zome_names::LEDGER, entry_index::ACCOUNT)?;
    if existing.is_empty() {
        create_entry(EntryTypes::Account(Account(AccountData { balance: 0 })))?;
    }
    Ok(())
}

/// The caller's balance, what it can still pay, and the payments not yet acknowledged.
#[hdk_extern]
pub fn get_balance() -> ExternResult<BalanceView> {
    let (props, _) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let balance = ledger_tip()?.balance;
    let pending_in: Vec<MicroIoen> = unacknowledged_payments()?
        .iter()
        .map(|p| p.data.amount)
        .collect();
    let receipts = receipts_to(&me, None)?;
    let pending_out: Vec<MicroIoen> = own_payments()?
        .iter()
        .filter(|p| {
            !receipts
                .iter()
                .any(|r| r.data.payment == p.hash && r.payee == p.data.payee)
        })
        .map(|p| p.data.amount)
        .collect();
    let summary =
        balance_summary(balance, &pending_in, &pending_out, &props).map_err(LedgerError::from)?;
    Ok(BalanceView {
        balance: summary.balance,
        credit_limit: props.credit_limit,
        available: summary.available,
        pending_in: summary.pending_in,
        pending_out: summary.pending_out,
    })
}

//! The account: opened by `init`, and the balance read from the ledger pointer chain.

use hdk::prelude::*;
use ioen_core::ledger::balance_summary;
use ioen_core::MicroIoen;
use ioen_hdi::membership::judge_join;
use ioen_hdi::records::AccountData;
use ioen_hdi::{entry_index, zome_names};
use ledger_integrity::{Account, EntryTypes};

use crate::chain::{ledger_tip, own_payments};
use crate::error::LedgerError;
use crate::receipt::{receipts_to, unacknowledged_payments};

/// A household's money at a glance.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct BalanceView {
    /// The balance after the latest payment or receipt, in micro-IOEN.
    pub balance: MicroIoen,
    /// The household's credit limit (its invitation's, rule I14), in micro-IOEN: the balance
    /// may go down to minus this.
    pub credit_limit: MicroIoen,
    /// How much the household can still pay: `balance + credit_limit`, in micro-IOEN.
    pub available: MicroIoen,
    /// Payments made to it that it has not acknowledged yet (not in `balance`), in micro-IOEN.
    pub pending_in: MicroIoen,
    /// Its payments that their payees have not acknowledged yet (already taken off
    /// `balance`), in micro-IOEN.
    pub pending_out: MicroIoen,
    /// Whether the network lets any agent key join without a steward's invitation, each with
    /// the full credit limit (rule I14: an explicit DNA property, shown to households as a risk).
    pub open_network: bool,
}

/// Opens the caller's account at balance 0 with the credit limit it joined with, unless it has
/// one. Called from `init`, so the Account is among the first actions of the chain, as
/// validation requires (rule I11).
///
/// `Err` carries the sentence of rule I14 when the caller's own membrane proof does not let it
/// join (an invitation that had expired when it joined): `init` then fails with that sentence,
/// which every call of the app reports, instead of writing an account peers would reject.
pub fn open_account() -> ExternResult<Result<(), String>> {
    let existing = ioen_hdk::own_records(zome_names::LEDGER, entry_index::ACCOUNT)?;
    if !existing.is_empty() {
        return Ok(Ok(()));
    }
    let props = ioen_hdi::network_properties()?;
    let me = agent_info()?.agent_initial_pubkey;
    let joined = query(ChainQueryFilter::new().action_type(ActionType::AgentValidationPkg))?;
    let Some(Action::AgentValidationPkg(pkg)) = joined.first().map(|r| r.action().clone()) else {
        return Ok(Err("This chain has no agent validation action.".to_string()));
    };
    let credit_limit = match judge_join(
        &me,
        pkg.membrane_proof.as_ref(),
        Some(pkg.timestamp),
        &props,
    )? {
        Ok(limit) => limit,
        Err(e) => return Ok(Err(e.to_string())),
    };
    create_entry(EntryTypes::Account(Account(AccountData {
        balance: 0,
        credit_limit,
    })))?;
    Ok(Ok(()))
}

/// The caller's balance, what it can still pay, and the payments not yet acknowledged.
#[hdk_extern]
pub fn get_balance() -> ExternResult<BalanceView> {
    let props = ioen_hdi::network_properties()?;
    let me = agent_info()?.agent_initial_pubkey;
    let tip = ledger_tip()?;
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
    let summary = balance_summary(tip.balance, &pending_in, &pending_out, tip.credit_limit)
        .map_err(LedgerError::from)?;
    Ok(BalanceView {
        balance: summary.balance,
        credit_limit: tip.credit_limit,
        available: summary.available,
        pending_in: summary.pending_in,
        pending_out: summary.pending_out,
        open_network: props.open_network,
    })
}

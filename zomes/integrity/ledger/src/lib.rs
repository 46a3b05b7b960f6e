//! Integrity zome of billing and IOEN mutual credit (rules I8-I12 of `docs/rules.md`).
//!
//! A producer invoices each consumer once per billing period: the invoice is opened when the
//! first contract of the period is made, each version adds the delivered energy of confirmed
//! contracts as lines, and the issued (or void) version is final. The consumer pays the issued
//! total with a Payment; the producer acknowledges it with a Receipt. Payments and Receipts each
//! name their author's previous ledger entry (its Account for the first) and carry the balance
//! after them, so a balance is checked from one predecessor, never from a sum over history.
//!
//! Content rules are pure functions of `ioen_core::ledger`; this zome fetches what an entry names
//! (`must_get_valid_record`) and runs them on `StoreRecord`, `StoreEntry`, `RegisterUpdate` and
//! `RegisterAgentActivity`. Chain rules (no fork of the ledger or invoice chain, one payment per
//! invoice, one receipt per payment, one account) walk back only to an action the entry names:
//! on `RegisterAgentActivity` for every type, and on `StoreRecord` as well, so that a forged
//! payment is never a valid record anywhere.

use hdi::prelude::*;

mod account;
mod chain;
mod inbox;
mod invoice;
mod payment;
mod receipt;

pub use account::*;
pub use inbox::*;
pub use invoice::*;
pub use payment::*;
pub use receipt::*;

/// Every entry type of this zome. The order fixes each type's index (`ioen_hdi::entry_index`).
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    /// The opening of a household's ledger, at balance 0.
    #[entry_type(cache_at_agent_activity = true)]
    Account(Account),
    /// A producer's invoice to one consumer for one billing period.
    #[entry_type(cache_at_agent_activity = true)]
    Invoice(Invoice),
    /// A consumer's payment of an issued invoice.
    #[entry_type(cache_at_agent_activity = true)]
    Payment(Payment),
    /// A producer's acknowledgement of a payment.
    #[entry_type(cache_at_agent_activity = true)]
    Receipt(Receipt),
}

/// Every link type of this zome: how the counterpart finds what concerns it.
#[hdk_link_types]
pub enum LinkTypes {
    /// Consumer agent to the invoices (their create actions) addressed to it; the tag is the
    /// billing period (8 bytes, big-endian).
    InvoiceInbox,
    /// Producer agent to the payments made to it; empty tag.
    PaymentInbox,
    /// Consumer agent to the receipts of its payments; empty tag.
    ReceiptInbox,
}

/// Dispatches each op to the rules of its entry or link type.
#[hdk_extern]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    // I15 first: an oversized entry is refused before anything it names is read.
    if let Some(verdict) = ioen_hdi::entry_size::oversized(&op, entry_limit)? {
        return Ok(verdict);
    }
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action }) => {
            validate_create(&app_entry, &action)
        }
        FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => {
            ioen_hdi::all_valid!(
                validate_create(&app_entry, &action)?,
                validate_create_chain(&app_entry, &action)?
            )
        }
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(_),
            action,
        }) => {
            let hash = hash_action(Action::Create(action.clone()))?;
            match entry_of(&hash, &Action::Create(action.clone()), cached_entry(&op))? {
                Some(entry) => ioen_hdi::all_valid!(
                    validate_create(&entry, &action)?,
                    validate_create_chain(&entry, &action)?
                ),
                None => ioen_hdi::invalid("A ledger record's entry does not decode."),
            }
        }
        FlatOp::StoreEntry(OpEntry::UpdateEntry {
            app_entry, action, ..
        })
        | FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, action }) => {
            validate_update(&app_entry, &action)
        }
        FlatOp::StoreRecord(OpRecord::UpdateEntry {
            app_entry, action, ..
        }) => ioen_hdi::all_valid!(
            validate_update(&app_entry, &action)?,
            validate_invoice_version_chain(&action)?
        ),
        FlatOp::RegisterAgentActivity(OpActivity::UpdateEntry {
            app_entry_type: Some(_),
            action,
            ..
        }) => {
            let hash = hash_action(Action::Update(action.clone()))?;
            match entry_of(&hash, &Action::Update(action.clone()), cached_entry(&op))? {
                Some(entry) => ioen_hdi::all_valid!(
                    validate_update(&entry, &action)?,
                    validate_invoice_version_chain(&action)?
                ),
                None => ioen_hdi::invalid("A ledger record's entry does not decode."),
            }
        }
        FlatOp::StoreRecord(OpRecord::DeleteEntry {
            original_action_hash,
            ..
        }) => validate_delete(&original_action_hash),
        FlatOp::RegisterDelete(OpDelete { action }) => validate_delete(&action.deletes_address),
        FlatOp::StoreRecord(OpRecord::CreateLink {
            base_address,
            target_address,
            tag,
            link_type,
            action,
        })
        | FlatOp::RegisterCreateLink {
            base_address,
            target_address,
            tag,
            link_type,
            action,
        } => validate_create_inbox_link(link_type, &action, &base_address, &target_address, &tag),
        FlatOp::RegisterDeleteLink { .. } | FlatOp::StoreRecord(OpRecord::DeleteLink { .. }) => {
            ioen_hdi::invalid("Ledger links cannot be deleted: inboxes keep every message.")
        }
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

/// The content rules of each entry type, on its create action.
fn validate_create(entry: &EntryTypes, action: &Create) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Account(account) => validate_create_account(action, account),
        EntryTypes::Invoice(invoice) => validate_create_invoice(action, invoice),
        EntryTypes::Payment(payment) => validate_create_payment(action, payment),
        EntryTypes::Receipt(receipt) => validate_create_receipt(action, receipt),
    }
}

/// The chain-context rules of each entry type, on its create action.
fn validate_create_chain(
    entry: &EntryTypes,
    action: &Create,
) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Account(_) => validate_account_chain(action),
        EntryTypes::Invoice(invoice) => validate_invoice_chain(action, invoice),
        EntryTypes::Payment(payment) => validate_payment_chain(action, payment),
        EntryTypes::Receipt(receipt) => validate_receipt_chain(action, receipt),
    }
}

/// Rules:
/// 1. Only invoices are updated (a new version adds lines or issues or voids it); accounts,
///    payments and receipts are final.
fn validate_update(entry: &EntryTypes, action: &Update) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Invoice(invoice) => validate_update_invoice(action, invoice),
        _ => ioen_hdi::invalid(
            "Accounts, payments and receipts cannot be updated: money entries are final.",
        ),
    }
}

/// Rules:
/// 1. I1: no ledger record is ever deleted. Deletes of other zomes' records are not this zome's
///    to judge.
fn validate_delete(original_action_hash: &ActionHash) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(original_action_hash.clone())?;
    let ours = ScopedEntryDefIndex::try_from(UnitEntryTypes::Account)?.zome_index;
    match original.action().entry_type() {
        Some(EntryType::App(def)) if def.zome_index == ours => {
            ioen_hdi::invalid("Ledger records cannot be deleted.")
        }
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

/// The entry an agent-activity op carries, when the authority cached it.
fn cached_entry(op: &Op) -> Option<&Entry> {
    match op {
        Op::RegisterAgentActivity(activity) => activity.cached_entry.as_ref(),
        _ => None,
    }
}

/// The entry of a create or update of this zome, decoded: from the agent-activity cache when it
/// is there, else from the record. `None` for actions of other zomes or without an entry.
pub(crate) fn entry_of(
    hash: &ActionHash,
    action: &Action,
    cached: Option<&Entry>,
) -> ExternResult<Option<EntryTypes>> {
    let Some(EntryType::App(def)) = action.entry_type() else {
        return Ok(None);
    };
    let ours = ScopedEntryDefIndex::try_from(UnitEntryTypes::Account)?.zome_index;
    if def.zome_index != ours {
        return Ok(None);
    }
    let entry = match cached {
        Some(entry) => entry.clone(),
        None => match must_get_valid_record(hash.clone())?.entry().as_option() {
            Some(entry) => entry.clone(),
            None => return Ok(None),
        },
    };
    EntryTypes::deserialize_from_type(def.zome_index, def.entry_index, &entry)
}

/// The tag of an invoice inbox link: the billing period, 8 bytes big-endian.
pub fn period_tag(period: u64) -> LinkTag {
    LinkTag::new(period.to_be_bytes().to_vec())
}

/// Rule I15: each entry type's name in words and the most bytes its encoding may take; an
/// invoice's limit grows with the lines its billing period allows.
fn entry_limit(index: u8) -> ExternResult<(&'static str, usize)> {
    use ioen_hdi::entry_index::{ACCOUNT, INVOICE, PAYMENT, RECEIPT};
    Ok(match index {
        INVOICE => (
            "invoice",
            ioen_core::max_invoice_bytes(&ioen_hdi::network_properties()?),
        ),
        ACCOUNT => ("account", ioen_core::MAX_ENTRY_BYTES),
        PAYMENT => ("payment", ioen_core::MAX_ENTRY_BYTES),
        RECEIPT => ("receipt", ioen_core::MAX_ENTRY_BYTES),
        _ => ("ledger entry", ioen_core::MAX_ENTRY_BYTES),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ioen_hdi::entry_index` is how other zomes find these types; keep it in step.
    #[test]
    fn entry_indices_match_the_shared_constants() {
        use ioen_hdi::entry_index as idx;
        assert_eq!(UnitEntryTypes::Account as u8, idx::ACCOUNT);
        assert_eq!(UnitEntryTypes::Invoice as u8, idx::INVOICE);
        assert_eq!(UnitEntryTypes::Payment as u8, idx::PAYMENT);
        assert_eq!(UnitEntryTypes::Receipt as u8, idx::RECEIPT);
    }
}

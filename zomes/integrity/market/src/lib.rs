//! Integrity zome of the bidding cycles (rules I3-I7 of `docs/rules.md`).
//!
//! In cycle n-1 consumers bid for supply cycle n; producers answer each bid with a Contract (up to
//! the capacity of their Offer) or a RejectionReceipt; each consumer confirms at most one
//! contract. Content rules are pure functions of `ioen_core::market`; this zome reads what an
//! entry names by content, never by validity (`ioen_hdi::fetch_content`, decision 52: no market
//! record moves money, and a verdict must not hang on whether a validator had judged another
//! record yet), and runs them on `StoreRecord` and `StoreEntry`. Rules
//! that need chain context (one declaration per cycle, one answer per bid, no fork of an Offer's
//! allocation chain, one confirmation per cycle) walk the author's chain back to an action the
//! entry names, on `RegisterAgentActivity` (and `StoreRecord`).
//!
//! Holochain itself already checks signatures, chain order, entry hashes and types, size limits
//! and that the originals of updates and deletes exist.

use hdi::prelude::*;

mod answer;
mod bid;
mod confirmation;
mod declaration;
mod inbox;

pub use answer::*;
pub use bid::*;
pub use confirmation::*;
pub use declaration::*;
pub use inbox::*;

/// Every entry type of this zome. The order fixes each type's index (`ioen_hdi::entry_index`).
/// Entries that chain walks read are cached at the agent-activity authorities, so a walk gets
/// them without one fetch each.
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    /// A producer's declaration for a supply cycle.
    #[entry_type(cache_at_agent_activity = true)]
    Offer(Offer),
    /// A consumer's declaration for a supply cycle.
    #[entry_type(cache_at_agent_activity = true)]
    Demand(Demand),
    /// A consumer's bid to one producer.
    Bid(Bid),
    /// A producer's acceptance of a bid.
    #[entry_type(cache_at_agent_activity = true)]
    Contract(Contract),
    /// A producer's refusal of a bid.
    #[entry_type(cache_at_agent_activity = true)]
    RejectionReceipt(RejectionReceipt),
    /// A consumer's choice of one contract.
    #[entry_type(cache_at_agent_activity = true)]
    Confirmation(Confirmation),
}

/// Every link type of this zome; each tag is the supply cycle (8 bytes, big-endian), so an inbox
/// is read one cycle at a time with a tag prefix.
#[hdk_link_types]
pub enum LinkTypes {
    /// Producer agent to the bids made to it.
    BidInbox,
    /// Consumer agent to the contracts and rejections answering its bids.
    AnswerInbox,
    /// Producer agent to the confirmations of its contracts.
    ConfirmationInbox,
    /// Producer agent to its own offers, so consumers can read capacity and method.
    AgentToOffer,
}

/// Dispatches each op to the rule of its entry or link type.
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
        // The record authority also runs the chain checks, so a second answer or confirmation is
        // never a valid record anywhere (the walks are bounded by the actions the entry names).
        FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => {
            match validate_create(&app_entry, &action)? {
                ValidateCallbackResult::Valid => validate_chain(&app_entry, &action),
                other => Ok(other),
            }
        }
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(_),
            action,
        }) => {
            let (hash, cached) = match &op {
                Op::RegisterAgentActivity(activity) => (
                    activity.action.as_hash().clone(),
                    activity.cached_entry.as_ref(),
                ),
                _ => (hash_action(Action::Create(action.clone()))?, None),
            };
            // The agent-activity authorities are the ones whose warrant blocks an author, so
            // they judge the content rules too, not only the chain rule.
            match entry_of(&hash, &Action::Create(action.clone()), cached)? {
                Some(entry) => match validate_create(&entry, &action)? {
                    ValidateCallbackResult::Valid => validate_chain(&entry, &action),
                    other => Ok(other),
                },
                None => ioen_hdi::invalid("A market record's entry does not decode."),
            }
        }
        FlatOp::StoreEntry(OpEntry::UpdateEntry { .. })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry { .. })
        | FlatOp::RegisterUpdate(_) => ioen_hdi::invalid(
            "Market records cannot be updated: an answer or a confirmation is final.",
        ),
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
            ioen_hdi::invalid("Market links cannot be deleted: inboxes keep every message.")
        }
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

fn validate_create(entry: &EntryTypes, action: &Create) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Offer(offer) => validate_create_offer(action, offer),
        EntryTypes::Demand(demand) => validate_create_demand(action, demand),
        EntryTypes::Bid(bid) => validate_create_bid(action, bid),
        EntryTypes::Contract(contract) => validate_create_contract(action, contract),
        EntryTypes::RejectionReceipt(rejection) => validate_create_rejection(action, rejection),
        EntryTypes::Confirmation(confirmation) => {
            validate_create_confirmation(action, confirmation)
        }
    }
}

/// The chain-context rule of each entry type, on its create action.
fn validate_chain(entry: &EntryTypes, action: &Create) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Offer(offer) => {
            validate_declaration_chain(action, &offer.0.previous_declaration)
        }
        EntryTypes::Demand(demand) => {
            validate_declaration_chain(action, &demand.0.previous_declaration)
        }
        EntryTypes::Contract(contract) => validate_answer_chain(
            action,
            &contract.0.offer,
            &contract.0.bid,
            contract.0.previous_answer.as_ref(),
        ),
        EntryTypes::RejectionReceipt(rejection) => validate_answer_chain(
            action,
            &rejection.0.offer,
            &rejection.0.bid,
            rejection.0.previous_answer.as_ref(),
        ),
        EntryTypes::Confirmation(confirmation) => {
            validate_confirmation_chain(action, &confirmation.0.demand)
        }
        EntryTypes::Bid(_) => Ok(ValidateCallbackResult::Valid),
    }
}

/// Rules:
/// 1. No market record is ever deleted: contracts and confirmations are what invoices are
///    built from. Deletes of other zomes' records are not this zome's to judge.
fn validate_delete(original_action_hash: &ActionHash) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(original_action_hash.clone())?;
    let ours = ScopedEntryDefIndex::try_from(UnitEntryTypes::Offer)?.zome_index;
    match original.action().entry_type() {
        Some(EntryType::App(def)) if def.zome_index == ours => {
            ioen_hdi::invalid("Market records cannot be deleted.")
        }
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

/// The entry of a create action of this zome, decoded: from the agent-activity cache when the
/// op or walk carries it (these types are cached there), else from the record. The record, not
/// the bare entry, is fetched because while the author validates several writes of one call, the
/// earlier ones are found as records only. `None` for actions of other zomes or without an entry.
pub(crate) fn entry_of(
    hash: &ActionHash,
    action: &Action,
    cached: Option<&Entry>,
) -> ExternResult<Option<EntryTypes>> {
    let Some(EntryType::App(def)) = action.entry_type() else {
        return Ok(None);
    };
    let ours = ScopedEntryDefIndex::try_from(UnitEntryTypes::Offer)?.zome_index;
    if def.zome_index != ours {
        return Ok(None);
    }
    let entry = match cached {
        Some(entry) => entry.clone(),
        None => match ioen_hdi::record_content(hash)?.entry().as_option() {
            Some(entry) => entry.clone(),
            None => return Ok(None),
        },
    };
    EntryTypes::deserialize_from_type(def.zome_index, def.entry_index, &entry)
}

/// The author's actions from just before `action` back to the action the entry names, newest
/// first, or why that named action cannot bound a walk. The named action is read first (a fixed
/// cost), so a walk never runs to genesis looking for an action that is not on this chain.
pub(crate) fn walk_back_to(
    action: &Create,
    named: &ActionHash,
) -> ExternResult<Result<Vec<RegisterAgentActivity>, String>> {
    let bound = must_get_action(named.clone())?;
    if bound.action().author() != &action.author || bound.action().action_seq() >= action.action_seq
    {
        return Ok(Err(
            "The record an entry names as its predecessor must be an earlier action of its author."
                .into(),
        ));
    }
    let mut walk = must_get_agent_activity(
        action.author.clone(),
        ChainFilter::new(action.prev_action.clone())
            .until_hash(named.clone())
            .include_cached_entries(),
    )?;
    walk.sort_by_key(|a| std::cmp::Reverse(a.action.action().action_seq()));
    if !walk.iter().any(|a| a.action.as_hash() == named) {
        return Ok(Err(
            "The named predecessor is not on the author's chain before this entry.".into(),
        ));
    }
    walk.retain(|a| a.action.as_hash() != named);
    Ok(Ok(walk))
}

/// Whether an activity is a create of the given entry type of this zome.
pub(crate) fn creates(
    activity: &RegisterAgentActivity,
    unit: UnitEntryTypes,
) -> ExternResult<bool> {
    let scoped = ScopedEntryDefIndex::try_from(unit)?;
    Ok(matches!(
        activity.action.action(),
        Action::Create(Create { entry_type: EntryType::App(def), .. })
            if def.zome_index == scoped.zome_index && def.entry_index == scoped.zome_type
    ))
}

/// The tag of an inbox link: the supply cycle, 8 bytes big-endian (sorts and prefixes by cycle).
pub fn cycle_tag(supply_cycle: u64) -> LinkTag {
    LinkTag::new(supply_cycle.to_be_bytes().to_vec())
}

/// Rule I15: each entry type's name in words and the most bytes its encoding may take.
fn entry_limit(index: u8) -> ExternResult<(&'static str, usize)> {
    use ioen_hdi::entry_index::{BID, CONFIRMATION, CONTRACT, DEMAND, OFFER, REJECTION_RECEIPT};
    let name = match index {
        OFFER => "offer",
        DEMAND => "demand",
        BID => "bid",
        CONTRACT => "contract",
        REJECTION_RECEIPT => "rejection receipt",
        CONFIRMATION => "confirmation",
        _ => "market entry",
    };
    Ok((name, ioen_core::MAX_ENTRY_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ioen_hdi::entry_index` is how other zomes find these types; keep it in step.
    #[test]
    fn entry_indices_match_the_shared_constants() {
        use ioen_hdi::entry_index as idx;
        assert_eq!(UnitEntryTypes::Offer as u8, idx::OFFER);
        assert_eq!(UnitEntryTypes::Demand as u8, idx::DEMAND);
        assert_eq!(UnitEntryTypes::Bid as u8, idx::BID);
        assert_eq!(UnitEntryTypes::Contract as u8, idx::CONTRACT);
        assert_eq!(
            UnitEntryTypes::RejectionReceipt as u8,
            idx::REJECTION_RECEIPT
        );
        assert_eq!(UnitEntryTypes::Confirmation as u8, idx::CONFIRMATION);
    }

    /// `ioen_hdi::link_index` is how other zomes read these links; keep it in step.
    #[test]
    fn link_indices_match_the_shared_constants() {
        use ioen_hdi::link_index as idx;
        assert_eq!(LinkTypes::BidInbox as u8, idx::BID_INBOX);
        assert_eq!(LinkTypes::AnswerInbox as u8, idx::ANSWER_INBOX);
        assert_eq!(LinkTypes::ConfirmationInbox as u8, idx::CONFIRMATION_INBOX);
        assert_eq!(LinkTypes::AgentToOffer as u8, idx::AGENT_TO_OFFER);
    }
}

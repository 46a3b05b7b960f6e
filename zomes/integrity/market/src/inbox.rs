//! Inbox links: how a producer finds the bids made to it, a consumer the answers to its bids, a
//! producer the confirmations of its contracts, and anyone a producer's offers.

use hdi::prelude::*;
use ioen_hdi::records::{
    BidData, ConfirmationData, ContractData, DemandData, OfferData, RejectionData,
};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, zome_names};
use serde::de::DeserializeOwned;

use crate::{cycle_tag, LinkTypes};

/// Rules, for every market link:
/// 1. The target is a record of the link's type, written by the link's author. Only its content
///    is read, never its validity: a validator that had not judged the target yet would take a
///    rogue's word that it is valid, disagree with those that had, and block the honest authors
///    of their warrants (decision 52). The target's own rules are its own validators'; readers
///    check what they follow a link to.
/// 2. The base is the agent the message is for: the bid's producer (BidInbox), the bidder
///    (AnswerInbox), the contract's producer (ConfirmationInbox), the author itself (AgentToOffer).
/// 3. The tag is the target's supply cycle, so inboxes read by cycle see only their cycle.
pub fn validate_create_inbox_link(
    link_type: LinkTypes,
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    let Some(target) = target.clone().into_action_hash() else {
        return ioen_hdi::invalid("A market link must target a record's action hash.");
    };
    let (target_author, recipient, supply_cycle) = valid_or_return!(match link_type {
        LinkTypes::BidInbox => bid_inbox(&target)?,
        LinkTypes::AnswerInbox => answer_inbox(&target)?,
        LinkTypes::ConfirmationInbox => confirmation_inbox(&target)?,
        LinkTypes::AgentToOffer => offer_link(&target)?,
    });
    if target_author != action.author {
        return ioen_hdi::invalid("A market link can only be made by the author of its target.");
    }
    if *base != AnyLinkableHash::from(recipient) {
        return ioen_hdi::invalid("A market link must hang from the agent its message is for.");
    }
    if *tag != cycle_tag(supply_cycle) {
        return ioen_hdi::invalid("A market link's tag must be its target's supply cycle.");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// (author, recipient, supply cycle) of a message, or why the target is not one.
type Message = Result<(AgentPubKey, AgentPubKey, u64), String>;

/// A market record's content, decoded as entry `index` ([`fetch_content`]).
fn content<T: DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    index: u8,
    what: &str,
) -> ExternResult<Result<(Record, T), String>> {
    fetch_content(hash, zome_names::MARKET, index, what)
}

fn bid_inbox(target: &ActionHash) -> ExternResult<Message> {
    let (record, bid) = valid_or_return_ok!(content::<BidData>(target, entry_index::BID, "bid")?);
    let (_, demand) = valid_or_return_ok!(content::<DemandData>(
        &bid.demand,
        entry_index::DEMAND,
        "demand"
    )?);
    Ok(Ok((
        record.action().author().clone(),
        bid.producer,
        demand.supply_cycle,
    )))
}

fn answer_inbox(target: &ActionHash) -> ExternResult<Message> {
    let action = must_get_action(target.clone())?;
    let contract_def = ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::CONTRACT)?;
    let rejection_def =
        ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::REJECTION_RECEIPT)?;
    let bid_hash = if ioen_hdi::is_entry_of(action.action(), contract_def) {
        valid_or_return_ok!(content::<ContractData>(
            target,
            entry_index::CONTRACT,
            "contract"
        )?)
        .1
        .bid
    } else if ioen_hdi::is_entry_of(action.action(), rejection_def) {
        valid_or_return_ok!(content::<RejectionData>(
            target,
            entry_index::REJECTION_RECEIPT,
            "rejection receipt"
        )?)
        .1
        .bid
    } else {
        return Ok(Err(
            "An answer inbox link must target a contract or a rejection receipt.".into(),
        ));
    };
    let (bid_record, bid) =
        valid_or_return_ok!(content::<BidData>(&bid_hash, entry_index::BID, "bid")?);
    let (_, demand) = valid_or_return_ok!(content::<DemandData>(
        &bid.demand,
        entry_index::DEMAND,
        "demand"
    )?);
    Ok(Ok((
        action.action().author().clone(),
        bid_record.action().author().clone(),
        demand.supply_cycle,
    )))
}

fn confirmation_inbox(target: &ActionHash) -> ExternResult<Message> {
    let (record, confirmation) = valid_or_return_ok!(content::<ConfirmationData>(
        target,
        entry_index::CONFIRMATION,
        "confirmation"
    )?);
    let (contract_record, _) = valid_or_return_ok!(content::<ContractData>(
        &confirmation.contract,
        entry_index::CONTRACT,
        "contract"
    )?);
    let (_, demand) = valid_or_return_ok!(content::<DemandData>(
        &confirmation.demand,
        entry_index::DEMAND,
        "demand"
    )?);
    Ok(Ok((
        record.action().author().clone(),
        contract_record.action().author().clone(),
        demand.supply_cycle,
    )))
}

fn offer_link(target: &ActionHash) -> ExternResult<Message> {
    let (record, offer) =
        valid_or_return_ok!(content::<OfferData>(target, entry_index::OFFER, "offer")?);
    let author = record.action().author().clone();
    Ok(Ok((author.clone(), author, offer.supply_cycle)))
}

/// Like `valid_or_return!`, for helpers that return the reason instead of a verdict.
macro_rules! valid_or_return_ok {
    ($fetched:expr) => {
        match $fetched {
            Ok(found) => found,
            Err(reason) => return Ok(Err(reason)),
        }
    };
}
use valid_or_return_ok;

//! Contract and RejectionReceipt: a producer's one answer to a bid (rules I5 and I7).
//!
//! Answers to one Offer form a pointer chain: each names the previous answer and carries the
//! energy allocated so far, so capacity is checked from one predecessor instead of a sum.

use hdi::prelude::*;
use ioen_core::market::{
    check_answer_chain, check_contract, check_rejection, AnswerChainFacts, ContractFacts,
    RejectionFacts,
};
use ioen_hdi::records::{ContractData, OfferData, RejectionData};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, verdict, zome_names};

use crate::bid::{fetch_bid, fetch_demand, fetch_profile};
use crate::{creates, entry_of, walk_back_to, EntryTypes, UnitEntryTypes};

/// A producer's acceptance of (part of) a bid; the fields are [`ContractData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Contract(pub ContractData);

/// A producer's refusal of a bid; the fields are [`RejectionData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct RejectionReceipt(pub RejectionData);

/// What an answer's predecessors say: the Offer and the energy allocated before this answer.
struct AnswerContext {
    offer: OfferData,
    previous_allocated_wh: u64,
}

/// Rules:
/// 1. I5: the Offer named is the author's own.
/// 2. I5: the previous answer named (if any) answers the same Offer; the allocation starts there.
/// 3. I5/I7: the author is the bid's producer; Offer and bid are for the same supply cycle; made
///    during the bidding window; energy above zero and at most the bid's; price equal to the
///    bid's and not below the Offer's reserve; the consumer accepts the Offer's method; the
///    allocated total is the previous total plus this energy and stays within capacity.
pub fn validate_create_contract(
    action: &Create,
    contract: &Contract,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let c = &contract.0;
    let context = valid_or_return!(answer_context(
        action,
        &c.offer,
        c.previous_answer.as_ref()
    )?);
    let (_, bid) = valid_or_return!(fetch_bid(&c.bid)?);
    let (_, demand) = valid_or_return!(fetch_demand(&bid.demand)?);
    let (_, consumer) = valid_or_return!(fetch_profile(&demand.profile)?);
    Ok(verdict(check_contract(
        &ContractFacts {
            bid_supply_cycle: demand.supply_cycle,
            offer_supply_cycle: context.offer.supply_cycle,
            offer_method: context.offer.method,
            offer_capacity_wh: context.offer.capacity_wh,
            offer_reserve_price_per_kwh: context.offer.reserve_price_per_kwh,
            bid_energy_wh: bid.energy_wh,
            bid_price_per_kwh: bid.price_per_kwh,
            energy_wh: c.energy_wh,
            price_per_kwh: c.price_per_kwh,
            previous_allocated_wh: context.previous_allocated_wh,
            allocated_wh: c.allocated_wh,
            author_is_bid_producer: bid.producer == action.author,
            consumer: &consumer,
            authored_at: action.timestamp.as_micros(),
        },
        &props,
    )))
}

/// Rules:
/// 1. I7: the Offer named is the author's own; the previous answer (if any) answers it too.
/// 2. I7: the author is the bid's producer; same supply cycle; made during the bidding window;
///    the allocated total is carried unchanged; a reason of 1-200 characters.
pub fn validate_create_rejection(
    action: &Create,
    rejection: &RejectionReceipt,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let r = &rejection.0;
    let context = valid_or_return!(answer_context(
        action,
        &r.offer,
        r.previous_answer.as_ref()
    )?);
    let (_, bid) = valid_or_return!(fetch_bid(&r.bid)?);
    let (_, demand) = valid_or_return!(fetch_demand(&bid.demand)?);
    Ok(verdict(check_rejection(
        &RejectionFacts {
            bid_supply_cycle: demand.supply_cycle,
            offer_supply_cycle: context.offer.supply_cycle,
            previous_allocated_wh: context.previous_allocated_wh,
            allocated_wh: r.allocated_wh,
            author_is_bid_producer: bid.producer == action.author,
            reason: &r.reason,
            authored_at: action.timestamp.as_micros(),
        },
        &props,
    )))
}

/// Rules:
/// 1. I7: no other answer to the same bid lies between the Offer and this answer.
/// 2. I5: the newest answer of the same Offer before this one is exactly the previous answer it
///    names (none for the first), so the allocation chain cannot fork or skip.
///
/// The walk goes back to the Offer only: one cycle of the producer's actions.
pub fn validate_answer_chain(
    action: &Create,
    offer: &ActionHash,
    bid: &ActionHash,
    previous_answer: Option<&ActionHash>,
) -> ExternResult<ValidateCallbackResult> {
    let walk = valid_or_return!(walk_back_to(action, offer)?);
    let mut newest_of_offer: Option<ActionHash> = None;
    let mut same_bid_answered = false;
    for activity in &walk {
        if !creates(activity, UnitEntryTypes::Contract)?
            && !creates(activity, UnitEntryTypes::RejectionReceipt)?
        {
            continue;
        }
        let answered = match entry_of(
            activity.action.as_hash(),
            activity.action.action(),
            activity.cached_entry.as_ref(),
        )? {
            Some(EntryTypes::Contract(c)) => Some((c.0.offer, c.0.bid)),
            Some(EntryTypes::RejectionReceipt(r)) => Some((r.0.offer, r.0.bid)),
            _ => None,
        };
        if let Some((answer_offer, answer_bid)) = answered {
            if &answer_offer == offer {
                if newest_of_offer.is_none() {
                    newest_of_offer = Some(activity.action.as_hash().clone());
                }
                same_bid_answered |= &answer_bid == bid;
            }
        }
    }
    Ok(verdict(check_answer_chain(&AnswerChainFacts {
        same_bid_answered,
        latest_answer_is_previous: newest_of_offer.as_ref() == previous_answer,
    })))
}

/// The Offer (the author's own) and the allocation before this answer.
fn answer_context(
    action: &Create,
    offer_hash: &ActionHash,
    previous_answer: Option<&ActionHash>,
) -> ExternResult<Result<AnswerContext, String>> {
    let (offer_record, offer) = match fetch_content::<OfferData>(
        offer_hash,
        zome_names::MARKET,
        entry_index::OFFER,
        "offer",
    )? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    if offer_record.action().author() != &action.author {
        return Ok(Err("An answer must name the producer's own offer.".into()));
    }
    let Some(previous_hash) = previous_answer else {
        return Ok(Ok(AnswerContext {
            offer,
            previous_allocated_wh: 0,
        }));
    };
    let previous = ioen_hdi::record_content(previous_hash)?;
    let answered = match entry_of(
        previous.action_address(),
        previous.action(),
        previous.entry().as_option(),
    )? {
        Some(EntryTypes::Contract(c)) => Some((c.0.offer, c.0.allocated_wh)),
        Some(EntryTypes::RejectionReceipt(r)) => Some((r.0.offer, r.0.allocated_wh)),
        _ => None,
    };
    match answered {
        Some((previous_offer, allocated))
            if &previous_offer == offer_hash && previous.action().author() == &action.author =>
        {
            Ok(Ok(AnswerContext {
                offer,
                previous_allocated_wh: allocated,
            }))
        }
        _ => Ok(Err(
            "The previous answer must be an answer to the same offer.".into(),
        )),
    }
}

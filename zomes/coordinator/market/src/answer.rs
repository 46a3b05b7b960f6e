//! Answering bids: a producer accepts (a contract) or rejects (a receipt with a reason).

use hdk::prelude::*;
use ioen_core::market::{
    allocate, check_contract, check_rejection, Allocation, BidToAllocate, ContractFacts,
    RejectionFacts,
};
use ioen_core::{ProfileData, Wh};
use ioen_hdi::records::{BidData, ContractData, DemandData, OfferData, RejectionData};
use market_integrity::{cycle_tag, Contract, EntryTypes, LinkTypes, RejectionReceipt};

use crate::bid::{get_incoming_bids, BidStatus};
use crate::chain::{answers_under, latest_answer, my_offer};
use crate::counterpart::check_bid_to_answer;
use crate::cycle::{clock, now};
use crate::error::MarketError;

/// Which bid to accept, and how much of it.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AcceptBidInput {
    /// The bid.
    pub bid: ActionHash,
    /// Energy to contract, in Wh; the whole bid when absent.
    #[serde(default)]
    pub energy_wh: Option<Wh>,
}

/// Which bid to reject, and why.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct RejectBidInput {
    /// The bid.
    pub bid: ActionHash,
    /// Why, for the consumer (1-200 characters).
    pub reason: String,
}

/// An answer as written.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum AnswerView {
    /// A contract.
    Contract {
        /// Its action hash.
        contract_hash: ActionHash,
        /// Its content.
        contract: ContractData,
    },
    /// A rejection receipt.
    Rejection {
        /// Its action hash.
        rejection_hash: ActionHash,
        /// Its content.
        rejection: RejectionData,
    },
}

/// What answering a bid needs to know: the bid, its consumer and cycle, the caller's Offer for
/// that cycle and the latest answer of that Offer.
struct BidContext {
    bid: BidData,
    consumer_agent: AgentPubKey,
    consumer: ProfileData,
    supply_cycle: u64,
    offer_hash: ActionHash,
    offer: OfferData,
    previous_answer: Option<ActionHash>,
    previous_allocated_wh: Wh,
}

/// Accepts a bid made to the caller, in whole or in part, within its Offer's capacity.
#[hdk_extern]
pub fn accept_bid(input: AcceptBidInput) -> ExternResult<AnswerView> {
    let (props, _) = clock()?;
    let ctx = bid_context(&input.bid)?;
    let remaining = ctx
        .offer
        .capacity_wh
        .saturating_sub(ctx.previous_allocated_wh);
    if remaining == 0 {
        return Err(MarketError::NoCapacityLeft {
            supply_cycle: ctx.supply_cycle,
            capacity_wh: ctx.offer.capacity_wh,
        }
        .into());
    }
    let energy_wh = input.energy_wh.unwrap_or(ctx.bid.energy_wh);
    let allocated_wh = ctx.previous_allocated_wh.saturating_add(energy_wh);
    check_contract(
        &ContractFacts {
            bid_supply_cycle: ctx.supply_cycle,
            offer_supply_cycle: ctx.offer.supply_cycle,
            offer_method: ctx.offer.method,
            offer_capacity_wh: ctx.offer.capacity_wh,
            offer_reserve_price_per_kwh: ctx.offer.reserve_price_per_kwh,
            bid_energy_wh: ctx.bid.energy_wh,
            bid_price_per_kwh: ctx.bid.price_per_kwh,
            energy_wh,
            price_per_kwh: ctx.bid.price_per_kwh,
            previous_allocated_wh: ctx.previous_allocated_wh,
            allocated_wh,
            author_is_bid_producer: true,
            consumer: &ctx.consumer,
            authored_at: now()?,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let contract = ContractData {
        offer: ctx.offer_hash.clone(),
        bid: input.bid.clone(),
        energy_wh,
        price_per_kwh: ctx.bid.price_per_kwh,
        previous_answer: ctx.previous_answer.clone(),
        allocated_wh,
    };
    let contract_hash = create_entry(EntryTypes::Contract(Contract(contract.clone())))?;
    create_link(
        ctx.consumer_agent.clone(),
        contract_hash.clone(),
        LinkTypes::AnswerInbox,
        cycle_tag(ctx.supply_cycle),
    )?;
    Ok(AnswerView::Contract {
        contract_hash,
        contract,
    })
}

/// Rejects a bid made to the caller, with a reason the consumer sees.
#[hdk_extern]
pub fn reject_bid(input: RejectBidInput) -> ExternResult<AnswerView> {
    let (props, _) = clock()?;
    let ctx = bid_context(&input.bid)?;
    let reason = input.reason.trim().to_string();
    check_rejection(
        &RejectionFacts {
            bid_supply_cycle: ctx.supply_cycle,
            offer_supply_cycle: ctx.offer.supply_cycle,
            previous_allocated_wh: ctx.previous_allocated_wh,
            allocated_wh: ctx.previous_allocated_wh,
            author_is_bid_producer: true,
            reason: &reason,
            authored_at: now()?,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let rejection = RejectionData {
        offer: ctx.offer_hash,
        bid: input.bid.clone(),
        reason: reason.clone(),
        previous_answer: ctx.previous_answer,
        allocated_wh: ctx.previous_allocated_wh,
    };
    let rejection_hash = create_entry(EntryTypes::RejectionReceipt(RejectionReceipt(
        rejection.clone(),
    )))?;
    create_link(
        ctx.consumer_agent.clone(),
        rejection_hash.clone(),
        LinkTypes::AnswerInbox,
        cycle_tag(ctx.supply_cycle),
    )?;
    Ok(AnswerView::Rejection {
        rejection_hash,
        rejection,
    })
}

/// Answers the next waiting bid of `supply_cycle` by the producer's policy: highest price
/// first, then earliest; a whole bid while it fits, the rest of the capacity to the next one,
/// and once the capacity is allocated the others are rejected with a reason. Returns the answer
/// written, or `None` when no bid is waiting: call it until it returns `None`.
///
/// One answer per call, because each answer names the one before it and Holochain 0.6.3's
/// validation of a commit cannot read an answer written earlier in the same call
/// (docs/decisions.md, "One answer per call").
#[hdk_extern]
pub fn auto_accept(supply_cycle: u64) -> ExternResult<Option<AnswerView>> {
    let Some(offer) = my_offer(supply_cycle)? else {
        return Err(MarketError::NoOffer(supply_cycle).into());
    };
    let waiting: Vec<_> = get_incoming_bids(supply_cycle)?
        .into_iter()
        .filter(|b| b.status == BidStatus::Waiting)
        .collect();
    let allocated = latest_answer(&offer)?.map(|(_, wh)| wh).unwrap_or(0);
    let candidates: Vec<BidToAllocate> = waiting
        .iter()
        .enumerate()
        .map(|(id, b)| BidToAllocate {
            id,
            energy_wh: b.bid.energy_wh,
            price_per_kwh: b.bid.price_per_kwh,
            authored_at: b.authored_at,
        })
        .collect();
    let remaining = offer.data.capacity_wh.saturating_sub(allocated);
    let Some(decision) = allocate(&candidates, remaining, offer.data.reserve_price_per_kwh)
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let Some(bid) = waiting.get(decision.id()) else {
        return Ok(None);
    };
    let answer = match decision {
        Allocation::Accept { energy_wh, .. } => accept_bid(AcceptBidInput {
            bid: bid.bid_hash.clone(),
            energy_wh: Some(energy_wh),
        })?,
        Allocation::Reject { reason, .. } => reject_bid(RejectBidInput {
            bid: bid.bid_hash.clone(),
            reason,
        })?,
    };
    Ok(Some(answer))
}

fn bid_context(bid_hash: &ActionHash) -> ExternResult<BidContext> {
    let me = agent_info()?.agent_initial_pubkey;
    let bid_record =
        get(bid_hash.clone(), GetOptions::network())?.ok_or(MarketError::NotFound("bid"))?;
    let bid: BidData = ioen_hdk::decode(&bid_record).ok_or(MarketError::NotFound("bid"))?;
    if bid.producer != me {
        return Err(MarketError::NotYourBid.into());
    }
    let demand_record =
        get(bid.demand.clone(), GetOptions::network())?.ok_or(MarketError::NotFound("demand"))?;
    let demand: DemandData =
        ioen_hdk::decode(&demand_record).ok_or(MarketError::NotFound("demand"))?;
    let consumer: ProfileData = fetch(&demand.profile, "consumer's profile")?;
    let props = ioen_hdi::network_properties()?;
    check_bid_to_answer(
        &bid_record,
        &bid,
        &demand_record,
        &demand,
        &consumer,
        &props,
    )?
    .map_err(WasmError::from)?;
    let Some(offer) = my_offer(demand.supply_cycle)? else {
        return Err(MarketError::NoOffer(demand.supply_cycle).into());
    };
    if answers_under(&offer)?
        .iter()
        .any(|(_, a)| a.bid() == bid_hash)
    {
        return Err(MarketError::AlreadyAnswered.into());
    }
    let previous = latest_answer(&offer)?;
    Ok(BidContext {
        consumer_agent: bid_record.action().author().clone(),
        bid,
        consumer,
        supply_cycle: demand.supply_cycle,
        offer_hash: offer.hash,
        offer: offer.data,
        previous_allocated_wh: previous.as_ref().map(|(_, wh)| *wh).unwrap_or(0),
        previous_answer: previous.map(|(hash, _)| hash),
    })
}

/// Gets a record and decodes its entry, or fails with [`MarketError::NotFound`].
pub(crate) fn fetch<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    what: &'static str,
) -> ExternResult<T> {
    let record = get(hash.clone(), GetOptions::network())?.ok_or(MarketError::NotFound(what))?;
    Ok(ioen_hdk::decode(&record).ok_or(MarketError::NotFound(what))?)
}

//! Checking a counterpart's records before building on them (design.md section 5).
//!
//! A Contract names a bid, a Confirmation names a contract; validators accept each only when
//! what it names is valid. A node that is not an authority for the named record trusts the
//! status the answering peer reports, and a rogue reports its own invalid records as valid. So
//! before answering a bid or confirming a contract, the coordinator re-runs the integrity zome's
//! pure rules on the counterpart's record, with its own chain as the anchor, and asks the
//! network for the counterpart's standing ([`ioen_hdk::standing`]).

use hdk::prelude::*;
use ioen_core::market::{check_bid, check_contract, BidFacts, ContractFacts};
use ioen_core::{NetworkProperties, ProfileData};
use ioen_hdi::records::{BidData, ContractData, DemandData, OfferData, RejectionData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::standing::standing;

use crate::error::MarketError;

/// Whether the bid in `bid_record` (to the caller) may be answered.
///
/// Rules:
/// 1. The consumer's standing is good (not warranted, forked or invalid on the network).
/// 2. The bid names the bidder's own demand and the producer's own profile, and passes
///    `check_bid` at its own time (I4), as its validators check it.
pub fn check_bid_to_answer(
    bid_record: &Record,
    bid: &BidData,
    demand_record: &Record,
    demand: &DemandData,
    consumer: &ProfileData,
    props: &NetworkProperties,
) -> ExternResult<Result<(), MarketError>> {
    let bidder = bid_record.action().author();
    if let Err(untrusted) = standing(bidder)? {
        return Ok(Err(MarketError::Counterpart(untrusted)));
    }
    check_bid_content(bid_record, bid, demand_record, demand, consumer, props)
}

/// Rule 2 of [`check_bid_to_answer`] alone: what the bid's own records say, without asking the
/// network for the bidder's standing. `get_incoming_bids` lists a bid only when it passes: a
/// bid inbox link says only that its target is a bid (decision 52).
pub fn check_bid_content(
    bid_record: &Record,
    bid: &BidData,
    demand_record: &Record,
    demand: &DemandData,
    consumer: &ProfileData,
    props: &NetworkProperties,
) -> ExternResult<Result<(), MarketError>> {
    let bidder = bid_record.action().author();
    if demand_record.action().author() != bidder {
        return Ok(Err(MarketError::Tampered("a bid on someone else's demand")));
    }
    let Some(producer_record) = get(bid.producer_profile.clone(), GetOptions::network())? else {
        return Ok(Err(MarketError::NotFound("producer's profile")));
    };
    let Some(producer) = ioen_hdk::decode::<ProfileData>(&producer_record) else {
        return Ok(Err(MarketError::NotFound("producer's profile")));
    };
    if producer_record.action().author() != &bid.producer {
        return Ok(Err(MarketError::Tampered(
            "a bid naming another household's profile",
        )));
    }
    Ok(check_bid(
        &BidFacts {
            supply_cycle: demand.supply_cycle,
            energy_wh: bid.energy_wh,
            price_per_kwh: bid.price_per_kwh,
            authored_at: bid_record.action().timestamp().as_micros(),
            bidder_is_producer: &bid.producer == bidder,
            consumer,
            producer: &producer,
        },
        props,
    )
    .map_err(MarketError::from))
}

/// Whether the contract in `contract_record` (for the caller's own bid `bid`, under its own
/// demand and profile) may be confirmed.
///
/// Rules:
/// 1. The producer's standing is good.
/// 2. The contract names the producer's own offer, and its previous answer (if any) is the
///    producer's answer to the same offer; its allocated total follows from that answer and
///    stays within the offer's capacity; it passes `check_contract` at its own time (I5), as its
///    validators check it.
pub fn check_contract_to_confirm(
    contract_record: &Record,
    contract: &ContractData,
    bid: &BidData,
    demand: &DemandData,
    consumer: &ProfileData,
    props: &NetworkProperties,
) -> ExternResult<Result<(), MarketError>> {
    let producer = contract_record.action().author();
    if let Err(untrusted) = standing(producer)? {
        return Ok(Err(MarketError::Counterpart(untrusted)));
    }
    check_contract_content(contract_record, contract, bid, demand, consumer, props)
}

/// Rule 2 of [`check_contract_to_confirm`] alone: what the contract's own records say, without
/// asking the network for the producer's standing. A consumer's answers list a contract only
/// when it passes: an answer inbox link says only that its target is a contract (decision 52).
pub fn check_contract_content(
    contract_record: &Record,
    contract: &ContractData,
    bid: &BidData,
    demand: &DemandData,
    consumer: &ProfileData,
    props: &NetworkProperties,
) -> ExternResult<Result<(), MarketError>> {
    let producer = contract_record.action().author();
    let Some(offer_record) = get(contract.offer.clone(), GetOptions::network())? else {
        return Ok(Err(MarketError::NotFound("offer")));
    };
    let Some(offer) = typed::<OfferData>(&offer_record, entry_index::OFFER)? else {
        return Ok(Err(MarketError::Tampered(
            "a contract naming something else as its offer",
        )));
    };
    if offer_record.action().author() != producer {
        return Ok(Err(MarketError::Tampered(
            "a contract on someone else's offer",
        )));
    }
    let previous_allocated_wh = match &contract.previous_answer {
        None => 0,
        Some(previous) => match previous_allocation(previous, &contract.offer, producer)? {
            Ok(wh) => wh,
            Err(error) => return Ok(Err(error)),
        },
    };
    Ok(check_contract(
        &ContractFacts {
            bid_supply_cycle: demand.supply_cycle,
            offer_supply_cycle: offer.supply_cycle,
            offer_method: offer.method,
            offer_capacity_wh: offer.capacity_wh,
            offer_reserve_price_per_kwh: offer.reserve_price_per_kwh,
            bid_energy_wh: bid.energy_wh,
            bid_price_per_kwh: bid.price_per_kwh,
            energy_wh: contract.energy_wh,
            price_per_kwh: contract.price_per_kwh,
            previous_allocated_wh,
            allocated_wh: contract.allocated_wh,
            author_is_bid_producer: &bid.producer == producer,
            consumer,
            authored_at: contract_record.action().timestamp().as_micros(),
        },
        props,
    )
    .map_err(MarketError::from))
}

/// The allocated total of `previous`, when it is `producer`'s Contract or RejectionReceipt for
/// `offer`. A previous answer that has not reached this node yet is `NotFound` (the call may be
/// tried again), not a sign of tampering.
fn previous_allocation(
    previous: &ActionHash,
    offer: &ActionHash,
    producer: &AgentPubKey,
) -> ExternResult<Result<u64, MarketError>> {
    const FOREIGN: MarketError = MarketError::Tampered(
        "a contract whose previous answer is not an answer to the same offer",
    );
    let Some(record) = get(previous.clone(), GetOptions::network())? else {
        return Ok(Err(MarketError::NotFound("previous answer")));
    };
    if record.action().author() != producer {
        return Ok(Err(FOREIGN));
    }
    let allocated = if let Some(c) = typed::<ContractData>(&record, entry_index::CONTRACT)? {
        (&c.offer == offer).then_some(c.allocated_wh)
    } else if let Some(r) = typed::<RejectionData>(&record, entry_index::REJECTION_RECEIPT)? {
        (&r.offer == offer).then_some(r.allocated_wh)
    } else {
        None
    };
    Ok(allocated.ok_or(FOREIGN))
}

/// The market entry of type `index` in `record`, decoded; `None` for any other record.
fn typed<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    record: &Record,
    index: u8,
) -> ExternResult<Option<T>> {
    let def = ioen_hdi::app_entry_def(zome_names::MARKET, index)?;
    if !matches!(record.action(), Action::Create(_)) || !ioen_hdi::is_entry_of(record.action(), def)
    {
        return Ok(None);
    }
    Ok(ioen_hdk::decode::<T>(record))
}

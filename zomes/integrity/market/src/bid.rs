//! Bid: a consumer's offer to buy from one producer for the supply cycle of its Demand (rule I4).

use hdi::prelude::*;
use ioen_core::market::{check_bid, BidFacts};
use ioen_core::ProfileData;
use ioen_hdi::records::{BidData, DemandData};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, verdict, zome_names};

/// A consumer's bid to one producer; the fields are [`BidData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Bid(pub BidData);

/// Rules:
/// 1. I3: the bid names the bidder's own Demand, whose supply cycle it is for.
/// 2. I4: the producer profile it names is the named producer's own.
/// 3. I4: energy above zero; price above zero and within the network's maximum; made during the
///    bidding window of the supply cycle; not to oneself; the producer produces a method the
///    consumer accepts; the producer's postcode is local to the consumer's.
pub fn validate_create_bid(action: &Create, bid: &Bid) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let (demand_record, demand) = valid_or_return!(fetch_demand(&bid.0.demand)?);
    if demand_record.action().author() != &action.author {
        return ioen_hdi::invalid("A bid must name the bidder's own demand.");
    }
    let (_, consumer) = valid_or_return!(fetch_profile(&demand.profile)?);
    let (producer_record, producer) = valid_or_return!(fetch_profile(&bid.0.producer_profile)?);
    if producer_record.action().author() != &bid.0.producer {
        return ioen_hdi::invalid("The producer profile a bid names must be the producer's own.");
    }
    Ok(verdict(check_bid(
        &BidFacts {
            supply_cycle: demand.supply_cycle,
            energy_wh: bid.0.energy_wh,
            price_per_kwh: bid.0.price_per_kwh,
            authored_at: action.timestamp.as_micros(),
            bidder_is_producer: bid.0.producer == action.author,
            consumer: &consumer,
            producer: &producer,
        },
        &props,
    )))
}

// The market's rules read the demands, bids and profiles they name by content, not by validity
// (decision 52): a bid to a producer, a contract for a consumer's bid and a confirmation of a
// producer's contract each name another household's record, and a validator that had not
// judged that record yet would take a rogue's word that it is valid, disagree with those that
// had, and block the honest authors of their warrants. Each record's own rules are its own
// validators'; no market record moves money.

/// Reads a Demand record's content.
pub(crate) fn fetch_demand(
    hash: &ActionHash,
) -> ExternResult<Result<(Record, DemandData), String>> {
    fetch_content(hash, zome_names::MARKET, entry_index::DEMAND, "demand")
}

/// Reads a Bid record's content.
pub(crate) fn fetch_bid(hash: &ActionHash) -> ExternResult<Result<(Record, BidData), String>> {
    fetch_content(hash, zome_names::MARKET, entry_index::BID, "bid")
}

/// Reads a Profile record's content.
pub(crate) fn fetch_profile(
    hash: &ActionHash,
) -> ExternResult<Result<(Record, ProfileData), String>> {
    fetch_content(hash, zome_names::PROFILES, entry_index::PROFILE, "profile")
}

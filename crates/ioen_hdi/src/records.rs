//! The data of market entries, which name other records by hash.
//!
//! Integrity zomes wrap these in their entry types (`Offer(OfferData)`), so the ledger zome can
//! decode a market record into the same struct without linking the market zome's wasm.

use hdi::prelude::*;
use ioen_core::{GenerationMethod, PricePerKwh, Wh};

/// A producer's role declaration for one supply cycle: what it can deliver (rule I3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferData {
    /// The cycle in which the energy will be supplied.
    pub supply_cycle: u64,
    /// How the energy is generated; one of the producer's methods.
    pub method: GenerationMethod,
    /// Energy available for contracts, in Wh.
    pub capacity_wh: Wh,
    /// Lowest price accepted, in micro-IOEN per kWh, if any.
    pub reserve_price_per_kwh: Option<PricePerKwh>,
    /// The producer's profile (any version of its own) the offer is made under.
    pub profile: ActionHash,
    /// The author's previous Offer or Demand; for its first declaration, its profile's create
    /// action. Validation walks back to it to see that nothing was declared in between.
    pub previous_declaration: ActionHash,
}

/// A consumer's role declaration for one supply cycle: how much it wants (rule I3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandData {
    /// The cycle in which the energy will be supplied.
    pub supply_cycle: u64,
    /// Energy wanted, in Wh.
    pub wanted_wh: Wh,
    /// The consumer's profile (any version of its own): its postcode and accepted methods.
    pub profile: ActionHash,
    /// As in [`OfferData::previous_declaration`].
    pub previous_declaration: ActionHash,
}

/// A consumer's bid to one producer for the supply cycle of its Demand (rule I4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidData {
    /// The bidder's Demand for the cycle (its declaration).
    pub demand: ActionHash,
    /// The producer bid to.
    pub producer: AgentPubKey,
    /// The producer's profile (a version written by `producer`).
    pub producer_profile: ActionHash,
    /// Energy asked for, in Wh.
    pub energy_wh: Wh,
    /// Price offered, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
}

/// A producer's acceptance of (part of) a bid (rule I5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractData {
    /// The producer's Offer for the cycle.
    pub offer: ActionHash,
    /// The bid accepted.
    pub bid: ActionHash,
    /// Energy contracted, in Wh (at most the bid's).
    pub energy_wh: Wh,
    /// Price, in micro-IOEN per kWh (the bid's).
    pub price_per_kwh: PricePerKwh,
    /// The previous answer (contract or rejection) of the same Offer; `None` for the first.
    pub previous_answer: Option<ActionHash>,
    /// Energy allocated from the Offer after this contract, in Wh.
    pub allocated_wh: Wh,
}

/// A producer's refusal of a bid, with its reason (rule I7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionData {
    /// The producer's Offer for the cycle.
    pub offer: ActionHash,
    /// The bid rejected.
    pub bid: ActionHash,
    /// Why, for the consumer.
    pub reason: String,
    /// As in [`ContractData::previous_answer`].
    pub previous_answer: Option<ActionHash>,
    /// Energy allocated from the Offer so far (a rejection allocates nothing), in Wh.
    pub allocated_wh: Wh,
}

/// A consumer's confirmation of the one contract it takes for a cycle (rule I6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationData {
    /// The consumer's Demand for the cycle.
    pub demand: ActionHash,
    /// The contract confirmed.
    pub contract: ActionHash,
}

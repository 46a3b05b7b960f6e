//! The rules of the market entries (Offer, Demand, Bid, Contract,
//! RejectionReceipt, Confirmation) and the policies producers and consumers
//! use to answer bids and choose contracts.
//!
//! The rules take *facts*: plain data the zomes gather from the entry being
//! validated and the records it names (hashes are compared by the zomes and
//! passed in as booleans). Each `check_*` function applies its rules in the
//! documented order and returns the first one broken, so the same input
//! always gives the same message on every peer.
//!
//! Rules that need the author's source chain ("no second declaration in a
//! cycle", "no second answer to a bid", "no fork of the allocated total",
//! "no second confirmation") are split: the zome walks the chain and reports
//! what it found in [`AnswerChainFacts`] or a plain argument, and
//! [`check_declaration_order`], [`check_answer_chain`] and
//! [`check_single_confirmation`] turn that into a verdict.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::cycles::CycleClock;
use crate::error::CoreError;
use crate::profile::{check_text, GenerationMethod};
use crate::properties::NetworkProperties;
use crate::records::ProfileData;
use crate::units::{format_ioen, PricePerKwh, Wh};

/// Longest rejection reason, in characters.
pub const REASON_MAX_CHARS: usize = 200;

/// The reason [`allocate`] gives for bids that find no capacity left.
pub const FULLY_ALLOCATED_REASON: &str = "Capacity for this cycle is fully allocated.";

/// Facts about an Offer: a producer's role declaration for one supply cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferFacts<'a> {
    /// The cycle in which the energy is to be supplied.
    pub supply_cycle: u64,
    /// How the energy is generated.
    pub method: GenerationMethod,
    /// The most energy the producer will sell in the cycle, in watt-hours.
    pub capacity_wh: Wh,
    /// The lowest price the producer accepts, in micro-IOEN per kWh, if any.
    pub reserve_price_per_kwh: Option<PricePerKwh>,
    /// When the offer was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
    /// The producer's profile.
    pub producer: &'a ProfileData,
}

/// Checks an Offer.
///
/// Rules, in this order: the capacity is more than 0 Wh; the reserve price,
/// when set, is between 1 and `props.max_price_per_kwh`; the method is one of
/// the producer's `producer_methods`; the offer is authored in the bidding
/// window of its supply cycle.
///
/// # Errors
///
/// [`CoreError::ZeroCapacity`], [`CoreError::PriceOutOfRange`],
/// [`CoreError::MethodNotProduced`] or [`CoreError::OutsideBiddingWindow`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_offer(f: &OfferFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    if f.capacity_wh == 0 {
        return Err(CoreError::ZeroCapacity);
    }
    if let Some(reserve) = f.reserve_price_per_kwh {
        check_price(reserve, props)?;
    }
    if !f.producer.producer_methods.contains(&f.method) {
        return Err(CoreError::MethodNotProduced { method: f.method });
    }
    check_bidding_window(f.supply_cycle, f.authored_at, props)
}

/// Facts about a Demand: a consumer's role declaration for one supply cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemandFacts<'a> {
    /// The cycle in which the energy is to be supplied.
    pub supply_cycle: u64,
    /// How much energy the consumer wants, in watt-hours.
    pub wanted_wh: Wh,
    /// When the demand was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
    /// The consumer's profile.
    pub consumer: &'a ProfileData,
}

/// Checks a Demand.
///
/// Rules, in this order: the wanted energy is more than 0 Wh; the consumer
/// accepts at least one generation method; the demand is authored in the
/// bidding window of its supply cycle.
///
/// # Errors
///
/// [`CoreError::ZeroEnergy`] ("demand"), [`CoreError::AcceptsNothing`] or
/// [`CoreError::OutsideBiddingWindow`]; [`CoreError::InvalidProperty`] if
/// `props` has an invalid clock.
pub fn check_demand(f: &DemandFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    if f.wanted_wh == 0 {
        return Err(zero_energy("demand"));
    }
    if f.consumer.accepted_methods.is_empty() {
        return Err(CoreError::AcceptsNothing);
    }
    check_bidding_window(f.supply_cycle, f.authored_at, props)
}

/// Checks the order of an agent's declarations (rule I3).
///
/// The declarations (Offers and Demands) of one agent form a chain: each
/// names the previous one, and the first names the profile instead
/// (`previous_supply_cycle` is then `None`). A new declaration must be for a
/// later supply cycle than the previous one, so an agent has one role per
/// cycle.
///
/// # Errors
///
/// [`CoreError::RoleAlreadyDeclared`] if `supply_cycle` is not later than
/// `previous_supply_cycle`.
pub fn check_declaration_order(
    previous_supply_cycle: Option<u64>,
    supply_cycle: u64,
) -> Result<(), CoreError> {
    match previous_supply_cycle {
        Some(previous) if supply_cycle <= previous => Err(CoreError::RoleAlreadyDeclared {
            supply_cycle,
            previous_supply_cycle: previous,
        }),
        _ => Ok(()),
    }
}

/// Facts about a Bid and the demand and profiles it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BidFacts<'a> {
    /// The supply cycle of the bid's demand.
    pub supply_cycle: u64,
    /// The energy bid for, in watt-hours.
    pub energy_wh: Wh,
    /// The price offered, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// When the bid was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
    /// Whether the bidder is the producer it bids to.
    pub bidder_is_producer: bool,
    /// The bidder's profile.
    pub consumer: &'a ProfileData,
    /// The profile of the producer bid to.
    pub producer: &'a ProfileData,
}

/// Checks a Bid (rule I4).
///
/// Rules, in this order: the energy is more than 0 Wh; the price is between
/// 1 and `props.max_price_per_kwh`; the bid is authored in the bidding
/// window of its supply cycle; the bidder is not the producer; the producer
/// produces a method the consumer accepts; the producer is local to the
/// consumer ([`NetworkProperties::is_local`]).
///
/// # Errors
///
/// [`CoreError::ZeroEnergy`] ("bid"), [`CoreError::PriceOutOfRange`],
/// [`CoreError::OutsideBiddingWindow`], [`CoreError::OwnBid`],
/// [`CoreError::NoAcceptedMethod`] or [`CoreError::NotLocal`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_bid(f: &BidFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    if f.energy_wh == 0 {
        return Err(zero_energy("bid"));
    }
    check_price(f.price_per_kwh, props)?;
    check_bidding_window(f.supply_cycle, f.authored_at, props)?;
    if f.bidder_is_producer {
        return Err(CoreError::OwnBid);
    }
    let shared = f
        .producer
        .producer_methods
        .iter()
        .any(|m| f.consumer.accepted_methods.contains(m));
    if !shared {
        return Err(CoreError::NoAcceptedMethod {
            producer_methods: f.producer.producer_methods.clone(),
            accepted_methods: f.consumer.accepted_methods.clone(),
        });
    }
    if !props.is_local(&f.consumer.postcode, &f.producer.postcode) {
        return Err(CoreError::NotLocal {
            consumer_postcode: f.consumer.postcode.clone(),
            producer_postcode: f.producer.postcode.clone(),
        });
    }
    Ok(())
}

/// Facts about a Contract: a producer's acceptance of a bid into its offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractFacts<'a> {
    /// The supply cycle of the bid's demand.
    pub bid_supply_cycle: u64,
    /// The supply cycle of the offer the contract draws on.
    pub offer_supply_cycle: u64,
    /// The offer's generation method.
    pub offer_method: GenerationMethod,
    /// The offer's capacity, in watt-hours.
    pub offer_capacity_wh: Wh,
    /// The offer's reserve price, in micro-IOEN per kWh, if any.
    pub offer_reserve_price_per_kwh: Option<PricePerKwh>,
    /// The bid's energy, in watt-hours.
    pub bid_energy_wh: Wh,
    /// The bid's price, in micro-IOEN per kWh.
    pub bid_price_per_kwh: PricePerKwh,
    /// The contract's energy, in watt-hours.
    pub energy_wh: Wh,
    /// The contract's price, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// The allocated total of the previous answer of the same offer, in
    /// watt-hours; 0 when this is the offer's first answer.
    pub previous_allocated_wh: Wh,
    /// The allocated total the contract carries, in watt-hours.
    pub allocated_wh: Wh,
    /// Whether the contract's author is the producer the bid was made to.
    pub author_is_bid_producer: bool,
    /// The profile of the consumer who made the bid.
    pub consumer: &'a ProfileData,
    /// When the contract was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks a Contract (rule I5).
///
/// Rules, in this order: the author is the bid's producer; the offer and
/// the bid are for the same supply cycle; the contract is authored in the
/// bidding window of that cycle; its energy is more than 0 Wh and at most
/// the bid's; its price equals the bid's; the bid's price is at least the
/// offer's reserve price, when set; the consumer accepts the offer's method;
/// the allocated total is the previous answer's total plus the contract's
/// energy; the allocated total is at most the offer's capacity.
///
/// # Errors
///
/// [`CoreError::NotBidProducer`], [`CoreError::CycleMismatch`],
/// [`CoreError::OutsideBiddingWindow`], [`CoreError::ContractEnergy`],
/// [`CoreError::ContractPrice`], [`CoreError::BelowReserve`],
/// [`CoreError::MethodNotAccepted`], [`CoreError::AllocationOverflow`] (the
/// previous total plus the energy exceeds `u64::MAX`),
/// [`CoreError::AllocationMismatch`] or [`CoreError::OverCapacity`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_contract(f: &ContractFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    check_answer_basics(
        f.author_is_bid_producer,
        f.offer_supply_cycle,
        f.bid_supply_cycle,
        f.authored_at,
        props,
    )?;
    if f.energy_wh == 0 || f.energy_wh > f.bid_energy_wh {
        return Err(CoreError::ContractEnergy {
            energy_wh: f.energy_wh,
            bid_energy_wh: f.bid_energy_wh,
        });
    }
    if f.price_per_kwh != f.bid_price_per_kwh {
        return Err(CoreError::ContractPrice {
            price: f.price_per_kwh,
            bid_price: f.bid_price_per_kwh,
        });
    }
    if let Some(reserve) = f.offer_reserve_price_per_kwh {
        if f.bid_price_per_kwh < reserve {
            return Err(CoreError::BelowReserve {
                price: f.bid_price_per_kwh,
                reserve,
            });
        }
    }
    if !f.consumer.accepted_methods.contains(&f.offer_method) {
        return Err(CoreError::MethodNotAccepted {
            method: f.offer_method,
        });
    }
    let expected =
        f.previous_allocated_wh
            .checked_add(f.energy_wh)
            .ok_or(CoreError::AllocationOverflow {
                previous_allocated_wh: f.previous_allocated_wh,
                energy_wh: f.energy_wh,
            })?;
    check_allocated(f.allocated_wh, expected)?;
    if f.allocated_wh > f.offer_capacity_wh {
        return Err(CoreError::OverCapacity {
            allocated: f.allocated_wh,
            capacity: f.offer_capacity_wh,
        });
    }
    Ok(())
}

/// Facts about a RejectionReceipt: a producer's refusal of a bid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RejectionFacts<'a> {
    /// The supply cycle of the bid's demand.
    pub bid_supply_cycle: u64,
    /// The supply cycle of the offer the rejection answers from.
    pub offer_supply_cycle: u64,
    /// The allocated total of the previous answer of the same offer, in
    /// watt-hours; 0 when this is the offer's first answer.
    pub previous_allocated_wh: Wh,
    /// The allocated total the rejection carries, in watt-hours.
    pub allocated_wh: Wh,
    /// Whether the rejection's author is the producer the bid was made to.
    pub author_is_bid_producer: bool,
    /// Why the bid was rejected, shown to the consumer.
    pub reason: &'a str,
    /// When the rejection was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks a RejectionReceipt (rules I5 and I7).
///
/// Rules, in this order: the author is the bid's producer; the offer and
/// the bid are for the same supply cycle; the rejection is authored in the
/// bidding window of that cycle; its allocated total equals the previous
/// answer's (a rejection allocates nothing); the reason is not empty or only
/// whitespace, has at most [`REASON_MAX_CHARS`] characters and no control
/// characters.
///
/// # Errors
///
/// [`CoreError::NotBidProducer`], [`CoreError::CycleMismatch`],
/// [`CoreError::OutsideBiddingWindow`], [`CoreError::AllocationMismatch`],
/// [`CoreError::EmptyReason`], or [`CoreError::TooLong`] /
/// [`CoreError::InvalidCharacters`] naming the "rejection reason";
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_rejection(f: &RejectionFacts, props: &NetworkProperties) -> Result<(), CoreError> {
    check_answer_basics(
        f.author_is_bid_producer,
        f.offer_supply_cycle,
        f.bid_supply_cycle,
        f.authored_at,
        props,
    )?;
    check_allocated(f.allocated_wh, f.previous_allocated_wh)?;
    check_reason(f.reason)
}

/// Checks a rejection reason: not empty or only whitespace, at most
/// [`REASON_MAX_CHARS`] characters, no control characters.
///
/// # Errors
///
/// [`CoreError::EmptyReason`], or [`CoreError::TooLong`] /
/// [`CoreError::InvalidCharacters`] naming the "rejection reason".
pub fn check_reason(reason: &str) -> Result<(), CoreError> {
    if reason.trim().is_empty() {
        return Err(CoreError::EmptyReason);
    }
    check_text("rejection reason", reason, REASON_MAX_CHARS, false)
}

/// Facts about a Confirmation: a consumer's choice of one contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfirmationFacts {
    /// Whether the confirmation's author is the consumer: the author of the
    /// demand it names and of the bid the contract answers.
    pub author_is_consumer: bool,
    /// Whether the contract's bid names the confirmation's demand.
    pub contract_is_for_demand: bool,
    /// The supply cycle of the demand.
    pub supply_cycle: u64,
    /// When the confirmation was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// Checks a Confirmation (rule I6).
///
/// Rules, in this order: the author is the consumer; the contract answers
/// one of this demand's bids; the confirmation is authored no earlier than
/// the bidding window of the supply cycle and no later than the end of the
/// supply cycle itself.
///
/// # Errors
///
/// [`CoreError::NotConsumer`], [`CoreError::ContractNotForDemand`],
/// [`CoreError::OutsideBiddingWindow`] (too early, including before the
/// first cycle and for supply cycle 0) or [`CoreError::ConfirmationTooLate`];
/// [`CoreError::InvalidProperty`] if `props` has an invalid clock.
pub fn check_confirmation(
    f: &ConfirmationFacts,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    if !f.author_is_consumer {
        return Err(CoreError::NotConsumer);
    }
    if !f.contract_is_for_demand {
        return Err(CoreError::ContractNotForDemand);
    }
    let current = props.clock()?.cycle_of(f.authored_at).ok();
    match (CycleClock::bidding_cycle(f.supply_cycle), current) {
        (Some(bidding), Some(now)) if now >= bidding => {
            if now > f.supply_cycle {
                Err(CoreError::ConfirmationTooLate {
                    supply_cycle: f.supply_cycle,
                    current_cycle: now,
                })
            } else {
                Ok(())
            }
        }
        _ => Err(CoreError::OutsideBiddingWindow {
            supply_cycle: f.supply_cycle,
            current_cycle: current,
        }),
    }
}

/// What the walk of a producer's chain from an answer (Contract or
/// RejectionReceipt) back to its Offer found (rule I7 and the integrity of
/// the allocated-total chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerChainFacts {
    /// Whether an answer of the same offer between the offer and this answer
    /// already answers the same bid.
    pub same_bid_answered: bool,
    /// Whether the newest answer of the offer found in the walk is exactly
    /// the one this answer names as its previous answer, or there is none and
    /// this answer names no previous answer.
    pub latest_answer_is_previous: bool,
}

/// Checks what the walk back to an answer's offer found.
///
/// # Errors
///
/// [`CoreError::BidAlreadyAnswered`] if the bid already has an answer, else
/// [`CoreError::AnswerForked`] if the answer does not follow the latest
/// answer of its offer.
pub fn check_answer_chain(f: &AnswerChainFacts) -> Result<(), CoreError> {
    if f.same_bid_answered {
        return Err(CoreError::BidAlreadyAnswered);
    }
    if !f.latest_answer_is_previous {
        return Err(CoreError::AnswerForked);
    }
    Ok(())
}

/// Checks that a consumer confirms at most one contract per cycle (rule I6,
/// chain part): `already_confirmed` is whether the walk of the consumer's
/// chain back to its demand found another Confirmation of that demand.
///
/// # Errors
///
/// [`CoreError::AlreadyConfirmed`] if it did.
pub fn check_single_confirmation(already_confirmed: bool) -> Result<(), CoreError> {
    if already_confirmed {
        Err(CoreError::AlreadyConfirmed)
    } else {
        Ok(())
    }
}

/// A bid as the auto-accept policy [`allocate`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidToAllocate {
    /// The caller's identifier of the bid, returned in its [`Allocation`].
    pub id: usize,
    /// The energy bid for, in watt-hours.
    pub energy_wh: Wh,
    /// The price offered, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// When the bid was authored, in microseconds since the Unix epoch.
    pub authored_at: i64,
}

/// The decision [`allocate`] makes for one bid.
///
/// Serialized with a `type` tag: `{"type":"accept","id":3,"energy_wh":500}`
/// or `{"type":"reject","id":4,"reason":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Allocation {
    /// Accept the bid into a contract for `energy_wh` (all of the bid's
    /// energy, or the capacity that was left).
    Accept {
        /// The bid's identifier.
        id: usize,
        /// The contract's energy, in watt-hours.
        energy_wh: Wh,
    },
    /// Reject the bid with a RejectionReceipt giving `reason`.
    Reject {
        /// The bid's identifier.
        id: usize,
        /// Why, as a whole sentence that passes [`check_reason`].
        reason: String,
    },
}

impl Allocation {
    /// The identifier of the bid decided on.
    pub fn id(&self) -> usize {
        match self {
            Self::Accept { id, .. } | Self::Reject { id, .. } => *id,
        }
    }
}

/// The auto-accept policy of producers: decides every bid against the
/// capacity that is left.
///
/// Bids are decided highest price first, then earliest `authored_at`, then
/// lowest `id`; the decisions come back in that order, one per bid. A bid
/// below `reserve_price_per_kwh` is rejected ("The price is below this
/// producer's reserve price of 0.20 IOEN per kWh."); a bid for 0 Wh is
/// rejected ("A bid must be for more than 0 Wh."). Otherwise the bid is
/// accepted whole if it fits in the remaining capacity, accepted partially
/// for the remaining capacity if some is left, and else rejected with
/// [`FULLY_ALLOCATED_REASON`]. The accepted energy never exceeds
/// `remaining_capacity_wh` in total.
pub fn allocate(
    bids: &[BidToAllocate],
    remaining_capacity_wh: Wh,
    reserve_price_per_kwh: Option<PricePerKwh>,
) -> Vec<Allocation> {
    let mut order: Vec<&BidToAllocate> = bids.iter().collect();
    order.sort_by_key(|b| (Reverse(b.price_per_kwh), b.authored_at, b.id));
    let mut remaining = remaining_capacity_wh;
    order
        .into_iter()
        .map(|bid| {
            let reject = |reason: String| Allocation::Reject { id: bid.id, reason };
            match reserve_price_per_kwh {
                Some(reserve) if bid.price_per_kwh < reserve => {
                    return reject(below_reserve_reason(reserve));
                }
                _ => {}
            }
            if bid.energy_wh == 0 {
                return reject(zero_energy("bid").to_string());
            }
            if remaining == 0 {
                return reject(FULLY_ALLOCATED_REASON.to_string());
            }
            let energy_wh = bid.energy_wh.min(remaining);
            remaining -= energy_wh;
            Allocation::Accept {
                id: bid.id,
                energy_wh,
            }
        })
        .collect()
}

/// The reason [`allocate`] gives for a bid below the reserve price.
fn below_reserve_reason(reserve: PricePerKwh) -> String {
    let price = match i64::try_from(reserve) {
        Ok(micro) => format_ioen(micro),
        Err(_) => format!("{reserve} micro-IOEN"),
    };
    format!("The price is below this producer's reserve price of {price} per kWh.")
}

/// A contract as a consumer's choice policy [`choose_contract`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractOption {
    /// The caller's identifier of the contract, returned when chosen.
    pub id: usize,
    /// The contract's price, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
    /// The contract's energy, in watt-hours.
    pub energy_wh: Wh,
    /// The generation method of the contract's offer.
    pub method: GenerationMethod,
}

/// How a consumer chooses the one contract to confirm.
///
/// Serialized as `{"type":"cheapest"}` or
/// `{"type":"method","method":"solar"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "method", rename_all = "snake_case")]
pub enum ConfirmPreference {
    /// The lowest price.
    Cheapest,
    /// The cheapest contract of this method, or the cheapest overall if none
    /// has it.
    Method(GenerationMethod),
}

/// The consumer's choice among contracts: the `id` of the one to confirm,
/// or `None` if there are none.
///
/// [`ConfirmPreference::Cheapest`] picks the lowest price, then the most
/// energy, then the lowest `id`. [`ConfirmPreference::Method`] picks the
/// same way among the contracts of that method, falling back to all
/// contracts if none has it.
pub fn choose_contract(options: &[ContractOption], preference: ConfirmPreference) -> Option<usize> {
    let cheapest = |method: Option<GenerationMethod>| {
        options
            .iter()
            .filter(|o| method.is_none_or(|m| o.method == m))
            .min_by_key(|o| (o.price_per_kwh, Reverse(o.energy_wh), o.id))
            .map(|o| o.id)
    };
    match preference {
        ConfirmPreference::Cheapest => cheapest(None),
        ConfirmPreference::Method(method) => cheapest(Some(method)).or_else(|| cheapest(None)),
    }
}

/// The rules shared by contracts and rejections: author, cycle, window.
fn check_answer_basics(
    author_is_bid_producer: bool,
    offer_cycle: u64,
    bid_cycle: u64,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    if !author_is_bid_producer {
        return Err(CoreError::NotBidProducer);
    }
    if offer_cycle != bid_cycle {
        return Err(CoreError::CycleMismatch {
            offer_cycle,
            bid_cycle,
        });
    }
    check_bidding_window(bid_cycle, authored_at, props)
}

fn check_allocated(allocated: Wh, expected: Wh) -> Result<(), CoreError> {
    if allocated == expected {
        Ok(())
    } else {
        Err(CoreError::AllocationMismatch {
            allocated,
            expected,
        })
    }
}

fn check_price(price: PricePerKwh, props: &NetworkProperties) -> Result<(), CoreError> {
    if (1..=props.max_price_per_kwh).contains(&price) {
        Ok(())
    } else {
        Err(CoreError::PriceOutOfRange {
            price,
            max: props.max_price_per_kwh,
        })
    }
}

fn check_bidding_window(
    supply_cycle: u64,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    props
        .clock()?
        .check_in_bidding_window(supply_cycle, authored_at)
}

fn zero_energy(what: &str) -> CoreError {
    CoreError::ZeroEnergy {
        what: what.to_string(),
    }
}

#[cfg(test)]
mod tests;

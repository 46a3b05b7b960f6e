//! Typed errors of the market zome, as the client sees them.

use hdk::prelude::*;
use ioen_core::CoreError;
use ioen_hdk::standing::Untrusted;

/// What can go wrong in a market call, beyond host failures.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    /// The caller has not registered a profile.
    #[error("Register a profile before trading.")]
    NoProfile,
    /// No profile of the producer bid to has reached this node (or the producer is warranted
    /// here): the same "could not be found" as [`MarketError::NotFound`], which clients retry.
    #[error("That producer's profile could not be found; it may not have reached this node yet.")]
    UnknownProducer,
    /// The caller already declared the other role for the cycle.
    #[error("You already declared {declared} for supply cycle {supply_cycle}; a household is either a producer or a consumer in a cycle.")]
    OtherRoleDeclared {
        /// "an offer" or "a demand".
        declared: &'static str,
        /// The cycle.
        supply_cycle: u64,
    },
    /// The caller already made an offer for the cycle.
    #[error("You already made an offer for supply cycle {0}.")]
    OfferExists(u64),
    /// The caller already declared its demand for the cycle.
    #[error("You already declared a demand for supply cycle {0}.")]
    DemandExists(u64),
    /// Answering needs an offer for the bid's cycle.
    #[error("Make an offer for supply cycle {0} before answering bids for it.")]
    NoOffer(u64),
    /// Confirming needs a demand for the contract's cycle.
    #[error("You have no demand for supply cycle {0}.")]
    NoDemand(u64),
    /// The bid was already bid to that producer this cycle.
    #[error("You already bid to this producer for supply cycle {0}.")]
    AlreadyBid(u64),
    /// The bid is not addressed to the caller.
    #[error("This bid was made to another producer.")]
    NotYourBid,
    /// The bid was already answered.
    #[error("This bid has already been answered.")]
    AlreadyAnswered,
    /// The caller already confirmed a contract for the cycle.
    #[error("You have already confirmed a contract for supply cycle {0}.")]
    AlreadyConfirmed(u64),
    /// The contract is not for one of the caller's bids.
    #[error("This contract answers someone else's bid.")]
    NotYourContract,
    /// A record named in the call could not be found.
    #[error("The {0} could not be found; it may not have reached this node yet.")]
    NotFound(&'static str),
    /// No capacity is left on the caller's offer.
    #[error("Your offer for supply cycle {supply_cycle} is fully allocated ({capacity_wh} Wh).")]
    NoCapacityLeft {
        /// The cycle.
        supply_cycle: u64,
        /// The offer's capacity.
        capacity_wh: u64,
    },
    /// The counterpart is warranted, forked or invalid on the network.
    #[error(transparent)]
    Counterpart(#[from] Untrusted),
    /// The counterpart's records do not hold together, so building on them would fail
    /// validation (and warrant the caller).
    #[error("The counterpart's records do not hold together ({0}), so nothing is built on them.")]
    Tampered(&'static str),
    /// A rule of the core crate refused the input.
    #[error(transparent)]
    Rule(#[from] CoreError),
}

impl From<MarketError> for WasmError {
    fn from(e: MarketError) -> Self {
        wasm_error!(WasmErrorInner::Guest(e.to_string()))
    }
}

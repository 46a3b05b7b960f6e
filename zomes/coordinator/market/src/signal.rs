//! Signals: the counterpart of every market write hears of it at once.
//!
//! They are a speed-up only: every getter returns the same facts without them.

use hdk::prelude::*;

/// What a household is told by its counterpart, as the UI receives it (`type` tagged).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum MarketSignal {
    /// A consumer bid to this producer.
    NewBid {
        /// The bid.
        bid_hash: ActionHash,
        /// Its supply cycle.
        supply_cycle: u64,
        /// Who bid.
        consumer: AgentPubKey,
    },
    /// A producer accepted this consumer's bid.
    BidAccepted {
        /// The bid.
        bid_hash: ActionHash,
        /// The contract.
        contract_hash: ActionHash,
        /// Its supply cycle.
        supply_cycle: u64,
        /// Energy contracted.
        energy_wh: u64,
    },
    /// A producer rejected this consumer's bid.
    BidRejected {
        /// The bid.
        bid_hash: ActionHash,
        /// The rejection receipt.
        rejection_hash: ActionHash,
        /// Its supply cycle.
        supply_cycle: u64,
        /// Why.
        reason: String,
    },
    /// A consumer confirmed this producer's contract.
    ContractConfirmed {
        /// The contract.
        contract_hash: ActionHash,
        /// The confirmation.
        confirmation_hash: ActionHash,
        /// Its supply cycle.
        supply_cycle: u64,
    },
}

/// Tells `agent` (fire and forget: an offline agent reads the same from its getters later).
pub fn notify(agent: AgentPubKey, signal: MarketSignal) -> ExternResult<()> {
    send_remote_signal(signal, vec![agent])
}

/// Receives a counterpart's signal and hands it to this agent's UI.
#[hdk_extern]
pub fn recv_remote_signal(signal: MarketSignal) -> ExternResult<()> {
    emit_signal(signal)
}

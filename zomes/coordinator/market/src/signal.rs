//! Signals: the counterpart of every market write hears of it at once.
//!
//! They are a speed-up only: every getter returns the same facts without them.

use hdk::prelude::*;
use ioen_hdi::records::{ConfirmationData, ContractData, RejectionData};
use ioen_hdk::signal::{inbox_link, pass_on, tell};
use market_integrity::LinkTypes;

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

/// After a call's writes are committed, tells each counterpart what concerns it: one signal per
/// inbox link written (the link's base is the recipient). Sent only once the writes exist, so a
/// failed call never announces anything.
#[hdk_extern(infallible)]
pub fn post_commit(committed: Vec<SignedActionHashed>) {
    for action in committed {
        if let Action::CreateLink(link) = action.action() {
            // A signal is a hint: failing to send one must not fail anything else.
            let _ = announce(link);
        }
    }
}

fn announce(link: &CreateLink) -> ExternResult<()> {
    let Some(inbox) = inbox_link::<LinkTypes>(link) else {
        return Ok(());
    };
    let target = inbox.target;
    let Ok(cycle_bytes) = <[u8; 8]>::try_from(link.tag.0.as_slice()) else {
        return Ok(());
    };
    let supply_cycle = u64::from_be_bytes(cycle_bytes);
    let record = || get(target.clone(), GetOptions::local());
    let signal = match inbox.link_type {
        LinkTypes::BidInbox => Some(MarketSignal::NewBid {
            bid_hash: target.clone(),
            supply_cycle,
            consumer: inbox.link.author.clone(),
        }),
        LinkTypes::AnswerInbox => record()?.and_then(|r| {
            if let Some(c) = ioen_hdk::decode::<ContractData>(&r) {
                Some(MarketSignal::BidAccepted {
                    bid_hash: c.bid,
                    contract_hash: target.clone(),
                    supply_cycle,
                    energy_wh: c.energy_wh,
                })
            } else {
                ioen_hdk::decode::<RejectionData>(&r).map(|x| MarketSignal::BidRejected {
                    bid_hash: x.bid,
                    rejection_hash: target.clone(),
                    supply_cycle,
                    reason: x.reason,
                })
            }
        }),
        LinkTypes::ConfirmationInbox => record()?
            .and_then(|r| ioen_hdk::decode::<ConfirmationData>(&r))
            .map(|c| MarketSignal::ContractConfirmed {
                contract_hash: c.contract,
                confirmation_hash: target.clone(),
                supply_cycle,
            }),
        LinkTypes::AgentToOffer => None,
    };
    tell(inbox.recipient, signal)
}

/// Receives a counterpart's signal and hands it to this agent's UI with its sender. A `NewBid`
/// that claims another consumer than its sender is dropped.
#[hdk_extern]
pub fn recv_remote_signal(signal: MarketSignal) -> ExternResult<()> {
    if let MarketSignal::NewBid { consumer, .. } = &signal {
        if consumer != &call_info()?.provenance {
            return Ok(());
        }
    }
    pass_on(signal)
}

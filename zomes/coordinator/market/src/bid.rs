//! Bidding: a consumer bids to local producers; a producer reads the bids made to it.

use hdk::prelude::*;
use ioen_core::market::{check_bid, BidFacts};
use ioen_core::{NetworkProperties, PricePerKwh, ProfileData, Wh};
use ioen_hdi::records::{BidData, ContractData, DemandData, RejectionData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_chain::Own;
use ioen_hdk::{decode, is_warranted};
use market_integrity::{cycle_tag, Bid, EntryTypes, LinkTypes};

use crate::chain::{
    answers_under, bids_under, confirmations_of, my_demand, my_offer, my_profile, OwnAnswer,
};
use crate::counterpart::{check_bid_content, check_contract_content};
use crate::cycle::{clock, next_supply_cycle, now};
use crate::declaration::declare_demand;
use crate::error::MarketError;

/// A bid for the next supply cycle.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateBidInput {
    /// The producer bid to.
    pub producer: AgentPubKey,
    /// Energy asked for, in Wh.
    pub energy_wh: Wh,
    /// Price offered, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
}

/// Where a bid stands.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum BidStatus {
    /// Not answered yet.
    Waiting,
    /// Accepted, in whole or in part.
    Contracted {
        /// The contract.
        contract_hash: ActionHash,
        /// Energy contracted, in Wh.
        energy_wh: Wh,
        /// Whether the consumer confirmed this contract.
        confirmed: bool,
    },
    /// Refused.
    Rejected {
        /// The rejection receipt.
        rejection_hash: ActionHash,
        /// Why.
        reason: String,
    },
}

/// A bid with its status, as the consumer or the producer sees it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct BidView {
    /// The bid's action hash.
    pub bid_hash: ActionHash,
    /// Its content.
    pub bid: BidData,
    /// Who bid.
    pub consumer: AgentPubKey,
    /// When, in microseconds since the Unix epoch.
    pub authored_at: i64,
    /// The supply cycle.
    pub supply_cycle: u64,
    /// Where it stands.
    pub status: BidStatus,
}

/// What `get_profile` of the profiles zome returns.
#[derive(Serialize, Deserialize, Debug, Clone)]
struct HouseholdProfile {
    agent: AgentPubKey,
    profile_hash: ActionHash,
    profile: ProfileData,
}

/// Bids to a local producer for the next supply cycle, declaring the caller's Demand for that
/// cycle first when it has none (wanting the bid's energy).
#[hdk_extern]
pub fn create_bid(input: CreateBidInput) -> ExternResult<BidView> {
    let (props, _) = clock()?;
    let supply_cycle = next_supply_cycle()?;
    let me = agent_info()?.agent_initial_pubkey;
    let consumer = my_profile()?;
    let producer = producer_profile(&input.producer)?;
    check_bid(
        &BidFacts {
            supply_cycle,
            energy_wh: input.energy_wh,
            price_per_kwh: input.price_per_kwh,
            authored_at: now()?,
            bidder_is_producer: input.producer == me,
            consumer: &consumer.profile,
            producer: &producer.profile,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let (demand_hash, already) = match my_demand(supply_cycle)? {
        Some(demand) => {
            let already = bids_under(&demand)?
                .iter()
                .any(|b| b.data.producer == input.producer);
            (demand.hash, already)
        }
        None => (
            declare_demand(supply_cycle, input.energy_wh)?.demand_hash,
            false,
        ),
    };
    if already {
        return Err(MarketError::AlreadyBid(supply_cycle).into());
    }
    let bid = BidData {
        demand: demand_hash,
        producer: input.producer.clone(),
        producer_profile: producer.profile_hash,
        energy_wh: input.energy_wh,
        price_per_kwh: input.price_per_kwh,
    };
    let bid_hash = create_entry(EntryTypes::Bid(Bid(bid.clone())))?;
    create_link(
        input.producer.clone(),
        bid_hash.clone(),
        LinkTypes::BidInbox,
        cycle_tag(supply_cycle),
    )?;
    Ok(BidView {
        bid_hash,
        bid,
        consumer: me,
        authored_at: now()?,
        supply_cycle,
        status: BidStatus::Waiting,
    })
}

/// The caller's bids for `supply_cycle`, with the producers' answers.
#[hdk_extern]
pub fn get_my_bids(supply_cycle: u64) -> ExternResult<Vec<BidView>> {
    let me = agent_info()?.agent_initial_pubkey;
    let Some(demand) = my_demand(supply_cycle)? else {
        return Ok(Vec::new());
    };
    let answers = answers_to_me(supply_cycle)?;
    let confirmed: Vec<ActionHash> = confirmations_of(&demand)?
        .into_iter()
        .map(|c| c.data.contract)
        .collect();
    Ok(bids_under(&demand)?
        .into_iter()
        .map(|bid| {
            let status = status_of(&bid.hash, &answers, &confirmed);
            BidView {
                bid_hash: bid.hash,
                bid: bid.data,
                consumer: me.clone(),
                authored_at: bid.at.as_micros(),
                supply_cycle,
                status,
            }
        })
        .collect())
}

/// The bids made to the caller for `supply_cycle`, highest price first, then earliest.
#[hdk_extern]
pub fn get_incoming_bids(supply_cycle: u64) -> ExternResult<Vec<BidView>> {
    let answers = match my_offer(supply_cycle)? {
        Some(offer) => answers_under(&offer)?,
        None => Vec::new(),
    };
    let confirmed = confirmed_contracts(supply_cycle)?;
    let mut bids = Vec::new();
    let props = ioen_hdi::network_properties()?;
    for (bid_hash, record) in inbox(LinkTypes::BidInbox, supply_cycle)? {
        let Some(bid) = decode::<BidData>(&record) else {
            continue;
        };
        if !answerable(&record, &bid, &props)? {
            continue;
        }
        let status = status_of(&bid_hash, &answers, &confirmed);
        bids.push(BidView {
            bid_hash,
            consumer: record.action().author().clone(),
            authored_at: record.action().timestamp().as_micros(),
            supply_cycle,
            bid,
            status,
        });
    }
    bids.sort_by(|a, b| {
        b.bid
            .price_per_kwh
            .cmp(&a.bid.price_per_kwh)
            .then(a.authored_at.cmp(&b.authored_at))
    });
    Ok(bids)
}

/// Where a bid stands, given the answers to it and the confirmed contracts.
fn status_of(
    bid_hash: &ActionHash,
    answers: &[(ActionHash, OwnAnswer)],
    confirmed: &[ActionHash],
) -> BidStatus {
    match answers.iter().find(|(_, answer)| answer.bid() == bid_hash) {
        None => BidStatus::Waiting,
        Some((hash, OwnAnswer::Contract(c))) => BidStatus::Contracted {
            contract_hash: hash.clone(),
            energy_wh: c.energy_wh,
            confirmed: confirmed.contains(hash),
        },
        Some((hash, OwnAnswer::Rejection(r))) => BidStatus::Rejected {
            rejection_hash: hash.clone(),
            reason: r.reason.clone(),
        },
    }
}

/// The answers (contracts and rejections) to the caller's bids for `supply_cycle`, from its
/// answer inbox, skipping producers this conductor holds a warrant against.
pub fn answers_to_me(supply_cycle: u64) -> ExternResult<Vec<(ActionHash, OwnAnswer)>> {
    let contract_def = ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::CONTRACT)?;
    let props = ioen_hdi::network_properties()?;
    let Some(demand) = my_demand(supply_cycle)? else {
        // Answers are to the caller's bids, and its bids are under its demand.
        return Ok(Vec::new());
    };
    let bids = bids_under(&demand)?;
    let mut answers = Vec::new();
    for (hash, record) in inbox(LinkTypes::AnswerInbox, supply_cycle)? {
        let answer = if ioen_hdi::is_entry_of(record.action(), contract_def) {
            match decode::<ContractData>(&record) {
                Some(contract) if confirmable(&record, &contract, &bids, &demand, &props)? => {
                    Some(OwnAnswer::Contract(contract))
                }
                _ => None,
            }
        } else {
            decode::<RejectionData>(&record).map(OwnAnswer::Rejection)
        };
        if let Some(answer) = answer {
            answers.push((hash, answer));
        }
    }
    Ok(answers)
}

/// Whether a bid made to the caller passes the bid's rules on the records it names
/// (`check_bid_content`): a bid inbox link says only that its target is a bid (decision 52). A
/// bid whose demand or consumer profile has not reached this node yet is listed once they have,
/// so that every bid listed can be answered.
fn answerable(record: &Record, bid: &BidData, props: &NetworkProperties) -> ExternResult<bool> {
    let Some(demand_record) = get(bid.demand.clone(), GetOptions::network())? else {
        return Ok(false);
    };
    let Some(demand) = decode::<DemandData>(&demand_record) else {
        return Ok(false);
    };
    let Some(consumer) =
        get(demand.profile.clone(), GetOptions::network())?.and_then(|r| decode::<ProfileData>(&r))
    else {
        return Ok(false);
    };
    Ok(check_bid_content(record, bid, &demand_record, &demand, &consumer, props)?.is_ok())
}

/// Whether a contract for one of the caller's `bids` passes the contract's rules on the records
/// it names (`check_contract_content`), as [`answerable`] for bids: a contract whose offer or
/// previous answer has not reached this node yet is listed once they have.
fn confirmable(
    record: &Record,
    contract: &ContractData,
    bids: &[Own<BidData>],
    demand: &Own<DemandData>,
    props: &NetworkProperties,
) -> ExternResult<bool> {
    let Some(bid) = bids.iter().find(|b| b.hash == contract.bid) else {
        return Ok(false);
    };
    let (bid, demand) = (&bid.data, &demand.data);
    let Some(consumer) =
        get(demand.profile.clone(), GetOptions::network())?.and_then(|r| decode::<ProfileData>(&r))
    else {
        return Ok(false);
    };
    Ok(check_contract_content(record, contract, bid, demand, &consumer, props)?.is_ok())
}

/// Contracts of the caller's that their consumers confirmed for `supply_cycle`.
pub fn confirmed_contracts(supply_cycle: u64) -> ExternResult<Vec<ActionHash>> {
    Ok(inbox(LinkTypes::ConfirmationInbox, supply_cycle)?
        .iter()
        .filter_map(|(_, record)| decode::<ioen_hdi::records::ConfirmationData>(record))
        .map(|c| c.contract)
        .collect())
}

/// The records linked to the caller in one of its inboxes for `supply_cycle`, once each,
/// skipping links by agents this conductor holds a warrant against.
fn inbox(link_type: LinkTypes, supply_cycle: u64) -> ExternResult<Vec<(ActionHash, Record)>> {
    let me = agent_info()?.agent_initial_pubkey;
    let links = get_links(
        LinkQuery::try_new(me, link_type)?.tag_prefix(cycle_tag(supply_cycle)),
        GetStrategy::Network,
    )?;
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    for link in links {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        // A record linked twice is still one message.
        if !seen.insert(hash.clone()) || is_warranted(&link.author)? {
            continue;
        }
        if let Some(record) = get(hash.clone(), GetOptions::network())? {
            records.push((hash, record));
        }
    }
    Ok(records)
}

/// A producer's current profile, through the profiles zome.
fn producer_profile(producer: &AgentPubKey) -> ExternResult<HouseholdProfile> {
    let response = call(
        CallTargetCell::Local,
        ZomeName::from("profiles"),
        FunctionName::from("get_profile"),
        None,
        producer.clone(),
    )?;
    let found: Option<HouseholdProfile> = match response {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| wasm_error!(e))?,
        other => {
            return Err(wasm_error!(WasmErrorInner::Guest(format!(
                "Could not read the producer's profile: {other:?}"
            ))))
        }
    };
    found.ok_or_else(|| MarketError::UnknownProducer.into())
}

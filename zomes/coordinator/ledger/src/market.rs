//! Reading the market zome's records: the caller's contracts and their confirmations.
//!
//! The ledger cannot link `market_integrity` (two integrity crates cannot share one wasm), so it
//! reads market records as the plain `ioen_hdi::records` structs and names market entry and
//! link types by integrity zome name and index, as the adversary zome does
//! (docs/decisions.md, "The ledger reads the market directly").

use std::collections::HashMap;

use hdk::prelude::*;
use ioen_core::{check_confirmation, ConfirmationFacts};
use ioen_hdi::records::{BidData, ConfirmationData, ContractData, DemandData, OfferData};
use ioen_hdi::{entry_index, link_index, zome_names};
use ioen_hdk::own_chain::{own_record, walk_back, Walk};
use ioen_hdk::{decode, is_warranted};

use crate::error::LedgerError;

/// One of the caller's contracts as producer, with its supply cycle.
#[derive(Clone, Debug)]
pub struct OwnContract {
    /// The Contract's action hash.
    pub hash: ActionHash,
    /// Its content.
    pub contract: ContractData,
    /// Its supply cycle: that of the caller's Offer it was made under.
    pub supply_cycle: u64,
}

/// The caller's contracts for supply cycles `first_cycle` and later, oldest first. Each names
/// one of the caller's own Offers (rule I5), so the supply cycle comes from the caller's chain
/// too: nothing here reads the network.
///
/// A contract comes after its offer on the chain, and rule I3 makes offers follow one another
/// in rising cycles, so the walk back stops at the first offer of an earlier cycle
/// (decision 53).
pub fn own_contracts_from(first_cycle: u64) -> ExternResult<Vec<OwnContract>> {
    let market = |index| ioen_hdk::entry_type(zome_names::MARKET, index, EntryVisibility::Public);
    let offer_def = ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::OFFER)?;
    let mut cycles: HashMap<ActionHash, u64> = HashMap::new();
    let mut contracts: Vec<(ActionHash, ContractData)> = Vec::new();
    walk_back(
        &[market(entry_index::OFFER)?, market(entry_index::CONTRACT)?],
        0,
        |record| {
            if ioen_hdi::is_entry_of(record.action(), offer_def) {
                match decode::<OfferData>(record) {
                    Some(offer) if offer.supply_cycle < first_cycle => return Ok(Walk::Stop),
                    Some(offer) => {
                        cycles.insert(record.action_address().clone(), offer.supply_cycle);
                    }
                    None => {}
                }
            } else if let Some(contract) = decode::<ContractData>(record) {
                contracts.push((record.action_address().clone(), contract));
            }
            Ok(Walk::Continue)
        },
    )?;
    contracts.reverse();
    Ok(contracts
        .into_iter()
        .filter_map(|(hash, contract)| {
            let supply_cycle = *cycles.get(&contract.offer)?;
            Some(OwnContract {
                hash,
                contract,
                supply_cycle,
            })
        })
        .collect())
}

/// The caller's own contract `hash` with its supply cycle, read from its own stores; `None`
/// when it is not a contract of the caller's.
pub fn own_contract(hash: &ActionHash) -> ExternResult<Option<OwnContract>> {
    let read = |hash: &ActionHash, index| own_record(hash, zome_names::MARKET, index);
    let Some(contract) =
        read(hash, entry_index::CONTRACT)?.and_then(|r| decode::<ContractData>(&r))
    else {
        return Ok(None);
    };
    let Some(offer) =
        read(&contract.offer, entry_index::OFFER)?.and_then(|r| decode::<OfferData>(&r))
    else {
        return Ok(None);
    };
    Ok(Some(OwnContract {
        hash: hash.clone(),
        supply_cycle: offer.supply_cycle,
        contract,
    }))
}

/// Gets a record and decodes it as entry `index` of integrity zome `zome`; `None` when it is
/// missing or of another type. Reads are local first, so records seen before cost nothing.
pub fn fetch_typed<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    zome: &str,
    index: u8,
) -> ExternResult<Option<(Record, T)>> {
    let Some(record) = get(hash.clone(), GetOptions::network())? else {
        return Ok(None);
    };
    let def = ioen_hdi::app_entry_def(zome, index)?;
    if !ioen_hdi::is_entry_of(record.action(), def) {
        return Ok(None);
    }
    Ok(ioen_hdk::decode::<T>(&record).map(|data| (record, data)))
}

/// The consumer of a contract: the author of the bid it accepts, which is what validation
/// compares with an invoice's consumer.
pub fn consumer_of(contract: &ContractData) -> ExternResult<AgentPubKey> {
    let (bid_record, _) =
        fetch_typed::<BidData>(&contract.bid, zome_names::MARKET, entry_index::BID)?
            .ok_or(LedgerError::NotFound("bid"))?;
    Ok(bid_record.action().author().clone())
}

/// Any contract with its supply cycle (from its Offer), as an invoice line shows it.
pub fn contract_with_cycle(hash: &ActionHash) -> ExternResult<(ContractData, u64)> {
    let (_, contract) =
        fetch_typed::<ContractData>(hash, zome_names::MARKET, entry_index::CONTRACT)?
            .ok_or(LedgerError::NotFound("contract"))?;
    let (_, offer) =
        fetch_typed::<OfferData>(&contract.offer, zome_names::MARKET, entry_index::OFFER)?
            .ok_or(LedgerError::NotFound("offer"))?;
    Ok((contract, offer.supply_cycle))
}

/// A confirmation made to the caller: its hash, its author (the consumer), what it names and
/// when it was written.
#[derive(Clone, Debug)]
pub struct Confirmation {
    hash: ActionHash,
    consumer: AgentPubKey,
    contract: ActionHash,
    demand: ActionHash,
    at: i64,
}

/// The confirmations in the caller's `ConfirmationInbox`, read once per supply cycle.
#[derive(Default)]
pub struct Confirmations {
    by_cycle: HashMap<u64, Vec<Confirmation>>,
}

impl Confirmations {
    /// The confirmation of `contract` by `consumer`, if one reached this node and passes the
    /// Confirmation's content rules ([`confirms`]): an invoice line naming one that does not
    /// would make the caller's invoice invalid. Links by agents this conductor holds a warrant
    /// against are skipped.
    pub fn of(
        &mut self,
        contract: &OwnContract,
        consumer: &AgentPubKey,
    ) -> ExternResult<Option<ActionHash>> {
        let confirmations = match self.by_cycle.entry(contract.supply_cycle) {
            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(confirmations_for(contract.supply_cycle)?)
            }
        };
        for c in confirmations.iter() {
            if c.contract == contract.hash && &c.consumer == consumer && confirms(c, contract)? {
                return Ok(Some(c.hash.clone()));
            }
        }
        Ok(None)
    }
}

/// Whether `confirmation` confirms the caller's `contract` as the Confirmation's own rules say
/// (rule I6, `check_confirmation`), read from the demand and bid it rests on: a confirmation
/// link says only that its target has the right shape (decision 52).
fn confirms(confirmation: &Confirmation, contract: &OwnContract) -> ExternResult<bool> {
    let props = ioen_hdi::network_properties()?;
    let Some((demand_record, demand)) = fetch_typed::<DemandData>(
        &confirmation.demand,
        zome_names::MARKET,
        entry_index::DEMAND,
    )?
    else {
        return Ok(false);
    };
    let Some((_, bid)) =
        fetch_typed::<BidData>(&contract.contract.bid, zome_names::MARKET, entry_index::BID)?
    else {
        return Ok(false);
    };
    Ok(check_confirmation(
        &ConfirmationFacts {
            author_is_consumer: demand_record.action().author() == &confirmation.consumer,
            contract_is_for_demand: bid.demand == confirmation.demand,
            supply_cycle: demand.supply_cycle,
            authored_at: confirmation.at,
        },
        &props,
    )
    .is_ok())
}

/// The confirmations linked to the caller for `supply_cycle` (the market tags them with the
/// cycle, 8 bytes big-endian, as `market_integrity::cycle_tag`).
fn confirmations_for(supply_cycle: u64) -> ExternResult<Vec<Confirmation>> {
    let me = agent_info()?.agent_initial_pubkey;
    let (market, _) = ioen_hdi::app_entry_def(zome_names::MARKET, 0)?;
    let filter = LinkTypeFilter::single_type(market, LinkType(link_index::CONFIRMATION_INBOX));
    let links = get_links(
        LinkQuery::new(me, filter).tag_prefix(LinkTag::new(supply_cycle.to_be_bytes().to_vec())),
        GetStrategy::Network,
    )?;
    let mut confirmations: Vec<Confirmation> = Vec::new();
    for link in links {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        if confirmations.iter().any(|c| c.hash == hash) || is_warranted(&link.author)? {
            continue;
        }
        let Some((record, confirmation)) =
            fetch_typed::<ConfirmationData>(&hash, zome_names::MARKET, entry_index::CONFIRMATION)?
        else {
            continue;
        };
        confirmations.push(Confirmation {
            hash,
            consumer: record.action().author().clone(),
            contract: confirmation.contract,
            demand: confirmation.demand,
            at: record.action().timestamp().as_micros(),
        });
    }
    Ok(confirmations)
}

//! Reading the caller's own chain: its profile, declarations, bids, answers and confirmations.
//!
//! Each reader walks back only as far as the record it follows from (a cycle's declaration, an
//! offer, a demand), so its cost does not grow with the chain's history (decision 53).

use hdk::prelude::*;
use ioen_core::{ProfileData, Wh};
use ioen_hdi::records::{
    BidData, ConfirmationData, ContractData, DemandData, OfferData, RejectionData,
};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_chain::{newest, since, walk_back, Own, Walk};
use ioen_hdk::{decode, entry_type, own_entries};

use crate::error::MarketError;

/// The caller's profile: its original create action, its latest version's hash and content.
pub struct MyProfile {
    /// The profile's create action (first declarations name it).
    pub original: ActionHash,
    /// The latest version (what declarations are made under).
    pub latest: ActionHash,
    /// Its content.
    pub profile: ProfileData,
}

/// The caller's profile, or [`MarketError::NoProfile`].
pub fn my_profile() -> ExternResult<MyProfile> {
    let versions = own_entries::<ProfileData>(zome_names::PROFILES, entry_index::PROFILE)?;
    let original = versions
        .iter()
        .find(|(_, record, _)| matches!(record.action(), Action::Create(_)))
        .map(|(hash, _, _)| hash.clone());
    match (original, versions.last()) {
        (Some(original), Some((latest, _, profile))) => Ok(MyProfile {
            original,
            latest: latest.clone(),
            profile: profile.clone(),
        }),
        _ => Err(MarketError::NoProfile.into()),
    }
}

/// The caller's declaration (Offer or Demand) for one supply cycle.
#[derive(Clone, Debug)]
pub enum OwnDeclaration {
    /// It produces in that cycle.
    Offer(Own<OfferData>),
    /// It consumes in that cycle.
    Demand(Own<DemandData>),
}

impl OwnDeclaration {
    fn supply_cycle(&self) -> u64 {
        match self {
            OwnDeclaration::Offer(o) => o.data.supply_cycle,
            OwnDeclaration::Demand(d) => d.data.supply_cycle,
        }
    }
}

fn declaration_types() -> ExternResult<[EntryType; 2]> {
    Ok([
        market_type(entry_index::OFFER)?,
        market_type(entry_index::DEMAND)?,
    ])
}

fn market_type(index: u8) -> ExternResult<EntryType> {
    entry_type(zome_names::MARKET, index, EntryVisibility::Public)
}

/// A record of the declaration types as an Offer (when of type `offer`) or a Demand.
fn as_declaration(record: &Record, offer: (ZomeIndex, EntryDefIndex)) -> Option<OwnDeclaration> {
    if ioen_hdi::is_entry_of(record.action(), offer) {
        Own::decode(record).map(OwnDeclaration::Offer)
    } else {
        Own::decode(record).map(OwnDeclaration::Demand)
    }
}

/// The caller's declaration for `supply_cycle`.
///
/// Rule I3 makes the caller's declarations follow one another in rising supply cycles, so the
/// walk back stops at the first one for an earlier cycle.
pub fn my_declaration(supply_cycle: u64) -> ExternResult<Option<OwnDeclaration>> {
    let offer = ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::OFFER)?;
    let mut found = None;
    walk_back(&declaration_types()?, 0, |record| {
        Ok(match as_declaration(record, offer) {
            Some(d) if d.supply_cycle() == supply_cycle => {
                found = Some(d);
                Walk::Stop
            }
            Some(d) if d.supply_cycle() < supply_cycle => Walk::Stop,
            _ => Walk::Continue,
        })
    })?;
    Ok(found)
}

/// The caller's offer for `supply_cycle`.
pub fn my_offer(supply_cycle: u64) -> ExternResult<Option<Own<OfferData>>> {
    Ok(match my_declaration(supply_cycle)? {
        Some(OwnDeclaration::Offer(offer)) => Some(offer),
        _ => None,
    })
}

/// The caller's demand for `supply_cycle`.
pub fn my_demand(supply_cycle: u64) -> ExternResult<Option<Own<DemandData>>> {
    Ok(match my_declaration(supply_cycle)? {
        Some(OwnDeclaration::Demand(demand)) => Some(demand),
        _ => None,
    })
}

/// What a new declaration names as previous: the latest Offer or Demand, else the profile's
/// create action.
pub fn previous_declaration(profile: &MyProfile) -> ExternResult<ActionHash> {
    let latest = newest(&declaration_types()?, 0, |record| {
        Some(record.action_address().clone())
    })?;
    Ok(latest.unwrap_or_else(|| profile.original.clone()))
}

/// An answer the caller gave to a bid.
#[derive(Clone, Debug)]
pub enum OwnAnswer {
    /// A contract.
    Contract(ContractData),
    /// A rejection.
    Rejection(RejectionData),
}

impl OwnAnswer {
    /// The Offer it answers under.
    pub fn offer(&self) -> &ActionHash {
        match self {
            OwnAnswer::Contract(c) => &c.offer,
            OwnAnswer::Rejection(r) => &r.offer,
        }
    }
    /// The bid it answers.
    pub fn bid(&self) -> &ActionHash {
        match self {
            OwnAnswer::Contract(c) => &c.bid,
            OwnAnswer::Rejection(r) => &r.bid,
        }
    }
    /// The Offer's allocation after it.
    pub fn allocated_wh(&self) -> u64 {
        match self {
            OwnAnswer::Contract(c) => c.allocated_wh,
            OwnAnswer::Rejection(r) => r.allocated_wh,
        }
    }
}

/// A record of the answer types as a Contract (when of type `contract`) or a rejection.
fn as_answer(
    record: &Record,
    contract: (ZomeIndex, EntryDefIndex),
) -> Option<(ActionHash, OwnAnswer)> {
    let answer = if ioen_hdi::is_entry_of(record.action(), contract) {
        decode::<ContractData>(record).map(OwnAnswer::Contract)
    } else {
        decode::<RejectionData>(record).map(OwnAnswer::Rejection)
    };
    answer.map(|a| (record.action_address().clone(), a))
}

fn contract_def() -> ExternResult<(ZomeIndex, EntryDefIndex)> {
    ioen_hdi::app_entry_def(zome_names::MARKET, entry_index::CONTRACT)
}

fn answer_types() -> ExternResult<[EntryType; 2]> {
    Ok([
        market_type(entry_index::CONTRACT)?,
        market_type(entry_index::REJECTION_RECEIPT)?,
    ])
}

/// The caller's answers under `offer`, oldest first. They come after the offer on the chain.
pub fn answers_under(offer: &Own<OfferData>) -> ExternResult<Vec<(ActionHash, OwnAnswer)>> {
    let contract = contract_def()?;
    let mut answers = Vec::new();
    walk_back(&answer_types()?, offer.seq, |record| {
        if let Some((hash, answer)) = as_answer(record, contract) {
            if answer.offer() == &offer.hash {
                answers.push((hash, answer));
            }
        }
        Ok(Walk::Continue)
    })?;
    answers.reverse();
    Ok(answers)
}

/// The newest answer under `offer` and the offer's allocation after it.
pub fn latest_answer(offer: &Own<OfferData>) -> ExternResult<Option<(ActionHash, Wh)>> {
    let contract = contract_def()?;
    let mut latest = None;
    walk_back(&answer_types()?, offer.seq, |record| {
        Ok(match as_answer(record, contract) {
            Some((hash, answer)) if answer.offer() == &offer.hash => {
                latest = Some((hash, answer.allocated_wh()));
                Walk::Stop
            }
            _ => Walk::Continue,
        })
    })?;
    Ok(latest)
}

/// The caller's confirmations of contracts for `demand`, oldest first: at most one (rule I6).
pub fn confirmations_of(demand: &Own<DemandData>) -> ExternResult<Vec<Own<ConfirmationData>>> {
    since(
        &[market_type(entry_index::CONFIRMATION)?],
        demand.seq,
        |record| Own::<ConfirmationData>::decode(record).filter(|c| c.data.demand == demand.hash),
    )
}

/// The caller's bids under `demand`, oldest first. They come after the demand on the chain.
pub fn bids_under(demand: &Own<DemandData>) -> ExternResult<Vec<Own<BidData>>> {
    since(&[market_type(entry_index::BID)?], demand.seq, |record| {
        Own::<BidData>::decode(record).filter(|b| b.data.demand == demand.hash)
    })
}

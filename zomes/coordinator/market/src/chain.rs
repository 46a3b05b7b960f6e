//! Reading the caller's own chain: its profile, declarations, answers and confirmations.

use hdk::prelude::*;
use ioen_core::ProfileData;
use ioen_hdi::records::{ConfirmationData, ContractData, DemandData, OfferData, RejectionData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_entries;

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

/// The caller's offers, oldest first.
pub fn own_offers() -> ExternResult<Vec<(ActionHash, Record, OfferData)>> {
    own_entries(zome_names::MARKET, entry_index::OFFER)
}

/// The caller's demands, oldest first.
pub fn own_demands() -> ExternResult<Vec<(ActionHash, Record, DemandData)>> {
    own_entries(zome_names::MARKET, entry_index::DEMAND)
}

/// The caller's offer for `supply_cycle`.
pub fn my_offer(supply_cycle: u64) -> ExternResult<Option<(ActionHash, OfferData)>> {
    Ok(own_offers()?
        .into_iter()
        .find(|(_, _, o)| o.supply_cycle == supply_cycle)
        .map(|(h, _, o)| (h, o)))
}

/// The caller's demand for `supply_cycle`.
pub fn my_demand(supply_cycle: u64) -> ExternResult<Option<(ActionHash, DemandData)>> {
    Ok(own_demands()?
        .into_iter()
        .find(|(_, _, d)| d.supply_cycle == supply_cycle)
        .map(|(h, _, d)| (h, d)))
}

/// What a new declaration names as previous: the latest Offer or Demand, else the profile's
/// create action.
pub fn previous_declaration(profile: &MyProfile) -> ExternResult<ActionHash> {
    let offers = own_offers()?
        .into_iter()
        .map(|(h, r, _)| (r.action().action_seq(), h));
    let demands = own_demands()?
        .into_iter()
        .map(|(h, r, _)| (r.action().action_seq(), h));
    Ok(offers
        .chain(demands)
        .max_by_key(|(seq, _)| *seq)
        .map(|(_, hash)| hash)
        .unwrap_or_else(|| profile.original.clone()))
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

/// The caller's answers, oldest first, with their action hashes.
pub fn own_answers() -> ExternResult<Vec<(ActionHash, OwnAnswer)>> {
    let contracts = own_entries::<ContractData>(zome_names::MARKET, entry_index::CONTRACT)?
        .into_iter()
        .map(|(h, r, c)| (r.action().action_seq(), h, OwnAnswer::Contract(c)));
    let rejections =
        own_entries::<RejectionData>(zome_names::MARKET, entry_index::REJECTION_RECEIPT)?
            .into_iter()
            .map(|(h, r, x)| (r.action().action_seq(), h, OwnAnswer::Rejection(x)));
    let mut all: Vec<_> = contracts.chain(rejections).collect();
    all.sort_by_key(|(seq, _, _)| *seq);
    Ok(all.into_iter().map(|(_, h, a)| (h, a)).collect())
}

/// The caller's confirmations, oldest first.
pub fn own_confirmations() -> ExternResult<Vec<(ActionHash, ConfirmationData)>> {
    Ok(
        own_entries::<ConfirmationData>(zome_names::MARKET, entry_index::CONFIRMATION)?
            .into_iter()
            .map(|(h, _, c)| (h, c))
            .collect(),
    )
}

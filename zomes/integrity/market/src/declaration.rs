//! Offer and Demand: an agent's one role declaration per supply cycle (rule I3).

use hdi::prelude::*;
use ioen_core::market::{
    check_declaration_order, check_demand, check_offer, DemandFacts, OfferFacts,
};
use ioen_core::ProfileData;
use ioen_hdi::records::{DemandData, OfferData};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, verdict, verdict_err, zome_names};

use crate::{creates, entry_of, walk_back_to, EntryTypes, UnitEntryTypes};

/// A producer's declaration for one supply cycle; the fields are [`OfferData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Offer(pub OfferData);

/// A consumer's declaration for one supply cycle; the fields are [`DemandData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Demand(pub DemandData);

/// Rules:
/// 1. I3: the offer is made under the producer's own profile.
/// 2. I3: it names the author's previous declaration (or, for the first, its profile) and is for a
///    later supply cycle than that declaration.
/// 3. Capacity above zero, reserve price (if any) within the network's maximum, a method the
///    producer's profile lists, made during the bidding window (cycle n-1) of its supply cycle n.
pub fn validate_create_offer(
    action: &Create,
    offer: &Offer,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let producer = valid_or_return!(own_profile(&offer.0.profile, &action.author)?);
    let previous = valid_or_return!(previous_supply_cycle(
        &offer.0.previous_declaration,
        &action.author
    )?);
    if let Err(e) = check_declaration_order(previous, offer.0.supply_cycle) {
        return verdict_err(e);
    }
    Ok(verdict(check_offer(
        &OfferFacts {
            supply_cycle: offer.0.supply_cycle,
            method: offer.0.method,
            capacity_wh: offer.0.capacity_wh,
            reserve_price_per_kwh: offer.0.reserve_price_per_kwh,
            authored_at: action.timestamp.as_micros(),
            producer: &producer,
        },
        &props,
    )))
}

/// Rules:
/// 1. I3: the demand is made under the consumer's own profile.
/// 2. I3: it names the author's previous declaration (or its profile) and is for a later cycle.
/// 3. Wanted energy above zero, a profile that accepts some method, made during the bidding
///    window of its supply cycle.
pub fn validate_create_demand(
    action: &Create,
    demand: &Demand,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let consumer = valid_or_return!(own_profile(&demand.0.profile, &action.author)?);
    let previous = valid_or_return!(previous_supply_cycle(
        &demand.0.previous_declaration,
        &action.author
    )?);
    if let Err(e) = check_declaration_order(previous, demand.0.supply_cycle) {
        return verdict_err(e);
    }
    Ok(verdict(check_demand(
        &DemandFacts {
            supply_cycle: demand.0.supply_cycle,
            wanted_wh: demand.0.wanted_wh,
            authored_at: action.timestamp.as_micros(),
            consumer: &consumer,
        },
        &props,
    )))
}

/// Rules:
/// 1. I3: nothing was declared between the declaration this one names as previous and this one,
///    so declarations form one chain per agent and each cycle gets at most one role. The walk
///    goes back only to that named action.
pub fn validate_declaration_chain(
    action: &Create,
    previous: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let walk = valid_or_return!(walk_back_to(action, previous)?);
    for activity in &walk {
        if creates(activity, UnitEntryTypes::Offer)? || creates(activity, UnitEntryTypes::Demand)? {
            return ioen_hdi::invalid(
                "This declaration skips the author's latest offer or demand; name that one as previous.",
            );
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The profile a declaration names, which must be the author's own.
fn own_profile(
    hash: &ActionHash,
    author: &AgentPubKey,
) -> ExternResult<Result<ProfileData, String>> {
    let fetched =
        fetch_content::<ProfileData>(hash, zome_names::PROFILES, entry_index::PROFILE, "profile")?;
    Ok(fetched.and_then(|(record, profile)| {
        if record.action().author() == author {
            Ok(profile)
        } else {
            Err("A declaration must be made under the author's own profile.".to_string())
        }
    }))
}

/// The supply cycle of the previous declaration, or `None` when the named action is the
/// author's profile (its first declaration).
fn previous_supply_cycle(
    hash: &ActionHash,
    author: &AgentPubKey,
) -> ExternResult<Result<Option<u64>, String>> {
    let record = ioen_hdi::record_content(hash)?;
    if record.action().author() != author {
        return Ok(Err(
            "The previous declaration must be the author's own.".into()
        ));
    }
    let profile_def = ioen_hdi::app_entry_def(zome_names::PROFILES, entry_index::PROFILE)?;
    if ioen_hdi::is_entry_of(record.action(), profile_def) {
        return Ok(match record.action() {
            Action::Create(_) => Ok(None),
            _ => Err("A first declaration must name the profile's original create action.".into()),
        });
    }
    let cached = record.entry().as_option();
    match entry_of(record.action_address(), record.action(), cached)? {
        Some(EntryTypes::Offer(offer)) => Ok(Ok(Some(offer.0.supply_cycle))),
        Some(EntryTypes::Demand(demand)) => Ok(Ok(Some(demand.0.supply_cycle))),
        _ => Ok(Err(
            "The previous declaration must be an offer, a demand or the author's profile.".into(),
        )),
    }
}

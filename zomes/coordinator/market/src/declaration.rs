//! Declaring a role for a supply cycle: an Offer (producer) or a Demand (consumer).

use hdk::prelude::*;
use ioen_core::market::{check_demand, check_offer, DemandFacts, OfferFacts};
use ioen_core::{GenerationMethod, PricePerKwh, Wh};
use ioen_hdi::records::{DemandData, OfferData};
use market_integrity::{cycle_tag, Demand, EntryTypes, LinkTypes, Offer};

use crate::chain::{
    my_declaration, my_demand, my_offer, my_profile, previous_declaration, OwnDeclaration,
};
use crate::cycle::{clock, next_supply_cycle, now};
use crate::error::MarketError;

/// A producer's offer for the next supply cycle.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateOfferInput {
    /// One of the producer's methods, as text.
    pub method: String,
    /// Energy available, in Wh.
    pub capacity_wh: Wh,
    /// Lowest acceptable price, in micro-IOEN per kWh.
    #[serde(default)]
    pub reserve_price_per_kwh: Option<PricePerKwh>,
}

/// A consumer's demand for the next supply cycle.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateDemandInput {
    /// Energy wanted, in Wh.
    pub wanted_wh: Wh,
}

/// A declaration as stored, with its hash.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct OfferInfo {
    /// The Offer's action hash.
    pub offer_hash: ActionHash,
    /// Its content.
    pub offer: OfferData,
}

/// A demand as stored, with its hash.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct DemandInfo {
    /// The Demand's action hash.
    pub demand_hash: ActionHash,
    /// Its content.
    pub demand: DemandData,
}

/// Offers capacity for the next supply cycle: the caller is a producer in that cycle.
#[hdk_extern]
pub fn create_offer(input: CreateOfferInput) -> ExternResult<OfferInfo> {
    let (props, _) = clock()?;
    let supply_cycle = next_supply_cycle()?;
    let method: GenerationMethod = input.method.parse().map_err(MarketError::from)?;
    let profile = my_profile()?;
    // One walk answers both: the caller's one declaration for the cycle, if any (rule I3).
    match my_declaration(supply_cycle)? {
        Some(OwnDeclaration::Offer(_)) => return Err(MarketError::OfferExists(supply_cycle).into()),
        Some(OwnDeclaration::Demand(_)) => {
            return Err(MarketError::OtherRoleDeclared {
                declared: "a demand",
                supply_cycle,
            }
            .into())
        }
        None => {}
    }
    check_offer(
        &OfferFacts {
            supply_cycle,
            method,
            capacity_wh: input.capacity_wh,
            reserve_price_per_kwh: input.reserve_price_per_kwh,
            authored_at: now()?,
            producer: &profile.profile,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let offer = OfferData {
        supply_cycle,
        method,
        capacity_wh: input.capacity_wh,
        reserve_price_per_kwh: input.reserve_price_per_kwh,
        profile: profile.latest.clone(),
        previous_declaration: previous_declaration(&profile)?,
    };
    let offer_hash = create_entry(EntryTypes::Offer(Offer(offer.clone())))?;
    create_link(
        agent_info()?.agent_initial_pubkey,
        offer_hash.clone(),
        LinkTypes::AgentToOffer,
        cycle_tag(supply_cycle),
    )?;
    Ok(OfferInfo { offer_hash, offer })
}

/// Declares how much energy the caller wants in the next supply cycle: it is a consumer then.
#[hdk_extern]
pub fn create_demand(input: CreateDemandInput) -> ExternResult<DemandInfo> {
    let supply_cycle = next_supply_cycle()?;
    if let Some(existing) = my_demand(supply_cycle)? {
        if existing.data.wanted_wh == input.wanted_wh {
            return Ok(DemandInfo {
                demand_hash: existing.hash,
                demand: existing.data,
            });
        }
        return Err(MarketError::DemandExists(supply_cycle).into());
    }
    declare_demand(supply_cycle, input.wanted_wh)
}

/// Writes the caller's Demand for `supply_cycle` after the coordinator checks.
pub fn declare_demand(supply_cycle: u64, wanted_wh: Wh) -> ExternResult<DemandInfo> {
    let (props, _) = clock()?;
    let profile = my_profile()?;
    if my_offer(supply_cycle)?.is_some() {
        return Err(MarketError::OtherRoleDeclared {
            declared: "an offer",
            supply_cycle,
        }
        .into());
    }
    check_demand(
        &DemandFacts {
            supply_cycle,
            wanted_wh,
            authored_at: now()?,
            consumer: &profile.profile,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let demand = DemandData {
        supply_cycle,
        wanted_wh,
        profile: profile.latest.clone(),
        previous_declaration: previous_declaration(&profile)?,
    };
    let demand_hash = create_entry(EntryTypes::Demand(Demand(demand.clone())))?;
    Ok(DemandInfo {
        demand_hash,
        demand,
    })
}

/// A producer's offers for a supply cycle, as any household sees them.
#[hdk_extern]
pub fn get_offers_of(input: OffersOfInput) -> ExternResult<Vec<OfferInfo>> {
    let links = get_links(
        LinkQuery::try_new(input.producer.clone(), LinkTypes::AgentToOffer)?
            .tag_prefix(cycle_tag(input.supply_cycle))
            .author(input.producer.clone()),
        GetStrategy::Network,
    )?;
    let mut offers: Vec<OfferInfo> = Vec::new();
    if ioen_hdk::is_warranted(&input.producer)? {
        return Ok(offers);
    }
    for link in links {
        let Some(hash) = link.target.into_action_hash() else {
            continue;
        };
        if offers.iter().any(|o| o.offer_hash == hash) {
            continue;
        }
        let Some(record) = get(hash.clone(), GetOptions::network())? else {
            continue;
        };
        if let Some(offer) = ioen_hdk::decode::<OfferData>(&record) {
            offers.push(OfferInfo {
                offer_hash: hash,
                offer,
            });
        }
    }
    Ok(offers)
}

/// Whose offers to read.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct OffersOfInput {
    /// The producer.
    pub producer: AgentPubKey,
    /// The supply cycle.
    pub supply_cycle: u64,
}

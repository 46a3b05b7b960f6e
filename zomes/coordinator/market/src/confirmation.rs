//! Confirming: a consumer takes one of the contracts offered to it for a cycle.

use hdk::prelude::*;
use ioen_core::market::{
    check_confirmation, choose_contract, ConfirmPreference, ConfirmationFacts, ContractOption,
};
use ioen_core::ProfileData;
use ioen_hdi::records::{BidData, ConfirmationData, ContractData, DemandData, OfferData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::decode;
use ioen_hdk::own_chain::{own_record, Own};
use market_integrity::{cycle_tag, Confirmation, EntryTypes, LinkTypes};

use crate::answer::fetch;
use crate::bid::{answers_to_me, confirmed_contracts};
use crate::chain::{answers_under, confirmations_of, my_declaration, OwnAnswer, OwnDeclaration};
use crate::counterpart::check_contract_to_confirm;
use crate::cycle::{clock, now};
use crate::error::MarketError;

/// A confirmation as written.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ConfirmationView {
    /// Its action hash.
    pub confirmation_hash: ActionHash,
    /// Its content.
    pub confirmation: ConfirmationData,
}

/// A contract as one of its two parties sees it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ContractView {
    /// Its action hash.
    pub contract_hash: ActionHash,
    /// Its content.
    pub contract: ContractData,
    /// The producer (author of the contract).
    pub producer: AgentPubKey,
    /// The consumer (author of the bid).
    pub consumer: AgentPubKey,
    /// The caller's side: `"producer"` or `"consumer"`.
    pub role: String,
    /// Whether the consumer confirmed it.
    pub confirmed: bool,
}

/// How to choose a contract automatically.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct AutoConfirmInput {
    /// The supply cycle.
    pub supply_cycle: u64,
    /// Cheapest, or a preferred generation method (falling back to the cheapest).
    pub preference: ConfirmPreference,
}

/// Confirms the one contract the caller takes for the contract's supply cycle, once the caller
/// has checked the contract and its producer itself (`counterpart::check_contract_to_confirm`).
#[hdk_extern]
pub fn confirm_contract(contract_hash: ActionHash) -> ExternResult<ConfirmationView> {
    let (props, _) = clock()?;
    let contract_record = get(contract_hash.clone(), GetOptions::network())?
        .ok_or(MarketError::NotFound("contract"))?;
    let contract: ContractData =
        ioen_hdk::decode(&contract_record).ok_or(MarketError::NotFound("contract"))?;
    let bid = own_record(&contract.bid, zome_names::MARKET, entry_index::BID)?;
    let Some(bid) = bid.and_then(|r| decode::<BidData>(&r)) else {
        return Err(MarketError::NotYourContract.into());
    };
    let Some(own_demand) = own_demand_by_hash(&bid.demand)? else {
        return Err(MarketError::NotYourContract.into());
    };
    let (my_demand_hash, demand) = (own_demand.hash.clone(), own_demand.data.clone());
    let me: ProfileData = fetch(&demand.profile, "profile")?;
    check_contract_to_confirm(&contract_record, &contract, &bid, &demand, &me, &props)?
        .map_err(WasmError::from)?;
    if !confirmations_of(&own_demand)?.is_empty() {
        return Err(MarketError::AlreadyConfirmed(demand.supply_cycle).into());
    }
    check_confirmation(
        &ConfirmationFacts {
            author_is_consumer: true,
            contract_is_for_demand: true,
            supply_cycle: demand.supply_cycle,
            authored_at: now()?,
        },
        &props,
    )
    .map_err(MarketError::from)?;
    let confirmation = ConfirmationData {
        demand: my_demand_hash,
        contract: contract_hash.clone(),
    };
    let confirmation_hash =
        create_entry(EntryTypes::Confirmation(Confirmation(confirmation.clone())))?;
    let producer = contract_record.action().author().clone();
    create_link(
        producer.clone(),
        confirmation_hash.clone(),
        LinkTypes::ConfirmationInbox,
        cycle_tag(demand.supply_cycle),
    )?;
    Ok(ConfirmationView {
        confirmation_hash,
        confirmation,
    })
}

/// The caller's contracts for `supply_cycle`: those it made as producer and those made to it as
/// consumer, each with whether it was confirmed.
#[hdk_extern]
pub fn get_my_contracts(supply_cycle: u64) -> ExternResult<Vec<ContractView>> {
    let me = agent_info()?.agent_initial_pubkey;
    let mut views = Vec::new();
    let declaration = my_declaration(supply_cycle)?;
    if let Some(OwnDeclaration::Offer(offer)) = &declaration {
        let confirmed = confirmed_contracts(supply_cycle)?;
        for (hash, answer) in answers_under(offer)? {
            let OwnAnswer::Contract(contract) = answer else {
                continue;
            };
            let bid_record = get(contract.bid.clone(), GetOptions::network())?
                .ok_or(MarketError::NotFound("bid"))?;
            views.push(ContractView {
                confirmed: confirmed.contains(&hash),
                contract_hash: hash,
                contract,
                producer: me.clone(),
                consumer: bid_record.action().author().clone(),
                role: "producer".into(),
            });
        }
    }
    if let Some(OwnDeclaration::Demand(demand)) = &declaration {
        let confirmed: Vec<ActionHash> = confirmations_of(demand)?
            .into_iter()
            .map(|c| c.data.contract)
            .collect();
        for (hash, answer) in answers_to_me(supply_cycle)? {
            let OwnAnswer::Contract(contract) = answer else {
                continue;
            };
            let record = get(hash.clone(), GetOptions::network())?
                .ok_or(MarketError::NotFound("contract"))?;
            views.push(ContractView {
                confirmed: confirmed.contains(&hash),
                contract_hash: hash,
                contract,
                producer: record.action().author().clone(),
                consumer: me.clone(),
                role: "consumer".into(),
            });
        }
    }
    Ok(views)
}

/// Confirms the contract the preference picks among those offered for `supply_cycle`, unless one
/// is confirmed already. Returns the new confirmation, or `None` when there is nothing to confirm.
#[hdk_extern]
pub fn auto_confirm(input: AutoConfirmInput) -> ExternResult<Option<ConfirmationView>> {
    let contracts: Vec<ContractView> = get_my_contracts(input.supply_cycle)?
        .into_iter()
        .filter(|c| c.role == "consumer")
        .collect();
    if contracts.iter().any(|c| c.confirmed) {
        return Ok(None);
    }
    let mut options = Vec::new();
    for (id, c) in contracts.iter().enumerate() {
        let offer: OfferData = fetch(&c.contract.offer, "offer")?;
        options.push(ContractOption {
            id,
            price_per_kwh: c.contract.price_per_kwh,
            energy_wh: c.contract.energy_wh,
            method: offer.method,
        });
    }
    match choose_contract(&options, input.preference).and_then(|id| contracts.get(id)) {
        Some(chosen) => confirm_contract(chosen.contract_hash.clone()).map(Some),
        None => Ok(None),
    }
}

/// The caller's own Demand with this hash, if it is one (read locally: no network request).
fn own_demand_by_hash(hash: &ActionHash) -> ExternResult<Option<Own<DemandData>>> {
    Ok(own_record(hash, zome_names::MARKET, entry_index::DEMAND)?.and_then(|r| Own::decode(&r)))
}

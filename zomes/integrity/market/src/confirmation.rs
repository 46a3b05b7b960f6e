//! Confirmation: the one contract a consumer takes for a supply cycle (rule I6).

use hdi::prelude::*;
use ioen_core::market::{check_confirmation, check_single_confirmation, ConfirmationFacts};
use ioen_hdi::records::{ConfirmationData, ContractData};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, verdict, zome_names};

use crate::bid::{fetch_bid, fetch_demand};
use crate::{creates, entry_of, walk_back_to, EntryTypes, UnitEntryTypes};

/// A consumer's confirmation of one contract; the fields are [`ConfirmationData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Confirmation(pub ConfirmationData);

/// Rules:
/// 1. I6: the author is the consumer whose Demand the confirmation names.
/// 2. I6: the contract answers one of that Demand's bids.
/// 3. I6: made from the bidding window until the end of the supply cycle.
pub fn validate_create_confirmation(
    action: &Create,
    confirmation: &Confirmation,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let c = &confirmation.0;
    let (demand_record, demand) = valid_or_return!(fetch_demand(&c.demand)?);
    let (_, contract) = valid_or_return!(fetch_contract(&c.contract)?);
    let (_, bid) = valid_or_return!(fetch_bid(&contract.bid)?);
    Ok(verdict(check_confirmation(
        &ConfirmationFacts {
            author_is_consumer: demand_record.action().author() == &action.author,
            contract_is_for_demand: bid.demand == c.demand,
            supply_cycle: demand.supply_cycle,
            authored_at: action.timestamp.as_micros(),
        },
        &props,
    )))
}

/// Rules:
/// 1. I6: no other confirmation of the same Demand lies between the Demand and this one, so a
///    consumer confirms at most one contract per cycle. The walk goes back to the Demand only.
pub fn validate_confirmation_chain(
    action: &Create,
    demand: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let walk = valid_or_return!(walk_back_to(action, demand)?);
    let mut already_confirmed = false;
    for activity in &walk {
        if !creates(activity, UnitEntryTypes::Confirmation)? {
            continue;
        }
        if let Some(EntryTypes::Confirmation(other)) = entry_of(
            activity.action.as_hash(),
            activity.action.action(),
            activity.cached_entry.as_ref(),
        )? {
            already_confirmed |= &other.0.demand == demand;
        }
    }
    Ok(verdict(check_single_confirmation(already_confirmed)))
}

/// Reads a Contract record's content (by content, as `bid::fetch_bid`).
pub(crate) fn fetch_contract(
    hash: &ActionHash,
) -> ExternResult<Result<(Record, ContractData), String>> {
    fetch_content(hash, zome_names::MARKET, entry_index::CONTRACT, "contract")
}

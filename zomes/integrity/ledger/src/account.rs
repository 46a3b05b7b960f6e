//! Account: the opening of a household's IOEN ledger (rule I11).

use hdi::prelude::*;
use ioen_core::ledger::check_account;
use ioen_core::{check_account_credit_limit, CoreError};
use ioen_hdi::membership::judge_join;
use ioen_hdi::records::AccountData;

use crate::chain::creates_one_of;
use crate::UnitEntryTypes;

/// A household's account, opened at balance 0; the fields are [`AccountData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Account(pub AccountData);

/// Rules:
/// 1. I11: an account opens at balance 0 (mutual credit creates no money).
/// 2. I11: it is among the first `MAX_ACCOUNT_ACTION_SEQ` actions of its chain, so the check for
///    a second account below, and the walk to the agent validation action in rule 3, stay short.
/// 3. I14: its credit limit is the one its author joined with: its invitation's, or the
///    network's for a steward or on an open network.
pub fn validate_create_account(
    action: &Create,
    account: &Account,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_account(account.0.balance, action.action_seq) {
        return ioen_hdi::verdict_err(e);
    }
    let props = ioen_hdi::network_properties()?;
    let earlier = must_get_agent_activity(
        action.author.clone(),
        ChainFilter::new(action.prev_action.clone()),
    )?;
    let Some(joined) = earlier.iter().find_map(|a| match a.action.action() {
        Action::AgentValidationPkg(pkg) => Some(pkg),
        _ => None,
    }) else {
        return ioen_hdi::invalid("The account's chain has no agent validation action.");
    };
    let joined_with = match judge_join(
        &action.author,
        joined.membrane_proof.as_ref(),
        Some(joined.timestamp),
        &props,
    )? {
        Ok(limit) => limit,
        Err(e) => return ioen_hdi::verdict_err(e),
    };
    Ok(ioen_hdi::verdict(check_account_credit_limit(
        account.0.credit_limit,
        joined_with,
    )))
}

/// Rules:
/// 1. I11: one account per agent: no other account earlier on the author's chain. The walk runs
///    to genesis, which is short because rule 2 above bounds the account's position (checked
///    first, so the walk never grows with the chain).
pub fn validate_account_chain(action: &Create) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_account(0, action.action_seq) {
        return ioen_hdi::verdict_err(e);
    }
    let earlier = must_get_agent_activity(
        action.author.clone(),
        ChainFilter::new(action.prev_action.clone()),
    )?;
    for activity in &earlier {
        if creates_one_of(activity.action.action(), &[UnitEntryTypes::Account])? {
            return ioen_hdi::verdict_err(CoreError::SecondAccount);
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

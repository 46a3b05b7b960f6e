//! Membership (rule I14): an agent joins with a steward's invitation as its membrane proof.

use hdi::prelude::*;
use ioen_hdi::membership::judge_join;

/// Rules:
/// 1. The network's properties make sense, so a misconfigured installation fails at once
///    instead of at its first write.
/// 2. I14: the agent is a steward, the network is open, or its membrane proof is an invitation
///    for its key, signed by a steward the properties name, with a credit limit between 0 and
///    the network's. (No clock is readable here: the expiry is checked on the agent validation
///    op by [`validate_agent_validation_pkg`].)
pub fn validate_genesis(data: &GenesisSelfCheckData) -> ExternResult<ValidateCallbackResult> {
    let bytes = dna_info()?.modifiers.properties;
    let props = match ioen_hdi::checked_properties(bytes.bytes()) {
        Ok(props) => props,
        Err(reason) => return ioen_hdi::invalid(reason),
    };
    let joined = judge_join(&data.agent_key, data.membrane_proof.as_ref(), None, &props)?;
    Ok(ioen_hdi::verdict(joined.map(|_| ())))
}

/// Rules:
/// 1. I14, as in [`validate_genesis`], and the invitation had not expired at the time of the
///    agent validation action. Every peer that stores the agent's activity or this action runs
///    it, so a conductor that skipped its own genesis check is refused by the network.
pub fn validate_agent_validation_pkg(
    action: &AgentValidationPkg,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let joined = judge_join(
        &action.author,
        action.membrane_proof.as_ref(),
        Some(action.timestamp),
        &props,
    )?;
    Ok(ioen_hdi::verdict(joined.map(|_| ())))
}

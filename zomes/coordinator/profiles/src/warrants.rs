//! Skipping agents that this conductor has caught breaking the rules.

use hdk::prelude::*;

/// Whether this conductor holds a warrant against `agent` (local data only: a warranted agent is
/// blocked, so the network would not answer for it anyway).
pub fn is_warranted(agent: &AgentPubKey) -> ExternResult<bool> {
    let activity = get_agent_activity(
        agent.clone(),
        ChainQueryFilter::new(),
        ActivityRequest::Status,
        GetOptions::local(),
    )?;
    Ok(!activity.warrants.is_empty())
}

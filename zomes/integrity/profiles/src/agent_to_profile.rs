//! `AgentToProfile` links: an agent to its current profile (rule I1).

use hdi::prelude::*;

use crate::path_to_profile::target_profile;

/// Rules:
/// 1. I1: the base is the link author's own agent key: nobody points another agent at a profile.
/// 2. I1: the target is a profile record (its content) authored by that same agent.
/// 3. The tag is empty.
pub fn validate_create_link_agent_to_profile(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    if *base != AnyLinkableHash::from(action.author.clone()) {
        return ioen_hdi::invalid("An agent can only link its own key to its profile.");
    }
    let (author, _) = match target_profile(target)? {
        Ok(found) => found,
        Err(reason) => return ioen_hdi::invalid(reason),
    };
    if author != action.author {
        return ioen_hdi::invalid("An agent can only link its key to a profile it wrote.");
    }
    if !tag.0.is_empty() {
        return ioen_hdi::invalid("An agent-to-profile link carries no tag.");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Rules:
/// 1. I1: only the link's author removes it (a profile update moves the link to the new version).
pub fn validate_delete_link_agent_to_profile(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    crate::only_its_author_deletes(action, original)
}

//! Rule I14 on Holochain's types: who may join, read from a membrane proof.
//!
//! The integrity zomes judge the same facts in three places: `genesis_self_check` (before an
//! agent's chain exists, with no clock), the agent validation op (with the time the agent says
//! it joined) and the Account (whose credit limit must be the one the agent joined with).

use hdi::prelude::*;
use holo_hash::AgentPubKeyB64;
use ioen_core::NetworkProperties;
use ioen_core::{check_join, CoreError, Invitation, InvitationFacts, JoinFacts, MicroIoen};

/// Judges `agent` joining with membrane proof `proof` (rule I14) at `joined_at` (its agent
/// validation action's time; `None` at genesis), and returns the credit limit its account gets.
///
/// The outer `Err` is a host error; the inner one the rule's verdict.
pub fn judge_join(
    agent: &AgentPubKey,
    proof: Option<&MembraneProof>,
    joined_at: Option<Timestamp>,
    props: &NetworkProperties,
) -> ExternResult<Result<MicroIoen, CoreError>> {
    let facts = match join_facts(agent, proof, joined_at, props)? {
        Ok(facts) => facts,
        Err(e) => return Ok(Err(e)),
    };
    Ok(check_join(&facts, props))
}

/// The facts of rule I14 about `agent` joining with `proof`.
fn join_facts(
    agent: &AgentPubKey,
    proof: Option<&MembraneProof>,
    joined_at: Option<Timestamp>,
    props: &NetworkProperties,
) -> ExternResult<Result<JoinFacts, CoreError>> {
    if is_steward(agent, props) {
        return Ok(Ok(JoinFacts::Steward));
    }
    let bytes = proof.map(|p| p.bytes().as_slice()).unwrap_or_default();
    if bytes.is_empty() {
        return Ok(Ok(JoinFacts::NoInvitation));
    }
    let invitation = match Invitation::decode(bytes) {
        Ok(invitation) => invitation,
        // On an open network the proof is not needed, so its shape does not matter.
        Err(_) if props.open_network => return Ok(Ok(JoinFacts::NoInvitation)),
        Err(e) => return Ok(Err(e)),
    };
    let steward = AgentPubKey::try_from_raw_39(invitation.steward.clone());
    let steward_listed = steward
        .as_ref()
        .is_ok_and(|steward| is_steward(steward, props));
    let signature_valid = match (
        &steward,
        Signature::try_from(invitation.signature.as_slice()),
    ) {
        (Ok(steward), Ok(signature)) if steward_listed => {
            verify_signature_raw(steward.clone(), signature, invitation.signed_message())?
        }
        _ => false,
    };
    Ok(Ok(JoinFacts::Invited(InvitationFacts {
        invitee_is_agent: invitation.invitee == agent.get_raw_39(),
        steward_listed,
        signature_valid,
        credit_limit: invitation.credit_limit,
        expires_at_ms: invitation.expires_at_ms,
        joined_at_ms: joined_at.map(|t| t.as_millis()),
    })))
}

/// Whether `agent` is one of the stewards the DNA properties name.
pub fn is_steward(agent: &AgentPubKey, props: &NetworkProperties) -> bool {
    let b64 = AgentPubKeyB64::from(agent.clone()).to_string();
    props.stewards.contains(&b64)
}

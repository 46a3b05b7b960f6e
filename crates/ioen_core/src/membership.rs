//! Rule I14: membership by invitation.
//!
//! Mutual credit gives every member a line of credit, so a network that let any new key join
//! would let colluding fresh keys mint spendable IOEN with records that pass every other rule.
//! A network therefore names its stewards (agent keys) in its DNA properties; a steward signs an
//! invitation for one invitee key, with a credit limit and an expiry, and the invitation is the
//! invitee's membrane proof. The conductor checks it at genesis and every peer checks it again on
//! the agent validation op; the invitee's Account carries the invitation's credit limit, which
//! every Payment and Receipt then carries forward from its predecessor.
//!
//! An invitation travels as a short code (the bytes of [`Invitation::encode`], shown to people as
//! base64), so a household can paste it into the web UI when its app was installed without one.
//! The signed message is a fixed byte layout, not a serialisation format, so any tool (the
//! `npm start` steward, a future web form) can produce one byte for byte:
//!
//! | bytes | field |
//! |---|---|
//! | 8 | [`INVITATION_MAGIC`], `IOENINV1` |
//! | 39 | invitee agent key |
//! | 39 | steward agent key |
//! | 8 | credit limit, micro-IOEN, big-endian `i64` |
//! | 8 | expiry, milliseconds since 1970, big-endian `i64` |
//! | 64 | the steward's Ed25519 signature of the 102 bytes above |

use crate::error::CoreError;
use crate::properties::NetworkProperties;
use crate::units::MicroIoen;

/// The first bytes of every invitation, naming its format and version.
pub const INVITATION_MAGIC: &[u8; 8] = b"IOENINV1";

/// The length of an agent key in an invitation: Holochain's 39-byte `AgentPubKey` (3 type bytes,
/// 32 key bytes, 4 location bytes).
pub const AGENT_KEY_BYTES: usize = 39;

/// The length of an Ed25519 signature.
pub const SIGNATURE_BYTES: usize = 64;

/// The length of the signed part of an invitation.
pub const INVITATION_MESSAGE_BYTES: usize = 8 + 2 * AGENT_KEY_BYTES + 8 + 8;

/// The length of a whole invitation.
pub const INVITATION_BYTES: usize = INVITATION_MESSAGE_BYTES + SIGNATURE_BYTES;

/// A steward's invitation of one agent key into the network (rule I14).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// The invited agent key (39 bytes).
    pub invitee: Vec<u8>,
    /// The steward who signed it (39 bytes).
    pub steward: Vec<u8>,
    /// The credit limit the invitee's account gets, in micro-IOEN.
    pub credit_limit: MicroIoen,
    /// The last moment the invitation can be used to join, in milliseconds since 1970.
    pub expires_at_ms: i64,
    /// The steward's Ed25519 signature of [`Invitation::signed_message`] (64 bytes).
    pub signature: Vec<u8>,
}

impl Invitation {
    /// Reads an invitation from its bytes.
    ///
    /// # Errors
    ///
    /// [`CoreError::MalformedInvitation`] when the bytes are not an invitation of this format.
    pub fn decode(bytes: &[u8]) -> Result<Self, CoreError> {
        if bytes.len() != INVITATION_BYTES {
            return Err(malformed(format!(
                "it has {} bytes instead of {INVITATION_BYTES}",
                bytes.len()
            )));
        }
        let (magic, rest) = bytes.split_at(INVITATION_MAGIC.len());
        if magic != INVITATION_MAGIC {
            return Err(malformed("it does not start with IOENINV1".to_string()));
        }
        let (invitee, rest) = rest.split_at(AGENT_KEY_BYTES);
        let (steward, rest) = rest.split_at(AGENT_KEY_BYTES);
        let (credit_limit, rest) = rest.split_at(8);
        let (expires_at_ms, signature) = rest.split_at(8);
        Ok(Self {
            invitee: invitee.to_vec(),
            steward: steward.to_vec(),
            credit_limit: i64_from(credit_limit)?,
            expires_at_ms: i64_from(expires_at_ms)?,
            signature: signature.to_vec(),
        })
    }

    /// The invitation's bytes, the inverse of [`Invitation::decode`].
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = self.signed_message();
        bytes.extend_from_slice(&self.signature);
        bytes
    }

    /// The bytes the steward signs: everything but the signature.
    pub fn signed_message(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(INVITATION_BYTES);
        bytes.extend_from_slice(INVITATION_MAGIC);
        bytes.extend_from_slice(&self.invitee);
        bytes.extend_from_slice(&self.steward);
        bytes.extend_from_slice(&self.credit_limit.to_be_bytes());
        bytes.extend_from_slice(&self.expires_at_ms.to_be_bytes());
        bytes
    }
}

/// What a peer knows about an agent joining the network: the facts that rule I14 judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinFacts {
    /// The agent is one of the stewards the DNA properties name.
    Steward,
    /// The agent gave no membrane proof (or an empty one).
    NoInvitation,
    /// The agent gave an invitation.
    Invited(InvitationFacts),
}

/// Facts about an invitation given as a membrane proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvitationFacts {
    /// Whether the invitation names the joining agent as its invitee.
    pub invitee_is_agent: bool,
    /// Whether the invitation's steward is one of the stewards the DNA properties name.
    pub steward_listed: bool,
    /// Whether the steward's signature verifies.
    pub signature_valid: bool,
    /// The invitation's credit limit, in micro-IOEN.
    pub credit_limit: MicroIoen,
    /// The invitation's expiry, in milliseconds since 1970.
    pub expires_at_ms: i64,
    /// When the agent joined (its agent validation action's time, from its own clock), in
    /// milliseconds since 1970; `None` where no time is known (genesis checks the rest).
    pub joined_at_ms: Option<i64>,
}

/// Checks an agent joining the network (rule I14) and returns the credit limit its account gets.
///
/// Rules, in this order: a steward joins without an invitation and gets the network's credit
/// limit; on a network whose properties set `open_network`, anyone joins with the network's
/// credit limit; otherwise the agent needs an invitation that names it, signed by a steward the
/// properties name, whose signature verifies, whose credit limit is between 0 and the network's,
/// and which had not expired when the agent joined.
///
/// # Errors
///
/// [`CoreError::NoStewards`], [`CoreError::InvitationMissing`],
/// [`CoreError::InvitationForAnotherAgent`],
/// [`CoreError::InvitationStewardUnknown`], [`CoreError::InvitationSignature`],
/// [`CoreError::InvitationCreditLimit`] or [`CoreError::InvitationExpired`].
pub fn check_join(facts: &JoinFacts, props: &NetworkProperties) -> Result<MicroIoen, CoreError> {
    let invitation = match facts {
        JoinFacts::Steward => return Ok(props.credit_limit),
        _ if props.open_network => return Ok(props.credit_limit),
        _ if props.stewards.is_empty() => return Err(CoreError::NoStewards),
        JoinFacts::NoInvitation => return Err(CoreError::InvitationMissing),
        JoinFacts::Invited(invitation) => invitation,
    };
    if !invitation.invitee_is_agent {
        return Err(CoreError::InvitationForAnotherAgent);
    }
    if !invitation.steward_listed {
        return Err(CoreError::InvitationStewardUnknown);
    }
    if !invitation.signature_valid {
        return Err(CoreError::InvitationSignature);
    }
    if !(0..=props.credit_limit).contains(&invitation.credit_limit) {
        return Err(CoreError::InvitationCreditLimit {
            credit_limit: invitation.credit_limit,
            network_limit: props.credit_limit,
        });
    }
    if let Some(joined_at_ms) = invitation.joined_at_ms {
        if joined_at_ms > invitation.expires_at_ms {
            return Err(CoreError::InvitationExpired {
                expires_at_ms: invitation.expires_at_ms,
                joined_at_ms,
            });
        }
    }
    Ok(invitation.credit_limit)
}

/// Checks that an Account carries the credit limit its owner joined with (rule I14), the
/// result of [`check_join`] for the owner's agent validation action.
///
/// # Errors
///
/// [`CoreError::AccountCreditLimit`].
pub fn check_account_credit_limit(
    credit_limit: MicroIoen,
    joined_with: MicroIoen,
) -> Result<(), CoreError> {
    if credit_limit != joined_with {
        return Err(CoreError::AccountCreditLimit {
            credit_limit,
            joined_with,
        });
    }
    Ok(())
}

fn i64_from(bytes: &[u8]) -> Result<i64, CoreError> {
    let array: [u8; 8] = bytes
        .try_into()
        .map_err(|_| malformed("a number field is not 8 bytes".to_string()))?;
    Ok(i64::from_be_bytes(array))
}

fn malformed(reason: String) -> CoreError {
    CoreError::MalformedInvitation { reason }
}

#[cfg(test)]
mod tests;

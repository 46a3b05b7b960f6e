//! A counterpart's standing: whether an honest household may build on its records.
//!
//! A node that is not an authority for a record trusts whatever validation status the peer that
//! answers reports, and a rogue reports its own invalid records as valid. An honest record that
//! names such a record is rejected everywhere and warrants its honest author. So before
//! accepting, confirming, invoicing, paying or acknowledging, coordinators ask the network what
//! the counterpart's agent-activity authorities know of its chain (design.md section 5) and
//! refuse a counterpart that is warranted, forked or invalid there.

use hdk::prelude::*;

/// Why a counterpart is not built on. Its messages are whole sentences for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Untrusted {
    /// A peer that validated one of its records found it invalid.
    #[error("This household is warranted: peers found records on its chain that break the market's rules, so nothing is built on its records.")]
    Warranted,
    /// Its chain has two different actions at one position.
    #[error("This household's chain is forked (two different histories were published), so nothing is built on its records.")]
    Forked,
    /// Its chain holds an action its authorities rejected.
    #[error("This household's chain holds a record that its validators rejected, so nothing is built on its records.")]
    Invalid,
}

/// What this node can learn of `agent`'s chain: its own warrants first (a warranted agent is
/// blocked, so the network no longer answers for it), then what its own store says as one of the
/// agent's activity authorities, then what remote authorities say. `Ok(Ok(()))` when nothing
/// speaks against it.
///
/// Both reads matter: a network read asks up to three random remote authorities and takes the
/// first answer, which may come from a peer that has not seen both sides of a fork (or from the
/// agent itself), while the local read is only as good as what this node holds.
pub fn standing(agent: &AgentPubKey) -> ExternResult<Result<(), Untrusted>> {
    if crate::is_warranted(agent)? {
        return Ok(Err(Untrusted::Warranted));
    }
    for options in [GetOptions::local(), GetOptions::network()] {
        // `ActivityRequest::Status` always reports an empty chain in Holochain 0.6.3, and a
        // requester recomputes the status from the lists it receives, so only the full,
        // unfiltered activity shows a fork (docs/decisions.md 44).
        let activity = get_agent_activity(
            agent.clone(),
            ChainQueryFilter::new(),
            ActivityRequest::Full,
            options,
        )?;
        if let Err(untrusted) = judge(&activity.status, !activity.warrants.is_empty()) {
            return Ok(Err(untrusted));
        }
    }
    Ok(Ok(()))
}

/// The standing that a chain status and the presence of warrants give.
fn judge(status: &ChainStatus, warranted: bool) -> Result<(), Untrusted> {
    if warranted {
        return Err(Untrusted::Warranted);
    }
    match status {
        ChainStatus::Forked(_) => Err(Untrusted::Forked),
        ChainStatus::Invalid(_) => Err(Untrusted::Invalid),
        ChainStatus::Empty | ChainStatus::Valid(_) => Ok(()),
    }
}

/// The standing of `agent` as a word for views: `"good"`, `"warranted"`, `"forked"` or
/// `"invalid"`.
pub fn standing_word(agent: &AgentPubKey) -> ExternResult<&'static str> {
    Ok(match standing(agent)? {
        Ok(()) => "good",
        Err(Untrusted::Warranted) => "warranted",
        Err(Untrusted::Forked) => "forked",
        Err(Untrusted::Invalid) => "invalid",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(seq: u32) -> ChainHead {
        ChainHead {
            action_seq: seq,
            hash: ActionHash::from_raw_36(vec![seq as u8; 36]),
        }
    }

    #[test]
    fn a_valid_or_empty_chain_without_warrants_is_good() {
        assert_eq!(judge(&ChainStatus::Empty, false), Ok(()));
        assert_eq!(judge(&ChainStatus::Valid(head(3)), false), Ok(()));
    }

    #[test]
    fn warrants_forks_and_invalid_chains_are_refused() {
        assert_eq!(
            judge(&ChainStatus::Valid(head(3)), true),
            Err(Untrusted::Warranted)
        );
        let fork = ChainFork {
            fork_seq: 4,
            first_action: ActionHash::from_raw_36(vec![1; 36]),
            second_action: ActionHash::from_raw_36(vec![2; 36]),
        };
        assert_eq!(
            judge(&ChainStatus::Forked(fork), false),
            Err(Untrusted::Forked)
        );
        assert_eq!(
            judge(&ChainStatus::Invalid(head(5)), false),
            Err(Untrusted::Invalid)
        );
    }
}

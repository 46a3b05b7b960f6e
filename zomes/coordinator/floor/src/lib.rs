//! Benchmark-only coordinator zome: the baseline calls of `npm run bench` (docs/benchmarks.md).
//!
//! - [`noop`]: a zome call that does nothing, the floor of every call;
//! - [`create_note`]: one trivial entry and one link, the floor of every write;
//! - [`count_notes`]: the links of an agent's notes in this node's store, which a second agent
//!   polls to time how long a create takes to reach it (the floor of propagation);
//! - [`create_notes`]: many trivial creates in one call;
//! - [`create_pads`]: many private creates in one call, to grow a chain for the growth figures;
//! - [`holds_activity`]: whether this node has validated an action of another agent's chain.

use floor_integrity::{EntryTypes, LinkTypes, Note, Pad};
use hdk::prelude::*;

/// Does nothing: the cost of a zome call itself.
#[hdk_extern]
pub fn noop() -> ExternResult<()> {
    Ok(())
}

/// Writes one [`Note`] and links it from the author's key; returns the note's action hash.
#[hdk_extern]
pub fn create_note(text: String) -> ExternResult<ActionHash> {
    let note = create_entry(EntryTypes::Note(Note { text }))?;
    create_link(
        agent_info()?.agent_initial_pubkey,
        note.clone(),
        LinkTypes::AgentToNote,
        (),
    )?;
    Ok(note)
}

/// Writes `count` notes (each with its link) in one call.
#[hdk_extern]
pub fn create_notes(count: u32) -> ExternResult<()> {
    let me = agent_info()?.agent_initial_pubkey;
    for i in 0..count {
        let note = create_entry(EntryTypes::Note(Note {
            text: format!("note {i}"),
        }))?;
        create_link(me.clone(), note, LinkTypes::AgentToNote, ())?;
    }
    Ok(())
}

/// Writes `count` private pads in one call: `count` actions on the caller's chain, each
/// published as an action alone (the growth figures of `npm run bench`).
#[hdk_extern]
pub fn create_pads(count: u32) -> ExternResult<()> {
    for n in 0..count {
        create_entry(EntryTypes::Pad(Pad { n }))?;
    }
    Ok(())
}

/// Whether this node holds action `seq` of `author`'s chain as validated agent activity (no
/// network request): the benchmark waits on it after growing chains, so that the next round is
/// not timed beside the validation of the pads.
#[hdk_extern]
pub fn holds_activity(input: HoldsActivityInput) -> ExternResult<bool> {
    let filter = ChainQueryFilter::new()
        .sequence_range(ChainQueryFilterRange::ActionSeqRange(input.seq, input.seq));
    let activity = get_agent_activity(
        input.author,
        filter,
        ActivityRequest::Full,
        GetOptions::local(),
    )?;
    Ok(activity
        .valid_activity
        .iter()
        .any(|(seq, _)| *seq == input.seq))
}

/// An action of an author's chain, by position.
#[derive(Serialize, Deserialize, Debug)]
pub struct HoldsActivityInput {
    /// The chain's author.
    pub author: AgentPubKey,
    /// The action's position.
    pub seq: u32,
}

/// How many actions the caller's chain holds (its head's sequence number plus one).
#[hdk_extern]
pub fn chain_length() -> ExternResult<u32> {
    Ok(agent_info()?.chain_head.1 + 1)
}

/// How many note links of `author` this node holds (no network request).
#[hdk_extern]
pub fn count_notes(author: AgentPubKey) -> ExternResult<usize> {
    let query = LinkQuery::try_new(author, LinkTypes::AgentToNote)?;
    Ok(get_links(query, GetStrategy::Local)?.len())
}

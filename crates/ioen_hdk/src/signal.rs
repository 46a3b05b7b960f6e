//! What the market and ledger zomes share about signals: an inbox link just written names the
//! counterpart to tell (its base) and the record to tell about (its target), and a counterpart's
//! signal reaches the UI with its sender. Signals are a speed-up only (docs/decisions.md).

use hdk::prelude::*;

/// A counterpart's signal as the UI receives it: who sent it, and what it says
/// (`{ from, type, ... }`, the signal's own fields flattened beside `from`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ReceivedSignal<S> {
    /// The agent whose conductor sent it (the caller of `recv_remote_signal`).
    pub from: AgentPubKey,
    /// What it says.
    #[serde(flatten)]
    pub signal: S,
}

/// An inbox link of a zome's own link types `L`, as `post_commit` sees it being written.
pub struct InboxLink<'a, L> {
    /// Which of the zome's link types it is.
    pub link_type: L,
    /// The agent whose inbox it is: the counterpart to tell.
    pub recipient: AgentPubKey,
    /// The record it points to.
    pub target: ActionHash,
    /// The link itself (its author and tag).
    pub link: &'a CreateLink,
}

/// Reads `link` as one of the zome's inbox links: `None` for another zome's link, or a link whose
/// base is not an agent or whose target is not an action.
pub fn inbox_link<L: TryFrom<ScopedLinkType>>(link: &CreateLink) -> Option<InboxLink<'_, L>> {
    let link_type = L::try_from(ScopedLinkType {
        zome_index: link.zome_index,
        zome_type: link.link_type,
    })
    .ok()?;
    Some(InboxLink {
        link_type,
        recipient: link.base_address.clone().into_agent_pub_key()?,
        target: link.target_address.clone().into_action_hash()?,
        link,
    })
}

/// Sends `signal` to `recipient`'s conductor when there is one to send.
pub fn tell<S: Serialize + std::fmt::Debug>(
    recipient: AgentPubKey,
    signal: Option<S>,
) -> ExternResult<()> {
    match signal {
        Some(signal) => send_remote_signal(signal, vec![recipient]),
        None => Ok(()),
    }
}

/// Hands a signal received from the calling agent to this agent's UI, with its sender.
pub fn pass_on<S: Serialize + std::fmt::Debug>(signal: S) -> ExternResult<()> {
    let from = call_info()?.provenance;
    emit_signal(ReceivedSignal { from, signal })
}

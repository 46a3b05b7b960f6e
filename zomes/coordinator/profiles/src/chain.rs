//! Reading this agent's own source chain: its latest entries and the links of a profile version.

use hdk::prelude::*;
use profiles_integrity::{LinkTypes, UnitEntryTypes};

/// The newest record of an entry type on this agent's own chain (creates and updates).
pub fn latest_own(entry_type: UnitEntryTypes) -> ExternResult<Option<Record>> {
    let filter = ChainQueryFilter::new()
        .entry_type(EntryType::try_from(entry_type)?)
        .include_entries(true);
    Ok(query(filter)?.into_iter().last())
}

/// Actions read per page when walking forward from a profile version.
const PAGE: u32 = 16;

/// The links this agent made for its profile version `version`, as create-link hashes.
///
/// `create_profile` and `update_profile` write a version, its private details, the deletes of
/// the previous version's links and the new version's links in one call, and a call's actions
/// are contiguous on the chain: the walk forward from the version stops at the first action
/// that is none of these, so it reads one call's actions, not the chain's history (decision 53).
pub fn links_of_version(version: &Record) -> ExternResult<Vec<ActionHash>> {
    let own_types = [
        ScopedLinkType::try_from(LinkTypes::AgentToProfile)?,
        ScopedLinkType::try_from(LinkTypes::PathToProfile)?,
    ];
    let details = EntryType::try_from(UnitEntryTypes::PrivateDetails)?;
    let target: AnyLinkableHash = version.action_address().clone().into();
    let mut links = Vec::new();
    let mut from = version.action().action_seq().saturating_add(1);
    loop {
        let page = query(ChainQueryFilter::new().sequence_range(
            ChainQueryFilterRange::ActionSeqRange(from, from.saturating_add(PAGE - 1)),
        ))?;
        for record in &page {
            match record.action() {
                Action::CreateLink(link)
                    if own_types.iter().any(|t| {
                        t.zome_index == link.zome_index && t.zome_type == link.link_type
                    }) && link.target_address == target =>
                {
                    links.push(record.action_address().clone());
                }
                Action::DeleteLink(_) => {}
                action if action.entry_type() == Some(&details) => {}
                _ => return Ok(links),
            }
        }
        if page.len() < PAGE as usize {
            return Ok(links);
        }
        from = from.saturating_add(PAGE);
    }
}

//! Reading this agent's own source chain: its latest entries and its live links.

use hdk::prelude::*;
use profiles_integrity::{LinkTypes, UnitEntryTypes};

/// The newest record of an entry type on this agent's own chain (creates and updates).
pub fn latest_own(entry_type: UnitEntryTypes) -> ExternResult<Option<Record>> {
    let filter = ChainQueryFilter::new()
        .entry_type(EntryType::try_from(entry_type)?)
        .include_entries(true);
    Ok(query(filter)?.into_iter().last())
}

/// This agent's own links of `link_type` that it has not deleted, as `(create hash, target)`.
pub fn own_live_links(
    link_type: LinkTypes,
) -> ExternResult<Vec<(ActionHash, AnyLinkableHash, AnyLinkableHash)>> {
    let scoped = ScopedLinkType::try_from(link_type)?;
    let creates = query(ChainQueryFilter::new().action_type(ActionType::CreateLink))?;
    let deleted: HashSet<ActionHash> =
        query(ChainQueryFilter::new().action_type(ActionType::DeleteLink))?
            .into_iter()
            .filter_map(|record| match record.action() {
                Action::DeleteLink(delete) => Some(delete.link_add_address.clone()),
                _ => None,
            })
            .collect();
    Ok(creates
        .into_iter()
        .filter_map(|record| match record.action() {
            Action::CreateLink(link)
                if link.zome_index == scoped.zome_index
                    && link.link_type == scoped.zome_type
                    && !deleted.contains(record.action_address()) =>
            {
                Some((
                    record.action_address().clone(),
                    link.base_address.clone(),
                    link.target_address.clone(),
                ))
            }
            _ => None,
        })
        .collect())
}

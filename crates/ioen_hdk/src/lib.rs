//! Helpers shared by the coordinator zomes.
//!
//! Coordinators cannot link each other's wasm either, so what several need lives here: reading
//! the caller's own chain by entry type, skipping warranted agents, and decoding records of
//! other zomes into their plain data structs.
#![deny(missing_docs)]

use hdk::prelude::*;
use serde::de::DeserializeOwned;

pub mod own_chain;
pub mod signal;
pub mod standing;

/// Whether this conductor holds a warrant against `agent`. Local data only: a warranted agent is
/// blocked, so the network would not answer for it anyway.
pub fn is_warranted(agent: &AgentPubKey) -> ExternResult<bool> {
    let activity = get_agent_activity(
        agent.clone(),
        ChainQueryFilter::new(),
        ActivityRequest::Status,
        GetOptions::local(),
    )?;
    Ok(!activity.warrants.is_empty())
}

/// The entry type `entry_index` of integrity zome `zome`, as a chain query filter wants it.
pub fn entry_type(
    zome: &str,
    entry_index: u8,
    visibility: EntryVisibility,
) -> ExternResult<EntryType> {
    let (zome_index, entry_index) = ioen_hdi::app_entry_def(zome, entry_index)?;
    Ok(EntryType::App(AppEntryDef::new(
        entry_index,
        zome_index,
        visibility,
    )))
}

/// Every record of an entry type on the caller's own chain, oldest first, with entries.
pub fn own_records(zome: &str, entry_index: u8) -> ExternResult<Vec<Record>> {
    let filter = ChainQueryFilter::new()
        .entry_type(entry_type(zome, entry_index, EntryVisibility::Public)?)
        .include_entries(true);
    query(filter)
}

/// Decodes a record's app entry into `T`, or `None` when it has no such entry.
pub fn decode<T: DeserializeOwned + std::fmt::Debug>(record: &Record) -> Option<T> {
    match record.entry().as_option() {
        Some(Entry::App(bytes)) => holochain_serialized_bytes::decode::<_, T>(bytes.bytes()).ok(),
        _ => None,
    }
}

/// Every record of an entry type on the caller's own chain, decoded, with its action hash.
pub fn own_entries<T: DeserializeOwned + std::fmt::Debug>(
    zome: &str,
    entry_index: u8,
) -> ExternResult<Vec<(ActionHash, Record, T)>> {
    Ok(own_records(zome, entry_index)?
        .into_iter()
        .filter_map(|record| {
            let data = decode::<T>(&record)?;
            Some((record.action_address().clone(), record, data))
        })
        .collect())
}

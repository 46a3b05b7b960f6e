//! Test-only coordinator zome: raw writes that bypass the honest coordinators.
//!
//! It is packed only into the test variant of the hApp (`workdir/test/`), beside the real
//! coordinators and with the same integrity zomes, so it joins the same network (coordinators are
//! not part of the DNA hash). Tests use it to commit entries and links that the honest zomes would
//! refuse to write, and assert that validation, not the coordinator, stops them.
//!
//! It names entry and link types by integrity zome name and index instead of linking the
//! integrity crates, which cannot share one wasm (each exports `validate`).

use hdk::prelude::*;

/// An entry to write as is: `entry` is the msgpack encoding of the entry's fields.
#[derive(Serialize, Deserialize, Debug)]
pub struct RawEntryInput {
    /// Integrity zome that defines the entry type, e.g. `profiles_integrity`.
    pub zome: String,
    /// Index of the entry type in that zome's `EntryTypes` enum.
    pub entry_index: u8,
    /// Whether the entry type is private.
    #[serde(default)]
    pub private: bool,
    /// The entry, msgpack-encoded.
    pub entry: SerializedBytes,
}

/// An update to write as is.
#[derive(Serialize, Deserialize, Debug)]
pub struct RawUpdateInput {
    /// The record being updated.
    pub original_action_hash: ActionHash,
    /// The new entry, msgpack-encoded.
    pub entry: SerializedBytes,
}

/// A link to write as is.
#[derive(Serialize, Deserialize, Debug)]
pub struct RawLinkInput {
    /// Integrity zome that defines the link type.
    pub zome: String,
    /// Index of the link type in that zome's `LinkTypes` enum.
    pub link_index: u8,
    /// Link base.
    pub base: AnyLinkableHash,
    /// Link target.
    pub target: AnyLinkableHash,
    /// Raw tag bytes.
    pub tag: LinkTag,
}

fn zome_index(zome: &str) -> ExternResult<ZomeIndex> {
    ioen_hdi::app_entry_def(zome, 0).map(|(index, _)| index)
}

/// Commits any app entry without coordinator checks.
#[hdk_extern]
pub fn create_entry_raw(input: RawEntryInput) -> ExternResult<ActionHash> {
    let location = EntryDefLocation::app(zome_index(&input.zome)?, input.entry_index);
    let visibility = if input.private {
        EntryVisibility::Private
    } else {
        EntryVisibility::Public
    };
    create(CreateInput::new(
        location,
        visibility,
        Entry::App(AppEntryBytes(input.entry)),
        ChainTopOrdering::default(),
    ))
}

/// Commits an update of any record without coordinator checks.
#[hdk_extern]
pub fn update_entry_raw(input: RawUpdateInput) -> ExternResult<ActionHash> {
    update(UpdateInput::new(
        input.original_action_hash,
        Entry::App(AppEntryBytes(input.entry)),
        ChainTopOrdering::default(),
    ))
}

/// Deletes any record without coordinator checks.
#[hdk_extern]
pub fn delete_entry_raw(action_hash: ActionHash) -> ExternResult<ActionHash> {
    delete_entry(action_hash)
}

/// Commits any link without coordinator checks.
#[hdk_extern]
pub fn create_link_raw(input: RawLinkInput) -> ExternResult<ActionHash> {
    HDK.with(|h| {
        h.borrow().create_link(CreateLinkInput::new(
            input.base,
            input.target,
            zome_index(&input.zome)?,
            LinkType(input.link_index),
            input.tag,
            ChainTopOrdering::default(),
        ))
    })
}

/// Deletes any link without coordinator checks.
#[hdk_extern]
pub fn delete_link_raw(create_link_hash: ActionHash) -> ExternResult<ActionHash> {
    delete_link(create_link_hash, GetOptions::network())
}

/// The address of a discovery path such as `Producer.solar.3149`.
#[hdk_extern]
pub fn path_hash(path: String) -> ExternResult<EntryHash> {
    Path::from(path).path_entry_hash()
}

/// Reads a record by action hash from this conductor's own view (local store, then network).
#[hdk_extern]
pub fn get_record(action_hash: ActionHash) -> ExternResult<Option<Record>> {
    get(action_hash, GetOptions::network())
}

/// Reads a record by action hash from this conductor's own store only: what it accepted and
/// would serve as an authority (a network read could be answered by the rogue itself).
#[hdk_extern]
pub fn get_record_local(action_hash: ActionHash) -> ExternResult<Option<Record>> {
    get(action_hash, GetOptions::local())
}

/// Reads an entry by entry hash from this conductor's own store only.
#[hdk_extern]
pub fn get_entry_local(entry_hash: EntryHash) -> ExternResult<Option<Record>> {
    get(entry_hash, GetOptions::local())
}

/// The validation status this conductor gave a record (`"Valid"`, `"Rejected"`, `"Abandoned"`),
/// or `None` when it holds no such record.
#[hdk_extern]
pub fn record_status(action_hash: ActionHash) -> ExternResult<Option<String>> {
    Ok(match get_details(action_hash, GetOptions::local())? {
        Some(Details::Record(details)) => Some(format!("{:?}", details.validation_status)),
        _ => None,
    })
}

/// Reads an entry by entry hash from this conductor's own view.
#[hdk_extern]
pub fn get_entry_raw(entry_hash: EntryHash) -> ExternResult<Option<Record>> {
    get(entry_hash, GetOptions::network())
}

/// Which links to read.
#[derive(Serialize, Deserialize, Debug)]
pub struct RawLinkQuery {
    /// Integrity zome that defines the link type.
    pub zome: String,
    /// Index of the link type in that zome's `LinkTypes` enum.
    pub link_index: u8,
    /// Link base.
    pub base: AnyLinkableHash,
}

/// Every live link of a type from a base, as this conductor sees them.
#[hdk_extern]
pub fn get_links_raw(input: RawLinkQuery) -> ExternResult<Vec<Link>> {
    let filter = LinkTypeFilter::single_type(zome_index(&input.zome)?, LinkType(input.link_index));
    get_links(LinkQuery::new(input.base, filter), GetStrategy::Network)
}

/// How many warrants this conductor holds against `agent` (an honest conductor authors one when
/// it validates an invalid op of that agent).
#[hdk_extern]
pub fn warrants_against(agent: AgentPubKey) -> ExternResult<u32> {
    let activity = get_agent_activity(
        agent,
        ChainQueryFilter::new(),
        ActivityRequest::Full,
        GetOptions::local(),
    )?;
    Ok(u32::try_from(activity.warrants.len()).unwrap_or(u32::MAX))
}

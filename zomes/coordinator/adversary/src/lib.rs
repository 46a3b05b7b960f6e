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

/// Every live link of a type from a base in this conductor's own store only (what it validated
/// and integrated; `npm run bench` times how long a link takes to get there).
#[hdk_extern]
pub fn get_links_local(input: RawLinkQuery) -> ExternResult<Vec<Link>> {
    let filter = LinkTypeFilter::single_type(zome_index(&input.zome)?, LinkType(input.link_index));
    get_links(LinkQuery::new(input.base, filter), GetStrategy::Local)
}

/// How many warrants this conductor holds against `agent` (an honest conductor authors one when
/// it validates an invalid op of that agent).
#[hdk_extern]
pub fn warrants_against(agent: AgentPubKey) -> ExternResult<u32> {
    let activity = local_activity(agent)?;
    Ok(u32::try_from(activity.warrants.len()).unwrap_or(u32::MAX))
}

/// One warrant for an invalid op: the action it names and the op type it was judged as.
#[derive(Serialize, Deserialize, Debug)]
pub struct WarrantView {
    /// The invalid action.
    pub action: ActionHash,
    /// The op type whose validation rejected it, e.g. `RegisterAgentActivity`.
    pub op_type: String,
    /// The agent whose conductor judged the op invalid and authored the warrant.
    pub author: AgentPubKey,
}

/// The invalid-op warrants this conductor holds against `agent`: which action each names and
/// under which op type it was judged, so a test can tell the rule's own warrant from a warrant
/// for a record beside it.
#[hdk_extern]
pub fn warrants_detail(agent: AgentPubKey) -> ExternResult<Vec<WarrantView>> {
    let activity = local_activity(agent)?;
    Ok(activity
        .warrants
        .iter()
        .filter_map(|warrant| match &warrant.proof {
            WarrantProof::ChainIntegrity(ChainIntegrityWarrant::InvalidChainOp {
                action,
                chain_op_type,
                ..
            }) => Some(WarrantView {
                action: action.0.clone(),
                op_type: chain_op_type.to_string(),
                author: warrant.author.clone(),
            }),
            _ => None,
        })
        .collect())
}

/// The caller's own Account create (the root of its ledger and invoice chains), if it has one.
#[hdk_extern]
pub fn own_account() -> ExternResult<Option<ActionHash>> {
    let (zome_index, entry_index) =
        ioen_hdi::app_entry_def(ioen_hdi::zome_names::LEDGER, ioen_hdi::entry_index::ACCOUNT)?;
    let filter = ChainQueryFilter::new().entry_type(EntryType::App(AppEntryDef::new(
        entry_index,
        zome_index,
        EntryVisibility::Public,
    )));
    Ok(query(filter)?
        .first()
        .map(|record| record.action_address().clone()))
}

/// The chain status of `agent` as this conductor's own store has it (`"Valid"`, `"Forked"`,
/// `"Invalid"` or `"Empty"`, without the details), read with the full activity request, the only
/// one that reports a status in Holochain 0.6.3.
#[hdk_extern]
pub fn chain_status(agent: AgentPubKey) -> ExternResult<String> {
    let activity = local_activity(agent)?;
    Ok(match activity.status {
        ChainStatus::Empty => "Empty",
        ChainStatus::Valid(_) => "Valid",
        ChainStatus::Forked(_) => "Forked",
        ChainStatus::Invalid(_) => "Invalid",
    }
    .to_string())
}

/// A payment to acknowledge several times over.
#[derive(Serialize, Deserialize, Debug)]
pub struct RepeatReceiptInput {
    /// The payment.
    pub payment: ActionHash,
    /// Its amount, in micro-IOEN.
    pub amount: i64,
    /// The author's ledger entry the first receipt follows.
    pub previous_entry: ActionHash,
    /// The balance of that entry, in micro-IOEN.
    pub previous_balance: i64,
    /// The author's credit limit, carried by every ledger entry, in micro-IOEN.
    pub credit_limit: i64,
    /// How many receipts to write.
    pub times: u32,
}

/// Writes `times` receipts of one payment in one call, each following the one before with the
/// balance raised again: a replay. One call commits them together, so they are published
/// together, before an honest peer that rejects the first can block the author.
#[hdk_extern]
pub fn repeat_receipt(input: RepeatReceiptInput) -> ExternResult<Vec<ActionHash>> {
    let (zome_index, entry_index) =
        ioen_hdi::app_entry_def(ioen_hdi::zome_names::LEDGER, ioen_hdi::entry_index::RECEIPT)?;
    let mut previous = input.previous_entry;
    let mut balance = input.previous_balance;
    let mut written = Vec::new();
    for _ in 0..input.times {
        balance = balance.saturating_add(input.amount);
        let receipt = ioen_hdi::records::ReceiptData {
            payment: input.payment.clone(),
            amount: input.amount,
            previous_entry: previous,
            balance_after: balance,
            credit_limit: input.credit_limit,
        };
        let bytes = SerializedBytes::from(UnsafeBytes::from(
            holochain_serialized_bytes::encode(&receipt).map_err(|e| wasm_error!(e))?,
        ));
        previous = create(CreateInput::new(
            EntryDefLocation::app(zome_index, entry_index),
            EntryVisibility::Public,
            Entry::App(AppEntryBytes(bytes)),
            ChainTopOrdering::default(),
        ))?;
        written.push(previous.clone());
    }
    Ok(written)
}

/// Everything this conductor's own store says of `agent`'s chain: the full activity request, the
/// only one that reports a chain status in Holochain 0.6.3.
fn local_activity(agent: AgentPubKey) -> ExternResult<AgentActivity> {
    get_agent_activity(
        agent,
        ChainQueryFilter::new(),
        ActivityRequest::Full,
        GetOptions::local(),
    )
}

/// An action of an agent's chain that an activity authority rejected, with its position.
#[derive(Serialize, Deserialize, Debug)]
pub struct RejectedAction {
    /// Its position on the chain (1 is the agent validation action).
    pub action_seq: u32,
    /// Its hash.
    pub action: ActionHash,
}

/// The actions of `agent` that this conductor, as one of its activity authorities, rejected,
/// with their positions on the chain.
#[hdk_extern]
pub fn rejected_activity(agent: AgentPubKey) -> ExternResult<Vec<RejectedAction>> {
    Ok(local_activity(agent)?
        .rejected_activity
        .into_iter()
        .map(|(action_seq, action)| RejectedAction { action_seq, action })
        .collect())
}

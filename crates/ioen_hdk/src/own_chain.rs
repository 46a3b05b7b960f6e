//! Reading the caller's own chain in bounded pieces, newest first.
//!
//! A query for every record of a type costs what the chain's history holds: a household that has
//! traded for a year decodes a year of bids to find this cycle's. The readers here walk back from
//! the chain head a page at a time and stop where the caller knows nothing older can matter: at a
//! record it names (an offer's answers come after the offer), or at the first record that answers
//! the question (the newest ledger entry). Their cost follows what happened since, not the
//! history (docs/decisions.md 53).

use std::cmp::Reverse;

use hdk::prelude::*;
use serde::de::DeserializeOwned;

/// Actions in the first page of a walk; each further page is twice the last, up to
/// [`LAST_PAGE`], so a long walk costs few queries and a short one reads little.
const FIRST_PAGE: u32 = 32;
/// The largest page of a walk.
const LAST_PAGE: u32 = 1024;

/// What a visitor of [`walk_back`] wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walk {
    /// Go on to the next older record.
    Continue,
    /// Stop: the answer is known.
    Stop,
}

/// One of the caller's own records, decoded.
#[derive(Clone, Debug)]
pub struct Own<T> {
    /// Its action hash.
    pub hash: ActionHash,
    /// Its position on the caller's chain (what later records are walked back to).
    pub seq: u32,
    /// When it was written, by the caller's clock.
    pub at: Timestamp,
    /// Its content.
    pub data: T,
}

impl<T: DeserializeOwned + std::fmt::Debug> Own<T> {
    /// The record's app entry as `T`, or `None` when it has no such entry.
    pub fn decode(record: &Record) -> Option<Self> {
        Some(Self {
            hash: record.action_address().clone(),
            seq: record.action().action_seq(),
            at: record.action().timestamp(),
            data: crate::decode(record)?,
        })
    }
}

/// Visits the caller's records of `types` (with entries), newest first, from its chain head
/// (including what this call wrote) back to action `floor`, until `visit` returns
/// [`Walk::Stop`].
pub fn walk_back(
    types: &[EntryType],
    floor: u32,
    mut visit: impl FnMut(&Record) -> ExternResult<Walk>,
) -> ExternResult<()> {
    let head = agent_info()?.chain_head.1;
    // The first page reaches past the head: records written earlier in this call are above it.
    let mut top = u32::MAX;
    let mut size = FIRST_PAGE;
    let mut bottom = head.saturating_sub(size - 1).max(floor);
    loop {
        let mut filter = ChainQueryFilter::new()
            .sequence_range(ChainQueryFilterRange::ActionSeqRange(bottom, top))
            .include_entries(true);
        for entry_type in types {
            filter = filter.entry_type(entry_type.clone());
        }
        let mut page = query(filter)?;
        page.sort_by_key(|record| Reverse(record.action().action_seq()));
        for record in &page {
            if visit(record)? == Walk::Stop {
                return Ok(());
            }
        }
        if bottom <= floor {
            return Ok(());
        }
        size = (size * 2).min(LAST_PAGE);
        top = bottom - 1;
        bottom = top.saturating_sub(size - 1).max(floor);
    }
}

/// The newest of the caller's records of `types` that `pick` accepts, walking back to `floor`.
pub fn newest<T>(
    types: &[EntryType],
    floor: u32,
    mut pick: impl FnMut(&Record) -> Option<T>,
) -> ExternResult<Option<T>> {
    let mut found = None;
    walk_back(types, floor, |record| {
        found = pick(record);
        Ok(if found.is_some() {
            Walk::Stop
        } else {
            Walk::Continue
        })
    })?;
    Ok(found)
}

/// Every record of the caller's of `types` from action `floor` on that `pick` accepts, oldest
/// first.
pub fn since<T>(
    types: &[EntryType],
    floor: u32,
    mut pick: impl FnMut(&Record) -> Option<T>,
) -> ExternResult<Vec<T>> {
    let mut found = Vec::new();
    walk_back(types, floor, |record| {
        found.extend(pick(record));
        Ok(Walk::Continue)
    })?;
    found.reverse();
    Ok(found)
}

/// The caller's own record with this action hash, of entry type `index` of integrity zome
/// `zome`, from its local stores (no network request); `None` when it is not such a record of
/// the caller's.
pub fn own_record(hash: &ActionHash, zome: &str, index: u8) -> ExternResult<Option<Record>> {
    let me = agent_info()?.agent_initial_pubkey;
    let def = ioen_hdi::app_entry_def(zome, index)?;
    Ok(get(hash.clone(), GetOptions::local())?.filter(|record| {
        record.action().author() == &me && ioen_hdi::is_entry_of(record.action(), def)
    }))
}

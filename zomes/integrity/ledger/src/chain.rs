//! Walks of the author's source chain, each bounded by an action the entry names, and of the
//! ledger pointer chain (each Payment or Receipt naming the author's previous ledger entry).

use hdi::prelude::*;
use ioen_core::{check_settlement_time, CoreError, NetworkProperties, SettlementStep};
use ioen_hdi::records::{AccountData, PaymentData, ReceiptData};
use ioen_hdi::{app_entry_def, decode_record, entry_index, zome_names};

use crate::UnitEntryTypes;

/// Where an action sits on its author's chain: what a walk back from it needs.
pub(crate) struct ChainPosition<'a> {
    pub author: &'a AgentPubKey,
    pub prev_action: &'a ActionHash,
    pub action_seq: u32,
}

impl<'a> From<&'a Create> for ChainPosition<'a> {
    fn from(action: &'a Create) -> Self {
        Self {
            author: &action.author,
            prev_action: &action.prev_action,
            action_seq: action.action_seq,
        }
    }
}

impl<'a> From<&'a Update> for ChainPosition<'a> {
    fn from(action: &'a Update) -> Self {
        Self {
            author: &action.author,
            prev_action: &action.prev_action,
            action_seq: action.action_seq,
        }
    }
}

/// The author's actions from just before `position` back to (not including) the action the
/// entry names, or why that action cannot bound a walk. The named action is read first (a fixed
/// cost), so a walk never runs to genesis looking for an action that is not on this chain.
pub(crate) fn walk_back_to(
    position: ChainPosition<'_>,
    named: &ActionHash,
) -> ExternResult<Result<Vec<RegisterAgentActivity>, String>> {
    let bound = must_get_action(named.clone())?;
    if bound.action().author() != position.author
        || bound.action().action_seq() >= position.action_seq
    {
        return Ok(Err(
            "The record an entry names as its predecessor must be an earlier action of its author."
                .into(),
        ));
    }
    let walk = must_get_agent_activity(
        position.author.clone(),
        ChainFilter::new(position.prev_action.clone()).until_hash(named.clone()),
    )?;
    if !walk.iter().any(|a| a.action.as_hash() == named) {
        return Ok(Err(
            "The named predecessor is not on the author's chain before this entry.".into(),
        ));
    }
    Ok(Ok(walk
        .into_iter()
        .filter(|a| a.action.as_hash() != named)
        .collect()))
}

/// Whether `action` creates an entry of one of the given types of this zome.
pub(crate) fn creates_one_of(action: &Action, units: &[UnitEntryTypes]) -> ExternResult<bool> {
    let Action::Create(Create {
        entry_type: EntryType::App(def),
        ..
    }) = action
    else {
        return Ok(false);
    };
    for unit in units {
        let scoped = ScopedEntryDefIndex::try_from(*unit)?;
        if def.zome_index == scoped.zome_index && def.entry_index == scoped.zome_type {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `action` creates or updates an entry of the given type of this zome.
pub(crate) fn writes(action: &Action, unit: UnitEntryTypes) -> ExternResult<bool> {
    let scoped = ScopedEntryDefIndex::try_from(unit)?;
    Ok(matches!(
        action.entry_type(),
        Some(EntryType::App(def))
            if def.zome_index == scoped.zome_index && def.entry_index == scoped.zome_type
    ))
}

/// A ledger entry (Account, Payment or Receipt) as the pointer chain sees it.
pub(crate) enum LedgerEntry {
    /// The author's Account: the chain's start, at balance 0, with the author's credit limit.
    Account(AccountData),
    /// A Payment, with what it pays.
    Payment(PaymentData),
    /// A Receipt, with what it acknowledges.
    Receipt(ReceiptData),
}

impl LedgerEntry {
    /// The balance after this entry, in micro-IOEN.
    pub(crate) fn balance_after(&self) -> i64 {
        match self {
            Self::Account(a) => a.balance,
            Self::Payment(p) => p.balance_after,
            Self::Receipt(r) => r.balance_after,
        }
    }

    /// The author's credit limit, which every entry carries from its account (rule I14), in
    /// micro-IOEN.
    pub(crate) fn credit_limit(&self) -> i64 {
        match self {
            Self::Account(a) => a.credit_limit,
            Self::Payment(p) => p.credit_limit,
            Self::Receipt(r) => r.credit_limit,
        }
    }

    /// The entry before this one, `None` for the Account.
    fn previous(&self) -> Option<&ActionHash> {
        match self {
            Self::Account(_) => None,
            Self::Payment(p) => Some(&p.previous_entry),
            Self::Receipt(r) => Some(&r.previous_entry),
        }
    }
}

/// The ledger entry `hash`, which `author` names as its previous one, with the time it was
/// written; or why it is not one of the author's ledger entries.
pub(crate) fn fetch_ledger_entry(
    author: &AgentPubKey,
    hash: &ActionHash,
) -> ExternResult<Result<(Timestamp, LedgerEntry), String>> {
    let record = must_get_valid_record(hash.clone())?;
    if record.action().author() != author {
        return Ok(Err(
            "A ledger entry's previous entry must be one of its author's own.".into(),
        ));
    }
    let at = record.action().timestamp();
    let entry = if creates_one_of(record.action(), &[UnitEntryTypes::Account])? {
        let def = app_entry_def(zome_names::LEDGER, entry_index::ACCOUNT)?;
        match decode_record::<AccountData>(&record, def, "account") {
            Ok(data) => LedgerEntry::Account(data),
            Err(reason) => return Ok(Err(reason)),
        }
    } else if creates_one_of(record.action(), &[UnitEntryTypes::Payment])? {
        let def = app_entry_def(zome_names::LEDGER, entry_index::PAYMENT)?;
        match decode_record::<PaymentData>(&record, def, "payment") {
            Ok(data) => LedgerEntry::Payment(data),
            Err(reason) => return Ok(Err(reason)),
        }
    } else if creates_one_of(record.action(), &[UnitEntryTypes::Receipt])? {
        let def = app_entry_def(zome_names::LEDGER, entry_index::RECEIPT)?;
        match decode_record::<ReceiptData>(&record, def, "receipt") {
            Ok(data) => LedgerEntry::Receipt(data),
            Err(reason) => return Ok(Err(reason)),
        }
    } else {
        return Ok(Err(
            "A ledger entry's previous entry must be its author's account, a payment or a receipt."
                .into(),
        ));
    };
    Ok(Ok((at, entry)))
}

/// Whether any of the author's ledger entries from `previous` back to the first one written
/// before `since` satisfies `found`. Each hop is one fetch of a valid record, so the cost is the
/// number of the author's ledger entries since `since`, however long the chain is.
pub(crate) fn ledger_entries_since(
    author: &AgentPubKey,
    previous: &ActionHash,
    since: Timestamp,
    found: impl Fn(&LedgerEntry) -> bool,
) -> ExternResult<bool> {
    let mut next = Some(previous.clone());
    while let Some(hash) = next {
        let Ok((at, entry)) = fetch_ledger_entry(author, &hash)? else {
            // A valid entry only names valid predecessors; nothing more to find.
            return Ok(false);
        };
        if at < since {
            return Ok(false);
        }
        if found(&entry) {
            return Ok(true);
        }
        next = entry.previous().cloned();
    }
    Ok(false)
}

/// Whether the author wrote another ledger entry (Account, Payment or Receipt) between
/// `position` and the previous entry it names, that is whether the ledger chain forks there.
pub(crate) fn ledger_forks(
    position: ChainPosition<'_>,
    previous: &ActionHash,
) -> ExternResult<Result<bool, String>> {
    let walk = match walk_back_to(position, previous)? {
        Ok(walk) => walk,
        Err(reason) => return Ok(Err(reason)),
    };
    for activity in &walk {
        if creates_one_of(
            activity.action.action(),
            &[
                UnitEntryTypes::Account,
                UnitEntryTypes::Payment,
                UnitEntryTypes::Receipt,
            ],
        )? {
            return Ok(Ok(true));
        }
    }
    Ok(Ok(false))
}

/// Rule I13 for a settlement step written by `action`, dated from `basis` (the record it builds
/// on).
pub(crate) fn dated_after(
    step: SettlementStep,
    basis: &Record,
    action: &Create,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_settlement_time(
        step,
        basis.action().timestamp().as_micros(),
        action.timestamp.as_micros(),
        props,
    )
}

//! Rule I15 on the ops that carry an entry: its encoded size within what its type needs.

use hdi::prelude::*;
use ioen_core::check_entry_size;

/// The app entry an op carries, with its entry type: the entry of a create or update, on
/// `StoreEntry` and on `StoreRecord` (a private entry's record carries none).
pub fn carried_app_entry(op: &Op) -> Option<(&AppEntryDef, &AppEntryBytes)> {
    match op {
        Op::StoreEntry(StoreEntry { action, entry }) => {
            match (action.hashed.content.entry_type(), entry) {
                (EntryType::App(def), Entry::App(bytes)) => Some((def, bytes)),
                _ => None,
            }
        }
        Op::StoreRecord(StoreRecord { record }) => {
            match (record.action().entry_type(), record.entry().as_option()) {
                (Some(EntryType::App(def)), Some(Entry::App(bytes))) => Some((def, bytes)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Rule I15: the verdict on an op whose entry is larger than `limit` allows for its type, or
/// `None` when the op carries no app entry or its entry is within the limit. `limit` gives the
/// entry type's name in words and its most bytes, by the type's index in the zome.
pub fn oversized(
    op: &Op,
    limit: impl Fn(u8) -> ExternResult<(&'static str, usize)>,
) -> ExternResult<Option<ValidateCallbackResult>> {
    let Some((def, bytes)) = carried_app_entry(op) else {
        return Ok(None);
    };
    let (entry, max) = limit(def.entry_index().0)?;
    Ok(check_entry_size(entry, bytes.bytes().len(), max)
        .err()
        .map(|e| ValidateCallbackResult::Invalid(e.to_string())))
}

//! Benchmark-only integrity zome: Holochain's cost floor.
//!
//! One entry type and one link type with the least validation that is still validation, so that
//! `npm run bench` can set every market call beside what Holochain itself costs on the same
//! machine in the same run (docs/benchmarks.md). It lives in its own DNA (`workdir/bench`): the
//! market's DNA, and so its hash and network, stay as households install them.

use hdi::prelude::*;

/// The longest [`Note`] text: the one rule the floor's validation checks.
pub const MAX_NOTE_BYTES: usize = 64;

/// A trivial public entry.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Note {
    /// Any short text.
    pub text: String,
}

/// Every entry type of this zome.
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    /// A trivial entry.
    Note(Note),
    /// A private entry that only lengthens its author's chain (the growth figures): it is
    /// published as an action alone, so it costs the network the least an action can.
    #[entry_type(visibility = "private")]
    Pad(Pad),
}

/// The content of a [`EntryTypes::Pad`]: its position among the pads written in one call.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Pad {
    /// Any number.
    pub n: u32,
}

/// Every link type of this zome.
#[hdk_link_types]
pub enum LinkTypes {
    /// From the author's agent key to each of its notes.
    AgentToNote,
}

/// Rules:
/// - a note's text is at most [`MAX_NOTE_BYTES`] bytes (create and update, on every op that
///   carries the entry);
/// - a link from an agent to a note is written by that agent;
/// - nothing is deleted.
#[hdk_extern]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry {
            app_entry: EntryTypes::Note(note),
            ..
        })
        | FlatOp::StoreEntry(OpEntry::UpdateEntry {
            app_entry: EntryTypes::Note(note),
            ..
        })
        | FlatOp::StoreRecord(OpRecord::CreateEntry {
            app_entry: EntryTypes::Note(note),
            ..
        })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry {
            app_entry: EntryTypes::Note(note),
            ..
        })
        | FlatOp::RegisterUpdate(OpUpdate::Entry {
            app_entry: EntryTypes::Note(note),
            ..
        }) => Ok(check_note(&note)),
        FlatOp::RegisterCreateLink {
            base_address,
            action,
            ..
        } => Ok(check_link_base(&base_address, &action.author)),
        FlatOp::StoreRecord(OpRecord::CreateLink {
            base_address,
            action,
            ..
        }) => Ok(check_link_base(&base_address, &action.author)),
        FlatOp::RegisterDelete(_) | FlatOp::RegisterDeleteLink { .. } => {
            Ok(invalid("The floor deletes nothing."))
        }
        FlatOp::StoreRecord(OpRecord::DeleteEntry { .. })
        | FlatOp::StoreRecord(OpRecord::DeleteLink { .. }) => {
            Ok(invalid("The floor deletes nothing."))
        }
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

fn check_note(note: &Note) -> ValidateCallbackResult {
    if note.text.len() > MAX_NOTE_BYTES {
        return invalid(&format!("A note holds at most {MAX_NOTE_BYTES} bytes."));
    }
    ValidateCallbackResult::Valid
}

fn check_link_base(base: &AnyLinkableHash, author: &AgentPubKey) -> ValidateCallbackResult {
    if base != &AnyLinkableHash::from(author.clone()) {
        return invalid("A note link starts at its author's own key.");
    }
    ValidateCallbackResult::Valid
}

fn invalid(reason: &str) -> ValidateCallbackResult {
    ValidateCallbackResult::Invalid(reason.to_string())
}

//! Integrity zome of household registration and discovery.
//!
//! Entries: [`Profile`] (public) and [`PrivateDetails`] (private). Links: discovery paths
//! (`Producer.<method>.<postcode>`, `Consumer.<postcode>`) to a profile, and an agent to its
//! profile. Rules I1 and I2 of `docs/rules.md` live here; their content checks are pure functions
//! of `ioen_core::profile`.
//!
//! Holochain itself already checks signatures, chain order, entry hashes and types, size limits
//! and that the originals of updates and deletes exist; the validators below check only what the
//! market adds.

use hdi::prelude::*;

mod agent_to_profile;
mod membership;
mod path_to_profile;
mod private_details;
mod profile;

pub use agent_to_profile::*;
pub use membership::*;
pub use path_to_profile::*;
pub use private_details::*;
pub use profile::*;

/// Every entry type of this zome. The order fixes each type's index (`ioen_hdi::entry_index`).
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    /// A household's public registration.
    Profile(Profile),
    /// A household's address and meter id, never published.
    #[entry_type(visibility = "private")]
    PrivateDetails(PrivateDetails),
}

/// Every link type of this zome.
#[hdk_link_types]
pub enum LinkTypes {
    /// From a discovery path (`Producer.solar.3149`, `Consumer.3149`) to a profile.
    PathToProfile,
    /// From an agent to its current profile, for `get_profile(agent)`.
    AgentToProfile,
}

/// Runs on the author's own machine before it joins: see [`validate_genesis`].
#[hdk_extern]
pub fn genesis_self_check(data: GenesisSelfCheckData) -> ExternResult<ValidateCallbackResult> {
    validate_genesis(&data)
}

/// Dispatches each op to the rule of its entry or link type.
///
/// Content rules run on `StoreRecord`, `StoreEntry` and `RegisterUpdate` alike, so an invalid
/// profile is refused whether it is asked for by entry hash or by action hash; link rules run on
/// `StoreRecord` and `RegisterCreateLink`/`RegisterDeleteLink`; the one-profile-per-agent rule
/// needs chain context and runs on `RegisterAgentActivity`, `StoreRecord` and `StoreEntry`.
#[hdk_extern]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    // I15 first: an oversized entry is refused before anything it names is read.
    if let Some(verdict) = ioen_hdi::entry_size::oversized(&op, entry_limit)? {
        return Ok(verdict);
    }
    match op.flattened::<EntryTypes, LinkTypes>()? {
        // A second profile is refused where it is stored too, so no authority serves it by
        // entry or action hash (the walk is bounded by `MAX_PROFILE_ACTION_SEQ`).
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action })
        | FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => {
            let is_profile = matches!(app_entry, EntryTypes::Profile(_));
            match validate_create(app_entry, &action)? {
                ValidateCallbackResult::Valid if is_profile => validate_profile_activity(&action),
                other => Ok(other),
            }
        }
        FlatOp::StoreEntry(OpEntry::UpdateEntry {
            app_entry,
            action,
            original_action_hash,
            ..
        })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry {
            app_entry,
            action,
            original_action_hash,
            ..
        }) => validate_update(app_entry, &action, &original_action_hash),
        FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, action }) => {
            let original = action.original_action_address.clone();
            validate_update(app_entry, &action, &original)
        }
        FlatOp::StoreRecord(OpRecord::CreatePrivateEntry { .. }) => {
            // The content is hidden from everyone but the author, whose own StoreRecord op
            // (with the entry) is validated as `CreateEntry` above.
            Ok(ValidateCallbackResult::Valid)
        }
        FlatOp::StoreRecord(OpRecord::UpdatePrivateEntry {
            action,
            original_action_hash,
            ..
        })
        | FlatOp::RegisterUpdate(OpUpdate::PrivateEntry {
            action,
            original_action_hash,
            ..
        }) => validate_update_private_details_author(&action, &original_action_hash),
        FlatOp::StoreRecord(OpRecord::DeleteEntry {
            original_action_hash,
            ..
        }) => validate_delete(&original_action_hash),
        FlatOp::RegisterDelete(OpDelete { action }) => validate_delete(&action.deletes_address),
        FlatOp::StoreRecord(OpRecord::CreateLink {
            base_address,
            target_address,
            tag,
            link_type,
            action,
        })
        | FlatOp::RegisterCreateLink {
            base_address,
            target_address,
            tag,
            link_type,
            action,
        } => validate_create_link(link_type, &action, &base_address, &target_address, &tag),
        FlatOp::RegisterDeleteLink {
            original_action,
            link_type,
            action,
            ..
        } => validate_delete_link(link_type, &action, &original_action),
        FlatOp::StoreRecord(OpRecord::DeleteLink {
            original_action_hash,
            action,
            ..
        }) => validate_delete_link_record(&action, &original_action_hash),
        // Holochain gives the agent validation ops to every integrity zome; this one judges them.
        FlatOp::StoreRecord(OpRecord::AgentValidationPkg { action, .. })
        | FlatOp::RegisterAgentActivity(OpActivity::AgentValidationPkg { action, .. }) => {
            validate_agent_validation_pkg(&action)
        }
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry {
            app_entry_type: Some(UnitEntryTypes::Profile),
            action,
        }) => validate_profile_activity(&action),
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

fn validate_create(entry: EntryTypes, action: &Create) -> ExternResult<ValidateCallbackResult> {
    match entry {
        EntryTypes::Profile(profile) => validate_create_profile(action, &profile),
        EntryTypes::PrivateDetails(details) => validate_create_private_details(action, &details),
    }
}

fn validate_update(
    entry: EntryTypes,
    action: &Update,
    original_action_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_valid_record(original_action_hash.clone())?;
    match entry {
        EntryTypes::Profile(profile) => validate_update_profile(action, &profile, &original),
        EntryTypes::PrivateDetails(details) => {
            validate_update_private_details(action, &details, &original)
        }
    }
}

/// Rules:
/// 1. I1: no record of this zome is ever deleted: a household corrects its profile by updating
///    it, and a deleted profile would orphan the bids and contracts that name it. Deletes of
///    other records (cap grants, other zomes' entries) reach every integrity zome and are not
///    this zome's to judge.
fn validate_delete(original_action_hash: &ActionHash) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(original_action_hash.clone())?;
    let ours = ScopedEntryDefIndex::try_from(UnitEntryTypes::Profile)?.zome_index;
    match original.action().entry_type() {
        Some(EntryType::App(def)) if def.zome_index == ours => ioen_hdi::invalid(
            "Profiles and private details cannot be deleted; update them instead.",
        ),
        _ => Ok(ValidateCallbackResult::Valid),
    }
}

fn validate_create_link(
    link_type: LinkTypes,
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    match link_type {
        LinkTypes::PathToProfile => validate_create_link_path_to_profile(action, base, target, tag),
        LinkTypes::AgentToProfile => {
            validate_create_link_agent_to_profile(action, base, target, tag)
        }
    }
}

fn validate_delete_link(
    link_type: LinkTypes,
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    match link_type {
        LinkTypes::PathToProfile => validate_delete_link_path_to_profile(action, original),
        LinkTypes::AgentToProfile => validate_delete_link_agent_to_profile(action, original),
    }
}

/// The `StoreRecord` op of a link delete carries only the original's hash: fetch it and apply the
/// same author rule as `RegisterDeleteLink`.
fn validate_delete_link_record(
    action: &DeleteLink,
    original_action_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(original_action_hash.clone())?;
    let Action::CreateLink(create) = original.action() else {
        return ioen_hdi::invalid("A link delete must name a link.");
    };
    only_its_author_deletes(action, create)
}

/// A link is deleted only by the agent who created it (shared by every link type of this zome).
pub(crate) fn only_its_author_deletes(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    if action.author != original.author {
        return ioen_hdi::invalid("Only the author of a link can delete it.");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The app entry type of [`Profile`] records, as every zome sees it.
pub fn profile_entry_def() -> ExternResult<(ZomeIndex, EntryDefIndex)> {
    ioen_hdi::app_entry_def(
        ioen_hdi::zome_names::PROFILES,
        ioen_hdi::entry_index::PROFILE,
    )
}

/// Rule I15: each entry type's name in words and the most bytes its encoding may take.
fn entry_limit(index: u8) -> ExternResult<(&'static str, usize)> {
    let name = match index {
        ioen_hdi::entry_index::PROFILE => "profile",
        ioen_hdi::entry_index::PRIVATE_DETAILS => "private details entry",
        _ => "profiles entry",
    };
    Ok((name, ioen_core::MAX_ENTRY_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ioen_hdi::entry_index` is how other zomes find these types; keep it in step.
    #[test]
    fn entry_indices_match_the_shared_constants() {
        assert_eq!(
            UnitEntryTypes::Profile as u8,
            ioen_hdi::entry_index::PROFILE
        );
        assert_eq!(
            UnitEntryTypes::PrivateDetails as u8,
            ioen_hdi::entry_index::PRIVATE_DETAILS
        );
    }
}

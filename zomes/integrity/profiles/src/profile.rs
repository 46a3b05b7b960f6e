//! The [`Profile`] entry: a household's public registration (rule I1).

use hdi::prelude::*;
use ioen_core::profile::{check_profile, check_profile_seq};
use ioen_core::{CoreError, ProfileData};

use crate::UnitEntryTypes;

/// A household's public registration; the fields are [`ProfileData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Profile(pub ProfileData);

/// Rules:
/// 1. I1: the profile's content is sane: name of 1-64 characters without surrounding spaces,
///    a postcode of the network's format, no method listed twice, and at least one method
///    produced or accepted.
/// 2. I1: it is among the first `MAX_PROFILE_ACTION_SEQ` actions of the chain, which bounds the
///    walk that enforces one profile per agent ([`validate_profile_activity`]).
pub fn validate_create_profile(
    action: &Create,
    profile: &Profile,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    ioen_hdi::all_valid!(
        ioen_hdi::verdict(check_profile_data(&profile.0, &props)),
        ioen_hdi::verdict(check_profile_seq(action.action_seq)),
    )
}

/// Rules:
/// 1. I1: only the profile's author updates it.
/// 2. I1: the original is a profile (Holochain checks the entry types match; this names it).
/// 3. I1: the new content is sane, as on create.
pub fn validate_update_profile(
    action: &Update,
    profile: &Profile,
    original: &Record,
) -> ExternResult<ValidateCallbackResult> {
    if original.action().author() != &action.author {
        return ioen_hdi::verdict_err(CoreError::NotAuthor {
            what: "profile".into(),
            action: "update".into(),
        });
    }
    let props = ioen_hdi::network_properties()?;
    Ok(ioen_hdi::verdict(check_profile_data(&profile.0, &props)))
}

/// Rules:
/// 1. I1: one profile per agent: no other profile was created earlier on the author's chain.
///    The walk goes from the previous action to genesis, which is short because a profile must be
///    among the first `MAX_PROFILE_ACTION_SEQ` actions (checked first, so the walk stays bounded).
pub fn validate_profile_activity(action: &Create) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_profile_seq(action.action_seq) {
        return ioen_hdi::verdict_err(e);
    }
    let profile_type = ScopedEntryDefIndex::try_from(UnitEntryTypes::Profile)?;
    let earlier = must_get_agent_activity(
        action.author.clone(),
        ChainFilter::new(action.prev_action.clone()),
    )?;
    let has_earlier_profile = earlier.iter().any(|activity| {
        matches!(
            activity.action.action(),
            Action::Create(Create {
                entry_type: EntryType::App(def),
                ..
            }) if def.zome_index == profile_type.zome_index
                && def.entry_index == profile_type.zome_type
        )
    });
    if has_earlier_profile {
        return ioen_hdi::verdict_err(CoreError::DuplicateProfile);
    }
    Ok(ValidateCallbackResult::Valid)
}

fn check_profile_data(
    data: &ProfileData,
    props: &ioen_core::NetworkProperties,
) -> Result<(), CoreError> {
    check_profile(
        &data.name,
        &data.postcode,
        &data.producer_methods,
        &data.accepted_methods,
        props,
    )
}

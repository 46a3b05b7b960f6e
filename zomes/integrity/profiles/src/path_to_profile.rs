//! `PathToProfile` links: discovery paths such as `Producer.solar.3149` to a profile (rule I2).

use hdi::hash_path::path::Path;
use hdi::prelude::*;
use ioen_core::profile::profile_paths;
use ioen_core::ProfileData;

use crate::profile_entry_def;

/// The address a discovery path's links hang from (no entry is ever stored for it).
pub fn path_hash(path: &str) -> ExternResult<EntryHash> {
    Path::from(path).path_entry_hash()
}

/// The profile record a link targets, decoded, with its author; `Err` is the reason it is not one.
/// Read by content, not validity (decision 52): the profile's own rules are its own validators',
/// and readers check the profile they follow a link to (`get_profile`).
pub(crate) fn target_profile(
    target: &AnyLinkableHash,
) -> ExternResult<Result<(AgentPubKey, ProfileData), String>> {
    let Some(action_hash) = target.clone().into_action_hash() else {
        return Ok(Err(
            "A profile link must target a profile's action hash.".into()
        ));
    };
    let record = ioen_hdi::record_content(&action_hash)?;
    let author = record.action().author().clone();
    Ok(
        ioen_hdi::decode_record::<ProfileData>(&record, profile_entry_def()?, "profile")
            .map(|profile| (author, profile)),
    )
}

/// Rules:
/// 1. I2: the target is a profile record (its content).
/// 2. I2: only the profile's author links it.
/// 3. I2: the base is one of that profile's own paths: `Producer.<method>.<postcode>` for each
///    method it produces, `Consumer.<postcode>` when it accepts any method.
/// 4. The tag is empty (nothing else may ride on a discovery link).
pub fn validate_create_link_path_to_profile(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    let (author, profile) = match target_profile(target)? {
        Ok(found) => found,
        Err(reason) => return ioen_hdi::invalid(reason),
    };
    if author != action.author {
        return ioen_hdi::invalid("Only a profile's author can link it to a discovery path.");
    }
    let paths = profile_paths(
        &profile.postcode,
        &profile.producer_methods,
        &profile.accepted_methods,
    );
    let mut matches = false;
    for path in &paths {
        if AnyLinkableHash::from(path_hash(path)?) == *base {
            matches = true;
            break;
        }
    }
    if !matches {
        return ioen_hdi::invalid(format!(
            "A profile can only be linked from its own paths ({}).",
            paths.join(", ")
        ));
    }
    if !tag.0.is_empty() {
        return ioen_hdi::invalid("A discovery path link carries no tag.");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Rules:
/// 1. I2: only the link's author removes it (a profile update moves its own paths).
pub fn validate_delete_link_path_to_profile(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    crate::only_its_author_deletes(action, original)
}

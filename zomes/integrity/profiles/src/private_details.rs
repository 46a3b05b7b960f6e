//! The [`PrivateDetails`] entry: address and meter id, kept on the household's own chain.

use hdi::prelude::*;
use ioen_core::profile::check_private_details;
use ioen_core::{CoreError, PrivateDetailsData};

/// A household's private details; the fields are [`PrivateDetailsData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct PrivateDetails(pub PrivateDetailsData);

/// Rules:
/// 1. I1: address and meter id stay within their length limits. Only the author's own
///    validation sees a private entry, so this guards the author's own data.
pub fn validate_create_private_details(
    _action: &Create,
    details: &PrivateDetails,
) -> ExternResult<ValidateCallbackResult> {
    Ok(ioen_hdi::verdict(check_private_details(
        &details.0.address,
        &details.0.meter_id,
    )))
}

/// Rules:
/// 1. I1: only the author of the original updates it.
/// 2. I1: the new content stays within the length limits.
pub fn validate_update_private_details(
    action: &Update,
    details: &PrivateDetails,
    original: &Record,
) -> ExternResult<ValidateCallbackResult> {
    if original.action().author() != &action.author {
        return ioen_hdi::verdict_err(not_author());
    }
    Ok(ioen_hdi::verdict(check_private_details(
        &details.0.address,
        &details.0.meter_id,
    )))
}

/// Rules:
/// 1. I1: only the author of the original updates it (the content is hidden from this validator).
pub fn validate_update_private_details_author(
    action: &Update,
    original_action_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(original_action_hash.clone())?;
    if original.action().author() != &action.author {
        return ioen_hdi::verdict_err(not_author());
    }
    Ok(ValidateCallbackResult::Valid)
}

fn not_author() -> CoreError {
    CoreError::NotAuthor {
        what: "private details entry".into(),
        action: "update".into(),
    }
}

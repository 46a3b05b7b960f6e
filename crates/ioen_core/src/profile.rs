//! The rules for household profiles, their private details and the
//! discovery paths that let consumers find local producers.

use crate::error::CoreError;
use crate::properties::NetworkProperties;

mod method;

pub use method::GenerationMethod;

/// The most characters (Unicode scalar values) a household name may have.
pub const NAME_MAX_CHARS: usize = 64;

/// The most characters a private address may have.
pub const ADDRESS_MAX_CHARS: usize = 200;

/// The most characters a meter ID may have.
pub const METER_ID_MAX_CHARS: usize = 64;

/// The largest `action_seq` at which a Profile may be created.
///
/// A Profile must be among the first actions of a chain, which bounds the
/// walk over the chain that enforces one profile per agent: validation only
/// ever looks at this many actions. Counting starts at 0 with the DNA
/// action, so there are 24 actions after it (including genesis) in which to
/// create the profile.
pub const MAX_PROFILE_ACTION_SEQ: u32 = 24;

/// Checks the public part of a household profile.
///
/// The name must be non-empty, at most [`NAME_MAX_CHARS`] characters, free
/// of leading or trailing whitespace and of control characters; the postcode
/// must match `props.postcode_format`; neither method list may repeat a
/// method; and at least one list must be non-empty.
///
/// # Errors
///
/// The first rule broken, in the order above: [`CoreError::InvalidName`],
/// [`CoreError::InvalidPostcode`], [`CoreError::DuplicateMethod`] or
/// [`CoreError::NoRole`].
pub fn check_profile(
    name: &str,
    postcode: &str,
    producer_methods: &[GenerationMethod],
    accepted_methods: &[GenerationMethod],
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    check_name(name)?;
    props.postcode_format.check_postcode(postcode)?;
    check_no_duplicates(producer_methods)?;
    check_no_duplicates(accepted_methods)?;
    if producer_methods.is_empty() && accepted_methods.is_empty() {
        return Err(CoreError::NoRole);
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), CoreError> {
    let invalid = |reason: String| Err(CoreError::InvalidName { reason });
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return invalid("The name must not be empty.".to_string());
    }
    // Characters, not bytes: a limit in bytes would punish non-Latin names.
    let chars = name.chars().count();
    if chars > NAME_MAX_CHARS {
        return invalid(format!(
            "The name must be at most {NAME_MAX_CHARS} characters; it has {chars}."
        ));
    }
    // Untrimmed names would look identical to other names in listings.
    if trimmed != name {
        return invalid("The name must not start or end with spaces.".to_string());
    }
    if name.chars().any(char::is_control) {
        return invalid("The name must not contain control characters.".to_string());
    }
    Ok(())
}

fn check_no_duplicates(methods: &[GenerationMethod]) -> Result<(), CoreError> {
    // At most six methods, so the quadratic scan is cheaper than a set.
    for (i, method) in methods.iter().enumerate() {
        if methods[..i].contains(method) {
            return Err(CoreError::DuplicateMethod { method: *method });
        }
    }
    Ok(())
}

/// Checks a household's private details (kept off the public DHT).
///
/// Both fields may be empty. The address may have at most
/// [`ADDRESS_MAX_CHARS`] characters and may contain line breaks (postal
/// addresses have several lines) but no other control characters; the meter
/// ID may have at most [`METER_ID_MAX_CHARS`] characters and no control
/// characters at all.
///
/// # Errors
///
/// [`CoreError::TooLong`] or [`CoreError::InvalidCharacters`], naming the
/// field ("address" or "meter ID").
pub fn check_private_details(address: &str, meter_id: &str) -> Result<(), CoreError> {
    check_text("address", address, ADDRESS_MAX_CHARS, true)?;
    check_text("meter ID", meter_id, METER_ID_MAX_CHARS, false)
}

/// Checks a free-text field: at most `max` characters, no control
/// characters except line breaks when `line_breaks` is set.
pub(crate) fn check_text(
    field: &str,
    text: &str,
    max: usize,
    line_breaks: bool,
) -> Result<(), CoreError> {
    let actual = text.chars().count();
    if actual > max {
        return Err(CoreError::TooLong {
            field: field.to_string(),
            max,
            actual,
        });
    }
    let allowed = |c: char| !c.is_control() || (line_breaks && (c == '\n' || c == '\r'));
    if !text.chars().all(allowed) {
        return Err(CoreError::InvalidCharacters {
            field: field.to_string(),
        });
    }
    Ok(())
}

/// The discovery path of producers of `method` in `postcode`, e.g.
/// `"Producer.solar.3149"`.
pub fn producer_path(method: GenerationMethod, postcode: &str) -> String {
    format!("Producer.{method}.{postcode}")
}

/// The discovery path of consumers in `postcode`, e.g. `"Consumer.3149"`.
pub fn consumer_path(postcode: &str) -> String {
    format!("Consumer.{postcode}")
}

/// The discovery paths a profile is linked from: one producer path per
/// producer method (in the given order, repeats skipped), then the consumer
/// path if the household accepts any method.
pub fn profile_paths(
    postcode: &str,
    producer_methods: &[GenerationMethod],
    accepted_methods: &[GenerationMethod],
) -> Vec<String> {
    let mut paths = Vec::with_capacity(producer_methods.len() + 1);
    for (i, method) in producer_methods.iter().enumerate() {
        if !producer_methods[..i].contains(method) {
            paths.push(producer_path(*method, postcode));
        }
    }
    if !accepted_methods.is_empty() {
        paths.push(consumer_path(postcode));
    }
    paths
}

/// Checks that a profile update is made by the profile's author (agent
/// public keys compared as raw bytes).
///
/// # Errors
///
/// [`CoreError::NotAuthor`] ("Only its author may update a profile.") if the
/// authors differ.
pub fn check_profile_update_author(
    original_author: &[u8],
    update_author: &[u8],
) -> Result<(), CoreError> {
    if original_author == update_author {
        Ok(())
    } else {
        Err(CoreError::NotAuthor {
            what: "profile".to_string(),
            action: "update".to_string(),
        })
    }
}

/// Checks that a profile is created early enough in its source chain:
/// `action_seq <= MAX_PROFILE_ACTION_SEQ`.
///
/// # Errors
///
/// [`CoreError::ProfileTooLate`] otherwise.
pub fn check_profile_seq(action_seq: u32) -> Result<(), CoreError> {
    if action_seq <= MAX_PROFILE_ACTION_SEQ {
        Ok(())
    } else {
        Err(CoreError::ProfileTooLate {
            action_seq,
            max: MAX_PROFILE_ACTION_SEQ,
        })
    }
}

#[cfg(test)]
mod tests;

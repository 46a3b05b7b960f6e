//! Holochain glue shared by the integrity zomes.
//!
//! Integrity zomes cannot link each other (each exports `validate` and `entry_defs`), so what
//! several of them need lives here: reading the DNA properties, finding another zome's entry type
//! by name, decoding a fetched record into its plain data struct, and turning a rule's
//! [`ioen_core::CoreError`] into a validation result. Nothing here makes a decision of its own.
#![deny(missing_docs)]

use hdi::prelude::*;
use ioen_core::{CoreError, NetworkProperties};
use serde::de::DeserializeOwned;

pub mod entry_size;
pub mod membership;
pub mod records;

/// Names of the integrity zomes as `dna.yaml` lists them; entry types are found by these names.
pub mod zome_names {
    /// Registration and discovery.
    pub const PROFILES: &str = "profiles_integrity";
    /// Offers, demands, bids, contracts, rejections, confirmations.
    pub const MARKET: &str = "market_integrity";
    /// Accounts, invoices, payments, receipts.
    pub const LEDGER: &str = "ledger_integrity";
}

/// Index of each entry type inside its integrity zome's `EntryTypes` enum (declaration order).
/// Each integrity zome has a unit test that keeps these in step with its enum.
pub mod entry_index {
    /// `profiles_integrity::EntryTypes::Profile`.
    pub const PROFILE: u8 = 0;
    /// `profiles_integrity::EntryTypes::PrivateDetails`.
    pub const PRIVATE_DETAILS: u8 = 1;
    /// `market_integrity::EntryTypes::Offer`.
    pub const OFFER: u8 = 0;
    /// `market_integrity::EntryTypes::Demand`.
    pub const DEMAND: u8 = 1;
    /// `market_integrity::EntryTypes::Bid`.
    pub const BID: u8 = 2;
    /// `market_integrity::EntryTypes::Contract`.
    pub const CONTRACT: u8 = 3;
    /// `market_integrity::EntryTypes::RejectionReceipt`.
    pub const REJECTION_RECEIPT: u8 = 4;
    /// `market_integrity::EntryTypes::Confirmation`.
    pub const CONFIRMATION: u8 = 5;
    /// `ledger_integrity::EntryTypes::Account`.
    pub const ACCOUNT: u8 = 0;
    /// `ledger_integrity::EntryTypes::Invoice`.
    pub const INVOICE: u8 = 1;
    /// `ledger_integrity::EntryTypes::Payment`.
    pub const PAYMENT: u8 = 2;
    /// `ledger_integrity::EntryTypes::Receipt`.
    pub const RECEIPT: u8 = 3;
}

/// Index of each link type inside its integrity zome's `LinkTypes` enum (declaration order), for
/// zomes that read another zome's links. Each integrity zome has a unit test that keeps these in
/// step with its enum.
pub mod link_index {
    /// `market_integrity::LinkTypes::BidInbox`.
    pub const BID_INBOX: u8 = 0;
    /// `market_integrity::LinkTypes::AnswerInbox`.
    pub const ANSWER_INBOX: u8 = 1;
    /// `market_integrity::LinkTypes::ConfirmationInbox`.
    pub const CONFIRMATION_INBOX: u8 = 2;
    /// `market_integrity::LinkTypes::AgentToOffer`.
    pub const AGENT_TO_OFFER: u8 = 3;
}

/// The network's parameters, from the DNA properties (defaults for what is not set).
///
/// Fails when the properties do not decode or break [`NetworkProperties::check`], so a
/// misconfigured network refuses every write instead of running with surprising rules.
pub fn network_properties() -> ExternResult<NetworkProperties> {
    let bytes = dna_info()?.modifiers.properties;
    checked_properties(bytes.bytes()).map_err(|e| wasm_error!(WasmErrorInner::Guest(e)))
}

/// Decodes and checks DNA properties; `Err` is a sentence naming what is wrong.
pub fn checked_properties(bytes: &[u8]) -> Result<NetworkProperties, String> {
    let props = decode_properties(bytes)?;
    props
        .check()
        .map_err(|e| format!("Invalid DNA properties: {e}"))?;
    Ok(props)
}

/// Decodes msgpack DNA properties; an absent (nil) value means every default.
pub fn decode_properties(bytes: &[u8]) -> Result<NetworkProperties, String> {
    if bytes.is_empty() || bytes == [0xc0] {
        return Ok(NetworkProperties::default());
    }
    holochain_serialized_bytes::decode::<_, NetworkProperties>(bytes)
        .map_err(|e| format!("The DNA properties do not decode: {e}"))
}

/// The app entry type `entry_index` of the integrity zome called `zome`.
pub fn app_entry_def(zome: &str, entry_index: u8) -> ExternResult<(ZomeIndex, EntryDefIndex)> {
    let names = dna_info()?.zome_names;
    let position = names
        .iter()
        .position(|name| name.0.as_ref() == zome)
        .ok_or_else(|| wasm_error!(WasmErrorInner::Guest(format!("No zome named {zome}"))))?;
    let zome_index = u8::try_from(position).map_err(|_| {
        wasm_error!(WasmErrorInner::Guest(format!(
            "Zome {zome} has no u8 index"
        )))
    })?;
    Ok((ZomeIndex(zome_index), EntryDefIndex(entry_index)))
}

/// Whether `action` creates or updates an entry of the given app entry type.
pub fn is_entry_of(action: &Action, def: (ZomeIndex, EntryDefIndex)) -> bool {
    matches!(
        action.entry_type(),
        Some(EntryType::App(AppEntryDef { zome_index, entry_index, .. }))
            if *zome_index == def.0 && *entry_index == def.1
    )
}

/// Decodes a record's app entry into `T` after checking the record is of the type `def`.
///
/// `Err(reason)` is a sentence for an `Invalid` result: wrong type, no entry, or bad data.
pub fn decode_record<T: DeserializeOwned + std::fmt::Debug>(
    record: &Record,
    def: (ZomeIndex, EntryDefIndex),
    what: &str,
) -> Result<T, String> {
    if !is_entry_of(record.action(), def) {
        return Err(format!("The referenced record is not of type {what}."));
    }
    let Some(Entry::App(bytes)) = record.entry().as_option() else {
        return Err(format!("The referenced {what} has no readable entry."));
    };
    holochain_serialized_bytes::decode::<_, T>(bytes.bytes())
        .map_err(|e| format!("The referenced {what} does not decode: {e}"))
}

/// Fetches a valid record and decodes it as entry `entry_index` of integrity zome `zome`.
///
/// The outer `Err` is a host error (the dependency is not available yet: Holochain retries);
/// the inner `Err` is a sentence for an `Invalid` result (wrong type, bad data).
pub fn fetch_valid<T: DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    zome: &str,
    entry_index: u8,
    what: &str,
) -> ExternResult<Result<(Record, T), String>> {
    let record = must_get_valid_record(hash.clone())?;
    let def = app_entry_def(zome, entry_index)?;
    Ok(decode_record::<T>(&record, def, what).map(|data| (record, data)))
}

/// Reads a record's content, whatever its validity, and decodes it as entry `entry_index` of
/// integrity zome `zome`.
///
/// For rules whose verdict must not depend on when a validator judged the record they read
/// (decision 52): the action and entry are content-addressed, so every validator reads the same
/// bytes, while a record's validity is only what the peer that served it reported. The record's
/// own rules are its own validators' to apply.
///
/// The outer `Err` is a host error (not available yet: Holochain retries); the inner `Err` is a
/// sentence for an `Invalid` result (wrong type, no entry, bad data).
pub fn fetch_content<T: DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    zome: &str,
    entry_index: u8,
    what: &str,
) -> ExternResult<Result<(Record, T), String>> {
    let record = record_content(hash)?;
    let def = app_entry_def(zome, entry_index)?;
    Ok(decode_record::<T>(&record, def, what).map(|data| (record, data)))
}

/// A record read by content, whatever its validity ([`fetch_content`]): its action, and its
/// entry when the action has one.
pub fn record_content(hash: &ActionHash) -> ExternResult<Record> {
    let action = must_get_action(hash.clone())?;
    let entry = match action.action().entry_hash() {
        Some(entry_hash) => Some(must_get_entry(entry_hash.clone())?.into_content()),
        None => None,
    };
    Ok(Record::new(action, entry))
}

/// Unwraps the inner result of [`fetch_valid`], or returns `Invalid` with its reason from the
/// enclosing validator.
#[macro_export]
macro_rules! valid_or_return {
    ($fetched:expr) => {
        match $fetched {
            Ok(found) => found,
            Err(reason) => return $crate::invalid(reason),
        }
    };
}

/// Maps a rule's outcome to a validation result: `Ok` is valid, a [`CoreError`] is `Invalid`
/// with the error's sentence.
pub fn verdict(outcome: Result<(), CoreError>) -> ValidateCallbackResult {
    match outcome {
        Ok(()) => ValidateCallbackResult::Valid,
        Err(e) => ValidateCallbackResult::Invalid(e.to_string()),
    }
}

/// `Invalid` with the sentence of a rule's error.
pub fn verdict_err(error: CoreError) -> ExternResult<ValidateCallbackResult> {
    Ok(ValidateCallbackResult::Invalid(error.to_string()))
}

/// `Invalid` with a sentence.
pub fn invalid(reason: impl Into<String>) -> ExternResult<ValidateCallbackResult> {
    Ok(ValidateCallbackResult::Invalid(reason.into()))
}

/// Runs checks in order and stops at the first that is not `Valid`.
#[macro_export]
macro_rules! all_valid {
    ($($check:expr),+ $(,)?) => {{
        $(
            match $check {
                ::hdi::prelude::ValidateCallbackResult::Valid => {}
                other => return Ok(other),
            }
        )+
        Ok(::hdi::prelude::ValidateCallbackResult::Valid)
    }};
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn nil_properties_mean_defaults() {
        assert_eq!(
            decode_properties(&[0xc0]).unwrap(),
            NetworkProperties::default()
        );
        assert_eq!(
            decode_properties(&[]).unwrap(),
            NetworkProperties::default()
        );
    }

    #[test]
    fn partial_properties_keep_other_defaults() {
        #[derive(serde::Serialize, Debug)]
        struct Partial {
            cycle_seconds: u32,
        }
        let bytes = holochain_serialized_bytes::encode(&Partial { cycle_seconds: 6 }).unwrap();
        let props = decode_properties(&bytes).unwrap();
        assert_eq!(props.cycle_seconds, 6);
        assert_eq!(props.cycles_per_billing_period, 48);
    }
}

//! The data each entry holds, as plain structs.
//!
//! Integrity zomes wrap these in their entry types (`Profile(ProfileData)`), so every zome can
//! decode another zome's records into the same struct without linking that zome's wasm, and the
//! rules in this crate take them as plain data.

use serde::{Deserialize, Serialize};

use crate::profile::GenerationMethod;

/// A household's public registration: who it is, where, and what it produces and accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileData {
    /// Display name shown to neighbours (1 to 64 characters).
    pub name: String,
    /// Postcode in the network's postcode format; decides who is local.
    pub postcode: String,
    /// Methods the household produces with; one `Producer.<method>.<postcode>` path each.
    pub producer_methods: Vec<GenerationMethod>,
    /// Methods the household accepts when it buys; non-empty puts it under `Consumer.<postcode>`.
    pub accepted_methods: Vec<GenerationMethod>,
}

/// A household's private details, kept on its own source chain only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateDetailsData {
    /// Street address of the supply point.
    pub address: String,
    /// Identifier of the household's electricity meter.
    pub meter_id: String,
}

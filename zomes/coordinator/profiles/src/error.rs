//! Typed errors of the profiles zome, as the client sees them.

use hdk::prelude::*;
use ioen_core::CoreError;

/// What can go wrong in a profiles call, beyond host failures.
#[derive(Debug, thiserror::Error)]
pub enum ProfilesError {
    /// `create_profile` when the agent already has one.
    #[error("This agent already has a profile; use update_profile to change it.")]
    AlreadyRegistered,
    /// `update_profile` before `create_profile`.
    #[error("This agent has no profile yet; create one first.")]
    NotRegistered,
    /// The input breaks a rule of the core crate (bad name, postcode, method...).
    #[error(transparent)]
    Rule(#[from] CoreError),
    /// A record on the agent's own chain does not decode as its type.
    #[error("The stored {0} could not be read; its data does not match the current format.")]
    Undecodable(&'static str),
}

impl From<ProfilesError> for WasmError {
    fn from(e: ProfilesError) -> Self {
        wasm_error!(WasmErrorInner::Guest(e.to_string()))
    }
}

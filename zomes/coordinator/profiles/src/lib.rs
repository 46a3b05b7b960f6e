//! Coordinator zome of household registration and discovery.
//!
//! Externs follow `docs/api.md`: `create_profile`, `update_profile`, `get_my_profile`,
//! `get_profile`, `find_producers`, `find_consumers`. Each checks its input with the same pure
//! rules the integrity zome enforces, so an honest caller gets a typed error before any write.

mod chain;
mod discovery;
mod error;
mod profile;

pub use discovery::*;
pub use error::ProfilesError;
pub use profile::*;

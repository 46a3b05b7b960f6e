//! The pure rules of the IOEN peer-to-peer local energy market.
//!
//! Everything here is deterministic and free of Holochain types so that the
//! integrity zomes (which must validate identically on every peer), the
//! coordinator zomes and plain unit tests share one implementation:
//!
//! - [`units`]: energy, prices and money as integers, and [`cost`], the one
//!   rounding rule of the project.
//! - [`cycles`]: the [`CycleClock`] that maps Holochain timestamps to supply
//!   cycles, bidding windows and billing periods.
//! - [`properties`]: the DNA properties ([`NetworkProperties`]) and postcode
//!   formats.
//! - [`profile`]: the rules for household profiles and their discovery paths.
//! - [`market`]: the rules for offers, demands, bids, contracts, rejections
//!   and confirmations, and the policies that answer bids ([`allocate`]) and
//!   choose a contract ([`choose_contract`]).
//! - [`ledger`]: the rules for invoices, payments and receipts, the balance
//!   helpers, and [`LedgerState`], a model of the ledger that checks I12.
//! - [`membership`]: rule I14, invitations by the network's stewards.
//! - [`time_order`]: rule I13, the settlement window that orders the times
//!   of different households' records.
//! - [`entry_size`]: rule I15, the bounds on every entry's size.
//! - [`error`]: [`CoreError`], whose messages are shown to users verbatim.
//!
//! Every item of every module is also re-exported at the crate root.
#![deny(missing_docs)]

pub mod cycles;
pub mod entry_size;
pub mod error;
pub mod ledger;
pub mod market;
pub mod membership;
pub mod profile;
pub mod properties;
pub mod records;
pub mod time_order;
pub mod units;

pub use cycles::*;
pub use entry_size::*;
pub use error::*;
pub use ledger::*;
pub use market::*;
pub use membership::*;
pub use profile::*;
pub use properties::*;
pub use records::*;
pub use time_order::*;
pub use units::*;

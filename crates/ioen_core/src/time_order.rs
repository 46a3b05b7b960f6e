//! Rule I13: time runs forward across authors.
//!
//! Action timestamps come from each author's own clock. Holochain only makes them rise along
//! one chain, so comparing one author's time with another's proves nothing by itself. The
//! ledger's "once per invoice" and "once per payment" checks walk the payer's or payee's ledger
//! back to the time of the record it builds on (the issued invoice, the payment) and stop at the
//! first older entry. That walk is sound only if every entry that could repeat the step is at
//! least as young as that record: a receipt dated before its payment would escape the walk of
//! the next receipt for the same payment, and money would be created from nothing (a producer
//! with a slow clock could acknowledge one payment again and again).
//!
//! So each settlement step is dated within a window that starts at the record it builds on:
//!
//! | step | not before | not after |
//! |---|---|---|
//! | issuing an invoice | the end of its billing period | that end + the settlement window |
//! | paying it | the issued version's time | that time + the settlement window |
//! | acknowledging the payment | the payment's time | that time + the settlement window |
//!
//! The lower bound makes the walks complete; the upper bound keeps them short (they visit only
//! the ledger entries written within one window) and gives every bill a deadline that all peers
//! agree on. Honest coordinators check the same bounds before writing, and wait while their own
//! clock is behind a counterpart's.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::properties::NetworkProperties;

/// The settlement steps whose time rule I13 bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementStep {
    /// Issuing an invoice, dated from the end of its billing period.
    Issue,
    /// Paying an issued invoice, dated from the issued version.
    Payment,
    /// Acknowledging a payment with a receipt, dated from the payment.
    Receipt,
}

impl SettlementStep {
    /// The step as the subject of a sentence, e.g. "This payment".
    pub fn subject(self) -> &'static str {
        match self {
            Self::Issue => "This invoice's issue",
            Self::Payment => "This payment",
            Self::Receipt => "This receipt",
        }
    }

    /// What the step is dated from, e.g. "the invoice it pays was issued".
    pub fn basis(self) -> &'static str {
        match self {
            Self::Issue => "its billing period ended",
            Self::Payment => "the invoice it pays was issued",
            Self::Receipt => "the payment it acknowledges was made",
        }
    }

    /// What can no longer happen after the window, e.g. "the invoice can no longer be paid".
    pub fn too_late(self) -> &'static str {
        match self {
            Self::Issue => "the invoice can no longer be issued",
            Self::Payment => "the invoice can no longer be paid",
            Self::Receipt => "the payment can no longer be acknowledged",
        }
    }
}

/// Checks that a settlement step written at `authored_at` lies within the network's settlement
/// window after `basis_at`, the time of what it builds on (rule I13). Times are microseconds
/// since the Unix epoch.
///
/// Rules, in this order: the step is not older than its basis; it is at most
/// `settlement_window_seconds` younger.
///
/// # Errors
///
/// [`CoreError::OlderThanBasis`] or [`CoreError::SettlementTooLate`].
pub fn check_settlement_time(
    step: SettlementStep,
    basis_at: i64,
    authored_at: i64,
    props: &NetworkProperties,
) -> Result<(), CoreError> {
    let after_basis = i128::from(authored_at) - i128::from(basis_at);
    if after_basis < 0 {
        return Err(CoreError::OlderThanBasis {
            step,
            early_by_seconds: whole_seconds(-after_basis),
        });
    }
    let window = i128::from(props.settlement_window_seconds) * MICROS_PER_SECOND;
    if after_basis > window {
        return Err(CoreError::SettlementTooLate {
            step,
            late_by_seconds: whole_seconds(after_basis - window),
            window_seconds: props.settlement_window_seconds,
        });
    }
    Ok(())
}

/// How long a writer whose clock reads `now` must wait before a step built on `basis_at` can be
/// dated: 0 when it can be written now. In microseconds.
pub fn wait_before_settling(basis_at: i64, now: i64) -> i64 {
    basis_at.saturating_sub(now).max(0)
}

const MICROS_PER_SECOND: i128 = 1_000_000;

/// A positive span of microseconds in whole seconds, rounded up (so "0 s" is never said of a
/// span that breaks a rule), saturating at `u64::MAX`.
fn whole_seconds(micros: i128) -> u64 {
    let seconds = (micros + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND;
    u64::try_from(seconds).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;

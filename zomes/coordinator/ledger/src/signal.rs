//! Signals: the counterpart of every issued or voided invoice, payment and receipt hears of it
//! at once.
//!
//! As in the market zome, they are a speed-up only: every getter returns the same facts
//! without them (docs/decisions.md, "Signals are a speed-up only").

use hdk::prelude::*;
use ioen_core::{InvoiceStatus, MicroIoen};
use ioen_hdi::records::{InvoiceData, PaymentData, ReceiptData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::signal::{inbox_link, pass_on, tell};
use ledger_integrity::LinkTypes;

use crate::chain::own_invoice;
use crate::view::invoice_at_version;

/// What a household is told by its counterpart, as the UI receives it (`type` tagged).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum LedgerSignal {
    /// A producer issued its invoice to this consumer.
    InvoiceIssued {
        /// The invoice (its create action).
        invoice_hash: ActionHash,
        /// Its total, in micro-IOEN.
        amount: MicroIoen,
    },
    /// A producer closed its invoice to this consumer without lines.
    InvoiceVoided {
        /// The invoice (its create action).
        invoice_hash: ActionHash,
    },
    /// A consumer paid this producer's invoice.
    PaymentMade {
        /// The invoice (its create action).
        invoice_hash: ActionHash,
        /// The payment.
        payment_hash: ActionHash,
        /// Its amount, in micro-IOEN.
        amount: MicroIoen,
    },
    /// A producer acknowledged this consumer's payment.
    PaymentAcknowledged {
        /// The payment.
        payment_hash: ActionHash,
        /// The receipt.
        receipt_hash: ActionHash,
        /// Its amount, in micro-IOEN.
        amount: MicroIoen,
    },
}

/// After a call's writes are committed, tells each counterpart what concerns it: the consumer
/// of an invoice update that issues or voids it, the payee of a payment and the payer of a
/// receipt (the base of its inbox link). Sent only once the writes exist, so a failed call never
/// announces anything.
#[hdk_extern(infallible)]
pub fn post_commit(committed: Vec<SignedActionHashed>) {
    for action in committed {
        // A signal is a hint: failing to send one must not fail anything else.
        let _ = match action.action() {
            Action::CreateLink(link) => announce_link(link),
            Action::Update(_) => announce_invoice(action.as_hash()),
            _ => Ok(()),
        };
    }
}

fn announce_link(link: &CreateLink) -> ExternResult<()> {
    let Some(inbox) = inbox_link::<LinkTypes>(link) else {
        return Ok(());
    };
    let target = inbox.target;
    let record = || get(target.clone(), GetOptions::local());
    let signal = match inbox.link_type {
        LinkTypes::InvoiceInbox => None,
        LinkTypes::PaymentInbox => {
            match record()?.and_then(|r| ioen_hdk::decode::<PaymentData>(&r)) {
                Some(payment) => invoice_at_version(&payment.invoice)?.map(|(invoice_hash, _)| {
                    LedgerSignal::PaymentMade {
                        invoice_hash,
                        payment_hash: target.clone(),
                        amount: payment.amount,
                    }
                }),
                None => None,
            }
        }
        LinkTypes::ReceiptInbox => record()?
            .and_then(|r| ioen_hdk::decode::<ReceiptData>(&r))
            .map(|receipt| LedgerSignal::PaymentAcknowledged {
                payment_hash: receipt.payment,
                receipt_hash: target.clone(),
                amount: receipt.amount,
            }),
    };
    tell(inbox.recipient, signal)
}

/// Tells the consumer when an update of one of the caller's invoices issues or voids it.
fn announce_invoice(version: &ActionHash) -> ExternResult<()> {
    let Some(record) = get(version.clone(), GetOptions::local())? else {
        return Ok(());
    };
    let def = ioen_hdi::app_entry_def(zome_names::LEDGER, entry_index::INVOICE)?;
    if !ioen_hdi::is_entry_of(record.action(), def) {
        return Ok(());
    }
    let (Some(data), Some(invoice)) = (
        ioen_hdk::decode::<InvoiceData>(&record),
        own_invoice(version)?,
    ) else {
        return Ok(());
    };
    let signal = match data.status {
        InvoiceStatus::Open => return Ok(()),
        InvoiceStatus::Issued => LedgerSignal::InvoiceIssued {
            invoice_hash: invoice.invoice_hash,
            amount: data.total,
        },
        InvoiceStatus::Void => LedgerSignal::InvoiceVoided {
            invoice_hash: invoice.invoice_hash,
        },
    };
    tell(data.consumer, Some(signal))
}

/// Receives a counterpart's signal and hands it to this agent's UI with its sender.
#[hdk_extern]
pub fn recv_remote_signal(signal: LedgerSignal) -> ExternResult<()> {
    pass_on(signal)
}

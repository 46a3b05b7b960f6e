//! Inbox links: how a consumer finds its invoices and the receipts of its payments, and a
//! producer the payments made to it.

use hdi::prelude::*;
use ioen_hdi::records::{InvoiceData, PaymentData, ReceiptData};
use ioen_hdi::{entry_index, fetch_content, valid_or_return, zome_names};
use serde::de::DeserializeOwned;

use crate::chain::creates_one_of;
use crate::{period_tag, LinkTypes, UnitEntryTypes};

/// Rules, for every ledger link:
/// 1. The target is a record of the link's type (for invoices, the create action), written by
///    the link's author. Only its content is read, never its validity (decision 52, as for the
///    market's links): readers check what they follow a link to, e.g. a payer counts a receipt
///    only if it passes the receipt's rules against its own payment.
/// 2. The base is the agent the message is for: the invoice's consumer (InvoiceInbox), the
///    payment's payee (PaymentInbox), the payer of the receipted payment (ReceiptInbox).
/// 3. An invoice link's tag is the invoice's billing period; the others have an empty tag.
pub fn validate_create_inbox_link(
    link_type: LinkTypes,
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
    tag: &LinkTag,
) -> ExternResult<ValidateCallbackResult> {
    let Some(target) = target.clone().into_action_hash() else {
        return ioen_hdi::invalid("A ledger link must target a record's action hash.");
    };
    let (author, recipient, expected_tag) = valid_or_return!(match link_type {
        LinkTypes::InvoiceInbox => invoice_message(&target)?,
        LinkTypes::PaymentInbox => payment_message(&target)?,
        LinkTypes::ReceiptInbox => receipt_message(&target)?,
    });
    if author != action.author {
        return ioen_hdi::invalid("A ledger link can only be made by the author of its target.");
    }
    if *base != AnyLinkableHash::from(recipient) {
        return ioen_hdi::invalid("A ledger link must hang from the agent its message is for.");
    }
    if *tag != expected_tag {
        return ioen_hdi::invalid(
            "An invoice link's tag must be its billing period; payment and receipt links have an empty tag.",
        );
    }
    Ok(ValidateCallbackResult::Valid)
}

/// (author, recipient, tag) of a message, or why the target is not one.
type Message = Result<(AgentPubKey, AgentPubKey, LinkTag), String>;

/// A ledger record's content, decoded as entry `index` ([`fetch_content`]).
fn content<T: DeserializeOwned + std::fmt::Debug>(
    hash: &ActionHash,
    index: u8,
    what: &str,
) -> ExternResult<Result<(Record, T), String>> {
    fetch_content(hash, zome_names::LEDGER, index, what)
}

fn invoice_message(target: &ActionHash) -> ExternResult<Message> {
    let (record, invoice) = match content::<InvoiceData>(target, entry_index::INVOICE, "invoice")? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    if !creates_one_of(record.action(), &[UnitEntryTypes::Invoice])? {
        return Ok(Err(
            "An invoice link must target the invoice's create action.".into(),
        ));
    }
    Ok(Ok((
        record.action().author().clone(),
        invoice.consumer,
        period_tag(invoice.period),
    )))
}

fn payment_message(target: &ActionHash) -> ExternResult<Message> {
    Ok(
        content::<PaymentData>(target, entry_index::PAYMENT, "payment")?.map(
            |(record, payment)| {
                (
                    record.action().author().clone(),
                    payment.payee,
                    LinkTag::new(Vec::new()),
                )
            },
        ),
    )
}

fn receipt_message(target: &ActionHash) -> ExternResult<Message> {
    let (record, receipt) = match content::<ReceiptData>(target, entry_index::RECEIPT, "receipt")? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    let (payment_record, _) =
        match content::<PaymentData>(&receipt.payment, entry_index::PAYMENT, "payment")? {
            Ok(found) => found,
            Err(reason) => return Ok(Err(reason)),
        };
    Ok(Ok((
        record.action().author().clone(),
        payment_record.action().author().clone(),
        LinkTag::new(Vec::new()),
    )))
}

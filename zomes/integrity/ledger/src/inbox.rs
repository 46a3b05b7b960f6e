//! Inbox links: how a consumer finds its invoices and the receipts of its payments, and a
//! producer the payments made to it.

use hdi::prelude::*;
use ioen_hdi::records::ReceiptData;
use ioen_hdi::{entry_index, fetch_valid, valid_or_return, zome_names};

use crate::chain::creates_one_of;
use crate::invoice::fetch_invoice;
use crate::receipt::fetch_payment;
use crate::{period_tag, LinkTypes, UnitEntryTypes};

/// Rules, for every ledger link:
/// 1. The target is a valid record of the link's type (for invoices, the create action), written
///    by the link's author.
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

fn invoice_message(target: &ActionHash) -> ExternResult<Message> {
    let (record, invoice) = match fetch_invoice(target)? {
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
    Ok(fetch_payment(target)?.map(|(record, payment)| {
        (
            record.action().author().clone(),
            payment.payee,
            LinkTag::new(Vec::new()),
        )
    }))
}

fn receipt_message(target: &ActionHash) -> ExternResult<Message> {
    let (record, receipt) = match fetch_valid::<ReceiptData>(
        target,
        zome_names::LEDGER,
        entry_index::RECEIPT,
        "receipt",
    )? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    let (payment_record, _) = match fetch_payment(&receipt.payment)? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    Ok(Ok((
        record.action().author().clone(),
        payment_record.action().author().clone(),
        LinkTag::new(Vec::new()),
    )))
}

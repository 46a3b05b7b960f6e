//! Invoice: a producer's bill to one consumer for one billing period (rule I8).
//!
//! Each version is an update of the version before it, so the versions form one line that ends
//! at the issued (or void) version. The invoices of a producer form a chain too, each naming the
//! previous one, in which periods never go down: "one invoice per consumer and period" is
//! checked along the invoices of that period only.

use hdi::prelude::*;
use ioen_core::ledger::{
    check_invoice_create, check_invoice_total, check_invoice_update, check_line,
    InvoiceCreateFacts, InvoiceUpdateFacts, LineFacts,
};
use ioen_core::{check_line_count, CoreError, NetworkProperties};
use ioen_hdi::records::{
    BidData, ConfirmationData, ContractData, InvoiceData, InvoiceLineData, OfferData,
};
use ioen_hdi::{entry_index, fetch_content, fetch_valid, valid_or_return, zome_names};

use crate::chain::{creates_one_of, walk_back_to, writes};
use crate::UnitEntryTypes;

/// A producer's invoice; the fields are [`InvoiceData`].
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
#[serde(transparent)]
pub struct Invoice(pub InvoiceData);

/// Rules:
/// 1. I8: the consumer is not the author; a new invoice is open; its period is at most that of
///    the next cycle (it is opened with the period's first contract).
/// 2. I8: the previous invoice named is the author's own Invoice create, or its Account for the
///    first; this invoice's period is not before the previous invoice's.
/// 3. I8: one invoice per (producer, consumer, period): none of the author's invoices of the
///    same period, found by following the previous-invoice pointers while the period is the
///    same, is for the same consumer.
/// 4. I8: every line and the total are correct (see [`check_lines`]).
pub fn validate_create_invoice(
    action: &Create,
    invoice: &Invoice,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let data = &invoice.0;
    let previous = valid_or_return!(previous_invoice(&action.author, &data.previous_invoice)?);
    let duplicate = match &previous {
        Some(previous) => same_period_has(previous, data)?,
        None => false,
    };
    if let Err(e) = check_invoice_create(
        &InvoiceCreateFacts {
            consumer_is_author: data.consumer == action.author,
            status: data.status,
            period: data.period,
            previous_period: previous.as_ref().map(|p| p.period),
            duplicate,
            authored_at: action.timestamp.as_micros(),
        },
        &props,
    ) {
        return ioen_hdi::verdict_err(e);
    }
    check_lines(&action.author, data, &data.lines, action.timestamp, &props)
}

/// Rules:
/// 1. I8: the version updated is an invoice of the same author, and it is open (an issued or
///    void invoice is final).
/// 2. I8: the update keeps the consumer, period, previous invoice and every earlier line; it
///    only adds lines and sets the status.
/// 3. I8: issuing needs the period to be over and at least one line; voiding needs the period to
///    be over and no line.
/// 4. I8: every added line and the total are correct (see [`check_lines`]).
pub fn validate_update_invoice(
    action: &Update,
    invoice: &Invoice,
) -> ExternResult<ValidateCallbackResult> {
    let props = ioen_hdi::network_properties()?;
    let (record, previous) = valid_or_return!(fetch_invoice(&action.original_action_address)?);
    if record.action().author() != &action.author {
        return ioen_hdi::invalid("Only its producer may update an invoice.");
    }
    let data = &invoice.0;
    let keeps_what_it_said = data.consumer == previous.consumer
        && data.period == previous.period
        && data.previous_invoice == previous.previous_invoice
        && data.lines.starts_with(&previous.lines);
    if let Err(e) = check_invoice_update(
        &InvoiceUpdateFacts {
            previous_status: previous.status,
            keeps_what_it_said,
            status: data.status,
            period: data.period,
            line_count: data.lines.len(),
            authored_at: action.timestamp.as_micros(),
        },
        &props,
    ) {
        return ioen_hdi::verdict_err(e);
    }
    let added = data.lines.get(previous.lines.len()..).unwrap_or_default();
    check_lines(&action.author, data, added, action.timestamp, &props)
}

/// Rules:
/// 1. I8: the invoice chain does not fork: no other Invoice create of the author lies between
///    this invoice and the previous invoice it names. The walk goes back to that invoice only.
pub fn validate_invoice_chain(
    action: &Create,
    invoice: &Invoice,
) -> ExternResult<ValidateCallbackResult> {
    let walk = valid_or_return!(walk_back_to(action.into(), &invoice.0.previous_invoice)?);
    for activity in &walk {
        if creates_one_of(activity.action.action(), &[UnitEntryTypes::Invoice])? {
            return ioen_hdi::verdict_err(CoreError::InvoiceChainForked);
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Rules:
/// 1. I8: an invoice's versions do not fork: no other update of the same version lies between
///    that version and this update, so each update follows the latest version. The walk goes
///    back to the version updated only.
pub fn validate_invoice_version_chain(action: &Update) -> ExternResult<ValidateCallbackResult> {
    if !writes(&Action::Update(action.clone()), UnitEntryTypes::Invoice)? {
        return Ok(ValidateCallbackResult::Valid);
    }
    let walk = valid_or_return!(walk_back_to(
        action.into(),
        &action.original_action_address
    )?);
    for activity in &walk {
        if let Action::Update(other) = activity.action.action() {
            if other.original_action_address == action.original_action_address {
                return ioen_hdi::verdict_err(CoreError::InvoiceVersionForked);
            }
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Any version of an invoice, decoded.
pub fn fetch_invoice(hash: &ActionHash) -> ExternResult<Result<(Record, InvoiceData), String>> {
    fetch_valid::<InvoiceData>(hash, zome_names::LEDGER, entry_index::INVOICE, "invoice")
}

/// Reads another producer's invoice version by content, whatever its validity (decision 52): a
/// payment of an invalid invoice moves only its payer's own money, within its credit limit.
pub fn read_invoice(hash: &ActionHash) -> ExternResult<Result<(Record, InvoiceData), String>> {
    fetch_content::<InvoiceData>(hash, zome_names::LEDGER, entry_index::INVOICE, "invoice")
}

/// The previous invoice an invoice names: `None` when it is the author's Account (the first
/// invoice), or why it is neither.
fn previous_invoice(
    author: &AgentPubKey,
    hash: &ActionHash,
) -> ExternResult<Result<Option<InvoiceData>, String>> {
    let record = must_get_valid_record(hash.clone())?;
    if record.action().author() != author {
        return Ok(Err(
            "An invoice's previous invoice must be its author's own invoice or account.".into(),
        ));
    }
    if creates_one_of(record.action(), &[UnitEntryTypes::Account])? {
        return Ok(Ok(None));
    }
    if !creates_one_of(record.action(), &[UnitEntryTypes::Invoice])? {
        return Ok(Err(
            "An invoice's previous invoice must be the create of an invoice, or the author's account."
                .into(),
        ));
    }
    Ok(fetch_invoice(hash)?.map(|(_, data)| Some(data)))
}

/// Whether one of the author's invoices of `invoice`'s period, from `previous` back along the
/// invoice chain, is for the same consumer. The walk stops at the first invoice of an earlier
/// period (periods never go down along the chain) or at the account.
fn same_period_has(previous: &InvoiceData, invoice: &InvoiceData) -> ExternResult<bool> {
    let mut current = previous.clone();
    while current.period == invoice.period {
        if current.consumer == invoice.consumer {
            return Ok(true);
        }
        let record = must_get_valid_record(current.previous_invoice.clone())?;
        if !creates_one_of(record.action(), &[UnitEntryTypes::Invoice])? {
            return Ok(false);
        }
        match fetch_invoice(&current.previous_invoice)? {
            Ok((_, data)) => current = data,
            // A valid invoice only names valid invoices; stop rather than guess.
            Err(_) => return Ok(false),
        }
    }
    Ok(false)
}

/// Rules, for the lines an invoice create or update adds:
/// 1. I8: each names a Contract of the invoice's author whose bid is the invoice consumer's, and
///    a Confirmation of that contract by that consumer.
/// 2. I8: its supply cycle (the contract's Offer's) is in the invoice's period and over when the
///    line is written; delivered energy is at most the contract's; the amount is
///    `cost(delivered, price)`.
/// 3. I8: no contract is listed twice, and the total is the sum of all the lines' amounts.
/// 4. I8, I15: there are at most as many lines as the period has cycles.
///
/// Rules 3 and 4 need only the invoice itself, so they come first, in that order (a repeated
/// line is the more precise reason when both apply): an invoice padded with lines costs its
/// validators no fetch (issue 12, "invoice amplification").
fn check_lines(
    author: &AgentPubKey,
    invoice: &InvoiceData,
    added: &[InvoiceLineData],
    authored_at: Timestamp,
    props: &NetworkProperties,
) -> ExternResult<ValidateCallbackResult> {
    let amounts: Vec<(&ActionHash, i64)> = invoice
        .lines
        .iter()
        .map(|line| (&line.contract, line.amount))
        .collect();
    if let Err(e) = check_invoice_total(&amounts, invoice.total) {
        return ioen_hdi::verdict_err(e);
    }
    if let Err(e) = check_line_count(invoice.lines.len(), props) {
        return ioen_hdi::verdict_err(e);
    }
    for line in added {
        let facts = valid_or_return!(line_facts(author, invoice, line, authored_at)?);
        if let Err(e) = check_line(&facts, props) {
            return ioen_hdi::verdict_err(e);
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The facts of one line, from the contract, its Offer and bid, and the confirmation it names.
fn line_facts(
    author: &AgentPubKey,
    invoice: &InvoiceData,
    line: &InvoiceLineData,
    authored_at: Timestamp,
) -> ExternResult<Result<LineFacts, String>> {
    let (contract_record, contract) = match fetch_valid::<ContractData>(
        &line.contract,
        zome_names::MARKET,
        entry_index::CONTRACT,
        "contract",
    )? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    let (_, offer) = match fetch_valid::<OfferData>(
        &contract.offer,
        zome_names::MARKET,
        entry_index::OFFER,
        "offer",
    )? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    // The consumer's bid and confirmation are read by content (decision 52): a line built on an
    // invalid confirmation bills only the consumer who wrote it, and no validator's verdict
    // should hang on whether it had judged another household's record yet.
    let (bid_record, _) =
        match fetch_content::<BidData>(&contract.bid, zome_names::MARKET, entry_index::BID, "bid")?
        {
            Ok(found) => found,
            Err(reason) => return Ok(Err(reason)),
        };
    let (confirmation_record, confirmation) = match fetch_content::<ConfirmationData>(
        &line.confirmation,
        zome_names::MARKET,
        entry_index::CONFIRMATION,
        "confirmation",
    )? {
        Ok(found) => found,
        Err(reason) => return Ok(Err(reason)),
    };
    Ok(Ok(LineFacts {
        contracted_wh: contract.energy_wh,
        delivered_wh: line.delivered_wh,
        price_per_kwh: contract.price_per_kwh,
        amount: line.amount,
        contract_confirmed: confirmation_record.action().author() == &invoice.consumer
            && confirmation.contract == line.contract,
        contract_consumer_is_invoice_consumer: bid_record.action().author() == &invoice.consumer,
        contract_producer_is_author: contract_record.action().author() == author,
        supply_cycle: offer.supply_cycle,
        invoice_period: invoice.period,
        authored_at: authored_at.as_micros(),
    }))
}

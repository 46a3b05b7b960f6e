//! Checking a counterpart's records before building on them (design.md section 5).
//!
//! A Payment names an invoice version, a Receipt names a payment; validators accept each only
//! when what it names is valid. A node that is not an authority for the named record trusts
//! whatever status the answering peer reports, and a rogue reports its own invalid records as
//! valid, so an honest payment of an inflated invoice, or an honest receipt of a payment past the
//! credit limit, would be rejected everywhere and warrant its honest author. So before writing,
//! the coordinator re-runs the integrity zome's pure rules on the counterpart's data, with what
//! it can read from its own chain as the anchor, and asks the network for the counterpart's
//! standing ([`ioen_hdk::standing`]).
//!
//! What one step cannot see stays with the counterpart's validators: an earlier forgery on the
//! counterpart's chain shows here only through its warrant or chain status (docs/security.md).

use hdk::prelude::*;
use ioen_core::ledger::{
    check_invoice_total, check_invoice_update, check_line, check_payment, InvoiceUpdateFacts,
    LineFacts, PaymentFacts,
};
use ioen_core::{
    check_settlement_time, InvoiceStatus, MicroIoen, NetworkProperties, SettlementStep,
};
use ioen_hdi::records::{
    AccountData, ConfirmationData, ContractData, InvoiceData, OfferData, PaymentData, ReceiptData,
};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::own_chain::own_record;
use ioen_hdk::standing::standing;

use crate::chain::{OwnInvoice, PaymentRecord};
use crate::cycle::now;
use crate::error::LedgerError;
use crate::market::fetch_typed;
use crate::view::{invoice_versions, InvoiceRef};

/// The outcome of a check: `Ok(())` to go ahead, or why not, as the error the caller returns
/// (or, in the automation, the reason to skip).
pub type Checked = Result<(), LedgerError>;

/// Whether `invoice` (another producer's, addressed to the caller) may be paid now.
///
/// Rules, the integrity zome's for every version of the invoice, re-run on what this node read:
/// 1. The producer's standing is good (not warranted, forked or invalid on the network).
/// 2. The versions form one line of updates by the producer, from an open create to the issued
///    version being paid; each update keeps what the version before it said (I8).
/// 3. Every line names a confirmation on the caller's own chain of the contract it bills, a
///    contract by the producer for one of the caller's own bids, and passes `check_line` at the
///    time of the version that added it; each version's total is the sum of its lines (I8).
/// 4. The issue is within the settlement window after the period, and the caller's clock is
///    not behind the issue (I13): otherwise the payment waits.
pub fn check_invoice_to_pay(
    invoice: &InvoiceRef,
    props: &NetworkProperties,
) -> ExternResult<Checked> {
    if let Err(untrusted) = standing(&invoice.producer)? {
        return Ok(Err(LedgerError::Counterpart(untrusted)));
    }
    let Some(versions) = invoice_versions(&invoice.invoice_hash)? else {
        return Ok(Err(LedgerError::NotFound("invoice")));
    };
    let mine = MyMarketRecords::load()?;
    let mut previous: Option<&(Record, InvoiceData)> = None;
    for version in &versions {
        let (record, data) = version;
        let at = record.action().timestamp().as_micros();
        if record.action().author() != &invoice.producer {
            return Ok(Err(LedgerError::Tampered(
                "an invoice version by someone else",
            )));
        }
        let earlier_lines = match previous {
            None => 0,
            Some((_, before)) => {
                let facts = InvoiceUpdateFacts {
                    previous_status: before.status,
                    keeps_what_it_said: data.consumer == before.consumer
                        && data.period == before.period
                        && data.previous_invoice == before.previous_invoice
                        && data.lines.starts_with(&before.lines),
                    status: data.status,
                    period: data.period,
                    line_count: data.lines.len(),
                    authored_at: at,
                };
                if let Err(e) = check_invoice_update(&facts, props) {
                    return Ok(Err(e.into()));
                }
                before.lines.len()
            }
        };
        for line in data.lines.get(earlier_lines..).unwrap_or_default() {
            let facts = match mine.line_facts(invoice, data, line, at)? {
                Ok(facts) => facts,
                Err(e) => return Ok(Err(e)),
            };
            if let Err(e) = check_line(&facts, props) {
                return Ok(Err(e.into()));
            }
        }
        let amounts: Vec<(&ActionHash, MicroIoen)> =
            data.lines.iter().map(|l| (&l.contract, l.amount)).collect();
        if let Err(e) = check_invoice_total(&amounts, data.total) {
            return Ok(Err(e.into()));
        }
        previous = Some(version);
    }
    match versions.last() {
        Some((record, data))
            if record.action_address() == &invoice.version_hash
                && data.status == InvoiceStatus::Issued =>
        {
            let issued_at = record.action().timestamp().as_micros();
            Ok(
                check_settlement_time(SettlementStep::Payment, issued_at, now()?, props)
                    .map_err(LedgerError::from),
            )
        }
        _ => Ok(Err(LedgerError::Rule(
            ioen_core::CoreError::InvoiceNotIssued,
        ))),
    }
}

/// Whether `payment` (made to the caller for one of its own issued invoices) may be
/// acknowledged now.
///
/// Rules, the integrity zome's for the Payment, re-run on what this node read:
/// 1. The payer's standing is good.
/// 2. The payment names the caller's issued version, by its consumer, for its total (I9).
/// 3. Its previous entry is the payer's own Account, Payment or Receipt, and its balance after
///    follows from that entry's balance, within the credit limit (I11).
/// 4. It is dated within the settlement window after the issue, and the caller's clock is not
///    behind it (I13): otherwise the receipt waits.
pub fn check_payment_to_acknowledge(
    payment: &PaymentRecord,
    invoice: &OwnInvoice,
    props: &NetworkProperties,
) -> ExternResult<Checked> {
    if let Err(untrusted) = standing(&payment.payer)? {
        return Ok(Err(LedgerError::Counterpart(untrusted)));
    }
    let (previous_balance, previous_credit_limit) =
        match ledger_balance(&payment.payer, &payment.data.previous_entry)? {
            Ok(previous) => previous,
            Err(error) => return Ok(Err(error)),
        };
    let facts = PaymentFacts {
        payer_is_consumer: invoice.data.consumer == payment.payer,
        payee_is_producer: payment.data.payee == agent_info()?.agent_initial_pubkey,
        invoice_issued: invoice.data.status == InvoiceStatus::Issued
            && invoice.version_hash == payment.data.invoice,
        invoice_total: invoice.data.total,
        amount: payment.data.amount,
        previous_balance,
        balance_after: payment.data.balance_after,
        previous_credit_limit,
        credit_limit: payment.data.credit_limit,
    };
    if let Err(e) = check_payment(&facts) {
        return Ok(Err(e.into()));
    }
    let Some(issued) = get(invoice.version_hash.clone(), GetOptions::local())? else {
        return Ok(Err(LedgerError::NotFound("invoice")));
    };
    let issued_at = issued.action().timestamp().as_micros();
    if let Err(e) = check_settlement_time(SettlementStep::Payment, issued_at, payment.at, props) {
        return Ok(Err(e.into()));
    }
    Ok(
        check_settlement_time(SettlementStep::Receipt, payment.at, now()?, props)
            .map_err(LedgerError::from),
    )
}

/// The balance and credit limit after `hash`, when it is one of `author`'s ledger entries: 0 for
/// its Account, the balance a Payment or Receipt carries. An entry that has not reached this node
/// yet is `NotFound` (the call may be tried again); anything else is a sign of tampering.
fn ledger_balance(
    author: &AgentPubKey,
    hash: &ActionHash,
) -> ExternResult<Result<(MicroIoen, MicroIoen), LedgerError>> {
    const FOREIGN: LedgerError = LedgerError::Tampered(
        "a payment whose previous entry is not one of its payer's ledger entries",
    );
    let Some(record) = get(hash.clone(), GetOptions::network())? else {
        return Ok(Err(LedgerError::NotFound(
            "payment's previous ledger entry",
        )));
    };
    if record.action().author() != author || !matches!(record.action(), Action::Create(_)) {
        return Ok(Err(FOREIGN));
    }
    let is = |index| -> ExternResult<bool> {
        Ok(ioen_hdi::is_entry_of(
            record.action(),
            ioen_hdi::app_entry_def(zome_names::LEDGER, index)?,
        ))
    };
    let previous = if is(entry_index::ACCOUNT)? {
        ioen_hdk::decode::<AccountData>(&record).map(|a| (a.balance, a.credit_limit))
    } else if is(entry_index::PAYMENT)? {
        ioen_hdk::decode::<PaymentData>(&record).map(|p| (p.balance_after, p.credit_limit))
    } else if is(entry_index::RECEIPT)? {
        ioen_hdk::decode::<ReceiptData>(&record).map(|r| (r.balance_after, r.credit_limit))
    } else {
        None
    };
    Ok(previous.ok_or(FOREIGN))
}

/// The caller's own bids and confirmations: the anchor of every invoice line addressed to it.
/// Each is read by its hash from the caller's own stores when a line names it, so checking an
/// invoice costs its lines, not the caller's history (decision 53).
struct MyMarketRecords {
    me: AgentPubKey,
}

impl MyMarketRecords {
    fn load() -> ExternResult<Self> {
        Ok(Self {
            me: agent_info()?.agent_initial_pubkey,
        })
    }

    /// Whether `hash` is one of the caller's own bids.
    fn is_my_bid(&self, hash: &ActionHash) -> ExternResult<bool> {
        Ok(own_record(hash, zome_names::MARKET, entry_index::BID)?.is_some())
    }

    /// The caller's own confirmation `hash`, if it is one.
    fn my_confirmation(&self, hash: &ActionHash) -> ExternResult<Option<ConfirmationData>> {
        Ok(
            own_record(hash, zome_names::MARKET, entry_index::CONFIRMATION)?
                .and_then(|r| ioen_hdk::decode::<ConfirmationData>(&r)),
        )
    }

    /// The facts of one line of `data` (a version of `invoice` written at `at`), as validation
    /// gathers them, with the caller's own records standing for the consumer's side.
    fn line_facts(
        &self,
        invoice: &InvoiceRef,
        data: &InvoiceData,
        line: &ioen_hdi::records::InvoiceLineData,
        at: i64,
    ) -> ExternResult<Result<LineFacts, LedgerError>> {
        let Some((contract_record, contract)) =
            fetch_typed::<ContractData>(&line.contract, zome_names::MARKET, entry_index::CONTRACT)?
        else {
            return Ok(Err(LedgerError::NotFound("contract")));
        };
        let Some((_, offer)) =
            fetch_typed::<OfferData>(&contract.offer, zome_names::MARKET, entry_index::OFFER)?
        else {
            return Ok(Err(LedgerError::NotFound("offer")));
        };
        let supply_cycle = offer.supply_cycle;
        let confirmed = self
            .my_confirmation(&line.confirmation)?
            .is_some_and(|c| c.contract == line.contract);
        Ok(Ok(LineFacts {
            contracted_wh: contract.energy_wh,
            delivered_wh: line.delivered_wh,
            price_per_kwh: contract.price_per_kwh,
            amount: line.amount,
            contract_confirmed: confirmed && data.consumer == self.me,
            contract_consumer_is_invoice_consumer: self.is_my_bid(&contract.bid)?,
            contract_producer_is_author: contract_record.action().author() == &invoice.producer,
            supply_cycle,
            invoice_period: data.period,
            authored_at: at,
        }))
    }
}

//! Invoicing: a producer bills each consumer once per billing period for the energy it
//! delivered under confirmed contracts.
//!
//! An invoice is created with the first delivery recorded for that consumer and period
//! (`record_delivery`, `auto_invoice`; or opened empty by `open_invoice`), collects one line per
//! confirmed contract once its supply cycle is over, and is issued after the period, or voided
//! when it has no line.

use std::collections::{BTreeMap, HashMap};

use hdk::prelude::*;
use ioen_core::ledger::{
    check_invoice_change, check_invoice_create, check_issue, check_line, check_void, invoice_total,
    InvoiceCreateFacts, LineFacts,
};
use ioen_core::{cost, CoreError, CycleClock, InvoiceStatus, NetworkProperties, Wh};
use ioen_hdi::records::{ContractData, InvoiceData, InvoiceLineData};
use ioen_hdi::{entry_index, zome_names};
use ioen_hdk::standing::standing;
use ledger_integrity::{period_tag, EntryTypes, Invoice, LinkTypes};

use crate::chain::{invoice_chain_tip, own_invoice, own_invoices_from, OwnInvoice};
use crate::cycle::{clock, current_cycle, now};
use crate::error::LedgerError;
use crate::market::{consumer_of, fetch_typed, own_contract, own_contracts_from, Confirmations};
use crate::view::{
    invoices_to_me, own_invoice_refs, resolve_invoice, view, views, InvoiceRef, InvoiceView,
};

/// Which invoice to open.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct OpenInvoiceInput {
    /// The consumer to invoice.
    pub consumer: AgentPubKey,
    /// The billing period.
    pub period: u64,
}

/// The delivered energy of one of the caller's contracts.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct RecordDeliveryInput {
    /// The contract.
    pub contract: ActionHash,
    /// Energy delivered in its supply cycle, in Wh (at most the contract's).
    pub delivered_wh: Wh,
}

/// The caller's side of an invoice.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceRole {
    /// Invoices the caller wrote.
    Producer,
    /// Invoices addressed to the caller.
    Consumer,
}

/// Which invoices to list.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct MyInvoicesInput {
    /// One billing period, or all when absent.
    #[serde(default)]
    pub period: Option<u64>,
    /// The caller's side.
    pub role: InvoiceRole,
}

/// The caller's invoice to `consumer` for `period`: the existing one, or a new open one
/// (linked into the consumer's `InvoiceInbox`).
#[hdk_extern]
pub fn open_invoice(input: OpenInvoiceInput) -> ExternResult<InvoiceView> {
    let (props, _) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    if let Some(existing) = find_own(&input.consumer, input.period)? {
        return view(InvoiceRef::own(existing, &me));
    }
    let created = create_invoice(&props, &input.consumer, input.period, Vec::new())?;
    view(InvoiceRef::own(created, &me))
}

/// Adds the delivered energy of one of the caller's confirmed contracts to its invoice (opening
/// the invoice if it has none), once the contract's supply cycle is over.
#[hdk_extern]
pub fn record_delivery(input: RecordDeliveryInput) -> ExternResult<InvoiceView> {
    let (props, clock) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let Some(contract) = own_contract(&input.contract)? else {
        let exists = fetch_typed::<ContractData>(
            &input.contract,
            zome_names::MARKET,
            entry_index::CONTRACT,
        )?
        .is_some();
        return Err(if exists {
            LedgerError::from(CoreError::NotContractProducer)
        } else {
            LedgerError::NotFound("contract")
        }
        .into());
    };
    let consumer = consumer_of(&contract.contract)?;
    standing(&consumer)?.map_err(LedgerError::from)?;
    let confirmation = Confirmations::default().of(&contract, &consumer)?;
    let period = clock.billing_period_of(contract.supply_cycle);
    let price = contract.contract.price_per_kwh;
    // An overflowing cost is reported by `check_line`, after the rules before it.
    let amount = cost(input.delivered_wh, price).unwrap_or(0);
    check_line(
        &LineFacts {
            contracted_wh: contract.contract.energy_wh,
            delivered_wh: input.delivered_wh,
            price_per_kwh: price,
            amount,
            contract_confirmed: confirmation.is_some(),
            contract_consumer_is_invoice_consumer: true,
            contract_producer_is_author: true,
            supply_cycle: contract.supply_cycle,
            invoice_period: period,
            authored_at: now()?,
        },
        &props,
    )
    .map_err(LedgerError::from)?;
    let confirmation = confirmation.ok_or(LedgerError::Rule(CoreError::ContractNotConfirmed))?;
    let line = InvoiceLineData {
        contract: contract.hash,
        confirmation,
        delivered_wh: input.delivered_wh,
        amount,
    };
    let written = match find_own(&consumer, period)? {
        None => create_invoice(&props, &consumer, period, vec![line])?,
        Some(invoice) => {
            if invoice
                .data
                .lines
                .iter()
                .any(|l| l.contract == line.contract)
            {
                return Err(LedgerError::AlreadyRecorded.into());
            }
            check_invoice_change(invoice.data.status).map_err(LedgerError::from)?;
            let mut lines = invoice.data.lines.clone();
            lines.push(line);
            update_invoice(&invoice, lines, InvoiceStatus::Open)?
        }
    };
    view(InvoiceRef::own(written, &me))
}

/// Issues one of the caller's invoices after its billing period: for payment when it has
/// lines, as void when it has none. Either way it is final.
#[hdk_extern]
pub fn issue_invoice(invoice_hash: ActionHash) -> ExternResult<InvoiceView> {
    let (props, _) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let Some(invoice) = own_invoice(&invoice_hash)? else {
        return Err(match resolve_invoice(&invoice_hash)? {
            Some(_) => LedgerError::NotYourInvoice,
            None => LedgerError::NotFound("invoice"),
        }
        .into());
    };
    check_invoice_change(invoice.data.status).map_err(LedgerError::from)?;
    let (period, line_count, at) = (invoice.data.period, invoice.data.lines.len(), now()?);
    let status = if line_count == 0 {
        check_void(period, line_count, at, &props).map_err(LedgerError::from)?;
        InvoiceStatus::Void
    } else {
        check_issue(period, line_count, at, &props).map_err(LedgerError::from)?;
        InvoiceStatus::Issued
    };
    let lines = invoice.data.lines.clone();
    let written = update_invoice(&invoice, lines, status)?;
    view(InvoiceRef::own(written, &me))
}

/// Does the next piece of invoicing work, in one write: for the oldest billing period first,
/// the confirmed contracts whose supply cycle is over and that no invoice lists yet become lines
/// (delivered = contracted) of their consumer's invoice, which is created with them when it does
/// not exist yet; an open invoice whose period is over is issued (or voided when it has no line).
/// Returns the invoice written, or `None` when there is nothing to do: call it until it returns
/// `None`.
///
/// One write per call, because each version names the one before it and each new invoice the
/// previous invoice, and Holochain 0.6.3's validation of a commit cannot read a record written
/// earlier in the same call (docs/decisions.md, "One ledger write per call; automation
/// policies"). So a new invoice whose period is already over is issued by the next call.
#[hdk_extern]
pub fn auto_invoice() -> ExternResult<Option<InvoiceView>> {
    let (props, clock) = clock()?;
    let me = agent_info()?.agent_initial_pubkey;
    let cycle = current_cycle(&clock)?;
    let current_period = clock.billing_period_of(cycle);
    // Only periods whose invoices can still be issued matter (rule I13): the walks back stop
    // at their first cycle, so the cost follows a settlement window, not the history.
    let first_period = first_open_period(&clock, &props)?;
    let invoices = own_invoices_from(first_period)?;
    let listed: Vec<&ActionHash> = invoices
        .iter()
        .flat_map(|i| i.data.lines.iter().map(|l| &l.contract))
        .collect();
    // The lines to add, by (period, consumer): confirmed contracts whose supply cycle is over
    // (validation wants the line written in a later cycle, rule I8) that no invoice lists.
    let mut pending: BTreeMap<(u64, AgentPubKey), Vec<InvoiceLineData>> = BTreeMap::new();
    let mut confirmations = Confirmations::default();
    let mut trusted: HashMap<AgentPubKey, bool> = HashMap::new();
    for contract in own_contracts_from(clock.period_cycles(first_period).0)? {
        if contract.supply_cycle >= cycle || listed.contains(&&contract.hash) {
            continue;
        }
        let consumer = consumer_of(&contract.contract)?;
        // A consumer that is warranted, forked or invalid on the network is not billed on the
        // strength of its confirmations (an invalid one would make the invoice invalid).
        let consumer_trusted = match trusted.get(&consumer) {
            Some(known) => *known,
            None => {
                let judged = standing(&consumer)?.is_ok();
                trusted.insert(consumer.clone(), judged);
                judged
            }
        };
        if !consumer_trusted {
            continue;
        }
        let Some(confirmation) = confirmations.of(&contract, &consumer)? else {
            continue;
        };
        let energy_wh = contract.contract.energy_wh;
        let line = InvoiceLineData {
            contract: contract.hash.clone(),
            confirmation,
            delivered_wh: energy_wh,
            amount: cost(energy_wh, contract.contract.price_per_kwh).map_err(LedgerError::from)?,
        };
        let period = clock.billing_period_of(contract.supply_cycle);
        pending.entry((period, consumer)).or_default().push(line);
    }
    // Open invoices with nothing to add still need issuing once their period is over.
    for invoice in invoices
        .iter()
        .filter(|i| i.data.status == InvoiceStatus::Open)
    {
        pending
            .entry((invoice.data.period, invoice.data.consumer.clone()))
            .or_default();
    }
    let newest_period = invoice_chain_tip()?.1;
    for ((period, consumer), new_lines) in pending {
        let period_over = current_period > period;
        let written = match invoices
            .iter()
            .find(|i| i.data.period == period && i.data.consumer == consumer)
        {
            Some(invoice) if invoice.data.status == InvoiceStatus::Open => {
                if new_lines.is_empty() && !period_over {
                    continue;
                }
                let mut lines = invoice.data.lines.clone();
                lines.extend(new_lines);
                let status = match (period_over, lines.is_empty()) {
                    (false, _) => InvoiceStatus::Open,
                    (true, true) => InvoiceStatus::Void,
                    (true, false) => InvoiceStatus::Issued,
                };
                // Past the settlement window it can no longer be issued (rule I13): leave it.
                if status == InvoiceStatus::Issued
                    && check_issue(period, lines.len(), now()?, &props).is_err()
                {
                    continue;
                }
                update_invoice(invoice, lines, status)?
            }
            // Final already: a contract confirmed after its invoice was issued stays unbilled.
            Some(_) => continue,
            None => {
                // Invoices are opened in period order (rule I8); a contract of an older
                // period whose confirmation arrived late cannot get an invoice any more.
                if newest_period.is_some_and(|newest| period < newest) {
                    continue;
                }
                create_invoice(&props, &consumer, period, new_lines)?
            }
        };
        return view(InvoiceRef::own(written, &me)).map(Some);
    }
    Ok(None)
}

/// The caller's invoices as producer or consumer, of one period or all, sorted by period, then
/// counterpart. Consumer-side invoices come from the caller's `InvoiceInbox`, followed to their
/// latest versions; those by producers this conductor holds a warrant against are skipped.
#[hdk_extern]
pub fn get_my_invoices(input: MyInvoicesInput) -> ExternResult<Vec<InvoiceView>> {
    let mut invoices: Vec<InvoiceRef> = match input.role {
        InvoiceRole::Producer => own_invoice_refs()?
            .into_iter()
            .filter(|i| input.period.is_none_or(|p| p == i.data.period))
            .collect(),
        InvoiceRole::Consumer => invoices_to_me(input.period)?,
    };
    let role = input.role;
    invoices.sort_by(|a, b| {
        let counterpart = |i: &InvoiceRef| match role {
            InvoiceRole::Producer => i.data.consumer.clone(),
            InvoiceRole::Consumer => i.producer.clone(),
        };
        (a.data.period, counterpart(a), &a.invoice_hash).cmp(&(
            b.data.period,
            counterpart(b),
            &b.invoice_hash,
        ))
    });
    views(invoices)
}

/// One invoice by its create action (or any of its versions), at its latest version; `None`
/// when it cannot be found or its producer is warranted here.
#[hdk_extern]
pub fn get_invoice(invoice_hash: ActionHash) -> ExternResult<Option<InvoiceView>> {
    match resolve_invoice(&invoice_hash)? {
        Some(invoice) => view(invoice).map(Some),
        None => Ok(None),
    }
}

/// The caller's invoice to `consumer` for `period`, if it has one.
fn find_own(consumer: &AgentPubKey, period: u64) -> ExternResult<Option<OwnInvoice>> {
    Ok(own_invoices_from(period)?
        .into_iter()
        .find(|i| &i.data.consumer == consumer && i.data.period == period))
}

/// Writes a new open invoice after the checks validation applies, naming the caller's newest
/// invoice (or its account) as previous, and links it into the consumer's inbox.
fn create_invoice(
    props: &NetworkProperties,
    consumer: &AgentPubKey,
    period: u64,
    lines: Vec<InvoiceLineData>,
) -> ExternResult<OwnInvoice> {
    let me = agent_info()?.agent_initial_pubkey;
    let (previous_invoice, previous_period) = invoice_chain_tip()?;
    check_invoice_create(
        &InvoiceCreateFacts {
            consumer_is_author: consumer == &me,
            status: InvoiceStatus::Open,
            period,
            previous_period,
            // `find_own` found none; validation checks it again along the invoice chain.
            duplicate: false,
            authored_at: now()?,
        },
        props,
    )
    .map_err(LedgerError::from)?;
    let data = InvoiceData {
        consumer: consumer.clone(),
        period,
        previous_invoice,
        total: total_of(&lines)?,
        lines,
        status: InvoiceStatus::Open,
    };
    let invoice_hash = create_entry(EntryTypes::Invoice(Invoice(data)))?;
    create_link(
        consumer.clone(),
        invoice_hash.clone(),
        LinkTypes::InvoiceInbox,
        period_tag(period),
    )?;
    // Read back from the chain (the query sees this call's writes) for its position.
    Ok(own_invoice(&invoice_hash)?.ok_or(LedgerError::NotFound("invoice"))?)
}

/// Writes the next version of `invoice` (its latest version is updated, as validation requires)
/// with `lines` and `status`.
fn update_invoice(
    invoice: &OwnInvoice,
    lines: Vec<InvoiceLineData>,
    status: InvoiceStatus,
) -> ExternResult<OwnInvoice> {
    let data = InvoiceData {
        total: total_of(&lines)?,
        lines,
        status,
        ..invoice.data.clone()
    };
    let version_hash = update_entry(invoice.version_hash.clone(), Invoice(data.clone()))?;
    let mut versions = invoice.versions.clone();
    versions.push(version_hash.clone());
    Ok(OwnInvoice {
        version_hash,
        versions,
        data,
        ..invoice.clone()
    })
}

/// The sum of the lines' amounts.
fn total_of(lines: &[InvoiceLineData]) -> ExternResult<i64> {
    let amounts: Vec<i64> = lines.iter().map(|l| l.amount).collect();
    Ok(invoice_total(&amounts).map_err(LedgerError::from)?)
}

/// The oldest billing period whose invoices can still be issued at this moment: its end is at
/// most one settlement window ago (rule I13).
fn first_open_period(clock: &CycleClock, props: &NetworkProperties) -> ExternResult<u64> {
    let window = i64::from(props.settlement_window_seconds).saturating_mul(1_000_000);
    let from = now()?.saturating_sub(window);
    // Before the network's first cycle every period is still open.
    let Ok(cycle) = clock.cycle_of(from) else {
        return Ok(0);
    };
    let period = clock.billing_period_of(cycle);
    Ok(match period.checked_sub(1) {
        Some(previous) if clock.period_end(previous) >= from => previous,
        _ => period,
    })
}

//! The statement: every payment and receipt on the caller's chain, as a list and as CSV.

use hdk::prelude::*;
use ioen_core::{format_ioen, MicroIoen, Wh};
use ioen_hdi::records::PaymentData;
use ioen_hdi::{entry_index, zome_names};

use crate::chain::{own_payments, own_receipts};
use crate::error::LedgerError;
use crate::market::fetch_typed;
use crate::view::invoice_at_version;

/// The CSV header of a statement.
pub const CSV_HEADER: &str =
    "time,kind,counterpart,invoice,period,energy_wh,amount_ioen,balance_ioen";

/// Which movements to list, by time.
#[derive(Serialize, Deserialize, Debug, Clone, Default)]
pub struct StatementInput {
    /// Earliest time (inclusive), in microseconds since the Unix epoch; from the start when absent.
    #[serde(default)]
    pub from: Option<i64>,
    /// Latest time (exclusive), in microseconds since the Unix epoch; until now when absent.
    #[serde(default)]
    pub to: Option<i64>,
}

/// A payment (money out) or a receipt (money in).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// The caller paid an invoice.
    Payment,
    /// The caller acknowledged a payment to it.
    Receipt,
}

impl MovementKind {
    /// As serialized: "payment" or "receipt".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Receipt => "receipt",
        }
    }
}

/// One change of the caller's balance.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Movement {
    /// Payment or receipt.
    pub kind: MovementKind,
    /// The Payment's or Receipt's action hash.
    pub hash: ActionHash,
    /// When it was written, in microseconds since the Unix epoch.
    pub at: i64,
    /// The other household: the payee of a payment, the payer of a receipt.
    pub counterpart: AgentPubKey,
    /// The invoice settled (its create action).
    pub invoice_hash: ActionHash,
    /// The invoice's billing period.
    pub period: u64,
    /// The energy the invoice bills, in Wh (the sum of its lines' delivered energy).
    pub energy_wh: Wh,
    /// The change of balance, in micro-IOEN: negative for a payment, positive for a receipt.
    pub amount: MicroIoen,
    /// The balance after it, in micro-IOEN.
    pub balance_after: MicroIoen,
}

/// The caller's movements and the same as CSV.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Statement {
    /// Oldest first.
    pub movements: Vec<Movement>,
    /// [`CSV_HEADER`] and one row per movement, each line ending in `\n`.
    pub csv: String,
}

/// The caller's payments and receipts written in `[from, to)`, oldest first, with a CSV copy.
#[hdk_extern]
pub fn get_statement(input: StatementInput) -> ExternResult<Statement> {
    let within =
        |at: i64| input.from.is_none_or(|from| at >= from) && input.to.is_none_or(|to| at < to);
    let mut movements: Vec<(u32, Movement)> = Vec::new();
    for payment in own_payments()?.into_iter().filter(|p| within(p.at)) {
        let (invoice_hash, period, energy_wh) = invoice_summary(&payment.data.invoice)?;
        movements.push((
            payment.action_seq,
            Movement {
                kind: MovementKind::Payment,
                hash: payment.hash,
                at: payment.at,
                counterpart: payment.data.payee,
                invoice_hash,
                period,
                energy_wh,
                amount: payment.data.amount.saturating_neg(),
                balance_after: payment.data.balance_after,
            },
        ));
    }
    for receipt in own_receipts()?.into_iter().filter(|r| within(r.at)) {
        let (payment_record, payment) = fetch_typed::<PaymentData>(
            &receipt.data.payment,
            zome_names::LEDGER,
            entry_index::PAYMENT,
        )?
        .ok_or(LedgerError::NotFound("payment"))?;
        let (invoice_hash, period, energy_wh) = invoice_summary(&payment.invoice)?;
        movements.push((
            receipt.action_seq,
            Movement {
                kind: MovementKind::Receipt,
                hash: receipt.hash,
                at: receipt.at,
                counterpart: payment_record.action().author().clone(),
                invoice_hash,
                period,
                energy_wh,
                amount: receipt.data.amount,
                balance_after: receipt.data.balance_after,
            },
        ));
    }
    // Chain order is balance order: each entry names the one before it.
    movements.sort_by_key(|(seq, _)| *seq);
    let movements: Vec<Movement> = movements.into_iter().map(|(_, m)| m).collect();
    let csv = statement_csv(&movements);
    Ok(Statement { movements, csv })
}

/// The invoice a payment names: its create action, period and billed energy.
fn invoice_summary(version: &ActionHash) -> ExternResult<(ActionHash, u64, Wh)> {
    let (invoice_hash, data) =
        invoice_at_version(version)?.ok_or(LedgerError::NotFound("invoice"))?;
    let energy_wh = data
        .lines
        .iter()
        .fold(0, |sum: Wh, line| sum.saturating_add(line.delivered_wh));
    Ok((invoice_hash, data.period, energy_wh))
}

/// The CSV text of `movements`: [`CSV_HEADER`], then one row each. Times are UTC RFC 3339 with
/// microseconds, hashes and keys in Holochain's base64 form, amounts exact decimal IOEN.
pub fn statement_csv(movements: &[Movement]) -> String {
    let mut csv = format!("{CSV_HEADER}\n");
    for m in movements {
        let row = [
            rfc3339_utc(m.at),
            m.kind.as_str().to_string(),
            m.counterpart.to_string(),
            m.invoice_hash.to_string(),
            m.period.to_string(),
            m.energy_wh.to_string(),
            ioen_decimal(m.amount),
            ioen_decimal(m.balance_after),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&fields.join(","));
        csv.push('\n');
    }
    csv
}

/// An amount in IOEN as exact decimal text without the unit, as [`format_ioen`] writes it
/// (2 to 6 decimals): `-1.50`, `0.000001`. No floating point is involved.
pub fn ioen_decimal(amount: MicroIoen) -> String {
    let text = format_ioen(amount);
    match text.strip_suffix(" IOEN") {
        Some(number) => number.to_string(),
        None => text,
    }
}

/// One CSV field, quoted (with inner quotes doubled) only when it holds a comma, a quote or a
/// line break (RFC 4180).
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A Holochain timestamp (microseconds since the Unix epoch) as UTC RFC 3339 with
/// microseconds, e.g. `2026-01-01T00:30:00.000000Z`. Exact for every `i64`; pure integer
/// arithmetic (days to a civil date after Howard Hinnant's `civil_from_days`).
pub fn rfc3339_utc(micros: i64) -> String {
    const MICROS_PER_DAY: i128 = 86_400_000_000;
    let micros = i128::from(micros);
    let days = micros.div_euclid(MICROS_PER_DAY);
    let of_day = micros.rem_euclid(MICROS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let seconds = of_day / 1_000_000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        of_day % 1_000_000
    )
}

/// The proleptic Gregorian (year, month, day) of `days` since 1970-01-01.
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests;

//! The data of market and ledger entries, which name other records by hash.
//!
//! Integrity zomes wrap these in their entry types (`Offer(OfferData)`), so the ledger zome can
//! decode a market record into the same struct without linking the market zome's wasm.

use hdi::prelude::*;
use ioen_core::{GenerationMethod, InvoiceStatus, MicroIoen, PricePerKwh, Wh};

/// A producer's role declaration for one supply cycle: what it can deliver (rule I3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferData {
    /// The cycle in which the energy will be supplied.
    pub supply_cycle: u64,
    /// How the energy is generated; one of the producer's methods.
    pub method: GenerationMethod,
    /// Energy available for contracts, in Wh.
    pub capacity_wh: Wh,
    /// Lowest price accepted, in micro-IOEN per kWh, if any.
    pub reserve_price_per_kwh: Option<PricePerKwh>,
    /// The producer's profile (any version of its own) the offer is made under.
    pub profile: ActionHash,
    /// The author's previous Offer or Demand; for its first declaration, its profile's create
    /// action. Validation walks back to it to see that nothing was declared in between.
    pub previous_declaration: ActionHash,
}

/// A consumer's role declaration for one supply cycle: how much it wants (rule I3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandData {
    /// The cycle in which the energy will be supplied.
    pub supply_cycle: u64,
    /// Energy wanted, in Wh.
    pub wanted_wh: Wh,
    /// The consumer's profile (any version of its own): its postcode and accepted methods.
    pub profile: ActionHash,
    /// As in [`OfferData::previous_declaration`].
    pub previous_declaration: ActionHash,
}

/// A consumer's bid to one producer for the supply cycle of its Demand (rule I4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidData {
    /// The bidder's Demand for the cycle (its declaration).
    pub demand: ActionHash,
    /// The producer bid to.
    pub producer: AgentPubKey,
    /// The producer's profile (a version written by `producer`).
    pub producer_profile: ActionHash,
    /// Energy asked for, in Wh.
    pub energy_wh: Wh,
    /// Price offered, in micro-IOEN per kWh.
    pub price_per_kwh: PricePerKwh,
}

/// A producer's acceptance of (part of) a bid (rule I5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractData {
    /// The producer's Offer for the cycle.
    pub offer: ActionHash,
    /// The bid accepted.
    pub bid: ActionHash,
    /// Energy contracted, in Wh (at most the bid's).
    pub energy_wh: Wh,
    /// Price, in micro-IOEN per kWh (the bid's).
    pub price_per_kwh: PricePerKwh,
    /// The previous answer (contract or rejection) of the same Offer; `None` for the first.
    pub previous_answer: Option<ActionHash>,
    /// Energy allocated from the Offer after this contract, in Wh.
    pub allocated_wh: Wh,
}

/// A producer's refusal of a bid, with its reason (rule I7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectionData {
    /// The producer's Offer for the cycle.
    pub offer: ActionHash,
    /// The bid rejected.
    pub bid: ActionHash,
    /// Why, for the consumer.
    pub reason: String,
    /// As in [`ContractData::previous_answer`].
    pub previous_answer: Option<ActionHash>,
    /// Energy allocated from the Offer so far (a rejection allocates nothing), in Wh.
    pub allocated_wh: Wh,
}

/// A consumer's confirmation of the one contract it takes for a cycle (rule I6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationData {
    /// The consumer's Demand for the cycle.
    pub demand: ActionHash,
    /// The contract confirmed.
    pub contract: ActionHash,
}

/// Opens an agent's IOEN account (rule I11): the root of its ledger pointer chain (Payments and
/// Receipts) and of its invoice chain. Written once, by the ledger zome's `init`, so it is among
/// the first actions of every chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountData {
    /// The opening balance, in micro-IOEN: always 0 (mutual credit creates no money).
    pub balance: MicroIoen,
    /// How far below zero the balance may go, in micro-IOEN: the owner's invitation's, or the
    /// network's for a steward or on an open network (rule I14).
    pub credit_limit: MicroIoen,
}

/// One line of an invoice: the delivered energy of a confirmed contract (rule I8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceLineData {
    /// The producer's contract.
    pub contract: ActionHash,
    /// The consumer's confirmation of that contract.
    pub confirmation: ActionHash,
    /// Energy delivered in the supply cycle, in Wh (at most the contract's).
    pub delivered_wh: Wh,
    /// `cost(delivered_wh, contract price)`, in micro-IOEN.
    pub amount: MicroIoen,
}

/// A producer's invoice to one consumer for one billing period (rule I8). Every version is an
/// update of the one before it; the issued (or void) version is final.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceData {
    /// The consumer billed.
    pub consumer: AgentPubKey,
    /// The billing period.
    pub period: u64,
    /// The author's previous invoice (its create action), or its Account for the first. The
    /// invoices of a producer form a chain in which periods never go down, so "one invoice per
    /// consumer and period" is checked along the invoices of that period only.
    pub previous_invoice: ActionHash,
    /// The lines so far, in the order they were recorded.
    pub lines: Vec<InvoiceLineData>,
    /// The sum of the line amounts, in micro-IOEN.
    pub total: MicroIoen,
    /// Open while collecting lines; issued or void at the end, then final.
    pub status: InvoiceStatus,
}

/// A consumer's payment of an issued invoice (rules I9 and I11): debits the consumer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentData {
    /// The issued version of the invoice paid (the update that issued it).
    pub invoice: ActionHash,
    /// The invoice's producer.
    pub payee: AgentPubKey,
    /// The invoice's total, in micro-IOEN.
    pub amount: MicroIoen,
    /// The payer's previous ledger entry: its latest Payment or Receipt, or its Account.
    pub previous_entry: ActionHash,
    /// The payer's balance after this payment, in micro-IOEN.
    pub balance_after: MicroIoen,
    /// The payer's credit limit, carried from its previous entry (rule I14), in micro-IOEN.
    pub credit_limit: MicroIoen,
}

/// A producer's acknowledgement of a payment (rules I10 and I11): credits the producer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptData {
    /// The payment acknowledged.
    pub payment: ActionHash,
    /// The payment's amount, in micro-IOEN.
    pub amount: MicroIoen,
    /// As in [`PaymentData::previous_entry`].
    pub previous_entry: ActionHash,
    /// The producer's balance after this receipt, in micro-IOEN.
    pub balance_after: MicroIoen,
    /// The producer's credit limit, carried from its previous entry (rule I14), in micro-IOEN.
    pub credit_limit: MicroIoen,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use holochain_serialized_bytes::{decode, encode};

    fn hash(byte: u8) -> ActionHash {
        ActionHash::from_raw_36(vec![byte; 36])
    }

    /// A confirmation with a field its type does not have, as a padding rogue writes it.
    #[derive(Serialize, Debug)]
    struct PaddedConfirmation {
        demand: ActionHash,
        contract: ActionHash,
        padding: String,
    }

    #[test]
    fn an_entry_with_a_field_its_type_lacks_does_not_decode() {
        let honest = ConfirmationData {
            demand: hash(1),
            contract: hash(2),
        };
        let bytes = encode(&honest).unwrap();
        assert_eq!(decode::<_, ConfirmationData>(&bytes).unwrap(), honest);

        let padded = PaddedConfirmation {
            demand: hash(1),
            contract: hash(2),
            padding: "x".repeat(100_000),
        };
        let error = decode::<_, ConfirmationData>(&encode(&padded).unwrap()).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `padding`"),
            "{error}"
        );
    }

    #[test]
    fn the_largest_honest_entries_fit_their_limits() {
        let line = InvoiceLineData {
            contract: hash(1),
            confirmation: hash(2),
            delivered_wh: u64::MAX,
            amount: i64::MAX,
        };
        let props = ioen_core::NetworkProperties::default();
        let invoice = InvoiceData {
            consumer: AgentPubKey::from_raw_36(vec![3; 36]),
            period: u64::MAX,
            previous_invoice: hash(4),
            lines: vec![line; ioen_core::max_invoice_lines(&props)],
            total: i64::MAX,
            status: InvoiceStatus::Issued,
        };
        assert!(encode(&invoice).unwrap().len() <= ioen_core::max_invoice_bytes(&props));
        let rejection = RejectionData {
            offer: hash(1),
            bid: hash(2),
            reason: "\u{10348}".repeat(ioen_core::REASON_MAX_CHARS),
            previous_answer: Some(hash(3)),
            allocated_wh: u64::MAX,
        };
        assert!(encode(&rejection).unwrap().len() <= ioen_core::MAX_ENTRY_BYTES);
    }
}

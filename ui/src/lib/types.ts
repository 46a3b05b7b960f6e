// The zome API's types as the UI receives them (docs/api.md). Hashes and keys are 39-byte
// Uint8Arrays; energy is Wh, prices µIOEN per kWh, amounts µIOEN, times µs since 1970.

import type { ActionHash, AgentPubKey } from "@holochain/client";

export type { ActionHash, AgentPubKey };

export const METHODS = ["solar", "wind", "hydro", "battery", "biomass", "grid"] as const;
export type Method = (typeof METHODS)[number];

// --- profiles ----------------------------------------------------------------------------------

export interface ProfileData {
  name: string;
  postcode: string;
  producer_methods: Method[];
  accepted_methods: Method[];
}
export interface PrivateDetailsData {
  address: string;
  meter_id: string;
}
export interface HouseholdProfile {
  agent: AgentPubKey;
  profile_hash: ActionHash;
  profile: ProfileData;
}
export interface MyProfile extends HouseholdProfile {
  private_details: PrivateDetailsData | null;
}
export interface Listing extends HouseholdProfile {
  matched_methods: Method[];
  same_postcode: boolean;
}
export interface ProfileInput {
  name: string;
  postcode: string;
  producer_methods: string[];
  accepted_methods: string[];
  address: string;
  meter_id: string;
}

// --- market ------------------------------------------------------------------------------------

/** What `get_cycle_info` returns (times in microseconds since the Unix epoch). */
export interface CycleInfo {
  current_cycle: number;
  cycle_start: number;
  cycle_end: number;
  bidding_for_cycle: number;
  bidding_window_end: number;
  billing_period: number;
  billing_period_start: number;
  billing_period_end: number;
  cycle_seconds: number;
}
export interface OfferData {
  supply_cycle: number;
  method: Method;
  capacity_wh: number;
  reserve_price_per_kwh: number | null;
  profile: ActionHash;
  previous_declaration: ActionHash;
}
export interface OfferInfo {
  offer_hash: ActionHash;
  offer: OfferData;
}
/** A bid's content. */
export interface BidData {
  demand: ActionHash;
  producer: AgentPubKey;
  producer_profile: ActionHash;
  energy_wh: number;
  price_per_kwh: number;
}
export type BidStatus =
  | { type: "Waiting" }
  | { type: "Contracted"; contract_hash: ActionHash; energy_wh: number; confirmed: boolean }
  | { type: "Rejected"; rejection_hash: ActionHash; reason: string };
/** A bid with its status. */
export interface BidView {
  bid_hash: ActionHash;
  bid: BidData;
  consumer: AgentPubKey;
  authored_at: number;
  supply_cycle: number;
  status: BidStatus;
}
/** A contract's content. */
export interface ContractData {
  offer: ActionHash;
  bid: ActionHash;
  energy_wh: number;
  price_per_kwh: number;
  previous_answer: ActionHash | null;
  allocated_wh: number;
}
export interface RejectionData {
  offer: ActionHash;
  bid: ActionHash;
  reason: string;
  previous_answer: ActionHash | null;
  allocated_wh: number;
}
export type AnswerView =
  | { type: "Contract"; contract_hash: ActionHash; contract: ContractData }
  | { type: "Rejection"; rejection_hash: ActionHash; rejection: RejectionData };
/** A confirmation as written. */
export interface ConfirmationView {
  confirmation_hash: ActionHash;
  confirmation: { demand: ActionHash; contract: ActionHash };
}
/** A contract as one party sees it. */
export interface ContractView {
  contract_hash: ActionHash;
  contract: ContractData;
  producer: AgentPubKey;
  consumer: AgentPubKey;
  role: "producer" | "consumer";
  confirmed: boolean;
}
export type ConfirmPreference = { type: "cheapest" } | { type: "method"; method: Method };

export type MarketSignal =
  | { type: "NewBid"; bid_hash: ActionHash; supply_cycle: number; consumer: AgentPubKey }
  | { type: "BidAccepted"; bid_hash: ActionHash; contract_hash: ActionHash; supply_cycle: number; energy_wh: number }
  | { type: "BidRejected"; bid_hash: ActionHash; rejection_hash: ActionHash; supply_cycle: number; reason: string }
  | { type: "ContractConfirmed"; contract_hash: ActionHash; confirmation_hash: ActionHash; supply_cycle: number };

// --- ledger ------------------------------------------------------------------------------------

/** Where an invoice stands as the views show it (paid and receipted are derived). */
export type InvoiceStatus = "open" | "issued" | "paid" | "receipted" | "void";
/** One line of an invoice, with what its contract says. */
export interface InvoiceLineView {
  contract: ActionHash;
  confirmation: ActionHash;
  supply_cycle: number;
  contracted_wh: number;
  delivered_wh: number;
  price_per_kwh: number;
  amount: number;
}
/** An invoice at its latest version. */
export interface InvoiceView {
  /** The create action: the invoice's identity. */
  invoice_hash: ActionHash;
  /** Its latest version (what `pay_invoice` pays once it is issued). */
  version_hash: ActionHash;
  producer: AgentPubKey;
  consumer: AgentPubKey;
  period: number;
  lines: InvoiceLineView[];
  total: number;
  status: InvoiceStatus;
  payment_hash: ActionHash | null;
  receipt_hash: ActionHash | null;
  /** How the other party stands on the network: only a "good" one's bills are paid or acknowledged. */
  counterpart_standing: CounterpartStanding;
}
/** A counterpart's chain as the network shows it (docs/security.md). */
export type CounterpartStanding = "good" | "warranted" | "forked" | "invalid";
/** A payment as its payer or payee sees it. */
export interface PaymentView {
  payment_hash: ActionHash;
  /** The invoice paid: its create action, as in `InvoiceView`. */
  invoice_hash: ActionHash;
  payer: AgentPubKey;
  payee: AgentPubKey;
  amount: number;
  balance_after: number;
  period: number;
  receipted: boolean;
}
/** A receipt as its payee or payer sees it. */
export interface ReceiptView {
  receipt_hash: ActionHash;
  payment_hash: ActionHash;
  payer: AgentPubKey;
  payee: AgentPubKey;
  amount: number;
  balance_after: number;
}
/** A household's money at a glance (micro-IOEN). */
export interface BalanceView {
  balance: number;
  credit_limit: number;
  /** `balance + credit_limit`. */
  available: number;
  /** Payments to it not yet acknowledged (not in `balance`). */
  pending_in: number;
  /** Its payments not yet acknowledged by their payees (already off `balance`). */
  pending_out: number;
  /** Any key may join without an invitation, with the full credit limit (rule I14). */
  open_network: boolean;
}
/** One row of a statement: a payment (negative) or a receipt (positive). */
export interface Movement {
  kind: "payment" | "receipt";
  hash: ActionHash;
  /** µs since the Unix epoch. */
  at: number;
  counterpart: AgentPubKey;
  invoice_hash: ActionHash;
  period: number;
  energy_wh: number;
  amount: number;
  balance_after: number;
}
/** What `get_statement` returns. */
export interface Statement {
  movements: Movement[];
  csv: string;
}
export type InvoiceRole = "producer" | "consumer";

export type LedgerSignal =
  | { type: "InvoiceIssued"; invoice_hash: ActionHash; amount: number }
  | { type: "InvoiceVoided"; invoice_hash: ActionHash }
  | { type: "PaymentMade"; invoice_hash: ActionHash; payment_hash: ActionHash; amount: number }
  | { type: "PaymentAcknowledged"; payment_hash: ActionHash; [key: string]: unknown };

/** What an app signal of our zomes carries: the sender's key and the signal itself. */
export type FromSignal<S> = S & { from: AgentPubKey };

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
export interface BidView {
  bid_hash: ActionHash;
  bid: BidData;
  consumer: AgentPubKey;
  authored_at: number;
  supply_cycle: number;
  status: BidStatus;
}
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
export interface ConfirmationView {
  confirmation_hash: ActionHash;
  confirmation: { demand: ActionHash; contract: ActionHash };
}
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

export type InvoiceStatus = "open" | "issued" | "paid" | "receipted" | "void";
export interface InvoiceLineView {
  contract: ActionHash;
  confirmation: ActionHash;
  supply_cycle: number;
  contracted_wh: number;
  delivered_wh: number;
  price_per_kwh: number;
  amount: number;
}
export interface InvoiceView {
  invoice_hash: ActionHash;
  version_hash: ActionHash;
  producer: AgentPubKey;
  consumer: AgentPubKey;
  period: number;
  lines: InvoiceLineView[];
  total: number;
  status: InvoiceStatus;
  payment_hash: ActionHash | null;
  receipt_hash: ActionHash | null;
}
export interface PaymentView {
  payment_hash: ActionHash;
  invoice_hash: ActionHash;
  payer: AgentPubKey;
  payee: AgentPubKey;
  amount: number;
  balance_after: number;
  period: number;
  receipted: boolean;
}
export interface ReceiptView {
  receipt_hash: ActionHash;
  payment_hash: ActionHash;
  payer: AgentPubKey;
  payee: AgentPubKey;
  amount: number;
  balance_after: number;
}
export interface BalanceView {
  balance: number;
  credit_limit: number;
  available: number;
  pending_in: number;
  pending_out: number;
}
export interface Movement {
  kind: "payment" | "receipt";
  hash: ActionHash;
  at: number;
  counterpart: AgentPubKey;
  invoice_hash: ActionHash;
  period: number;
  energy_wh: number;
  amount: number;
  balance_after: number;
}
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

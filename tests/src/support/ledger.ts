// Typed calls into the ledger zome (billing and IOEN payments), the client loops of its
// one-step automation functions, waiting for billing period boundaries, and rule I12 over every
// agent's own view.
import type { ActionHash, AgentPubKey, AppSignal, Record, Signal } from "@holochain/client";
import { SignalType } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { adversary, entryOf } from "./adversary.js";
import { call } from "./households.js";
import { market, type CycleInfo } from "./market.js";
import { waitFor } from "./wait.js";

// The views the ledger zome returns: one description, shared with the web UI.
export type {
  BalanceView,
  InvoiceLineView,
  InvoiceStatus,
  InvoiceView,
  Movement,
  PaymentView,
  ReceiptView,
  Statement,
} from "../../../ui/src/lib/types.js";
import type { BalanceView, InvoiceView, PaymentView, ReceiptView, Statement } from "../../../ui/src/lib/types.js";

/** Which side of its invoices a household asks for. */
export type LedgerRole = "producer" | "consumer";

/** The header line of a statement's CSV. */
export const STATEMENT_CSV_HEADER = "time,kind,counterpart,invoice,period,energy_wh,amount_ioen,balance_ioen";

/** The ledger's app signals, as `recv_remote_signal` emits them to the counterpart's UI. */
export type LedgerSignalType = "InvoiceIssued" | "InvoiceVoided" | "PaymentMade" | "PaymentAcknowledged";

/** One ledger signal with its sender. */
export interface LedgerSignal {
  from: AgentPubKey;
  type: LedgerSignalType;
  invoice_hash?: ActionHash | null;
  payment_hash?: ActionHash | null;
  receipt_hash?: ActionHash | null;
  amount?: number | null;
}

// Entry data as stored (`ioen_hdi::records`), for raw writes through the adversary zome.

/** An Account: a household's ledger opens at balance 0. */
export interface AccountData {
  balance: number;
}

/** One stored invoice line. */
export interface InvoiceLineData {
  contract: ActionHash;
  confirmation: ActionHash;
  delivered_wh: number;
  amount: number;
}

/** A stored invoice version. */
export interface InvoiceData {
  consumer: AgentPubKey;
  period: number;
  /** The author's previous invoice create, or its Account for its first invoice. */
  previous_invoice: ActionHash;
  lines: InvoiceLineData[];
  total: number;
  status: "open" | "issued" | "void";
}

/** A stored payment. */
export interface PaymentData {
  /** The issued version of the invoice paid. */
  invoice: ActionHash;
  payee: AgentPubKey;
  amount: number;
  /** The payer's previous Payment or Receipt, or its Account. */
  previous_entry: ActionHash;
  balance_after: number;
  /** The payer's credit limit, carried from its Account (rule I14). */
  credit_limit: number;
}

/** A stored receipt. */
export interface ReceiptData {
  payment: ActionHash;
  amount: number;
  previous_entry: ActionHash;
  balance_after: number;
  /** The payee's credit limit, carried from its Account (rule I14). */
  credit_limit: number;
}

/**
 * Holochain's answers to a commit whose validation could not read a record yet: "may be retried"
 * (not yet integrated here), or a `must_get_*` that asked one peer and got no answer within the
 * 60-s request timeout ("likely response timeout") or could not reach it at all ("Peer
 * connection failed": a peer that restarted at a new address, or one this node cannot connect
 * to yet). Nothing was committed in any of these cases.
 */
const MAY_BE_RETRIED = /may be retried|likely response timeout|Peer connection failed/;

/**
 * Runs a write, again while Holochain refuses it for a record validation could not read yet
 * (docs/decisions.md 28 and 48), for at most 150 s, so that a try that waited out the 60-s request
 * timeout is followed by another. Any other error, such as a rule's refusal, is thrown at once.
 */
export async function retrying<T>(write: () => Promise<T>, what = "a write"): Promise<T> {
  const done = await waitFor(() => write().then((value) => ({ value })), () => true, {
    what,
    timeoutMs: 150_000,
    intervalMs: 200,
    retryOn: MAY_BE_RETRIED,
  });
  return done.value;
}

/** Typed calls into the ledger zome of one household; writes go through {@link retrying}. */
export function ledger(player: PlayerApp) {
  const l = <T>(fn: string, payload?: unknown) => call<T>(player, "ledger", fn, payload);
  const write = <T>(fn: string, payload?: unknown) => retrying(() => l<T>(fn, payload), fn);
  return {
    openInvoice: (consumer: AgentPubKey, period: number) => write<InvoiceView>("open_invoice", { consumer, period }),
    recordDelivery: (contract: ActionHash, delivered_wh: number) =>
      write<InvoiceView>("record_delivery", { contract, delivered_wh }),
    issue: (invoice_hash: ActionHash) => write<InvoiceView>("issue_invoice", invoice_hash),
    myInvoices: (role: LedgerRole, period?: number) =>
      l<InvoiceView[]>("get_my_invoices", { period: period ?? null, role }),
    invoice: (invoice_hash: ActionHash) => l<InvoiceView | null>("get_invoice", invoice_hash),
    pay: (invoice_hash: ActionHash) => write<PaymentView>("pay_invoice", invoice_hash),
    acknowledge: (payment_hash: ActionHash) => write<ReceiptView>("acknowledge_payment", payment_hash),
    balance: () => l<BalanceView>("get_balance"),
    statement: (from?: number, to?: number) => l<Statement>("get_statement", { from: from ?? null, to: to ?? null }),
    autoInvoice: () => write<InvoiceView | null>("auto_invoice"),
    autoPay: () => write<PaymentView | null>("auto_pay"),
    autoAcknowledge: () => write<ReceiptView | null>("auto_acknowledge"),
  };
}

/** More steps than any scenario needs: a zome that never reports "done" fails instead of looping. */
const MAX_STEPS = 50;

/**
 * Calls a one-step automation function until it returns `null` and returns the steps in order.
 * Each call retries "may be retried" (bounded, through {@link ledger}).
 */
async function untilDone<T>(step: () => Promise<T | null>, what: string): Promise<T[]> {
  const steps: T[] = [];
  for (;;) {
    const next = await step();
    if (next === null) return steps;
    steps.push(next);
    if (steps.length > MAX_STEPS) throw new Error(`${what} did not finish after ${MAX_STEPS} steps`);
  }
}

/** Runs `auto_invoice` (one invoice version per call) until nothing is left to do. */
export function autoInvoiceAll(player: PlayerApp): Promise<InvoiceView[]> {
  return untilDone(() => ledger(player).autoInvoice(), "auto_invoice");
}

/** Runs `auto_pay` (one payment per call) until no issued invoice that fits is left unpaid. */
export function autoPayAll(player: PlayerApp): Promise<PaymentView[]> {
  return untilDone(() => ledger(player).autoPay(), "auto_pay");
}

/** Runs `auto_acknowledge` (one receipt per call) until every payment to the caller has one. */
export function autoAcknowledgeAll(player: PlayerApp): Promise<ReceiptView[]> {
  return untilDone(() => ledger(player).autoAcknowledge(), "auto_acknowledge");
}

/**
 * Waits until `cycle` has started (polling the clock with a deadline) and returns the cycle
 * info then. Returns at once if it already has: callers assert `current_cycle` when a phase
 * must run inside that very cycle.
 */
export async function untilCycle(player: PlayerApp, cycle: number): Promise<CycleInfo> {
  const now = await market(player).cycleInfo();
  const cyclesLeft = Math.max(0, cycle - now.current_cycle);
  return waitFor(() => market(player).cycleInfo(), (info) => info.current_cycle >= cycle, {
    what: `cycle ${cycle} to start`,
    timeoutMs: cyclesLeft * now.cycle_seconds * 1000 + 30_000,
    intervalMs: 200,
  });
}

/**
 * Waits until billing period `period` has started and returns the cycle info then. Returns at
 * once if it already has (callers assert `billing_period` when a phase must run inside it).
 */
export async function untilPeriod(player: PlayerApp, period: number): Promise<CycleInfo> {
  const now = await market(player).cycleInfo();
  const periodMs = (now.billing_period_end - now.billing_period_start) / 1000;
  const periodsAfterThis = Math.max(0, period - now.billing_period - 1);
  const msLeft = Math.max(0, now.billing_period_end / 1000 - Date.now()) + periodsAfterThis * periodMs;
  return waitFor(() => market(player).cycleInfo(), (info) => info.billing_period >= period, {
    what: `billing period ${period} to start`,
    timeoutMs: Math.ceil(msLeft) + 30_000,
    intervalMs: 200,
  });
}

/** Records the ledger signals a player's UI receives. */
export function ledgerSignals(player: PlayerApp): LedgerSignal[] {
  const log: LedgerSignal[] = [];
  player.appWs.on("signal", (signal: Signal) => {
    if (signal.type !== SignalType.App) return;
    const app = signal.value as AppSignal;
    if (app.zome_name === "ledger") log.push(app.payload as LedgerSignal);
  });
  return log;
}

/**
 * Rule I12 over every agent's own view: Σ (balance + pending_out) must be exactly 0, since each
 * payment is off its payer's balance at once and on its payee's only with its receipt. Each
 * agent's view must have settled first (every receipt seen by its payer): wait for the expected
 * balances, then call this. Returns the views; throws with all of them when the sum is not 0.
 */
export async function expectMoneyConserved(players: PlayerApp[]): Promise<BalanceView[]> {
  const views: BalanceView[] = [];
  for (const player of players) views.push(await ledger(player).balance());
  const sum = views.reduce((total, v) => total + v.balance + v.pending_out, 0);
  if (sum !== 0) {
    throw new Error(`I12: balances plus unreceipted payments sum to ${sum}, not 0: ${JSON.stringify(views)}`);
  }
  return views;
}

/** A stored invoice version, read and decoded through the player's adversary zome. */
export async function invoiceData(player: PlayerApp, version: ActionHash): Promise<InvoiceData> {
  return entryOf<InvoiceData>(await readRecord(player, version));
}

/**
 * A producer's Account (the root of its invoice chain and its ledger pointer chain), found by
 * following `previous_invoice` back from one of its invoices.
 */
export async function accountOf(producer: PlayerApp, invoice: ActionHash): Promise<ActionHash> {
  let hash = invoice;
  for (let step = 0; step < MAX_STEPS; step++) {
    const data = entryOf<Partial<InvoiceData> & Partial<AccountData>>(await readRecord(producer, hash));
    if (!data.previous_invoice) {
      if (data.balance === undefined) throw new Error("the invoice chain does not end at an account");
      return hash;
    }
    hash = data.previous_invoice;
  }
  throw new Error(`no account within ${MAX_STEPS} invoices`);
}

/** A record by action hash, waiting until it reached this player. */
async function readRecord(player: PlayerApp, hash: ActionHash): Promise<Record> {
  const record = await waitFor(() => adversary(player).getRecord(hash), (r) => r !== null, {
    what: "a record to reach this conductor",
    timeoutMs: 30_000,
  });
  if (!record) throw new Error("unreachable");
  return record;
}

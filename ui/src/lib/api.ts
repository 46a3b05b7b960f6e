// Typed calls to the three zomes (docs/api.md). Writes that Holochain refuses only because a
// record they name is not integrated yet ("may be retried") are retried a few times with a
// growing pause; every other refusal reaches the caller as a `ZomeError` with the zome's sentence.

import type { AppWebsocket } from "@holochain/client";
import type { Connection } from "./connection";
import { errorMessage, isConnectionError, isRetryable } from "./errors";
import type {
  ActionHash,
  AgentPubKey,
  AnswerView,
  BalanceView,
  BidView,
  ConfirmationView,
  ConfirmPreference,
  ContractView,
  CycleInfo,
  HouseholdProfile,
  InvoiceRole,
  InvoiceView,
  Listing,
  MyProfile,
  OfferInfo,
  PaymentView,
  ProfileInput,
  ReceiptView,
  Statement,
} from "./types";

const RETRY_PAUSES_MS = [300, 600, 1000, 1500, 2000, 3000, 4000, 5000];

/** A zome call that failed; `message` is the sentence to show. */
export class ZomeError extends Error {
  override name = "ZomeError";
  constructor(
    message: string,
    readonly connectionLost: boolean,
    readonly original?: unknown,
  ) {
    super(message);
  }
}

/** Told of every call's outcome, so the UI can show a lost connection and its recovery. */
export type CallObserver = (outcome: "ok" | "connection-lost") => void;

type Zome = "profiles" | "market" | "ledger";

/** The zome API of one household's cell. */
export class Api {
  private readonly client: AppWebsocket;
  constructor(
    private readonly connection: Connection,
    private readonly observe: CallObserver = () => {},
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.client = connection.client;
  }

  /** This household's agent key. */
  get agent(): AgentPubKey {
    return this.connection.agent;
  }

  async call<T>(zome: Zome, fn: string, payload: unknown = null): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = (await this.client.callZome({
          role_name: this.connection.roleName,
          zome_name: zome,
          fn_name: fn,
          payload,
        })) as T;
        this.observe("ok");
        return result;
      } catch (error) {
        const lost = isConnectionError(error);
        if (lost) this.observe("connection-lost");
        const pause = RETRY_PAUSES_MS[attempt];
        if (isRetryable(error) && pause !== undefined) {
          await this.pause(pause);
          continue;
        }
        throw new ZomeError(errorMessage(error), lost, error);
      }
    }
  }

  // --- profiles --------------------------------------------------------------------------------
  getMyProfile = () => this.call<MyProfile | null>("profiles", "get_my_profile");
  createProfile = (input: ProfileInput) => this.call<MyProfile>("profiles", "create_profile", input);
  updateProfile = (input: ProfileInput) => this.call<MyProfile>("profiles", "update_profile", input);
  getProfile = (agent: AgentPubKey) => this.call<HouseholdProfile | null>("profiles", "get_profile", agent);
  findProducers = (postcode: string) => this.call<Listing[]>("profiles", "find_producers", { postcode, methods: null });

  // --- market ----------------------------------------------------------------------------------
  getCycleInfo = () => this.call<CycleInfo>("market", "get_cycle_info");
  createOffer = (input: { method: string; capacity_wh: number; reserve_price_per_kwh: number | null }) =>
    this.call<OfferInfo>("market", "create_offer", input);
  getOffersOf = (producer: AgentPubKey, supplyCycle: number) =>
    this.call<OfferInfo[]>("market", "get_offers_of", { producer, supply_cycle: supplyCycle });
  createBid = (input: { producer: AgentPubKey; energy_wh: number; price_per_kwh: number }) =>
    this.call<BidView>("market", "create_bid", input);
  getMyBids = (supplyCycle: number) => this.call<BidView[]>("market", "get_my_bids", supplyCycle);
  getIncomingBids = (supplyCycle: number) => this.call<BidView[]>("market", "get_incoming_bids", supplyCycle);
  acceptBid = (bid: ActionHash, energyWh: number | null) =>
    this.call<AnswerView>("market", "accept_bid", { bid, energy_wh: energyWh });
  rejectBid = (bid: ActionHash, reason: string) => this.call<AnswerView>("market", "reject_bid", { bid, reason });
  autoAccept = (supplyCycle: number) => this.call<AnswerView | null>("market", "auto_accept", supplyCycle);
  confirmContract = (contract: ActionHash) => this.call<ConfirmationView>("market", "confirm_contract", contract);
  autoConfirm = (supplyCycle: number, preference: ConfirmPreference) =>
    this.call<ConfirmationView | null>("market", "auto_confirm", { supply_cycle: supplyCycle, preference });
  getMyContracts = (supplyCycle: number) => this.call<ContractView[]>("market", "get_my_contracts", supplyCycle);

  // --- ledger ----------------------------------------------------------------------------------
  getMyInvoices = (role: InvoiceRole) => this.call<InvoiceView[]>("ledger", "get_my_invoices", { period: null, role });
  recordDelivery = (contract: ActionHash, deliveredWh: number) =>
    this.call<InvoiceView>("ledger", "record_delivery", { contract, delivered_wh: deliveredWh });
  issueInvoice = (invoice: ActionHash) => this.call<InvoiceView>("ledger", "issue_invoice", invoice);
  autoInvoice = () => this.call<InvoiceView | null>("ledger", "auto_invoice");
  payInvoice = (invoice: ActionHash) => this.call<PaymentView>("ledger", "pay_invoice", invoice);
  autoPay = () => this.call<PaymentView | null>("ledger", "auto_pay");
  acknowledgePayment = (payment: ActionHash) => this.call<ReceiptView>("ledger", "acknowledge_payment", payment);
  autoAcknowledge = () => this.call<ReceiptView | null>("ledger", "auto_acknowledge");
  getBalance = () => this.call<BalanceView>("ledger", "get_balance");
  getStatement = () => this.call<Statement>("ledger", "get_statement", { from: null, to: null });

  /** Calls an automation function until it reports nothing left; returns how many writes it made. */
  async drain(step: () => Promise<unknown>, limit = 200): Promise<number> {
    let writes = 0;
    while (writes < limit && (await step()) !== null) writes++;
    return writes;
  }
}

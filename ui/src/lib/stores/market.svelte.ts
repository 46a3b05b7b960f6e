// What a household sees of the market for the cycle being bid for: as a consumer, the local
// producers, its bids and the contracts offered to it; as a producer, its offer, the bids it
// received and the contracts it made. Refreshed on every relevant signal and every few seconds,
// since signals are hints that can be lost (docs/api.md, "Signals").

import { errorMessage } from "../errors";
import type {
  AgentPubKey,
  BidView,
  ContractView,
  Listing,
  Method,
  OfferInfo,
} from "../types";
import { METHODS } from "../types";
import { sameHash } from "../keys";

export interface ConsumerSource {
  findProducers(postcode: string): Promise<Listing[]>;
  getMyBids(cycle: number): Promise<BidView[]>;
  getMyContracts(cycle: number): Promise<ContractView[]>;
}

export interface ProducerSource {
  getOffersOf(producer: AgentPubKey, cycle: number): Promise<OfferInfo[]>;
  getIncomingBids(cycle: number): Promise<BidView[]>;
  getMyContracts(cycle: number): Promise<ContractView[]>;
}

/** The confirmed contracts in which this household has `role`. */
function confirmedAs(contracts: ContractView[], role: ContractView["role"]): ContractView[] {
  return contracts.filter((c) => c.role === role && c.confirmed);
}

/** Producers grouped by the method they offer; one producer may appear under several methods. */
export interface MethodGroup {
  method: Method;
  producers: Listing[];
}

export class ConsumerMarket {
  cycle = $state<number | null>(null);
  producers = $state.raw<Listing[]>([]);
  bids = $state.raw<BidView[]>([]);
  /** Contracts made to this household for `cycle`. */
  contracts = $state.raw<ContractView[]>([]);
  /** Confirmed contracts that supply this household in the current cycle. */
  supplyNow = $state.raw<ContractView[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly source: ConsumerSource) {}

  /** Reads the market of `cycle` (the one being bid for) and the supply of `current`. */
  async refresh(cycle: number, current: number, postcode: string): Promise<void> {
    this.loading = true;
    try {
      const [producers, bids, contracts, supplying] = await Promise.all([
        this.source.findProducers(postcode),
        this.source.getMyBids(cycle),
        this.source.getMyContracts(cycle),
        this.source.getMyContracts(current),
      ]);
      this.cycle = cycle;
      this.producers = producers;
      this.bids = bids;
      this.contracts = contracts.filter((c) => c.role === "consumer");
      this.supplyNow = confirmedAs(supplying, "consumer");
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** The local producers by method, in the order of METHODS; own postcode first within each. */
  get groups(): MethodGroup[] {
    return METHODS.map((method) => ({
      method,
      producers: this.producers.filter((p) => p.matched_methods.includes(method)),
    })).filter((g) => g.producers.length > 0);
  }

  /** This household's bid to a producer in this cycle, if any. */
  bidTo(producer: AgentPubKey): BidView | undefined {
    return this.bids.find((b) => sameHash(b.bid.producer, producer));
  }

  /** The contract this household confirmed for the cycle, if any. */
  get confirmed(): ContractView | undefined {
    return this.contracts.find((c) => c.confirmed);
  }

  /** Energy asked for in all bids of the cycle, in Wh. */
  get bidWh(): number {
    return this.bids.reduce((sum, b) => sum + b.bid.energy_wh, 0);
  }
}

export class ProducerMarket {
  cycle = $state<number | null>(null);
  offer = $state.raw<OfferInfo | null>(null);
  /** Bids received for `cycle`, highest price first (as the zome sorts them). */
  incoming = $state.raw<BidView[]>([]);
  /** Contracts this household made for `cycle`. */
  contracts = $state.raw<ContractView[]>([]);
  /** Confirmed contracts this household supplies in the current cycle. */
  supplyNow = $state.raw<ContractView[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(
    private readonly source: ProducerSource,
    private readonly me: AgentPubKey,
  ) {}

  /** Reads the market of `cycle` (the one being bid for) and the supply of `current`. */
  async refresh(cycle: number, current: number): Promise<void> {
    this.loading = true;
    try {
      const [offers, incoming, contracts, supplying] = await Promise.all([
        this.source.getOffersOf(this.me, cycle),
        this.source.getIncomingBids(cycle),
        this.source.getMyContracts(cycle),
        this.source.getMyContracts(current),
      ]);
      this.cycle = cycle;
      this.offer = offers[0] ?? null;
      this.incoming = incoming;
      this.contracts = contracts.filter((c) => c.role === "producer");
      this.supplyNow = confirmedAs(supplying, "producer");
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  get capacityWh(): number {
    return this.offer?.offer.capacity_wh ?? 0;
  }

  /** Energy already promised in contracts, in Wh. */
  get allocatedWh(): number {
    return this.contracts.reduce((sum, c) => sum + c.contract.energy_wh, 0);
  }

  get remainingWh(): number {
    return Math.max(0, this.capacityWh - this.allocatedWh);
  }

  /** Bids not answered yet. */
  get waiting(): BidView[] {
    return this.incoming.filter((b) => b.status.type === "Waiting");
  }
}

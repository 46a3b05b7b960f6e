// What a producer can still bill at the energy its meter measured: confirmed contracts of finished
// supply cycles that no invoice lists yet, in periods whose invoice to that consumer is still open
// (an issued or void invoice is final). `record_delivery` bills one of them at the delivered
// energy; "Invoice my deliveries" bills the rest as contracted.

import { errorMessage } from "../errors";
import { keyOf } from "../keys";
import type { ContractView, CycleInfo, InvoiceView } from "../types";

export interface DeliverySource {
  getMyContracts(cycle: number): Promise<ContractView[]>;
}

/** A confirmed contract not billed yet, with its supply cycle and billing period. */
export interface PendingDelivery {
  contract: ContractView;
  cycle: number;
  period: number;
}

/**
 * The finished cycles whose deliveries may still be billed: those of the previous billing period
 * and of the current one before the current cycle, each with its period.
 */
export function billableCycles(info: CycleInfo, cyclesPerPeriod: number): { cycle: number; period: number }[] {
  const perPeriod = Math.max(1, cyclesPerPeriod);
  const intoPeriod = Math.round((info.cycle_start - info.billing_period_start) / (info.cycle_seconds * 1_000_000));
  const firstOfPeriod = info.current_cycle - intoPeriod;
  const cycles = [];
  for (let cycle = Math.max(0, firstOfPeriod - perPeriod); cycle < info.current_cycle; cycle++) {
    cycles.push({ cycle, period: info.billing_period + Math.floor((cycle - firstOfPeriod) / perPeriod) });
  }
  return cycles;
}

export class Deliveries {
  pending = $state.raw<PendingDelivery[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly source: DeliverySource) {}

  /** Re-reads the contracts of the billable cycles and leaves out what `sent` already settles. */
  async refresh(info: CycleInfo, cyclesPerPeriod: number, sent: InvoiceView[]): Promise<void> {
    this.loading = true;
    try {
      const cycles = billableCycles(info, cyclesPerPeriod);
      const contracts = await Promise.all(cycles.map((c) => this.source.getMyContracts(c.cycle)));
      const billed = sent.flatMap((i) => i.lines.map((l) => keyOf(l.contract)));
      const closed = sent.filter((i) => i.status !== "open").map((i) => `${keyOf(i.consumer)}:${i.period}`);
      this.pending = cycles.flatMap(({ cycle, period }, n) =>
        (contracts[n] ?? [])
          .filter((c) => c.role === "producer" && c.confirmed)
          .filter((c) => !billed.includes(keyOf(c.contract_hash)) && !closed.includes(`${keyOf(c.consumer)}:${period}`))
          .map((contract) => ({ contract, cycle, period })),
      );
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }
}

// The household's money: balance, invoices on both sides, and the statement.

import { errorMessage } from "../errors";
import type { BalanceView, InvoiceRole, InvoiceView, Statement } from "../types";

export interface BillingSource {
  getBalance(): Promise<BalanceView>;
  getMyInvoices(role: InvoiceRole): Promise<InvoiceView[]>;
  getStatement(): Promise<Statement>;
}

/** What paying an invoice would leave. */
export interface AfterPaying {
  balance: number;
  available: number;
  /** The payment fits the credit limit. */
  fits: boolean;
}

export class Billing {
  balance = $state.raw<BalanceView | null>(null);
  /** Invoices this household received, newest period first. */
  received = $state.raw<InvoiceView[]>([]);
  /** Invoices this household wrote, newest period first. */
  sent = $state.raw<InvoiceView[]>([]);
  statement = $state.raw<Statement | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly source: BillingSource) {}

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      const [balance, received, sent, statement] = await Promise.all([
        this.source.getBalance(),
        this.source.getMyInvoices("consumer"),
        this.source.getMyInvoices("producer"),
        this.source.getStatement(),
      ]);
      this.balance = balance;
      this.received = newestFirst(received);
      this.sent = newestFirst(sent);
      this.statement = statement;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** Received invoices waiting for this household's payment. */
  get toPay(): InvoiceView[] {
    return this.received.filter((i) => i.status === "issued");
  }

  /** Sent invoices paid but not acknowledged with a receipt yet. */
  get toAcknowledge(): InvoiceView[] {
    return this.sent.filter((i) => i.status === "paid");
  }

  /** Balance and credit left after paying `invoice` (µIOEN). */
  afterPaying(invoice: InvoiceView): AfterPaying | null {
    if (!this.balance) return null;
    const balance = this.balance.balance - invoice.total;
    const available = this.balance.available - invoice.total;
    return { balance, available, fits: available >= 0 };
  }
}

function newestFirst(invoices: InvoiceView[]): InvoiceView[] {
  return [...invoices].sort((a, b) => b.period - a.period);
}

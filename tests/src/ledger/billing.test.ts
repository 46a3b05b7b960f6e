// Two billing periods between 2 producers and 3 consumers on separate conductors: contracts from
// real bidding rounds; invoices opened early (`open_invoice`; two stay empty and are voided, their
// consumer having confirmed the other producer) or created with their first delivery
// (`record_delivery`, some short of the contract, and `auto_invoice`); issued by hand and by
// `auto_invoice`, paid by hand and by `auto_pay` (one refused by the credit limit), acknowledged by
// hand and by `auto_acknowledge`. Every conductor's own getters are asserted, and money is
// conserved (I12) while payments wait for their receipts and once every payment is acknowledged.
import type { ActionHash } from "@holochain/client";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { cost, formatIoen } from "../support/cost.js";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { autoAcceptAll, epochOpeningIn, market, same, type AnswerView, type BidView, type ConfirmationView } from "../support/market.js";
import {
  autoAcknowledgeAll,
  autoInvoiceAll,
  autoPayAll,
  expectMoneyConserved,
  ledger,
  ledgerSignals,
  STATEMENT_CSV_HEADER,
  untilCycle,
  untilPeriod,
  type BalanceView,
  type InvoiceStatus,
  type InvoiceView,
  type LedgerSignalType,
  type PaymentView,
  type ReceiptView,
} from "../support/ledger.js";
import { waitFor } from "../support/wait.js";

const CYCLE_SECONDS = 45;
const PERIOD_CYCLES = 2;
/** 1 IOEN: the cottage's second invoice (0.70 IOEN on top of 0.40 IOEN owed) does not fit. */
const CREDIT_LIMIT = 1_000_000;
/**
 * Cycle 3, the last cycle of billing period 1, starts this long after the test: installing 5
 * conductors and registering took under 40 s alone and more beside another scenario file. A
 * setup that takes longer starts at cycle 5 instead, two cycles later.
 */
const SETUP_MS = 70_000;

/** A contract as an invoice line will name it. */
interface Deal {
  contract: ActionHash;
  confirmation: ActionHash;
  supply_cycle: number;
  contracted_wh: number;
  price_per_kwh: number;
}

/** An invoice line: a deal and what was delivered of it. */
interface Line extends Deal {
  delivered_wh: number;
}

/** What one invoice should look like, updated as the scenario moves it along. */
interface Bill {
  what: string;
  producer: PlayerApp;
  consumer: PlayerApp;
  period: number;
  /** Its create action, once the invoice exists. */
  invoice_hash: ActionHash | null;
  lines: Line[];
  status: InvoiceStatus;
  payment: PaymentView | null;
  receipt: ReceiptView | null;
}

const delivered = (deal: Deal, delivered_wh: number): Line => ({ ...deal, delivered_wh });
const totalOf = (lines: Line[]) => lines.reduce((sum, l) => sum + cost(l.delivered_wh, l.price_per_kwh), 0);
const energyOf = (lines: Line[]) => lines.reduce((sum, l) => sum + l.delivered_wh, 0);

/** A bill's invoice (its create action); the invoice must exist by now. */
function hashOf(bill: Bill): ActionHash {
  if (!bill.invoice_hash) throw new Error(`the ${bill.what} does not exist yet`);
  return bill.invoice_hash;
}

/** Names the invoice a view shows as the bill's (the first time), and returns the view. */
function identify(bill: Bill, view: InvoiceView): InvoiceView {
  bill.invoice_hash ??= view.invoice_hash;
  return view;
}

/** The view every conductor should show of a bill, amounts computed with the `cost` twin. */
function shape(bill: Bill) {
  return {
    invoice_hash: hashOf(bill),
    producer: bill.producer.agentPubKey,
    consumer: bill.consumer.agentPubKey,
    period: bill.period,
    lines: bill.lines.map((l) => ({
      contract: l.contract,
      confirmation: l.confirmation,
      supply_cycle: l.supply_cycle,
      contracted_wh: l.contracted_wh,
      delivered_wh: l.delivered_wh,
      price_per_kwh: l.price_per_kwh,
      amount: cost(l.delivered_wh, l.price_per_kwh),
    })),
    total: totalOf(bill.lines),
    status: bill.status,
    payment_hash: bill.payment?.payment_hash ?? null,
    receipt_hash: bill.receipt?.receipt_hash ?? null,
  };
}

/**
 * Runs an automation pass until, over all passes, it has taken `count` steps. A pass that takes
 * none may only mean that this node's own check of a counterpart's records could not read them
 * yet (`auto_pay` and `auto_acknowledge` then leave the bill or payment for later), as a
 * household's automation would find it at its next tick.
 */
async function stepsOf<T>(pass: () => Promise<T[]>, count: number, what: string): Promise<T[]> {
  const steps: T[] = [];
  await waitFor(
    async () => {
      steps.push(...(await pass()));
      return steps.length;
    },
    (n) => n >= count,
    { what, timeoutMs: 90_000, intervalMs: 1_000 },
  );
  return steps;
}

/** The smallest cycle after `cycle` that is the last of its billing period. */
function nextLastCycleOfPeriod(cycle: number): number {
  const next = cycle + 1;
  return next + ((PERIOD_CYCLES - 1 - (next % PERIOD_CYCLES) + PERIOD_CYCLES) % PERIOD_CYCLES);
}

describe("billing and IOEN payments", () => {
  test(
    "two producers bill three consumers over two billing periods, paid and acknowledged",
    async () => {
      await runScenario(async (scenario) => {
        // Cycle 3, the last cycle of billing period 1, starts once setup is done (the epoch stays
        // in the past): bidding in it is for cycle 4, the first cycle of period 2. A slower setup
        // starts at the next last cycle of a period instead. Phases wait for cycle boundaries.
        const started = Date.now();
        const properties = {
          local_areas: { "2008": ["2010"] },
          cycle_seconds: CYCLE_SECONDS,
          cycles_per_billing_period: PERIOD_CYCLES,
          credit_limit: CREDIT_LIMIT,
          cycle_epoch_ms: epochOpeningIn(SETUP_MS, CYCLE_SECONDS, 3),
        };
        const players = await addHouseholds(scenario, 5, { properties });
        const [solar, wind, flat, unit, cottage] = players as [PlayerApp, PlayerApp, PlayerApp, PlayerApp, PlayerApp];
        const names = new Map<PlayerApp, string>([
          [solar, "solar house"], [wind, "wind farm"], [flat, "flat"], [unit, "unit"], [cottage, "cottage"],
        ]);
        const nameOf = (p: PlayerApp) => names.get(p) ?? "?";
        await profiles(solar).create(household({ name: "Solar house", postcode: "2008", producer_methods: ["solar"] }));
        await profiles(wind).create(household({ name: "Wind farm", postcode: "2010", producer_methods: ["wind"] }));
        await profiles(flat).create(household({ name: "Flat", postcode: "2008", accepted_methods: ["solar", "wind"] }));
        await profiles(unit).create(household({ name: "Unit", postcode: "2008", accepted_methods: ["solar"] }));
        await profiles(cottage).create(household({ name: "Cottage", postcode: "2010", accepted_methods: ["wind"] }));
        await syncAll(players);
        console.log(`billing: setup took ${Math.round((Date.now() - started) / 1000)} s of the ${SETUP_MS / 1000} s allowed`);
        const signals = new Map(players.map((p) => [p, ledgerSignals(p)] as const));

        // Every account opens at 0, with the network's credit limit available.
        for (const p of players) {
          expect(await ledger(p).balance()).toEqual(balanceView({ balance: 0, pending_in: 0, pending_out: 0 }));
        }

        /** Waits until `player` reports this balance, then asserts all of it. */
        async function expectBalance(player: PlayerApp, expected: Omit<BalanceView, "credit_limit" | "available" | "open_network">) {
          const want = balanceView(expected);
          const fields = Object.keys(want) as (keyof BalanceView)[];
          const seen = await waitFor(() => ledger(player).balance(), (b) => fields.every((f) => b[f] === want[f]), {
            what: `the balance of the ${nameOf(player)}: ${JSON.stringify(want)}`,
          });
          expect(seen).toEqual(want);
        }

        /** Waits until `player` sees the bill's current version, then asserts the whole view. */
        async function expectBillAt(player: PlayerApp, bill: Bill) {
          const view = await waitFor(
            () => ledger(player).invoice(hashOf(bill)),
            (v) =>
              v !== null &&
              v.status === bill.status &&
              v.lines.length === bill.lines.length &&
              v.total === totalOf(bill.lines) &&
              (v.payment_hash !== null) === (bill.payment !== null) &&
              (v.receipt_hash !== null) === (bill.receipt !== null),
            { what: `the ${nameOf(player)} to see the ${bill.what} ${bill.status}` },
          );
          expect(view).toMatchObject(shape(bill));
        }

        // ---- Round A: bidding in the last cycle of period P1 - 1, for supply cycle sA ----
        const roundA = await untilCycle(solar, nextLastCycleOfPeriod((await market(solar).cycleInfo()).current_cycle));
        const sA = roundA.bidding_for_cycle;
        expect(sA % PERIOD_CYCLES).toBe(0);
        const P1 = sA / PERIOD_CYCLES;
        await market(solar).offer("solar", 3000);
        await market(wind).offer("wind", 2000);
        const flatToSolarA = await market(flat).bid(solar.agentPubKey, 1500, 300_001);
        const flatToWindA = await market(flat).bid(wind.agentPubKey, 1000, 250_000);
        const unitToSolarA = await market(unit).bid(solar.agentPubKey, 1000, 280_000);
        const cottageToWindA = await market(cottage).bid(wind.agentPubKey, 1200, 333_333);
        await incomingCount(solar, sA, 2);
        await incomingCount(wind, sA, 2);
        const solarA = await autoAcceptAll(solar, sA);
        expect(solarA.map(energyOfAnswer)).toEqual([1500, 1000]);
        const windCottageA = await market(wind).accept(cottageToWindA.bid_hash);
        const windFlatA = await market(wind).accept(flatToWindA.bid_hash, 800);
        for (const consumer of [flat, unit, cottage]) await allAnswered(consumer, sA);
        // The flat takes the solar contract (not the cheaper wind one): the wind farm's invoice to
        // it for period P1 will be void.
        const confFlatA = await market(flat).confirm(contractFor(solarA, flatToSolarA));
        const confUnitA = await market(unit).autoConfirm(sA, { type: "cheapest" });
        const confCottageA = await market(cottage).confirm(contractHash(windCottageA));
        await confirmedCount(solar, sA, 2);
        await confirmedCount(wind, sA, 1);
        const A = {
          solarFlat: deal(solarA, flatToSolarA, confFlatA, sA),
          solarUnit: deal(solarA, unitToSolarA, confUnitA, sA),
          windCottage: deal([windCottageA], cottageToWindA, confCottageA, sA),
        };
        expect(windFlatA.type).toBe("Contract");

        // ---- Round B: bidding in cycle sA for sB, the second supply cycle of P1 ----
        const roundB = await untilCycle(solar, sA);
        expect(roundB.current_cycle).toBe(sA);
        const sB = roundB.bidding_for_cycle;
        await market(solar).offer("solar", 2000);
        const flatToSolarB = await market(flat).bid(solar.agentPubKey, 600, 305_000);
        const unitToSolarB = await market(unit).bid(solar.agentPubKey, 500, 299_999);
        await incomingCount(solar, sB, 2);
        const solarB = await autoAcceptAll(solar, sB);
        expect(solarB.map(energyOfAnswer)).toEqual([600, 500]);
        await allAnswered(flat, sB);
        await allAnswered(unit, sB);
        const confFlatB = await market(flat).autoConfirm(sB, { type: "cheapest" });
        const confUnitB = await market(unit).autoConfirm(sB, { type: "method", method: "solar" });
        await confirmedCount(solar, sB, 2);
        const B = {
          solarFlat: deal(solarB, flatToSolarB, confFlatB, sB),
          solarUnit: deal(solarB, unitToSolarB, confUnitB, sB),
        };

        // The bills of the two periods, as they should end up (amounts from the `cost` twin).
        const bill = (what: string, producer: PlayerApp, consumer: PlayerApp, period: number): Bill => ({
          what, producer, consumer, period, invoice_hash: null, lines: [], status: "open", payment: null, receipt: null,
        });
        const P1bills = {
          solarFlat: bill("solar invoice to the flat for P1", solar, flat, P1),
          solarUnit: bill("solar invoice to the unit for P1", solar, unit, P1),
          windFlat: bill("wind invoice to the flat for P1", wind, flat, P1),
          windCottage: bill("wind invoice to the cottage for P1", wind, cottage, P1),
        };
        // The producers open their invoices to the flat early (decision 31): open, no lines, in the
        // flat's inbox. The others are created with their first delivery.
        identify(P1bills.solarFlat, await ledger(solar).openInvoice(flat.agentPubKey, P1));
        identify(P1bills.windFlat, await ledger(wind).openInvoice(flat.agentPubKey, P1));
        for (const b of [P1bills.solarFlat, P1bills.windFlat]) {
          expect(await invoiceBetween(b.producer, b.consumer, P1)).toMatchObject(shape(b));
          await expectBillAt(b.consumer, b);
        }
        expect(await ledger(solar).openInvoice(flat.agentPubKey, P1)).toMatchObject(shape(P1bills.solarFlat));
        expect(await ledger(flat).myInvoices("consumer", P1)).toHaveLength(2);
        expect(await ledger(unit).myInvoices("consumer", P1)).toEqual([]);

        // Still in cycle sA, the supply cycle of round A: its deliveries cannot be recorded yet,
        // P1's invoices cannot be issued, and an open invoice cannot be paid.
        expect((await market(solar).cycleInfo()).current_cycle).toBe(sA);
        await expect(ledger(solar).recordDelivery(A.solarFlat.contract, 1400)).rejects.toThrow(
          `The delivery of supply cycle ${sA} can only be invoiced after that cycle ends; it is now cycle ${sA}.`,
        );
        await expect(ledger(solar).issue(hashOf(P1bills.solarFlat))).rejects.toThrow(
          `The invoice for billing period ${P1} can only be issued or voided after that period ends; it is now billing period ${P1}.`,
        );
        await expect(ledger(flat).pay(hashOf(P1bills.solarFlat))).rejects.toThrow(
          "This invoice has not been issued, so it cannot be paid.",
        );

        // ---- Round C: bidding in cycle sB for sC, the first supply cycle of P2 ----
        const roundC = await untilCycle(solar, sB);
        expect(roundC.current_cycle).toBe(sB);
        const sC = roundC.bidding_for_cycle;
        const P2 = P1 + 1;
        expect(sC).toBe(P2 * PERIOD_CYCLES);
        await market(solar).offer("solar", 2000);
        await market(wind).offer("wind", 3000);
        const flatToSolarC = await market(flat).bid(solar.agentPubKey, 1000, 310_000);
        const flatToWindC = await market(flat).bid(wind.agentPubKey, 900, 290_000);
        const unitToSolarC = await market(unit).bid(solar.agentPubKey, 700, 333_333);
        const cottageToWindC = await market(cottage).bid(wind.agentPubKey, 2000, 350_000);
        await incomingCount(solar, sC, 2);
        await incomingCount(wind, sC, 2);
        const solarC = await autoAcceptAll(solar, sC);
        expect(solarC.map(energyOfAnswer)).toEqual([700, 1000]);
        const windC = await autoAcceptAll(wind, sC);
        expect(windC.map(energyOfAnswer)).toEqual([2000, 900]);
        for (const consumer of [flat, unit, cottage]) await allAnswered(consumer, sC);
        // This time the flat takes wind: the solar house's invoice to it for P2 will be void.
        const confFlatC = await market(flat).autoConfirm(sC, { type: "method", method: "wind" });
        const confUnitC = await market(unit).confirm(contractFor(solarC, unitToSolarC));
        const confCottageC = await market(cottage).autoConfirm(sC, { type: "cheapest" });
        await confirmedCount(solar, sC, 1);
        await confirmedCount(wind, sC, 2);
        const flatBidsC = await market(flat).myBids(sC);
        expect(flatBidsC.find((b) => same(b.bid_hash, flatToSolarC.bid_hash))?.status).toMatchObject({
          type: "Contracted", energy_wh: 1000, confirmed: false,
        });
        const C = {
          solarUnit: deal(solarC, unitToSolarC, confUnitC, sC),
          windFlat: deal(windC, flatToWindC, confFlatC, sC),
          windCottage: deal(windC, cottageToWindC, confCottageC, sC),
        };
        const P2bills = {
          solarFlat: bill("solar invoice to the flat for P2", solar, flat, P2),
          solarUnit: bill("solar invoice to the unit for P2", solar, unit, P2),
          windFlat: bill("wind invoice to the flat for P2", wind, flat, P2),
          windCottage: bill("wind invoice to the cottage for P2", wind, cottage, P2),
        };

        // Supply cycle sA is over: its deliveries are recorded (never more than contracted); the
        // unit's is the first, so it creates the solar house's invoice to the unit.
        await expect(ledger(solar).recordDelivery(A.solarFlat.contract, 1600)).rejects.toThrow(
          "The delivered energy of 1600 Wh is more than the 1500 Wh contracted.",
        );
        P1bills.solarFlat.lines.push(delivered(A.solarFlat, 1400));
        expect(await ledger(solar).recordDelivery(A.solarFlat.contract, 1400)).toMatchObject(shape(P1bills.solarFlat));
        P1bills.solarUnit.lines.push(delivered(A.solarUnit, 1000));
        const unitP1 = identify(P1bills.solarUnit, await ledger(solar).recordDelivery(A.solarUnit.contract, 1000));
        expect(unitP1).toMatchObject(shape(P1bills.solarUnit));
        expect(await invoiceBetween(solar, unit, P1)).toMatchObject(shape(P1bills.solarUnit));
        await expectBillAt(flat, P1bills.solarFlat);
        // Now that its P1 invoices exist (they are opened in period order), the solar house opens
        // its P2 invoice to the flat early too.
        identify(P2bills.solarFlat, await ledger(solar).openInvoice(flat.agentPubKey, P2));
        expect(await invoiceBetween(solar, flat, P2)).toMatchObject(shape(P2bills.solarFlat));

        // ---- P1 is over: the rest of its deliveries, issuing, payments, receipts ----
        const billing1 = await untilPeriod(solar, P2);
        expect(billing1.current_cycle).toBe(sC);
        P1bills.solarFlat.lines.push(delivered(B.solarFlat, 600));
        expect(await ledger(solar).recordDelivery(B.solarFlat.contract, 600)).toMatchObject(shape(P1bills.solarFlat));
        P1bills.solarUnit.lines.push(delivered(B.solarUnit, 333));
        expect(await ledger(solar).recordDelivery(B.solarUnit.contract, 333)).toMatchObject(shape(P1bills.solarUnit));
        P1bills.solarFlat.status = "issued";
        expect(await ledger(solar).issue(hashOf(P1bills.solarFlat))).toMatchObject(shape(P1bills.solarFlat));
        P1bills.solarUnit.status = "issued";
        expect(await ledger(solar).issue(hashOf(P1bills.solarUnit))).toMatchObject(shape(P1bills.solarUnit));
        // The wind farm lets auto_invoice do it, one write per call: the cottage's invoice created
        // with its delivery (as contracted), then issued; the flat's empty invoice voided.
        const windAuto1 = await autoInvoiceAll(wind);
        expect(windAuto1).toHaveLength(3);
        const cottageP1 = windAuto1.filter((v) => sameAgent(v.consumer, cottage.agentPubKey));
        expect(cottageP1).toHaveLength(2);
        P1bills.windCottage.lines.push(delivered(A.windCottage, 1200));
        identify(P1bills.windCottage, cottageP1[0]!);
        expect(cottageP1[0]).toMatchObject(shape(P1bills.windCottage));
        P1bills.windCottage.status = "issued";
        expect(cottageP1[1]).toMatchObject(shape(P1bills.windCottage));
        P1bills.windFlat.status = "void";
        expect(windAuto1.find((v) => sameAgent(v.consumer, flat.agentPubKey))).toMatchObject(shape(P1bills.windFlat));

        // Payments: by hand, then auto_pay; each payment is off its payer's balance at once.
        await expectBillAt(flat, P1bills.solarFlat);
        const payFlatP1 = await ledger(flat).pay(hashOf(P1bills.solarFlat));
        expect(payFlatP1).toMatchObject(payment(P1bills.solarFlat, -totalOf(P1bills.solarFlat.lines)));
        await expect(ledger(flat).pay(hashOf(P1bills.solarFlat))).rejects.toThrow(
          "This invoice has already been paid; an invoice is paid once.",
        );
        await expectBillAt(unit, P1bills.solarUnit);
        const unitPays1 = await stepsOf(() => autoPayAll(unit), 1, "Unit to pay its bill");
        expect(unitPays1).toHaveLength(1);
        expect(unitPays1[0]).toMatchObject(payment(P1bills.solarUnit, -totalOf(P1bills.solarUnit.lines)));
        await expectBillAt(cottage, P1bills.windCottage);
        const cottagePays1 = await stepsOf(() => autoPayAll(cottage), 1, "Cottage to pay its bill");
        expect(cottagePays1).toHaveLength(1);
        expect(cottagePays1[0]).toMatchObject(payment(P1bills.windCottage, -totalOf(P1bills.windCottage.lines)));
        P1bills.solarFlat.payment = payFlatP1;
        P1bills.solarUnit.payment = unitPays1[0]!;
        P1bills.windCottage.payment = cottagePays1[0]!;
        for (const b of [P1bills.solarFlat, P1bills.solarUnit, P1bills.windCottage]) b.status = "paid";

        // I12 in the middle: paid, not yet acknowledged.
        const flatOwes1 = totalOf(P1bills.solarFlat.lines);
        const unitOwes1 = totalOf(P1bills.solarUnit.lines);
        const cottageOwes1 = totalOf(P1bills.windCottage.lines);
        await expectBalance(flat, { balance: -flatOwes1, pending_in: 0, pending_out: flatOwes1 });
        await expectBalance(unit, { balance: -unitOwes1, pending_in: 0, pending_out: unitOwes1 });
        await expectBalance(cottage, { balance: -cottageOwes1, pending_in: 0, pending_out: cottageOwes1 });
        await expectBalance(solar, { balance: 0, pending_in: flatOwes1 + unitOwes1, pending_out: 0 });
        await expectBalance(wind, { balance: 0, pending_in: cottageOwes1, pending_out: 0 });
        await expectMoneyConserved(players);
        for (const b of [P1bills.solarFlat, P1bills.solarUnit, P1bills.windCottage]) {
          await expectBillAt(b.producer, b);
          await expectBillAt(b.consumer, b);
        }

        // Receipts: by hand (once only), then auto_acknowledge.
        const ackFlatP1 = await ledger(solar).acknowledge(payFlatP1.payment_hash);
        expect(ackFlatP1).toMatchObject(receipt(payFlatP1, flatOwes1));
        await expect(ledger(solar).acknowledge(payFlatP1.payment_hash)).rejects.toThrow(
          "This payment has already been acknowledged; a payment gets one receipt.",
        );
        const solarAcks1 = await stepsOf(() => autoAcknowledgeAll(solar), 1, "Solar to acknowledge a payment");
        expect(solarAcks1).toHaveLength(1);
        expect(solarAcks1[0]).toMatchObject(receipt(P1bills.solarUnit.payment, flatOwes1 + unitOwes1));
        const windAcks1 = await stepsOf(() => autoAcknowledgeAll(wind), 1, "Wind to acknowledge a payment");
        expect(windAcks1).toHaveLength(1);
        expect(windAcks1[0]).toMatchObject(receipt(P1bills.windCottage.payment, cottageOwes1));
        P1bills.solarFlat.receipt = ackFlatP1;
        P1bills.solarUnit.receipt = solarAcks1[0]!;
        P1bills.windCottage.receipt = windAcks1[0]!;
        for (const b of [P1bills.solarFlat, P1bills.solarUnit, P1bills.windCottage]) b.status = "receipted";
        await expectBalance(flat, { balance: -flatOwes1, pending_in: 0, pending_out: 0 });
        await expectBalance(unit, { balance: -unitOwes1, pending_in: 0, pending_out: 0 });
        await expectBalance(cottage, { balance: -cottageOwes1, pending_in: 0, pending_out: 0 });
        await expectBalance(solar, { balance: flatOwes1 + unitOwes1, pending_in: 0, pending_out: 0 });
        await expectBalance(wind, { balance: cottageOwes1, pending_in: 0, pending_out: 0 });
        await expectMoneyConserved(players);

        // ---- Cycle sC + 1: supply cycle sC is over, P2 is not ----
        const lines2 = await untilCycle(solar, sC + 1);
        expect(lines2.current_cycle).toBe(sC + 1);
        // Deliveries recorded short of the contracts create the invoices they are the first line of.
        P2bills.windFlat.lines.push(delivered(C.windFlat, 850));
        const windFlatP2 = identify(P2bills.windFlat, await ledger(wind).recordDelivery(C.windFlat.contract, 850));
        expect(windFlatP2).toMatchObject(shape(P2bills.windFlat));
        P2bills.solarUnit.lines.push(delivered(C.solarUnit, 650));
        const solarUnitP2 = identify(P2bills.solarUnit, await ledger(solar).recordDelivery(C.solarUnit.contract, 650));
        expect(solarUnitP2).toMatchObject(shape(P2bills.solarUnit));
        // auto_invoice creates the cottage's invoice with the delivery it lacks and leaves it open
        // until P2 ends; the solar house's early invoice to the flat has nothing to add.
        P2bills.windCottage.lines.push(delivered(C.windCottage, 2000));
        const windAuto2 = await autoInvoiceAll(wind);
        expect(windAuto2).toHaveLength(1);
        identify(P2bills.windCottage, windAuto2[0]!);
        expect(windAuto2[0]).toMatchObject(shape(P2bills.windCottage));
        expect(await autoInvoiceAll(solar)).toEqual([]);
        for (const b of [P2bills.windFlat, P2bills.solarUnit, P2bills.windCottage]) {
          expect(await invoiceBetween(b.producer, b.consumer, P2)).toMatchObject(shape(b));
        }
        expect((await market(solar).cycleInfo()).current_cycle).toBe(sC + 1);

        // ---- P2 is over: auto_invoice issues and voids, payments within the credit limit ----
        const billing2 = await untilPeriod(solar, P2 + 1);
        expect(billing2.current_cycle).toBe(sC + 2);
        P2bills.solarUnit.status = "issued";
        P2bills.solarFlat.status = "void";
        const solarAuto2 = await autoInvoiceAll(solar);
        expect(solarAuto2).toHaveLength(2);
        expect(pick(solarAuto2, P2bills.solarUnit)).toMatchObject(shape(P2bills.solarUnit));
        expect(pick(solarAuto2, P2bills.solarFlat)).toMatchObject(shape(P2bills.solarFlat));
        P2bills.windFlat.status = "issued";
        P2bills.windCottage.status = "issued";
        const windAuto3 = await autoInvoiceAll(wind);
        expect(windAuto3).toHaveLength(2);
        expect(pick(windAuto3, P2bills.windFlat)).toMatchObject(shape(P2bills.windFlat));
        expect(pick(windAuto3, P2bills.windCottage)).toMatchObject(shape(P2bills.windCottage));

        const flatOwes2 = totalOf(P2bills.windFlat.lines);
        const unitOwes2 = totalOf(P2bills.solarUnit.lines);
        const cottageOwes2 = totalOf(P2bills.windCottage.lines);
        await expectBillAt(flat, P2bills.windFlat);
        const flatPays2 = await stepsOf(() => autoPayAll(flat), 1, "Flat to pay its bill");
        expect(flatPays2).toHaveLength(1);
        expect(flatPays2[0]).toMatchObject(payment(P2bills.windFlat, -flatOwes1 - flatOwes2));
        await expectBillAt(unit, P2bills.solarUnit);
        const payUnitP2 = await ledger(unit).pay(hashOf(P2bills.solarUnit));
        expect(payUnitP2).toMatchObject(payment(P2bills.solarUnit, -unitOwes1 - unitOwes2));
        // The cottage owes 0.40 IOEN already; 0.70 IOEN more would pass its 1 IOEN credit limit.
        await expectBillAt(cottage, P2bills.windCottage);
        await expect(ledger(cottage).pay(hashOf(P2bills.windCottage))).rejects.toThrow(
          `Paying ${formatIoen(cottageOwes2)} would take the balance from ${formatIoen(-cottageOwes1)} to ` +
            `${formatIoen(-cottageOwes1 - cottageOwes2)}, below the credit limit of ${formatIoen(-CREDIT_LIMIT)}.`,
        );
        expect(await autoPayAll(cottage)).toEqual([]);
        P2bills.windFlat.payment = flatPays2[0]!;
        P2bills.solarUnit.payment = payUnitP2;
        P2bills.windFlat.status = "paid";
        P2bills.solarUnit.status = "paid";

        // I12 in the middle again.
        const solarHas = flatOwes1 + unitOwes1;
        const windHas = cottageOwes1;
        await expectBalance(flat, { balance: -flatOwes1 - flatOwes2, pending_in: 0, pending_out: flatOwes2 });
        await expectBalance(unit, { balance: -unitOwes1 - unitOwes2, pending_in: 0, pending_out: unitOwes2 });
        await expectBalance(cottage, { balance: -cottageOwes1, pending_in: 0, pending_out: 0 });
        await expectBalance(solar, { balance: solarHas, pending_in: unitOwes2, pending_out: 0 });
        await expectBalance(wind, { balance: windHas, pending_in: flatOwes2, pending_out: 0 });
        await expectMoneyConserved(players);

        const ackFlatP2 = await ledger(wind).acknowledge(P2bills.windFlat.payment.payment_hash);
        expect(ackFlatP2).toMatchObject(receipt(P2bills.windFlat.payment, windHas + flatOwes2));
        const solarAcks2 = await stepsOf(() => autoAcknowledgeAll(solar), 1, "Solar to acknowledge a payment");
        expect(solarAcks2).toHaveLength(1);
        expect(solarAcks2[0]).toMatchObject(receipt(payUnitP2, solarHas + unitOwes2));
        P2bills.windFlat.receipt = ackFlatP2;
        P2bills.solarUnit.receipt = solarAcks2[0]!;
        P2bills.windFlat.status = "receipted";
        P2bills.solarUnit.status = "receipted";

        // ---- The end state, as every conductor's own getters report it ----
        const final = {
          flat: -flatOwes1 - flatOwes2,
          unit: -unitOwes1 - unitOwes2,
          cottage: -cottageOwes1,
          solar: solarHas + unitOwes2,
          wind: windHas + flatOwes2,
        };
        await expectBalance(flat, { balance: final.flat, pending_in: 0, pending_out: 0 });
        await expectBalance(unit, { balance: final.unit, pending_in: 0, pending_out: 0 });
        await expectBalance(cottage, { balance: final.cottage, pending_in: 0, pending_out: 0 });
        await expectBalance(solar, { balance: final.solar, pending_in: 0, pending_out: 0 });
        await expectBalance(wind, { balance: final.wind, pending_in: 0, pending_out: 0 });
        const views = await expectMoneyConserved(players);
        expect(views.reduce((sum, v) => sum + v.balance, 0)).toBe(0);

        const bills = [...Object.values(P1bills), ...Object.values(P2bills)];
        for (const p of players) {
          for (const b of bills) await expectBillAt(p, b);
        }
        // Each side lists its own invoices, period by period.
        for (const p of players) {
          for (const role of ["producer", "consumer"] as const) {
            const mine = bills.filter((b) => (role === "producer" ? b.producer : b.consumer) === p);
            const listed = await ledger(p).myInvoices(role);
            expect(listed.map((v) => v.period)).toEqual([...listed.map((v) => v.period)].sort((x, y) => x - y));
            expect(listed).toHaveLength(mine.length);
            for (const b of mine) {
              expect(listed.find((v) => same(v.invoice_hash, hashOf(b)))).toMatchObject(shape(b));
            }
            const ofP2 = await ledger(p).myInvoices(role, P2);
            expect(ofP2.map((v) => v.period)).toEqual(mine.filter((b) => b.period === P2).map(() => P2));
          }
        }

        // Statements: each household's payments (negative) or receipts (positive), in order.
        const rows = {
          flat: [payRow(P1bills.solarFlat), payRow(P2bills.windFlat)],
          unit: [payRow(P1bills.solarUnit), payRow(P2bills.solarUnit)],
          cottage: [payRow(P1bills.windCottage)],
          solar: [receiptRow(P1bills.solarFlat), receiptRow(P1bills.solarUnit), receiptRow(P2bills.solarUnit)],
          wind: [receiptRow(P1bills.windCottage), receiptRow(P2bills.windFlat)],
        };
        for (const [p, expected] of [
          [flat, rows.flat], [unit, rows.unit], [cottage, rows.cottage], [solar, rows.solar], [wind, rows.wind],
        ] as const) {
          const statement = await ledger(p).statement();
          expect(statement.movements).toHaveLength(expected.length);
          expected.forEach((row, i) => expect(statement.movements[i]).toMatchObject(row));
          const at = statement.movements.map((m) => m.at);
          expect(at).toEqual([...at].sort((x, y) => x - y));
          const lines = statement.csv.trimEnd().split("\n");
          expect(lines).toHaveLength(expected.length + 1);
          expect(lines[0]).toBe(STATEMENT_CSV_HEADER);
          lines.slice(1).forEach((line, i) => {
            const fields = line.split(",");
            const row = expected[i]!;
            expect(fields).toHaveLength(8);
            expect(fields[1]).toBe(row.kind);
            expect(fields[4]).toBe(String(row.period));
            expect(fields[5]).toBe(String(row.energy_wh));
            expect(microIoen(fields[6]!)).toBe(row.amount);
            expect(microIoen(fields[7]!)).toBe(row.balance_after);
          });
        }
        // A time window: `from` inclusive, `to` exclusive.
        const flatAll = (await ledger(flat).statement()).movements;
        const second = flatAll[1]!;
        expect((await ledger(flat).statement(second.at)).movements).toMatchObject([rows.flat[1]!]);
        expect((await ledger(flat).statement(undefined, second.at)).movements).toMatchObject([rows.flat[0]!]);

        // Signals: the counterpart of each issue, void, payment and receipt heard of it at once.
        const issued = (from: PlayerApp): ExpectedSignal => ({ type: "InvoiceIssued", from });
        const voided = (from: PlayerApp): ExpectedSignal => ({ type: "InvoiceVoided", from });
        const paid = (b: Bill): ExpectedSignal => ({ type: "PaymentMade", from: b.consumer, payment_hash: b.payment?.payment_hash });
        const acked = (b: Bill): ExpectedSignal => ({
          type: "PaymentAcknowledged", from: b.producer, receipt_hash: b.receipt?.receipt_hash,
        });
        const expectedSignals = new Map<PlayerApp, ExpectedSignal[]>([
          [flat, [issued(solar), voided(wind), acked(P1bills.solarFlat), issued(wind), voided(solar), acked(P2bills.windFlat)]],
          [unit, [issued(solar), acked(P1bills.solarUnit), issued(solar), acked(P2bills.solarUnit)]],
          [cottage, [issued(wind), acked(P1bills.windCottage), issued(wind)]],
          [solar, [paid(P1bills.solarFlat), paid(P1bills.solarUnit), paid(P2bills.solarUnit)]],
          [wind, [paid(P1bills.windCottage), paid(P2bills.windFlat)]],
        ]);
        const senderName = (agent: Uint8Array) => nameOf(players.find((p) => sameAgent(p.agentPubKey, agent)) ?? solar);
        for (const [p, expected] of expectedSignals) {
          const log = signals.get(p) ?? [];
          await waitFor(async () => log.length, (n) => n >= expected.length, {
            what: `${expected.length} ledger signals at the ${nameOf(p)}`,
          });
          expect(log.map((s) => `${s.type} from ${senderName(s.from)}`).sort()).toEqual(
            expected.map((e) => `${e.type} from ${nameOf(e.from)}`).sort(),
          );
          for (const e of expected) {
            if (e.payment_hash) expect(log.some((s) => s.type === e.type && same(s.payment_hash, e.payment_hash))).toBe(true);
            if (e.receipt_hash) expect(log.some((s) => s.type === e.type && same(s.receipt_hash, e.receipt_hash))).toBe(true);
          }
        }
      });
    },
    600_000,
  );
});

/** A ledger signal as expected: its type, its sender and the record it announces. */
interface ExpectedSignal {
  type: LedgerSignalType;
  from: PlayerApp;
  payment_hash?: ActionHash | undefined;
  receipt_hash?: ActionHash | undefined;
}

/** A full balance view from its three moving parts, with this network's credit limit. */
function balanceView(b: Omit<BalanceView, "credit_limit" | "available" | "open_network">): BalanceView {
  return { balance: b.balance, credit_limit: CREDIT_LIMIT, available: b.balance + CREDIT_LIMIT, pending_in: b.pending_in, pending_out: b.pending_out, open_network: false };
}

/** What the payment of a bill should say, leaving the payer at `balance_after`. */
function payment(bill: Bill, balance_after: number) {
  return {
    invoice_hash: hashOf(bill),
    payer: bill.consumer.agentPubKey,
    payee: bill.producer.agentPubKey,
    amount: totalOf(bill.lines),
    balance_after,
    period: bill.period,
    receipted: false,
  };
}

/** What the receipt of a payment should say, leaving the payee at `balance_after`. */
function receipt(paid: PaymentView | null, balance_after: number) {
  if (!paid) throw new Error("no payment to acknowledge");
  return {
    payment_hash: paid.payment_hash,
    payer: paid.payer,
    payee: paid.payee,
    amount: paid.amount,
    balance_after,
  };
}

/** The payer's statement row of a paid bill. */
function payRow(bill: Bill) {
  if (!bill.payment) throw new Error(`${bill.what} was not paid`);
  return {
    kind: "payment" as const,
    hash: bill.payment.payment_hash,
    counterpart: bill.producer.agentPubKey,
    invoice_hash: hashOf(bill),
    period: bill.period,
    energy_wh: energyOf(bill.lines),
    amount: -bill.payment.amount,
    balance_after: bill.payment.balance_after,
  };
}

/** The payee's statement row of an acknowledged bill. */
function receiptRow(bill: Bill) {
  if (!bill.receipt) throw new Error(`${bill.what} was not acknowledged`);
  return {
    kind: "receipt" as const,
    hash: bill.receipt.receipt_hash,
    counterpart: bill.consumer.agentPubKey,
    invoice_hash: hashOf(bill),
    period: bill.period,
    energy_wh: energyOf(bill.lines),
    amount: bill.receipt.amount,
    balance_after: bill.receipt.balance_after,
  };
}

/** An exact decimal IOEN amount ("-0.603001", "0.20", with or without " IOEN") in micro-IOEN. */
function microIoen(text: string): number {
  const match = /^(-?)(\d+)\.(\d{1,6})(?: IOEN)?$/.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not an exact IOEN amount`);
  const [, sign, whole, fraction] = match as unknown as [string, string, string, string];
  const micro = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
  return Number(sign === "-" ? -micro : micro);
}

/** The view in `views` of a bill's invoice. */
function pick(views: InvoiceView[], bill: Bill): InvoiceView | undefined {
  return views.find((v) => same(v.invoice_hash, hashOf(bill)));
}

/**
 * The producer's only invoice to `consumer` for `period`, once the consumer finds the same one
 * in its inbox.
 */
async function invoiceBetween(producer: PlayerApp, consumer: PlayerApp, period: number): Promise<InvoiceView> {
  const own = (await ledger(producer).myInvoices("producer", period)).filter((v) => sameAgent(v.consumer, consumer.agentPubKey));
  expect(own).toHaveLength(1);
  const invoice = own[0]!;
  const seen = await waitFor(
    () => ledger(consumer).myInvoices("consumer", period),
    (list) => list.some((v) => same(v.invoice_hash, invoice.invoice_hash)),
    { what: `an invoice for period ${period} in the consumer's inbox` },
  );
  expect(seen.filter((v) => sameAgent(v.producer, producer.agentPubKey))).toHaveLength(1);
  return invoice;
}

/** The contract hash of an answer. */
function contractHash(answer: AnswerView): ActionHash {
  if (answer.type !== "Contract") throw new Error("expected a contract");
  return answer.contract_hash;
}

/** The energy an answer contracts (0 for a rejection). */
function energyOfAnswer(answer: AnswerView): number {
  return answer.type === "Contract" ? answer.contract.energy_wh : 0;
}

/** The contract among `answers` that answers `bid`. */
function contractFor(answers: AnswerView[], bid: BidView): ActionHash {
  const found = answers.find((a) => a.type === "Contract" && same(a.contract.bid, bid.bid_hash));
  if (!found) throw new Error("no contract for that bid");
  return contractHash(found);
}

/** A confirmed contract as an invoice line will name it. */
function deal(answers: AnswerView[], bid: BidView, confirmation: ConfirmationView | null, supply_cycle: number): Deal {
  const answer = answers.find((a) => a.type === "Contract" && same(a.contract.bid, bid.bid_hash));
  if (!answer || answer.type !== "Contract") throw new Error("no contract for that bid");
  if (!confirmation || !same(confirmation.confirmation.contract, answer.contract_hash)) {
    throw new Error("that contract was not the one confirmed");
  }
  return {
    contract: answer.contract_hash,
    confirmation: confirmation.confirmation_hash,
    supply_cycle,
    contracted_wh: answer.contract.energy_wh,
    price_per_kwh: answer.contract.price_per_kwh,
  };
}

/** Waits until a producer sees `n` bids for the cycle. */
async function incomingCount(producer: PlayerApp, cycle: number, n: number) {
  await waitFor(() => market(producer).incomingBids(cycle), (bids) => bids.length === n, {
    what: `${n} incoming bids for cycle ${cycle}`,
  });
}

/** Waits until every bid of a consumer for the cycle has its answer. */
async function allAnswered(consumer: PlayerApp, cycle: number) {
  await waitFor(() => market(consumer).myBids(cycle), (bids) => bids.every((b) => b.status.type !== "Waiting"), {
    what: `answers to every bid for cycle ${cycle}`,
  });
}

/** Waits until a producer sees `n` of its contracts for the cycle confirmed. */
async function confirmedCount(producer: PlayerApp, cycle: number, n: number) {
  await waitFor(
    () => market(producer).myContracts(cycle),
    (contracts) => contracts.filter((c) => c.confirmed).length === n,
    { what: `${n} confirmed contracts for cycle ${cycle}` },
  );
}

// Rules I8-I11, broken through the `adversary` zome (which skips the ledger coordinator's
// checks): the author's own conductor refuses each write with the rule's message. Valid raw
// writes of the same kinds pass and count in the honest getters, so the refusals come from the
// rules, not from the tool.
import type { ActionHash } from "@holochain/client";
import { runScenario, type PlayerApp } from "@holochain/tryorama";
import { describe, expect, test } from "vitest";
import { adversary, ENTRY, LINK, periodTag } from "../support/adversary.js";
import { cost, formatIoen } from "../support/cost.js";
import { addHouseholds, household, profiles, sameAgent, syncAll } from "../support/households.js";
import { epochOpeningIn, market, same, startOfNextCycle, type AnswerView } from "../support/market.js";
import {
  accountOf,
  autoPayAll,
  expectMoneyConserved,
  invoiceData,
  ledger,
  retrying,
  untilCycle,
  type InvoiceData,
  type InvoiceLineData,
  type PaymentData,
  type ReceiptData,
} from "../support/ledger.js";
import { waitFor } from "../support/wait.js";

const CYCLE_SECONDS = 40;
/** 0.30 IOEN: Mallory can pay her 0.20 IOEN invoice once, not twice. */
const CREDIT_LIMIT = 300_000;
/**
 * Installing 4 conductors, their first calls (which compile the wasm) and registering took about
 * 100 s on 2 cores; a cycle starts this long after the test, and trading with it.
 */
const SETUP_MS = 110_000;

/** The write must be refused with exactly this message ("may be retried" is retried first). */
const refused = (write: () => Promise<unknown>, message: string) => expect(retrying(write)).rejects.toThrow(message);

function contractHash(answer: AnswerView): ActionHash {
  if (answer.type !== "Contract") throw new Error("expected a contract");
  return answer.contract_hash;
}

/** An invoice version with `lines` appended and its total kept equal to their sum. */
function withLines(base: InvoiceData, lines: InvoiceLineData[]): InvoiceData {
  const all = [...base.lines, ...lines];
  return { ...base, lines: all, total: all.reduce((sum, l) => sum + l.amount, 0) };
}

describe("rules I8-I11 are enforced by validation", () => {
  test(
    "each invalid ledger write is refused by the author's own conductor",
    async () => {
      await runScenario(async (scenario) => {
        // One cycle per billing period, so supply cycle s is billed as period s. Cycle 3 starts
        // once setup is done (the epoch stays in the past).
        const properties = {
          local_areas: {},
          cycle_seconds: CYCLE_SECONDS,
          cycles_per_billing_period: 1,
          credit_limit: CREDIT_LIMIT,
          cycle_epoch_ms: epochOpeningIn(SETUP_MS, CYCLE_SECONDS, 3),
        };
        const players = await addHouseholds(scenario, 4, { properties, withAdversary: true });
        const [rogue, honest, mallory, dora] = players as [PlayerApp, PlayerApp, PlayerApp, PlayerApp];
        const r = adversary(rogue);
        const h = adversary(honest);
        const m = adversary(mallory);
        const d = adversary(dora);

        // I11: `init` opened each account at 0; a second account, or one opening with money, is
        // refused (these are among the first actions of the chains, as an account must be).
        await refused(() => m.create(ENTRY.Account, { balance: 0, credit_limit: CREDIT_LIMIT }), "This household already has an account; each has exactly one.");
        await refused(
          () => d.create(ENTRY.Account, { balance: 1_000_000, credit_limit: CREDIT_LIMIT }),
          `An account opens at a balance of 0; this one opens at ${formatIoen(1_000_000)}.`,
        );
        // I14: an account carries the credit limit its owner was invited with, no more.
        await refused(
          () => d.create(ENTRY.Account, { balance: 0, credit_limit: CREDIT_LIMIT + 1 }),
          `This account has a credit limit of ${formatIoen(CREDIT_LIMIT + 1)}, but its owner joined with ${formatIoen(CREDIT_LIMIT)}.`,
        );

        await profiles(rogue).create(household({ name: "Rogue solar", postcode: "2008", producer_methods: ["solar"] }));
        await profiles(honest).create(household({ name: "Honest solar", postcode: "2008", producer_methods: ["solar"] }));
        await profiles(mallory).create(household({ name: "Mallory", postcode: "2008", accepted_methods: ["solar"] }));
        await profiles(dora).create(household({ name: "Dora", postcode: "2008", accepted_methods: ["solar"] }));
        await syncAll(players);

        // ---- Cycle s - 1: contracts for supply cycle s ----
        const s = (await startOfNextCycle(mallory)).bidding_for_cycle;
        await market(rogue).offer("solar", 3000);
        await market(honest).offer("solar", 3000);
        const malloryToRogue = await market(mallory).bid(rogue.agentPubKey, 1000, 200_000);
        const malloryToHonest = await market(mallory).bid(honest.agentPubKey, 500, 300_000);
        const doraToRogue = await market(dora).bid(rogue.agentPubKey, 500, 160_001);
        await syncAll(players);
        // The producers open their (empty) invoices for period s early, as `open_invoice` allows.
        const invRM = await ledger(rogue).openInvoice(mallory.agentPubKey, s);
        const invRD = await ledger(rogue).openInvoice(dora.agentPubKey, s);
        const invHM = await ledger(honest).openInvoice(mallory.agentPubKey, s);
        const cRM = contractHash(await market(rogue).accept(malloryToRogue.bid_hash));
        const cRD = contractHash(await market(rogue).accept(doraToRogue.bid_hash));
        const cHM = contractHash(await market(honest).accept(malloryToHonest.bid_hash));
        await syncAll(players);
        // Mallory takes the rogue's contract: the honest producer's contract with her stays
        // unconfirmed.
        const confM = (await market(mallory).confirm(cRM)).confirmation_hash;
        const confD = (await market(dora).confirm(cRD)).confirmation_hash;
        await syncAll(players);
        const rm0 = await invoiceData(rogue, invRM.invoice_hash);
        const rd0 = await invoiceData(rogue, invRD.invoice_hash);
        const hm0 = await invoiceData(honest, invHM.invoice_hash);
        for (const [data, consumer] of [[rm0, mallory], [rd0, dora], [hm0, mallory]] as const) {
          expect(data).toMatchObject({ period: s, lines: [], total: 0, status: "open" });
          expect(sameAgent(data.consumer, consumer.agentPubKey)).toBe(true);
        }
        const TM = cost(1000, 200_000);
        const TD = cost(400, 160_001);
        const lineRM = (over: Partial<InvoiceLineData> = {}): InvoiceLineData => ({
          contract: cRM, confirmation: confM, delivered_wh: 1000, amount: TM, ...over,
        });
        const lineRD: InvoiceLineData = { contract: cRD, confirmation: confD, delivered_wh: 400, amount: TD };
        const lineHM: InvoiceLineData = { contract: cHM, confirmation: confM, delivered_wh: 500, amount: cost(500, 300_000) };

        // ---- Cycle s: the supply cycle; too early to invoice it or to close its period ----
        const supply = await untilCycle(mallory, s);
        expect(supply.current_cycle).toBe(s);
        await refused(
          () => r.update(invRM.invoice_hash, withLines(rm0, [lineRM()])),
          `The delivery of supply cycle ${s} can only be invoiced after that cycle ends; it is now cycle ${s}.`,
        );
        await refused(
          () => r.update(invRD.invoice_hash, { ...rd0, status: "issued" }),
          `The invoice for billing period ${s} can only be issued or voided after that period ends; it is now billing period ${s}.`,
        );

        // ---- Cycle s + 1: supply cycle s and its billing period are over ----
        const after = await untilCycle(mallory, s + 1);
        expect(after.current_cycle).toBe(s + 1);

        // I8: lines only for the author's own contracts with that consumer, confirmed by it.
        await refused(
          () => h.update(invHM.invoice_hash, withLines(hm0, [lineHM])),
          "Only a confirmed contract can be invoiced; the consumer has not confirmed this one.",
        );
        await refused(() => r.update(invRM.invoice_hash, withLines(rm0, [lineHM])), "Only the producer of a contract can invoice it.");
        await refused(
          () => r.update(invRM.invoice_hash, withLines(rm0, [lineRD])),
          "This contract is with another consumer; an invoice lists only contracts with its own consumer.",
        );
        // I8: delivered ≤ contracted, amount = cost(delivered, price), total = Σ amounts, each
        // contract once.
        await refused(
          () => r.update(invRM.invoice_hash, withLines(rm0, [lineRM({ delivered_wh: 1100, amount: cost(1100, 200_000) })])),
          "The delivered energy of 1100 Wh is more than the 1000 Wh contracted.",
        );
        await refused(
          () => r.update(invRM.invoice_hash, withLines(rm0, [lineRM({ amount: TM + 1 })])),
          `The amount of a line for 1000 Wh at 200000 micro-IOEN per kWh must be ${formatIoen(TM)}; it is ${formatIoen(TM + 1)}.`,
        );
        await refused(
          () => r.update(invRM.invoice_hash, { ...withLines(rm0, [lineRM()]), total: TM - 1000 }),
          `The invoice's total must be ${formatIoen(TM)}, the sum of its lines; it is ${formatIoen(TM - 1000)}.`,
        );
        await refused(
          () => r.update(invRM.invoice_hash, withLines(rm0, [lineRM(), lineRM()])),
          "Lines 1 and 2 of this invoice are for the same contract; an invoice lists each contract once.",
        );
        // I8: an update is its producer's, only adds lines, and issues only with lines, voids
        // only without; nothing is deleted.
        await refused(
          () => r.update(invRM.invoice_hash, { ...rm0, period: s + 1 }),
          "An update of an invoice may only add lines and set its status; its consumer, period, previous invoice and earlier lines stay as they were.",
        );
        await refused(() => h.update(invRM.invoice_hash, withLines(rm0, [lineRM()])), "Only its producer may update an invoice.");
        await refused(
          () => r.update(invRM.invoice_hash, { ...rm0, status: "issued" }),
          `The invoice for billing period ${s} has no lines, so it is void and cannot be issued for payment.`,
        );
        await refused(
          () => r.update(invRM.invoice_hash, { ...withLines(rm0, [lineRM()]), status: "void" }),
          `The invoice for billing period ${s} has 1 line, so it must be issued, not voided.`,
        );
        await refused(() => r.delete(invRM.invoice_hash), "Ledger records cannot be deleted.");

        // Valid writes pass: a raw line for Dora's delivery, the coordinator's line for Mallory's,
        // then both issued by the coordinator (on top of the raw version).
        await retrying(() => r.update(invRD.invoice_hash, withLines(rd0, [lineRD])));
        const rmV1 = await ledger(rogue).recordDelivery(cRM, 1000);
        expect(rmV1).toMatchObject({ status: "open", total: TM });
        const rmIssued = await ledger(rogue).issue(invRM.invoice_hash);
        expect(rmIssued).toMatchObject({ status: "issued", total: TM });
        const rdIssued = await ledger(rogue).issue(invRD.invoice_hash);
        expect(rdIssued).toMatchObject({
          status: "issued",
          total: TD,
          lines: [{ contract: cRD, confirmation: confD, delivered_wh: 400, amount: TD }],
        });
        // I8: an issued invoice is final, and each update follows the latest version.
        const rmV1Data = await invoiceData(rogue, rmV1.version_hash);
        const rmIssuedData = await invoiceData(rogue, rmIssued.version_hash);
        expect(rmIssuedData).toMatchObject({ status: "issued", total: TM, lines: rmV1Data.lines });
        await refused(() => r.update(rmIssued.version_hash, rmIssuedData), "This invoice is issued and can no longer be changed.");
        await refused(
          () => r.update(rmV1.version_hash, { ...rmV1Data, status: "issued" }),
          "This invoice version was already updated; each update must follow the latest version.",
        );

        // I8: a producer's invoices form one chain, one invoice per consumer and period, never
        // to itself.
        const [firstR, latestR] = same(rd0.previous_invoice, invRM.invoice_hash)
          ? [invRM.invoice_hash, invRD.invoice_hash]
          : [invRD.invoice_hash, invRM.invoice_hash];
        const invoice = (over: Partial<InvoiceData> = {}): InvoiceData => ({
          consumer: honest.agentPubKey, period: s, previous_invoice: latestR, lines: [], total: 0, status: "open", ...over,
        });
        await refused(() => r.create(ENTRY.Invoice, invoice({ consumer: rogue.agentPubKey })), "A household cannot invoice itself.");
        await refused(
          () => r.create(ENTRY.Invoice, invoice({ status: "issued" })),
          "A new invoice must be open; it is issued or voided later, by an update.",
        );
        await refused(
          () => r.create(ENTRY.Invoice, invoice({ period: s - 1 })),
          `This invoice is for billing period ${s - 1}, but the producer's previous invoice is already for period ${s}; invoices are opened in period order.`,
        );
        await refused(
          () => r.create(ENTRY.Invoice, invoice({ consumer: mallory.agentPubKey })),
          `This producer already has an invoice for this consumer and billing period ${s}; there is one invoice per consumer and period.`,
        );
        await refused(
          () => r.create(ENTRY.Invoice, invoice({ previous_invoice: firstR })),
          "This invoice does not follow its producer's latest invoice (the invoice chain would fork).",
        );
        await refused(
          () => r.create(ENTRY.Invoice, invoice({ previous_invoice: invHM.invoice_hash })),
          "An invoice's previous invoice must be its author's own invoice or account.",
        );
        const toHonest = await retrying(() => r.create(ENTRY.Invoice, invoice()));

        // ---- Payments: Mallory pays by hand, Dora with auto_pay ----
        await waitFor(() => ledger(mallory).invoice(invRM.invoice_hash), (v) => v?.status === "issued", {
          what: "Mallory to see her invoice issued",
        });
        const pm = await ledger(mallory).pay(invRM.invoice_hash);
        expect(pm).toMatchObject({ amount: TM, balance_after: -TM });
        await waitFor(() => ledger(dora).invoice(invRD.invoice_hash), (v) => v?.status === "issued", {
          what: "Dora to see her invoice issued",
        });
        const doraPays = await autoPayAll(dora);
        expect(doraPays.map((p) => [p.amount, p.balance_after])).toEqual([[TD, -TD]]);
        const pd = doraPays[0]!;

        // I9: by the invoice's consumer, to its producer, of the issued version, for its total,
        // within the credit limit, once.
        const mPayment = (over: Partial<PaymentData> = {}): PaymentData => ({
          invoice: rmIssued.version_hash, payee: rogue.agentPubKey, amount: TM,
          previous_entry: pm.payment_hash, balance_after: -2 * TM, credit_limit: CREDIT_LIMIT, ...over,
        });
        await refused(
          () => m.create(ENTRY.Payment, mPayment({ invoice: rmV1.version_hash })),
          "This invoice has not been issued, so it cannot be paid.",
        );
        await refused(() => m.create(ENTRY.Payment, mPayment({ payee: honest.agentPubKey })), "A payment must be made to the invoice's producer.");
        await refused(
          () => m.create(ENTRY.Payment, mPayment({ amount: TM - 1, balance_after: -2 * TM + 1 })),
          `A payment must be for exactly the invoice's total of ${formatIoen(TM)}; it is for ${formatIoen(TM - 1)}.`,
        );
        // I14: the credit limit is the account's, carried unchanged by every ledger entry.
        await refused(
          () => m.create(ENTRY.Payment, mPayment({ credit_limit: 3 * TM })),
          `This entry carries a credit limit of ${formatIoen(3 * TM)}, but the ledger it continues has ${formatIoen(CREDIT_LIMIT)}; the credit limit is the account's and never changes.`,
        );
        await refused(
          () => m.create(ENTRY.Payment, mPayment()),
          `Paying ${formatIoen(TM)} would take the balance from ${formatIoen(-TM)} to ${formatIoen(-2 * TM)}, below the credit limit of ${formatIoen(-CREDIT_LIMIT)}.`,
        );
        const dPayment = (over: Partial<PaymentData> = {}): PaymentData => ({
          invoice: rdIssued.version_hash, payee: rogue.agentPubKey, amount: TD,
          previous_entry: pd.payment_hash, balance_after: -2 * TD, credit_limit: CREDIT_LIMIT, ...over,
        });
        await refused(
          () => d.create(ENTRY.Payment, dPayment({ invoice: rmIssued.version_hash, amount: TM, balance_after: -TD - TM })),
          "Only the invoice's consumer can pay it.",
        );
        // I11: the balance follows from the author's own previous entry.
        await refused(
          () => d.create(ENTRY.Payment, dPayment({ balance_after: -TD })),
          `The balance after this entry must be ${formatIoen(-2 * TD)}, following from the previous ledger entry; it is ${formatIoen(-TD)}.`,
        );
        await refused(
          () => d.create(ENTRY.Payment, dPayment({ previous_entry: pm.payment_hash })),
          "A ledger entry's previous entry must be one of its author's own.",
        );
        await refused(() => d.create(ENTRY.Payment, dPayment()), "This invoice has already been paid; an invoice is paid once.");
        // Money entries are final.
        await refused(() => m.update(pm.payment_hash, mPayment()), "Accounts, payments and receipts cannot be updated: money entries are final.");
        await refused(() => m.delete(pm.payment_hash), "Ledger records cannot be deleted.");

        // ---- Receipts: the rogue producer acknowledges Mallory's payment by hand ----
        await waitFor(() => ledger(rogue).balance(), (b) => b.pending_in === TM + TD, {
          what: "both payments to reach the rogue producer",
        });
        const rm = await ledger(rogue).acknowledge(pm.payment_hash);
        expect(rm).toMatchObject({ amount: TM, balance_after: TM });
        const accountR = await accountOf(rogue, firstR);
        const receipt = (over: Partial<ReceiptData> = {}): ReceiptData => ({
          payment: pd.payment_hash, amount: TD, previous_entry: rm.receipt_hash, balance_after: TM + TD, credit_limit: CREDIT_LIMIT, ...over,
        });
        // I10: by the payee, for the payment's amount, once; I11: following the latest entry.
        await refused(
          () => r.create(ENTRY.Receipt, receipt({ amount: TD + 1, balance_after: TM + TD + 1 })),
          `A receipt must be for exactly its payment's amount of ${formatIoen(TD)}; it is for ${formatIoen(TD + 1)}.`,
        );
        await refused(
          () => r.create(ENTRY.Receipt, receipt({ balance_after: TD })),
          `The balance after this entry must be ${formatIoen(TM + TD)}, following from the previous ledger entry; it is ${formatIoen(TD)}.`,
        );
        await refused(
          () => r.create(ENTRY.Receipt, receipt({ previous_entry: accountR, balance_after: TD })),
          "This ledger entry does not follow the latest ledger entry of its author (the balance would fork).",
        );
        await refused(
          () => r.create(ENTRY.Receipt, receipt({ previous_entry: invRM.invoice_hash })),
          "A ledger entry's previous entry must be its author's account, a payment or a receipt.",
        );
        const accountH = await accountOf(honest, invHM.invoice_hash);
        await refused(
          () => h.create(ENTRY.Receipt, { payment: pm.payment_hash, amount: TM, previous_entry: accountH, balance_after: TM, credit_limit: CREDIT_LIMIT }),
          "Only the payee of a payment can acknowledge it with a receipt.",
        );
        const rd = await retrying(() => r.create(ENTRY.Receipt, receipt()));
        await refused(
          () => r.create(ENTRY.Receipt, { payment: pm.payment_hash, amount: TM, previous_entry: rd, balance_after: 2 * TM + TD, credit_limit: CREDIT_LIMIT }),
          "This payment has already been acknowledged; a payment gets one receipt.",
        );
        await refused(() => r.update(rd, receipt()), "Accounts, payments and receipts cannot be updated: money entries are final.");

        // Inbox links: by the author of their target, from the agent it is for, tagged right.
        await refused(
          () => r.link(LINK.InvoiceInbox, dora.agentPubKey, invRM.invoice_hash, periodTag(s)),
          "A ledger link must hang from the agent its message is for.",
        );
        await refused(
          () => m.link(LINK.InvoiceInbox, mallory.agentPubKey, invRM.invoice_hash, periodTag(s)),
          "A ledger link can only be made by the author of its target.",
        );
        await refused(
          () => r.link(LINK.InvoiceInbox, mallory.agentPubKey, rmIssued.version_hash, periodTag(s)),
          "An invoice link must target the invoice's create action.",
        );
        await refused(
          () => r.link(LINK.InvoiceInbox, mallory.agentPubKey, invRM.invoice_hash, periodTag(s + 1)),
          "An invoice link's tag must be its billing period; payment and receipt links have an empty tag.",
        );
        await refused(() => m.link(LINK.PaymentInbox, honest.agentPubKey, pm.payment_hash), "A ledger link must hang from the agent its message is for.");
        await refused(() => d.link(LINK.PaymentInbox, rogue.agentPubKey, pm.payment_hash), "A ledger link can only be made by the author of its target.");
        await refused(() => d.link(LINK.ReceiptInbox, mallory.agentPubKey, rm.receipt_hash), "A ledger link can only be made by the author of its target.");
        await refused(() => r.link(LINK.ReceiptInbox, mallory.agentPubKey, rd), "A ledger link must hang from the agent its message is for.");
        await refused(() => r.link(LINK.ReceiptInbox, dora.agentPubKey, pd.payment_hash), "The referenced record is not of type receipt.");
        // The raw receipt's link is valid: through it Dora learns her payment was acknowledged.
        await retrying(() => r.link(LINK.ReceiptInbox, dora.agentPubKey, rd));
        // Inboxes keep every message.
        const mallorysInbox = await m.links(LINK.InvoiceInbox, mallory.agentPubKey);
        const rogueLink = mallorysInbox.find((l) => sameAgent(l.author, rogue.agentPubKey));
        if (!rogueLink) throw new Error("the rogue producer's invoice link did not reach Mallory");
        await refused(() => r.unlink(rogueLink.create_link_hash), "Ledger links cannot be deleted: inboxes keep every message.");

        // The valid raw writes count like the coordinator's: every balance, on its owner's
        // conductor, and I12.
        await syncAll(players);
        const balance = (b: number) => ({ balance: b, credit_limit: CREDIT_LIMIT, available: b + CREDIT_LIMIT, pending_in: 0, pending_out: 0, open_network: false });
        for (const [p, b] of [[rogue, TM + TD], [honest, 0], [mallory, -TM], [dora, -TD]] as const) {
          const seen = await waitFor(() => ledger(p).balance(), (v) => v.pending_in === 0 && v.pending_out === 0, {
            what: "every payment acknowledged, as each household sees it",
          });
          expect(seen).toEqual(balance(b));
        }
        await expectMoneyConserved(players);
        const dorasInvoice = await waitFor(() => ledger(dora).invoice(invRD.invoice_hash), (v) => v?.status === "receipted", {
          what: "Dora to see the raw receipt",
        });
        expect(dorasInvoice).toMatchObject({
          lines: [{ contract: cRD, confirmation: confD, supply_cycle: s, contracted_wh: 500, delivered_wh: 400, price_per_kwh: 160_001, amount: TD }],
          total: TD,
          payment_hash: pd.payment_hash,
          receipt_hash: rd,
        });
        const roguesInvoices = await ledger(rogue).myInvoices("producer");
        expect(roguesInvoices.map((v) => v.status).sort()).toEqual(["open", "receipted", "receipted"]);
        expect(roguesInvoices.find((v) => same(v.invoice_hash, toHonest))).toMatchObject({
          period: s, lines: [], total: 0, status: "open",
        });
      });
    },
    420_000,
  );
});

// Rogue households with self-validation off publish money records that break the rules, and
// honest households, three of them at zero arc (they store nothing for others and trust the
// status that the answering peer reports), must neither accept them nor build on them:
// - I13: a producer restarted with its clock a few seconds slow dates receipts before the payment
//   they acknowledge; two receipts for one payment would credit it twice (money from nothing).
// - I9/I11: a consumer pays past the credit limit.
// - I5: a producer answers a bid beyond its offer's capacity.
// - I8: a producer invoices a confirmed contract at ten times its cost.
// - A consumer forks its chain for real (its conductor's data copied to a second conductor) and
//   pays one bill on each branch: every record is valid on its own branch, and no validation
//   rule sees the other, so its producer must notice the fork itself.
// Each case asserts, at an honest full-arc conductor, that the record is Rejected and that a
// warrant names that very action under an op type that carries the rule, that the honest
// households refuse to build on it with a clear error, and that no honest household is ever
// warranted.
import path from "node:path";
import type { ActionHash, Record } from "@holochain/client";
import type { PlayerApp } from "@holochain/tryorama";
import { expect } from "vitest";
import { adversary, CONTENT_OPS, cycleTag, ENTRY, LINK, periodTag } from "../support/adversary.js";
import { expectRejectedAndWarranted } from "../support/verdict.js";
import { describeConcurrently } from "../support/concurrent.js";
import { addPlayer, announce, forkPlayer, introduce, restartPlayer } from "../support/conductor.js";
import { cost, formatIoen } from "../support/cost.js";
import { TEST_HAPP, type NetworkProperties } from "../support/happ.js";
import { household, profiles, syncAll } from "../support/households.js";
import { autoAcknowledgeAll, autoInvoiceAll, autoPayAll, ledger, retrying, untilCycle } from "../support/ledger.js";
import { epochOpeningIn, market, windowWithAtLeast } from "../support/market.js";
import { waitFor } from "../support/wait.js";

const CYCLE_SECONDS = 90;
/** When the bidding window is planned to open: the households were registered after 40 s alone. */
const FIRST_WINDOW_MS = 55_000;
/**
 * How much of a bidding window the offers, bids, answers and confirmations need: 47 s with the
 * file alone. A later setup waits for the next window.
 */
const WINDOW_NEEDED_MS = 70_000;
/** 0.30 IOEN: Rob's 0.50 IOEN bill does not fit. */
const CREDIT_LIMIT = 300_000;
const PRICE = 200_000;
/**
 * How far back the replaying producer's clock is set. Its receipts, written at once after the
 * payment, are dated before it. Holochain 0.6.3 conductors whose clocks differ by 15 s or more
 * fail to connect ("Peer connection failed"); 5 s was tried and works, so the attack needs no more
 * than an ordinary drift.
 */
const SLOW_CLOCK_SECONDS = -5;
/**
 * How long a household's read of its bills may take: a zome call whose `get` asked only peers
 * that do not answer fails after Holochain's 60-s request timeout, and the next try asks others.
 */
const READ_TIMEOUT_MS = 150_000;


interface World {
  /** Honest consumer, full arc: pays Rex. */
  carl: PlayerApp;
  /** Honest producer, full arc: bills Fiona. */
  pat: PlayerApp;
  /** Consumer that forks its chain; the original conductor, running again. */
  fiona: PlayerApp;
  /** Honest producer, at zero arc once it has billed Rob: Rob pays it past the credit limit. */
  zoe: PlayerApp;
  /** Honest consumer, at zero arc once it has confirmed Rita's contract: Otto over-allocates
   * his offer to it, Rita over-bills it. */
  zack: PlayerApp;
  /** Rogue producer: replays receipts under a slow clock. */
  rex: PlayerApp;
  /** Rogue producer: an inflated invoice. */
  rita: PlayerApp;
  /** Rogue producer: a contract beyond its offer's capacity. */
  otto: PlayerApp;
  /** Rogue consumer: pays past the credit limit. */
  rob: PlayerApp;
  /** Otto's invalid contract for Zack, and the error Zack's confirmation got. */
  overCapacity: { contract: ActionHash; refusal: string };
  /** Rita's inflated invoice (create and issued version) and the error Zack's payment got. */
  inflated: { invoice: ActionHash; issued: ActionHash; refusal: string; autoPaid: number };
  /** Rob's payment past the limit and the error Zoe's receipt got. */
  overLimit: { payment: ActionHash; refusal: string; autoAcknowledged: number };
  /** Carl's payment and Rex's two receipts of it. */
  replay: { payment: Record; receipts: Record[]; amount: number };
  /** Fiona's payment of one bill on each branch of her fork. */
  fork: { payments: ActionHash[]; amount: number };
}

interface Case {
  rule: string;
  check: (w: World) => Promise<void>;
}

const cases: Case[] = [
  {
    rule: "I13 receipts dated before their payment (a replay under a slow clock) are rejected",
    check: async (w) => {
      const paidAt = w.replay.payment.signed_action.hashed.content.timestamp;
      for (const receipt of w.replay.receipts) {
        // The faked clock did its part: each receipt is dated before the payment.
        expect(receipt.signed_action.hashed.content.timestamp).toBeLessThan(paidAt);
      }
      for (const receipt of w.replay.receipts) {
        await expectRejectedAndWarranted([w.carl, w.pat], w.rex, receipt.signed_action.hashed.hash, CONTENT_OPS);
      }
      // Carl's view: paid, never receipted; his balance is the payment off, still pending.
      const seen = await waitFor(() => ledger(w.carl).balance(), (b) => b.pending_out === w.replay.amount, {
        what: "Carl's payment to stay unacknowledged",
      });
      expect(seen).toMatchObject({ balance: -w.replay.amount, pending_out: w.replay.amount, pending_in: 0 });
      // The bill is never shown as receipted (a warranted producer's bills are left out
      // altogether once Carl holds the warrant).
      const bills = await ledger(w.carl).myInvoices("consumer");
      expect(bills.filter((b) => b.status === "receipted")).toEqual([]);
    },
  },
  {
    rule: "I9 a payment past the credit limit is rejected and a zero-arc payee gives it no receipt",
    check: async (w) => {
      expect(w.overLimit.refusal).toMatch(
        new RegExp(
          `^(Paying ${esc(formatIoen(500_000))} would take the balance from ${esc(formatIoen(0))} to ${esc(formatIoen(-500_000))}, below the credit limit of ${esc(formatIoen(-CREDIT_LIMIT))}\\.|This household is warranted: .*|The payment could not be found; .*)$`,
        ),
      );
      expect(w.overLimit.autoAcknowledged).toBe(0);
      await expectRejectedAndWarranted([w.carl, w.pat], w.rob, w.overLimit.payment, CONTENT_OPS);
      const balance = await waitFor(() => ledger(w.zoe).balance(), (b) => b.pending_in === 0, {
        what: "Zoe to leave Rob's payment out of her pending income",
        timeoutMs: 120_000,
      });
      expect(balance).toMatchObject({ balance: 0, pending_in: 0 });
      await expectNoReceipt(w.zoe);
    },
  },
  {
    rule: "I5 a contract beyond the offer's capacity is rejected and a zero-arc consumer does not confirm it",
    check: async (w) => {
      expect(w.overCapacity.refusal).toMatch(
        /^(Accepting this bid would allocate 300 Wh of an offer of 100 Wh\.|This household is warranted: .*|The contract could not be found; .*)$/,
      );
      await expectRejectedAndWarranted([w.carl, w.pat], w.otto, w.overCapacity.contract, CONTENT_OPS);
    },
  },
  {
    rule: "I8 an inflated invoice is rejected and a zero-arc consumer does not pay it",
    check: async (w) => {
      expect(w.inflated.refusal).toMatch(
        // Whichever the zero-arc household meets first: the line's own rule, the producer's
        // warrant, or no valid issued version at all (honest peers do not serve the issue of an
        // invalid invoice).
        /^(The amount of a line for 400 Wh at 200000 micro-IOEN per kWh must be .*|This household is warranted: .*|The invoice could not be found; .*|This invoice has not been issued, so it cannot be paid\.)$/,
      );
      expect(w.inflated.autoPaid).toBe(0);
      await expectRejectedAndWarranted([w.carl, w.pat], w.rita, w.inflated.invoice, CONTENT_OPS);
      const balance = await ledger(w.zack).balance();
      expect(balance).toMatchObject({ balance: 0, pending_out: 0 });
    },
  },
  {
    rule: "a forked payer's payments get no receipt from an honest producer",
    check: async (w) => {
      // Each branch's payment is valid on its own; an authority holding both sees the fork.
      const forked = await waitFor(() => adversary(w.pat).chainStatus(w.fiona.agentPubKey), (status) => status === "Forked", {
        what: "Pat's store to show Fiona's chain as forked",
        timeoutMs: 180_000,
      });
      expect(forked).toBe("Forked");
      for (const payment of w.fork.payments) {
        expect(await refusal(() => ledger(w.pat).acknowledge(payment))).toBe(
          "This household's chain is forked (two different histories were published), so nothing is built on its records.",
        );
      }
      expect(await autoAcknowledgeAll(w.pat)).toEqual([]);
      expect((await ledger(w.pat).balance()).balance).toBe(0);
      await expectNoReceipt(w.pat);
    },
  },
  {
    rule: "no honest household is ever warranted, and each honest view of money sums to zero",
    check: async (w) => {
      // Every rogue record above was judged first (the other cases wait for its warrant); only
      // then is "no warrant against an honest household" meaningful.
      for (const [rogue, what] of [[w.rex, "Rex"], [w.rita, "Rita"], [w.otto, "Otto"], [w.rob, "Rob"]] as const) {
        await waitFor(
          async () => Math.max(...(await Promise.all([w.carl, w.pat].map((j) => adversary(j).warrantsAgainst(rogue.agentPubKey))))),
          (n) => n > 0,
          { what: `a warrant against ${what} at an honest conductor`, timeoutMs: 240_000 },
        );
      }
      for (const judge of [w.carl, w.pat]) {
        for (const honest of [w.carl, w.pat, w.zoe, w.zack]) {
          expect(await adversary(judge).warrantsAgainst(honest.agentPubKey)).toBe(0);
        }
      }
      // I12 on each honest node's own view: its balance plus what it paid and is not receipted.
      let sum = 0;
      for (const honest of [w.carl, w.pat, w.zoe, w.zack]) {
        const b = await ledger(honest).balance();
        sum += b.balance + b.pending_out;
      }
      expect(sum).toBe(0);
    },
  },
];

describeConcurrently(
  "rogue money records are rejected and honest households never build on them",
  cases,
  async (scenario) => {
    const properties: Partial<NetworkProperties> = {
      cycle_seconds: CYCLE_SECONDS,
      cycles_per_billing_period: 1,
      credit_limit: CREDIT_LIMIT,
      cycle_epoch_ms: epochOpeningIn(FIRST_WINDOW_MS, CYCLE_SECONDS, 10),
    };
    const add = (options: { selfValidation?: boolean; zeroArc?: boolean } = {}) =>
      addPlayer(scenario, { happ: TEST_HAPP, properties, ...options });
    const started = Date.now();
    const phase = (what: string) => console.log(`rogue money scenario: ${what} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    // The first conductor starts the scenario's bootstrap and signal server; the rest start at once.
    const carl = await add();
    const [pat, fionaOriginal, zoeFull, zackFull] = await Promise.all([add(), add(), add(), add()]);
    const [rex, rita, rob, otto] = await Promise.all([1, 2, 3, 4].map(() => add({ selfValidation: false })));
    if (!pat || !fionaOriginal || !zoeFull || !zackFull || !rex || !rita || !rob || !otto) throw new Error("missing player");
    await scenario.shareAllAgents();
    const fullArc = [carl, pat, fionaOriginal, zoeFull, zackFull, rex, rita, rob, otto];

    await profiles(carl).create(household({ name: "Carl", postcode: "2008", accepted_methods: ["solar"] }));
    await profiles(pat).create(household({ name: "Pat", postcode: "2008", producer_methods: ["solar"] }));
    await profiles(fionaOriginal).create(household({ name: "Fiona", postcode: "2008", accepted_methods: ["solar"] }));
    await profiles(zoeFull).create(household({ name: "Zoe", postcode: "2008", producer_methods: ["solar"] }));
    await profiles(zackFull).create(household({ name: "Zack", postcode: "2008", accepted_methods: ["solar"] }));
    await profiles(rex).create(household({ name: "Rex", postcode: "2008", producer_methods: ["solar"] }));
    await profiles(rita).create(household({ name: "Rita", postcode: "2008", producer_methods: ["solar"] }));
    await profiles(rob).create(household({ name: "Rob", postcode: "2008", accepted_methods: ["solar"] }));
    await profiles(otto).create(household({ name: "Otto", postcode: "2008", producer_methods: ["solar"] }));
    await syncAll(fullArc);
    phase("households registered");
    // Which conductor folder is whose, for reading logs kept with IOEN_CONDUCTOR_LOGS.
    const folders = { carl, pat, fiona: fionaOriginal, zoe: zoeFull, zack: zackFull, rex, rita, rob, otto };
    console.log(`rogue money scenario: conductors ${Object.entries(folders).map(([name, p]) => `${name}=${path.basename(p.conductor.getTmpDirectory())}`).join(" ")}`);

    // ---- Cycle s - 1: offers, bids, contracts and confirmations for supply cycle s ----
    const window = await windowWithAtLeast(carl, WINDOW_NEEDED_MS);
    const s = window.bidding_for_cycle;
    phase(`bidding for cycle ${s}, ${Math.round((window.bidding_window_end / 1000 - Date.now()) / 1000)} s of its window left`);
    await market(rex).offer("solar", 1000);
    await market(rita).offer("solar", 500);
    const { offer_hash: ottoOffer } = await market(otto).offer("solar", 100);
    await market(zoeFull).offer("solar", 1000);
    await market(pat).offer("solar", 1000);
    const carlBid = await market(carl).bid(rex.agentPubKey, 500, PRICE);
    const fionaBid = await market(fionaOriginal).bid(pat.agentPubKey, 500, PRICE);
    const zackToRita = await market(zackFull).bid(rita.agentPubKey, 400, PRICE);
    const zackBid = await market(zackFull).bid(otto.agentPubKey, 300, PRICE);
    const robBid = await market(rob).bid(zoeFull.agentPubKey, 1000, 500_000);
    await syncAll(fullArc);
    const contractOf = async (answer: Promise<{ type: string; contract_hash?: ActionHash }>) => {
      const a = await answer;
      if (a.type !== "Contract" || !a.contract_hash) throw new Error("expected a contract");
      return a.contract_hash;
    };
    const carlContract = await contractOf(market(rex).accept(carlBid.bid_hash));
    const fionaContract = await contractOf(market(pat).accept(fionaBid.bid_hash));
    const zackContract = await contractOf(market(rita).accept(zackToRita.bid_hash));
    const robContract = await contractOf(market(zoeFull).accept(robBid.bid_hash));
    await syncAll(fullArc);
    await market(carl).confirm(carlContract);
    await market(fionaOriginal).confirm(fionaContract);
    const zackConfirmation = (await market(zackFull).confirm(zackContract)).confirmation_hash;
    await market(rob).confirm(robContract);
    await syncAll(fullArc);
    phase(`bids, contracts and confirmations, ${Math.round((window.bidding_window_end / 1000 - Date.now()) / 1000)} s of the window left`);
    // Zack stops storing for others (Holochain 0.6.3 publishes nothing a zero-arc household
    // writes, so it bid and confirmed while it held a full arc); then Otto answers its other bid
    // past his offer's capacity (300 > 100 Wh). Zack's own check of the contract comes before
    // "already confirmed", so it is what refuses.
    const zack = await restartPlayer(zackFull, { zeroArc: true });
    // Each restart or copy gives a conductor a new address: the running ones learn it at once.
    await announce(zack, [carl, pat, fionaOriginal, zoeFull, rex, rita, rob, otto]);
    const overCapacity = await adversary(otto).create(ENTRY.Contract, {
      offer: ottoOffer, bid: zackBid.bid_hash, energy_wh: 300, price_per_kwh: PRICE, previous_answer: null, allocated_wh: 300,
    });
    await adversary(otto).link(LINK.AnswerInbox, zack.agentPubKey, overCapacity, cycleTag(s));
    await reachable(zack, overCapacity, "Otto's contract");
    const overCapacityRefusal = await refusal(() => market(zack).confirm(overCapacity));

    // ---- Cycle s + 1: period s is over; bills ----
    await untilCycle(carl, s + 1);
    await autoInvoiceAll(rex);
    await autoInvoiceAll(pat);
    await autoInvoiceAll(zoeFull);
    // Zoe's bill must reach Rob while she still publishes (at full arc). Not a `dhtSync`: the
    // honest stores need never agree on the ops of a rogue that some peers blocked before its
    // ops reached them (it timed out so once).
    const robBill = await waitFor(() => ledger(rob).myInvoices("consumer"), (v) => v.some((i) => i.status === "issued"), {
      what: "Rob to see Zoe's invoice issued",
      timeoutMs: READ_TIMEOUT_MS,
    });
    const zoe = await restartPlayer(zoeFull, { zeroArc: true });
    await announce(zoe, [carl, pat, fionaOriginal, zack, rex, rita, rob, otto]);
    phase("bills");
    // Rita bills Zack's 400 Wh at ten times their cost, as her first invoice.
    const ritaAccount = await accountHash(rita);
    const inflatedLine = { contract: zackContract, confirmation: zackConfirmation, delivered_wh: 400, amount: 10 * cost(400, PRICE) };
    const inflatedOpen = {
      consumer: zack.agentPubKey, period: s, previous_invoice: ritaAccount, lines: [inflatedLine], total: inflatedLine.amount, status: "open",
    };
    const inflated = await retrying(() => adversary(rita).create(ENTRY.Invoice, inflatedOpen));
    const inflatedIssued = await retrying(() => adversary(rita).update(inflated, { ...inflatedOpen, status: "issued" }));
    await adversary(rita).link(LINK.InvoiceInbox, zack.agentPubKey, inflated, periodTag(s));
    await reachable(zack, inflated, "Rita's invoice");
    const inflatedRefusal = await refusal(() => ledger(zack).pay(inflated));
    const autoPaid = (await autoPayAll(zack)).length;

    // Carl pays Rex's honest invoice; Rob pays Zoe's past his credit limit, by a raw write.
    const carlBill = await waitFor(() => ledger(carl).myInvoices("consumer"), (v) => v.some((i) => i.status === "issued"), {
      what: "Carl to see Rex's invoice issued",
      timeoutMs: READ_TIMEOUT_MS,
    });
    // Rex restarts with a clock a few seconds slow just before Carl pays him; the receipts he
    // writes the moment the payment is made are dated before it.
    phase("zero-arc refusals");
    const slowRex = await restartPlayer(rex, { clockOffsetSeconds: SLOW_CLOCK_SECONDS });
    await announce(slowRex, [carl, pat, fionaOriginal, zack, zoe, rita, rob, otto]);
    const rexAccount = await accountHash(slowRex);
    const carlPaid = await ledger(carl).pay(carlBill[0]!.invoice_hash);
    const [r1, r2] = await adversary(slowRex).repeatReceipt({
      payment: carlPaid.payment_hash, amount: carlPaid.amount, previous_entry: rexAccount, previous_balance: 0, credit_limit: CREDIT_LIMIT, times: 2,
    });
    if (!r1 || !r2) throw new Error("the replay wrote fewer than two receipts");
    // Best effort: once an honest peer has blocked Rex, these links may never reach it.
    for (const r of [r1, r2]) await adversary(slowRex).link(LINK.ReceiptInbox, carl.agentPubKey, r);
    const robAccount = await accountHash(rob);
    const overLimit = await adversary(rob).create(ENTRY.Payment, {
      invoice: robBill[0]!.version_hash, payee: zoe.agentPubKey, amount: 500_000, previous_entry: robAccount, balance_after: -500_000, credit_limit: CREDIT_LIMIT,
    });
    await adversary(rob).link(LINK.PaymentInbox, zoe.agentPubKey, overLimit);
    await reachable(zoe, overLimit, "Rob's payment");
    const overLimitRefusal = await refusal(() => ledger(zoe).acknowledge(overLimit));
    const autoAcknowledged = (await autoAcknowledgeAll(zoe)).length;

    // ---- The fork: Fiona's data is copied to a second conductor, which pays her bill; then
    // the original pays it too ----
    const fionaBill = await waitFor(() => ledger(fionaOriginal).myInvoices("consumer"), (v) => v.some((i) => i.status === "issued"), {
      what: "Fiona to see Pat's invoice issued",
      timeoutMs: READ_TIMEOUT_MS,
    });
    phase("the replay");
    const twin = await forkPlayer(scenario, fionaOriginal);
    console.log(`rogue money scenario: the twin is ${path.basename(twin.conductor.getTmpDirectory())}`);
    await introduce([twin, carl, pat, zack, zoe, slowRex, rita, rob, otto]);
    const twinPaid = await ledger(twin).pay(fionaBill[0]!.invoice_hash);
    await waitFor(() => adversary(pat).recordStatus(twinPaid.payment_hash), (status) => status === "Valid", {
      what: "the twin's payment to reach Pat",
      timeoutMs: 240_000,
    });
    phase("the twin's payment reached Pat");
    await twin.conductor.shutDown();
    const fiona = await restartPlayer(fionaOriginal);
    await announce(fiona, [carl, pat, zack, zoe, slowRex, rita, rob, otto]);
    const fionaPaid = await ledger(fiona).pay(fionaBill[0]!.invoice_hash);
    expect(fionaPaid.payment_hash).not.toEqual(twinPaid.payment_hash);

    const localRecord = async (p: PlayerApp, h: ActionHash) => {
      const found = await adversary(p).getRecordLocal(h);
      if (!found) throw new Error("a record its own author does not hold");
      return found;
    };

    const world: World = {
      carl, pat, fiona, zoe, zack, rex: slowRex, rita, rob, otto,
      fork: { payments: [twinPaid.payment_hash, fionaPaid.payment_hash], amount: fionaPaid.amount },
      overCapacity: { contract: overCapacity, refusal: overCapacityRefusal },
      inflated: { invoice: inflated, issued: inflatedIssued, refusal: inflatedRefusal, autoPaid },
      overLimit: { payment: overLimit, refusal: overLimitRefusal, autoAcknowledged },
      replay: {
        payment: await localRecord(carl, carlPaid.payment_hash),
        receipts: [await localRecord(slowRex, r1), await localRecord(slowRex, r2)],
        amount: carlPaid.amount,
      },
    };
    phase("the fork");
    // Which refusal each zero-arc household met first (it varies with what reached it first).
    console.log(`zero-arc refusals: confirm "${overCapacityRefusal}"; pay "${inflatedRefusal}"; acknowledge "${overLimitRefusal}"`);
    return (c) => c.check(world);
  },
  { setupTimeoutMs: 720_000 },
);

/** Waits until a zero-arc household can read `hash` from the network (after its restart). */
async function reachable(player: PlayerApp, hash: ActionHash, what: string): Promise<void> {
  await waitFor(() => adversary(player).getRecord(hash), (r) => r !== null, { what: `${what} to reach a zero-arc household`, timeoutMs: 120_000 });
}

/** The message of the error `write` fails with; fails when it succeeds. */
async function refusal(write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // The zome's own sentence, as the host wraps it.
    return /Guest\("((?:[^"\\]|\\.)*)"\)/.exec(text)?.[1] ?? text;
  }
  throw new Error("an honest household built on a rogue record");
}

/** A household's chain holds no Receipt. */
async function expectNoReceipt(player: PlayerApp): Promise<void> {
  const statement = await ledger(player).statement();
  expect(statement.movements.filter((m) => m.kind === "receipt")).toEqual([]);
}

/** Escapes a string for a regular expression. */
function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The player's own Account: the root of its ledger pointer chain and of its invoice chain. */
async function accountHash(player: PlayerApp): Promise<ActionHash> {
  const hash = await adversary(player).ownAccount();
  if (!hash) throw new Error("the household has no account");
  return hash;
}

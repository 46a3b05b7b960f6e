// The households' web UI in a real browser (Debian's Chromium driven by playwright-core) against
// real conductors started by `scripts/start.mjs`: a producer and a consumer, each in its own
// browser context, register, offer, bid, accept, confirm, and with short cycles record a meter
// reading below the contract and reach an issued, paid and receipted invoice, each seeing the
// other's steps without reloading. Screenshots of each main screen go to
// target/test-reports/screenshots, or to docs/screenshots with IOEN_SCREENSHOTS=docs (how the
// README's pictures are made).

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait.js";
import { ROOT, startMarket, type LocalMarket } from "./market.js";

const METHODS = ["solar", "wind", "hydro", "battery", "biomass", "grid"];
const CHROMIUM = process.env.IOEN_CHROMIUM ?? "/usr/bin/chromium";
const CYCLE_SECONDS = 45;
const SCREENSHOTS =
  process.env.IOEN_SCREENSHOTS === "docs"
    ? path.join(ROOT, "docs/screenshots")
    : path.join(ROOT, "target/test-reports/screenshots");
/** Long enough for discovery over the local network and a cycle boundary or two. */
const SEE = { timeout: 150_000 };
/**
 * Discovery waits for the producer's path link to reach the consumer, which answers `get_links`
 * from its own store. After a failed first connection that takes about a minute more
 * (decision 41).
 */
const DISCOVERY = { timeout: 300_000 };
const DATA_DIR = path.join(ROOT, "tests/.tmp/ui-market");

let market: LocalMarket;
let browser: Browser;
let producer: Page;
let consumer: Page;
const problems: string[] = [];

/** Opens a household's UI in a fresh browser context and records every console error. */
async function open(address: string, width = 1280, height = 860): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${address}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${address}: ${e.message}`));
  await page.goto(address);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function register(page: Page, name: string, produces: string[], accepts: string[]): Promise<void> {
  const form = page.getByTestId("profile-form");
  await form.waitFor(SEE);
  await form.getByLabel("Household name").fill(name);
  await form.getByLabel("Postcode").fill("2008");
  for (const m of METHODS) {
    await form.locator(`input[name="produces"][value="${m}"]`).setChecked(produces.includes(m));
    await form.locator(`input[name="accepts"][value="${m}"]`).setChecked(accepts.includes(m));
  }
  await form.getByRole("button", { name: "Register" }).click();
  await page.getByRole("tab").first().waitFor(SEE);
}

/** Seconds left in the current cycle, as the page's clock shows it. */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.locator(".countdown").textContent()) ?? "0:00";
  const [m, s] = text.split(":").map(Number);
  return (m ?? 0) * 60 + (s ?? 0);
}

/** Waits for the start of a cycle, so a whole bidding window lies ahead. */
async function atCycleStart(page: Page): Promise<number> {
  const cycle = Number(await page.getByTestId("current-cycle").textContent());
  await page.waitForFunction(
    (c) => Number(document.querySelector('[data-testid="current-cycle"]')?.textContent) > c,
    cycle,
    { timeout: (CYCLE_SECONDS + 30) * 1000 },
  );
  return cycle + 1;
}

describe("the web UI, in a browser, between two households", () => {
  beforeAll(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    market = await startMarket({
      dataDir: DATA_DIR,
      households: 2,
      cycleSeconds: CYCLE_SECONDS,
      billingCycles: 2,
      uiPort: 8961,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run"],
    });
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await market?.stop();
  }, 60_000);

  it("registers, trades a cycle, bills, pays and receipts", async () => {
    try {
      await tradeThroughTheUi();
    } catch (error) {
      await reportFailure();
      throw error;
    }
  }, 900_000);
});

/** What the pages showed and the conductors logged when a step failed: CI keeps only the output. */
async function reportFailure(): Promise<void> {
  for (const [name, page] of [["producer", producer], ["consumer", consumer]] as const) {
    if (!page) continue;
    await shot(page, `failure-${name}`).catch(() => undefined);
    const text = await page.locator("body").innerText().catch((e: unknown) => String(e));
    console.error(`--- the ${name}'s page when the step failed:\n${text}`);
  }
  console.error(`--- start.mjs printed:\n${market.output().split("\n").slice(-30).join("\n")}`);
  const logs = path.join(DATA_DIR, "logs");
  for (const file of existsSync(logs) ? readdirSync(logs) : []) {
    const lines = readFileSync(path.join(logs, file), "utf8").split("\n").filter((l) => /WARN|ERROR/.test(l));
    console.error(`--- ${file}: ${lines.length} warnings and errors, the last ones:\n${lines.slice(-15).join("\n")}`);
  }
}

async function tradeThroughTheUi(): Promise<void> {
  const [a, b] = market.households;
  if (!a || !b) throw new Error(`the market has ${market.households.length} households`);
  producer = await open(a.ui_address);
  consumer = await open(b.ui_address);

  // Registration, with a mistake shown in place first.
  await consumer.getByTestId("profile-form").waitFor(SEE);
  await consumer.getByLabel("Postcode").fill("20O8");
  await consumer.getByRole("button", { name: "Register" }).click();
  await consumer.getByText("'20O8' is not a valid postcode: expected 4 digits (AU).").waitFor();
  await shot(consumer, "1-register");
  await register(producer, "Rooftop Rita", ["solar"], []);
  await register(consumer, "Corner Cafe", [], ["solar"]);

  // The consumer finds the producer through the network.
  await consumer.getByRole("tab", { name: "Buy energy" }).click();
  const rita = consumer.getByTestId("producer").filter({ hasText: "Rooftop Rita" });
  const discovering = Date.now();
  await rita.waitFor(DISCOVERY);
  console.log(`e2e: the consumer saw the producer ${Math.round((Date.now() - discovering) / 1000)} s after registering`);

  // One whole bidding window: offer, bid, accept, confirm.
  await producer.getByRole("tab", { name: "Sell energy" }).click();
  if ((await secondsLeft(producer)) < CYCLE_SECONDS - 10) await atCycleStart(producer);
  const supplyCycle = Number(await producer.getByTestId("current-cycle").textContent()) + 1;
  await producer.getByLabel(/Capacity for cycle/).fill("3");
  await producer.getByRole("button", { name: "Offer" }).click();
  await producer.getByTestId("capacity-text").waitFor(SEE);

  await rita.getByLabel("Energy (kWh)").fill("1.5");
  await rita.getByLabel("Price (IOEN/kWh)").fill("0.3");
  expect(await rita.getByTestId("bid-cost").textContent()).toBe("0.45 IOEN");
  await rita.getByRole("button", { name: "Bid" }).click();
  await consumer.getByTestId("my-bids").getByText("Waiting").waitFor(SEE);

  // The producer sees the bid arrive without reloading, and accepts it.
  const incoming = producer.getByTestId("incoming-bid").filter({ hasText: "Corner Cafe" });
  await incoming.waitFor(SEE);
  await incoming.getByRole("button", { name: "Accept" }).click();
  await producer.getByTestId("capacity-text").getByText("1.5 kWh of 3 kWh contracted").waitFor(SEE);
  await shot(producer, "3-sell");

  // The consumer sees the contract and confirms it; the producer sees the confirmation.
  await consumer.getByTestId("my-bids").getByRole("button", { name: "Confirm" }).click({ timeout: SEE.timeout });
  await consumer.getByTestId("confirmed").waitFor(SEE);
  await shot(consumer, "2-buy");
  await incoming.getByText("Confirmed").waitFor(SEE);

  // After the supply cycle, the producer bills it; after the period, the invoice is issued.
  await producer.getByRole("tab", { name: "Bills & IOEN" }).click();
  await consumer.getByRole("tab", { name: "Bills & IOEN" }).click();
  await producer.waitForFunction(
    (c) => Number(document.querySelector('[data-testid="current-cycle"]')?.textContent) > c,
    supplyCycle,
    { timeout: 2 * (CYCLE_SECONDS + 30) * 1000 },
  );
  const sent = producer.getByTestId("invoice");
  // The meter measured less than contracted: the producer bills 1.2 of the 1.5 kWh.
  await producer.getByText("Record meter readings").click();
  const reading = producer.getByTestId("meter-reading").filter({ hasText: "Corner Cafe" });
  await reading.waitFor(SEE);
  await reading.getByLabel("Delivered (kWh)").fill("1.2");
  await shot(producer, "7-meter-reading");
  await reading.getByRole("button", { name: "Record" }).click();
  await sent.getByText("1 line · 1.2 kWh").waitFor(SEE);
  const invoiceAll = producer.getByRole("button", { name: "Invoice my deliveries" });
  await waitFor(
    async () => {
      await invoiceAll.click();
      return sent.getAttribute("data-status").catch(() => null);
    },
    (status) => status === "issued",
    {
      what: "the producer's invoice to be issued",
      timeoutMs: 3 * (CYCLE_SECONDS + 30) * 1000,
      intervalMs: 2000,
      retryOn: /(?!)/, // a failed click fails the test at once, as any other step
    },
  );
  expect(await sent.getByTestId("invoice-total").textContent()).toBe("0.36 IOEN");

  // The consumer sees the issued invoice without reloading, and pays it.
  const bill = consumer.getByTestId("invoice").filter({ hasText: "Rooftop Rita" });
  await bill.getByRole("button", { name: "Pay 0.36 IOEN" }).click({ timeout: SEE.timeout });
  await consumer.getByTestId("balance").getByText("-0.36 IOEN").waitFor(SEE);

  // The producer sees the payment and acknowledges it; both see the receipt.
  await sent.getByRole("button", { name: "Acknowledge payment" }).click({ timeout: SEE.timeout });
  await producer.getByTestId("balance").getByText("0.36 IOEN").waitFor(SEE);
  await bill.and(consumer.locator('[data-status="receipted"]')).waitFor(SEE);
  await shot(consumer, "4-billing");

  await consumer.getByRole("tab", { name: "Insights" }).click();
  await consumer.getByTestId("renewable-share").getByText("100 %").waitFor(SEE);
  await shot(consumer, "5-insights");

  // A phone-width screen.
  const phone = await open(b.ui_address, 390, 844);
  await phone.getByRole("tab", { name: "Buy energy" }).click();
  await phone.getByTestId("cycle-clock").waitFor(SEE);
  await shot(phone, "6-phone");

  expect(problems).toEqual([]);
}


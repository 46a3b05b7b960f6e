import type { AppWebsocket } from "@holochain/client";
import { describe, expect, it, vi } from "vitest";
import { Api, ZomeError } from "./api";
import type { Connection } from "./connection";

/** An Api over a fake client whose callZome answers from a script of outcomes. */
function apiWith(outcomes: (unknown | Error)[], observe = vi.fn()) {
  const callZome = vi.fn(async () => {
    const next = outcomes.shift();
    if (next instanceof Error) throw next;
    return next;
  });
  const connection = {
    client: { callZome } as unknown as AppWebsocket,
    cellId: [new Uint8Array(39), new Uint8Array(39)],
    agent: new Uint8Array(39),
    roleName: "ioen_micro_ledger",
  } as Connection;
  return { api: new Api(connection, observe, async () => {}), callZome, observe };
}

describe("Api", () => {
  it("retries a write that may be retried, then returns its result", async () => {
    const retry = new Error("The commit could not be completed but may be retried: DepMissingFromDht(…)");
    const { api, callZome } = apiWith([retry, retry, { ok: 1 }]);
    await expect(api.autoAccept(7)).resolves.toEqual({ ok: 1 });
    expect(callZome).toHaveBeenCalledTimes(3);
    expect(callZome).toHaveBeenLastCalledWith({ role_name: "ioen_micro_ledger", zome_name: "market", fn_name: "auto_accept", payload: 7 });
  });

  it("gives up on retrying after a bound", async () => {
    const retry = new Error("may be retried: DepMissingFromDht");
    const { api, callZome } = apiWith(Array.from({ length: 20 }, () => retry));
    await expect(api.autoPay()).rejects.toThrow(/has not caught up/);
    expect(callZome).toHaveBeenCalledTimes(9);
  });

  it("turns a refusal into the zome's sentence at once", async () => {
    const { api, callZome } = apiWith([new Error('Guest("A household cannot bid to itself.")')]);
    const error = await api.createBid({ producer: new Uint8Array(39), energy_wh: 1, price_per_kwh: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZomeError);
    expect((error as ZomeError).message).toBe("A household cannot bid to itself.");
    expect(callZome).toHaveBeenCalledTimes(1);
  });

  it("reports a lost connection and its recovery", async () => {
    const closed = Object.assign(new Error("Websocket is not open"), { name: "WebsocketClosedError" });
    const { api, observe } = apiWith([closed, { current_cycle: 3 }]);
    const error = await api.getCycleInfo().catch((e: unknown) => e);
    expect((error as ZomeError).connectionLost).toBe(true);
    expect(observe).toHaveBeenLastCalledWith("connection-lost");
    await api.getCycleInfo();
    expect(observe).toHaveBeenLastCalledWith("ok");
  });

  it("drains an automation function until it returns null", async () => {
    const { api } = apiWith([{}, {}, null]);
    await expect(api.drain(() => api.autoInvoice())).resolves.toBe(2);
  });
});

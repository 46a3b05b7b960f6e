import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../lib/api";
import type { PendingDelivery } from "../lib/stores/deliveries.svelte";
import MeterReading from "./MeterReading.svelte";

const key = (n: number) => new Uint8Array(39).fill(n);
const delivery: PendingDelivery = {
  contract: {
    contract_hash: key(7),
    contract: { offer: key(1), bid: key(2), energy_wh: 1500, price_per_kwh: 300_000, previous_answer: null, allocated_wh: 1500 },
    producer: key(3),
    consumer: key(4),
    role: "producer",
    confirmed: true,
  },
  cycle: 10,
  period: 5,
};

afterEach(cleanup);

describe("MeterReading", () => {
  it("starts at the contracted energy, refuses more in place and records exact watt-hours", async () => {
    const recordDelivery = vi.fn(async () => ({}));
    const onRecorded = vi.fn();
    render(MeterReading, { props: { api: { recordDelivery } as unknown as Api, delivery, name: "Corner Cafe", onRecorded } });
    const input = screen.getByLabelText("Delivered (kWh)") as HTMLInputElement;
    expect(input.value).toBe("1.5");
    expect(screen.getByText("0.45 IOEN")).toBeTruthy();
    await fireEvent.input(input, { target: { value: "1.6" } });
    expect(screen.getByText("At most the 1.5 kWh contracted.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Record" }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(input, { target: { value: "1.2" } });
    expect(screen.getByText("0.36 IOEN")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Record" }));
    await vi.waitFor(() => expect(onRecorded).toHaveBeenCalled());
    expect(recordDelivery).toHaveBeenCalledWith(key(7), 1200);
  });

  it("shows the zome's refusal", async () => {
    const recordDelivery = vi.fn(async () => Promise.reject(new Error('Guest("The delivery of this contract is already on its invoice.")')));
    render(MeterReading, { props: { api: { recordDelivery } as unknown as Api, delivery, name: "Corner Cafe", onRecorded: () => {} } });
    await fireEvent.click(screen.getByRole("button", { name: "Record" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "The delivery of this contract is already on its invoice.");
  });
});

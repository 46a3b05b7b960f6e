import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../lib/api";
import type { Listing } from "../lib/types";
import BidForm from "./BidForm.svelte";

const producer: Listing = {
  agent: new Uint8Array(39).fill(1),
  profile_hash: new Uint8Array(39).fill(2),
  profile: { name: "Rooftop Rita", postcode: "2008", producer_methods: ["solar"], accepted_methods: [] },
  matched_methods: ["solar"],
  same_postcode: true,
};

afterEach(cleanup);

describe("BidForm", () => {
  it("shows the cost live by the market's rounding rule and sends exact integers", async () => {
    const createBid = vi.fn(async () => ({}));
    const onBid = vi.fn();
    render(BidForm, { props: { api: { createBid } as unknown as Api, producer, onBid } });
    await fireEvent.input(screen.getByLabelText("Energy (kWh)"), { target: { value: "1.5" } });
    await fireEvent.input(screen.getByLabelText("Price (IOEN/kWh)"), { target: { value: "0.333333" } });
    expect(screen.getByTestId("bid-cost").textContent).toBe("0.50 IOEN");
    await fireEvent.click(screen.getByRole("button", { name: "Bid" }));
    await vi.waitFor(() => expect(onBid).toHaveBeenCalled());
    expect(createBid).toHaveBeenCalledWith({ producer: producer.agent, energy_wh: 1500, price_per_kwh: 333_333 });
  });

  it("explains a bad number in place and shows the zome's refusal", async () => {
    const createBid = vi.fn(async () => Promise.reject(new Error('Guest("You already bid to this producer for supply cycle 7.")')));
    render(BidForm, { props: { api: { createBid } as unknown as Api, producer, onBid: () => {} } });
    await fireEvent.input(screen.getByLabelText("Energy (kWh)"), { target: { value: "1.2345" } });
    expect(screen.getByText("An energy in kWh can have at most 3 decimals.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Bid" }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByLabelText("Energy (kWh)"), { target: { value: "1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Bid" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "You already bid to this producer for supply cycle 7.");
  });
});

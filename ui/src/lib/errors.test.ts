import { describe, expect, it } from "vitest";
import { errorMessage, isConnectionError, isRetryable } from "./errors";

describe("errorMessage", () => {
  it("digs the zome's sentence out of a coordinator error", () => {
    const error = new Error(
      'Wasm runtime error while working with Ribosome: RuntimeError: WasmError { file: "x.rs", line: 1, error: Guest("You already bid to this producer for supply cycle 7.") }',
    );
    expect(errorMessage(error)).toBe("You already bid to this producer for supply cycle 7.");
  });
  it("digs out a validation refusal and unescapes it", () => {
    const error = new Error('source chain error: InvalidCommit("Invalid(\\"The price is \\\\\\"low\\\\\\".\\")")');
    expect(errorMessage(new Error('Invalid("A bid must be for more than 0 Wh.")'))).toBe("A bid must be for more than 0 Wh.");
    expect(errorMessage(error)).toContain("The price is");
  });
  it("names a lost connection and a retryable commit", () => {
    const closed = Object.assign(new Error("Websocket is not open"), { name: "WebsocketClosedError" });
    expect(isConnectionError(closed)).toBe(true);
    expect(errorMessage(closed)).toMatch(/connection .* lost/);
    const retry = new Error("The commit could not be completed but may be retried: DepMissingFromDht(…)");
    expect(isRetryable(retry)).toBe(true);
    expect(isRetryable(new Error('Guest("may be retried")'))).toBe(false);
  });
});

describe("errorMessage of a refused invitation (rule I14)", () => {
  it("digs the rule's sentence out of a failed genesis check", () => {
    const error = new Error(
      'Conductor returned an error while using a ConductorApi: GenesisFailed { errors: [(CellId(..), Genesis(WorkflowError(GenesisFailure("This invitation was made for another agent key; ask for one for your own key."))))] }',
    );
    expect(errorMessage(error)).toBe("This invitation was made for another agent key; ask for one for your own key.");
  });
});

import { describe, expect, it } from "vitest";
import { parseInvitationCode } from "./connection";

const bytes = Uint8Array.from({ length: 166 }, (_, i) => i);
const code = btoa(String.fromCharCode(...bytes));

describe("parseInvitationCode", () => {
  it("reads a code as the steward gives it, with stray spaces and line breaks", () => {
    expect(parseInvitationCode(code)).toEqual(bytes);
    expect(parseInvitationCode(` ${code.slice(0, 100)}\n${code.slice(100)} `)).toEqual(bytes);
  });
  it("says why a pasted text is not a code", () => {
    expect(parseInvitationCode("  ")).toBe("Paste the invitation code your steward gave you.");
    expect(parseInvitationCode("not a code!")).toMatch(/only letters, digits/);
    expect(parseInvitationCode(code.slice(0, 200))).toBe(
      "This invitation code is 150 bytes long instead of 166; check that it was copied whole.",
    );
  });
});

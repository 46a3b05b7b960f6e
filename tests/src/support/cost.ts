// The TypeScript twin of `ioen_core::cost`, the one rule that turns energy and price into money
// (docs/decisions.md 14), lives with the web UI, which shows costs live; the scenarios use the
// same module, so the UI and the tests cannot drift apart.
export { cost, costBig, formatIoen } from "../../../ui/src/lib/money.js";

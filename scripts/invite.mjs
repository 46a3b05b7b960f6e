// `npm run invite`: a steward's invitation code for one household's agent key (rule I14), or a
// new steward key for a network that is about to be published.
//
//   npm run invite -- <agent key> [--credit-limit IOEN] [--days N] [--steward FILE]
//   npm run invite -- --new-steward FILE
//
// The household pastes the code into its web UI (a desktop install asks for it) or its installer
// passes the decoded bytes as the membrane proof. The steward key defaults to the one `npm start`
// made for its market (.local/start/steward.pem).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createSteward, invitationCode, loadSteward, signInvitation } from "./lib/invitation.mjs";
import { ROOT, fail } from "./lib/tools.mjs";

const DEFAULT_STEWARD = path.join(ROOT, ".local/start/steward.pem");
const AGENT_KEY = /^uhCAk[A-Za-z0-9_-]{48}$/;
const MICRO_IOEN_PER_IOEN = 1_000_000;
/** The network's maximum, from dna.yaml's default `credit_limit` (1,000 IOEN). */
const DEFAULT_CREDIT_IOEN = 1_000;
const DEFAULT_DAYS = 7;
const USAGE = `Usage: npm run invite -- <agent key> [--credit-limit IOEN] [--days N] [--steward FILE]
       npm run invite -- --new-steward FILE

Prints the invitation code a steward gives one household (rule I14): the household's agent key
(uhCAk..., shown by its web UI while it waits for an invitation), a credit limit in whole IOEN
(default ${DEFAULT_CREDIT_IOEN}; at most the network's) and how many days the code stays usable (default ${DEFAULT_DAYS}).
--steward names the steward's key (default .local/start/steward.pem, made by npm start).
--new-steward FILE writes a new steward key and prints its agent key, to name in dna.yaml's
stewards before publishing a network's .webhapp.`;

function main() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        "credit-limit": { type: "string" },
        days: { type: "string" },
        steward: { type: "string" },
        "new-steward": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    fail(`${error.message}; run \`npm run invite -- --help\`.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values["new-steward"]) {
    const file = path.resolve(values["new-steward"]);
    if (existsSync(file)) fail(`${file} exists; a steward key is never overwritten.`);
    const steward = createSteward();
    writeFileSync(file, steward.privateKeyPem, { mode: 0o600 });
    console.log(steward.agentKeyB64);
    return;
  }
  if (positionals.length !== 1) fail(`give exactly one agent key to invite.\n\n${USAGE}`);
  const invitee = positionals[0];
  if (!AGENT_KEY.test(invitee)) fail(`"${invitee}" is not an agent key: it has 53 characters and starts with uhCAk.`);
  const creditIoen = wholeNumber(values["credit-limit"], "--credit-limit", DEFAULT_CREDIT_IOEN, 0, 9_000_000_000);
  const days = wholeNumber(values.days, "--days", DEFAULT_DAYS, 1, 3_660);
  const stewardFile = path.resolve(values.steward ?? DEFAULT_STEWARD);
  if (!existsSync(stewardFile)) fail(`no steward key at ${stewardFile}: run npm start once, or give --steward FILE.`);
  let steward;
  try {
    steward = loadSteward(readFileSync(stewardFile, "utf8"));
  } catch (error) {
    fail(`${stewardFile} is not a steward key (an Ed25519 private key in PEM): ${error.message}`);
  }
  const invitation = signInvitation(steward, {
    invitee,
    creditLimit: BigInt(creditIoen) * BigInt(MICRO_IOEN_PER_IOEN),
    expiresAtMs: Date.now() + days * 86_400_000,
  });
  console.log(invitationCode(invitation));
}

function wholeNumber(raw, flag, fallback, min, max) {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(`${flag} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return Number(raw);
}

main();

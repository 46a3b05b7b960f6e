// How the UI reaches its household's conductor. Inside the Holochain Launcher or Kangaroo the
// host injects the app port, token and a zome-call signer (`AppWebsocket.connect()` finds
// them); in a browser, `npm start` serves `connection.json` beside the page with the app port, a
// token and signing credentials made for this page (docs/decisions.md, "How a browser reaches a
// household").

import {
  AppWebsocket,
  CellType,
  setSigningCredentials,
  type AgentPubKey,
  type AppInfo,
  type CellId,
} from "@holochain/client";

/** The role of our DNA in the hApp (happ.yaml). */
export const ROLE_NAME = "ioen_micro_ledger";
const CALL_TIMEOUT_MS = 60_000;

/** What `npm start` serves at `./connection.json` for one household. */
export interface ConnectionFile {
  app_port: number;
  installed_app_id?: string;
  role_name?: string;
  token: number[];
  household?: string;
  signing?: { cap_secret: number[]; public_key: number[]; secret_key: number[]; signing_key: number[] } | null;
}

/** An open connection to the household's cell. */
export interface Connection {
  client: AppWebsocket;
  cellId: CellId;
  agent: AgentPubKey;
  roleName: string;
}

/** Thrown when the page has no way to find its conductor. */
export class NoConductorError extends Error {
  override name = "NoConductorError";
}

/**
 * Thrown when the app was installed without an invitation (a desktop install): it waits for
 * the household to paste one (rule I14), which {@link joinWithInvitation} hands to the conductor.
 */
export class AwaitingInvitationError extends Error {
  override name = "AwaitingInvitationError";
  constructor(
    readonly client: AppWebsocket,
    readonly agent: AgentPubKey,
    readonly roleName: string,
  ) {
    super("This household has not joined its network yet: it needs an invitation code.");
  }
}

/** The length of an invitation (ioen_core::membership): 166 bytes, 224 characters of base64. */
const INVITATION_BYTES = 166;

/**
 * The bytes of an invitation code as a steward gives it (base64; spaces and line breaks are
 * ignored), or a sentence saying why it is not one.
 */
export function parseInvitationCode(code: string): Uint8Array | string {
  const compact = code.replace(/\s+/g, "");
  if (compact === "") return "Paste the invitation code your steward gave you.";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return "An invitation code has only letters, digits, + and /; check that it was copied whole.";
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  } catch {
    return "This invitation code is not valid base64; check that it was copied whole.";
  }
  if (bytes.length !== INVITATION_BYTES) {
    return `This invitation code is ${bytes.length} bytes long instead of ${INVITATION_BYTES}; check that it was copied whole.`;
  }
  return bytes;
}

/**
 * Joins the network with `invitation` as this household's membrane proof (an empty one on an
 * open network) and enables the app. The conductor runs the network's genesis checks first and
 * refuses a wrong invitation with the rule's sentence; the app then keeps waiting for one.
 */
export async function joinWithInvitation(waiting: AwaitingInvitationError, invitation: Uint8Array): Promise<void> {
  await waiting.client.provideMemproofs({ [waiting.roleName]: invitation });
  await waiting.client.enableApp();
}

/** Opens the connection, from the Launcher's environment or from `connection.json`. */
export async function connect(): Promise<Connection> {
  if (inLauncher()) {
    const client = await AppWebsocket.connect({ defaultTimeout: CALL_TIMEOUT_MS });
    return connectionOf(client, ROLE_NAME);
  }
  const file = await loadConnectionFile();
  const url = new URL(`ws://${location.hostname || "127.0.0.1"}:${file.app_port}`);
  const client = await AppWebsocket.connect({ url, token: file.token, defaultTimeout: CALL_TIMEOUT_MS });
  const connection = await connectionOf(client, file.role_name ?? ROLE_NAME);
  if (file.signing) {
    setSigningCredentials(connection.cellId, {
      capSecret: new Uint8Array(file.signing.cap_secret),
      keyPair: { publicKey: new Uint8Array(file.signing.public_key), privateKey: new Uint8Array(file.signing.secret_key), keyType: "ed25519" },
      signingKey: new Uint8Array(file.signing.signing_key),
    });
  }
  return connection;
}

function inLauncher(): boolean {
  return typeof window !== "undefined" && "__HC_LAUNCHER_ENV__" in window;
}

async function loadConnectionFile(): Promise<ConnectionFile> {
  let response: Response;
  try {
    response = await fetch("./connection.json", { cache: "no-store" });
  } catch {
    throw new NoConductorError("The page could not load its connection details; is `npm start` still running?");
  }
  if (!response.ok) {
    throw new NoConductorError(
      "This page has no connection to a household: open it from the address `npm start` prints, or install the .webhapp in the Holochain Launcher.",
    );
  }
  const file = (await response.json()) as Partial<ConnectionFile>;
  if (typeof file.app_port !== "number" || !Array.isArray(file.token)) {
    throw new NoConductorError("The connection details of this page are incomplete; restart `npm start`.");
  }
  return file as ConnectionFile;
}

async function connectionOf(client: AppWebsocket, roleName: string): Promise<Connection> {
  const info: AppInfo | null = await client.appInfo();
  if (!info) throw new NoConductorError("The conductor does not know this app; reinstall it.");
  if (info.status.type === "awaiting_memproofs") throw new AwaitingInvitationError(client, info.agent_pub_key, roleName);
  const cell = info.cell_info[roleName]?.find((c) => c.type === CellType.Provisioned);
  if (!cell || cell.type !== CellType.Provisioned) {
    throw new NoConductorError(`The app has no cell for the role ${roleName}.`);
  }
  return { client, cellId: cell.value.cell_id, agent: client.myPubKey, roleName };
}

// Zome and connection errors as sentences a household can read. The zomes already phrase every
// refusal as one sentence (docs/api.md); this digs it out of the conductor's wrapping.

// A rule's sentence as the conductor quotes it: a zome's refusal (Guest, Invalid), a failed
// genesis check (an invitation refused, rule I14) or a failed `init`.
const QUOTED_REASON = /(?:Guest|Invalid|GenesisFailure|Fail)\("((?:[^"\\]|\\.)*)"\)/;
const RETRYABLE = /may be retried/i;
const CONNECTION = /WebsocketClosedError|ConnectionError|ClientClosedWithPendingRequests|Websocket is not open|could not connect|socket hang up|ECONNREFUSED/i;

/** The readable sentence of any error thrown by a zome call or the connection. */
export function errorMessage(error: unknown): string {
  const raw = rawMessage(error);
  const quoted = QUOTED_REASON.exec(raw);
  if (quoted?.[1] !== undefined) return unescape(quoted[1]);
  if (isConnectionError(error)) return "The connection to your Holochain conductor was lost; reconnecting.";
  if (/timed? ?out|timeout/i.test(raw)) return "Your conductor took too long to answer; try again in a moment.";
  if (RETRYABLE.test(raw)) return "The network has not caught up with your last change yet; try again in a moment.";
  if (/InvalidTokenError/.test(raw)) return "This page's access to your conductor has expired; restart the market and open the new address.";
  return firstLine(raw);
}

/** A write that Holochain refused only because a record it names is not integrated yet. */
export function isRetryable(error: unknown): boolean {
  const raw = rawMessage(error);
  return RETRYABLE.test(raw) && !QUOTED_REASON.test(raw);
}

/** The websocket to the conductor is closed or could not be opened. */
export function isConnectionError(error: unknown): boolean {
  return CONNECTION.test(rawMessage(error));
}

function rawMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

function unescape(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

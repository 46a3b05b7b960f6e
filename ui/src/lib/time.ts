// Clock arithmetic for the cycle display. Holochain times are µs since 1970; the browser's are ms.

/** A µs timestamp as a browser Date. */
export function fromMicros(us: number): Date {
  return new Date(Math.floor(us / 1000));
}

/** A remaining time as "m:ss" (or "h:mm:ss"); negative times show as 0:00. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A µs timestamp as a local time of day, "14:05:09". */
export function formatTime(us: number): string {
  return fromMicros(us).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** A µs timestamp as a local date and time. */
export function formatDateTime(us: number): string {
  return fromMicros(us).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

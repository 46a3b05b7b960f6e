// Latency statistics of a benchmark: nearest-rank percentiles over whole samples.

/** The p-th percentile (0 < p ≤ 100) of `samples` by the nearest-rank method. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** One measured operation. */
export interface Measured {
  name: string;
  what: string;
  samples: number[];
}

/** A report row: p50 and p99 in ms, and p50 as a multiple of the baseline's p50. */
export interface Row {
  name: string;
  what: string;
  n: number;
  p50: number;
  p99: number;
  ratio: number;
}

export function rows(baseline: Measured, measured: Measured[]): Row[] {
  const base = percentile(baseline.samples, 50);
  return [baseline, ...measured].map((m) => {
    const p50 = percentile(m.samples, 50);
    return { name: m.name, what: m.what, n: m.samples.length, p50, p99: percentile(m.samples, 99), ratio: p50 / base };
  });
}

/** The rows as a Markdown table. */
export function table(report: Row[]): string {
  const lines = [
    "| operation | what it does | n | p50 (ms) | p99 (ms) | p50 / baseline |",
    "|---|---|---:|---:|---:|---:|",
    ...report.map((r) => `| \`${r.name}\` | ${r.what} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.ratio.toFixed(2)} |`),
  ];
  return `${lines.join("\n")}\n`;
}

// Latency statistics of a benchmark: nearest-rank percentiles over whole samples, and each
// figure set beside a baseline measured in the same run.

/** The p-th percentile (0 < p ≤ 100) of `samples` by the nearest-rank method. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** A baseline: what a figure is divided by. */
export interface Baseline {
  name: string;
  p50: number;
}

/** One measured operation: p50 and p99 in ms, and p50 as a multiple of its baseline's p50. */
export interface Figure {
  name: string;
  what: string;
  n: number;
  p50: number;
  p99: number;
  /** The baseline's name. */
  baseline: string;
  ratio: number;
  /** Tries Holochain refused for a record it could not read yet, made again (not in the figure). */
  retries: number;
  /** The largest ratio the issue sets as the target, if any. */
  target?: number;
  met?: boolean;
}

/** The baseline of `samples`, named `name`. */
export function baselineOf(name: string, samples: number[]): Baseline {
  return { name, p50: percentile(samples, 50) };
}

/** The figure of `samples` against `baseline`, checked against `target` (a ratio) when given. */
export function figure(name: string, what: string, samples: number[], baseline: Baseline, { target, retries = 0 }: { target?: number; retries?: number } = {}): Figure {
  const p50 = percentile(samples, 50);
  const ratio = p50 / baseline.p50;
  return {
    name,
    what,
    n: samples.length,
    p50,
    p99: percentile(samples, 99),
    baseline: baseline.name,
    ratio,
    retries,
    ...(target === undefined ? {} : { target, met: ratio <= target }),
  };
}

/** The figures as a Markdown table. */
export function table(figures: Figure[]): string {
  const lines = [
    "| operation | what it does | n | p50 (ms) | p99 (ms) | baseline | p50 / baseline | target | |",
    "|---|---|---:|---:|---:|---|---:|---:|---|",
    ...figures.map(
      (f) =>
        `| \`${f.name}\` | ${f.what}${f.retries ? ` (${f.retries} ${f.retries === 1 ? "retry" : "retries"})` : ""} | ${f.n} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | \`${f.baseline}\` | ${f.ratio.toFixed(2)} | ${f.target === undefined ? "" : `≤ ${f.target}`} | ${f.met === undefined ? "" : f.met ? "met" : "**missed**"} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

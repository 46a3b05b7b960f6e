// Plots of the benchmark report: horizontal bar charts as standalone SVG, with a dashed line at
// the target where the issue sets one. No dependency: the report must build where the bench runs.

/** One bar: its label, its value and, optionally, the value it should not exceed. */
export interface Bar {
  label: string;
  value: number;
  limit?: number;
}

const WIDTH = 760;
const LABEL_WIDTH = 300;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 18;
const GAP = 6;
const TOP = 40;

/** A bar chart titled `title`, values in `unit`; bars over their limit are drawn in red. */
export function barChart(title: string, unit: string, bars: Bar[]): string {
  const max = Math.max(1e-9, ...bars.map((b) => Math.max(b.value, b.limit ?? 0)));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;
  const x = (v: number) => LABEL_WIDTH + (v / max) * plot;
  const height = TOP + bars.length * (BAR_HEIGHT + GAP) + 30;
  const rows = bars.map((b, i) => {
    const y = TOP + i * (BAR_HEIGHT + GAP);
    const over = b.limit !== undefined && b.value > b.limit;
    const parts = [
      `<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT - 5}" text-anchor="end">${escape(b.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(1, x(b.value) - LABEL_WIDTH).toFixed(1)}" height="${BAR_HEIGHT}" fill="${over ? "#c0392b" : "#2e86c1"}"><title>${escape(`${b.label}: ${format(b.value)} ${unit}`)}</title></rect>`,
      `<text x="${(x(b.value) + 6).toFixed(1)}" y="${y + BAR_HEIGHT - 5}">${format(b.value)}</text>`,
    ];
    if (b.limit !== undefined) {
      const lx = x(b.limit).toFixed(1);
      parts.push(`<line x1="${lx}" x2="${lx}" y1="${y - 2}" y2="${y + BAR_HEIGHT + 2}" stroke="#333" stroke-dasharray="3,2"/>`);
    }
    return parts.join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(title)}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...rows,
    `<text x="10" y="${height - 10}" fill="#555">${escape(`${unit}; a dashed line marks the target, a red bar misses it`)}</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

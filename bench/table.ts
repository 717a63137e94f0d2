/** One figure of the benchmark: ours, the seed's way beside it when there is one, and the goal. */
export interface BenchRow {
  metric: string;
  /** Null when the measure could not run; `note` then says why. */
  value: number | null;
  unit: string;
  /** The seed's way, measured in the same run. */
  baseline?: number;
  /** Goal as `<=`, `<` or `>=` a target, in the row's unit. */
  goal?: { op: "<=" | "<" | ">="; target: number };
  note?: string;
}

export interface JsonFigure {
  value: number | null;
  unit: string;
  baseline?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

const OP_TEXT = { "<=": "≤", "<": "<", ">=": "≥" } as const;

/** Whether the row meets its goal; null when there is no goal or no value. */
export function goalMet(row: BenchRow): boolean | null {
  if (!row.goal || row.value === null || !Number.isFinite(row.value)) return null;
  const { op, target } = row.goal;
  return op === "<=" ? row.value <= target : op === "<" ? row.value < target : row.value >= target;
}

/** Rounds for reading: 3 significant digits below 100, integers above. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  return String(Number(n.toPrecision(3)));
}

const goalText = (row: BenchRow) =>
  row.goal ? `${OP_TEXT[row.goal.op]} ${formatNumber(row.goal.target)}` : "";

/** Ratio of the seed's way to ours, when both exist (how many times better ours is). */
function ratioText(row: BenchRow): string {
  if (row.baseline === undefined || row.value === null || row.value === 0) return "";
  return `${formatNumber(row.baseline / row.value)}×`;
}

/** A Markdown table (readable in a terminal and pasteable into the README). */
export function renderTable(rows: BenchRow[]): string {
  const header = ["metric", "ours", "seed's way", "ratio", "goal", "met?"];
  const body = rows.map((row) => {
    const met = goalMet(row);
    return [
      row.metric,
      row.value === null ? `not available: ${row.note ?? "no reason given"}` : withUnit(row),
      row.baseline === undefined ? "" : `${formatNumber(row.baseline)} ${row.unit}`,
      ratioText(row),
      goalText(row),
      met === null ? "" : met ? "yes" : "NO",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    ...notes(rows),
  ].join("\n");
}

function withUnit(row: BenchRow): string {
  return `${formatNumber(row.value ?? Number.NaN)} ${row.unit}`;
}

/** Notes of the rows that have a value (an unavailable row's note is in the table already). */
function notes(rows: BenchRow[]): string[] {
  const lines = rows
    .filter((r) => r.value !== null && r.note)
    .map((r) => `- ${r.metric}: ${r.note}`);
  return lines.length ? ["", ...lines] : [];
}

/** `{ "<metric>": { value, unit, baseline?, goal?, met?, note? } }` for `bench/results/latest.json`. */
export function toJson(rows: BenchRow[]): Record<string, JsonFigure> {
  const out: Record<string, JsonFigure> = {};
  for (const row of rows) {
    const figure: JsonFigure = { value: row.value, unit: row.unit };
    if (row.baseline !== undefined) figure.baseline = row.baseline;
    if (row.goal) figure.goal = goalText(row);
    const met = goalMet(row);
    if (met !== null) figure.met = met;
    if (row.note) figure.note = row.note;
    out[row.metric] = figure;
  }
  return out;
}

import { describe, expect, it } from "vitest";
import { MEASURES } from "../../bench/measures.ts";
import { type BenchRow, type JsonFigure, renderTable } from "../../bench/table.ts";
import { readDoc } from "../support/doc-pages.ts";

// docs/performance.md holds the bench's own table with the current figures: each row a metric the
// bench measures, in the format it prints, equal to bench/results/latest.json unless its mark says
// which later partial run it comes from; and no history.
const PAGE = "docs/performance.md";
const MARKS = /\s*([*†‡§])$/;

const cells = (line: string) =>
  line
    .replace(/^\|\s*|\s*\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());

/** The table's lines: its header, then one row per metric. */
function table(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("| ") && !/^\|\s*-+/.test(line))
    .map(cells);
}

/** latest.json's figure as the bench's row, to print it as the bench does. */
function rowOf(metric: string, figure: JsonFigure): BenchRow {
  const goal = /^(≤|<|≥) ([\d,.]+)$/.exec(figure.goal ?? "");
  const op = ({ "≤": "<=", "<": "<", "≥": ">=" } as const)[(goal?.[1] ?? "≤") as "≤"];
  return {
    metric,
    value: figure.value,
    unit: figure.unit,
    ...(figure.baseline === undefined ? {} : { baseline: figure.baseline }),
    ...(goal ? { goal: { op, target: Number((goal[2] as string).replace(/,/g, "")) } } : {}),
    ...(figure.value === null ? { note: figure.note } : {}),
  };
}

// README.md shows the main rows of the same table: each must be latest.json's figure too.
describe.each([
  [PAGE, true],
  ["README.md", false],
])("%s", (path, complete) => {
  const page = readDoc(path);
  const [header, ...rows] = table(page.slice(page.indexOf("| metric")));
  const latest = JSON.parse(readDoc("bench/results/latest.json")) as Record<string, JsonFigure>;

  it("prints the bench's table: its header, one row per metric the bench measures", () => {
    expect(header).toEqual(cells(renderTable([]).split("\n")[0] as string));
    const metrics = rows.map((row) => (row[0] as string).replace(MARKS, ""));
    expect(new Set(metrics).size).toBe(metrics.length);
    const measured = new Set(MEASURES.flatMap((m) => m.metrics));
    expect(metrics.filter((m) => !measured.has(m))).toEqual([]);
    if (complete) expect(Object.keys(latest).filter((m) => !metrics.includes(m))).toEqual([]);
    else expect(metrics.length).toBeGreaterThan(5);
  });

  it("shows latest.json's figures, or marks the row with the later run it comes from", () => {
    // A bullet of the legend, its wrapped lines joined.
    const bullets = page.replace(/\n {2}(?=\S)/g, " ").split("\n");
    const laterRuns = bullets.flatMap((line) => {
      const m = /^- Rows marked ([†‡§*]) .*not in `bench\/results\/latest\.json`/.exec(line);
      return m ? [m[1]] : [];
    });
    const wrong = rows.flatMap((row) => {
      const mark = MARKS.exec(row[0] as string)?.[1];
      const metric = (row[0] as string).replace(MARKS, "");
      const figure = latest[metric];
      if (mark && laterRuns.includes(mark)) return [];
      if (!figure) return [`${metric}: not in latest.json and not marked as a later run`];
      const printed = cells(renderTable([rowOf(metric, figure)]).split("\n")[2] as string);
      return printed.slice(1).join(" | ") === row.slice(1).join(" | ")
        ? []
        : [
            `${metric}: ${row.slice(1).join(" | ")} ≠ latest.json's ${printed.slice(1).join(" | ")}`,
          ];
    });
    expect(wrong).toEqual([]);
  });

  it("tells the current figures, not the history of how they changed", () => {
    expect(page).not.toMatch(/\bissue \d+\b/);
    expect(page).not.toMatch(/\bbefore issue\b|\bwas \d[\d,.]* ?(?:ms|s|MB)\b/);
  });
});

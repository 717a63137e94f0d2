/** The README's environment table, written from the schema by `npm run schema` (`--check` in CI). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { docOf, ENV_NAMES, type EnvReader } from "./env-schema.ts";

export const ENV_TABLE_START =
  "<!-- env-table: written from src/env/env-schema.ts by `npm run schema`; edit the schema, not the table -->";
export const ENV_TABLE_END = "<!-- /env-table -->";

const READERS: Record<EnvReader, string> = {
  server: "app",
  plan: "plan",
  scan: "scan",
  backtest: "backtest",
};

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** One row per variable, in the schema's order. */
export function envTable(): string {
  const rows = ENV_NAMES.map((name) => {
    const doc = docOf(name);
    const fallback =
      doc.shownDefault ?? (doc.default === undefined ? "—" : `\`${String(doc.default)}\``);
    return [
      `\`${name}\`${doc.secret ? " (secret)" : ""}`,
      fallback,
      doc.accepts,
      doc.readBy.map((r) => READERS[r]).join(", "),
      doc.description,
    ]
      .map(cell)
      .join(" | ");
  });
  return [
    "| variable | default | accepts | read by | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

/** `markdown` with the text between the table's markers replaced by the current table. */
export function withEnvTable(markdown: string): string {
  const start = markdown.indexOf(ENV_TABLE_START);
  const end = markdown.indexOf(ENV_TABLE_END, start);
  if (start < 0 || end < 0) throw new Error(`no ${ENV_TABLE_END} after the env-table marker`);
  const head = markdown.slice(0, start + ENV_TABLE_START.length);
  return `${head}\n${envTable()}\n${markdown.slice(end)}`;
}

/**
 * The one page of the README or `docs/` that holds the table, as it is (`current`) and as it
 * should be (`content`), relative to `root`. The table may move between those pages.
 */
export function envTableFile(root = "."): { path: string; current: string; content: string } {
  const docs = existsSync(join(root, "docs"))
    ? readdirSync(join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`)
    : [];
  const holders = ["README.md", ...docs]
    .map((path) => ({ path, current: readFileSync(join(root, path), "utf8") }))
    .filter((page) => page.current.includes(ENV_TABLE_START));
  if (holders.length !== 1)
    throw new Error(
      `the environment table's marker must be on exactly one page of README.md and docs/ (found ${holders.length})`,
    );
  const [page] = holders as [{ path: string; current: string }];
  return { ...page, content: withEnvTable(page.current) };
}

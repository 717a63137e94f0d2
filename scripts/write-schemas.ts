/**
 * Writes the JSON Schemas of the team spec and the repo config, and the README's environment
 * table from the environment schema (`npm run schema`); `--check` fails when one is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { schemaFiles } from "../src/config/json-schemas.ts";
import { envTableFile } from "../src/env/env-table.ts";

const check = process.argv.includes("--check");
const table = envTableFile();
const files = [
  ...(await Promise.all(
    schemaFiles().map(async (file) => ({
      ...file,
      current: await readFile(file.path, "utf8").catch(() => ""),
    })),
  )),
  table,
];
let stale = 0;
for (const { path, content, current } of files) {
  if (current === content) continue;
  if (check) {
    process.stderr.write(`${path} is out of date: run npm run schema\n`);
    stale++;
  } else {
    await writeFile(path, content);
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.exitCode = stale ? 1 : 0;

/** Writes the JSON Schemas of the team spec and the repo config (`npm run schema`); `--check` fails when stale. */
import { readFile, writeFile } from "node:fs/promises";
import { schemaFiles } from "../src/config/json-schemas.ts";

const check = process.argv.includes("--check");
let stale = 0;
for (const { path, content } of schemaFiles()) {
  const current = await readFile(path, "utf8").catch(() => "");
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

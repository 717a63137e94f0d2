#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping. Under an older `node` on PATH, re-run
// with the Node 24 that `npm ci` installs (the `node` devDependency).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

if (process.features.typescript) {
  await import("../src/cli/main.ts");
} else {
  const node24 = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(node24, [script, ...process.argv.slice(2)], { stdio: "inherit" });
  if (run.error) {
    process.stderr.write(`team-factory needs Node 24: run npm ci first (${run.error.message})\n`);
  }
  process.exitCode = run.status ?? 1;
}

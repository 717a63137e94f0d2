#!/usr/bin/env node
// Team Factory runs on Node 24 (TypeScript by type stripping); `npm ci` installs it beside the
// project (the `node` devDependency) whatever Node runs npm. Started by an older Node, or one
// without type stripping, the bin runs itself again with that Node 24; without it, one line says
// what to do. Plain JavaScript, so that any Node from package.json's `engines` can read it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";

const NODE_MAJOR = 24;

const major = Number(process.versions.node.split(".")[0]);

if (major >= NODE_MAJOR && process.features.typescript) {
  // Node keeps the compiled modules between runs (in the temp directory): a run starts in half
  // the time. It must be on before they load.
  module.enableCompileCache();
  await import("../src/cli/main.ts");
} else {
  const project = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const node = `${project}/node_modules/node/bin/node`;
  if (!existsSync(node)) {
    const current = `Node ${process.versions.node}${major >= NODE_MAJOR ? " without type stripping" : ""}`;
    process.stderr.write(
      `team-factory needs Node ${NODE_MAJOR}, and this is ${current}: run npm ci in ${project} (it installs Node ${NODE_MAJOR} there), or run it with Node ${NODE_MAJOR}\n`,
    );
    process.exit(1);
  }
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(node, [script, ...process.argv.slice(2)], { stdio: "inherit" });
  if (run.error) {
    process.stderr.write(`team-factory: cannot run ${node}: ${run.error.message}\n`);
    process.exit(1);
  }
  if (run.signal) process.kill(process.pid, run.signal);
  process.exitCode = run.status ?? 1;
}

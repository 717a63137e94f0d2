import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingForSuite, missingLine } from "./machine-check.ts";

// Vitest's global setup. First, what the machine lacks (Debian's tools, PostgreSQL, Chromium, the
// Python libraries): one line naming it and the command that installs it, and the whole suite
// stops there; a run of named files only prints the line and goes on. Then the environment every
// worker, and every process a test starts, inherits.
// - NODE_COMPILE_CACHE: Node keeps the compiled code of the modules it loads between processes
//   (as the app does for itself), so the suite's many Node processes stop recompiling probot,
//   octokit and the rest. In the system's temp directory, where the app keeps its own.
// - TMPDIR: the suite's scratch files (teams written for the Python tools, app data, temporary
//   repositories) go to a fresh directory in /dev/shm when it has room: the suite writes
//   thousands of small files, several times slower on this machine's disk.
export default function setup(project?: { vitest?: { filenamePattern?: string[] } }): () => void {
  const missing = missingForSuite();
  if (missing.length > 0) {
    const line = missingLine(missing);
    if (!project?.vitest?.filenamePattern?.length)
      throw Object.assign(new Error(line), { stack: line });
    process.stderr.write(`${line}\n`);
  }
  const was = { ...process.env };
  process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), "node-compile-cache");
  const shm = (() => {
    try {
      return statfsSync("/dev/shm");
    } catch {
      return null;
    }
  })();
  const scratch =
    shm && shm.bavail * shm.bsize >= 4 * 2 ** 30
      ? mkdtempSync("/dev/shm/team-factory-tests-")
      : null;
  if (scratch) process.env.TMPDIR = scratch;
  return () => {
    for (const name of ["NODE_COMPILE_CACHE", "TMPDIR"]) {
      if (was[name] === undefined) delete process.env[name];
      else process.env[name] = was[name];
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
}

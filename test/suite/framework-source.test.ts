import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** frameworkPython() in a fresh Node process with `env` (the suite's own process keeps its own). */
function locate(env: Record<string, string>) {
  const code =
    "import('./test/support/framework-python.ts').then((m) => m.frameworkPython()).then((p) => console.log(JSON.stringify(p)), (e) => { console.error(e.message); process.exit(3); })";
  return spawnSync(process.execPath, ["-e", code], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

describe("where the real frameworks come from", () => {
  it("is the pinned source beside the checkout when it is there", () => {
    const run = locate({});
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).env.PYTHONPATH).toMatch(/langgraph-1\.1\.2.*crewai-1\.15\.17/);
  });

  it("fails, naming both ways to provide them, when neither the source nor the packages are there", () => {
    const run = locate({ TEAM_FACTORY_FRAMEWORKS: "/nonexistent/frameworks" });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /\/nonexistent\/frameworks.*TEAM_FACTORY_FRAMEWORKS.*langgraph, crewai/s,
    );
  });
});

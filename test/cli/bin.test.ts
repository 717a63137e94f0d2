/**
 * The real bin, in real processes: the only CLI tests that spawn Node (~0.7 s of CPU each); the
 * other test/cli files run the same runCli in their own process. `--no-experimental-strip-types`
 * makes this Node 24 look like one without type stripping, so the bin re-runs itself with the
 * Node 24 that `npm ci` installs, as it does under an older `node` on PATH.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateTeam } from "../../src/factory/generate-team.ts";
import { specHash } from "../../src/factory/spec-hash.ts";
import { cli, envWithout } from "../support/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const node = JSON.stringify(process.execPath);
const bin = `${node} ${JSON.stringify(join(ROOT, "bin", "team-factory.js"))}`;
const reExecBin = `${node} --no-experimental-strip-types ${JSON.stringify(join(ROOT, "bin", "team-factory.js"))}`;
const env = envWithout(/^OPENAI_API_KEY$/);

/** `script` in bash, as a person types it; stdout, stderr and bash's exit code. */
function shell(script: string) {
  const run = spawnSync("bash", ["-c", script], { encoding: "utf8", env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("bin/team-factory.js", () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "bin-"));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("prints the version of package.json, through the re-run under a Node without type stripping", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(shell(`${reExecBin} --version`)).toEqual({
      code: 0,
      stdout: `team-factory ${version}\n`,
      stderr: "",
    });
  });

  it("pipes plan --json into generate --spec -: the team plan described is written", async () => {
    const description = "We need a team that turns our weekly metrics into dashboards";
    const run = shell(
      `set -e; ${bin} plan ${JSON.stringify(description)} --json | ${bin} generate --spec - --out ${JSON.stringify(out)}`,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { spec } = JSON.parse((await cli(["plan", description, "--json"], { env })).stdout);
    const teamDir = join(out, "teams", spec.name);
    expect(readdirSync(join(out, "teams"))).toEqual([spec.name]);
    expect(JSON.parse(readFileSync(join(teamDir, "team.json"), "utf8")).spec).toEqual(spec);
    const files = generateTeam(spec, { teamsDir: "teams" }).length;
    expect(run.stdout).toBe(
      `wrote ${files} files to ${teamDir}/ (spec sha256 ${specHash(spec)})\n`,
    );
  });

  it("exits with each command's code: plan 2 on a bad option (through the re-run), generate 1 on the empty pipe", () => {
    const run = shell(
      `${reExecBin} plan --colour red | ${bin} generate --spec - --out ${JSON.stringify(out)}; echo "\${PIPESTATUS[*]}"`,
    );
    expect(run.stdout).toBe("2 1\n");
    expect(run.stderr).toMatch(
      /^team-factory plan: unknown option --colour \(see team-factory plan --help\)\n/m,
    );
    expect(run.stderr).toMatch(
      /^team-factory generate: standard input is empty: the command before the pipe printed nothing/m,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("answers --help and --version without loading a command, a package or anything outside src/cli", () => {
    const hook = JSON.stringify(join(ROOT, "test", "support", "list-loaded-modules.ts"));
    const script = JSON.stringify(join(ROOT, "bin", "team-factory.js"));
    for (const args of ["--help", "plan --help", "regenerate -h", "--version"]) {
      const run = shell(`${node} --import ${hook} ${script} ${args}`);
      expect(run.code, args).toBe(0);
      const [, listed = ""] = run.stderr.split("loaded modules:\n");
      const loaded = listed
        .trim()
        .split("\n")
        .map((url) => fileURLToPath(url));
      const outside = loaded.filter(
        (path) =>
          !path.startsWith(join(ROOT, "bin") + sep) &&
          !path.startsWith(join(ROOT, "src", "cli") + sep) &&
          path !== join(ROOT, "package.json"),
      );
      expect(outside, args).toEqual([]);
      expect(
        loaded.filter((path) => path.endsWith("-command.ts")),
        args,
      ).toEqual([]);
    }
  });

  it("tells in one line, at once, that it needs Node 24 where npm ci has not installed it", () => {
    mkdirSync(join(out, "bin"));
    copyFileSync(join(ROOT, "bin", "team-factory.js"), join(out, "bin", "team-factory.js"));
    const run = shell(
      `${node} --no-experimental-strip-types ${JSON.stringify(join(out, "bin", "team-factory.js"))} --help`,
    );
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `team-factory needs Node 24, and this is Node ${process.versions.node} without type stripping: run npm ci in ${out} (it installs Node 24 there), or run it with Node 24\n`,
    });
  });

  it("tells one Node story: package.json's engines, the launcher, the image and the README agree", () => {
    const text = (path: string) => readFileSync(join(ROOT, path), "utf8");
    const pkg = JSON.parse(text("package.json"));
    const lock = JSON.parse(text("package-lock.json"));
    const required = Number(/^const NODE_MAJOR = (\d+);$/m.exec(text("bin/team-factory.js"))?.[1]);
    expect(required).toBe(Number(/^\^(\d+)\./.exec(pkg.devDependencies.node)?.[1]));
    expect(text("Dockerfile")).toContain(`ARG NODE_IMAGE=node:${required}.`);
    const floor = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    expect(floor, "engines.node is >=<major>").toBeDefined();
    expect(lock.packages[""].engines).toEqual(pkg.engines);
    const readme = text("README.md").replace(/\s+/g, " ");
    expect(readme).toContain(
      `Team Factory runs on Node ${required}. Any Node from ${floor} (package.json's \`engines\`) installs and starts it:`,
    );
  });
});

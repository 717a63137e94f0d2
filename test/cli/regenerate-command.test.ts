import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GENERATOR_VERSION, generateTeam } from "../../src/factory/generate-team.ts";
import { bin, cli as teamFactory } from "../support/cli.ts";
import { fixtureSpec } from "../support/fixture-spec.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const spec = fixtureSpec("crewai-openai-3");
const TEAM = `teams/${spec.name}`;

/** `team-factory regenerate`, as a person runs it from the folder `cwd` (the repository). */
async function cli(cwd: string, args: string[]) {
  const was = process.cwd();
  process.chdir(cwd);
  try {
    return await teamFactory(["regenerate", ...args]);
  } finally {
    process.chdir(was);
  }
}

describe("team-factory regenerate <team dir>", () => {
  let repo: string;
  const write = (generatorVersion?: string) => {
    for (const f of generateTeam(spec, { teamsDir: "teams", generatorVersion })) {
      mkdirSync(dirname(join(repo, f.path)), { recursive: true });
      writeFileSync(join(repo, f.path), f.content);
    }
  };
  const read = (path: string) => readFileSync(join(repo, TEAM, path), "utf8");
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), "regenerate-cli-"));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it("answers nothing to change for a team of this generator, byte for byte", async () => {
    write();
    const before = read("src/data_visualization_team/crew.py");
    const run = await cli(repo, [TEAM]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^nothing to change: teams\/data-visualization-team is what/);
    expect(read("src/data_visualization_team/crew.py")).toBe(before);
  });

  it("rewrites what a newer generator writes differently, and --check only says so", async () => {
    write("0.0.9");
    const check = await cli(repo, [TEAM, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`would rewrite 1 file of`);
    expect(check.stdout).toMatch(/changed:\n {2}team\.json\n/);
    expect(JSON.parse(read("team.json")).generatorVersion).toBe("0.0.9");
    const run = await cli(repo, [TEAM]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`with team-factory ${GENERATOR_VERSION} (team.json: 0.0.9)`);
    expect(JSON.parse(read("team.json")).generatorVersion).toBe(GENERATOR_VERSION);
    expect((await cli(repo, [TEAM])).stdout).toMatch(/^nothing to change/);
  });

  it("moves a team of team-factory 0.1 (modules at the folder's root) into its package, deleting the flat layout", async () => {
    cpSync(join(ROOT, "fixtures", "legacy", "team-factory-0.1.0", "teams"), join(repo, "teams"), {
      recursive: true,
    });
    writeFileSync(join(repo, TEAM, "NOTES.md"), "ours\n");
    expect(existsSync(join(repo, TEAM, "crew.py"))).toBe(true);
    const check = await cli(repo, [TEAM, "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /removed \(team-factory 0\.1\.0's flat layout.*\n(?: {2}\S+\n)*? {2}crew\.py\n/,
    );
    const run = await cli(repo, [TEAM]);
    expect(run.code).toBe(0);
    for (const flat of [
      "crew.py",
      "settings.py",
      "team_server.py",
      "agents",
      "tasks",
      "tests/test_team.py",
      "config",
    ])
      expect(existsSync(join(repo, TEAM, flat)), flat).toBe(false);
    expect(read("src/data_visualization_team/crew.py")).toContain("@CrewBase");
    expect(read("NOTES.md")).toBe("ours\n");
    expect(JSON.parse(read("team.json")).generatorVersion).toBe(GENERATOR_VERSION);
    expect((await cli(repo, [TEAM])).stdout).toMatch(/^nothing to change/);
  });

  it("keeps hand edits on the same version unless --force, and names them", async () => {
    write();
    writeFileSync(join(repo, TEAM, "README.md"), "edited\n");
    writeFileSync(join(repo, TEAM, "NOTES.md"), "ours\n");
    const run = await cli(repo, [TEAM]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/edited by hand\?.*\n {2}README\.md\n/);
    expect(read("README.md")).toBe("edited\n");
    expect((await cli(repo, [TEAM, "--force"])).stdout).toMatch(
      /not written by the generator.*\n {2}NOTES\.md/,
    );
    expect(read("README.md")).not.toBe("edited\n");
    expect(read("NOTES.md")).toBe("ours\n");
  });

  it("--check exits 1 on the same version when files were edited by hand, and names them", async () => {
    write();
    execFileSync("git", ["init", "-q", repo]);
    expect(await bin(["regenerate", TEAM, "--check"], { cwd: repo })).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^nothing to change: /),
    });
    const crew = "src/data_visualization_team/crew.py";
    writeFileSync(join(repo, TEAM, crew), "# edited\n");
    const check = await bin(["regenerate", TEAM, "--check"], { cwd: repo });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /1 file differs from what team-factory \S+ writes.*\n {2}src\/data_visualization_team\/crew\.py\n/,
    );
    expect(check.stdout).not.toMatch(/nothing to change/);
    expect(read(crew)).toBe("# edited\n");
  });

  it("rebuilds the same from anywhere: the teams folder is the team's parent from its git repository's root", async () => {
    const nested = "agents/teams";
    for (const f of generateTeam(spec, { teamsDir: nested })) {
      mkdirSync(dirname(join(repo, f.path)), { recursive: true });
      writeFileSync(join(repo, f.path), f.content);
    }
    execFileSync("git", ["init", "-q", repo]);
    const team = join(repo, nested, spec.name);
    const readme = readFileSync(join(team, "README.md"), "utf8");
    for (const [cwd, dir] of [
      [dirname(repo), join(repo.slice(dirname(repo).length + 1), nested, spec.name)],
      ["/", team],
      [join(repo, nested), spec.name],
    ] as const) {
      const run = await bin(["regenerate", dir, "--check"], { cwd });
      expect(run, `${dir} from ${cwd}`).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(/^nothing to change: /);
      expect(run.stdout).not.toMatch(/edited by hand/);
    }
    expect((await bin(["regenerate", team, "--force"], { cwd: "/" })).code).toBe(0);
    expect(readFileSync(join(team, "README.md"), "utf8")).toBe(readme);
  });

  it("takes the folder's parent as the teams folder outside a git repository, as its help says", async () => {
    write();
    const help = await teamFactory(["regenerate", "--help"]);
    expect(help.stdout).toMatch(
      /--teams-dir DIR[\s\S]*outside a git repository, the name of the folder's parent/,
    );
    const run = await bin(["regenerate", join(repo, TEAM), "--check"], { cwd: "/" });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^nothing to change: /);
    expect(run.stdout).not.toMatch(/edited by hand/);
  });

  it("refuses a team whose team.json spec was edited, or is missing, and a newer generator's", async () => {
    write();
    const json = JSON.parse(read("team.json"));
    json.spec.members[0].role = "Someone Else";
    writeFileSync(join(repo, TEAM, "team.json"), JSON.stringify(json));
    expect(await cli(repo, [TEAM])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no longer matches its sha256 \(edited\)/),
    });
    rmSync(join(repo, TEAM, "team.json"));
    expect((await cli(repo, [TEAM])).stderr).toMatch(/cannot be rebuilt: it has no team\.json/);
    write("99.0.0");
    expect((await cli(repo, [TEAM])).stderr).toMatch(
      /written by team-factory 99\.0\.0, newer than this/,
    );
    expect(await cli(repo, [])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/give one team folder/),
    });
  });
});

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin", "team-factory.js"), ...args], {
    encoding: "utf8",
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("team-factory --help, <command> --help and --version", () => {
  it("prints the whole usage, every option of every command, and exits 0", () => {
    for (const args of [["--help"], ["help"]]) {
      const run = cli(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stderr).toBe("");
      for (const option of [
        "--skills",
        "--framework",
        "--provider",
        "--department",
        "--model",
        "--name",
        "--teams-dir",
        "--json",
        "--spec",
        "--out",
        "--force",
        "--database-url",
        "--repo",
        "--min-tasks",
        "--version",
      ]) {
        expect(run.stdout, option).toContain(option);
      }
    }
  });

  it("prints a command's own usage on --help and exits 0, other arguments or not", () => {
    const forms: [string, string[]][] = [
      ["plan", ["plan", "--help"]],
      ["generate", ["generate", "-h"]],
      ["generate", ["help", "generate"]],
      ["plan", ["plan", "--bogus", "--help"]],
      ["scan", ["scan", "--help"]],
      ["regenerate", ["regenerate", "--help"]],
    ];
    for (const [command, args] of forms) {
      const run = cli(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: team-factory ${command} `));
      expect(run.stdout).toMatch(/-h, --help {2,}this help/);
      expect(run.stderr).toBe("");
    }
  });

  it("prints the version of package.json", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(cli(["--version"])).toEqual({
      code: 0,
      stdout: `team-factory ${version}\n`,
      stderr: "",
    });
  });

  it("exits 2 with the usage on an unknown or missing command", () => {
    for (const args of [["deploy"], []]) {
      const run = cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^team-factory: (unknown command: deploy|give a command)\nusage:/);
    }
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("team-factory --help, <command> --help and --version", () => {
  it("prints the whole usage, every option of every command, and exits 0", async () => {
    for (const args of [["--help"], ["help"]]) {
      const run = await cli(args);
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

  it("prints a command's own usage on --help and exits 0, other arguments or not", async () => {
    const forms: [string, string[]][] = [
      ["plan", ["plan", "--help"]],
      ["generate", ["generate", "-h"]],
      ["generate", ["help", "generate"]],
      ["plan", ["plan", "--bogus", "--help"]],
      ["scan", ["scan", "--help"]],
      ["regenerate", ["regenerate", "--help"]],
    ];
    for (const [command, args] of forms) {
      const run = await cli(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: team-factory ${command} `));
      expect(run.stdout).toMatch(/-h, --help {2,}this help/);
      expect(run.stderr).toBe("");
    }
  });

  it("prints the version of package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(await cli(["--version"])).toEqual({
      code: 0,
      stdout: `team-factory ${version}\n`,
      stderr: "",
    });
  });

  it("exits 2 with the usage on an unknown or missing command", async () => {
    for (const args of [["deploy"], []]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^team-factory: (unknown command: deploy|give a command)\nusage:/);
    }
  });
});

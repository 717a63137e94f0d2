import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SINCE_DAYS } from "../../src/backtest/run-backtest.ts";
import { BACKTEST, SCAN } from "../../src/cli/usage.ts";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { cli, envWithout } from "../support/cli.ts";

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

  it("answers every mistake in the arguments with one line: the problem, then where the help is", async () => {
    const env = envWithout(/^(DATABASE_URL|SUPABASE_|TEAM_FACTORY_|OPENAI_)/);
    const cases: [string[], string][] = [
      [[], "team-factory: give a command (see team-factory --help)"],
      [["deploy"], "team-factory: unknown command: deploy (see team-factory --help)"],
      [
        ["plan"],
        "team-factory plan: give the missing capability as a quoted description (see team-factory plan --help)",
      ],
      [
        ["plan", "x", "--colour", "red"],
        "team-factory plan: unknown option --colour (see team-factory plan --help)",
      ],
      [
        ["plan", "x", "--framework", "autogen"],
        'team-factory plan: framework "autogen" is not one of CrewAI, LangGraph (see team-factory plan --help)',
      ],
      [
        ["generate", "--out", "."],
        "team-factory generate: --spec and --out are required (see team-factory generate --help)",
      ],
      [
        ["scan", "--min-tasks", "0"],
        "team-factory scan: --min-tasks takes a whole number from 1 to 1000 (see team-factory scan --help)",
      ],
      [
        ["backtest", "--json=yes"],
        "team-factory backtest: --json takes no value (see team-factory backtest --help)",
      ],
      [
        ["regenerate"],
        "team-factory regenerate: give one team folder (see team-factory regenerate --help)",
      ],
    ];
    for (const [args, line] of cases) {
      const run = await cli(args, { env });
      expect(run, args.join(" ")).toEqual({ code: 2, stdout: "", stderr: `${line}\n` });
    }
  });

  it("quotes the commands' own defaults in their help", () => {
    const { scan, signals } = DEFAULT_REPO_CONFIG;
    expect(BACKTEST.usage).toContain(`(default ${DEFAULT_SINCE_DAYS}d)`);
    expect(BACKTEST.usage).toContain(`(default ${scan.min_tasks}, as scan.min_tasks)`);
    expect(BACKTEST.usage).toContain(`(default ${signals.min_count},\n`);
    expect(BACKTEST.usage).toContain(`(default ${signals.window_days}, as signals.window_days)`);
    expect(SCAN.usage).toContain(`(default ${scan.min_tasks})`);
  });
});

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../src/store/embedded-spawn.ts";
import { cli } from "../support/cli.ts";

const MAIN = join(import.meta.dirname, "../../src/main.ts");

// Values an operator must never see echoed back: a Slack hook's token, a database password.
const SLACK_TOKEN = "xoxb-s3cr3t-slack-path";
const DB_PASSWORD = "hunter2-db-password";

/** What an operator sets wrong at once, and the variable each problem must name. */
const BAD: Record<string, string> = {
  LOG_LEVEL: "loud",
  TEAM_FACTORY_WEBHOOK_TIMEOUT_MS: "10s",
  TEAM_FACTORY_GITHUB_PACING: "fast",
  TEAM_FACTORY_BREAKER_SCOPE: "org",
  TEAM_FACTORY_MIGRATE: "maybe",
  OPENAI_TIMEOUT_MS: "soon",
  TEAM_FACTORY_SLACK_WEBHOOK_URL: `hooks.slack.com/services/T0/B0/${SLACK_TOKEN}`,
  DATABASE_URL: `mysql://root:${DB_PASSWORD}@db/app`,
};

/** Whether something listens on 127.0.0.1:`port`. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(socket.destroy() !== undefined));
    socket.once("error", () => resolve(false));
  });

describe("start-up with several unusable variables", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("the server says one line per problem, starts nothing, echoes no secret and exits 1", async () => {
    dir = mkdtempSync(join(tmpdir(), "tf-env-"));
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        HOST: "127.0.0.1",
        PORT: String(port),
        TEAM_FACTORY_DATA_DIR: join(dir, "data"),
        ...BAD,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c) => (stdout += c));
    child.stderr?.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(
      lines.map((l) => /^team-factory: cannot start: ([A-Z_]+) must be /.exec(l)?.[1]).sort(),
    ).toEqual(Object.keys(BAD).sort());
    expect(stderr).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace or silent (got "loud")',
    );
    expect(stderr).toContain(
      'TEAM_FACTORY_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000 (got "10s")',
    );
    expect(stderr).toMatch(
      /TEAM_FACTORY_SLACK_WEBHOOK_URL must be an http\(s\) URL \(got \d+ characters, a secret: not shown\)/,
    );
    expect(`${stdout}${stderr}`).not.toContain(SLACK_TOKEN);
    expect(`${stdout}${stderr}`).not.toContain(DB_PASSWORD);
    // Nothing started: no log line, no store, no server.
    expect(stdout).toBe("");
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  it("a command line command says one line per problem of what it reads and exits 2", async () => {
    const run = await cli(["scan", "--json"], {
      env: {
        PATH: process.env.PATH,
        TEAM_FACTORY_STORE: "MySQL",
        DATABASE_URL: `mysql://root:${DB_PASSWORD}@db/app`,
        // Read by the server only: the scan command does not judge it.
        LOG_LEVEL: "loud",
      },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      'team-factory scan: TEAM_FACTORY_STORE must be embedded, postgres or supabase (got "MySQL")',
      "team-factory scan: DATABASE_URL must be a postgres:// or postgresql:// URL, or a socket path (got 39 characters, a secret: not shown)",
    ]);
  });
});

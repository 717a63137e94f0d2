import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { simulatorAppEnv } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";

const ROOT = join(import.meta.dirname, "../..");
const MAIN = join(ROOT, "src/main.ts");

/** `npm start` in `dir` with only `env` (as a new operator would run it), answering on `port`. */
async function start(dir: string, env: Record<string, string>, ready: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    if ((await fetch(`${url}${ready}`).catch(() => null))?.ok)
      return { child, url, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`npm start did not answer ${ready}: ${output}`);
}

const manifestOf = (html: string) =>
  JSON.parse(
    (/name="manifest" value="([^"]*)"/.exec(html)?.[1] ?? "{}").replace(/&#(\d+);/g, (_, c) =>
      String.fromCharCode(Number(c)),
    ),
  );

describe("a new operator's first run", () => {
  let sim: GitHubSimulator;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    sim = await startGitHubSimulator();
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => sim?.stop());
  const fresh = () => {
    dir = mkdtempSync(join(tmpdir(), "tf-first-run-"));
    copyFileSync(join(ROOT, "app.yml"), join(dir, "app.yml"));
    return dir;
  };
  const ghe = () => ({ GHE_HOST: new URL(sim.url).host, GHE_PROTOCOL: "http" });

  it("registers the app with its public URL as the webhook, writes .env, and starts with it", async () => {
    const cwd = fresh();
    const setup = await start(
      cwd,
      { ...ghe(), TEAM_FACTORY_PUBLIC_URL: "https://tf.example.com/" },
      "/probot",
    );
    children.push(setup.child);
    const manifest = manifestOf(await (await fetch(`${setup.url}/probot`)).text());
    expect(manifest.hook_attributes.url).toBe("https://tf.example.com/api/github/webhooks");
    expect(manifest.url).toBe("https://tf.example.com");
    expect(manifest.default_events).toEqual(["issues", "issue_comment", "pull_request"]);
    expect(JSON.stringify(manifest)).not.toMatch(/example\.invalid|installation/);
    // The person submits the form on GitHub, which sends the browser back with a code.
    const { redirectTo } = sim.act.registerApp(manifest);
    const back = await fetch(redirectTo, { redirect: "manual" });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toMatch(/\/installations\/new$/);
    const written = readFileSync(join(cwd, ".env"), "utf8");
    expect(written).toMatch(new RegExp(`^APP_ID="${sim.app.id}"$`, "m"));
    expect(written).toMatch(/^WEBHOOK_SECRET=/m);
    setup.child.kill("SIGTERM");
    // The second start reads .env and serves the app.
    const app = await start(
      cwd,
      {
        ...ghe(),
        TEAM_FACTORY_DATA_DIR: "memory://",
        TEAM_FACTORY_PUBLIC_URL: "https://tf.example.com",
      },
      "/readyz",
    );
    children.push(app.child);
    expect(await (await fetch(`${app.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    expect(app.output()).toMatch(
      /Team Factory \d+\.\d+\.\d+ listening on .*\/api\/github\/webhooks/,
    );
  });

  it("on a workstation, the smee channel is the registered webhook URL", async () => {
    const setup = await start(
      fresh(),
      { ...ghe(), WEBHOOK_PROXY_URL: "https://smee.io/abc123" },
      "/probot",
    );
    children.push(setup.child);
    const manifest = manifestOf(await (await fetch(`${setup.url}/probot`)).text());
    expect(manifest.hook_attributes.url).toBe("https://smee.io/abc123");
  });

  it("a store it cannot reach stops the start with one line naming DATABASE_URL, exit 1", async () => {
    const cwd = fresh();
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        PORT: String(port),
        ...simulatorAppEnv(sim),
        DATABASE_URL: "postgres://team:factory@127.0.0.1:1/none",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^team-factory: cannot start: .*DATABASE_URL/);
  });
});

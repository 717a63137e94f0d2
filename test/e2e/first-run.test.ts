import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { simulatorAppEnv, stopChild } from "../../bench/app-process.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";

const ROOT = join(import.meta.dirname, "../..");
const MAIN = join(ROOT, "src/main.ts");
const TOKEN = "first-run-dashboard-token-0123456789";

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
  // SIGTERM, as an operator stops it: a killed app would leave its throwaway store's server
  // running (until the next throwaway store's janitor finds it).
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stopChild));
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
    const setupPage = await fetch(`${setup.url}/probot`);
    const cookie = setupPage.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const html = await setupPage.text();
    const manifest = manifestOf(html);
    const state = /action="[^"]*\?state=([0-9a-f]+)"/.exec(html)?.[1];
    expect(manifest.redirect_url).toBe("https://tf.example.com/probot/setup");
    expect(manifest.hook_attributes.url).toBe("https://tf.example.com/api/github/webhooks");
    expect(manifest.url).toBe("https://tf.example.com");
    expect(manifest.default_events).toEqual([
      "issues",
      "issue_comment",
      "pull_request",
      "pull_request_review",
      "deployment_status",
    ]);
    expect(JSON.stringify(manifest)).not.toMatch(/example\.invalid|installation/);
    // The person submits the form on GitHub, which sends the browser back with a code and the
    // state, to the public URL (its proxy forwards to this server) with the setup page's cookie.
    const { redirectTo } = sim.act.registerApp(manifest, { state });
    const { pathname, search } = new URL(redirectTo);
    const back = await fetch(`${setup.url}${pathname}${search}`, {
      redirect: "manual",
      headers: { cookie },
    });
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
        TEAM_FACTORY_DASHBOARD_TOKEN: TOKEN,
      },
      "/readyz",
    );
    children.push(app.child);
    expect(await (await fetch(`${app.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    expect(app.output()).toMatch(
      /Team Factory \d+\.\d+\.\d+ listening on .*\/api\/github\/webhooks/,
    );
    // The one start-up line lists the new routes and says they are on.
    expect(app.output()).toMatch(/routes: [^|\n]*\/team-factory\/ \/metrics/);
    expect(app.output()).toContain("/team-factory/ and /metrics behind the dashboard token");
    // The operator page and /metrics, behind the token the start-up line says is set.
    const bearer = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${app.url}/team-factory/`)).status).toBe(401);
    const page = await fetch(`${app.url}/team-factory/`, { headers: bearer });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("audit chain verified: 0 entries intact");
    const metrics = await fetch(`${app.url}/metrics`, { headers: bearer });
    expect(await metrics.text()).toContain("# TYPE team_factory_webhooks_total counter");
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

  /** `npm start` with the app's credentials and `env`, to its exit: the code and stderr. */
  const startToExit = async (env: Record<string, string>) => {
    const cwd = fresh();
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        PORT: String(port),
        ...simulatorAppEnv(sim),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { code, stderr };
  };

  it("a store it cannot reach stops the start with one line naming DATABASE_URL, exit 1", async () => {
    const { code, stderr } = await startToExit({
      DATABASE_URL: "postgres://team:factory@127.0.0.1:1/none",
    });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^team-factory: cannot start: .*DATABASE_URL/);
  });

  it.each([
    [
      "a webhook timeout",
      { TEAM_FACTORY_WEBHOOK_TIMEOUT_MS: "10s" },
      /^team-factory: cannot start: TEAM_FACTORY_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000 \(got "10s"\)/,
    ],
    [
      "a notification URL",
      { TEAM_FACTORY_SLACK_WEBHOOK_URL: "hooks.slack.com/services/T0/B0/x" },
      /^team-factory: cannot start: TEAM_FACTORY_SLACK_WEBHOOK_URL must be an http\(s\) URL/,
    ],
  ])("%s it cannot use stops the start with one line naming it, exit 1", async (_, env, line) => {
    const { code, stderr } = await startToExit({ TEAM_FACTORY_DATA_DIR: "memory://", ...env });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(line);
  });
});

import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { runSetupMode } from "../../src/server/setup-mode.ts";

// The first-run setup page registers the app and writes its credentials to
// .env. Someone else must not be able to make it write theirs (CSRF), nor steer where GitHub
// sends the browser back with the code.
const ROOT = join(import.meta.dirname, "../..");
const PUBLIC = "https://tf.example.com";

let sim: GitHubSimulator;
let dir: string;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  sim = await startGitHubSimulator();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => sim?.stop());

async function setup(env: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "tf-setup-"));
  copyFileSync(join(ROOT, "app.yml"), join(dir, "app.yml"));
  const logged: string[] = [];
  const server = await runSetupMode({
    env: { GHE_HOST: new URL(sim.url).host, GHE_PROTOCOL: "http", ...env },
    host: "127.0.0.1",
    port: 0,
    cwd: dir,
    log: (line) => logged.push(line),
  });
  servers.push(server);
  return { url: server.url, envFile: join(dir, ".env"), logged };
}

/** A browser's GET (its Host header and cookie as given). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      request(url, { headers }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
        .on("error", reject)
        .end();
    },
  );
}

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));

/** What the setup page gives a browser: the manifest, the form's target and the cookie. */
async function openSetupPage(url: string, headers: Record<string, string> = {}) {
  const page = await get(`${url}/probot`, headers);
  const manifest = JSON.parse(
    unescapeHtml(/name="manifest" value="([^"]*)"/.exec(page.body)?.[1] ?? "{}"),
  ) as Record<string, unknown>;
  const action = unescapeHtml(/<form method="post" action="([^"]*)"/.exec(page.body)?.[1] ?? "");
  const setCookie = ([] as string[]).concat((page.headers["set-cookie"] as string[]) ?? []);
  return {
    status: page.status,
    body: page.body,
    manifest,
    state: URL.parse(action)?.searchParams.get("state") ?? undefined,
    setCookie: setCookie.join("\n"),
    cookie: setCookie.map((c) => c.split(";")[0]).join("; "),
  };
}

/** GitHub sends the browser back: the redirect's path and query, on the setup server. */
const back = (url: string, redirectTo: string) => {
  const target = new URL(redirectTo);
  return `${url}${target.pathname}${target.search}`;
};

describe("the setup page's registration", () => {
  it("writes nothing for a code from someone else's registration, with or without a state of theirs", async () => {
    const victim = await setup({ TEAM_FACTORY_PUBLIC_URL: PUBLIC });
    // The attacker starts a registration of their own (their own cookie and state) on the same
    // setup server, registers it on GitHub, and keeps the code instead of following the redirect.
    const attacker = await openSetupPage(victim.url);
    const { redirectTo } = sim.act.registerApp(attacker.manifest, { state: attacker.state });
    // The victim, who opened the setup page too, follows the attacker's link.
    const own = await openSetupPage(victim.url);
    for (const cookie of [own.cookie, ""]) {
      const answer = await get(back(victim.url, redirectTo), cookie ? { cookie } : {});
      expect(answer.status).toBe(403);
      expect(answer.body).toMatch(/not started from this browser/);
      expect(answer.body).toMatch(/nothing was saved/i);
    }
    const written = existsSync(victim.envFile) ? readFileSync(victim.envFile, "utf8") : "";
    expect(written).not.toMatch(/APP_ID|PRIVATE_KEY/);
    expect(victim.logged.join("\n")).toMatch(/refused a registration callback/);
  });

  it("takes the registration this browser started, once", async () => {
    const app = await setup({ TEAM_FACTORY_PUBLIC_URL: PUBLIC });
    const page = await openSetupPage(app.url);
    expect(page.state).toMatch(/^[0-9a-f]{32,}$/);
    expect(page.setCookie).toMatch(/HttpOnly/);
    expect(page.setCookie).toMatch(/SameSite=Lax/);
    expect(page.setCookie).toMatch(/Secure/);
    const { redirectTo } = sim.act.registerApp(page.manifest, { state: page.state });
    const done = await get(back(app.url, redirectTo), { cookie: page.cookie });
    expect(done.status).toBe(302);
    expect(readFileSync(app.envFile, "utf8")).toMatch(new RegExp(`^APP_ID="${sim.app.id}"$`, "m"));
    // The same link again (a replay, or the back button) is refused.
    expect((await get(back(app.url, redirectTo), { cookie: page.cookie })).status).toBe(403);
  });

  it("builds every URL of the manifest from TEAM_FACTORY_PUBLIC_URL, whatever the Host header says", async () => {
    const app = await setup({ TEAM_FACTORY_PUBLIC_URL: `${PUBLIC}/` });
    const page = await openSetupPage(app.url, { host: "evil.com" });
    expect(page.manifest.redirect_url).toBe(`${PUBLIC}/probot/setup`);
    expect(page.manifest.url).toBe(PUBLIC);
    expect(page.manifest.hook_attributes).toEqual({
      url: `${PUBLIC}/api/github/webhooks`,
      active: true,
    });
    expect(JSON.stringify(page.manifest)).not.toContain("evil.com");
  });

  it("without a public URL, serves the page only to this machine's own names", async () => {
    const app = await setup({ WEBHOOK_PROXY_URL: "https://smee.io/abc123" });
    const port = new URL(app.url).port;
    const refused = await openSetupPage(app.url, { host: `evil.com:${port}` });
    expect(refused.status).toBe(421);
    expect(refused.body).toContain(`http://localhost:${port}/probot`);
    expect(refused.body).toContain("TEAM_FACTORY_PUBLIC_URL");
    expect(refused.setCookie).toBe("");
    const local = await openSetupPage(app.url);
    expect(local.manifest.redirect_url).toBe(`${app.url}/probot/setup`);
    // A state cookie over plain http cannot be Secure.
    expect(local.setCookie).not.toMatch(/Secure/);
  });
});

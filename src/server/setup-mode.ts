import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { SmeeClient } from "smee-client";
import { parse } from "yaml";
import { readEnv } from "../env/env-schema.ts";
import { createSetupStates } from "./setup-state.ts";
import { startServer } from "./start-server.ts";

/** The manifest GitHub registers the app from: `app.yml` plus the URLs of this installation. */
export function appManifest(params: {
  appYml: Record<string, unknown>;
  webhookUrl: string;
  homepage: string;
  redirectUrl: string;
}): Record<string, unknown> {
  return {
    ...params.appYml,
    url: params.homepage,
    hook_attributes: { url: params.webhookUrl, active: true },
    redirect_url: params.redirectUrl,
    public: params.appYml.public ?? false,
  };
}

/** Sets `values` in the `.env` file at `path` (replacing those keys), keeping every other line. */
export function updateEnvFile(path: string, values: Record<string, string>): void {
  const lines = existsSync(path) ? readFileSync(path, "utf8").split("\n") : [];
  const kept = lines.filter((line) => {
    const key = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    return !key || !(key in values);
  });
  const added = Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  writeFileSync(
    path,
    `${[...kept.filter((l, i) => l || i < kept.length - 1), ...added].join("\n")}\n`,
    { mode: 0o600 },
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><meta charset="utf-8"><title>Team Factory setup</title><body style="font-family:sans-serif;max-width:40em;margin:3em auto">${html}</body>`,
  );
}

/**
 * First run without credentials: one page that registers the app on GitHub from `app.yml` (the
 * manifest flow) with the webhook URL this installation really has — `TEAM_FACTORY_PUBLIC_URL`
 * for a server on the internet, else a smee.io channel for a workstation — then writes `APP_ID`,
 * `PRIVATE_KEY` and `WEBHOOK_SECRET` to `.env`. Only for the browser that started the
 * registration (`setup-state.ts`); GitHub sends it back to the public URL, or without one to this
 * machine's own name.
 */
export async function runSetupMode(params: {
  env: NodeJS.ProcessEnv;
  host: string;
  port: number;
  /** How long a request may take to arrive (10 s by default). */
  timeoutMs?: number;
  cwd?: string;
  /** A smee channel when none is set (smee.io by default). */
  createChannel?: () => Promise<string>;
  log?: (line: string) => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  const { env } = params;
  const cwd = params.cwd ?? process.cwd();
  const log = params.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const envFile = join(cwd, ".env");
  const settings = readEnv(
    env,
    "TEAM_FACTORY_PUBLIC_URL",
    "WEBHOOK_PROXY_URL",
    "WEBHOOK_PATH",
    "GHE_HOST",
    "GHE_PROTOCOL",
    "GH_ORG",
  );
  const publicUrl = settings.TEAM_FACTORY_PUBLIC_URL;
  let proxy = settings.WEBHOOK_PROXY_URL;
  if (!publicUrl && !proxy) {
    proxy = await (params.createChannel ?? (() => SmeeClient.createChannel()))().catch(
      () => undefined,
    );
    if (!proxy)
      throw new Error(
        "No webhook URL for the app: smee.io could not be reached. Set TEAM_FACTORY_PUBLIC_URL (this server's public https URL) or WEBHOOK_PROXY_URL (a smee.io channel) and start again.",
      );
    updateEnvFile(envFile, { WEBHOOK_PROXY_URL: proxy });
  }
  const webhookUrl = publicUrl ? `${publicUrl}${settings.WEBHOOK_PATH}` : (proxy as string);
  const appYml = (parse(readFileSync(join(cwd, "app.yml"), "utf8")) ?? {}) as Record<
    string,
    unknown
  >;
  const { GHE_HOST, GH_ORG } = settings;
  const ghHost = GHE_HOST ?? "github.com";
  const ghProtocol = GHE_HOST ? settings.GHE_PROTOCOL : "https";
  const apiBase = GHE_HOST ? `${ghProtocol}://${ghHost}/api/v3` : "https://api.github.com";
  const newAppUrl = `${ghProtocol}://${ghHost}/${GH_ORG ? `organizations/${encodeURIComponent(GH_ORG)}/` : ""}settings/apps/new`;

  const states = createSetupStates();
  let port = params.port;
  const ownNames = ["localhost", "127.0.0.1", "[::1]", params.host].filter(
    (name) => name !== "0.0.0.0" && name !== "::",
  );
  /**
   * Where the browser reaches this page, for the URLs GitHub sends it back to: the public URL when
   * there is one; else the Host header only when it names this machine (another name would send
   * the code elsewhere, e.g. through DNS rebinding); null then.
   */
  const baseUrlOf = (req: IncomingMessage): string | null => {
    if (publicUrl) return publicUrl;
    const host = req.headers.host ?? "";
    const name = URL.parse(`http://${host}`)?.hostname;
    return name && ownNames.includes(name) ? `http://${host}` : null;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/" || url.pathname === "/probot") {
      const baseUrl = baseUrlOf(req);
      if (!baseUrl) {
        const local = `http://localhost:${port}/probot`;
        return page(
          res,
          421,
          `<p>This setup page answers only on this machine: open <a href="${local}">${local}</a>, or set TEAM_FACTORY_PUBLIC_URL to this server's public URL and start again.</p>`,
        );
      }
      const state = states.issue();
      res.setHeader("set-cookie", states.cookie(state, baseUrl.startsWith("https:")));
      const manifest = appManifest({
        appYml,
        webhookUrl,
        homepage: baseUrl,
        redirectUrl: `${baseUrl}/probot/setup`,
      });
      const action = `${newAppUrl}?state=${state}`;
      return page(
        res,
        200,
        `<h1>Register Team Factory</h1><p>GitHub will send this app's webhooks to <code>${escapeHtml(webhookUrl)}</code>.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}"><button type="submit">Register the GitHub App</button></form>`,
      );
    }
    if (url.pathname === "/probot/setup") {
      if (!states.take(url.searchParams.get("state"), req.headers.cookie)) {
        log(
          "Setup: refused a registration callback that this browser did not start (no matching state); nothing was written.",
        );
        return page(
          res,
          403,
          '<p>This registration was not started from this browser (or its link was used already, or is more than an hour old), so nothing was saved. Start again from <a href="/probot">the setup page</a>, in the browser you register the app with.</p>',
        );
      }
      const code = url.searchParams.get("code") ?? "";
      if (!/^[\w.-]{1,200}$/.test(code))
        return page(res, 400, "<p>The code from GitHub is missing or not valid.</p>");
      const answer = await fetch(`${apiBase}/app-manifests/${code}/conversions`, {
        method: "POST",
        headers: { accept: "application/vnd.github+json" },
      });
      if (!answer.ok)
        return page(
          res,
          502,
          `<p>GitHub did not turn the code into an app (HTTP ${answer.status}). Start again from <a href="/probot">the setup page</a>.</p>`,
        );
      const app = (await answer.json()) as {
        id: number;
        pem: string;
        webhook_secret: string;
        html_url: string;
        client_id?: string;
        client_secret?: string;
      };
      updateEnvFile(envFile, {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        WEBHOOK_SECRET: app.webhook_secret,
        ...(app.client_id ? { GITHUB_CLIENT_ID: app.client_id } : {}),
        ...(app.client_secret ? { GITHUB_CLIENT_SECRET: app.client_secret } : {}),
      });
      log(
        `Registered GitHub App ${app.id}; its credentials are in ${envFile}. Install it, then restart npm start.`,
      );
      res.writeHead(302, { location: `${app.html_url}/installations/new` }).end();
      return;
    }
    page(res, 404, '<p>Nothing here: start at <a href="/probot">the setup page</a>.</p>');
  };
  const server = await startServer({
    handler,
    host: params.host,
    port: params.port,
    timeoutMs: params.timeoutMs,
  });
  port = Number(new URL(server.url).port);
  log(
    `Team Factory is not registered yet: open ${server.url}/probot to register it on ${ghHost} (webhooks will go to ${webhookUrl}).`,
  );
  return server;
}

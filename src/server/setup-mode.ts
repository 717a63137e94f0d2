import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { SmeeClient } from "smee-client";
import { parse } from "yaml";
import { startServer } from "./start-server.ts";

const WEBHOOK_PATH = "/api/github/webhooks";

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
 * `PRIVATE_KEY` and `WEBHOOK_SECRET` to `.env`.
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
  const publicUrl = env.TEAM_FACTORY_PUBLIC_URL?.trim().replace(/\/+$/, "");
  let proxy = env.WEBHOOK_PROXY_URL?.trim();
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
  const webhookUrl = publicUrl
    ? `${publicUrl}${env.WEBHOOK_PATH || WEBHOOK_PATH}`
    : (proxy as string);
  const appYml = (parse(readFileSync(join(cwd, "app.yml"), "utf8")) ?? {}) as Record<
    string,
    unknown
  >;
  const ghHost = env.GHE_HOST || "github.com";
  const ghProtocol = env.GHE_HOST ? env.GHE_PROTOCOL || "https" : "https";
  const apiBase = env.GHE_HOST ? `${ghProtocol}://${ghHost}/api/v3` : "https://api.github.com";
  const newAppUrl = `${ghProtocol}://${ghHost}/${env.GH_ORG ? `organizations/${encodeURIComponent(env.GH_ORG)}/` : ""}settings/apps/new`;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const baseUrl = `http://${req.headers.host ?? `localhost:${params.port}`}`;
    if (url.pathname === "/" || url.pathname === "/probot") {
      const manifest = appManifest({
        appYml,
        webhookUrl,
        homepage: publicUrl ?? baseUrl,
        redirectUrl: `${baseUrl}/probot/setup`,
      });
      return page(
        res,
        200,
        `<h1>Register Team Factory</h1><p>GitHub will send this app's webhooks to <code>${escapeHtml(webhookUrl)}</code>.</p>
<form method="post" action="${escapeHtml(newAppUrl)}"><input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}"><button type="submit">Register the GitHub App</button></form>`,
      );
    }
    if (url.pathname === "/probot/setup") {
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
  log(
    `Team Factory is not registered yet: open ${server.url}/probot to register it on ${ghHost} (webhooks will go to ${webhookUrl}).`,
  );
  return server;
}

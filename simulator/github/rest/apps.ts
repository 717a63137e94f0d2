import { issueInstallationToken } from "../auth.ts";
import { findRepo, installationFor, SimError, type SimInstallation } from "../state.ts";
import { actorOf, ok, type RestContext, type RestHandler } from "./context.ts";
import { restRepo, restUser } from "./represent.ts";

const PERMISSIONS = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  metadata: "read",
};

function restInstallation(ctx: RestContext, i: SimInstallation) {
  const app = actorOf(ctx).app;
  return {
    id: i.id,
    account: restUser(ctx.base, i.account),
    app_id: app?.id,
    app_slug: app?.slug,
    target_id: i.account.id,
    target_type: i.account.type === "Organization" ? "Organization" : "User",
    repository_selection: "selected",
    permissions: PERMISSIONS,
    events: ["issues", "issue_comment", "pull_request"],
    access_tokens_url: `${ctx.base}/app/installations/${i.id}/access_tokens`,
    repositories_url: `${ctx.base}/installation/repositories`,
    html_url: `https://github.com/settings/installations/${i.id}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

export const appsHandlers: Record<string, RestHandler> = {
  // The manifest flow's last step: the code becomes the app (here: the simulator's one app,
  // registered with what the manifest asked for).
  "apps/create-from-manifest": (ctx) => {
    const manifest = ctx.state.manifests.get(ctx.params.code);
    const app = ctx.state.apps[0];
    if (!manifest || !app) throw new SimError(404, "Not Found");
    ctx.state.manifests.delete(ctx.params.code);
    return ok(
      {
        id: app.id,
        slug: app.slug,
        node_id: `A_${app.id}`,
        name: String(manifest.name ?? app.name),
        owner: restUser(ctx.base, app.owner),
        description: String(manifest.description ?? ""),
        external_url: String(manifest.url),
        html_url: `https://github.com/apps/${app.slug}`,
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
        permissions: (manifest.default_permissions as Record<string, string>) ?? {},
        events: (manifest.default_events as string[]) ?? [],
        client_id: `Iv1.${app.id}`,
        client_secret: "simulated-client-secret",
        webhook_secret: app.webhookSecret,
        pem: app.privateKeyPem,
      },
      201,
    );
  },
  "apps/get-authenticated": (ctx) => {
    const app = actorOf(ctx).app;
    if (!app) throw new SimError(401, "Bad credentials");
    return ok({
      id: app.id,
      slug: app.slug,
      node_id: `A_${app.id}`,
      name: app.name,
      owner: restUser(ctx.base, app.owner),
      description: "",
      external_url: "https://example.invalid",
      html_url: `https://github.com/apps/${app.slug}`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      permissions: PERMISSIONS,
      events: ["issues", "issue_comment", "pull_request"],
      installations_count: ctx.state.installations.length,
    });
  },
  "apps/list-installations": (ctx) =>
    ok(ctx.state.installations.map((i) => restInstallation(ctx, i))),
  "apps/get-repo-installation": (ctx) => {
    const repo = findRepo(ctx.state, ctx.params.owner, ctx.params.repo);
    const installation = repo && installationFor(ctx.state, repo);
    if (!installation) throw new SimError(404, "Not Found");
    return ok(restInstallation(ctx, installation));
  },
  "apps/create-installation-access-token": (ctx) => {
    const id = Number(ctx.params.installation_id);
    const installation = ctx.state.installations.find((i) => i.id === id);
    if (!installation) throw new SimError(404, "Not Found");
    const { token, expiresAt } = issueInstallationToken(ctx.state, ctx.tokens, installation);
    const repos = [...ctx.state.repos.values()].filter((r) => installation.repoIds.has(r.id));
    return ok(
      {
        token,
        expires_at: expiresAt,
        permissions: PERMISSIONS,
        repository_selection: "selected",
        repositories: repos.map((r) => restRepo(ctx.base, r)),
      },
      201,
    );
  },
  "apps/list-repos-accessible-to-installation": (ctx) => {
    const installation = actorOf(ctx).installation;
    if (!installation) throw new SimError(403, "This endpoint requires an installation token");
    const repos = [...ctx.state.repos.values()].filter((r) => installation.repoIds.has(r.id));
    return ok({
      total_count: repos.length,
      repository_selection: "selected",
      repositories: repos.map((r) => restRepo(ctx.base, r)),
    });
  },
};

/**
 * Python of the catalogue's integrations (`tools/integrations/`): one module per integration with
 * the team's catalogue tools, over shared plumbing in the package. Only our own text and
 * validated identifiers reach this code; no user text does.
 */
import type { Integration } from "../spec/tool-catalogue.ts";
import { integrationModule } from "./integration-module.ts";
import { packageModule } from "./integration-package.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

/** Module of each integration under `tools/integrations/`, the library it uses, and its pip pin. */
export const INTEGRATION_FACTS: Record<
  Integration,
  { module: string; title: string; library: string; requirement: string }
> = {
  "http-json": {
    module: "http_json",
    title: "HTTP JSON APIs",
    library: "httpx",
    requirement: "httpx>=0.23,<1",
  },
  postgres: {
    module: "postgres",
    title: "PostgreSQL",
    library: "psycopg",
    requirement: "psycopg[binary]>=3.1,<4",
  },
  supabase: {
    module: "supabase_rest",
    title: "Supabase (REST)",
    library: "httpx",
    requirement: "httpx>=0.23,<1",
  },
  github: {
    module: "github_search",
    title: "GitHub",
    library: "httpx",
    requirement: "httpx>=0.23,<1",
  },
  slack: {
    module: "slack_webhook",
    title: "Slack",
    library: "httpx",
    requirement: "httpx>=0.23,<1",
  },
  prometheus: {
    module: "prometheus",
    title: "Prometheus",
    library: "httpx",
    requirement: "httpx>=0.23,<1",
  },
  kubernetes: {
    module: "kubernetes_read",
    title: "Kubernetes",
    library: "kubernetes",
    requirement: "kubernetes>=22.6,<36",
  },
};

/** `tools/integrations/`: the package and one module per integration the team uses. */
export function renderIntegrations(model: TeamModel): Files {
  if (model.integrations.length === 0) return [];
  return [
    {
      path: `${model.src}/tools/integrations/__init__.py`,
      content: packageModule(
        model.integrations.some((i) => INTEGRATION_FACTS[i].library === "httpx"),
      ),
    },
    ...model.integrations.map((integration) => ({
      path: `${model.src}/tools/integrations/${INTEGRATION_FACTS[integration].module}.py`,
      content: integrationModule(
        integration,
        model.tools.flatMap((t) => (t.catalogue?.integration === integration ? [t.catalogue] : [])),
      ),
    })),
  ];
}

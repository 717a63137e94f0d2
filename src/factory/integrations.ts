/**
 * Python of the catalogue's integrations (`tools/integrations/`): one module per integration with
 * the team's catalogue tools, over shared plumbing in the package. Each integration's code and
 * tests live in src/factory/integrations/. Only our own text and validated identifiers reach this
 * code; no user text does.
 */
import type { CatalogueTool, Integration } from "../spec/tool-catalogue.ts";
import { packageModule } from "./integration-package.ts";
import { AWS } from "./integrations/aws.ts";
import { ANOMALIES, CHARTS, POSTGRES, SUPABASE } from "./integrations/data.ts";
import { GITHUB } from "./integrations/github.ts";
import { HTTP_JSON } from "./integrations/http-apis.ts";
import { PAGERDUTY, SENTRY } from "./integrations/incidents.ts";
import { EMAIL, SLACK } from "./integrations/messaging.ts";
import { KUBERNETES, PROMETHEUS } from "./integrations/platform.ts";
import type { IntegrationCode } from "./integrations/tool-code.ts";
import { JIRA, LINEAR, ZENDESK } from "./integrations/trackers.ts";
import { OSV, WEB } from "./integrations/web.ts";
import { pyFromImport, usedImports, usedNames } from "./python.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

/** Each integration's module, library, pin, Python and tests. */
export const INTEGRATION_CODE: Record<Integration, IntegrationCode> = {
  "http-json": HTTP_JSON,
  postgres: POSTGRES,
  supabase: SUPABASE,
  github: GITHUB,
  slack: SLACK,
  prometheus: PROMETHEUS,
  kubernetes: KUBERNETES,
  jira: JIRA,
  linear: LINEAR,
  zendesk: ZENDESK,
  aws: AWS,
  pagerduty: PAGERDUTY,
  sentry: SENTRY,
  email: EMAIL,
  charts: CHARTS,
  anomalies: ANOMALIES,
  web: WEB,
  osv: OSV,
};

/** The code of one catalogue tool (every catalogue tool has one: a test holds to it). */
export function toolCode(tool: CatalogueTool) {
  const code = INTEGRATION_CODE[tool.integration].tools[tool.name];
  if (!code) throw new Error(`no code for the catalogue tool ${tool.name}`);
  return code;
}

/** One module of `tools/integrations/`: its header, helpers, then a function per tool. */
function integrationModule(code: IntegrationCode, tools: CatalogueTool[]): string {
  const body = `${code.consts}\n${code.helpers ?? ""}${tools.map((tool) => toolCode(tool).python(tool)).join("\n\n")}`;
  const lines = usedImports(code.imports, body);
  const imports = lines.length ? `${lines.join("\n")}\n\n` : "";
  const consts = code.consts ? `${code.consts}\n` : "";
  return `"""${code.doc}"""

${imports}${pyFromImport(".", usedNames(code.names, body))}
${consts}
${code.helpers ?? ""}${tools.map((tool) => toolCode(tool).python(tool)).join("\n\n")}`;
}

/** `tools/integrations/`: the package and one module per integration the team uses. */
export function renderIntegrations(model: TeamModel): Files {
  if (model.integrations.length === 0) return [];
  return [
    {
      path: `${model.src}/tools/integrations/__init__.py`,
      content: packageModule(
        model.integrations.some((i) => INTEGRATION_CODE[i].library === "httpx"),
      ),
    },
    ...model.integrations.map((integration) => ({
      path: `${model.src}/tools/integrations/${INTEGRATION_CODE[integration].module}.py`,
      content: integrationModule(
        INTEGRATION_CODE[integration],
        model.tools.flatMap((t) => (t.catalogue?.integration === integration ? [t.catalogue] : [])),
      ),
    })),
  ];
}

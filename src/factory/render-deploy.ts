import { podSize } from "../policy/pod-size.ts";
import { TEAM_SLUG_PATTERN } from "../spec/slug.ts";
import { INTEGRATION_CODE } from "./integrations.ts";
import { API_TOKEN_ENV, labelValue, toYaml } from "./render-configs.ts";
import type { TeamModel } from "./team-model.ts";

type Files = { path: string; content: string }[];

const COMMON_PACKAGES = ["pyyaml>=6.0,<7", "starlette>=0.26,<1", "uvicorn>=0.17,<1"];

/**
 * What the team's code imports, pinned to the major versions its framework check ran: the
 * framework (with the provider), the server, YAML and the tools' libraries.
 */
export function requirementList(model: TeamModel): string[] {
  const framework =
    model.spec.framework === "CrewAI"
      ? model.provider.crewPackages
      : ["langchain-core>=1.2,<2", "langgraph>=1.1,<2", ...model.provider.graphPackages];
  const tools = model.integrations.flatMap((i) => INTEGRATION_CODE[i].requirement ?? []);
  return [...new Set([...framework, ...COMMON_PACKAGES, ...tools])].sort();
}

/** A TOML basic string: quotes, backslashes, control and direction characters escaped. */
function tomlString(text: string): string {
  let body = "";
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const hidden =
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f) ||
      cp === 0x2028 ||
      cp === 0x2029 ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069);
    if (char === "\\" || char === '"') body += `\\${char}`;
    else if (hidden) body += `\\u${cp.toString(16).padStart(4, "0")}`;
    else body += char;
  }
  return `"${body}"`;
}

/**
 * pyproject.toml: the package (src layout), its dependencies and, for CrewAI, the scripts and
 * the \`[tool.crewai]\` table through which \`crewai run\` finds the crew.
 */
function pyproject(model: TeamModel): string {
  const deps = requirementList(model)
    .map((r) => `    ${tomlString(r)},\n`)
    .join("");
  const crew = model.spec.framework === "CrewAI";
  const scripts = crew
    ? `
[project.scripts]
${model.pkg} = "${model.pkg}.main:run"
run_crew = "${model.pkg}.main:run"
train = "${model.pkg}.main:train"
replay = "${model.pkg}.main:replay"
test = "${model.pkg}.main:test"
run_with_trigger = "${model.pkg}.main:run_with_trigger"
`
    : "";
  return `[project]
name = "${model.slug}"
version = "0.1.0"
description = ${tomlString(`${model.spec.displayName} (${model.spec.framework})`)}
requires-python = ">=3.10,<3.14"
dependencies = [
${deps}]
${scripts}
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["${model.src}"]
${crew ? '\n[tool.crewai]\ntype = "crew"\n' : ""}`;
}

/** The secret holding the team's own tool settings (URLs, tokens). */
export const toolsSecret = (slug: string) => `${slug}-tools`;

/** Only a validated slug ever reaches the Dockerfile and the shell script. */
function safeSlug(slug: string): string {
  if (!TEAM_SLUG_PATTERN.test(slug)) throw new Error(`not a valid team slug: ${slug}`);
  return slug;
}

function dockerfile(slug: string, pkg: string): string {
  return `# Image of ${slug}: the team's HTTP server on port 8000, run as uid 1000.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1 \\
    PORT=8000

RUN useradd --uid 1000 --create-home --shell /usr/sbin/nologin team

WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=1000:1000 . .
ENV PYTHONPATH=/app/src
USER 1000

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \\
    CMD ["sh", "health_check.sh"]

CMD ["python", "-m", "${pkg}.team_server"]
`;
}

function healthCheck(slug: string): string {
  return `#!/bin/sh
# Health check of ${slug}: exits 0 when GET /health answers 200.
# Run it through its interpreter (no executable bit needed): sh health_check.sh
set -eu
url="http://127.0.0.1:\${PORT:-8000}/health"
exec python -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=5).status == 200 else 1)' "$url"
`;
}

function kubernetes(model: TeamModel): string {
  const { spec, slug } = model;
  const pod = podSize(spec.members.length);
  const labels = {
    app: slug,
    department: labelValue(spec.department),
    framework: spec.framework.toLowerCase(),
    "team-type": "ai-agent-team",
  };
  const secret = (name: string, secretName: string, key: string, optional = false) => ({
    name,
    valueFrom: { secretKeyRef: { name: secretName, key, ...(optional ? { optional } : {}) } },
  });
  // Tool settings are optional in the pod: a tool without its settings says what to set.
  const toolEnv = model.toolEnv.flatMap((e) =>
    e.source ? [secret(e.env, e.source.secret ?? toolsSecret(slug), e.source.key, true)] : [],
  );
  const readsCluster = model.integrations.includes("kubernetes");
  const probe = (path: string) => ({ httpGet: { path, port: 8000 }, periodSeconds: 30 });
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: slug,
      namespace: "elf-teams",
      labels,
      annotations: { "elf.ai/department": spec.department, "elf.ai/reports-to": spec.reportsTo },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: slug } },
      template: {
        metadata: { labels },
        spec: {
          ...(readsCluster
            ? { serviceAccountName: slug }
            : { automountServiceAccountToken: false }),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
          },
          // The root filesystem is read-only; the frameworks' caches go to /tmp (HOME).
          volumes: [{ name: "scratch", emptyDir: {} }],
          containers: [
            {
              name: slug,
              image: `elf-automations/${slug}:latest`,
              imagePullPolicy: "IfNotPresent",
              ports: [{ name: "http", containerPort: 8000 }],
              env: [
                { name: "PORT", value: "8000" },
                { name: "HOME", value: "/tmp" },
                secret(model.provider.envVar, "llm-credentials", model.provider.secretKey),
                // Without the token POST /task stays closed and GET /ready says so.
                secret(API_TOKEN_ENV, toolsSecret(slug), "api-token", true),
                ...toolEnv,
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "scratch", mountPath: "/tmp" }],
              // The same pod the cost estimate prices (one rule, in policy).
              resources: { requests: pod.requests, limits: pod.limits },
              readinessProbe: { ...probe("/ready"), initialDelaySeconds: 5 },
              livenessProbe: { ...probe("/health"), initialDelaySeconds: 20 },
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: slug, namespace: "elf-teams", labels },
    spec: {
      selector: { app: slug },
      ports: [{ name: "http", port: 8000, targetPort: "http" }],
    },
  };
  const access = readsCluster ? clusterReader(slug, labels) : [];
  return [...access, deployment, service].map(toYaml).join("");
}

/** A service account that may read workloads cluster-wide, for `list_kubernetes_workloads`. */
function clusterReader(slug: string, labels: Record<string, string>): object[] {
  const name = `${slug}-read-workloads`;
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: slug, namespace: "elf-teams", labels },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name, labels },
      rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ kind: "ServiceAccount", name: slug, namespace: "elf-teams" }],
    },
  ];
}

/** requirements.txt, Dockerfile, health_check.sh and k8s/deployment.yaml. */
export function renderDeploy(model: TeamModel): Files {
  const slug = safeSlug(model.slug);
  return [
    { path: "pyproject.toml", content: pyproject(model) },
    { path: "requirements.txt", content: `${requirementList(model).join("\n")}\n` },
    { path: "Dockerfile", content: dockerfile(slug, model.pkg) },
    { path: "health_check.sh", content: healthCheck(slug) },
    { path: "k8s/deployment.yaml", content: kubernetes(model) },
  ];
}

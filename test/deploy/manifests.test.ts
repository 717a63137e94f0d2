import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { CronJob } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { PersistentVolumeClaim, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import packageJson from "../../package.json" with { type: "json" };
import { SCAN_PATH } from "../../src/scan/scan-route.ts";
import { HEALTH_PATH, READY_PATH } from "../../src/server/health-routes.ts";
import { MAX_WEBHOOK_BYTES } from "../../src/server/webhook-route.ts";
import { runTool } from "../factory/run-tool.ts";

const DIR = join(import.meta.dirname, "../../deploy/kubernetes");
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Service,
  PodDisruptionBudget,
  CronJob,
  PersistentVolumeClaim,
  NetworkPolicy,
  Ingress,
};

// biome-ignore lint/suspicious/noExplicitAny: manifests are read field by field
type Manifest = any;
const manifests: { file: string; doc: Manifest }[] = readdirSync(DIR, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".yaml") && !f.endsWith("kustomization.yaml"))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(DIR, file), "utf8")).map((d) => ({ file, doc: d.toJS() })),
  );
const deployments = manifests.filter((m) => m.doc.kind === "Deployment");
const containerOf = (m: Manifest) => m.doc.spec.template.spec.containers[0];
const env = (m: Manifest) =>
  Object.fromEntries(containerOf(m).env.map((e: Manifest) => [e.name, e]));

describe("the Kubernetes manifests", () => {
  it.each(manifests.map((m) => [m.file, m.doc.kind, m]))("%s: a valid %s", (_f, kind, m) => {
    const Model = MODELS[kind as string];
    expect(Model, `no model for ${kind}`).toBeDefined();
    expect(() =>
      new (Model as new (d: unknown) => { validate(): void })(m.doc).validate(),
    ).not.toThrow();
  });

  it("passes yamllint (duplicate keys, indentation, truthy values) and parses without error", () => {
    const lint = runTool("yamllint", [
      "--strict",
      "-c",
      join(import.meta.dirname, "yamllint.yml"),
      DIR,
    ]);
    expect(lint.output).toBe("");
    expect(lint.status).toBe(0);
    for (const file of readdirSync(DIR, { recursive: true }).map(String))
      if (file.endsWith(".yaml"))
        for (const doc of parseAllDocuments(readFileSync(join(DIR, file), "utf8")))
          expect(doc.errors.map(String), file).toEqual([]);
  });

  it("lists every manifest in a kustomization", () => {
    const listed = readdirSync(DIR, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith("kustomization.yaml"))
      .flatMap((k) => {
        const base = join(DIR, k, "..");
        return (
          parseAllDocuments(readFileSync(join(DIR, k), "utf8"))[0]?.toJS().resources ?? []
        ).map((r: string) => join(base, r));
      });
    for (const m of manifests) expect(listed).toContain(join(DIR, m.file));
  });

  it("runs several replicas only with a store outside the pod, one with the embedded store", () => {
    for (const d of deployments) {
      const external = "DATABASE_URL" in env(d) || "SUPABASE_URL" in env(d);
      if (d.doc.spec.replicas > 1) expect(external, d.file).toBe(true);
      if (!external) {
        expect(d.doc.spec.replicas, d.file).toBe(1);
        expect(d.doc.spec.strategy.type, d.file).toBe("Recreate");
        const data = env(d).TEAM_FACTORY_DATA_DIR?.value;
        expect(containerOf(d).volumeMounts.map((v: Manifest) => v.mountPath)).toContain(data);
      }
    }
    expect(deployments.some((d) => d.doc.spec.replicas >= 2)).toBe(true);
  });

  it("points the probes at the app's real routes and port", () => {
    for (const d of deployments) {
      const c = containerOf(d);
      // The image the `docker build -t` of docs/operations.md makes of this release.
      expect(c.image).toBe(`team-factory:${packageJson.version}`);
      expect(c.readinessProbe.httpGet.path).toBe(READY_PATH);
      expect(c.livenessProbe.httpGet.path).toBe(HEALTH_PATH);
      expect(c.ports[0].containerPort).toBe(Number(env(d).PORT.value));
      expect(env(d).HOST.value).toBe("0.0.0.0");
      expect(c.resources.requests.memory).toBeTruthy();
      expect(c.resources.limits.memory).toBeTruthy();
      // Longer than the drain (TEAM_FACTORY_DRAIN_MS, 7 s by default) and closing the store.
      expect(d.doc.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(10);
    }
    const scan = manifests.find((m) => m.doc.kind === "CronJob");
    expect(JSON.stringify(scan?.doc)).toContain(SCAN_PATH);
  });

  it("passes the operator page and notification settings from the secret, optional, in every deployment", () => {
    const optional = [
      "TEAM_FACTORY_DASHBOARD_TOKEN",
      "TEAM_FACTORY_SLACK_WEBHOOK_URL",
      "TEAM_FACTORY_NOTIFY_URL",
      "TEAM_FACTORY_NOTIFY_SECRET",
    ];
    for (const d of deployments)
      for (const name of optional)
        expect(env(d)[name]?.valueFrom?.secretKeyRef, `${d.file} ${name}`).toEqual({
          name: "team-factory",
          key: name,
          optional: true,
        });
  });

  it("takes every secret by reference, never as a value", () => {
    for (const m of manifests) {
      const text = JSON.stringify(m.doc);
      expect(text, m.file).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|postgres(ql)?:\/\/[^"]*@/);
      for (const container of m.doc.spec?.template?.spec?.containers ??
        m.doc.spec?.jobTemplate?.spec.template.spec.containers ??
        []) {
        for (const e of container.env ?? []) {
          if (/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|APP_ID|WEBHOOK_URL|NOTIFY_URL/.test(e.name))
            expect([e.name, e.valueFrom?.secretKeyRef?.name], m.file).toEqual([
              e.name,
              "team-factory",
            ]);
        }
      }
    }
    expect(manifests.some((m) => m.doc.kind === "Secret")).toBe(false);
  });
});

/** The documents `kubectl apply -k <dir>` applies: its resources, folders followed. */
function applied(dir: string): Manifest[] {
  const kustomization = parseAllDocuments(
    readFileSync(join(DIR, dir, "kustomization.yaml"), "utf8"),
  )[0]?.toJS();
  return (kustomization?.resources ?? []).flatMap((resource: string) =>
    resource.endsWith(".yaml")
      ? parseAllDocuments(readFileSync(join(DIR, dir, resource), "utf8")).map((d) => d.toJS())
      : applied(join(dir, resource)),
  );
}
const podTemplateOf = (doc: Manifest) =>
  doc.kind === "CronJob" ? doc.spec.jobTemplate.spec.template : doc.spec.template;
const selects = (selector: Manifest, labels: Record<string, string>) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
const policiesFor = (docs: Manifest[], workload: Manifest) =>
  docs.filter(
    (d) =>
      d.kind === "NetworkPolicy" &&
      selects(d.spec.podSelector, podTemplateOf(workload).metadata.labels),
  );
const portsOf = (rules: Manifest[] | undefined) =>
  (rules ?? []).flatMap((r: Manifest) => r.ports ?? [{ port: "any" }]);

// What an operator expects of a hardened deployment, each one a reason to fail.
describe("the Kubernetes manifests, hardened", () => {
  const workloads = manifests.filter((m) => ["Deployment", "CronJob"].includes(m.doc.kind));

  it.each(workloads.map((m) => [m.file, m]))(
    "%s: no service account token, the runtime's seccomp profile, non-root, a read-only root",
    (_f, m) => {
      const pod = podTemplateOf(m.doc).spec;
      expect(pod.automountServiceAccountToken, "automountServiceAccountToken").toBe(false);
      expect(pod.securityContext?.runAsNonRoot, "runAsNonRoot").toBe(true);
      expect(pod.securityContext?.seccompProfile, "seccompProfile").toEqual({
        type: "RuntimeDefault",
      });
      const volumes = Object.fromEntries((pod.volumes ?? []).map((v: Manifest) => [v.name, v]));
      for (const c of pod.containers) {
        expect(c.securityContext, c.name).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(c.securityContext.privileged ?? false).toBe(false);
        expect(c.resources?.limits?.memory, `${c.name} memory limit`).toBeTruthy();
        expect(c.resources?.limits?.cpu, `${c.name} cpu limit`).toBeTruthy();
        // What it may write: /tmp (Node's compile cache) and the embedded store's data, no host path.
        const dataDir = c.env?.find((e: Manifest) => e.name === "TEAM_FACTORY_DATA_DIR")?.value;
        for (const mount of c.volumeMounts ?? []) {
          expect(["/tmp", dataDir], mount.mountPath).toContain(mount.mountPath);
          const volume = volumes[mount.name];
          expect(volume?.emptyDir ?? volume?.persistentVolumeClaim, mount.name).toBeTruthy();
        }
      }
    },
  );

  it.each(["replicated", "single"])(
    "%s: NetworkPolicies let in only the app's port and let out only DNS, HTTPS and PostgreSQL",
    (variant) => {
      const docs = applied(variant);
      const app = docs.find((d) => d.kind === "Deployment");
      const policies = policiesFor(docs, app);
      expect(policies.length, "a NetworkPolicy selecting the app's pods").toBeGreaterThan(0);
      expect(new Set(policies.flatMap((p) => p.spec.policyTypes))).toEqual(
        new Set(["Ingress", "Egress"]),
      );
      const container = podTemplateOf(app).spec.containers[0];
      const appPort = container.ports[0];
      for (const port of portsOf(policies.flatMap((p) => p.spec.ingress ?? [])))
        expect([appPort.name, appPort.containerPort]).toContain(port.port);
      const egress = policies.flatMap((p) => p.spec.egress ?? []);
      const allowed = portsOf(egress).map((p: Manifest) => `${p.protocol ?? "TCP"}/${p.port}`);
      expect(allowed).toEqual(expect.arrayContaining(["UDP/53", "TCP/53", "TCP/443"]));
      const external = container.env.some((e: Manifest) => e.name === "DATABASE_URL");
      if (external) expect(allowed).toContain("TCP/5432");
      for (const port of allowed)
        expect(["UDP/53", "TCP/53", "TCP/443", "TCP/5432", "TCP/6543"]).toContain(port);
      // HTTPS goes out to the internet, never to the cloud's metadata service.
      const https = egress.find((r: Manifest) => r.ports?.some((p: Manifest) => p.port === 443));
      for (const to of https.to)
        expect(to.ipBlock?.except ?? [], JSON.stringify(to)).toContain("169.254.0.0/16");
      // GitHub's webhooks come through the ingress controller.
      expect(
        policies.some((p) =>
          (p.spec.ingress ?? []).some((r: Manifest) =>
            r.from?.some((f: Manifest) => f.namespaceSelector),
          ),
        ),
      ).toBe(true);
    },
  );

  it("the scan CronJob's pod reaches only the app, and the app lets it in", () => {
    const docs = applied("replicated");
    const scan = docs.find((d) => d.kind === "CronJob");
    const app = docs.find((d) => d.kind === "Deployment");
    const [policy, ...more] = policiesFor(docs, scan);
    expect(more).toEqual([]);
    expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policy.spec.ingress ?? []).toEqual([]);
    const toApp = policy.spec.egress.filter((r: Manifest) =>
      r.to?.some((t: Manifest) => selects(t.podSelector, podTemplateOf(app).metadata.labels)),
    );
    expect(portsOf(toApp).map((p: Manifest) => p.port)).toEqual(["http"]);
    for (const rule of policy.spec.egress.filter((r: Manifest) => !toApp.includes(r)))
      expect(portsOf([rule]).map((p: Manifest) => p.port)).toEqual([53, 53]);
    const scanLabels = podTemplateOf(scan).metadata.labels;
    expect(
      policiesFor(docs, app).some((p) =>
        (p.spec.ingress ?? []).some((r: Manifest) =>
          r.from?.some((f: Manifest) => !f.namespaceSelector && selects(f.podSelector, scanLabels)),
        ),
      ),
    ).toBe(true);
  });

  it("the scan CronJob starts without the optional scan secret and says it does nothing", () => {
    const scan = manifests.find((m) => m.doc.kind === "CronJob")?.doc;
    const container = podTemplateOf(scan).spec.containers[0];
    const secret = container.env.find((e: Manifest) => e.name === "TEAM_FACTORY_SCAN_SECRET");
    expect(secret.valueFrom.secretKeyRef).toEqual({
      name: "team-factory",
      key: "TEAM_FACTORY_SCAN_SECRET",
      optional: true,
    });
    // Without the key the variable is unset: the job must neither fail nor call the route (no
    // curl on this PATH, so calling it would exit 127).
    const [shell, ...args] = container.command;
    expect(shell).toBe("sh");
    const run = spawnSync("/bin/sh", args, { env: { PATH: "/nonexistent" }, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain("TEAM_FACTORY_SCAN_SECRET");
    const shellcheck = runTool("shellcheck", ["-s", "sh", "-"], { input: args.at(-1) });
    expect(shellcheck.output).toBe("");
  });

  it("an Ingress sends GitHub to the webhook route only, over TLS, with room for the app's largest body", () => {
    const docs = applied("ingress");
    const ingress = docs.find((d) => d.kind === "Ingress");
    expect(ingress).toBeDefined();
    const hosts = ingress.spec.rules.map((r: Manifest) => r.host);
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts)
      expect(ingress.spec.tls.some((t: Manifest) => t.hosts.includes(host) && t.secretName)).toBe(
        true,
      );
    const paths = ingress.spec.rules.flatMap((r: Manifest) => r.http.paths);
    expect(paths).toEqual([
      {
        path: "/api/github/webhooks",
        pathType: "Exact",
        backend: { service: { name: "team-factory", port: { name: "http" } } },
      },
    ]);
    const service = manifests.find((m) => m.doc.kind === "Service")?.doc;
    expect(service.metadata.name).toBe("team-factory");
    expect(service.spec.ports.map((p: Manifest) => p.name)).toContain("http");
    const size = ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"];
    const [, n, unit] = /^(\d+)([km]?)$/i.exec(size ?? "") ?? [];
    const bytes = Number(n) * ({ k: 1024, m: 1024 ** 2 }[unit?.toLowerCase() ?? ""] ?? 1);
    expect(bytes).toBeGreaterThanOrEqual(MAX_WEBHOOK_BYTES);
  });
});

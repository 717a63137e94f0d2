import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { CronJob } from "kubernetes-models/batch/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { PersistentVolumeClaim, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { SCAN_PATH } from "../../src/scan/scan-route.ts";
import { HEALTH_PATH, READY_PATH } from "../../src/server/health-routes.ts";

const DIR = join(import.meta.dirname, "../../deploy/kubernetes");
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Service,
  PodDisruptionBudget,
  CronJob,
  PersistentVolumeClaim,
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

  it("takes every secret by reference, never as a value", () => {
    for (const m of manifests) {
      const text = JSON.stringify(m.doc);
      expect(text, m.file).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|postgres(ql)?:\/\/[^"]*@/);
      for (const container of m.doc.spec?.template?.spec?.containers ??
        m.doc.spec?.jobTemplate?.spec.template.spec.containers ??
        []) {
        for (const e of container.env ?? []) {
          if (/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|APP_ID/.test(e.name))
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

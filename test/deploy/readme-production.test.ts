import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../src/env/env-schema.ts";
import { docSection, ROOT, readDoc as read } from "../support/doc-pages.ts";

// The production section (docs/operations.md, "Run in production") followed step by step where a
// test can: every name, route, path and command it gives exists, and what the code and manifests
// use is in it; the environment table (docs/configuration.md, "Environment") names every variable.

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f));
}

const ENV_TABLE = new Set(
  docSection("Environment")
    .text.split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)])
    .map((m) => m[1] as string),
);
const PRODUCTION = docSection("Run in production").text;
// Read by Node or the operating system, not settings of the app.
const PLATFORM = new Set(["PATH", "TZ", "NODE_ENV", "HOME"]);

const manifests = filesUnder("deploy/kubernetes", ".yaml")
  .map((path) => read(path))
  .join("\n");

describe("Run in production, as a newcomer follows it", () => {
  it("names every variable of the environment's schema, and no other", () => {
    // The schema's own test holds that the code reads no variable outside it (env-schema.test.ts).
    expect([...ENV_TABLE].sort()).toEqual([...ENV_NAMES].sort());
  });

  it("documents every variable the manifests set, and the secret's keys as the page creates them", () => {
    const set = [...manifests.matchAll(/- name: ([A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1] as string);
    expect(set.length).toBeGreaterThan(5);
    expect(set.filter((v) => !ENV_TABLE.has(v) && !PLATFORM.has(v))).toEqual([]);
    const created = new Set(
      [...PRODUCTION.matchAll(/--from-(?:literal|file)=([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]),
    );
    const referenced = new Set(
      [...manifests.matchAll(/secretKeyRef: \{ name: team-factory, key: ([A-Z0-9_]+)/g)].map(
        (m) => m[1],
      ),
    );
    expect(referenced.size).toBeGreaterThan(3);
    expect([...referenced].filter((k) => !created.has(k))).toEqual([]);
  });

  it("lists routes the server has, and the probes use listed routes", () => {
    const routes = [...PRODUCTION.matchAll(/`(?:GET|POST) (\/[a-z/-]*)`/g)].map(
      (m) => m[1] as string,
    );
    expect(routes).toEqual(expect.arrayContaining(["/healthz", "/readyz", "/api/github/webhooks"]));
    // The start-up line's list of routes (the formatter may spread it over several lines).
    const served = read("src/run-from-env.ts").match(/routes: \[([^\]]*)\]/)?.[1] ?? "";
    for (const route of routes.filter((r) => r !== "/api/github/webhooks"))
      expect(served).toContain(`"${route}"`);
    const probes = [...manifests.matchAll(/httpGet: \{ path: (\/[a-z]+)/g)].map((m) => m[1]);
    expect(probes.length).toBeGreaterThanOrEqual(4);
    for (const probe of probes) expect(routes).toContain(probe);
  });

  it("points at files and folders that exist, and the image starts as npm start does", () => {
    const kustomized = [...PRODUCTION.matchAll(/kubectl apply -k (\S+?)`/g)].map((m) => m[1]);
    expect(kustomized).toEqual([
      "deploy/kubernetes/replicated",
      "deploy/kubernetes/single",
      "deploy/kubernetes/ingress",
    ]);
    for (const dir of kustomized)
      expect(existsSync(join(ROOT, dir as string, "kustomization.yaml"))).toBe(true);
    for (const path of ["Dockerfile", "supabase/migrations"])
      expect(existsSync(join(ROOT, path))).toBe(true);
    const start = (JSON.parse(read("package.json")).scripts.start as string).replace(/^exec /, "");
    expect(PRODUCTION).toContain(`It starts with \`${start}\``);
    expect(read("Dockerfile")).toMatch(
      new RegExp(
        `CMD \\[${start
          .split(" ")
          .map((w) => `"${w}"`)
          .join(", ")}\\]`,
      ),
    );
  });
});

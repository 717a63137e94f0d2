import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/scan/run-scan.ts";
import { createScanRoute, SCAN_PATH, scanSecretProblem } from "../../src/scan/scan-route.ts";

const report: ScanReport = {
  startedAt: "2026-11-23T00:00:00.000Z",
  finishedAt: "2026-11-23T00:00:01.000Z",
  installations: 1,
  reposScanned: 1,
  gaps: 2,
  issuesOpened: 1,
  submitted: 0,
  shadowed: 0,
  skipped: 1,
  failed: 0,
  repos: [],
  errors: [],
};
const silent = { info() {}, warn() {}, error() {} };
const SECRET = "s3cret-value-0123456789abcdef-0123456789";

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** Serves the route on 127.0.0.1 like Probot's server would; anything it declines gets 404. */
async function serve(secret: string | undefined, now?: () => number) {
  let scans = 0;
  const route = createScanRoute({
    secret,
    runScan: async () => {
      scans++;
      return report;
    },
    log: silent,
    now,
  });
  server = createServer(async (req, res) => {
    if (!(await route(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, init);
  return { call, scans: () => scans };
}

describe("POST /team-factory/scan", () => {
  it("runs the scan and answers its report for the right bearer token", async () => {
    const { call, scans } = await serve(SECRET);
    const res = await call(SCAN_PATH, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(report);
    expect(scans()).toBe(1);
  });

  it.each([
    ["no header", {}],
    ["a wrong token", { authorization: `Bearer ${SECRET.slice(0, -1)}f` }],
    ["a prefix of the token", { authorization: `Bearer ${SECRET.slice(0, 12)}` }],
    ["another scheme", { authorization: `Basic ${SECRET}` }],
  ])("refuses %s with 401 and does not scan", async (_, headers) => {
    const { call, scans } = await serve(SECRET);
    const res = await call(SCAN_PATH, { method: "POST", headers });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/bearer token/);
    expect(scans()).toBe(0);
  });

  it("answers 503 saying how to turn it on when no secret is configured", async () => {
    const { call, scans } = await serve(undefined);
    const res = await call(SCAN_PATH, { method: "POST", headers: { authorization: "Bearer " } });
    expect(res.status).toBe(503);
    // The same answer as for a secret too short: a caller cannot tell the two apart.
    expect(((await res.json()) as { message: string }).message).toMatch(
      /TEAM_FACTORY_SCAN_SECRET is not set or not valid/,
    );
    expect(scans()).toBe(0);
  });

  it("answers 405 to other methods and leaves other paths to later handlers", async () => {
    const { call } = await serve(SECRET);
    expect((await call(SCAN_PATH)).status).toBe(405);
    expect((await call("/team-factory/scanner", { method: "POST" })).status).toBe(404);
  });

  it("stays off with a secret shorter than 32 characters, without telling callers its length", async () => {
    const { call, scans } = await serve("a");
    const res = await call(SCAN_PATH, { method: "POST", headers: { authorization: "Bearer a" } });
    expect(res.status).toBe(503);
    const { message } = (await res.json()) as { message: string };
    expect(message).toMatch(/TEAM_FACTORY_SCAN_SECRET is not set or not valid/);
    expect(message).not.toMatch(/\d+ characters?;|has 1\b/);
    expect(scans()).toBe(0);
    // The operator's start log says what is wrong (scan-service logs this reason).
    expect(scanSecretProblem("a")).toMatch(/has 1 characters; it needs at least 32/);
    expect(scanSecretProblem("x".repeat(31))).toMatch(/at least 32/);
    expect(scanSecretProblem("x".repeat(32))).toBeNull();
  });

  it("throttles an address after 10 wrong tokens a minute, right token or not, then lets it in", async () => {
    let clock = 1_000_000;
    const { call, scans } = await serve(SECRET, () => clock);
    const attempt = (token: string) =>
      call(SCAN_PATH, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(`guess-${i}`)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const refused = await attempt(SECRET);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(scans()).toBe(0);
    clock += 61_000;
    expect((await attempt(SECRET)).status).toBe(200);
    expect(scans()).toBe(1);
  });
});

import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  docOf,
  ENV_NAMES,
  EnvError,
  envProblems,
  envValue,
  readEnv,
} from "../../src/env/env-schema.ts";

/** The one line `readEnv` refuses `value` of `name` with. */
const problem = (name: (typeof ENV_NAMES)[number], value: string) => {
  try {
    envValue(name, value);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems).toHaveLength(1);
    return (error as EnvError).problems[0];
  }
  throw new Error(`${name}=${JSON.stringify(value)} was taken`);
};

describe("the environment schema", () => {
  it("takes an empty or blank value as unset, so the default applies", () => {
    expect(
      readEnv(
        { PORT: "", LOG_LEVEL: "   ", TEAM_FACTORY_DRAIN_MS: "\t" },
        "PORT",
        "LOG_LEVEL",
        "TEAM_FACTORY_DRAIN_MS",
      ),
    ).toEqual({ PORT: 3000, LOG_LEVEL: "info", TEAM_FACTORY_DRAIN_MS: 7000 });
    expect(envValue("OPENAI_API_KEY", "  ")).toBeUndefined();
    expect(envValue("TEAM_FACTORY_RETRY_SECONDS", "")).toBeUndefined();
  });

  it("trims values, but keeps a secret compared byte for byte as written", () => {
    expect(envValue("PORT", " 8080 \n")).toBe(8080);
    expect(envValue("HOST", " 0.0.0.0 ")).toBe("0.0.0.0");
    expect(envValue("OPENAI_API_KEY", " sk-x ")).toBe("sk-x");
    expect(envValue("WEBHOOK_SECRET", " s3cret ")).toBe(" s3cret ");
    expect(envValue("TEAM_FACTORY_SCAN_SECRET", "")).toBeUndefined();
    expect(envValue("TEAM_FACTORY_PUBLIC_URL", " https://tf.example.com// ")).toBe(
      "https://tf.example.com",
    );
  });

  it("takes words in any case: ON, Off, JSON, Debug, TRUE", () => {
    expect(envValue("TEAM_FACTORY_GITHUB_PACING", "ON")).toBe("on");
    expect(envValue("TEAM_FACTORY_GITHUB_PACING", " Off ")).toBe("off");
    expect(envValue("LOG_FORMAT", "JSON")).toBe("json");
    expect(envValue("LOG_LEVEL", "Debug")).toBe("debug");
    expect(envValue("TEAM_FACTORY_BREAKER_SCOPE", "Installation")).toBe("installation");
    expect(envValue("GHE_PROTOCOL", "HTTP")).toBe("http");
    expect(envValue("TEAM_FACTORY_STORE", "Embedded")).toBe("embedded");
    expect(envValue("NODE_ENV", "Production")).toBe("production");
    for (const yes of ["1", "true", "TRUE", "Yes", "on"])
      expect(envValue("TEAM_FACTORY_MIGRATE", yes)).toBe(true);
    for (const no of ["0", "false", "No", "OFF"])
      expect(envValue("TEAM_FACTORY_MIGRATE", no)).toBe(false);
    expect(envValue("TEAM_FACTORY_MIGRATE", undefined)).toBe(false);
    expect(problem("TEAM_FACTORY_MIGRATE", "maybe")).toBe(
      'TEAM_FACTORY_MIGRATE must be 1, true, yes or on; 0, false, no or off (got "maybe")',
    );
  });

  it("refuses numbers with units, signs, fractions or other notations, naming the range", () => {
    for (const bad of ["10s", "7000ms", "1e4", "30.0", "-1", "0x10", "1_000", "10 000"])
      expect(problem("TEAM_FACTORY_WEBHOOK_TIMEOUT_MS", bad)).toBe(
        `TEAM_FACTORY_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000 (got ${JSON.stringify(bad)})`,
      );
    expect(problem("TEAM_FACTORY_WEBHOOK_TIMEOUT_MS", "99")).toMatch(/from 100 to 60000/);
    expect(envValue("TEAM_FACTORY_WEBHOOK_TIMEOUT_MS", "100")).toBe(100);
    expect(problem("TEAM_FACTORY_JOB_LEASE_SECONDS", "30s")).toBe(
      'TEAM_FACTORY_JOB_LEASE_SECONDS must be a whole number of seconds from 1 to 600 (got "30s")',
    );
    expect(problem("PORT", "65536")).toBe(
      'PORT must be a port number from 0 to 65535 (got "65536")',
    );
    expect(envValue("TEAM_FACTORY_RETRY_SECONDS", "0")).toBe(0);
  });

  it("reads GitHub pacing as on, off or windows", () => {
    expect(envValue("TEAM_FACTORY_GITHUB_PACING", undefined)).toBe("on");
    expect(envValue("TEAM_FACTORY_GITHUB_PACING", "80/20s, 500/1200S")).toEqual([
      { limit: 80, ms: 20_000 },
      { limit: 500, ms: 1_200_000 },
    ]);
    for (const bad of ["fast", "80/20", "0/60s", "80/0s", "80/60s,"])
      expect(problem("TEAM_FACTORY_GITHUB_PACING", bad)).toMatch(
        /^TEAM_FACTORY_GITHUB_PACING must be on, off or windows like 80\/60s,500\/3600s \(got "/,
      );
  });

  it("never shows a secret: a problem gives its length only", () => {
    const url = "mysql://root:hunter2@db/app";
    expect(problem("DATABASE_URL", url)).toBe(
      `DATABASE_URL must be a postgres:// or postgresql:// URL, or a socket path (got ${url.length} characters, a secret: not shown)`,
    );
    for (const ok of [
      "postgres://u:p@/db?host=/var/run/postgresql",
      "POSTGRESQL://db/app",
      "/run/postgresql app",
    ])
      expect(envValue("DATABASE_URL", ok)).toBe(ok);
    const hook = "hooks.slack.com/services/T0/B0/xoxb-token";
    expect(problem("TEAM_FACTORY_SLACK_WEBHOOK_URL", hook)).not.toContain("xoxb");
    const key = "not-a-key";
    const line = problem("PRIVATE_KEY", key);
    expect(line).not.toContain(key);
    expect(line).toMatch(/^PRIVATE_KEY must be the app's .pem private key .*: it is not a PEM/);
    const secrets = ENV_NAMES.filter((name) => docOf(name).secret);
    expect(secrets).toEqual(
      expect.arrayContaining([
        "PRIVATE_KEY",
        "WEBHOOK_SECRET",
        "DATABASE_URL",
        "SUPABASE_SERVICE_ROLE_KEY",
        "OPENAI_API_KEY",
        "TEAM_FACTORY_SCAN_SECRET",
        "TEAM_FACTORY_SIGNALS_SECRET",
        "TEAM_FACTORY_DASHBOARD_TOKEN",
        "TEAM_FACTORY_SLACK_WEBHOOK_URL",
        "TEAM_FACTORY_NOTIFY_URL",
        "TEAM_FACTORY_NOTIFY_SECRET",
      ]),
    );
  });

  it("shows a value it refuses on one line, cut, with control characters escaped", () => {
    const line = problem("LOG_LEVEL", `loud\n${"x".repeat(200)}`);
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain('(got "loud\\nxxx');
    expect(line.length).toBeLessThan(160);
  });

  it("takes the app's private key as Probot does: PEM text, \\n escapes or base64", () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(envValue("PRIVATE_KEY", privateKey)).toBe(privateKey);
    expect(envValue("PRIVATE_KEY", privateKey.replace(/\n/g, "\\n"))).toBeTruthy();
    expect(envValue("PRIVATE_KEY", Buffer.from(privateKey).toString("base64"))).toBeTruthy();
  });

  it("says more where the value is a known mistake", () => {
    expect(problem("GHE_HOST", "https://ghe.acme.io")).toMatch(
      /\(got "https:\/\/ghe.acme.io"\): leave out the scheme: GHE_PROTOCOL says it$/,
    );
    expect(problem("TEAM_FACTORY_SCAN_CRON", "every hour")).toMatch(
      /^TEAM_FACTORY_SCAN_CRON must be a cron expression like "0 \* \* \* \*" \(hourly, UTC\) \(got "every hour"\): .*five, six, or seven/,
    );
    expect(problem("TEAM_FACTORY_STORE", "pglite")).toMatch(/the PGlite store is gone/);
    expect(envValue("GHE_HOST", "127.0.0.1:3001")).toBe("127.0.0.1:3001");
  });

  it("lists every problem of what a reader reads at once, and only those", () => {
    const env = {
      LOG_LEVEL: "loud",
      PORT: "http",
      OPENAI_TIMEOUT_MS: "soon",
      TEAM_FACTORY_STORE: "mysql",
    };
    expect(envProblems(env, "server").map((p) => p.split(" ")[0])).toEqual([
      "PORT",
      "LOG_LEVEL",
      "TEAM_FACTORY_STORE",
      "OPENAI_TIMEOUT_MS",
    ]);
    expect(envProblems(env, "plan").map((p) => p.split(" ")[0])).toEqual(["OPENAI_TIMEOUT_MS"]);
    expect(envProblems(env, "scan").map((p) => p.split(" ")[0])).toEqual(["TEAM_FACTORY_STORE"]);
    expect(envProblems(env, "generate")).toEqual([]);
    expect(() => readEnv(env, "PORT", "LOG_LEVEL")).toThrow(
      /^PORT must be a port number .*\nLOG_LEVEL must be one of /,
    );
  });

  it("says what a store lacks once its settings are usable", () => {
    expect(envProblems({ TEAM_FACTORY_STORE: "postgres" }, "server")).toEqual([
      "TEAM_FACTORY_STORE=postgres needs DATABASE_URL.",
    ]);
    // A command's --database-url may supply it: its store opener says what is missing.
    expect(envProblems({ TEAM_FACTORY_STORE: "postgres" }, "scan")).toEqual([]);
    expect(envProblems({ SUPABASE_URL: "https://x.supabase.co" }, "server")).toEqual([
      expect.stringMatching(
        /^The Supabase store needs both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY/,
      ),
    ]);
    expect(envProblems({}, "server")).toEqual([]);
  });

  it("documents every variable: what it does, what it accepts, who reads it", () => {
    for (const name of ENV_NAMES) {
      const doc = docOf(name);
      expect(doc.description.length, name).toBeGreaterThan(10);
      expect(doc.accepts.length, name).toBeGreaterThan(2);
      expect(doc.readBy.length, name).toBeGreaterThan(0);
    }
  });

  it("covers every variable src/ and bin/ read by name (PATH and TZ go to child processes)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(join(dir, e.name))
          : /\.[jt]s$/.test(e.name)
            ? [join(dir, e.name)]
            : [],
      );
    const root = join(import.meta.dirname, "../..");
    const read = new Set<string>();
    // src/factory writes the generated teams' code, whose own variables are theirs.
    for (const file of [...files(join(root, "src")), ...files(join(root, "bin"))]) {
      if (file.includes(`${join("src", "factory")}`)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\["([A-Z][A-Z0-9_]*)"\])/g))
        read.add((m[1] ?? m[2]) as string);
    }
    expect(read.size).toBeGreaterThan(5);
    const unknown = [...read].filter(
      (name) => !ENV_NAMES.includes(name as never) && !["PATH", "TZ"].includes(name),
    );
    expect(unknown).toEqual([]);
  });
});

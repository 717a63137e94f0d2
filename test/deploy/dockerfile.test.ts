import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { afterAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import packageLock from "../../package-lock.json" with { type: "json" };
import { createHealthRoutes, HEALTH_PATH } from "../../src/server/health-routes.ts";
import { startServer } from "../../src/server/start-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const instructions = dockerfile.getInstructions();
const froms = dockerfile.getFROMs();
const finalStage = instructions.slice(instructions.indexOf(froms.at(-1) as never));
const args = (keyword: string, from = instructions) =>
  from.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? "");
/** ARGs declared before the first FROM, with their defaults: what FROM lines may use. */
const globalArgs = Object.fromEntries(
  instructions
    .slice(0, instructions.indexOf(froms[0] as never))
    .filter((i) => i.getKeyword() === "ARG")
    .map((i) => (i.getArgumentsContent() ?? "").split("=")),
);
const resolve = (text: string) =>
  text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs[name] ?? "");
const stageNames = froms.map((f) => f.getBuildStage()).filter(Boolean);
const baseImages = froms.map((f) => f.getImage() ?? "").filter((i) => !stageNames.includes(i));
const workdir = args("WORKDIR", finalStage).at(-1) ?? "/";

describe("the Dockerfile", () => {
  it("builds in stages on Node 24 slim, the final one from production dependencies only", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of baseImages) expect(resolve(image)).toMatch(/^node:24[.\d]*-\w*-?slim/);
    expect(args("RUN").some((a) => /\bnpm ci\b.*--omit=dev/.test(a))).toBe(true);
    // What the final stage holds of node_modules comes from that install.
    expect(
      args("COPY", finalStage).some(
        (a) => /--from=deps\b/.test(a) || a.startsWith("/app/node_modules"),
      ),
    ).toBe(true);
    expect(args("RUN", finalStage).join(" ")).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
  });

  it("runs as a non-root user, with a health check on the real route and the data directory as a volume", () => {
    const user = args("USER", finalStage).at(-1) ?? "root";
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const health = args("HEALTHCHECK", finalStage).join(" ");
    expect(health).toContain(`${HEALTH_PATH}`);
    const env = Object.fromEntries(
      args("ENV", finalStage)
        .flatMap((a) => a.split(/\s+/))
        .map((kv) => kv.split("=")),
    );
    expect(args("VOLUME", finalStage).join(" ")).toContain(env.TEAM_FACTORY_DATA_DIR);
    expect(env.HOST).toBe("0.0.0.0");
    expect(args("EXPOSE", finalStage)).toContain(env.PORT);
  });

  it("starts the way npm start and the tests start the app", () => {
    const cmd = JSON.parse(args("CMD", finalStage).at(-1) ?? "[]");
    expect(cmd).toEqual(["node", "src/main.ts"]);
    // `exec`: npm's shell becomes the app, so the signals npm forwards reach it.
    expect(packageJson.scripts.start).toBe(`exec ${cmd.join(" ")}`);
    expect(readFileSync(join(ROOT, "bench/app-process.ts"), "utf8")).toContain('"src", "main.ts"');
    expect(args("COPY", finalStage).join(" ")).toMatch(
      /\bsrc\b.*\bsupabase\b|\bsupabase\b.*\bsrc\b/s,
    );
  });

  it("bakes in no secret and sends none to the builder", () => {
    const text = [...args("ENV"), ...args("ARG"), ...args("COPY")].join("\n");
    expect(text).not.toMatch(
      /PRIVATE_KEY|WEBHOOK_SECRET|DATABASE_URL|OPENAI_API_KEY|SERVICE_ROLE|\.env|\.pem/,
    );
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const secret of [".env", ".env.*", "*.pem", ".team-factory", "node_modules"])
      expect(ignored).toContain(secret);
  });
});

// The image as an operator runs it, rule by rule.
describe("the Dockerfile, for an operator", () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it("pins one exact Node 24 release, the one the tests run on, in one ARG (a digest may follow)", () => {
    const resolved = new Set(baseImages.map(resolve));
    expect(resolved.size).toBe(1);
    const [image] = [...resolved] as string[];
    const pinned = /^node:(24\.\d+\.\d+)-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/.exec(
      image,
    );
    expect(pinned, image).not.toBeNull();
    expect(pinned?.[1]).toBe(packageLock.packages["node_modules/node"].version);
    // Written once: every FROM names the ARG, so a digest or an upgrade is a one-line change.
    for (const image of baseImages) expect(image).toMatch(/^\$\{?\w+\}?$/);
  });

  it("checks health on the port the app listens on (PORT), not on a fixed one", async () => {
    const health = JSON.parse(
      (args("HEALTHCHECK", finalStage).at(-1) ?? "").replace(/^CMD\s+/, ""),
    ) as string[];
    expect(health[0]).toBe("node");
    const check = (port: number) =>
      spawnSync(process.execPath, health.slice(1), {
        env: { PATH: process.env.PATH ?? "", PORT: String(port) },
        timeout: 10_000,
      }).status;
    const routes = createHealthRoutes({
      version: packageJson.version,
      ready: async () => ({ ok: true }),
      draining: () => false,
      log: { warn: () => undefined },
    });
    const server = await startServer({
      host: "127.0.0.1",
      port: 0,
      handler: async (req, res) => {
        for (const route of routes) if (await route(req, res)) return;
        res.writeHead(404).end();
      },
    });
    const port = Number(new URL(server.url).port);
    expect(port).not.toBe(3000);
    // spawnSync blocks this process, so the server must answer from another: run the check async.
    const status = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, health.slice(1), {
        env: { PATH: process.env.PATH ?? "", PORT: String(port) },
      });
      child.once("exit", (code) => done(code));
    });
    expect(status, "the health check on a healthy app listening on PORT").toBe(0);
    await server.close();
    expect(check(port), "the health check once the app is gone").toBe(1);
  });

  it("holds the CLI on PATH and every file it needs: plan | generate works from the image's files", () => {
    const app = mkdtempSync(join(tmpdir(), "tf-image-"));
    scratch.push(app);
    // The final stage's COPY instructions from the build context (the installed dependencies
    // stand in for the ones `npm ci --omit=dev` puts there; the next test keeps them equal).
    for (const copy of args("COPY", finalStage).filter((a) => !a.includes("node_modules"))) {
      const parts = copy.split(/\s+/);
      const dest = join(app, (parts.pop() as string).replace(/^\.\/?/, ""));
      for (const source of parts) {
        const target = parts.length > 1 || dest.endsWith("/") ? join(dest, source) : dest;
        mkdirSync(join(target, ".."), { recursive: true });
        cpSync(join(ROOT, source), target, { recursive: true });
      }
    }
    symlinkSync(join(ROOT, "node_modules"), join(app, "node_modules"));
    // On PATH: a link from a PATH directory to an executable file of the image.
    const link = args("RUN", finalStage)
      .map((r) => /\bln -sf? (\S+) (\/usr\/local\/bin\/team-factory)\b/.exec(r))
      .find(Boolean);
    expect(link, "RUN ln -s <bin> /usr/local/bin/team-factory").toBeTruthy();
    const bin = join(app, (link?.[1] ?? "").replace(new RegExp(`^${workdir}/?`), ""));
    expect(existsSync(bin), bin).toBe(true);
    expect(statSync(bin).mode & 0o111, "executable").not.toBe(0);
    const cli = (cliArgs: string[], input?: string) =>
      spawnSync(process.execPath, [bin, ...cliArgs], {
        cwd: app,
        input,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: app },
      });
    const plan = cli([
      "plan",
      "We need a team that triages Sentry errors and opens Jira tickets every morning.",
      "--json",
    ]);
    expect(plan.status, plan.stderr).toBe(0);
    const out = join(app, "out");
    const generate = cli(["generate", "--spec", "-", "--out", out], plan.stdout);
    expect(generate.status, generate.stderr).toBe(0);
    expect(readdirSync(out, { recursive: true }).length).toBeGreaterThan(3);
  });

  it("the app and the CLI import production dependencies only (the image installs no others)", () => {
    const sources = ["src", "bin"].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => /\.[jt]s$/.test(f))
        .map((f) => readFileSync(join(ROOT, dir, f), "utf8")),
    );
    const imported = new Set(
      sources.flatMap((text) =>
        [...text.matchAll(/(?:from |import\()"((?:@[\w.-]+\/)?\w[\w.-]*)(?:\/[\w./-]*)?"/g)]
          .map((m) => m[1] as string)
          .filter((name) => !name.startsWith("node:")),
      ),
    );
    expect(imported.size).toBeGreaterThan(5);
    const production = Object.keys(packageJson.dependencies);
    expect([...imported].filter((name) => !production.includes(name))).toEqual([]);
  });
});

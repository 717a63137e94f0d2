import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { HEALTH_PATH } from "../../src/server/health-routes.ts";

const ROOT = join(import.meta.dirname, "../..");
const dockerfile = DockerfileParser.parse(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const instructions = dockerfile.getInstructions();
const froms = dockerfile.getFROMs();
const finalStage = instructions.slice(instructions.indexOf(froms.at(-1) as never));
const args = (keyword: string, from = instructions) =>
  from.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? "");

describe("the Dockerfile", () => {
  it("builds in stages on Node 24 slim, the final one from production dependencies only", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.getImage()).toMatch(/^node:24(\.\d+)*-slim$/);
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
    expect(packageJson.scripts.start).toBe(cmd.join(" "));
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

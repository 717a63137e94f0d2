import { describe, expect, it } from "vitest";
import { appsOnSimulator } from "../support/app-processes.ts";

/** The top-level keys of one JSON object as written, repeats included (JSON.parse drops them). */
function writtenKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      const after = json.slice(end + 1).trimStart();
      if (depth === 1 && after.startsWith(":")) keys.push(JSON.parse(json.slice(i, end + 1)));
      i = end;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return keys;
}

const SUMMARY = /Team Factory \d+\.\d+\.\d+ listening on /;

// The start-up summary as an operator reads it, in a terminal and in a log pipeline.
describe("the start-up summary", () => {
  const { start } = appsOnSimulator();

  it("is one line in a terminal, each fact once", async () => {
    const app = await start({});
    const lines = app.output().split("\n");
    const at = lines.findIndex((l) => SUMMARY.test(l));
    const line = lines[at] as string;
    expect(line, app.output()).toMatch(SUMMARY);
    for (const fact of ["store: embedded PostgreSQL", "model: heuristics", "scan: ", "notify: "])
      expect(line).toContain(fact);
    expect(line).toMatch(/routes: \/api\/github\/webhooks \/healthz \/readyz .*\/metrics/);
    expect(line).not.toContain("store: store:");
    // No field of it spread over the next lines.
    expect(lines[at + 1] ?? "").not.toMatch(/^\s/);
  });

  it("is one JSON object with LOG_FORMAT=json, and no line repeats a key", async () => {
    const app = await start({ LOG_FORMAT: "json" });
    const lines = app
      .output()
      .split("\n")
      .filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      const keys = writtenKeys(line);
      expect(keys, line).toEqual([...new Set(keys)]);
    }
    const summaries = lines.map((l) => JSON.parse(l)).filter((e) => SUMMARY.test(e.msg));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      level: 30,
      name: "team-factory",
      store: expect.stringMatching(/^embedded PostgreSQL /),
      model: expect.stringContaining("heuristics"),
      routes: expect.arrayContaining(["/api/github/webhooks", "/healthz", "/readyz", "/metrics"]),
    });
  });

  it("a LOG_FORMAT or LOG_LEVEL it does not know stops the start, naming the variable", async () => {
    await expect(start({ LOG_FORMAT: "yaml" })).rejects.toThrow(
      /cannot start: LOG_FORMAT must be pretty or json \(got "yaml"\)/,
    );
    await expect(start({ LOG_LEVEL: "loud" })).rejects.toThrow(
      /cannot start: LOG_LEVEL must be one of .* \(got "loud"\)/,
    );
  });
});

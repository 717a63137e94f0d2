import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../src/env/env-schema.ts";
import { envTableFile, withEnvTable } from "../../src/env/env-table.ts";

const ROOT = join(import.meta.dirname, "../..");

describe("the README's environment table", () => {
  it("is the schema's (run npm run schema)", () => {
    const page = envTableFile(ROOT);
    expect(page.current).toBe(page.content);
  });

  it("has one row per variable, secrets marked", () => {
    const { current } = envTableFile(ROOT);
    const rows = current.split("\n").filter((l) => /^\| `[A-Z]/.test(l));
    expect(rows.map((r) => /^\| `([A-Z0-9_]+)`/.exec(r)?.[1])).toEqual(ENV_NAMES);
    expect(rows.find((r) => r.startsWith("| `DATABASE_URL`"))).toMatch(
      /^\| `DATABASE_URL` \(secret\) \|/,
    );
  });

  it("a hand edit or a new variable is caught", () => {
    const { current } = envTableFile(ROOT);
    const edited = current.replace("| `PORT` | `3000` |", "| `PORT` | `8080` |");
    expect(edited).not.toBe(current);
    expect(withEnvTable(edited)).toBe(current);
    const dropped = current.replace(/^\| `GH_ORG`.*\n/m, "");
    expect(dropped).not.toBe(current);
    expect(withEnvTable(dropped)).toBe(current);
  });
});

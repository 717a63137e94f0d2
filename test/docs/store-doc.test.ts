import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, readDoc } from "../support/doc-pages.ts";

// docs/store.md shows the start-up line an operator compares with their own: its migration
// counts must be the ones this release ships.
describe("docs/store.md", () => {
  it("counts the migrations supabase/migrations holds", () => {
    const shipped = readdirSync(join(ROOT, "supabase", "migrations")).filter((f) =>
      f.endsWith(".sql"),
    ).length;
    const page = readDoc("docs/store.md");
    const counts = [...page.matchAll(/\b(\d+) of (\d+) migrations\b|\ball (\d+) present\b/g)].map(
      (m) => Number(m[2] ?? m[3]),
    );
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual(counts.map(() => shipped));
  });
});

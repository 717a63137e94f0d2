import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "../../src/config/json-schemas.ts";

describe("published JSON Schemas", () => {
  it.each(schemaFiles().map((f) => [f.path, f.content]))(
    "%s is current (run npm run schema)",
    (path, content) => {
      expect(readFileSync(path, "utf8")).toBe(content);
    },
  );
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crewAiShapes, sweepSpecs, writeTeams } from "./test/factory/sample-specs.ts";

const dir = mkdtempSync(join(tmpdir(), "prof-"));
writeTeams(dir, [
  ...sweepSpecs().filter((s) => s.framework === "LangGraph"),
  ...crewAiShapes().inPytest,
]);
console.log(dir);

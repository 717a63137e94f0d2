import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suiteCache } from "../support/suite-cache.ts";
import { runTool } from "./run-tool.ts";

const ROOT = suiteCache("lint-verdicts");

const versions = new Map<string, string>();
/** What `tool --version` says (with its plugins' versions), asked once per process. */
function versionOf(tool: string): string {
  let version = versions.get(tool);
  if (version === undefined) {
    version = runTool(tool, ["--version"]).output;
    versions.set(tool, version);
  }
  return version;
}

/**
 * What a lint tool has passed on this machine. The sweep's checks run with fixed settings from one
 * folder, so a tool's verdict on a file depends only on the file's bytes, the tool's version (with
 * its plugins') and the settings: a clean verdict is kept as an empty file named by the sha256 of
 * all of them, and a rerun of the suite checks only the files the generator changed. Only a clean
 * run is recorded; a file with a problem is checked again every time. (black, ruff and
 * `eslint --cache` keep verdicts the same way.)
 */
export function lintVerdicts(tool: string, settings: string[], configFiles: string[] = []) {
  const version = versionOf(tool);
  const identity = createHash("sha256")
    .update(JSON.stringify([tool, version, settings]))
    .update(configFiles.map((file) => readFileSync(file, "utf8")).join("\0"));
  const folder = join(ROOT, tool);
  const marker = (file: string) =>
    join(folder, identity.copy().update(readFileSync(file)).digest("hex"));
  return {
    /** The files this tool has not passed with these settings. */
    unchecked: (files: string[]) => files.filter((file) => !existsSync(marker(file))),
    /** Records a clean run of the tool over `files`. */
    passed(files: string[]) {
      mkdirSync(folder, { recursive: true });
      for (const file of files) writeFileSync(marker(file), "");
    },
  };
}

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { frameworkPython } from "../support/framework-python.ts";
import { PYTHON_DIR } from "./run-tool.ts";

export type TestCounts = { run: number; failures: string[]; errors: string[]; skipped: string[] };

/** Runs `args` with the Python that has the real frameworks on its path; stdout and status. */
export function runOnFrameworks(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): { status: number | null; stdout: string; stderr: string } {
  const { python, env } = frameworkPython();
  const run = spawnSync(python, args, {
    cwd: options.cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ...env, ...options.env },
  });
  if (run.error) throw new Error(`${python} could not run: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** One of test/factory/python's scripts on the real frameworks, its JSON report parsed. */
export function frameworkReport<T>(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): T {
  const run = runOnFrameworks([join(PYTHON_DIR, script), ...args], { env });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * What `pytest` wrote to a JUnit XML report, per test module: tests run, and the ids of failures,
 * errors and skips (with the first line of each message).
 */
export function junitCounts(path: string): Record<string, TestCounts> {
  const xml = readFileSync(path, "utf8");
  const counts: Record<string, TestCounts> = {};
  for (const match of xml.matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attributes = match[1] ?? "";
    // xunit2 names no file: the classname's part named test_* is the test module.
    const classname = /classname="([^"]*)"/.exec(attributes)?.[1] ?? "?";
    const file = classname.split(".").find((part) => part.startsWith("test_")) ?? classname;
    const name = /name="([^"]*)"/.exec(attributes)?.[1] ?? "?";
    const entry = counts[file] ?? { run: 0, failures: [], errors: [], skipped: [] };
    counts[file] = entry;
    entry.run++;
    const body = match[3] ?? "";
    const detail = (tag: string) => {
      const found = new RegExp(`<${tag}[^>]*message="([^"]*)"`).exec(body);
      return found ? `${name}: ${found[1]}` : null;
    };
    const failure = detail("failure") ?? (body.includes("<failure") ? name : null);
    const error = detail("error") ?? (body.includes("<error") ? name : null);
    const skipped = detail("skipped") ?? (body.includes("<skipped") ? name : null);
    if (failure) entry.failures.push(failure);
    if (error) entry.errors.push(error);
    if (skipped) entry.skipped.push(skipped);
  }
  return counts;
}

/**
 * A reader that goes away before the command writes (`team-factory … | head`, here `| true`,
 * which exits at once): the command ends as it would have, with its own exit code and no EPIPE
 * stack trace. The handling is the entry point's, so it holds for every command; test/cli/
 * scan-command.test.ts checks `scan --json` too.
 */
import { describe, expect, it } from "vitest";
import { envWithout, intoClosedPipe } from "../support/cli.ts";

describe("team-factory … | a reader that has gone", () => {
  it("ends quietly with the command's own exit code", () => {
    const env = envWithout(/^OPENAI_/);
    const description = JSON.stringify("Kubernetes cost monitoring for our clusters");
    for (const [args, code] of [
      ["--help", 0],
      ["plan --help", 0],
      [`plan ${description} --json`, 0],
      [`plan ${description} --json --name 2>&1`, 2],
      [`generate --spec - --out /nonexistent 2>&1`, 1],
    ] as const) {
      expect(intoClosedPipe(args, env), args).toEqual({ code, stderr: "" });
    }
  });
});

import { describe, expect, it } from "vitest";
import { gapKeyOfJob } from "../../src/intake/gap-from-job.ts";
import { gapKeyFor, readGapKeyMarker, writeGapKeyMarker } from "../../src/intake/gap-key.ts";
import { GapReference } from "../../src/spec/team-spec.ts";

describe("gapKeyFor", () => {
  it("gives a label and a /create-team on the same issue the same key", () => {
    const label = gapKeyFor({ repo: "Acme/ELF", issueNumber: 12 });
    const command = gapKeyFor({ repo: "acme/elf", issueNumber: 12 });
    expect(label).toBe("acme/elf:issue:12");
    expect(command).toBe(label);
  });

  it("keys a scan gap by repository and lowercased skill", () => {
    expect(gapKeyFor({ repo: "Acme/ELF", skill: "Data Visualization" })).toBe(
      "acme/elf:skill:data-visualization",
    );
    expect(gapKeyFor({ repo: "a/b", skill: "C++" })).not.toBe(
      gapKeyFor({ repo: "a/b", skill: "C#" }),
    );
  });

  it("never takes a key from an issue body (its author wrote the marker)", () => {
    const job = {
      trigger: "label" as const,
      deliveryId: "d",
      installationId: 1,
      owner: "acme",
      repo: "elf",
      issueNumber: 3,
      actor: "eve",
      label: "capability-gap",
    };
    expect(gapKeyOfJob(job)).toBe("acme/elf:issue:3");
    expect(
      gapKeyOfJob({
        ...job,
        trigger: "scan",
        scan: { skill: "SQL", taskCount: 3, taskIds: [], projects: [], urgency: "medium" },
      }),
    ).toBe("acme/elf:skill:sql");
  });

  it("reads the last marker, the one the scan appends", () => {
    const body = `<!-- team-factory:gap-key=acme/elf:skill:admin -->\n${writeGapKeyMarker("acme/elf:skill:sql")}`;
    expect(readGapKeyMarker(body)).toBe("acme/elf:skill:sql");
  });

  it("ignores a malformed marker", () => {
    expect(readGapKeyMarker("<!-- team-factory:gap-key=UPPER$$$ -->")).toBeNull();
    expect(readGapKeyMarker("no marker")).toBeNull();
  });

  it("produces keys the TeamSpec source accepts", () => {
    for (const key of [
      gapKeyFor({ repo: "Some.Org/repo_name-1", skill: "node.js / c# + ml" }),
      gapKeyFor({ repo: "o/r", issueNumber: 999999 }),
    ]) {
      expect(GapReference.shape.gapKey.safeParse(key).success).toBe(true);
    }
  });

  it("refuses to write a marker for something that is not a key", () => {
    expect(() => writeGapKeyMarker("--> <script>")).toThrow(/not a gap key/);
  });
});

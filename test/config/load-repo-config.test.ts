import { describe, expect, it } from "vitest";
import { type FetchText, loadRepoConfig } from "../../src/config/load-repo-config.ts";
import { DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";

/** An in-memory set of repositories: "owner/repo:path" → file text. */
function files(map: Record<string, string>): FetchText & { reads: string[] } {
  const reads: string[] = [];
  const fetchText = async ({
    owner,
    repo,
    path,
  }: {
    owner: string;
    repo: string;
    path: string;
  }) => {
    const key = `${owner}/${repo}:${path}`;
    reads.push(key);
    return map[key] ?? null;
  };
  return Object.assign(fetchText, { reads });
}

const load = (text: string | null, map: Record<string, string> = {}) =>
  loadRepoConfig({ owner: "octo", repo: "app", text, fetchText: files(map) });

describe("loading .github/team-factory.yml", () => {
  it("gives the defaults when neither the repo nor the owner's .github repo has a file", async () => {
    const fetchText = files({});
    expect(await loadRepoConfig({ owner: "octo", repo: "app", fetchText })).toEqual({
      ok: true,
      config: DEFAULT_REPO_CONFIG,
      sources: [],
    });
    expect(fetchText.reads).toEqual([
      "octo/app:.github/team-factory.yml",
      "octo/.github:.github/team-factory.yml",
    ]);
  });

  it("reads a valid file and keeps defaults for what it leaves out", async () => {
    const result = await load(
      "daily_limit: 2\ndraft: true\nscan:\n  enabled: true\n  min_tasks: 4\n",
    );
    expect(result.ok && result.config).toMatchObject({
      daily_limit: 2,
      draft: true,
      trigger_label: "capability-gap",
      scan: { enabled: true, min_tasks: 4, mode: "issue" },
    });
  });

  it("treats an empty file as all defaults", async () => {
    expect(await load("# nothing here\n")).toMatchObject({ ok: true, config: DEFAULT_REPO_CONFIG });
  });

  it("falls back to the owner's .github repository", async () => {
    const result = await load(null, {
      "octo/.github:.github/team-factory.yml": "daily_limit: 9\n",
    });
    expect(result).toMatchObject({
      ok: true,
      config: { daily_limit: 9 },
      sources: ["octo/.github:.github/team-factory.yml"],
    });
  });

  it("resolves _extends (repo, owner/repo, owner/repo:path); the extending file wins and mappings merge", async () => {
    const result = await load("_extends: base\ndraft: true\nscan:\n  min_tasks: 7\n", {
      "octo/base:.github/team-factory.yml":
        "_extends: octo/policies:configs/tf.yml\ndaily_limit: 3\nscan:\n  enabled: true\n",
      "octo/policies:configs/tf.yml": "daily_limit: 1\nlabels: [a, b]\ncost_threshold_usd: 250\n",
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        draft: true,
        daily_limit: 3,
        labels: ["a", "b"],
        cost_threshold_usd: 250,
        scan: { enabled: true, min_tasks: 7 },
      },
      sources: [
        "octo/app:.github/team-factory.yml",
        "octo/base:.github/team-factory.yml",
        "octo/policies:configs/tf.yml",
      ],
    });
  });

  it("explains an _extends that is missing, malformed or circular", async () => {
    expect(await load("_extends: gone\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /_extends points at octo\/gone:\.github\/team-factory\.yml, which does not exist/,
      ),
    });
    expect(await load("_extends: ../../etc/passwd\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /_extends must be "repo", "owner\/repo" or "owner\/repo:path\/file\.yml"/,
      ),
    });
    const loop = await load("_extends: a\n", {
      "octo/a:.github/team-factory.yml": "_extends: octo/app\n",
    });
    expect(loop).toMatchObject({
      ok: false,
      message: expect.stringMatching(/_extends goes in a circle/),
    });
  });
});

describe("messages for a wrong config", () => {
  it("names the field, what it accepts and what it got", async () => {
    const result = await load('daily_limit: "five"\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(
      'daily_limit: must be a whole number from 0 to 100 (got "five")',
    );
    expect(!result.ok && result.message).toMatch(/nothing was created/);
  });

  it("describes booleans, enums, nested fields, list items and list sizes", async () => {
    const text = [
      "draft: yes",
      "framework: AutoGen",
      "scan:\n  min_tasks: 0",
      "reviewers: ['not a login!']",
      `labels: [${Array.from({ length: 11 }, (_, i) => `l${i}`).join(", ")}]`,
      "similarity_threshold: 1.5",
    ].join("\n");
    const result = await load(text);
    const message = !result.ok ? result.message : "";
    expect(message).toContain('draft: must be true or false (got "yes")');
    expect(message).toContain('framework: must be one of "CrewAI", "LangGraph" (got "AutoGen")');
    expect(message).toContain("scan.min_tasks: must be a whole number from 1 to 1000 (got 0)");
    expect(message).toContain('reviewers[0]: must be a GitHub login (got "not a login!")');
    expect(message).toContain("labels: must be a list of at most 10 items (got a list of 11)");
    expect(message).toContain("similarity_threshold: must be a number from 0 to 1 (got 1.5)");
  });

  it("names an unknown key, suggests the near one and lists the accepted keys", async () => {
    const result = await load("dailylimit: 3\nscan:\n  enable: true\n");
    const message = !result.ok ? result.message : "";
    expect(message).toMatch(
      /- dailylimit: unknown key \(did you mean "daily_limit"\?\); the accepted keys are trigger_label, min_permission, teams_dir, .*scan/,
    );
    expect(message).toMatch(
      /- scan\.enable: unknown key \(did you mean "enabled"\?\); the accepted keys under scan are enabled, cron/,
    );
  });
});

describe("hostile YAML", () => {
  it("refuses an alias bomb instead of expanding it", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = String.fromCharCode(97 + i);
        const next = String.fromCharCode(98 + i);
        return `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join("\n");
    const result = await load(bomb);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/could not be read as YAML: .*alias/i),
    });
  });

  it("refuses a huge file by size before parsing it", async () => {
    const result = await load(`labels: [${"x, ".repeat(40_000)}x]\n`);
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/larger than 64 KB/),
    });
  });

  it("reports broken YAML, duplicate keys and a non-mapping document", async () => {
    expect(await load("daily_limit: [1\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is not valid YAML/),
    });
    expect(await load("draft: true\ndraft: false\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is not valid YAML: .*unique/i),
    });
    expect(await load("- a\n- b\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/must be a mapping of settings/),
    });
  });

  it("treats __proto__ as an unknown key without touching Object.prototype", async () => {
    const result = await load("__proto__:\n  polluted: true\n_extends: base\n", {
      "octo/base:.github/team-factory.yml": "constructor:\n  prototype:\n    polluted: true\n",
    });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/whose settings are not a valid Team Factory config/),
    });
    expect(await load("__proto__:\n  polluted: true\n")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/__proto__: unknown key/),
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("_extends and other repositories (confused deputy)", () => {
  const secret = {
    "octo/infra:deploy/prod.yml": "daily_limit: hunter2-password\nstripe_live_key: sk_live_123\n",
  };

  it("never names a repository of another owner", async () => {
    expect(await load("_extends: evil/infra:deploy/prod.yml\n", secret)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/_extends may only name a repository of octo/),
    });
  });

  it("reads another repository only when the person who triggered can read it", async () => {
    const result = await loadRepoConfig({
      owner: "octo",
      repo: "app",
      text: "_extends: octo/infra:deploy/prod.yml\n",
      fetchText: async (p) =>
        (secret as Record<string, string>)[`${p.owner}/${p.repo}:${p.path}`] ?? null,
      canRead: async (t) => t.repo !== "infra",
    });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /which does not exist or which the person who triggered this cannot read/,
      ),
    });
  });

  it("never quotes the values or keys of another repository's file", async () => {
    const result = await load("_extends: octo/infra:deploy/prod.yml\n", secret);
    const message = result.ok ? "" : result.message;
    expect(message).toMatch(/not shown here because they come from another repository/);
    expect(message).not.toMatch(/hunter2|stripe_live_key|sk_live/);
  });

  it("does not quote the owner's .github fallback either", async () => {
    const result = await loadRepoConfig({
      owner: "octo",
      repo: "app",
      fetchText: async (p) => (p.repo === ".github" ? "daily_limit: hunter2-password\n" : null),
    });
    const message = result.ok ? "" : result.message;
    expect(message).toMatch(/octo\/.github:.github\/team-factory.yml .* not shown here/);
    expect(message).not.toMatch(/hunter2/);
  });

  it("turns a failing fetch into a message, not a crash", async () => {
    const result = await loadRepoConfig({
      owner: "octo",
      repo: "app",
      fetchText: async () => {
        throw new Error("GitHub answered 502");
      },
    });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/could not be read \(GitHub answered 502\)/),
    });
  });
});

describe("messages for missing and several unknown keys", () => {
  it("says a required field is missing and lists each unknown key on its own line", async () => {
    const result = await load("prices:\n  gpt-4: { input_per_1k: 0.03 }\nfoo: 1\nbar: 2\n");
    const message = !result.ok ? result.message : "";
    expect(message).toContain(
      "- prices.gpt-4.output_per_1k: is missing; it must be a number from 0 to 10",
    );
    expect(message).toMatch(/\n- foo: unknown key; .*\n- bar: unknown key; /);
  });
});

describe("the rollout mode", () => {
  const problem = async (text: string) => {
    const result = await load(text);
    return result.ok ? "" : result.message;
  };

  it("defaults to full for people's requests and shadow for detected gaps, and reads either form", async () => {
    expect(DEFAULT_REPO_CONFIG.mode).toEqual({ explicit: "full", detected: "shadow" });
    expect(DEFAULT_REPO_CONFIG.low_risk).toEqual({ max_monthly_usd: 75 });
    const every = await load("mode: low-risk\nlow_risk:\n  max_monthly_usd: 20\n");
    expect(every.ok && every.config).toMatchObject({
      mode: { explicit: "low-risk", detected: "low-risk" },
      low_risk: { max_monthly_usd: 20 },
    });
    const one = await load("mode:\n  detected: full\n");
    expect(one.ok && one.config.mode).toEqual({ explicit: "full", detected: "full" });
  });

  it("refuses a mode in odd case, naming the field and the lowercase word", async () => {
    expect(await problem("mode: Shadow\n")).toContain(
      '- mode: "Shadow" must be written in lowercase: shadow. Write shadow, low-risk or full (lowercase), for every source (mode: shadow) or per source (mode: {explicit: full, detected: shadow}).',
    );
    expect(await problem("mode:\n  explicit: FULL\n")).toContain(
      '- mode: explicit "FULL" must be written in lowercase: full.',
    );
  });

  it("refuses an unknown mode, and tells scan.mode's values apart", async () => {
    expect(await problem("mode: yolo\n")).toContain('- mode: "yolo" is not a rollout mode. Write');
    expect(await problem("mode: pipeline\n")).toContain(
      '- mode: "pipeline" is not a rollout mode (issue and pipeline are values of scan.mode, how the scan reports a gap).',
    );
    expect(await problem("scan:\n  mode: shadow\n")).toContain(
      '- scan.mode: must be one of "issue", "pipeline" (got "shadow")',
    );
    expect(await problem("mode: [full]\n")).toContain(
      "- mode: must be a rollout mode, not a list.",
    );
  });

  it("refuses a source it does not know, suggesting the near one", async () => {
    expect(await problem("mode:\n  detect: full\n")).toContain(
      '- mode.detect: unknown key (did you mean "detected"?); the accepted keys under mode are explicit, detected',
    );
  });
});

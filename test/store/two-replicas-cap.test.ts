import { readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../../simulator/github/start-github-simulator.ts";
import { SAMPLE_CONFIG, sampleRepo } from "../../simulator/sample-repo.ts";
import { type LineProcess, runLineProcess } from "../support/line-process.ts";
import { scratchDir } from "../support/scratch-dir.ts";
import { botComments, pullsOf } from "../support/team-prs.ts";

const REPLICA = join(import.meta.dirname, "app-replica.ts");
// Twenty gaps whose heuristic teams all have different names (two open gaps planning the same
// team would meet on one branch, a matter apart from the cap).
const SKILLS = [
  "spanish",
  "d3",
  "accounting",
  "legal",
  "seo",
  "copywriting",
  "translation",
  "logistics",
  "forecasting",
  "recruiting",
  "invoicing",
  "geospatial",
  "podcasts",
  "video",
  "fundraising",
  "gardening",
  "astronomy",
  "chess",
  "cooking",
  "photography",
];

/** Hands each webhook delivery to the next replica in turn, as a load balancer would. */
async function startBalancer(targets: string[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const target = targets[next++ % targets.length] as string;
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k.startsWith("x-") || k === "content-type"),
      ) as Record<string, string>;
      const answer = await fetch(target, { method: "POST", headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status).end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

// Two app processes on one host, nothing configured but the shared data directory: the first
// one starts the embedded PostgreSQL, the other joins it, and the daily cap holds across both.
describe("two app processes on the default store", () => {
  let root: string;
  let sim: GitHubSimulator;
  let replicas: LineProcess[] = [];
  let balancer: Server;
  beforeAll(async () => {
    root = await scratchDir("tf-replicas-");
    sim = await startGitHubSimulator();
    // The PR labels exist already: two replicas creating a missing label at the same moment is a
    // race of the publishing step (GitHub answers "already exists"), apart from the cap.
    const repo = sampleRepo({ config: SAMPLE_CONFIG });
    const labels = ["automated", "new-team", "needs-review"].map((name) => ({ name }));
    sim.createRepo({ ...repo, labels: [...(repo.labels ?? []), ...labels] });
    const env = {
      TEAM_FACTORY_DATA_DIR: join(root, "data"),
      APP_IDENTITY: JSON.stringify({
        appId: sim.app.id,
        privateKey: sim.app.privateKeyPem,
        secret: sim.app.webhookSecret,
        baseUrl: sim.url,
      }),
    };
    replicas = await Promise.all([1, 2].map(() => runLineProcess({ script: REPLICA, env })));
    balancer = await startBalancer(replicas.map((r) => String(r.started.webhookUrl)));
    sim.setWebhookUrl(`http://127.0.0.1:${(balancer.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill();
    balancer?.close();
    await sim?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("open exactly daily_limit PRs for 20 simultaneous triggers", async () => {
    const repo = "acme/agents";
    const numbers: number[] = [];
    for (const skill of SKILLS) {
      const body = `Several projects are blocked because nobody can handle ${skill} work.\n\nSkills: ${skill}`;
      const issue = await sim.act.openIssue({ repo, title: `${skill} team`, body, actor: "mia" });
      numbers.push(issue.number);
    }
    await Promise.all(
      numbers.map((number) =>
        sim.act.labelIssue({ repo, number, label: "capability-gap", actor: "mia" }),
      ),
    );
    const outcomes = await Promise.all(replicas.map((r) => r.send("idle")));
    const kinds = outcomes.flatMap((o) => o.outcomes as string[]);
    expect(outcomes.every((o) => (o.outcomes as string[]).length > 0)).toBe(true);
    const tally = Object.fromEntries(
      [...new Set(kinds)].map((k) => [k, kinds.filter((x) => x === k).length]),
    );
    expect(tally).toEqual({ pr: 5, "daily-limit": 15 });
    expect(pullsOf(sim, repo)).toHaveLength(5);
    const refused = numbers.filter((n) =>
      /daily limit of 5 new teams/.test(botComments(sim, n, repo).at(-1) ?? ""),
    );
    expect(refused).toHaveLength(15);
  });

  it("share one server, which stops when the last replica stops", async () => {
    const pidFile = join(root, "data", "pgdata", "postmaster.pid");
    const postmaster = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    expect(await replicas[0]?.send("stop")).toEqual({ stopped: true });
    expect(() => process.kill(postmaster, 0)).not.toThrow();
    expect(await replicas[1]?.send("stop")).toEqual({ stopped: true });
    await vi.waitFor(() => expect(() => process.kill(postmaster, 0)).toThrow(), {
      timeout: 30_000,
      interval: 20,
    });
  });
});

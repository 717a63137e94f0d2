/**
 * `npm run demo`: the whole loop offline — the embedded store (a throwaway PostgreSQL server), the
 * GitHub simulator with a sample repository, and the real app. A person labels an issue; the
 * progress comment is printed as it changes; then the PR, its verified commit, its files and the
 * audit trail. Then a task scan. GitHub's rate limits are left out, and the end says what they
 * would add.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { SAMPLE_CONFIG, SAMPLE_GAP_BODY, sampleRepo } from "../simulator/sample-repo.ts";
import { seedDemoTasks } from "../simulator/seed-tasks.ts";
import { startStack } from "../simulator/start-stack.ts";
import { probotScanGitHub } from "../src/github/scan-github.ts";
import { GITHUB_WRITE_WINDOWS, windowFloorMs } from "../src/policy/github-limits.ts";
import { runScan } from "../src/scan/run-scan.ts";
import { scanDepsFor } from "../src/scan/scan-service.ts";
import { openEmbeddedStore, THROWAWAY } from "../src/store/open-embedded-store.ts";
import { embeddedWhere, startReport } from "../src/store/open-store-from-env.ts";

const OUT = join(import.meta.dirname, "../demo-output");
const say = (text = "") => process.stdout.write(`${text}\n`);
const step = (text: string) => say(`\n== ${text}`);
const quiet = { info() {}, warn() {}, error() {} };

step(
  "Starting the embedded store (a PostgreSQL server from npm), the GitHub simulator and the app",
);
const startedAt = performance.now();
// The store starts beside the simulator; its line is made when it is ready.
const opening = openEmbeddedStore({ dataDir: THROWAWAY }).then(async (opened) => {
  const where = embeddedWhere(opened.server, THROWAWAY);
  const { applied } = opened;
  const report = await startReport({
    kind: "embedded",
    where,
    applied,
    present: applied.length,
    startedAt,
  });
  return { ...opened, report };
});
const config = `${SAMPLE_CONFIG}mode:\n  detected: full\nscan:\n  enabled: true\n  min_tasks: 3\n`;
const stack = await startStack({
  repos: [sampleRepo({ config })],
  store: opening.then((o) => o.store),
});
const { store, server, report: storeReport } = await opening;
say(storeReport.line);
const db = new pg.Client(server.connection);
await db.connect();
const { sim, factory } = stack;
say(`GitHub simulator: ${sim.url}   app webhooks: ${stack.app.webhookUrl}`);
say(
  "Repository acme/agents: teams/n8n-interface-team, teams/rag-processor-team, teams/security-review-team",
);

step("mia opens an issue from the capability-gap form and labels it");
const issue = await sim.act.openIssue({
  repo: "acme/agents",
  title: "Dashboards for project metrics",
  body: SAMPLE_GAP_BODY,
  actor: "mia",
});
say(
  SAMPLE_GAP_BODY.split("\n")
    .slice(0, 4)
    .map((l) => `  | ${l}`)
    .join("\n"),
);
sim.resetLog();
const delivery = await sim.act.labelIssue({
  repo: "acme/agents",
  number: issue.number,
  label: "capability-gap",
  actor: "mia",
});
say(
  `webhook issues.labeled answered ${delivery.status} in ${delivery.ms.toFixed(0)} ms (the work runs after)`,
);

step("Progress on the issue, as the app edits its comment");
let shown = "";
const progressComment = () =>
  sim
    .repo("acme", "agents")
    .issues.get(issue.number)
    ?.comments.find((c) => c.user.login === sim.app.botLogin)?.body ?? "";
const watcher = setInterval(() => {
  const body = progressComment();
  if (body && body !== shown) {
    say(
      body
        .split("\n")
        .filter((l) => l.startsWith("- ") || /^(🚀|😕|⏳|⏸️|💡|📝)/u.test(l))
        .map((l) => `  ${l}`)
        .join("\n"),
    );
    say("  --");
    shown = body;
  }
}, 50);
await factory.jobs.whenIdle();
clearInterval(watcher);
if (progressComment() !== shown) say(progressComment());

const end = stack.ends.at(-1)?.end;
const outcome = end?.kind === "done" ? end.outcome : end;
if (outcome?.kind !== "pr") {
  say(`The demo expected a PR, got: ${JSON.stringify(outcome)}`);
  process.exit(1);
}
step(`The pull request #${outcome.prNumber}`);
const pr = sim.repo("acme", "agents").issues.get(outcome.prNumber);
const branch = pr?.pull?.head ?? "";
const git = (...args: string[]) =>
  execFileSync("git", ["-C", sim.repoDir("acme", "agents"), ...args], { encoding: "utf8" }).trim();
// A file's exact bytes on the branch (no trimming: the trailing newline is part of the file).
const fileOnBranch = (file: string) =>
  execFileSync("git", ["-C", sim.repoDir("acme", "agents"), "show", `${branch}:${file}`]);
const head = git("rev-parse", branch);
say(`title:   ${pr?.title}`);
say(`branch:  ${branch} → main`);
say(`labels:  ${pr?.labels.map((l) => l.name).join(", ")}`);
say(
  `commit:  ${head.slice(0, 12)} "${git("log", "-1", "--format=%s", head)}", verified: ${sim.repo("acme", "agents").verified.get(head)?.verified}`,
);
const files = git("diff", "--name-only", "main", branch).split("\n");
say(
  `files:   ${files.length}, all under teams/${branch.replace("team-factory/", "")}/ (mode 100644)`,
);
for (const file of files) say(`  ${file}`);
const requests = sim.log.filter((e) => e.operationId !== "apps/create-installation-access-token");
say(
  `GitHub requests after the webhook: ${requests.map((e) => e.graphql?.name ?? e.operationId).join(", ")}`,
);

rmSync(OUT, { recursive: true, force: true });
for (const file of files) {
  const path = join(OUT, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, fileOnBranch(file));
}
writeFileSync(join(OUT, "PULL_REQUEST.md"), `# ${pr?.title}\n\n${pr?.body ?? ""}\n`);
say(`The generated team and the PR body are in ${OUT}/`);

step("The audit trail (hash-chained, append-only)");
const audit = await db.query<{ id: number; action: string; actor: string; hash: string }>(
  "select id, action, actor, hash from tf_audit_log order by id",
);
for (const row of audit.rows)
  say(`  #${row.id} ${row.action.padEnd(28)} by ${row.actor.padEnd(10)} ${row.hash.slice(0, 16)}…`);
const chain = await store.verifyAuditChain();
say(
  `verify_audit_chain: ${chain.ok ? `ok (${chain.rows} rows)` : `BROKEN at row ${chain.brokenId}`}`,
);

step("A scheduled scan over the project tasks in the store");
await seedDemoTasks({ db, seed: 5, projects: 6, tasks: 40, repository: "acme/agents" });
const report = await runScan({
  ...scanDepsFor({ store }),
  github: probotScanGitHub(() => stack.app.probot),
  now: () => new Date(),
  log: quiet,
});
for (const repo of report.repos) {
  say(
    `${repo.repo}: ${repo.gaps} gap(s); issues opened: ${repo.opened.map((o) => `#${o.issue} (${o.skill})`).join(", ") || "none"}`,
  );
  for (const skipped of repo.skipped) say(`  skipped ${skipped.skill}: ${skipped.reason}`);
}
say(
  "A maintainer labels such an issue (or comments /create-team) and the label path above does the rest.",
);

step("What production adds");
// As deployed, an installation's content-creating requests stay within GitHub's secondary
// limits (80 a minute, 500 an hour) across replicas: those past the first 80 wait for the window.
const writes = sim.log.filter((e) => e.write).length;
const waited = windowFloorMs(writes, GITHUB_WRITE_WINDOWS) / 1000;
say(
  `GitHub's limits were off in this demo. As deployed, the app sends an installation's content-creating requests one at a time per process and within GitHub's secondary limits (80 a minute, 500 an hour), shared by every replica through the store: this run's ${writes} such requests ${waited ? `would wait at least ${waited} s more` : "fit in one minute's window, so they would wait for nothing"} against github.com.`,
);

await stack.stop();
await db.end();
await store.close();
say("\nDone.");

import type { Job, JobOf } from "../../src/intake/job.ts";
import type { PipelineDeps } from "../../src/pipeline/pipeline-deps.ts";
import type { DraftResult, SpecDrafter } from "../../src/spec/spec-draft.ts";
import { type FakeGitHub, fakeGitHub } from "../support/fake-github.ts";
import { type FakeStore, fakeStore } from "../support/fake-store.ts";

export interface Harness {
  github: FakeGitHub;
  store: FakeStore;
  deps: PipelineDeps;
  resubmitted: Job[];
  /** Work the pipeline did not wait for (rationed answers). */
  deferred: Promise<unknown>[];
}

/** The pipeline's edges as in-memory fakes: one repository `acme/agents`, maintainers mia and max. */
export function harness(params: { config?: string; drafter?: SpecDrafter | null } = {}): Harness {
  const github = fakeGitHub({ configText: params.config ?? null });
  const store = fakeStore();
  const resubmitted: Job[] = [];
  const deferred: Promise<unknown>[] = [];
  return {
    github,
    store,
    resubmitted,
    deferred,
    deps: {
      github: async () => github,
      store,
      drafter: params.drafter ?? null,
      hints: new Map(),
      resubmit: async (job) => resubmitted.push(job),
      defer: (work) => deferred.push(work),
    },
  };
}

const base = { installationId: 7, owner: "acme", repo: "agents", issueNumber: 1 };

export const labelled = (actor = "mia", label = "capability-gap"): JobOf<"label"> => ({
  ...base,
  trigger: "label",
  deliveryId: `label-${actor}`,
  actor,
  label,
});

/** A comment's job: `/create-team` (command), `/approve-team` (approval), `/team-factory` (control). */
export function commented(body: `/create-team${string}`, actor?: string): JobOf<"command">;
export function commented(body: string, actor?: string): JobOf<"command" | "approval" | "control">;
export function commented(body: string, actor = "wes"): JobOf<"command" | "approval" | "control"> {
  const head = body.split(/\s/)[0];
  const trigger =
    head === "/approve-team" ? "approval" : head === "/team-factory" ? "control" : "command";
  return { ...base, trigger, deliveryId: `comment-${actor}-${body}`, actor, commentBody: body };
}

/** A drafter that counts its calls and answers what it is given. */
export function countingDrafter(answer: DraftResult): SpecDrafter & { calls: number } {
  const drafter = {
    model: "gpt-test",
    calls: 0,
    async draft() {
      drafter.calls++;
      return answer;
    },
  };
  return drafter;
}

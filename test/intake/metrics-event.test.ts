import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { examplePayload } from "../../simulator/github/webhooks.ts";
import {
  deploymentTeamNames,
  METRICS_EVENTS,
  metricsEventOf,
} from "../../src/intake/metrics-event.ts";
import { parseCommand } from "../../src/intake/parse-command.ts";

// biome-ignore lint/suspicious/noExplicitAny: example payloads edited field by field
type Json = any;
const BODY = "## Team\n…\n- Tracking id: `acme/agents:issue:7`";

/** GitHub's example payload of an event, turned into one about a team PR (a bot's, with our tracking id). */
function teamPr(event: string, action: string, edit: (p: Json) => void = () => {}): Json {
  const payload = examplePayload(event, action) as Json;
  payload.installation = { id: 42 };
  payload.pull_request.user.type = "Bot";
  payload.pull_request.body = BODY;
  edit(payload);
  return payload;
}

describe("metricsEventOf", () => {
  it("records a submitted review of a team PR by its review id, state lowercased", () => {
    const payload = teamPr("pull_request_review", "submitted", (p) => {
      p.review.state = "CHANGES_REQUESTED";
      p.review.user.type = "User";
    });
    expect(metricsEventOf("pull_request_review", payload)).toEqual({
      kind: "pull-request",
      record: {
        eventKey: `review:${payload.repository.id}:${payload.review.id}`,
        installationId: 42,
        repo: payload.repository.full_name,
        prNumber: payload.pull_request.number,
        kind: "review",
        reviewState: "changes_requested",
        actor: payload.review.user.login,
      },
    });
  });

  it("ignores, without asking the store, PRs of people, PRs without a tracking id, bots' reviews and other actions", () => {
    const human = teamPr("pull_request_review", "submitted", (p) => {
      p.pull_request.user.type = "User";
    });
    const untracked = teamPr("pull_request", "closed", (p) => {
      p.pull_request.body = "Bump lodash";
    });
    const botReview = teamPr("pull_request_review", "submitted", (p) => {
      p.review.user.type = "Bot";
    });
    const dismissed = teamPr("pull_request_review", "dismissed");
    const labeled = teamPr("pull_request", "labeled");
    const noInstallation = teamPr("pull_request", "closed", (p) => {
      delete p.installation;
    });
    expect(metricsEventOf("pull_request_review", human)).toBeNull();
    expect(metricsEventOf("pull_request", untracked)).toBeNull();
    expect(metricsEventOf("pull_request_review", botReview)).toBeNull();
    expect(metricsEventOf("pull_request_review", dismissed)).toBeNull();
    expect(metricsEventOf("pull_request", labeled)).toBeNull();
    expect(metricsEventOf("pull_request", noInstallation)).toBeNull();
    expect(metricsEventOf("issues", examplePayload("issues", "opened"))).toBeNull();
  });

  it("records closes (merged or not), reopens and draft changes, keyed so that a replay is the same event", () => {
    const merged = teamPr("pull_request", "closed", (p) => {
      p.pull_request.merged = true;
    });
    const event = metricsEventOf("pull_request", merged);
    expect(event?.record).toMatchObject({ kind: "closed", merged: true, installationId: 42 });
    expect(metricsEventOf("pull_request", structuredClone(merged))?.record.eventKey).toBe(
      event?.record.eventKey,
    );
    for (const action of ["reopened", "ready_for_review", "converted_to_draft"])
      expect(metricsEventOf("pull_request", teamPr("pull_request", action))?.record).toMatchObject({
        kind: action,
        merged: false,
      });
  });

  it("names a deployment's team by payload.team, the environment, or its last segment", () => {
    expect(deploymentTeamNames({ environment: "production/Dashboards-Team", payload: {} })).toEqual(
      ["production/dashboards-team", "dashboards-team"],
    );
    expect(deploymentTeamNames({ environment: "staging", payload: '{"team":"viz-team"}' })).toEqual(
      ["viz-team", "staging"],
    );
    expect(deploymentTeamNames({ environment: "", payload: "not json" })).toEqual([]);
    const payload = examplePayload("deployment_status", "created") as Json;
    payload.installation = { id: 42 };
    payload.deployment.payload = { team: "viz-team" };
    expect(metricsEventOf("deployment_status", payload)?.record).toMatchObject({
      eventKey: `deployment-status:${payload.repository.id}:${payload.deployment_status.id}`,
      teams: ["viz-team", "production"],
      deploymentId: payload.deployment.id,
      state: "success",
    });
  });
});

describe("what the metrics need from GitHub and from people", () => {
  it("app.yml subscribes to every event the metrics read and asks only to read deployments", () => {
    const app = parse(readFileSync(join(import.meta.dirname, "../../app.yml"), "utf8"));
    for (const name of new Set(METRICS_EVENTS.map((e) => e.split(".")[0])))
      expect(app.default_events).toContain(name);
    expect(app.default_permissions.deployments).toBe("read");
  });

  it("parses /team-factory dismiss, and names it when the verb is unknown", () => {
    expect(parseCommand("/team-factory dismiss")).toEqual({
      ok: true,
      command: { kind: "dismiss" },
    });
    const refused = parseCommand("/team-factory forget");
    expect(refused.ok ? "" : refused.message).toMatch(/or dismiss, on a gap's issue/);
  });
});

import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import {
  restComment,
  restIssue,
  restLabel,
  restPull,
  restRepo,
  restUser,
} from "./rest/represent.ts";
import type {
  SimApp,
  SimComment,
  SimIssue,
  SimLabel,
  SimRepo,
  SimState,
  SimUser,
} from "./state.ts";
import { installationFor } from "./state.ts";

export interface DeliveryResult {
  deliveryId: string;
  status: number;
  body: string;
  ms: number;
}

interface ExampleSet {
  name: string;
  examples: { action?: string }[];
}

let examples: ExampleSet[] | null = null;

/** The first real example payload of GitHub's docs for an event and action (deep copy). */
export function examplePayload(event: string, action?: string): Record<string, unknown> {
  examples ??= createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleSet[];
  const set = examples.find((e) => e.name === event);
  const example = set?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`no example payload for ${event}${action ? `.${action}` : ""}`);
  return structuredClone(example) as Record<string, unknown>;
}

export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Builds an event's payload from the real example, with fields from the simulator's state. */
export function buildPayload(params: {
  state: SimState;
  base: string;
  event: string;
  action?: string;
  repo: SimRepo;
  sender: SimUser;
  issue?: SimIssue;
  comment?: SimComment;
  label?: SimLabel;
}): Record<string, unknown> {
  const { state, base, repo } = params;
  const payload = examplePayload(params.event, params.action);
  payload.repository = restRepo(base, repo);
  payload.sender = restUser(base, params.sender);
  const installation = installationFor(state, repo);
  if (installation)
    payload.installation = {
      id: installation.id,
      node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}`,
    };
  else delete payload.installation;
  if (params.issue) {
    if (params.event === "pull_request") {
      payload.pull_request = restPull(base, repo, params.issue);
      payload.number = params.issue.number;
    } else payload.issue = restIssue(base, repo, params.issue);
  }
  if (params.comment) payload.comment = restComment(base, repo, params.comment);
  if (params.label) payload.label = restLabel(base, repo, params.label);
  delete payload.organization;
  delete payload.enterprise;
  return payload;
}

export interface Deliveries {
  deliver(event: string, payload: Record<string, unknown>): Promise<DeliveryResult>;
  /** GitHub's redelivery (same id), or, with `newId`, a replay of the same signed body. */
  redeliver(deliveryId: string, options?: { newId?: boolean }): Promise<DeliveryResult>;
}

/** Sends signed deliveries to the app's webhook URL and keeps them for redelivery. */
export function createDeliveries(app: SimApp): Deliveries {
  const sent = new Map<string, { event: string; body: string }>();
  async function send(deliveryId: string, event: string, body: string): Promise<DeliveryResult> {
    if (!app.webhookUrl)
      throw new Error("the simulated app has no webhook URL: call sim.setWebhookUrl(url) first");
    const start = performance.now();
    const res = await fetch(app.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/simulator",
        "x-github-event": event,
        "x-github-delivery": deliveryId,
        "x-github-hook-id": "1",
        "x-github-hook-installation-target-id": String(app.id),
        "x-github-hook-installation-target-type": "integration",
        "x-hub-signature-256": signPayload(app.webhookSecret, body),
      },
      body,
    });
    const text = await res.text();
    return { deliveryId, status: res.status, body: text, ms: performance.now() - start };
  }
  return {
    deliver(event, payload) {
      const deliveryId = randomUUID();
      const body = JSON.stringify(payload);
      sent.set(deliveryId, { event, body });
      return send(deliveryId, event, body);
    },
    redeliver(deliveryId, options = {}) {
      const delivery = sent.get(deliveryId);
      if (!delivery) throw new Error(`no delivery ${deliveryId} was sent by this simulator`);
      // A new id is what someone who captured a delivery can send: the signature covers the body only.
      return send(options.newId ? randomUUID() : deliveryId, delivery.event, delivery.body);
    },
  };
}

import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { simulatorAppEnv, startAppProcess } from "./app-process.ts";
import type { BenchGitHub } from "./bench-github.ts";
import { signBody } from "./load-client.ts";
import { memoryMb, processTree } from "./process-tree.ts";
import type { BenchRow } from "./table.ts";
import { irrelevantDelivery } from "./webhook-ack.ts";

const MB = 1024 * 1024;

/** What became of one stalled body: the status the server answered (null: none) and when. */
export interface StalledBody {
  /** The answer's status once one arrives, or null when the connection ends without one. */
  answered: Promise<number | null>;
  /** Milliseconds from the connection to the server closing it (or an error ending it). */
  closed: Promise<number>;
  /** Bytes of the body written so far, the status once answered, whether the connection ended. */
  state(): { sent: number; status: number | null; closed: boolean };
  destroy(): void;
}

/**
 * An attacker's webhook: `POST <url>` announcing `announced` bytes, sending `send` of them (never
 * more), then stalling with the connection open. Headers: a forged but well-formed signature and
 * GitHub's event and delivery headers unless `headers` replaces them (a null value drops one).
 */
export function stalledPost(
  url: string,
  params: { announced: number; send: number; headers?: Record<string, string | null> },
): StalledBody {
  const target = new URL(url);
  const headers: Record<string, string | null> = {
    host: target.host,
    "content-type": "application/json",
    "content-length": String(params.announced),
    "x-github-event": "issues",
    "x-github-delivery": "00000000-0000-4000-8000-0000000f100d",
    "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    ...params.headers,
  };
  const head = Object.entries(headers)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  const t0 = performance.now();
  const socket = connect(Number(target.port), target.hostname);
  let sent = 0;
  let status: number | null = null;
  let ended = false;
  let response = "";
  let settle: (status: number | null) => void = () => {};
  const answered = new Promise<number | null>((resolve) => (settle = resolve));
  const closed = new Promise<number>((resolve) =>
    socket.once("close", () => {
      ended = true;
      settle(null);
      resolve(performance.now() - t0);
    }),
  );
  socket.on("error", () => {});
  socket.on("data", (chunk) => {
    response += chunk.toString("latin1");
    const code = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
    if (!code || status !== null) return;
    status = Number(code);
    settle(status);
  });
  const chunk = Buffer.alloc(Math.min(MB, Math.max(params.send, 1)), "x");
  const pump = () => {
    while (sent < params.send && !socket.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, params.send - sent));
      sent += piece.length;
      if (!socket.write(piece)) return void socket.once("drain", pump);
    }
  };
  socket.once("connect", () => {
    socket.write(`POST ${target.pathname} HTTP/1.1\r\n${head}\r\n`);
    pump();
  });
  return {
    answered,
    closed,
    state: () => ({ sent, status, closed: ended }),
    destroy: () => socket.destroy(),
  };
}

/** RSS in MB of `pid` and all its descendants (the app and its embedded PostgreSQL). */
export function treeRssMb(pid: number): number {
  return processTree([pid]).reduce((sum, p) => sum + memoryMb(p, "Rss"), 0);
}

export interface FloodResult {
  beforeMb: number;
  peakMb: number;
  /** Statuses of the flood's answers (null: none), in connection order. */
  statuses: (number | null)[];
  /** The status of a signed delivery sent at the flood's height. */
  signedStatus: number;
  /** When the app had closed every flood connection, from the flood's start (NaN: not by `untilMs`). */
  allClosedMs: number;
}

/**
 * `connections` stalled bodies of `bytes` each (one byte short of what they announce, forged
 * signature) against the app at `url`, whose process is `pid`, sampling the RSS of its process
 * tree every 50 ms. At the flood's height (every body sent, answered or closed) `signed()` posts a
 * real delivery; then the flood waits until the app has closed every connection, or `untilMs`.
 */
export async function floodStalledBodies(params: {
  url: string;
  pid: number;
  connections: number;
  bytes: number;
  signed: () => Promise<number>;
  untilMs: number;
}): Promise<FloodResult> {
  const beforeMb = treeRssMb(params.pid);
  let peakMb = beforeMb;
  const sample = () => {
    peakMb = Math.max(peakMb, treeRssMb(params.pid));
  };
  const sampler = setInterval(sample, 50);
  const t0 = performance.now();
  const deadline = t0 + params.untilMs;
  const bodies = Array.from({ length: params.connections }, () =>
    stalledPost(params.url, { announced: params.bytes, send: params.bytes - 1 }),
  );
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    const atHeight = (b: StalledBody) => {
      const s = b.state();
      return s.sent >= params.bytes - 1 || s.status !== null || s.closed;
    };
    while (!bodies.every(atHeight) && performance.now() < deadline) await wait(50);
    const signedStatus = await params.signed();
    while (!bodies.every((b) => b.state().closed) && performance.now() < deadline) await wait(50);
    sample();
    return {
      beforeMb,
      peakMb,
      statuses: bodies.map((b) => b.state().status),
      signedStatus,
      allClosedMs: bodies.every((b) => b.state().closed) ? performance.now() - t0 : Number.NaN,
    };
  } finally {
    clearInterval(sampler);
    for (const b of bodies) b.destroy();
  }
}

export const FLOOD_CONNECTIONS = 16;
export const FLOOD_BYTES = 24 * MB;

/**
 * `unsigned_body_flood_rss_growth_mb`: the app as `npm start` runs it takes 16 stalled 24 MB bodies
 * with forged signatures at once; the value is the peak RSS of its process tree minus the RSS
 * before.
 */
export async function measureBodyFlood(params: { gh: BenchGitHub }): Promise<BenchRow[]> {
  const { sim } = params.gh;
  const secret = sim.app.webhookSecret;
  const app = await startAppProcess({
    secret,
    env: { ...simulatorAppEnv(sim), TEAM_FACTORY_DATA_DIR: "memory://" },
  });
  try {
    // Settle after the start, as the idle measures do.
    await new Promise((r) => setTimeout(r, 2000));
    const webhook = `${app.url}/api/github/webhooks`;
    const { event, body } = irrelevantDelivery();
    const m = await floodStalledBodies({
      url: webhook,
      pid: app.pid,
      connections: FLOOD_CONNECTIONS,
      bytes: FLOOD_BYTES,
      untilMs: 30_000,
      signed: async () =>
        (
          await fetch(webhook, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-github-event": event,
              "x-github-delivery": randomUUID(),
              "x-hub-signature-256": signBody(secret, body),
            },
            body,
          })
        ).status,
    });
    const counts = new Map<string, number>();
    for (const s of m.statuses)
      counts.set(String(s ?? "none"), (counts.get(String(s ?? "none")) ?? 0) + 1);
    const answers = [...counts].map(([s, n]) => `${n}× ${s}`).join(", ");
    const closed = Number.isFinite(m.allClosedMs)
      ? `all closed by the app after ${(m.allClosedMs / 1000).toFixed(1)} s`
      : "not all closed by the app within 30 s";
    return [
      {
        metric: "unsigned_body_flood_rss_growth_mb",
        value: m.peakMb - m.beforeMb,
        unit: "MB",
        goal: { op: "<=", target: 50 },
        note: `${FLOOD_CONNECTIONS} connections each sending ${FLOOD_BYTES / MB} MB minus one byte with a forged signature, then stalling; peak RSS of the app's process tree (sampled every 50 ms) ${Math.round(m.peakMb)} MB against ${Math.round(m.beforeMb)} MB before; answers: ${answers}; ${closed}; a signed delivery sent at the flood's height was answered ${m.signedStatus}`,
      },
    ];
  } finally {
    await app.stop();
  }
}

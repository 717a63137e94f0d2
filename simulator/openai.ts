/**
 * A loopback stand-in for an OpenAI-compatible server (`POST /v1/chat/completions`) for tests,
 * the benchmark and the demo. Its mode decides the answer: a valid team draft built from the
 * request's data, malformed JSON, JSON that breaks the schema, a team that breaks our rules, an
 * error status (500, or 401 quoting a key like OpenAI does), a refusal, a valid draft whose text
 * is hostile Markdown (mentions, HTML, images, links, issue references, direction overrides), or a
 * valid answer after a delay.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const SIMULATOR_MODES = [
  "valid",
  "malformed",
  "schema-violation",
  "two-managers",
  "error",
  "unauthorized",
  "refusal",
  "hostile",
  "slow",
] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

export interface OpenAISimulator {
  /** Base URL to give the client, ending in `/v1`. */
  baseURL: string;
  mode: SimulatorMode;
  /** Delay of the `slow` mode. */
  delayMs: number;
  /** Bodies of the chat completion requests received, oldest first. */
  requests: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: unknown;
  }[];
  close: () => Promise<void>;
}

const title = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/** A plausible draft from the gap JSON in the user message: a lead plus one member per skill. */
export function draftFor(gapJson: string, managers = 1): object {
  let data: { title?: string; requiredSkills?: string[] } = {};
  try {
    data = JSON.parse(gapJson);
  } catch {}
  const skills = (Array.isArray(data.requiredSkills) ? data.requiredSkills : []).slice(0, 3);
  if (skills.length === 0) skills.push("research");
  const main = skills[0] ?? "research";
  const member = (role: string, isManager: boolean, s: string[]) => ({
    role,
    goal: `Deliver the team's ${s.join(" and ")} work with clear, checked results.`,
    backstory: `A practitioner with long experience in ${s.join(" and ")} who explains trade-offs plainly.`,
    isManager,
    isSkeptic: false,
    skills: s,
    tools: s.includes("sql") ? ["run_sql_query"] : [],
    missingTools: [`${s[0]?.replace(/\W+/g, "_")}_lookup`],
  });
  return {
    displayName: `${title(main)} Team`,
    description: `Provides ${skills.join(", ")} for the repository so that waiting work can move again.`,
    department: "engineering.platform",
    members: [
      member(`${title(main)} Lead`, true, ["planning", main]),
      ...skills.map((s, i) => member(`${title(s)} Specialist`, i < managers - 1, [s])),
    ],
    skills,
    done: `The answer holds each specialist's ${skills.join(", ")} result with the data it rests on.`,
  };
}

/** A draft the schema accepts whose every text field tries to act in Markdown. */
function hostileDraft(userMessage: string): object {
  const draft = draftFor(userMessage) as { members: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
  const evil =
    "@acme/admins @everyone <!-- hidden --> <img src=https://evil.example/p.png> ![x](https://evil.example/x.png) [click](https://evil.example) fixes #42 \u202Eevil";
  return {
    ...draft,
    displayName: "Ops @everyone <img src=x onerror=alert(1)> Team",
    description: `Provides the work. ${evil}`,
    members: draft.members.map((m, i) => ({
      ...m,
      role: `${i ? "Specialist" : "Lead"} @everyone ${i}`,
      goal: evil,
      backstory: evil,
    })),
  };
}

function content(mode: SimulatorMode, userMessage: string): string {
  if (mode === "hostile") return JSON.stringify(hostileDraft(userMessage));
  if (mode === "malformed") return '{"displayName": "Half a team", "members": [';
  if (mode === "schema-violation") return JSON.stringify({ displayName: 42, members: "many" });
  return JSON.stringify(draftFor(userMessage, mode === "two-managers" ? 2 : 1));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startOpenAISimulator(
  options: { mode?: SimulatorMode; delayMs?: number } = {},
): Promise<OpenAISimulator> {
  const timers = new Set<NodeJS.Timeout>();
  const send = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      return send(res, 404, {
        error: { message: "only POST /v1/chat/completions", type: "not_found" },
      });
    }
    const body = JSON.parse(await readBody(req));
    sim.requests.push(body);
    const mode = sim.mode;
    if (mode === "error") {
      return send(res, 500, { error: { message: "simulated server error", type: "server_error" } });
    }
    if (mode === "unauthorized") {
      return send(res, 401, {
        error: {
          message: "Incorrect API key provided: sk-proj-****WXYZ. You can find your API key at …",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
    }
    const user = body.messages?.find((m: { role: string }) => m.role === "user")?.content ?? "";
    const answer = {
      id: `chatcmpl-sim-${sim.requests.length}`,
      object: "chat.completion",
      created: 0,
      model: body.model,
      choices: [
        {
          index: 0,
          message:
            mode === "refusal"
              ? {
                  role: "assistant",
                  content: null,
                  refusal: "I can't help with that. @everyone <img src=x onerror=alert(1)>",
                }
              : { role: "assistant", content: content(mode, user), refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: Math.ceil(JSON.stringify(body).length / 4),
        completion_tokens: 300,
        total_tokens: 0,
      },
    };
    if (mode !== "slow") return send(res, 200, answer);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) send(res, 200, answer);
    }, sim.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const sim: OpenAISimulator = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    mode: options.mode ?? "valid",
    delayMs: options.delayMs ?? 2000,
    requests: [],
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return sim;
}

// `node simulator/openai.ts [mode]`: serve until stopped; point OPENAI_BASE_URL at the printed URL.
if (import.meta.main) {
  const mode = (process.argv[2] ?? "valid") as SimulatorMode;
  if (!SIMULATOR_MODES.includes(mode)) {
    process.stderr.write(`mode must be one of ${SIMULATOR_MODES.join(", ")}\n`);
    process.exit(2);
  }
  const sim = await startOpenAISimulator({ mode });
  process.stdout.write(`OPENAI_BASE_URL=${sim.baseURL}\n`);
  process.once("SIGINT", () => void sim.close());
  process.once("SIGTERM", () => void sim.close());
}

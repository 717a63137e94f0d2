/** Monthly cost of a team: LLM calls per member from a price table, plus the pod it runs in. */
import { podSize } from "../policy/pod-size.ts";
import type { ModelPrice } from "./planning-config.ts";
import type { TeamSpec } from "./team-spec.ts";

/**
 * USD per 1,000 tokens (input / output), list prices; `config.prices` overrides or adds. Sources:
 * OpenAI https://platform.openai.com/docs/pricing (and https://openai.com/api/pricing), read
 * 2025-12; Anthropic https://docs.anthropic.com/en/docs/about-claude/pricing, read 2025-12, its
 * Claude 4.6/4.7 rows 2026-12. A model that is not here, even after its date suffix is removed,
 * has no known price: its team needs an approval. Retired models: model-lifecycle.ts.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  "gpt-5": { input_per_1k: 0.00125, output_per_1k: 0.01 },
  "gpt-5-mini": { input_per_1k: 0.00025, output_per_1k: 0.002 },
  "gpt-5-nano": { input_per_1k: 0.00005, output_per_1k: 0.0004 },
  "gpt-4.1": { input_per_1k: 0.002, output_per_1k: 0.008 },
  "gpt-4.1-mini": { input_per_1k: 0.0004, output_per_1k: 0.0016 },
  "gpt-4.1-nano": { input_per_1k: 0.0001, output_per_1k: 0.0004 },
  "gpt-4o": { input_per_1k: 0.0025, output_per_1k: 0.01 },
  "gpt-4o-mini": { input_per_1k: 0.00015, output_per_1k: 0.0006 },
  o1: { input_per_1k: 0.015, output_per_1k: 0.06 },
  "o1-mini": { input_per_1k: 0.0011, output_per_1k: 0.0044 },
  "o1-pro": { input_per_1k: 0.15, output_per_1k: 0.6 },
  o3: { input_per_1k: 0.002, output_per_1k: 0.008 },
  "o3-mini": { input_per_1k: 0.0011, output_per_1k: 0.0044 },
  "o3-pro": { input_per_1k: 0.02, output_per_1k: 0.08 },
  "o4-mini": { input_per_1k: 0.0011, output_per_1k: 0.0044 },
  "claude-opus-4-7": { input_per_1k: 0.005, output_per_1k: 0.025 },
  "claude-opus-4-6": { input_per_1k: 0.005, output_per_1k: 0.025 },
  "claude-opus-4-5": { input_per_1k: 0.005, output_per_1k: 0.025 },
  "claude-sonnet-4-6": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-opus-4-1": { input_per_1k: 0.015, output_per_1k: 0.075 },
  "claude-opus-4": { input_per_1k: 0.015, output_per_1k: 0.075 },
  "claude-sonnet-4-5": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-sonnet-4": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-haiku-4-5": { input_per_1k: 0.001, output_per_1k: 0.005 },
  "claude-3-7-sonnet": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-3-5-sonnet": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-3-5-haiku": { input_per_1k: 0.0008, output_per_1k: 0.004 },
  // Older models (the original plan's figures).
  "gpt-4": { input_per_1k: 0.03, output_per_1k: 0.06 },
  "gpt-4-32k": { input_per_1k: 0.06, output_per_1k: 0.12 },
  "gpt-4-turbo": { input_per_1k: 0.01, output_per_1k: 0.03 },
  "gpt-3.5-turbo": { input_per_1k: 0.0005, output_per_1k: 0.0015 },
  "claude-3-opus": { input_per_1k: 0.015, output_per_1k: 0.075 },
  "claude-3-sonnet": { input_per_1k: 0.003, output_per_1k: 0.015 },
  "claude-3-haiku": { input_per_1k: 0.00025, output_per_1k: 0.00125 },
};
/** The figure shown for a model of unknown price: the provider's dearest common model, never less. */
const UNKNOWN_PRICED_AS = { OpenAI: "gpt-4", Anthropic: "claude-opus-4" } as const;

export interface CallProfile {
  callsPerDay: number;
  inputTokens: number;
  outputTokens: number;
}
export interface UsageAssumptions {
  manager: CallProfile;
  member: CallProfile;
  skeptic: CallProfile;
  daysPerMonth: number;
  replicas: number;
  cpuUsdPerCoreMonth: number;
  memoryUsdPerGiBMonth: number;
}
export const DEFAULT_USAGE: UsageAssumptions = {
  manager: { callsPerDay: 60, inputTokens: 3000, outputTokens: 800 },
  member: { callsPerDay: 40, inputTokens: 2500, outputTokens: 700 },
  skeptic: { callsPerDay: 20, inputTokens: 2000, outputTokens: 500 },
  daysPerMonth: 30,
  replicas: 1,
  cpuUsdPerCoreMonth: 25,
  memoryUsdPerGiBMonth: 3.5,
};
export type UsageOverrides = Partial<Omit<UsageAssumptions, "manager" | "member" | "skeptic">> & {
  manager?: Partial<CallProfile>;
  member?: Partial<CallProfile>;
  skeptic?: Partial<CallProfile>;
};

export interface CostEstimate {
  monthlyUsd: number;
  llmMonthlyUsd: number;
  infraMonthlyUsd: number;
  perMember: {
    role: string;
    kind: "manager" | "member" | "skeptic";
    callsPerDay: number;
    monthlyUsd: number;
  }[];
  model: string;
  /** `config` (repo prices), `default` (built-in table) or `unknown: …` (no known price). */
  priceSource: string;
  /** False when the model is in neither table: the figure is a stand-in and needs an approval. */
  priceKnown: boolean;
  price: ModelPrice;
  /** Pod requests the infrastructure figure is based on. */
  pod: { cpu: string; memory: string; replicas: number };
  assumptions: string[];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

/**
 * Table key of a model name: `openai/` prefix, `-latest` and date suffixes (`-20250514`,
 * `-2024-08-06`, `-0613`) removed, so a dated release is priced as its family.
 */
export function priceKey(model: string): string {
  return model
    .toLowerCase()
    .replace(/^[a-z]+\//, "")
    .replace(/-latest$/, "")
    .replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/, "")
    .replace(/-0$/, "");
}

function lookupPrice(model: string, prices: Record<string, ModelPrice>) {
  for (const name of [model, priceKey(model)]) {
    const own = Object.hasOwn(prices, name) ? prices[name] : undefined;
    if (own) return { price: own, source: "config" };
    const known = Object.hasOwn(DEFAULT_PRICES, name) ? DEFAULT_PRICES[name] : undefined;
    if (known) return { price: known, source: "default" };
  }
  return null;
}

/** Whether the model has a price in the repo's `prices` or the built-in table (family included). */
export function isPriceKnown(model: string, prices: Record<string, ModelPrice> = {}): boolean {
  return lookupPrice(model, prices) !== null;
}

function priceOf(spec: TeamSpec, prices: Record<string, ModelPrice>) {
  const found = lookupPrice(spec.model, prices);
  if (found) return { ...found, known: true };
  const stand = UNKNOWN_PRICED_AS[spec.provider];
  return {
    price: DEFAULT_PRICES[stand] ?? { input_per_1k: 0.03, output_per_1k: 0.075 },
    source: `unknown: ${spec.model} is not in the price table (this figure prices it as ${stand}); add it under prices in .github/team-factory.yml`,
    known: false,
  };
}

export function estimateCost(params: {
  spec: TeamSpec;
  prices?: Record<string, ModelPrice>;
  usage?: UsageOverrides;
}): CostEstimate {
  const { spec } = params;
  const u = params.usage ?? {};
  const usage: UsageAssumptions = {
    ...DEFAULT_USAGE,
    ...u,
    manager: { ...DEFAULT_USAGE.manager, ...u.manager },
    member: { ...DEFAULT_USAGE.member, ...u.member },
    skeptic: { ...DEFAULT_USAGE.skeptic, ...u.skeptic },
  };
  const { price, source, known } = priceOf(spec, params.prices ?? {});
  const perMember = spec.members.map((m) => {
    const kind = m.isManager ? "manager" : m.isSkeptic ? "skeptic" : "member";
    const p = usage[kind];
    const perCall =
      (p.inputTokens / 1000) * price.input_per_1k + (p.outputTokens / 1000) * price.output_per_1k;
    return {
      role: m.role,
      kind,
      callsPerDay: p.callsPerDay,
      monthlyUsd: cents(perCall * p.callsPerDay * usage.daysPerMonth),
    } as const;
  });
  const size = podSize(spec.members.length);
  const pod = { ...size.requests, replicas: usage.replicas };
  const infra = cents(
    (size.cores * usage.cpuUsdPerCoreMonth + size.gib * usage.memoryUsdPerGiBMonth) *
      usage.replicas,
  );
  const llm = cents(perMember.reduce((sum, m) => sum + m.monthlyUsd, 0));
  const profile = (k: keyof Pick<UsageAssumptions, "manager" | "member" | "skeptic">) =>
    `${k}: ${usage[k].callsPerDay} calls/day × ${usage[k].inputTokens} in + ${usage[k].outputTokens} out tokens`;
  return {
    monthlyUsd: cents(llm + infra),
    llmMonthlyUsd: llm,
    infraMonthlyUsd: infra,
    perMember,
    model: spec.model,
    priceSource: source,
    priceKnown: known,
    price,
    pod,
    assumptions: [
      ...(["manager", "member", "skeptic"] as const)
        .filter((kind) => perMember.some((m) => m.kind === kind))
        .map(profile),
      `${usage.daysPerMonth} days a month; ${spec.model} at $${price.input_per_1k}/$${price.output_per_1k} per 1K tokens in/out (${known ? source : "price unknown"})`,
      `${usage.replicas} pod(s) requesting ${pod.cpu} CPU and ${pod.memory} at $${usage.cpuUsdPerCoreMonth}/core and $${usage.memoryUsdPerGiBMonth}/GiB a month`,
    ],
  };
}

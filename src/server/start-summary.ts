/** What start-up says in its one line, beside the version and the routes. */
export interface StartFacts {
  store: string;
  llm: string;
  scan: string;
  /** Whether the operator page and `/metrics` answer (TEAM_FACTORY_DASHBOARD_TOKEN). */
  operator: string;
  /** Where notifications go (Slack, the JSON webhook), or none. */
  notify: string;
}

/** What start-up says: where it listens, its settings as they came out, and the routes. */
export interface StartSummary {
  version: string;
  /** The webhook route's full URL. */
  listening: string;
  facts: StartFacts;
  routes: string[];
  /** The smee channel's host, when WEBHOOK_PROXY_URL forwards one. */
  webhookProxy: string | null;
}

/**
 * The start-up summary as one log entry: with readable logs, one line of text (the message alone,
 * so no field is spread over more lines); with LOG_FORMAT=json, the same facts as fields.
 */
export function startSummaryEntry(
  summary: StartSummary,
  format: "pretty" | "json",
): { fields: Record<string, unknown>; message: string } {
  const { facts } = summary;
  const headline = `Team Factory ${summary.version} listening on ${summary.listening}`;
  const fields = {
    version: summary.version,
    listening: summary.listening,
    store: facts.store,
    model: facts.llm,
    scan: facts.scan,
    operator: facts.operator,
    notify: facts.notify,
    routes: summary.routes,
    webhookProxy: summary.webhookProxy,
  };
  if (format === "json") return { fields, message: headline };
  const parts = [
    headline,
    `store: ${facts.store}`,
    `model: ${facts.llm}`,
    `scan: ${facts.scan}`,
    `operator: ${facts.operator}`,
    `notify: ${facts.notify}`,
    `routes: ${summary.routes.join(" ")}`,
    ...(summary.webhookProxy ? [`webhook proxy: ${summary.webhookProxy}`] : []),
  ];
  return { fields: {}, message: parts.join(" | ").replace(/[\r\n]+/g, " ") };
}

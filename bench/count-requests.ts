/** What the benchmark reads of one entry of the GitHub simulator's request log. */
export interface LoggedRequest {
  method: string;
  path: string;
  operationId?: string;
  graphql?: { operation: "query" | "mutation"; name?: string; fields: string[] };
  status: number;
}

export interface RequestCounts {
  /** The critical path: everything but the token, reactions and progress comments. */
  counted: number;
  token: number;
  reactions: number;
  progress: number;
  total: number;
  /** The counted requests in order, `GET repos/get-branch` or `mutation TeamFactoryPublish`. */
  names: string[];
}

const TOKEN = "apps/create-installation-access-token";
const PROGRESS = new Set(["issues/create-comment", "issues/update-comment"]);

export function requestName(entry: LoggedRequest): string {
  if (entry.graphql) return `${entry.graphql.operation} ${entry.graphql.name ?? "(anonymous)"}`;
  return `${entry.method} ${entry.operationId ?? entry.path}`;
}

/**
 * Splits a request log the way the goal counts it: the installation token request, reactions and
 * progress comments are reported apart; every other request (REST or GraphQL) is counted.
 */
export function countRequests(log: readonly LoggedRequest[]): RequestCounts {
  const counts: RequestCounts = {
    counted: 0,
    token: 0,
    reactions: 0,
    progress: 0,
    total: log.length,
    names: [],
  };
  for (const entry of log) {
    const op = entry.operationId ?? "";
    if (op === TOKEN) counts.token++;
    else if (op.startsWith("reactions/")) counts.reactions++;
    else if (PROGRESS.has(op)) counts.progress++;
    else {
      counts.counted++;
      counts.names.push(requestName(entry));
    }
  }
  return counts;
}

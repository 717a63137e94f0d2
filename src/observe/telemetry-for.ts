import { readEnv } from "../env/env-schema.ts";
import { NO_TELEMETRY, type Telemetry } from "../metrics/telemetry-port.ts";
import type { Store } from "../store/store.ts";
import { telemetrySnapshot } from "./operator-data.ts";

/**
 * The series `/metrics` serves: prom-client's, loaded only when TEAM_FACTORY_DASHBOARD_TOKEN opens
 * the route (it adds about a tenth of a second to every start); otherwise nothing is counted.
 */
export async function telemetryFor(params: {
  env: NodeJS.ProcessEnv;
  store: Store;
}): Promise<Telemetry> {
  if (!readEnv(params.env, "TEAM_FACTORY_DASHBOARD_TOKEN").TEAM_FACTORY_DASHBOARD_TOKEN)
    return NO_TELEMETRY;
  const { createTelemetry } = await import("../metrics/telemetry.ts");
  return createTelemetry({ snapshot: () => telemetrySnapshot(params.store) });
}

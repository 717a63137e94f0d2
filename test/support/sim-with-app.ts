import type { ApplicationFunction } from "probot";
import type {
  GitHubSimulator,
  SimulatorOptions,
} from "../../simulator/github/start-github-simulator.ts";
import { type Pacing, type RunningApp, startApp } from "../../simulator/start-app.ts";
import { startSimWithRepo } from "./sim.ts";

/** The simulator above plus the real Probot app wired to it. */
export async function startSimAndApp(params: {
  appFn: ApplicationFunction;
  sim?: SimulatorOptions;
  pacing?: Pacing;
}): Promise<{ sim: GitHubSimulator; app: RunningApp; stop(): Promise<void> }> {
  const sim = await startSimWithRepo(params.sim);
  const app = await startApp({ sim, appFn: params.appFn, pacing: params.pacing });
  return {
    sim,
    app,
    stop: async () => {
      await app.stop();
      await sim.stop();
    },
  };
}

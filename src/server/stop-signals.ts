import { constants } from "node:os";

/** SIGTERM (a process manager, Kubernetes) and SIGINT (Ctrl-C) stop the app. */
const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * A signal this soon after the first is the same request delivered twice, not a second one: a
 * terminal's Ctrl-C reaches both `npm start` and the app, and npm forwards its copy too.
 */
export const REPEAT_MS = 500;

/** The status a shell reports for a process a signal ended: 128 + its number (143, 130). */
export function signalStatus(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Ends this process by `signal` itself, so that its parent (npm, a shell, systemd, the container
 * runtime) sees what stopped it and reports 143 or 130.
 */
export function exitBySignal(signal: StopSignal): void {
  for (const s of STOP_SIGNALS) process.removeAllListeners(s);
  process.kill(process.pid, signal);
  // Reached only where a signal cannot end the process (Windows): the same status.
  setTimeout(() => process.exit(signalStatus(signal)), 1000).unref();
}

/**
 * On SIGTERM or SIGINT: `stop` (drain), then the process ends by that signal. Another signal
 * after REPEAT_MS ends it at once (by that signal), without waiting for the drain.
 */
export function onStopSignals(params: {
  stop(signal: StopSignal): Promise<void>;
  warn(fields: object, msg: string): void;
}): void {
  let first: number | null = null;
  const handle = (signal: StopSignal) => {
    const now = Date.now();
    if (first === null) {
      first = now;
      void params.stop(signal).finally(() => exitBySignal(signal));
    } else if (now - first >= REPEAT_MS) {
      params.warn({ signal }, "second signal: exiting now");
      exitBySignal(signal);
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handle);
}

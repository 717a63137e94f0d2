import { spawn } from "node:child_process";

/**
 * Runs `node <script> <JSON arg>` as a second process (this Node, so Node 24) and parses the JSON
 * it prints; killed after `timeoutMs`. A separate process is what lets a budget stop busy work.
 */
export function runJsonProcess<T>(params: {
  script: string;
  arg: unknown;
  timeoutMs: number;
}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [params.script, JSON.stringify(params.arg)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err = (err + d).slice(-2000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, params.timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`over its ${Math.round(params.timeoutMs / 1000)} s budget`));
        return;
      }
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`${params.script} exited with ${code}: ${err.trim() || out.trim()}`));
      }
    });
  });
}

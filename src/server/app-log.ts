import { writeSync } from "node:fs";
import { type Logger, pino } from "pino";
import { prettyFactory } from "pino-pretty";
import { type Env, readEnv } from "../env/env-schema.ts";

export type LogFormat = Env["LOG_FORMAT"];

/**
 * The process's logger: one line per entry on stdout, written at once (a signal that ends the
 * process right after loses nothing), readable or JSON. Its root has no `name`: Probot names its
 * own child "probot" and the app's lines are "team-factory". In JSON a key appears once: a child's
 * `name` replaces its parent's (pino would write both).
 */
export function createAppLog(
  env: NodeJS.ProcessEnv,
  write: (text: string) => void = (text) => writeSync(1, text),
): Logger {
  const { LOG_FORMAT: format, LOG_LEVEL: level } = readEnv(env, "LOG_FORMAT", "LOG_LEVEL");
  const pretty =
    format === "pretty"
      ? prettyFactory({
          ignore: "time,pid,hostname,req,res,responseTime",
          errorProps: "event,status,headers,request",
        })
      : null;
  return pino(
    { level },
    {
      write: (line: string) =>
        write(pretty ? pretty(line) : `${JSON.stringify(JSON.parse(line))}\n`),
    },
  );
}

import { writeSync } from "node:fs";
import { type LevelWithSilent, type Logger, pino } from "pino";
import { prettyFactory } from "pino-pretty";

const LEVELS: LevelWithSilent[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof FORMATS)[number];

/** LOG_FORMAT (`pretty` by default, or `json`) and LOG_LEVEL (`info`); anything else stops the start. */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv): {
  format: LogFormat;
  level: LevelWithSilent;
} {
  const format = (env.LOG_FORMAT?.trim() || "pretty") as LogFormat;
  if (!FORMATS.includes(format))
    throw new Error(`LOG_FORMAT must be pretty or json (got ${JSON.stringify(env.LOG_FORMAT)})`);
  const level = (env.LOG_LEVEL?.trim() || "info") as LevelWithSilent;
  if (!LEVELS.includes(level))
    throw new Error(
      `LOG_LEVEL must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(env.LOG_LEVEL)})`,
    );
  return { format, level };
}

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
  const { format, level } = logSettingsFromEnv(env);
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

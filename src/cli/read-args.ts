/** Command-line options read with `node:util` parseArgs, with messages for people. */
import { parseArgs } from "node:util";

/** A mistake in the command line: exit 2 with one line, the message and where the help is. */
export class UsageError extends Error {}

export type OptionSpec = { type: "string" | "boolean"; short?: string };

export interface ReadArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

const HELP: OptionSpec = { type: "boolean", short: "h" };

function parse(args: string[], options: Record<string, OptionSpec>) {
  return parseArgs({
    args,
    options: { ...options, help: HELP },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
}

/** `--help` or `-h` is among `args` (before a `--`): the help is printed, whatever else is there. */
export function asksForHelp(args: string[], options: Record<string, OptionSpec>): boolean {
  return parse(args, options).values.help === true;
}

/**
 * The options and positionals of one command, asked for no help (see asksForHelp). Unknown
 * options, a missing value, a value given to a flag and (unless allowed) positionals become a
 * UsageError naming what was wrong.
 */
export function readArgs(params: {
  args: string[];
  options: Record<string, OptionSpec>;
  positionals?: boolean;
}): ReadArgs {
  const { values, positionals, tokens } = parse(params.args, params.options);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = Object.hasOwn(params.options, token.name)
      ? params.options[token.name]
      : token.name === "help"
        ? HELP
        : undefined;
    if (!option) throw new UsageError(`unknown option ${token.rawName}`);
    const missing =
      token.value === undefined || (!token.inlineValue && token.value.startsWith("--"));
    if (option.type === "string" && missing) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (option.type === "boolean" && token.value !== undefined) {
      throw new UsageError(`${token.rawName} takes no value`);
    }
  }
  if (!params.positionals && positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  return { values, positionals };
}

/** A string option's value (readArgs has checked its type). */
export function stringValue(values: ReadArgs["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** The one line for a mistake in the command line of `command` ("" for the bare command). */
export function usageProblem(command: string, message: string): string {
  const name = command ? `team-factory ${command}` : "team-factory";
  return `${name}: ${message} (see ${name} --help)\n`;
}

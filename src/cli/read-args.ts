/** Command-line options read with `node:util` parseArgs, with `--help` and messages for people. */
import { parseArgs } from "node:util";

/** A mistake in the command line: exit 2 with the message and the command's usage. */
export class UsageError extends Error {}

type OptionSpec = { type: "string" | "boolean"; short?: string };

export interface ReadArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** `--help` or `-h` was given: print the usage and exit 0, whatever else is there. */
  help: boolean;
}

/**
 * The options and positionals of one command. Unknown options, a missing value, a value given
 * to a flag and (unless allowed) positionals become a UsageError naming what was wrong.
 */
export function readArgs(params: {
  args: string[];
  options: Record<string, OptionSpec>;
  positionals?: boolean;
}): ReadArgs {
  const options: Record<string, OptionSpec> = {
    ...params.options,
    help: { type: "boolean", short: "h" },
  };
  const { values, positionals, tokens } = parseArgs({
    args: params.args,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help === true) return { values, positionals, help: true };
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
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
  return { values, positionals, help: false };
}

/** A string option's value (readArgs has checked its type). */
export function stringValue(values: ReadArgs["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

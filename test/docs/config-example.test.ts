import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { schemaFiles } from "../../src/config/json-schemas.ts";
import { loadRepoConfig } from "../../src/config/load-repo-config.ts";
import { CONFIG_PATH, DEFAULT_REPO_CONFIG } from "../../src/config/repo-config.ts";
import { codeBlocks, docSection } from "../support/doc-pages.ts";

// The complete `.github/team-factory.yml` of "Install it on a real repository", read as a newcomer
// copies it: through the app's own loader, every key of the schema in it (set, or commented out
// where the key has no default), each with its comment, every value shown being the default.

/** A commented-out setting: `# key: value`, indented or not, the key nested or not. */
const SETTING = /^(\s*)# (\s*(?:[a-z_]+|[A-Za-z0-9][A-Za-z0-9._:/-]*): .*)$/;

function example(): string {
  const { text } = docSection("Install it on a real repository");
  const blocks = codeBlocks(text, "yaml").filter((b) => b.startsWith(`# ${CONFIG_PATH}`));
  if (blocks.length !== 1)
    throw new Error(`the install steps need one yaml block starting "# ${CONFIG_PATH}"`);
  return blocks[0] as string;
}

/** The example with its commented-out settings (`# key: value`) turned on. */
const uncommented = (yaml: string) =>
  yaml
    .split("\n")
    .map((line) => line.replace(SETTING, "$1$2"))
    .join("\n");

const load = (text: string) =>
  loadRepoConfig({ owner: "acme", repo: "agents", text, fetchText: async () => null });

type Schema = {
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  additionalProperties?: Schema | boolean;
};

/** Every key path of the config's JSON Schema; `*` stands for a key of the user's choosing. */
function keyPaths(schema: Schema, prefix = ""): string[] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([key, sub]) => [
    `${prefix}${key}`,
    ...keyPaths(sub, `${prefix}${key}.`),
  ]);
  const alternatives = (schema.anyOf ?? []).flatMap((sub) => keyPaths(sub, prefix));
  const extra =
    typeof schema.additionalProperties === "object"
      ? keyPaths(schema.additionalProperties, `${prefix}*.`)
      : [];
  return [...new Set([...own, ...alternatives, ...extra])];
}

/** Whether `value` holds the key path (`*`: any key). */
function holds(value: unknown, path: string[]): boolean {
  if (path.length === 0) return true;
  if (typeof value !== "object" || value === null) return false;
  const [head, ...rest] = path as [string, ...string[]];
  const entries = Object.entries(value);
  return head === "*"
    ? entries.some(([, v]) => holds(v, rest))
    : entries.some(([k, v]) => k === head && holds(v, rest));
}

describe("the README's complete .github/team-factory.yml", () => {
  it("loads through the app's loader as the defaults: every value it shows is the default", async () => {
    const result = await load(example());
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.config).toEqual(DEFAULT_REPO_CONFIG);
  });

  it("with its commented-out settings turned on, still loads and holds every key of the schema", async () => {
    const on = uncommented(example());
    expect(on).not.toBe(example());
    const result = await load(on);
    expect(result).toMatchObject({ ok: true });
    const schema = JSON.parse(
      schemaFiles().find((f) => f.path === "schema/team-factory.schema.json")?.content ?? "{}",
    ) as Schema;
    const paths = keyPaths(schema);
    expect(paths.length).toBeGreaterThan(30);
    const value = parse(on) as unknown;
    expect(paths.filter((path) => !holds(value, path.split(".")))).toEqual([]);
  });

  it("gives every setting its comment", () => {
    const bare = example()
      .split("\n")
      .filter(
        (line) => /^\s*(?:# )?[a-z_]+:/.test(line) && !line.replace(SETTING, "$2").includes("#"),
      );
    expect(bare).toEqual([]);
  });
});

// What one integration of the catalogue writes into a team: its module's Python and each tool's
// offline tests. Only our own text and validated identifiers reach this code; no user text does.
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { wrapWords } from "../python.ts";

/** What a tool's tests need besides the test class: a local fake of an HTTP service, … */
export type TestNeed = "http" | "smtp" | "kubernetes" | "aws" | "tempfile";

export type ToolTests = {
  /** Routes the fake HTTP service answers (`"/path": answer`, Python). */
  answers: string[];
  /** Test methods of the test class (Python, indented by four). */
  methods: string;
  needs: TestNeed[];
};

export type ToolCode = {
  /** The tool's Python function, its docstring from the catalogue. */
  python: (tool: CatalogueTool) => string;
  tests: (tool: CatalogueTool) => ToolTests;
};

export type IntegrationCode = {
  /** Its module under `tools/integrations/`. */
  module: string;
  title: string;
  /** The library it imports (`stdlib` for none), and its pip pin. */
  library: "httpx" | "psycopg" | "kubernetes" | "boto3" | "stdlib";
  requirement: string | null;
  doc: string;
  imports: string[];
  /** Names it imports from the package's plumbing (`tools/integrations/__init__.py`). */
  names: string[];
  consts: string;
  /** Python placed before the tools (helpers they share). */
  helpers?: string;
  tools: Record<string, ToolCode>;
};

/** A docstring: the catalogue summary wrapped, what a write tool does in dry run, the variables. */
export function docstring(tool: CatalogueTool, extra: string[] = []): string {
  const reads = tool.settings.map((s) => `${s.env}${s.required ? "" : " (optional)"}`);
  const [first, ...rest] = wrapWords(tool.summary, 80);
  const lines = [
    `"""${first}`,
    ...rest,
    ...(tool.writes
      ? [
          "",
          ...wrapWords(
            "It writes: while its dry_run in config/team_config.yaml is true (the default), it only says what it would do.",
            84,
          ),
        ]
      : []),
    ...(reads.length ? ["", ...wrapWords(`Reads ${reads.join(", ")}.`, 84)] : []),
    ...extra,
    '"""',
  ];
  return lines.map((l) => (l ? `    ${l}\n` : "\n")).join("");
}

/** `    name = require_env(...)` (or `optional_env`) for one variable the tool reads. */
export function read(tool: CatalogueTool, env: string, name: string): string {
  const setting = tool.settings.find((s) => s.env === env);
  if (!setting) throw new Error(`${tool.name} has no setting ${env}`);
  return setting.required
    ? `    ${name} = require_env("${tool.name}", "${env}")\n`
    : `    ${name} = optional_env("${env}")\n`;
}

/** The skip of a test whose library may be missing. */
export const LIBRARY_FLAG: Record<string, string> = {
  httpx: "HAS_HTTPX",
  kubernetes: "HAS_KUBERNETES",
  psycopg: "HAS_PSYCOPG",
  boto3: "HAS_BOTO3",
};

export function skipUnless(library: IntegrationCode["library"]): string {
  const flag = LIBRARY_FLAG[library];
  return flag ? `    @unittest.skipUnless(${flag}, "${library} is not installed")\n` : "";
}

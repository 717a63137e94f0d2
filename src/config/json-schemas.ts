import { z } from "zod";
import { TeamSpec } from "../spec/team-spec.ts";
import { RepoConfig } from "./repo-config.ts";

/** The JSON Schemas published for editors, as `{ path, content }` (relative to the repo root). */
export function schemaFiles(): { path: string; content: string }[] {
  const render = (title: string, schema: z.ZodType, io: "input" | "output") =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io, unrepresentable: "any" }) }, null, 2)}\n`;
  return [
    {
      path: "schema/team-spec.schema.json",
      content: render("Team Factory team spec", TeamSpec, "output"),
    },
    {
      path: "schema/team-factory.schema.json",
      content: render(
        "Team Factory repository config (.github/team-factory.yml)",
        RepoConfig,
        "input",
      ),
    },
  ];
}

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository's root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/** The project's documentation: README.md, then every page of docs/ in name order. */
export function docPages(root = ROOT): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => `docs/${file}`);
  return ["README.md", ...docs];
}

export const readDoc = (path: string, root = ROOT) => readFileSync(join(root, path), "utf8");

/** Markdown with its fenced code blocks blanked (their lines kept, so line numbers hold). */
export function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) =>
    block.replace(/[^\n]/g, ""),
  );
}

/** Each heading of a page: its level, its text and the line it is on. */
export function headings(markdown: string): { level: number; text: string; line: number }[] {
  return withoutCode(markdown)
    .split("\n")
    .flatMap((line, i) => {
      const m = /^(#{1,6}) +(.+?) *#* *$/.exec(line);
      return m ? [{ level: (m[1] as string).length, text: m[2] as string, line: i }] : [];
    });
}

/**
 * The section under the heading `title` (any level), up to the next heading of its level or
 * above, and the page holding it. The heading must be on exactly one page of README.md and docs/:
 * tests read a section wherever it lives.
 */
export function docSection(title: string, root = ROOT): { path: string; text: string } {
  const found = docPages(root).flatMap((path) => {
    const markdown = readDoc(path, root);
    const list = headings(markdown);
    const at = list.findIndex((h) => h.text === title);
    if (at < 0) return [];
    const start = list[at] as { level: number; line: number };
    const end = list.slice(at + 1).find((h) => h.level <= start.level);
    const lines = markdown.split("\n").slice(start.line, end?.line);
    return [{ path, text: lines.join("\n") }];
  });
  if (found.length !== 1)
    throw new Error(
      `the heading "${title}" must be on exactly one page of README.md and docs/ (found ${found.length}: ${found.map((f) => f.path).join(", ")})`,
    );
  return found[0] as { path: string; text: string };
}

/** Code blocks of a language in a page, in order: each one's text. */
export function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map(
    (m) => m[1] as string,
  );
}

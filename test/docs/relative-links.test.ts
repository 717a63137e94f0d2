import { existsSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { docPages, headings, ROOT, readDoc, withoutCode } from "../support/doc-pages.ts";

// A newcomer follows the README into docs/: every relative link of README.md and docs/*.md must
// land on a file or folder that exists and, with a #fragment, on a heading or anchor of that page.

/** GitHub's anchor of a heading (github-slugger): lowercase, punctuation dropped, spaces → -. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a page: its headings' (repeats get -1, -2, …) and any `id`/`name` attribute. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of headings(markdown)) {
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1] as string);
  return anchors;
}

/** Relative link targets of a page, outside code: Markdown links and images, href and src. */
function relativeLinks(markdown: string): string[] {
  const text = withoutCode(markdown).replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string),
    ...[...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] as string),
    ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** What is wrong with each relative link of `page` (a path from `root`); empty when all land. */
function brokenLinks(page: string, root = ROOT): string[] {
  const problems: string[] = [];
  for (const link of relativeLinks(readDoc(page, root))) {
    const [path = "", fragment] = link.split("#", 2);
    const target = path ? normalize(join(dirname(page), decodeURIComponent(path))) : page;
    if (target.startsWith("..") || !existsSync(join(root, target))) {
      problems.push(`${page}: ${link} → no file ${target}`);
      continue;
    }
    if (fragment === undefined) continue;
    if (!target.endsWith(".md") || statSync(join(root, target)).isDirectory()) {
      problems.push(`${page}: ${link} → #${fragment} on a file that is not a Markdown page`);
      continue;
    }
    if (!anchorsOf(readDoc(target, root)).has(fragment))
      problems.push(`${page}: ${link} → ${target} has no heading #${fragment}`);
  }
  return problems;
}

describe("relative links of the README and docs/", () => {
  it("finds links, images and anchors as GitHub does, and no link inside code", () => {
    const page = [
      "# Run in production",
      "## `.github/team-factory.yml`",
      "## Security: what is enforced, where",
      "## Notes",
      "## Notes",
      '<a id="env"></a>',
      "See [the env](configuration.md#environment) and ![shot",
      'over two lines](operator-page-overview.png), [here](#notes-1) <img src="x.png" width="4">.',
      "[ref]: store.md",
      "`[not a link](nowhere.md)`",
      "```md",
      "[not a link](nowhere.md)",
      "```",
      "[out](https://example.com/x.md) [mail](mailto:a@b.c)",
    ].join("\n");
    expect(relativeLinks(page)).toEqual([
      "configuration.md#environment",
      "operator-page-overview.png",
      "#notes-1",
      "store.md",
      "x.png",
    ]);
    expect([...anchorsOf(page)]).toEqual([
      "run-in-production",
      "githubteam-factoryyml",
      "security-what-is-enforced-where",
      "notes",
      "notes-1",
      "env",
    ]);
  });

  it("names a missing file and a missing heading", () => {
    const links = brokenLinks("README.md", join(import.meta.dirname, "fixtures", "broken-links"));
    expect(links).toEqual([
      "README.md: docs/nowhere.md → no file docs/nowhere.md",
      "README.md: docs/page.md#no-such-heading → docs/page.md has no heading #no-such-heading",
      "README.md: #missing → README.md has no heading #missing",
    ]);
  });

  it.each(docPages())("%s: every relative link lands", (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});

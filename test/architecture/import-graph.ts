import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One import of a file under the scanned folder (type-only ones included). */
export interface Import {
  /** The importing file, from the root (`src/pipeline/run-gap.ts`). */
  from: string;
  /** The imported file from the root (`package.json`), or the package as written (`node:fs`). */
  to: string;
  package?: true;
}

/** A folder's name for a file: `src/policy/` for `src/policy/pause.ts`, `src/` for `src/app.ts`. */
export function folderOf(file: string, top = "src"): string {
  const parts = file.split("/");
  return parts.length > 2 && parts[0] === top ? `${top}/${parts[1]}/` : `${top}/`;
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });

/**
 * Every import of every TypeScript file under `root/top`, as TypeScript's own pre-processor reads
 * them: `import`, `import type`, `export … from`, `import()` with a literal, multi-line ones too;
 * text inside strings and template literals (the Python a generator writes) is not an import.
 */
export function readImports(root: string, top = "src"): Import[] {
  const base = join(root, top);
  return sourceFiles(base).flatMap((path) => {
    const from = relative(root, path);
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    return importedFiles.flatMap(({ fileName }): Import[] => {
      if (!fileName.startsWith(".")) return [{ from, to: fileName, package: true }];
      return [{ from, to: relative(root, resolve(dirname(path), fileName)) }];
    });
  });
}

const isFile = (to: string, top: string) => to.startsWith(`${top}/`);

/** The files outside `top` that its files import, but those of `allowed` (package.json). */
export function importsFromOutside(imports: Import[], allowed: string[], top = "src"): string[] {
  return imports
    .filter((i) => !i.package && !isFile(i.to, top) && !allowed.includes(i.to))
    .map(({ from, to }) => `${from} -> ${to}`);
}

/** Folder → folder → the file imports that draw that arrow. */
type FolderGraph = Map<string, Map<string, string[]>>;

export function folderGraph(imports: Import[], top = "src"): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const { from, to } of imports) {
    if (!isFile(to, top)) continue;
    const [a, b] = [folderOf(from, top), folderOf(to, top)];
    if (a === b) continue;
    const arrows = graph.get(a) ?? new Map<string, string[]>();
    arrows.set(b, [...(arrows.get(b) ?? []), `${from} -> ${to}`]);
    graph.set(a, arrows);
  }
  return graph;
}

/** The shortest way from `start` back to itself through the folders of `group`. */
function shortestCycle(graph: FolderGraph, group: string[], start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const folder = queue.shift() as string;
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (!group.includes(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, folder);
      if (next === start) queue.length = 0;
      else queue.push(next);
    }
  }
  const cycle = [start];
  for (let at = cameFrom.get(start) as string; at !== start; at = cameFrom.get(at) as string)
    cycle.unshift(at);
  return [start, ...cycle.slice(0, -1)];
}

/**
 * One cycle for each group of folders that reach one another (a strongly connected component of
 * two or more; every folder cycle lies in one): the shortest through the group's first folder, as
 * its arrows with the file imports that draw each. Break it, and the next one shows.
 */
export function folderCycles(imports: Import[], top = "src"): string[][] {
  const graph = folderGraph(imports, top);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder) as number);
    stack.push(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next))
        low.set(folder, Math.min(low.get(folder) as number, low.get(next) as number));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const group = stack.splice(stack.indexOf(folder));
    if (group.length > 1) groups.push(group.sort());
  };
  for (const folder of graph.keys()) if (!index.has(folder)) visit(folder);
  return groups.map((group) => {
    const cycle = shortestCycle(graph, group, group[0] as string);
    return cycle.map((a, i) => {
      const b = cycle[(i + 1) % cycle.length] as string;
      return `${a} -> ${b}: ${graph.get(a)?.get(b)?.join(", ")}`;
    });
  });
}

/** A rule: no file of the `from` folders may import one of the `to` folders (or packages). */
export interface Never {
  from: string[];
  to: string[];
  why: string;
}

/** The imports that break a rule, each with the rule's reason. */
export function brokenRules(imports: Import[], rules: Never[], top = "src"): string[] {
  return rules.flatMap((rule) =>
    imports
      .filter(({ from, to }) => {
        if (!rule.from.includes(folderOf(from, top))) return false;
        return isFile(to, top)
          ? rule.to.includes(folderOf(to, top)) && folderOf(to, top) !== folderOf(from, top)
          : rule.to.includes(to);
      })
      .map(({ from, to }) => `${from} -> ${to} (${rule.why})`),
  );
}

/**
 * The imports of the pure folders that reach beyond them: a package not on `packages`, or a file
 * of a folder that is not pure itself.
 */
export function impureImports(
  imports: Import[],
  pure: { folders: string[]; packages: string[] },
  top = "src",
): string[] {
  return imports
    .filter(({ from }) => pure.folders.includes(folderOf(from, top)))
    .filter(({ to }) =>
      isFile(to, top) ? !pure.folders.includes(folderOf(to, top)) : !pure.packages.includes(to),
    )
    .map(({ from, to }) => `${from} -> ${to}`);
}

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deflateSync } from "node:zlib";

export type GitObjectType = "blob" | "tree" | "commit";
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}
export interface FileEntry {
  mode: string;
  sha: string;
}
export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  time: number;
}
export interface CommitData {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

/**
 * A git object store in memory that becomes a real bare repository on disk when asked (`onDisk()`):
 * loose objects (zlib of "type size\0body", the format git reads) and refs, written through from
 * then on, so `git -C dir ...` sees the same repository. Most tests never ask: no disk writes.
 */
export class GitStore {
  readonly #dir: string;
  readonly #defaultBranch: string;
  #materialized = false;
  readonly #objects = new Map<string, { type: GitObjectType; body: Buffer }>();
  readonly #refs = new Map<string, string>();

  constructor(params: { dir: string; defaultBranch: string }) {
    this.#dir = params.dir;
    this.#defaultBranch = params.defaultBranch;
  }

  /** The repository's directory, written out on first use and kept in step afterwards. */
  onDisk(): string {
    if (this.#materialized) return this.#dir;
    for (const sub of ["objects", "refs/heads", "refs/tags"]) {
      mkdirSync(join(this.#dir, sub), { recursive: true });
    }
    writeFileSync(join(this.#dir, "HEAD"), `ref: refs/heads/${this.#defaultBranch}\n`);
    writeFileSync(
      join(this.#dir, "config"),
      "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n",
    );
    this.#materialized = true;
    for (const [sha, { type, body }] of this.#objects) this.#writeObject(sha, type, body);
    for (const [name, sha] of this.#refs) this.#writeRef(name, sha);
    return this.#dir;
  }

  write(type: GitObjectType, body: Buffer): string {
    const sha = createHash("sha1").update(`${type} ${body.length}\0`).update(body).digest("hex");
    if (this.#objects.has(sha)) return sha;
    this.#objects.set(sha, { type, body });
    if (this.#materialized) this.#writeObject(sha, type, body);
    return sha;
  }

  #writeObject(sha: string, type: GitObjectType, body: Buffer): void {
    const file = join(this.#dir, "objects", sha.slice(0, 2), sha.slice(2));
    if (existsSync(file)) return;
    mkdirSync(dirname(file), { recursive: true });
    const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
    writeFileSync(file, deflateSync(raw, { level: 1 }));
  }

  #writeRef(name: string, sha: string): void {
    const file = join(this.#dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${sha}\n`);
  }

  read(sha: string): { type: GitObjectType; body: Buffer } | null {
    return this.#objects.get(sha) ?? null;
  }

  writeBlob(content: Buffer | string): string {
    return this.write("blob", Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"));
  }

  writeTree(entries: TreeEntry[]): string {
    const key = (e: TreeEntry) => (e.mode === "40000" ? `${e.name}/` : e.name);
    const sorted = [...entries].sort((a, b) =>
      Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))),
    );
    const parts = sorted.flatMap((e) => [
      Buffer.from(`${e.mode} ${e.name}\0`),
      Buffer.from(e.sha, "hex"),
    ]);
    return this.write("tree", Buffer.concat(parts));
  }

  readTree(sha: string): TreeEntry[] | null {
    const obj = this.read(sha);
    if (obj?.type !== "tree") return null;
    const entries: TreeEntry[] = [];
    let i = 0;
    while (i < obj.body.length) {
      const space = obj.body.indexOf(0x20, i);
      const nul = obj.body.indexOf(0, space);
      entries.push({
        mode: obj.body.toString("utf8", i, space),
        name: obj.body.toString("utf8", space + 1, nul),
        sha: obj.body.toString("hex", nul + 1, nul + 21),
      });
      i = nul + 21;
    }
    return entries;
  }

  writeCommit(commit: CommitData): string {
    const sig = (s: Signature) => `${s.name} <${s.email}> ${s.time} +0000`;
    const lines = [
      `tree ${commit.tree}`,
      ...commit.parents.map((p) => `parent ${p}`),
      `author ${sig(commit.author)}`,
      `committer ${sig(commit.committer)}`,
      "",
      commit.message,
    ];
    return this.write("commit", Buffer.from(lines.join("\n"), "utf8"));
  }

  readCommit(sha: string): CommitData | null {
    const obj = this.read(sha);
    if (obj?.type !== "commit") return null;
    const text = obj.body.toString("utf8");
    const split = text.indexOf("\n\n");
    const head = text.slice(0, split).split("\n");
    const sig = (line: string): Signature => {
      const m = /^\S+ (.*) <(.*)> (\d+) [+-]\d{4}$/.exec(line);
      return { name: m?.[1] ?? "", email: m?.[2] ?? "", time: Number(m?.[3] ?? 0) };
    };
    return {
      tree: head.find((l) => l.startsWith("tree "))?.slice(5) ?? "",
      parents: head.filter((l) => l.startsWith("parent ")).map((l) => l.slice(7)),
      author: sig(head.find((l) => l.startsWith("author ")) ?? ""),
      committer: sig(head.find((l) => l.startsWith("committer ")) ?? ""),
      message: text.slice(split + 2),
    };
  }

  /** Every file under a tree, by path. */
  flatten(
    treeSha: string,
    prefix = "",
    out = new Map<string, FileEntry>(),
  ): Map<string, FileEntry> {
    for (const e of this.readTree(treeSha) ?? []) {
      const path = `${prefix}${e.name}`;
      if (e.mode === "40000") this.flatten(e.sha, `${path}/`, out);
      else out.set(path, { mode: e.mode, sha: e.sha });
    }
    return out;
  }

  /** Writes the nested trees for a flat file map; returns the root tree's sha. */
  buildTree(files: Map<string, FileEntry>): string {
    const root = new Map<string, unknown>();
    for (const [path, entry] of files) {
      const parts = path.split("/");
      let node = root;
      for (const dir of parts.slice(0, -1)) {
        if (!(node.get(dir) instanceof Map)) node.set(dir, new Map());
        node = node.get(dir) as Map<string, unknown>;
      }
      node.set(parts[parts.length - 1], entry);
    }
    const write = (node: Map<string, unknown>): string =>
      this.writeTree(
        [...node].map(([name, v]) =>
          v instanceof Map
            ? { mode: "40000", name, sha: write(v as Map<string, unknown>) }
            : { mode: (v as FileEntry).mode, name, sha: (v as FileEntry).sha },
        ),
      );
    return write(root);
  }

  /** The object at `path` under a tree ("" is the tree itself). */
  lookup(
    treeSha: string,
    path: string,
  ): { type: "blob" | "tree"; sha: string; mode: string } | null {
    let current = { type: "tree" as "blob" | "tree", sha: treeSha, mode: "40000" };
    for (const part of path.split("/").filter(Boolean)) {
      if (current.type !== "tree") return null;
      const entry = this.readTree(current.sha)?.find((e) => e.name === part);
      if (!entry) return null;
      current = {
        type: entry.mode === "40000" ? "tree" : "blob",
        sha: entry.sha,
        mode: entry.mode,
      };
    }
    return current;
  }

  getRef(name: string): string | null {
    return this.#refs.get(name) ?? null;
  }

  refNames(): string[] {
    return [...this.#refs.keys()];
  }

  setRef(name: string, sha: string): void {
    this.#refs.set(name, sha);
    if (this.#materialized) this.#writeRef(name, sha);
  }

  deleteRef(name: string): void {
    this.#refs.delete(name);
    if (this.#materialized) rmSync(join(this.#dir, name), { force: true });
  }
}

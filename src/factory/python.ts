/**
 * Python source built safely by construction: user-derived text becomes a string literal through
 * `pyString` only, identifiers must pass `pyName`, and the layout is what black 23+ and isort
 * (profile black, line length 88) would produce, so generated files pass `black --check`.
 */
import { isIdentifier } from "../spec/slug.ts";

export const LINE_LENGTH = 88;

/** Printable characters kept as they are; everything else becomes an escape sequence. */
const LITERAL = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

function keepsLiteral(char: string, cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  // Below U+1100 nothing is double width; general punctuation (dashes, quotes, …) is narrow too.
  const narrow = (cp >= 0xa0 && cp < 0x1100) || (cp >= 0x2010 && cp <= 0x205e);
  return narrow && LITERAL.test(char);
}

function escapeChar(char: string, quote: string): string {
  if (char === "\\") return "\\\\";
  if (char === quote) return `\\${quote}`;
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  const cp = char.codePointAt(0) ?? 0;
  if (keepsLiteral(char, cp)) return char;
  const hex = cp.toString(16);
  if (cp < 0x100) return `\\x${hex.padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

/**
 * A Python string literal holding exactly `value`. Quotes follow black: double unless single
 * quotes need fewer escapes. Control, format, combining and wide characters are escaped, so the
 * line width is the literal's length on every tool and no character can end the literal.
 */
export function pyString(value: string): string {
  let singles = 0;
  let doubles = 0;
  for (const char of value) {
    if (char === "'") singles++;
    else if (char === '"') doubles++;
  }
  const quote = singles < doubles ? "'" : '"';
  let body = "";
  // for…of walks code points; a lone surrogate arrives alone and is escaped as \udxxx.
  for (const char of value) body += escapeChar(char, quote);
  return `${quote}${body}${quote}`;
}

/** An identifier that passed the strict check (`[a-z][a-z0-9_]*`, not a keyword), or a throw. */
export function pyName(name: string): string {
  if (!isIdentifier(name)) throw new Error(`not a safe Python identifier: ${JSON.stringify(name)}`);
  return name;
}

/** Columns a line takes for flake8 and black: one per code point (all output is narrow). */
export function width(line: string): number {
  let n = 0;
  for (const _ of line) n++;
  return n;
}

/** Running width of a literal as characters are appended (quotes chosen as in `pyString`). */
class LiteralWidth {
  base = 0;
  singles = 0;
  doubles = 0;
  add(char: string): void {
    if (char === "'") this.singles++;
    else if (char === '"') this.doubles++;
    else this.base += escapeChar(char, "").length;
  }
  widthWith(chars: string): number {
    const probe = Object.assign(new LiteralWidth(), this);
    for (const char of chars) probe.add(char);
    return probe.width();
  }
  width(): number {
    const { base, singles, doubles } = this;
    return 2 + base + singles + doubles + Math.min(singles, doubles);
  }
}

/** Split `value` into pieces whose literals each fit `max` columns, breaking after spaces. */
function chunks(value: string, max: number): string[] {
  const words = value.match(/[^ \n]*(?:[ \n]+|$)/g)?.filter((w) => w.length > 0) ?? [];
  const out: string[] = [];
  let current = "";
  let size = new LiteralWidth();
  const flush = () => {
    if (current) out.push(current);
    current = "";
    size = new LiteralWidth();
  };
  for (const word of words) {
    if (size.widthWith(word) > max) {
      flush();
      if (size.widthWith(word) > max) {
        for (const char of word) {
          if (current && size.widthWith(char) > max) flush();
          current += char;
          size.add(char);
        }
        continue;
      }
    }
    current += word;
    for (const char of word) size.add(char);
  }
  if (current || out.length === 0) out.push(current);
  return out;
}

/** `NAME = "text"` as black lays it out: one line, a parenthesised literal, or one per line. */
export function pyAssignString(name: string, value: string, indent = ""): string {
  const literal = pyString(value);
  const head = `${indent}${name} = `;
  if (width(head + literal) <= LINE_LENGTH) return `${head}${literal}\n`;
  const inner = `${indent}    `;
  if (width(inner + literal) <= LINE_LENGTH) return `${head}(\n${inner}${literal}\n${indent})\n`;
  const parts = chunks(value, LINE_LENGTH - width(inner));
  return `${head}(\n${parts.map((p) => `${inner}${pyString(p)}\n`).join("")}${indent})\n`;
}

/** `head("text")`: a call with one string argument as black lays it out. */
export function pyCallString(head: string, value: string, indent = ""): string {
  const literal = pyString(value);
  const line = `${indent}${head}(${literal})`;
  if (width(line) <= LINE_LENGTH) return `${line}\n`;
  const inner = `${indent}    `;
  const parts =
    width(inner + literal) <= LINE_LENGTH ? [value] : chunks(value, LINE_LENGTH - width(inner));
  return `${indent}${head}(\n${parts.map((p) => `${inner}${pyString(p)}\n`).join("")}${indent})\n`;
}

/** Any text (user text too) as adjacent string literals, one per line, each within the limit. */
export function pyStringLines(value: string, indent: string): string {
  return chunks(value, LINE_LENGTH - width(indent) - 1)
    .map((part) => `${indent}${pyString(part)}`)
    .join("\n");
}

/** Our own prose (never user text) wrapped at word boundaries to fit `max` columns. */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && width(`${line} ${word}`) > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A bracketed collection of already-rendered items after `head` (e.g. `SKILLS = `): on one line
 * when it fits, else exploded one item per line with a trailing comma (black's layout).
 */
export function pyCollection(params: {
  head: string;
  open: "(" | "[" | "{";
  items: string[];
  indent?: string;
  tail?: string;
}): string {
  const { head, open, items, indent = "", tail = "" } = params;
  const close = { "(": ")", "[": "]", "{": "}" }[open];
  const oneTuple = open === "(" && items.length === 1 ? "," : "";
  const line = `${indent}${head}${open}${items.join(", ")}${oneTuple}${close}${tail}`;
  if (width(line) <= LINE_LENGTH || items.length === 0) return `${line}\n`;
  const body = items.map((item) => `${indent}    ${item},\n`).join("");
  const tooLong = body.split("\n").find((l) => width(l) > LINE_LENGTH);
  if (tooLong)
    throw new Error(`a collection item does not fit in ${LINE_LENGTH} columns: ${tooLong}`);
  return `${indent}${head}${open}\n${body}${indent}${close}${tail}\n`;
}

/** A tuple of strings, each through `pyString`. */
export function pyStringTuple(name: string, values: readonly string[]): string {
  return pyCollection({ head: `${name} = `, open: "(", items: values.map(pyString) });
}

/** isort's natural order: digit runs compare as numbers (`a2` before `a10`). */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** `from module import a, b` in isort's profile-black layout (names sorted, wrapped at 88). */
export function pyFromImport(module: string, names: readonly string[], indent = ""): string {
  const sorted = [...names].sort(naturalCompare);
  const line = `${indent}from ${module} import ${sorted.join(", ")}`;
  if (width(line) <= LINE_LENGTH) return `${line}\n`;
  const body = sorted.map((n) => `${indent}    ${n},\n`).join("");
  return `${indent}from ${module} import (\n${body}${indent})\n`;
}

// A name used as code: not part of a longer name, an attribute, or an address (`bot@acme.io`).
const usedIn = (body: string, name: string, attribute = false) =>
  new RegExp(`(?<![\\w.@])${name}${attribute ? "\\." : "\\b"}`).test(body);

/**
 * The import lines `body` uses, unused names dropped: `import a.b` stays when `a` appears,
 * `from m import x, y` keeps the names that appear (flake8 refuses unused imports).
 */
export function usedImports(lines: readonly string[], body: string): string[] {
  return lines.flatMap((line) => {
    const from = /^from (\S+) import (.+)$/.exec(line);
    if (!from) {
      const module = /^import (\w+)/.exec(line)?.[1];
      return module && !usedIn(body, module, true) ? [] : [line];
    }
    const names = (from[2] ?? "").split(",").map((n) => n.trim());
    const kept = names.filter((n) => usedIn(body, n.split(" as ").pop() ?? n));
    return kept.length ? [`from ${from[1]} import ${kept.join(", ")}`] : [];
  });
}

/** The names of `names` that `body` uses. */
export function usedNames(names: readonly string[], body: string): string[] {
  return names.filter((n) => usedIn(body, n));
}

/** Team-name and identifier rules shared by the spec and the factory (see the ELF notes). */

export const TEAM_SLUG_PATTERN = /^(?!.*-team-team$)[a-z0-9](?:[a-z0-9]|-(?!-))*-team$/;
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

const PYTHON_KEYWORDS = new Set(
  "false none true and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type".split(
    " ",
  ),
);

/** Lowercase, `[a-z0-9-]` only, hyphens collapsed, trimmed; may be empty. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A valid team slug from any text: ends in `-team` exactly once, 3–50 chars, or null. */
export function toTeamSlug(text: string): string | null {
  let base = slugify(text).replace(/(?:-team)+$/, "");
  base = base.slice(0, 45).replace(/-+$/, "");
  if (base.length === 0) return null;
  const slug = `${base}-team`;
  return TEAM_SLUG_PATTERN.test(slug) && slug.length >= 3 && slug.length <= 50 ? slug : null;
}

/** Python module name for a member role: `[a-z][a-z0-9_]*`, never a keyword, or null. */
export function toModuleName(role: string): string | null {
  let name = role
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\s-]+/g, "_")
    .replace(/[^a-z0-9_]/g, "")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (name.length === 0) return null;
  if (/^[0-9]/.test(name)) name = `m_${name}`;
  name = name.slice(0, 40).replace(/_+$/, "");
  if (PYTHON_KEYWORDS.has(name)) name = `${name}_agent`;
  return IDENTIFIER_PATTERN.test(name) ? name : null;
}

export function isIdentifier(name: string): boolean {
  return IDENTIFIER_PATTERN.test(name) && !PYTHON_KEYWORDS.has(name);
}

/** `data-visualization-team` → `data_visualization_team`; a leading digit gets `team_` first. */
export function packageName(slug: string): string {
  const name = slug.replace(/-/g, "_");
  return /^[0-9]/.test(name) ? `team_${name}` : name;
}

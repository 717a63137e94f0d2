/** Linear-time text clean-up for untrusted input (no regex that can backtrack on long input). */

/** Removes `<!-- ... -->` comments; an unclosed one removes the rest, as a browser would hide it. */
export function stripHtmlComments(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("<!--", from);
    if (open < 0) return out + text.slice(from);
    out += `${text.slice(from, open)} `;
    const close = text.indexOf("-->", open + 4);
    if (close < 0) return out;
    from = close + 3;
  }
}

/** One line of plain text: no comments or control characters, collapsed spaces, cut at a word. */
export function plainText(text: string, max: number): string {
  const flat = stripHtmlComments(text)
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

// Direction overrides and isolates, and the line and paragraph separators: text that displays
// in another order than it reads, or breaks lines where none is seen.
const INVISIBLE_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/**
 * Untrusted text made inert for GitHub Markdown (and harmless in a terminal): no mentions, no
 * HTML tags or comments, no issue references a merge could close, no autolinks, images or
 * inline links, no direction tricks. Zero-width spaces break the syntax without changing what a
 * reader sees.
 */
export function neutralize(text: string): string {
  return text
    .replace(INVISIBLE_CONTROLS, "\uFFFD")
    .replace(/@(?=[A-Za-z0-9_-])/g, "@\u200b")
    .replace(/</g, "<\u200b")
    .replace(/#(?=\d)/g, "#\u200b")
    .replace(/:\/\//g, ":\u200b//")
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`)
    .replace(/!\[/g, "!\u200b[")
    .replace(/\]\(/g, "]\u200b(");
}

/** A value someone typed, quoted for a message: shortened, neutralized, in JSON quotes. */
export function showValue(raw: unknown, max = 60): string {
  const text = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? String(raw));
  return JSON.stringify(neutralize(text.length > max ? `${text.slice(0, max)}…` : text));
}

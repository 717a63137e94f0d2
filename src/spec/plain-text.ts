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

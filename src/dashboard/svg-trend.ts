/**
 * A small inline SVG line of a metric's values (oldest first); a gap where a value is missing,
 * a dashed line at the target. Numbers only: nothing here needs escaping.
 */
export function svgTrend(params: {
  values: (number | null)[];
  target: number;
  label: string;
  width?: number;
  height?: number;
}): string {
  const width = params.width ?? 160;
  const height = params.height ?? 32;
  const known = params.values.filter((v): v is number => v !== null);
  const top = Math.max(params.target, ...known) * 1.1 || 1;
  const x = (i: number) =>
    params.values.length < 2 ? width / 2 : (i / (params.values.length - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 2 - (v / top) * (height - 4);
  const segments: string[][] = [];
  let current: string[] = [];
  params.values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current);
  const lines = segments.map((points) =>
    points.length === 1
      ? `<circle cx="${points[0]?.split(",")[0]}" cy="${points[0]?.split(",")[1]}" r="1.8" fill="#1f6feb"/>`
      : `<polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="${points.join(" ")}"/>`,
  );
  const targetY = y(params.target).toFixed(1);
  const empty =
    known.length === 0
      ? `<text x="${width / 2}" y="${height / 2 + 4}" font-size="10" text-anchor="middle" fill="#888">no data</text>`
      : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${params.label}"><line x1="0" x2="${width}" y1="${targetY}" y2="${targetY}" stroke="#d29922" stroke-dasharray="3 3"/>${lines.join("")}${empty}</svg>`;
}

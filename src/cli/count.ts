/** A number with its noun or phrase agreeing: `1 file`, `2 files`, `1 file differs`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

import type { IncomingMessage } from "node:http";

export type BodyRead = { chunks: Buffer[] } | { refused: "length" | "timeout" | "aborted" };

/**
 * Exactly `length` bytes, kept as the chunks they arrived in (no copy until the signature holds);
 * refused when the sender sends more, or ends early, or has not sent it all within `timeoutMs`.
 */
export function readBody(
  req: IncomingMessage,
  length: number,
  timeoutMs: number,
): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("close", onEnd);
      resolve(result);
    };
    const timer = setTimeout(() => done({ refused: "timeout" }), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > length) done({ refused: "length" });
      else chunks.push(chunk);
    };
    const onEnd = () => done(size === length ? { chunks } : { refused: "aborted" });
    req.on("data", onData).once("end", onEnd).once("close", onEnd);
  });
}

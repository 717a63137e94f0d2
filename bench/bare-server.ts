import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

/**
 * The floor for `webhook_ack_*`: a plain node:http server that reads the body, checks
 * `X-Hub-Signature-256` and answers 200 — no framework. Run as its own process; prints its port.
 */
if (import.meta.main) {
  const secret = process.argv[2] ?? "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const expected = `sha256=${createHmac("sha256", secret).update(Buffer.concat(chunks)).digest("hex")}`;
      const given = String(req.headers["x-hub-signature-256"] ?? "");
      const ok =
        given.length === expected.length &&
        timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      res.writeHead(ok ? 200 : 400).end();
    });
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${(server.address() as { port: number }).port}\n`);
  });
}

/**
 * What a command of the CLI reads and writes besides files: the real process by default, or a
 * test's buffers so that the commands run in the test's own process. The working folder is not
 * part of it: paths are used as given, so messages show them as the person typed them.
 */
export interface CliIo {
  /** Writes text to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** All of standard input, as UTF-8 (read only by `generate --spec -`). */
  readStdin(): Promise<string>;
  /** The environment: OpenAI settings for `plan`, the store's for `scan`. */
  env: Record<string, string | undefined>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Writes to `stream` unless its reader has gone (see endQuietlyOnClosedPipes). */
const writeTo = (stream: NodeJS.WriteStream) => (text: string) => {
  if (!stream.destroyed) stream.write(text);
};

/** The process the CLI runs in: its standard streams and environment. */
export const PROCESS_IO: CliIo = {
  stdout: writeTo(process.stdout),
  stderr: writeTo(process.stderr),
  readStdin: readProcessStdin,
  env: process.env,
};

/**
 * A reader that went away (`team-factory scan --json | head`) ends the output, not the command:
 * the rest is dropped, without an EPIPE stack trace, and the exit code stays the command's.
 */
export function endQuietlyOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

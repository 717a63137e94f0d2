import { mkdtempSync, rmSync, statfsSync } from "node:fs";

// Vitest's global setup: the suite's scratch files (teams written for the Python tools, app
// data, temporary repositories) go to a fresh directory in /dev/shm when it has room: the suite
// writes thousands of small files, several times slower on this machine's disk. Workers and the
// processes they start inherit TMPDIR.
export default function setup(): () => void {
  const shm = (() => {
    try {
      return statfsSync("/dev/shm");
    } catch {
      return null;
    }
  })();
  if (!shm || shm.bavail * shm.bsize < 4 * 2 ** 30) return () => {};
  const dir = mkdtempSync("/dev/shm/team-factory-tests-");
  const was = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (was === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = was;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}

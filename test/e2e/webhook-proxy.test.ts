import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulatorAppEnv } from "../../bench/app-process.ts";
import { freePort } from "../../src/store/embedded-spawn.ts";
import { appsOnSimulator } from "../support/app-processes.ts";

// `npm start` with a WEBHOOK_PROXY_URL nobody answers (smee.io down, a typo, offline).
describe("npm start with an unreachable WEBHOOK_PROXY_URL", () => {
  const apps = appsOnSimulator();

  it("in development keeps serving and says which setting and host it cannot reach", async () => {
    const port = await freePort();
    const app = await apps.start({
      WEBHOOK_PROXY_URL: `http://127.0.0.1:${port}/Zq8secretChannel`,
    });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    for (let i = 0; i < 100 && !/WEBHOOK_PROXY_URL/.test(app.output()); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(app.output()).toContain(
      `WEBHOOK_PROXY_URL: cannot reach the smee channel on 127.0.0.1:${port} (connect ECONNREFUSED`,
    );
    expect(app.output()).toMatch(/retrying in 1 s/);
    expect(app.output()).not.toMatch(/\[object Event\]|Zq8secretChannel/);
  });

  it("in production stops with one line naming the setting and host, exit 1", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(import.meta.dirname, "../../src/main.ts")], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? "",
        HOST: "127.0.0.1",
        PORT: "0",
        NODE_ENV: "production",
        ...simulatorAppEnv(apps.sim()),
        TEAM_FACTORY_DATA_DIR: "memory://",
        WEBHOOK_PROXY_URL: `http://127.0.0.1:${port}/Zq8secretChannel`,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (c) => (stderr += c));
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(1);
    expect(stderr).toBe(
      `team-factory: cannot start: WEBHOOK_PROXY_URL: cannot reach the smee channel on 127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}); check the URL, or unset it where GitHub reaches the app directly\n`,
    );
  });
});

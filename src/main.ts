import { run } from "probot";
import { createApp, defaultDeps } from "./app.ts";
import { TeamFactoryOctokit } from "./github/octokit-options.ts";

// `npm start`: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PROXY_URL, GHE_HOST,
// GHE_PROTOCOL, PORT and HOST come from the environment (and .env), as with `probot run`.
await run(createApp(defaultDeps()), { Octokit: TeamFactoryOctokit });

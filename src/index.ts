import { createApp, defaultDeps } from "./app.ts";

/** The app for `probot run` (its Octokit is Probot's; `npm start` adds rate-limit retries). */
export default createApp(defaultDeps());

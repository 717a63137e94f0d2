import { appFromEnv } from "./compose-from-env.ts";

/** The app for `probot run` (the store and model come from the environment). */
export default appFromEnv;

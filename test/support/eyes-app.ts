import type { ApplicationFunction } from "probot";

/**
 * The first loop in its smallest form: an issue labelled `capability-gap` gets 👀. Team Factory's
 * own app does this through its pipeline; this one checks the simulator ↔ Probot wiring alone.
 */
export const eyesApp: ApplicationFunction = (app) => {
  app.on("issues.labeled", async (context) => {
    if (context.payload.label?.name !== "capability-gap") return;
    await context.octokit.rest.reactions.createForIssue(
      context.issue({ content: "eyes" as const }),
    );
  });
};

/** `probot run test/support/eyes-app.ts` loads the default export. */
export default eyesApp;

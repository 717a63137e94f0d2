/**
 * Preloaded with `node --import`: at exit, writes to standard error a line `loaded modules:`
 * and then each file the process loaded, one a line (file URLs).
 */
import { writeSync } from "node:fs";
import { registerHooks } from "node:module";

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith("file:")) loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => writeSync(2, `loaded modules:\n${[...loaded].join("\n")}\n`));

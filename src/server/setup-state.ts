import { randomBytes, timingSafeEqual } from "node:crypto";

/** The cookie that binds a registration to the browser that started it. */
export const STATE_COOKIE = "tf_setup_state";
/** GitHub's manifest flow must be completed within an hour. */
const STATE_TTL_MS = 60 * 60 * 1000;
/** States kept at once: the oldest go first (each page view makes one). */
const MAX_STATES = 100;

/**
 * The manifest flow's `state`: a random value this process issues with the setup page, sent both
 * to GitHub (which hands it back with the code) and to the browser in an HttpOnly cookie. A
 * callback is taken only when the two match and the state is one this process issued, unused and
 * less than an hour old; each is taken once.
 */
export function createSetupStates(now: () => number = Date.now) {
  const issued = new Map<string, number>();
  return {
    issue(): string {
      const state = randomBytes(24).toString("hex");
      for (const [old, at] of issued)
        if (issued.size >= MAX_STATES || now() - at > STATE_TTL_MS) issued.delete(old);
      issued.set(state, now());
      return state;
    },
    /** The `Set-Cookie` value for `state` (Secure when the browser reaches us over https). */
    cookie(state: string, secure: boolean): string {
      return `${STATE_COOKIE}=${state}; Path=/probot; Max-Age=${STATE_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
    },
    /** True once for a state handed back by GitHub that equals the browser's cookie. */
    take(fromGitHub: string | null, cookieHeader: string | undefined): boolean {
      const fromBrowser = cookieValue(cookieHeader, STATE_COOKIE);
      if (!fromGitHub || !fromBrowser) return false;
      const a = Buffer.from(fromGitHub);
      const b = Buffer.from(fromBrowser);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
      const at = issued.get(fromGitHub);
      issued.delete(fromGitHub);
      return at !== undefined && now() - at <= STATE_TTL_MS;
    },
  };
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

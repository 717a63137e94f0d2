import { randomBytes, verify } from "node:crypto";
import { type Actor, ensureUser, SimError, type SimInstallation, type SimState } from "./state.ts";

export interface TokenStore {
  installation: Map<string, { installationId: number; expiresAt: number }>;
  user: Map<string, string>;
}

export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export function createTokenStore(): TokenStore {
  return { installation: new Map(), user: new Map() };
}

export function issueInstallationToken(
  state: SimState,
  tokens: TokenStore,
  installation: SimInstallation,
): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(18).toString("hex")}`;
  const expiresAt = state.now() + TOKEN_LIFETIME_MS;
  tokens.installation.set(token, { installationId: installation.id, expiresAt });
  return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

export function issueUserToken(tokens: TokenStore, login: string): string {
  const token = `ghu_${randomBytes(18).toString("hex")}`;
  tokens.user.set(token, login);
  return token;
}

const bad = () => new SimError(401, "Bad credentials");

function verifyJwt(state: SimState, jwt: string): Actor {
  const [h, p, s] = jwt.split(".");
  if (!h || !p || !s) throw bad();
  let header: { alg?: string };
  let payload: { iss?: unknown; exp?: unknown; iat?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const app = state.apps.find((a) => String(a.id) === String(payload.iss));
  if (header.alg !== "RS256" || !app) throw bad();
  const ok = verify(
    "RSA-SHA256",
    Buffer.from(`${h}.${p}`),
    app.publicKey,
    Buffer.from(s, "base64url"),
  );
  if (!ok) throw new SimError(401, "A JSON web token could not be decoded");
  const now = Math.floor(state.now() / 1000);
  const exp = Number(payload.exp);
  if (!Number.isFinite(exp) || exp <= now) {
    throw new SimError(
      401,
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (exp > now + 600 + 60) {
    throw new SimError(401, "'Expiration time' claim ('exp') is too far in the future");
  }
  return { kind: "app", user: app.bot, app };
}

/** Who the Authorization header names; null when there is none. Throws 401 for a bad one. */
export function authenticate(
  state: SimState,
  tokens: TokenStore,
  header: string | undefined,
): Actor | null {
  if (!header) return null;
  const m = /^(bearer|token)\s+(\S+)$/i.exec(header.trim());
  if (!m) throw bad();
  const credential = m[2];
  if (credential.split(".").length === 3) return verifyJwt(state, credential);
  const inst = tokens.installation.get(credential);
  if (inst) {
    if (inst.expiresAt <= state.now()) throw bad();
    const installation = state.installations.find((i) => i.id === inst.installationId);
    const app = state.apps[0];
    if (!installation || !app) throw bad();
    return { kind: "installation", user: app.bot, app, installation };
  }
  const login = tokens.user.get(credential);
  if (login) return { kind: "user", user: ensureUser(state, login) };
  throw bad();
}

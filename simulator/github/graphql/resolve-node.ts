import { canSee, SimError, type SimRepo } from "../state.ts";
import { decodeRefId } from "./git-objects.ts";
import type { GqlContext } from "./objects.ts";

/** Mutation inputs name things by node id or name; these find them or fail as GitHub does. */

export function node<T>(ctx: GqlContext, id: string, kinds: string[]): { repo: SimRepo; value: T } {
  const found = ctx.state.nodes.get(id);
  if (!found?.repo || !kinds.includes(found.kind) || !canSee(ctx.actor, found.repo)) {
    throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
  }
  return { repo: found.repo, value: found.value as T };
}

export function repoById(ctx: GqlContext, id: string): SimRepo {
  const repo = [...ctx.state.repos.values()].find((r) => r.nodeId === id);
  if (!repo || !canSee(ctx.actor, repo))
    throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
  return repo;
}

export function repoByName(ctx: GqlContext, nameWithOwner: string): SimRepo {
  const repo = ctx.state.repos.get(nameWithOwner.toLowerCase());
  if (!repo || !canSee(ctx.actor, repo))
    throw new SimError(404, `Could not resolve to a Repository with the name '${nameWithOwner}'.`);
  return repo;
}

export function refFromId(ctx: GqlContext, id: string): { repo: SimRepo; name: string } {
  const decoded = decodeRefId(id);
  const repo = decoded && [...ctx.state.repos.values()].find((r) => r.id === decoded.repoId);
  if (!decoded || !repo || !canSee(ctx.actor, repo) || !repo.git.getRef(decoded.name)) {
    throw new SimError(404, `Could not resolve to a node with the global id of '${id}'`);
  }
  return { repo, name: decoded.name };
}

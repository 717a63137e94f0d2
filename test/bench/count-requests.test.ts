import { describe, expect, it } from "vitest";
import { countRequests, type LoggedRequest } from "../../bench/count-requests.ts";

const rest = (method: string, operationId: string): LoggedRequest => ({
  method,
  path: "/x",
  operationId,
  status: 200,
});
const graphql = (operation: "query" | "mutation", name: string): LoggedRequest => ({
  method: "POST",
  path: "/graphql",
  graphql: { operation, name, fields: [] },
  status: 200,
});

describe("countRequests", () => {
  it("counts the critical path and reports token, reactions and progress comments apart", () => {
    const counts = countRequests([
      rest("POST", "apps/create-installation-access-token"),
      rest("POST", "reactions/create-for-issue"),
      rest("GET", "repos/get-collaborator-permission-level"),
      graphql("query", "TeamFactoryContext"),
      rest("POST", "issues/create-comment"),
      graphql("mutation", "TeamFactoryPublish"),
      graphql("mutation", "TeamFactoryLabel"),
      rest("PATCH", "issues/update-comment"),
      rest("POST", "reactions/create-for-issue"),
    ]);
    expect(counts).toEqual({
      counted: 4,
      token: 1,
      reactions: 2,
      progress: 2,
      total: 9,
      names: [
        "GET repos/get-collaborator-permission-level",
        "query TeamFactoryContext",
        "mutation TeamFactoryPublish",
        "mutation TeamFactoryLabel",
      ],
    });
  });

  it("counts every request of the seed's way, one per file among them", () => {
    const files = Array.from({ length: 7 }, () =>
      rest("PUT", "repos/create-or-update-file-contents"),
    );
    const counts = countRequests([
      rest("GET", "repos/get-branch"),
      rest("POST", "git/create-ref"),
      ...files,
      rest("POST", "pulls/create"),
      rest("POST", "issues/add-labels"),
    ]);
    expect(counts.counted).toBe(11);
    expect(counts.names.filter((n) => n.includes("create-or-update-file"))).toHaveLength(7);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCapabilityGaps, sqlGapQuery } from "../../src/scan/find-capability-gaps.ts";
import { openTestDatabase, type TestDatabase } from "../support/test-database.ts";

// The function samples a skill needed by more than 5,000 tasks differently from a rarer one.
describe("the task sample of a gap", () => {
  let t: TestDatabase;
  let db: TestDatabase["db"];
  beforeAll(async () => {
    t = await openTestDatabase();
    db = t.db;
    await db.query(
      "insert into pm_projects (id, name, priority) values (gen_random_uuid(), 'P', 'low')",
    );
    await db.query(
      `insert into pm_tasks (project_id, title, status, required_skills)
       select (select id from pm_projects), 'common ' || i, 'ready',
              case when i <= 7 then array['Common', 'rare '] else array['common'] end
       from generate_series(1, 6001) i`,
    );
  });
  afterAll(() => t?.close());

  it.each([
    ["common", 6001],
    ["rare", 7],
  ])(
    "holds only tasks that need %s, with their titles, next to the exact count",
    async (skill, count) => {
      const { gaps } = await findCapabilityGaps({ query: sqlGapQuery(db), idsCap: 5 });
      const gap = gaps.find((g) => g.skill === skill);
      expect(gap?.taskCount).toBe(count);
      expect(gap?.tasks).toHaveLength(5);
      const { rows } = await db.query<{ title: string }>(
        `select title from pm_tasks
       where id = any($1::uuid[]) and $2 = any(array(select lower(btrim(s)) from unnest(required_skills) s))
       order by array_position($1::uuid[], id)`,
        [gap?.tasks.map((t) => t.id), skill],
      );
      expect(rows.map((r) => r.title)).toEqual(gap?.tasks.map((t) => t.title));
    },
  );
});

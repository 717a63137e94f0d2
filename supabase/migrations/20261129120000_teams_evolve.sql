-- Teams that evolve (issue 17): a reopened team PR moves its gap back to pr-open, gaps are found
-- by their pull request (`/regenerate` on a team PR), and the skills of teams whose PR is open
-- count as covered for the task scan.

-- Allowed moves. What issue 17 needs: a PR closed without merging leaves its gap rejected, and a
-- reopened PR moves it back to pr-open (rejected → pr-open), also when it was closed while its gap
-- was publishing. The other moves restate migration 20261129100000 (issue 13: the state machine
-- accepts what GitHub did). A merged gap stays final.
create or replace function tf_gap_next_states(p_state text)
returns text[]
language sql
immutable
as $$
  select case p_state
    when 'received' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'planned' then array['planned', 'awaiting-approval', 'publishing', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'awaiting-approval' then array['awaiting-approval', 'planned', 'publishing', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'publishing' then array['pr-open', 'planned', 'failed', 'merged', 'closed', 'rejected']
    when 'pr-open' then array['pr-open', 'planned', 'merged', 'closed', 'rejected', 'failed']
    when 'closed' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'rejected' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'failed' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    else array[]::text[]
  end
$$;

create index if not exists tf_gaps_repo_pr_idx on tf_gaps (lower(repo), pr_number) where pr_number is not null;

-- The gap whose pull request this is (the latest one to record it).
create or replace function tf_find_gap_by_pull_request(p_repo text, p_pr_number int)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select to_jsonb(g) from tf_gaps g
  where lower(g.repo) = lower(p_repo) and g.pr_number = p_pr_number
  order by g.updated_at desc
  limit 1
$$;

-- Skills of the teams whose PR is open in a repository (in flight: the scan counts them as
-- covered), each with the lowest such PR number, compared as tf_normalize_skill writes them.
create or replace function tf_in_flight_skills(p_repo text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object('skill', s.skill, 'pr_number', s.pr_number) order by s.skill), '[]'::jsonb)
  from (
    select tf_normalize_skill(x.skill) as skill, min(g.pr_number) as pr_number
    from tf_gaps g
    cross join lateral (
      select jsonb_array_elements_text(case when jsonb_typeof(g.spec->'skills') = 'array' then g.spec->'skills' else '[]'::jsonb end)
      union
      select jsonb_array_elements_text(case when jsonb_typeof(m->'skills') = 'array' then m->'skills' else '[]'::jsonb end)
      from jsonb_array_elements(case when jsonb_typeof(g.spec->'members') = 'array' then g.spec->'members' else '[]'::jsonb end) m
    ) as x(skill)
    where lower(g.repo) = lower(p_repo) and g.state = 'pr-open' and g.pr_number is not null
    group by 1
  ) s
  where s.skill <> ''
$$;

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_gap_next_states', 'tf_find_gap_by_pull_request', 'tf_in_flight_skills') loop
    execute format('revoke execute on function %s from public', f.sig);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke execute on function %s from anon, authenticated', f.sig);
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', f.sig);
    end if;
  end loop;
end
$$;

insert into tf_schema_migrations (version, name) values ('20261129120000', 'teams_evolve')
on conflict (version) do nothing;

-- Capability-gap scan over project tasks (issue 7).
-- The two task tables follow the ELF Automations schema. They are created only when missing, so a
-- Supabase project that already has them keeps them as they are. `assigned_team`/`owner_team`
-- carry no foreign key, so the tables also work next to a registry that lives elsewhere. Tables
-- created here get row level security and no policy: Supabase's anon and authenticated API keys
-- cannot read them (the owner and the service role can).

do $tables$
begin
  if to_regclass('pm_projects') is null then
    create table pm_projects (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text,
      status text not null default 'active'
        check (status in ('planning', 'active', 'on_hold', 'completed', 'cancelled')),
      priority text not null default 'medium' check (priority in ('critical', 'high', 'medium', 'low')),
      owner_team uuid,
      start_date date,
      due_date date,
      metadata jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table pm_projects enable row level security;
  end if;

  if to_regclass('pm_tasks') is null then
    create table pm_tasks (
      id uuid primary key default gen_random_uuid(),
      project_id uuid references pm_projects (id) on delete cascade,
      title text not null,
      description text,
      task_type text,
      status text not null default 'pending'
        check (status in ('pending', 'ready', 'in_progress', 'blocked', 'review', 'completed', 'cancelled')),
      assigned_team uuid,
      assigned_agent text,
      priority integer not null default 3 check (priority between 1 and 5),
      complexity text,
      due_date date,
      required_skills text[] not null default '{}',
      metadata jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table pm_tasks enable row level security;
  end if;
end
$tables$;

-- The scan reads only ready, unassigned tasks: a small partial index that also carries what the
-- scan needs, so Postgres can answer from the index alone after a vacuum.
create index if not exists pm_tasks_ready_unassigned_idx
  on pm_tasks (id) include (project_id, required_skills)
  where status = 'ready' and assigned_team is null;
create index if not exists pm_tasks_project_id_idx on pm_tasks (project_id);

-- A skill as `normalizeSkill` in src/spec writes it: no markdown marks, whitespace collapsed,
-- trimmed, lowercase. Inlined by the planner (immutable SQL).
create or replace function tf_normalize_skill(p_skill text)
returns text
language sql
immutable
parallel safe
as $fn$
  select lower(btrim(regexp_replace(translate(p_skill, '`*_', ''), '\s+', ' ', 'g')))
$fn$;

-- Skills needed by at least p_min_tasks ready, unassigned tasks and covered by no active team,
-- compared as tf_normalize_skill writes them. Each row carries the exact task and project counts,
-- a sample of up to p_ids_cap task ids and titles, and up to 20 project names (most tasks first).
-- Table names are plain identifiers in the public schema, checked, then quoted with %I.
create or replace function find_capability_gaps(
  p_min_tasks int default 3,
  p_tasks_table text default 'pm_tasks',
  p_projects_table text default 'pm_projects',
  p_limit int default 100,
  p_ids_cap int default 50
)
returns table (
  skill text,
  task_count bigint,
  task_ids text[],
  task_titles text[],
  project_count bigint,
  project_names text[],
  urgency text
)
language plpgsql
stable
set search_path = public, pg_temp
set jit = off
as $fn$
declare
  v_name_pattern constant text := '^[a-z_][a-z0-9_]{0,62}$';
  v_covered text := 'select null::text as skill where false';
begin
  if p_tasks_table is null or p_tasks_table !~ v_name_pattern then
    raise exception 'find_capability_gaps: tasks table % is not a plain lowercase table name', quote_literal(coalesce(p_tasks_table, 'null'))
      using errcode = '22023', hint = 'Use a name like pm_tasks: a-z, 0-9 and _, at most 63 characters.';
  end if;
  if p_projects_table is null or p_projects_table !~ v_name_pattern then
    raise exception 'find_capability_gaps: projects table % is not a plain lowercase table name', quote_literal(coalesce(p_projects_table, 'null'))
      using errcode = '22023', hint = 'Use a name like pm_projects: a-z, 0-9 and _, at most 63 characters.';
  end if;
  if p_min_tasks is null or p_min_tasks < 1 or p_limit is null or p_limit < 1 or p_ids_cap is null or p_ids_cap < 0 then
    raise exception 'find_capability_gaps: p_min_tasks and p_limit must be at least 1, p_ids_cap at least 0'
      using errcode = '22023';
  end if;
  -- The team registry is optional: without it no skill counts as covered.
  if to_regclass('team_members') is not null and to_regclass('teams') is not null then
    v_covered := $c$
      select distinct tf_normalize_skill(s) as skill
      from team_members m
      join teams t on t.id = m.team_id
      cross join lateral unnest(m.skills) as s
      where coalesce(t.status, 'active') = 'active'
    $c$;
  end if;

  -- Counts and projects come from a small (skill, project) aggregate. The task sample avoids
  -- sorting: a common skill takes its first rows from a bounded scan, a rare one is collected in a
  -- single pass; titles are looked up by id for the sample only.
  return query execute format($q$
    with need as materialized (
      select t.id, t.project_id, s.skill
      from %1$I t
      cross join lateral (
        select distinct tf_normalize_skill(x) as skill from unnest(t.required_skills) as x
      ) s
      where t.status = 'ready' and t.assigned_team is null and s.skill <> ''
    ),
    covered as (%3$s),
    per_project as (
      select n.skill, n.project_id, count(*) as n
      from need n
      where n.skill not in (select c.skill from covered c where c.skill is not null)
      group by n.skill, n.project_id
    ),
    gaps as (
      select
        pp.skill,
        sum(pp.n)::bigint as task_count,
        count(pp.project_id) as project_count,
        (array_agg(p.name order by pp.n desc, p.name) filter (where p.name is not null))[1:20]
          as project_names,
        coalesce(bool_or(p.priority = 'critical'), false) as critical
      from per_project pp
      left join %2$I p on p.id = pp.project_id
      group by pp.skill
      having sum(pp.n) >= $1
      order by critical desc, task_count desc, pp.skill
      limit $2
    ),
    rare as (
      select n.skill, (array_agg(n.id))[1:$3] as ids
      from need n
      where n.skill in (select g.skill from gaps g where g.task_count <= 5000)
      group by n.skill
    ),
    samples as (
      select g.skill, coalesce(r.ids, c.ids, '{}') as ids
      from gaps g
      left join rare r on r.skill = g.skill
      cross join lateral (
        select array_agg(x.id) as ids
        from (select n.id from need n where g.task_count > 5000 and n.skill = g.skill limit $3) x
      ) c
    )
    select g.skill, g.task_count,
           array(select u.id::text from unnest(s.ids) with ordinality u(id, o) order by u.o),
           array(
             select coalesce(t.title, '') from unnest(s.ids) with ordinality u(id, o)
             left join %1$I t on t.id = u.id order by u.o
           ),
           g.project_count, coalesce(g.project_names, '{}'),
           case when g.critical then 'high' else 'medium' end
    from gaps g
    join samples s on s.skill = g.skill
    order by g.critical desc, g.task_count desc, g.skill
  $q$, p_tasks_table, p_projects_table, v_covered)
  using p_min_tasks, p_limit, p_ids_cap;
end
$fn$;

-- The same rows as one JSON array, for the store's function caller (pg, PGlite and Supabase RPC
-- alike: one value per call, never a PostgREST page).
create or replace function tf_find_capability_gaps(
  p_min_tasks int default 3,
  p_tasks_table text default 'pm_tasks',
  p_projects_table text default 'pm_projects',
  p_limit int default 100,
  p_ids_cap int default 50
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $fn$
  select coalesce(jsonb_agg(to_jsonb(g)), '[]'::jsonb)
  from find_capability_gaps(p_min_tasks, p_tasks_table, p_projects_table, p_limit, p_ids_cap) g
$fn$;

-- Task titles are not for every API key: only the service role (Supabase) or the owner may call it.
do $grants$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('find_capability_gaps', 'tf_find_capability_gaps', 'tf_normalize_skill') loop
    execute format('revoke execute on function %s from public', f.sig);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke execute on function %s from anon, authenticated', f.sig);
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', f.sig);
    end if;
  end loop;
end
$grants$;

comment on function find_capability_gaps(int, text, text, int, int) is
  'Team Factory: skills needed by >= p_min_tasks ready, unassigned tasks that no active team covers.';

insert into tf_schema_migrations (version, name) values ('20261123090000', 'capability_scan')
on conflict (version) do nothing;

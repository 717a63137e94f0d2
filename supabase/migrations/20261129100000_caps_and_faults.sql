-- Caps and faults (issue 13): the gap state machine accepts what GitHub did, jobs are claimed one
-- gap at a time across replicas with short leases that their runner renews, and the task scan reads
-- only the projects mapped to the repository it scans.

-- A pull request the app opened may be merged or closed whatever the gap is doing (a re-trigger in
-- flight, a crash mid-publish, a failed update), and a gap whose PR exists is recorded pr-open from
-- any state but merged. A merged gap stays final.
create or replace function tf_gap_next_states(p_state text)
returns text[]
language sql
immutable
as $$
  select case p_state
    when 'received' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'planned' then array['planned', 'awaiting-approval', 'publishing', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'awaiting-approval' then array['awaiting-approval', 'planned', 'publishing', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'publishing' then array['pr-open', 'planned', 'failed', 'merged', 'closed']
    when 'pr-open' then array['pr-open', 'planned', 'merged', 'closed', 'rejected', 'failed']
    when 'closed' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'rejected' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    when 'failed' then array['planned', 'rejected', 'failed', 'pr-open', 'merged', 'closed']
    else array[]::text[]
  end
$$;

-- Jobs: a lane (the repository) so a replica can leave the lanes it is busy with to others, and
-- indexes for the running jobs a claim looks at.
alter table tf_jobs add column if not exists lane text;
create index if not exists tf_jobs_running_gap_idx on tf_jobs (gap_key) where status = 'running';

drop function if exists tf_enqueue_job(text, text, jsonb, text, int, timestamptz);
create or replace function tf_enqueue_job(
  p_delivery_id text,
  p_kind text,
  p_payload jsonb,
  p_gap_key text default null,
  p_max_attempts int default 5,
  p_lane text default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
begin
  if coalesce(p_delivery_id, '') = '' or coalesce(p_kind, '') = '' or p_payload is null then
    raise exception 'tf_enqueue_job: delivery id, kind and payload are required' using errcode = '22023';
  end if;
  -- The delivery is recorded in the same transaction, so "seen" and "queued" cannot drift apart.
  insert into tf_deliveries (delivery_id, event, received_at) values (p_delivery_id, p_kind, p_now)
  on conflict (delivery_id) do nothing;
  insert into tf_jobs (delivery_id, kind, gap_key, lane, payload, max_attempts, available_at, created_at, updated_at)
  values (p_delivery_id, p_kind, p_gap_key, p_lane, p_payload, greatest(coalesce(p_max_attempts, 5), 1), p_now, p_now, p_now)
  on conflict (delivery_id) do nothing
  returning id into v_id;
  if v_id is not null then
    return jsonb_build_object('id', v_id, 'created', true);
  end if;
  select id into v_id from tf_jobs where delivery_id = p_delivery_id;
  return jsonb_build_object('id', v_id, 'created', false);
end
$$;

-- The oldest job that is queued and due, or running with an expired lease (its worker died), and
-- whose gap no live worker is running: one job per gap at a time across every replica. Lanes in
-- p_skip_lanes (a JSON array: the repositories this worker is busy with) are left to others.
-- Claims take a transaction-scoped advisory lock, so two claims never both see a gap as free.
drop function if exists tf_claim_job(text, int, timestamptz);
create or replace function tf_claim_job(
  p_owner text,
  p_lease_seconds int default 30,
  p_skip_lanes jsonb default '[]'::jsonb,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_job tf_jobs;
  v_skip text[];
begin
  if coalesce(p_owner, '') = '' or p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'tf_claim_job: owner and a lease of at least 1 second are required' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_skip_lanes, '[]'::jsonb)) <> 'array' then
    raise exception 'tf_claim_job: skip lanes must be a JSON array of strings' using errcode = '22023';
  end if;
  select coalesce(array_agg(x), '{}') into v_skip
  from jsonb_array_elements_text(coalesce(p_skip_lanes, '[]'::jsonb)) x;
  perform pg_advisory_xact_lock(7361626, 1);
  select * into v_job from tf_jobs j
  where ((j.status = 'queued' and j.available_at <= p_now)
      or (j.status = 'running' and j.lease_until <= p_now))
    and (j.lane is null or not (j.lane = any (v_skip)))
    and (j.gap_key is null or not exists (
      select 1 from tf_jobs r
      where r.gap_key = j.gap_key and r.status = 'running' and r.lease_until > p_now and r.id <> j.id))
  order by j.id
  limit 1
  for update skip locked;
  if not found then
    return null;
  end if;
  update tf_jobs set status = 'running', owner = p_owner, attempts = attempts + 1,
    lease_until = p_now + make_interval(secs => p_lease_seconds), updated_at = p_now
  where id = v_job.id
  returning * into v_job;
  return to_jsonb(v_job);
end
$$;

-- The heartbeat of a running job: its owner extends the lease; false when the job is no longer
-- this owner's (another worker took it over, or it ended).
create or replace function tf_renew_job_lease(
  p_id bigint,
  p_owner text,
  p_lease_seconds int default 30,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'tf_renew_job_lease: a lease of at least 1 second is required' using errcode = '22023';
  end if;
  update tf_jobs set lease_until = p_now + make_interval(secs => p_lease_seconds), updated_at = p_now
  where id = p_id and owner = p_owner and status = 'running';
  return found;
end
$$;

-- Scan tenancy: a project belongs to one repository (`owner/name`, compared without case); the
-- scan of a repository reads only its projects' tasks. Existing tables gain the column.
do $tenancy$
begin
  if to_regclass('pm_projects') is not null then
    alter table pm_projects add column if not exists repository text;
    create index if not exists pm_projects_repository_idx
      on pm_projects (lower(repository)) where repository is not null;
  end if;
  if to_regclass('pm_tasks') is not null then
    -- What one repository's scan reads, answered from the index alone after a vacuum.
    create index if not exists pm_tasks_ready_by_project_idx
      on pm_tasks (project_id) include (id, required_skills)
      where status = 'ready' and assigned_team is null;
  end if;
end
$tenancy$;

-- The gap scan of one repository's projects (p_repo), or of every task (p_repo null: the operator's
-- whole-table view). Same rules and rows as find_capability_gaps (capability_scan migration).
create or replace function find_capability_gaps_in(
  p_repo text,
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
  v_tasks text;
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
  if p_repo is not null and not exists (
    select 1 from information_schema.columns c
    where c.table_schema = 'public' and c.table_name = p_projects_table and c.column_name = 'repository'
  ) then
    raise exception 'the projects table % has no repository column, so no task belongs to a repository', p_projects_table
      using errcode = '42703',
        hint = format('Add it (alter table %I add column repository text) and set it to owner/name on each project the repository works on.', p_projects_table);
  end if;
  if to_regclass('team_members') is not null and to_regclass('teams') is not null then
    v_covered := $c$
      select distinct tf_normalize_skill(s) as skill
      from team_members m
      join teams t on t.id = m.team_id
      cross join lateral unnest(m.skills) as s
      where coalesce(t.status, 'active') = 'active'
    $c$;
  end if;
  -- One repository: its projects first (an index on lower(repository)), then their ready tasks
  -- (an index on project_id), so the cost follows the repository's tasks, not the table's.
  v_tasks := case when p_repo is null
    then format('select t.id, t.project_id, t.required_skills from %I t where t.status = ''ready'' and t.assigned_team is null', p_tasks_table)
    else format('select t.id, t.project_id, t.required_skills from %2$I p join %1$I t on t.project_id = p.id where lower(p.repository) = lower($4) and t.status = ''ready'' and t.assigned_team is null', p_tasks_table, p_projects_table)
  end;

  return query execute format($q$
    with need as materialized (
      select t.id, t.project_id, s.skill
      from (%4$s) t
      cross join lateral (
        select distinct tf_normalize_skill(x) as skill from unnest(t.required_skills) as x
      ) s
      where s.skill <> ''
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
  $q$, p_tasks_table, p_projects_table, v_covered, v_tasks)
  using p_min_tasks, p_limit, p_ids_cap, p_repo;
end
$fn$;

-- The whole-table scan (the operator's view, `team-factory scan` without --repo) is the same
-- function without a repository: one copy of the rules.
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
language sql
stable
set search_path = public, pg_temp
as $fn$
  select * from find_capability_gaps_in(null, p_min_tasks, p_tasks_table, p_projects_table, p_limit, p_ids_cap)
$fn$;

-- One repository's gaps for the store's function caller, with how many projects the repository
-- has (none: nothing is mapped to it, and the scan says so).
create or replace function tf_find_repo_capability_gaps(
  p_repo text,
  p_min_tasks int default 3,
  p_tasks_table text default 'pm_tasks',
  p_projects_table text default 'pm_projects',
  p_limit int default 100,
  p_ids_cap int default 50
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $fn$
declare
  v_projects bigint;
  v_gaps jsonb;
begin
  if coalesce(btrim(p_repo), '') = '' then
    raise exception 'tf_find_repo_capability_gaps: the repository (owner/name) is required' using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(to_jsonb(g)), '[]'::jsonb) into v_gaps
  from find_capability_gaps_in(p_repo, p_min_tasks, p_tasks_table, p_projects_table, p_limit, p_ids_cap) g;
  execute format('select count(*) from %I where lower(repository) = lower($1)', p_projects_table)
    into v_projects using p_repo;
  return jsonb_build_object('projects', v_projects, 'gaps', v_gaps);
end
$fn$;

do $grants$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_gap_next_states', 'tf_enqueue_job', 'tf_claim_job', 'tf_renew_job_lease',
        'find_capability_gaps', 'find_capability_gaps_in', 'tf_find_repo_capability_gaps') loop
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

insert into tf_schema_migrations (version, name) values ('20261129100000', 'caps_and_faults')
on conflict (version) do nothing;

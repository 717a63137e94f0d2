-- Gaps from failures and unhandled requests (issue 27): other systems record signals in
-- gap_signals (directly, or through POST /team-factory/signals), the scan weighs them per skill
-- over a window beside the blocked or cancelled tasks of the repository, and the backtest reads the
-- history of tasks, signals, gaps and registered teams grouped per repository, skill and day.

-- One row per signal, tenant-scoped by repository (`owner/name`, compared without case) like the
-- projects of the task scan. The client's id makes a replay count once: the primary key is the
-- repository and the id, so `insert … on conflict do nothing` keeps the first copy.
create table if not exists gap_signals (
  repository text not null check (repository ~ '^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$'),
  repo_key text generated always as (lower(repository)) stored,
  id text not null default gen_random_uuid()::text check (char_length(id) between 1 and 200),
  kind text not null check (kind in ('unhandled-request', 'task-failed')),
  skill text not null check (char_length(skill) between 1 and 100),
  source text not null default 'sql' check (char_length(source) between 1 and 100),
  detail text not null default '' check (char_length(detail) <= 2000),
  occurred_at timestamptz not null default now(),
  received_at timestamptz not null default now(),
  primary key (repo_key, id)
);
create index if not exists gap_signals_repo_time_idx on gap_signals (repo_key, occurred_at);
create index if not exists gap_signals_time_idx on gap_signals (occurred_at);
alter table gap_signals enable row level security;

-- The ELF task table says why a task is blocked in blocker_description; a table the scan
-- migration created gains it, so the same query reads both.
do $tasks$
begin
  if to_regclass('pm_tasks') is not null then
    alter table pm_tasks add column if not exists blocker_description text;
    create index if not exists pm_tasks_failed_by_project_idx
      on pm_tasks (project_id, updated_at) where status in ('blocked', 'cancelled');
  end if;
end
$tasks$;

-- Skills some active team of the registry covers, as tf_normalize_skill writes them (none
-- without a registry).
create or replace function tf_covered_skills()
returns setof text
language plpgsql
stable
set search_path = public, pg_temp
as $fn$
begin
  if to_regclass('team_members') is null or to_regclass('teams') is null then
    return;
  end if;
  return query
    select distinct tf_normalize_skill(s)
    from team_members m
    join teams t on t.id = m.team_id
    cross join lateral unnest(m.skills) as s
    where coalesce(t.status, 'active') = 'active';
end
$fn$;

-- The select list of a task table's failures (`id, project_id, title, skills, reason, at`), or
-- null when the table cannot say why a task failed (no blocker_description nor metadata) or when
-- (no updated_at). A task counts when it is blocked or cancelled with a reason.
create or replace function tf_failed_tasks_sql(p_tasks_table text)
returns text
language plpgsql
stable
set search_path = public, pg_temp
as $fn$
declare
  v_cols text[];
  v_reason text;
begin
  select array_agg(c.column_name::text) into v_cols from information_schema.columns c
  where c.table_schema = 'public' and c.table_name = p_tasks_table;
  if v_cols is null or not ('updated_at' = any (v_cols)) then
    return null;
  end if;
  v_reason := case
    when 'blocker_description' = any (v_cols) and 'metadata' = any (v_cols)
      then 'coalesce(nullif(btrim(t.blocker_description), ''''), nullif(btrim(t.metadata->>''reason''), ''''))'
    when 'blocker_description' = any (v_cols) then 'nullif(btrim(t.blocker_description), '''')'
    when 'metadata' = any (v_cols) then 'nullif(btrim(t.metadata->>''reason''), '''')'
  end;
  if v_reason is null then
    return null;
  end if;
  return format(
    'select t.id::text as id, t.project_id, coalesce(t.title, '''') as title, t.required_skills as skills, %s as reason, t.updated_at::timestamptz as at from %I t where t.status in (''blocked'', ''cancelled'')',
    v_reason, p_tasks_table);
end
$fn$;

-- Records a batch of signals: [{repository, id, kind, skill, source, detail, occurred_at}, ...].
-- A record whose id the repository already has (or that repeats one of this batch) is a
-- duplicate and changes nothing. The app has validated every field; the table's checks stand
-- behind it.
create or replace function tf_record_signals(p_signals jsonb, p_now timestamptz default now())
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $fn$
declare
  v_total int;
  v_recorded int;
begin
  if jsonb_typeof(p_signals) <> 'array' then
    raise exception 'tf_record_signals: signals must be a JSON array' using errcode = '22023';
  end if;
  v_total := jsonb_array_length(p_signals);
  with ins as (
    insert into gap_signals (repository, id, kind, skill, source, detail, occurred_at, received_at)
    select e->>'repository', e->>'id', e->>'kind', e->>'skill', coalesce(e->>'source', 'api'),
      coalesce(e->>'detail', ''), (e->>'occurred_at')::timestamptz, p_now
    from jsonb_array_elements(p_signals) e
    on conflict do nothing
    returning 1
  )
  select count(*) into v_recorded from ins;
  return jsonb_build_object('recorded', v_recorded, 'duplicates', v_total - v_recorded);
end
$fn$;

-- Skills of one repository that its signals and failing tasks point at within the window
-- (occurred_at in (p_now - p_window_days, p_now]): at least p_min_count of them, covered by no
-- active team. Each row: skill, the counts by origin, first and last seen, and the three latest
-- samples ({kind, source, detail, occurred_at}).
create or replace function tf_find_repo_signal_gaps(
  p_repo text,
  p_window_days int default 14,
  p_min_count int default 5,
  p_tasks_table text default 'pm_tasks',
  p_projects_table text default 'pm_projects',
  p_limit int default 100,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
set jit = off
as $fn$
declare
  v_name_pattern constant text := '^[a-z_][a-z0-9_]{0,62}$';
  v_failed text;
  v_tasks text := 'select null::text as skill, null::text as title, null::text as reason, null::timestamptz as at where false';
  v_result jsonb;
begin
  if coalesce(btrim(p_repo), '') = '' then
    raise exception 'tf_find_repo_signal_gaps: the repository (owner/name) is required' using errcode = '22023';
  end if;
  if p_window_days is null or p_window_days < 1 or p_window_days > 365
    or p_min_count is null or p_min_count < 1 or p_limit is null or p_limit < 1 then
    raise exception 'tf_find_repo_signal_gaps: a window of 1 to 365 days, a min count and a limit of at least 1 are required'
      using errcode = '22023';
  end if;
  if p_tasks_table !~ v_name_pattern or p_projects_table !~ v_name_pattern then
    raise exception 'tf_find_repo_signal_gaps: table names must be plain lowercase names' using errcode = '22023';
  end if;
  if to_regclass(p_tasks_table) is not null and to_regclass(p_projects_table) is not null
    and exists (select 1 from information_schema.columns c where c.table_schema = 'public'
      and c.table_name = p_projects_table and c.column_name = 'repository') then
    v_failed := tf_failed_tasks_sql(p_tasks_table);
  end if;
  if v_failed is not null then
    v_tasks := format($q$
      select s.skill, f.title, f.reason, f.at
      from %1$I p
      join (%2$s) f on f.project_id = p.id
      cross join lateral (select distinct tf_normalize_skill(x) as skill from unnest(f.skills) x) s
      where lower(p.repository) = lower($1) and f.reason is not null
        and f.at > $2 - make_interval(days => $3) and f.at <= $2
    $q$, p_projects_table, v_failed);
  end if;
  execute format($q$
    with ev as (
      select tf_normalize_skill(s.skill) as skill, 'signal' as origin, s.kind, s.source,
        s.detail, s.occurred_at
      from gap_signals s
      where s.repo_key = lower($1)
        and s.occurred_at > $2 - make_interval(days => $3) and s.occurred_at <= $2
      union all
      select t.skill, 'task', 'task-failed', %1$L, t.title || ': ' || t.reason, t.at
      from (%2$s) t
    ),
    gaps as (
      select ev.skill,
        count(*) filter (where origin = 'signal' and kind = 'unhandled-request') as unhandled,
        count(*) filter (where origin = 'signal' and kind = 'task-failed') as failed_signals,
        count(*) filter (where origin = 'task') as failed_tasks,
        count(*) as total,
        min(occurred_at) as first_seen,
        max(occurred_at) as last_seen
      from ev
      where ev.skill <> '' and ev.skill not in (select c from tf_covered_skills() c where c is not null)
      group by ev.skill
      having count(*) >= $4
      order by count(*) desc, ev.skill
      limit $5
    )
    select coalesce(jsonb_agg(jsonb_build_object(
        'skill', g.skill, 'unhandled', g.unhandled, 'failed_signals', g.failed_signals,
        'failed_tasks', g.failed_tasks, 'total', g.total,
        'first_seen', g.first_seen, 'last_seen', g.last_seen,
        'samples', (
          select coalesce(jsonb_agg(jsonb_build_object('kind', x.kind, 'source', x.source,
            'detail', left(x.detail, 500), 'occurred_at', x.occurred_at) order by x.occurred_at desc), '[]'::jsonb)
          from (select * from ev where ev.skill = g.skill order by ev.occurred_at desc limit 3) x
        )
      ) order by g.total desc, g.skill), '[]'::jsonb)
    from gaps g
  $q$, p_tasks_table, v_tasks)
  into v_result
  using p_repo, p_now, p_window_days, p_min_count, p_limit;
  return v_result;
end
$fn$;

-- The history a backtest replays, grouped per repository and skill with the UTC date of each
-- event as a day number (day 0 is the UTC date of p_since):
--   {since, days,
--    tasks: [{repo, skill, opened: [day, ...], closed: [day, ...]}],
--    signals: [{repo, skill, days: [...]}], failures: [{repo, skill, days: [...]}],
--    teams: [{skills, from_day, until_day}], gaps: [{repo, gap_key, skills, state, day}]}
-- `opened`: the day each task became ready and unassigned (day 0 for one that was before);
-- `closed`: the day one left that state. The store keeps each task's current row, not its
-- history: a task still ready and unassigned counts from created_at on; one that moved on
-- (assigned, in progress, in review, completed) counted from created_at until updated_at; a
-- pending task never did. Signals and failures are read from p_window_days before p_since, so
-- the first days' windows are full. p_repo null reads every repository. Skills are normalized
-- once per distinct spelling (memoized), and the answer is built from arrays, not per event.
create or replace function tf_backtest_history(
  p_repo text,
  p_since timestamptz,
  p_window_days int default 14,
  p_tasks_table text default 'pm_tasks',
  p_projects_table text default 'pm_projects',
  p_now timestamptz default now()
)
returns json
language plpgsql
stable
set search_path = public, pg_temp
set jit = off
set work_mem = '64MB'
as $fn$
declare
  v_name_pattern constant text := '^[a-z_][a-z0-9_]{0,62}$';
  v_failed text;
  v_tasks text := 'select null::text as repo, null::text as skill, null::int[] as opened, null::int[] as closed where false';
  v_failures text := 'select null::text as repo, null::text as skill, null::int[] as days where false';
  v_teams text := 'select ''[]''::json';
  v_result json;
begin
  if p_since is null or p_since > p_now or p_now - p_since > interval '3660 days' then
    raise exception 'tf_backtest_history: since must be a time before now, at most ten years ago' using errcode = '22023';
  end if;
  if p_window_days is null or p_window_days < 1 or p_window_days > 365 then
    raise exception 'tf_backtest_history: the window is 1 to 365 days' using errcode = '22023';
  end if;
  if p_tasks_table !~ v_name_pattern or p_projects_table !~ v_name_pattern then
    raise exception 'tf_backtest_history: table names must be plain lowercase names' using errcode = '22023';
  end if;
  if to_regclass(p_tasks_table) is not null and to_regclass(p_projects_table) is not null
    and exists (select 1 from information_schema.columns c where c.table_schema = 'public'
      and c.table_name = p_projects_table and c.column_name = 'repository')
    and exists (select 1 from information_schema.columns c where c.table_schema = 'public'
      and c.table_name = p_tasks_table and c.column_name = 'updated_at') then
    v_tasks := format($q$
      select lower(p.repository) as repo, s.skill,
        array_agg(greatest(((t.created_at::timestamptz at time zone 'UTC')::date - $5), 0)) as opened,
        coalesce(array_agg(((t.updated_at::timestamptz at time zone 'UTC')::date - $5))
          filter (where not (t.status = 'ready' and t.assigned_team is null) and t.updated_at <= $3), '{}') as closed
      from %2$I p
      join %1$I t on t.project_id = p.id
      cross join lateral (select distinct tf_normalize_skill(x) as skill from unnest(t.required_skills) x) s
      where p.repository is not null and ($1::text is null or lower(p.repository) = lower($1))
        and t.status in ('ready', 'in_progress', 'review', 'completed')
        and t.created_at <= $3
        and ((t.status = 'ready' and t.assigned_team is null) or (t.updated_at > $2 and t.updated_at >= t.created_at))
        and s.skill <> ''
      group by 1, 2
    $q$, p_tasks_table, p_projects_table);
    v_failed := tf_failed_tasks_sql(p_tasks_table);
  end if;
  if v_failed is not null then
    v_failures := format($q$
      select lower(p.repository) as repo, s.skill,
        array_agg(((f.at at time zone 'UTC')::date - $5)) as days
      from %1$I p
      join (%2$s) f on f.project_id = p.id
      cross join lateral (select distinct tf_normalize_skill(x) as skill from unnest(f.skills) x) s
      where p.repository is not null and ($1::text is null or lower(p.repository) = lower($1))
        and f.reason is not null
        and f.at > $2 - make_interval(days => $4) and f.at <= $3
        and s.skill <> ''
      group by 1, 2
    $q$, p_projects_table, v_failed);
  end if;
  if to_regclass('team_members') is not null and to_regclass('teams') is not null then
    v_teams := $q$
      select coalesce(json_agg(json_build_object(
        'skills', coalesce((
          select json_agg(distinct tf_normalize_skill(s))
          from team_members m cross join lateral unnest(m.skills) s where m.team_id = t.id), '[]'::json),
        'from_day', ((t.created_at at time zone 'UTC')::date - $5),
        'until_day', case when coalesce(t.status, 'active') = 'active' then null
          else ((t.updated_at at time zone 'UTC')::date - $5) end)), '[]'::json)
      from teams t
      where t.created_at <= $3
    $q$;
  end if;
  execute format($q$
    select json_build_object(
      'since', $2,
      'days', ($3 at time zone 'UTC')::date - $5 + 1,
      'tasks', coalesce((select json_agg(x) from (%1$s) x), '[]'::json),
      'signals', coalesce((
        select json_agg(x) from (
          select s.repo_key as repo, n.skill, array_agg(((s.occurred_at at time zone 'UTC')::date - $5)) as days
          from gap_signals s
          cross join lateral (select tf_normalize_skill(s.skill) as skill offset 0) n
          where ($1::text is null or s.repo_key = lower($1))
            and s.occurred_at > $2 - make_interval(days => $4) and s.occurred_at <= $3
            and n.skill <> ''
          group by 1, 2) x), '[]'::json),
      'failures', coalesce((select json_agg(x) from (%2$s) x), '[]'::json),
      'teams', (%3$s),
      'gaps', coalesce((
        select json_agg(json_build_object(
          'repo', lower(g.repo), 'gap_key', g.gap_key, 'state', g.state,
          'day', ((g.created_at at time zone 'UTC')::date - $5),
          'skills', coalesce((
            select json_agg(distinct tf_normalize_skill(x))
            from jsonb_array_elements_text(case when jsonb_typeof(g.spec->'skills') = 'array' then g.spec->'skills' else '[]'::jsonb end) x
          ), '[]'::json)))
        from tf_gaps g
        where $1::text is null or lower(g.repo) = lower($1)), '[]'::json)
    )
  $q$, v_tasks, v_failures, v_teams)
  into v_result
  using p_repo, p_since, p_now, p_window_days, (p_since at time zone 'UTC')::date;
  return v_result;
end
$fn$;

-- Signals come from other systems through the service role (Supabase) or a role the operator
-- grants insert to; the public API keys reach neither the table nor the functions.
do $grants$
declare
  f record;
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on table gap_signals from anon, authenticated;
  end if;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant select, insert on table gap_signals to service_role;
  end if;
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_covered_skills', 'tf_failed_tasks_sql', 'tf_record_signals',
        'tf_find_repo_signal_gaps', 'tf_backtest_history') loop
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

comment on table gap_signals is
  'Team Factory: unhandled requests and failures other systems report, per repository and skill; the scan weighs them over signals.window_days.';

insert into tf_schema_migrations (version, name) values ('20261207100000', 'gap_signals')
on conflict (version) do nothing;

-- Rollout modes (issue 27): a gap run in shadow mode plans, estimates and generates the team, then
-- records here what it would have opened instead of writing to GitHub. The operator page lists
-- these rows ("Would have opened"); the gap itself stays in tf_gaps (state planned, reason
-- 'shadow mode'), so the scan raises it again once its repository leaves shadow mode.

-- One row per gap (its latest shadow run), tenant-scoped by repository like tf_gaps.
create table if not exists tf_shadow_runs (
  gap_key text primary key check (char_length(gap_key) between 1 and 300),
  repo text not null check (repo ~ '^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$'),
  installation_id bigint not null,
  source text not null check (source in ('explicit', 'detected')),
  trigger text not null check (char_length(trigger) between 1 and 40),
  issue_number int,
  team text not null check (char_length(team) between 1 and 100),
  title text not null check (char_length(title) between 1 and 300),
  monthly_usd numeric not null check (monthly_usd >= 0),
  -- [{role, tools: [...]}, ...] as planned
  members jsonb not null default '[]'::jsonb check (jsonb_typeof(members) = 'array'),
  spec_hash text not null check (spec_hash ~ '^[0-9a-f]{64}$'),
  files int not null default 0 check (files >= 0),
  -- What a run in full mode would have done: open the PR, or hold it for /approve-team.
  verdict text not null check (verdict in ('would-open', 'would-hold')),
  -- Each gate's verdict in words: {daily_limit, cost, low_risk}.
  gates jsonb not null default '{}'::jsonb check (jsonb_typeof(gates) = 'object'),
  runs int not null default 1,
  first_at timestamptz not null,
  last_at timestamptz not null
);
create index if not exists tf_shadow_runs_last_idx on tf_shadow_runs (last_at desc);
create index if not exists tf_shadow_runs_repo_idx on tf_shadow_runs (lower(repo), last_at desc);
alter table tf_shadow_runs enable row level security;

-- Records a shadow run: {gap_key, repo, installation_id, source, trigger, issue_number, team,
-- title, monthly_usd, members, spec_hash, files, verdict, gates}. A later run of the same gap
-- replaces the plan and counts one more run; the first run's time is kept.
create or replace function tf_record_shadow_run(p_run jsonb, p_now timestamptz default now())
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $fn$
declare
  v_row tf_shadow_runs;
begin
  if jsonb_typeof(p_run) is distinct from 'object' then
    raise exception 'tf_record_shadow_run: the run must be a JSON object' using errcode = '22023';
  end if;
  if coalesce(p_run->>'gap_key', '') = '' or coalesce(p_run->>'repo', '') = ''
    or (p_run->>'installation_id') is null or coalesce(p_run->>'team', '') = '' then
    raise exception 'tf_record_shadow_run: gap_key, repo, installation_id and team are required'
      using errcode = '22023';
  end if;
  insert into tf_shadow_runs (gap_key, repo, installation_id, source, trigger, issue_number, team,
    title, monthly_usd, members, spec_hash, files, verdict, gates, runs, first_at, last_at)
  values (p_run->>'gap_key', p_run->>'repo', (p_run->>'installation_id')::bigint, p_run->>'source',
    p_run->>'trigger', (p_run->>'issue_number')::int, p_run->>'team', p_run->>'title',
    (p_run->>'monthly_usd')::numeric, coalesce(p_run->'members', '[]'::jsonb), p_run->>'spec_hash',
    coalesce((p_run->>'files')::int, 0), p_run->>'verdict', coalesce(p_run->'gates', '{}'::jsonb),
    1, p_now, p_now)
  on conflict (gap_key) do update set
    repo = excluded.repo,
    installation_id = excluded.installation_id,
    source = excluded.source,
    trigger = excluded.trigger,
    issue_number = coalesce(excluded.issue_number, tf_shadow_runs.issue_number),
    team = excluded.team,
    title = excluded.title,
    monthly_usd = excluded.monthly_usd,
    members = excluded.members,
    spec_hash = excluded.spec_hash,
    files = excluded.files,
    verdict = excluded.verdict,
    gates = excluded.gates,
    runs = tf_shadow_runs.runs + 1,
    last_at = excluded.last_at
  returning * into v_row;
  return jsonb_build_object('gap_key', v_row.gap_key, 'runs', v_row.runs);
end
$fn$;

-- The latest shadow runs, newest first, of one repository (compared without case) or of all
-- (p_repo null), each with what became of its gap since (state, PR).
create or replace function tf_list_shadow_runs(p_repo text default null, p_limit int default 50)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $fn$
  select coalesce(jsonb_agg(r order by r.last_at desc, r.gap_key), '[]'::jsonb)
  from (
    select s.gap_key, s.repo, s.installation_id, s.source, s.trigger, s.issue_number, s.team,
      s.title, s.monthly_usd::float8 as monthly_usd, s.members, s.spec_hash, s.files, s.verdict,
      s.gates, s.runs, s.first_at, s.last_at, g.state as gap_state, g.pr_number
    from tf_shadow_runs s
    left join tf_gaps g on g.gap_key = s.gap_key
    where p_repo is null or lower(s.repo) = lower(p_repo)
    order by s.last_at desc, s.gap_key
    limit greatest(1, least(coalesce(p_limit, 50), 500))
  ) r
$fn$;

-- Whether the scan has opened an issue for a gap of this repository: the first issue it opens
-- explains the rollout modes.
create or replace function tf_scan_opened_issue(p_repo text)
returns boolean
language sql
stable
set search_path = public, pg_temp
as $fn$
  select exists (
    select 1 from tf_gaps g
    where lower(g.repo) = lower(p_repo) and g.trigger = 'scan' and g.issue_number is not null)
$fn$;

-- The app (service role) records and lists; the public API keys reach neither.
do $grants$
declare
  f record;
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke all on table tf_shadow_runs from anon, authenticated;
  end if;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant select, insert, update on table tf_shadow_runs to service_role;
  end if;
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_record_shadow_run', 'tf_list_shadow_runs', 'tf_scan_opened_issue') loop
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

insert into tf_schema_migrations (version, name) values ('20261207120000', 'shadow_runs')
on conflict (version) do nothing;

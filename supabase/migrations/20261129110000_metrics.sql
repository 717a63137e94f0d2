-- See it work (issue 16): what happens to team PRs after they are opened (reviews, closes,
-- reopens, draft changes), deployments of registered teams, each run's end, the plan's five
-- success metrics computed from those and the audit trail, the dashboard issue's bookkeeping,
-- the circuit breaker's counts, and one overview for the operator page.

-- Events of team PRs only: a PR is a team PR when a gap of the repository records it (or the
-- audit trail says the app opened it). One row per event; a redelivery is the same key.
create table if not exists tf_pr_events (
  id bigint generated always as identity primary key,
  event_key text not null unique,
  installation_id bigint not null,
  repo text not null,
  pr_number int not null,
  gap_key text not null,
  kind text not null check (kind in ('review', 'closed', 'reopened', 'ready_for_review', 'converted_to_draft')),
  review_state text check (review_state in ('approved', 'changes_requested', 'commented')),
  merged boolean not null default false,
  actor text not null,
  at timestamptz not null
);
create index if not exists tf_pr_events_pr_idx on tf_pr_events (lower(repo), pr_number, kind);
create index if not exists tf_pr_events_gap_idx on tf_pr_events (gap_key, at);

-- Deployment statuses of registered teams (a merged gap's team), one row per status.
create table if not exists tf_deployment_events (
  id bigint generated always as identity primary key,
  event_key text not null unique,
  installation_id bigint not null,
  repo text not null,
  team text not null,
  gap_key text not null,
  deployment_id bigint not null,
  environment text not null,
  state text not null,
  at timestamptz not null
);
create index if not exists tf_deployment_events_repo_idx on tf_deployment_events (installation_id, lower(repo), at);

-- Each run's end (one job attempt): what the circuit breaker counts.
create table if not exists tf_runs (
  id bigint generated always as identity primary key,
  installation_id bigint not null,
  repo text not null,
  gap_key text,
  outcome text not null,
  failed boolean not null,
  at timestamptz not null
);
create index if not exists tf_runs_scope_idx on tf_runs (installation_id, lower(repo), id desc);

-- What the last run read of a repository's config that matters outside a run (dashboard,
-- notifications, breaker, daily limit), so every replica knows it.
create table if not exists tf_repo_settings (
  repo text primary key,
  installation_id bigint not null,
  settings jsonb not null,
  seen_at timestamptz not null
);

-- The dashboard issue of a repository and when it was last written.
create table if not exists tf_dashboards (
  repo text primary key,
  installation_id bigint not null,
  issue_number int,
  updated_at timestamptz
);

-- Lookups the metrics make often.
create index if not exists tf_gaps_repo_pr_idx on tf_gaps (lower(repo), pr_number) where pr_number is not null;
create index if not exists tf_audit_log_action_at_idx on tf_audit_log (action, at);
create index if not exists tf_audit_log_gap_idx on tf_audit_log (gap_key, action) where gap_key is not null;

do $$
declare
  t text;
begin
  foreach t in array array['tf_pr_events', 'tf_deployment_events', 'tf_runs', 'tf_repo_settings', 'tf_dashboards'] loop
    execute format('alter table public.%I enable row level security', t);
  end loop;
end
$$;

-- The gap whose team PR this is, or null: recorded on the gap, or opened by the app per the audit trail.
create or replace function tf_team_pr_gap(p_repo text, p_pr_number int)
returns text
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select g.gap_key from tf_gaps g
     where lower(g.repo) = lower(p_repo) and g.pr_number = p_pr_number
     order by g.updated_at desc limit 1),
    (select a.gap_key from tf_audit_log a
     where a.action = 'pr.opened' and lower(a.repo) = lower(p_repo)
       and a.details->>'pr' = p_pr_number::text and a.gap_key is not null
     order by a.id desc limit 1)
  )
$$;

-- Records one event of a team PR; `recorded: false` for any other PR or a redelivery.
create or replace function tf_record_pr_event(
  p_event_key text,
  p_installation_id bigint,
  p_repo text,
  p_pr_number int,
  p_kind text,
  p_review_state text default null,
  p_merged boolean default false,
  p_actor text default '',
  p_at timestamptz default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_gap text;
begin
  if coalesce(p_event_key, '') = '' or coalesce(p_repo, '') = '' or p_pr_number is null or p_installation_id is null then
    raise exception 'tf_record_pr_event: event key, installation, repo and PR number are required' using errcode = '22023';
  end if;
  v_gap := tf_team_pr_gap(p_repo, p_pr_number);
  if v_gap is null then
    return jsonb_build_object('recorded', false, 'reason', 'not a team PR');
  end if;
  insert into tf_pr_events (event_key, installation_id, repo, pr_number, gap_key, kind, review_state, merged, actor, at)
  values (p_event_key, p_installation_id, p_repo, p_pr_number, v_gap, p_kind,
    case when p_kind = 'review' then lower(p_review_state) end, coalesce(p_merged, false),
    coalesce(nullif(p_actor, ''), 'unknown'), coalesce(p_at, p_now))
  on conflict (event_key) do nothing;
  return jsonb_build_object('recorded', found, 'gap_key', v_gap, 'reason', case when found then null else 'already recorded' end);
end
$$;

-- Records a deployment status when one of the candidate names is a registered team of the
-- repository (its gap merged); `recorded: false` otherwise.
create or replace function tf_record_deployment_status(
  p_event_key text,
  p_installation_id bigint,
  p_repo text,
  p_teams jsonb,
  p_deployment_id bigint,
  p_environment text,
  p_state text,
  p_at timestamptz default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_gap tf_gaps;
begin
  if coalesce(p_event_key, '') = '' or coalesce(p_repo, '') = '' or p_deployment_id is null or p_installation_id is null then
    raise exception 'tf_record_deployment_status: event key, installation, repo and deployment are required' using errcode = '22023';
  end if;
  select * into v_gap from tf_gaps g
  where lower(g.repo) = lower(p_repo) and g.state = 'merged' and g.slug is not null
    and g.slug in (select lower(t) from jsonb_array_elements_text(
      case when jsonb_typeof(p_teams) = 'array' then p_teams else '[]'::jsonb end) t)
  order by g.updated_at desc limit 1;
  if not found then
    return jsonb_build_object('recorded', false, 'reason', 'no registered team named by this deployment');
  end if;
  insert into tf_deployment_events (event_key, installation_id, repo, team, gap_key, deployment_id, environment, state, at)
  values (p_event_key, p_installation_id, p_repo, v_gap.slug, v_gap.gap_key, p_deployment_id,
    coalesce(p_environment, ''), lower(coalesce(p_state, '')), coalesce(p_at, p_now))
  on conflict (event_key) do nothing;
  return jsonb_build_object('recorded', found, 'team', v_gap.slug, 'reason', case when found then null else 'already recorded' end);
end
$$;

-- The five metrics for the gaps of an installation (null: all) and repository ('': all) whose
-- event falls in (p_from, p_to]. Durations in seconds; rates 0–1; null where there is no data.
create or replace function tf_metrics_window(
  p_installation_id bigint,
  p_repo text,
  p_from timestamptz,
  p_to timestamptz
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  with scope_gaps as (
    select g.gap_key from tf_gaps g
    where (p_installation_id is null or g.installation_id = p_installation_id)
      and (coalesce(p_repo, '') = '' or lower(g.repo) = lower(p_repo))
  ),
  received as (
    select a.gap_key, min(a.at) as at from tf_audit_log a join scope_gaps s using (gap_key)
    where a.action = 'gap.received' and a.at <= p_to group by a.gap_key
  ),
  opened as (
    select a.gap_key, lower(a.repo) as repo, (a.details->>'pr')::int as pr, min(a.at) as at
    from tf_audit_log a join scope_gaps s using (gap_key)
    where a.action = 'pr.opened' and a.details->>'pr' ~ '^[0-9]{1,9}$' and a.at <= p_to
    group by 1, 2, 3
  ),
  gap_to_pr as (
    select extract(epoch from f.at - r.at)::float8 as seconds
    from (select gap_key, min(at) as at from opened group by gap_key) f
    join received r using (gap_key)
    where f.at > p_from and f.at >= r.at
  ),
  reviewed as (
    select lower(e.repo) as repo, e.pr_number, min(e.at) as first_at,
      bool_or(e.review_state = 'changes_requested') as changes
    from tf_pr_events e join scope_gaps s using (gap_key)
    where e.kind = 'review' and e.at <= p_to
    group by 1, 2
  ),
  review_wait as (
    select extract(epoch from r.first_at - greatest(o.at, ready.at))::float8 as seconds
    from reviewed r
    join opened o on o.repo = r.repo and o.pr = r.pr_number
    left join lateral (
      select max(e.at) as at from tf_pr_events e
      where e.kind = 'ready_for_review' and lower(e.repo) = r.repo and e.pr_number = r.pr_number
        and e.at <= r.first_at
    ) ready on true
    where r.first_at > p_from
  ),
  decisions as (
    select e.gap_key, e.at, e.id as seq,
      case when e.kind = 'reopened' then 'reopened' when e.merged then 'merged' else 'closed' end as what
    from tf_pr_events e join scope_gaps s using (gap_key)
    where e.kind in ('closed', 'reopened') and e.at <= p_to
    union all
    select a.gap_key, a.at, a.id, 'dismissed'
    from tf_audit_log a join scope_gaps s using (gap_key)
    where a.action = 'gap.dismissed' and a.at <= p_to
  ),
  decided as (
    select * from (
      select distinct on (gap_key) gap_key, at, what from decisions order by gap_key, at desc, seq desc
    ) d
    where d.what <> 'reopened' and d.at > p_from
  ),
  deployed as (
    select * from (
      select distinct on (lower(d.repo), d.deployment_id) d.state, d.at
      from tf_deployment_events d join scope_gaps s using (gap_key)
      where d.state in ('success', 'failure', 'error') and d.at <= p_to
      order by lower(d.repo), d.deployment_id, d.at desc, d.id desc
    ) x
    where x.at > p_from
  )
  select jsonb_build_object(
    'gap_to_pr', (select jsonb_build_object('samples', count(*),
        'p50', percentile_cont(0.5) within group (order by seconds),
        'p90', percentile_cont(0.9) within group (order by seconds)) from gap_to_pr),
    'needs_changes', (select jsonb_build_object('count', count(*) filter (where changes), 'of', count(*),
        'rate', case when count(*) > 0 then (count(*) filter (where changes))::float8 / count(*) end)
      from reviewed where first_at > p_from),
    'false_positives', (select jsonb_build_object('count', count(*) filter (where what in ('closed', 'dismissed')), 'of', count(*),
        'rate', case when count(*) > 0 then (count(*) filter (where what in ('closed', 'dismissed')))::float8 / count(*) end)
      from decided),
    'review_time', (select jsonb_build_object('samples', count(*),
        'p50', percentile_cont(0.5) within group (order by seconds),
        'p90', percentile_cont(0.9) within group (order by seconds)) from review_wait),
    'deployments', (select jsonb_build_object('count', count(*) filter (where state = 'success'), 'of', count(*),
        'rate', case when count(*) > 0 then (count(*) filter (where state = 'success'))::float8 / count(*) end)
      from deployed)
  )
$$;

-- The metrics over the last p_days days before p_now.
create or replace function tf_metrics(
  p_installation_id bigint default null,
  p_repo text default '',
  p_days int default 30,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
begin
  if p_days is null or p_days < 1 or p_days > 366 then
    raise exception 'tf_metrics: days must be from 1 to 366 (got %)', coalesce(p_days::text, 'null') using errcode = '22023';
  end if;
  return tf_metrics_window(p_installation_id, p_repo, p_now - make_interval(days => p_days), p_now)
    || jsonb_build_object('days', p_days, 'to', p_now);
end
$$;

-- A trend: the metrics over p_window_days days ending at each of the last p_points days.
create or replace function tf_metrics_trend(
  p_installation_id bigint default null,
  p_repo text default '',
  p_points int default 30,
  p_window_days int default 7,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
begin
  if p_points is null or p_points < 1 or p_points > 90 or p_window_days is null or p_window_days < 1 or p_window_days > 90 then
    raise exception 'tf_metrics_trend: 1 to 90 points over windows of 1 to 90 days' using errcode = '22023';
  end if;
  return (
    select jsonb_agg(tf_metrics_window(p_installation_id, p_repo,
        p_now - make_interval(days => i + p_window_days), p_now - make_interval(days => i))
      || jsonb_build_object('to', p_now - make_interval(days => i)) order by i desc)
    from generate_series(0, p_points - 1) i
  );
end
$$;

-- One run's end; for a new PR, the seconds from the gap's first receipt to its PR.
create or replace function tf_record_run(
  p_installation_id bigint,
  p_repo text,
  p_gap_key text,
  p_outcome text,
  p_failed boolean,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_seconds float8;
begin
  if p_installation_id is null or coalesce(p_repo, '') = '' or coalesce(p_outcome, '') = '' then
    raise exception 'tf_record_run: installation, repo and outcome are required' using errcode = '22023';
  end if;
  insert into tf_runs (installation_id, repo, gap_key, outcome, failed, at)
  values (p_installation_id, p_repo, p_gap_key, p_outcome, coalesce(p_failed, false), p_now);
  if p_outcome = 'pr-opened' and p_gap_key is not null then
    select extract(epoch from
        (select min(at) from tf_audit_log where gap_key = p_gap_key and action = 'pr.opened')
      - (select min(at) from tf_audit_log where gap_key = p_gap_key and action = 'gap.received'))::float8
    into v_seconds;
  end if;
  delete from tf_runs where at < p_now - interval '90 days';
  return jsonb_build_object('gap_to_pr_seconds', v_seconds);
end
$$;

-- What the circuit breaker weighs for a scope (repository, or p_repo '' for the installation),
-- counting only what happened since the scope's pause was last set or lifted: the last p_last
-- runs and how many failed, and the false-positive counts of the last p_days days.
create or replace function tf_breaker_stats(
  p_installation_id bigint,
  p_repo text,
  p_last int default 5,
  p_days int default 30,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  v_since timestamptz;
  v_from timestamptz;
  v_runs int;
  v_failed int;
begin
  select max(p.changed_at) into v_since from tf_pauses p
  where p.installation_id = p_installation_id
    and (p.repo = '' or (coalesce(p_repo, '') <> '' and lower(p.repo) = lower(p_repo)));
  select count(*), count(*) filter (where r.failed) into v_runs, v_failed
  from (
    select failed from tf_runs
    where installation_id = p_installation_id
      and (coalesce(p_repo, '') = '' or lower(repo) = lower(p_repo))
      and (v_since is null or at > v_since)
    order by id desc
    limit greatest(coalesce(p_last, 5), 1)
  ) r;
  v_from := greatest(p_now - make_interval(days => greatest(coalesce(p_days, 30), 1)), coalesce(v_since, '-infinity'::timestamptz));
  return jsonb_build_object('runs', v_runs, 'failed', v_failed, 'since', v_since,
    'false_positives', tf_metrics_window(p_installation_id, p_repo, v_from, p_now)->'false_positives');
end
$$;

-- Keeps the settings the last run read; true when they changed.
create or replace function tf_observe_repo(
  p_repo text,
  p_installation_id bigint,
  p_settings jsonb,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if coalesce(p_repo, '') = '' or p_installation_id is null or jsonb_typeof(p_settings) <> 'object' then
    raise exception 'tf_observe_repo: repo, installation and a settings object are required' using errcode = '22023';
  end if;
  insert into tf_repo_settings as s (repo, installation_id, settings, seen_at)
  values (lower(p_repo), p_installation_id, p_settings, p_now)
  on conflict (repo) do update set installation_id = excluded.installation_id,
    settings = excluded.settings, seen_at = excluded.seen_at
  where s.settings is distinct from excluded.settings or s.installation_id <> excluded.installation_id;
  return found;
end
$$;

create or replace function tf_repo_settings_of(p_repo text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$ select to_jsonb(s) from tf_repo_settings s where s.repo = lower(p_repo) $$;

-- Takes the repository's dashboard write when the last one is at least p_min_seconds old:
-- `due: true` (and the time is taken), else how many seconds to wait. Replicas share it.
create or replace function tf_claim_dashboard_update(
  p_repo text,
  p_installation_id bigint,
  p_min_seconds int default 60,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_row tf_dashboards;
begin
  insert into tf_dashboards (repo, installation_id) values (lower(p_repo), p_installation_id)
  on conflict (repo) do nothing;
  select * into v_row from tf_dashboards where repo = lower(p_repo) for update;
  if v_row.updated_at is not null and v_row.updated_at > p_now - make_interval(secs => p_min_seconds) then
    return jsonb_build_object('due', false, 'issue_number', v_row.issue_number,
      'wait_seconds', extract(epoch from v_row.updated_at + make_interval(secs => p_min_seconds) - p_now)::float8);
  end if;
  update tf_dashboards set updated_at = p_now, installation_id = p_installation_id where repo = lower(p_repo);
  return jsonb_build_object('due', true, 'issue_number', v_row.issue_number, 'wait_seconds', 0);
end
$$;

create or replace function tf_set_dashboard_issue(p_repo text, p_installation_id bigint, p_issue_number int)
returns boolean
language sql
set search_path = public, pg_temp
as $$
  insert into tf_dashboards (repo, installation_id, issue_number) values (lower(p_repo), p_installation_id, p_issue_number)
  on conflict (repo) do update set issue_number = excluded.issue_number, installation_id = excluded.installation_id
  returning true
$$;

create or replace function tf_dashboard_issue(p_repo text)
returns int
language sql
stable
set search_path = public, pg_temp
as $$ select d.issue_number from tf_dashboards d where d.repo = lower(p_repo) $$;

-- The title a gap was received with (the audit trail keeps it), newest first.
create or replace function tf_gap_title(p_gap_key text)
returns text
language sql
stable
set search_path = public, pg_temp
as $$
  select a.details->>'title' from tf_audit_log a
  where a.gap_key = p_gap_key and a.action = 'gap.received' and a.details ? 'title'
  order by a.id desc limit 1
$$;

-- What a repository's dashboard issue lists: its gaps that are not finished, newest first.
create or replace function tf_repo_dashboard(p_installation_id bigint, p_repo text, p_limit int default 50)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'gaps', coalesce((
      select jsonb_agg(to_jsonb(x) order by x.updated_at desc)
      from (
        select g.gap_key, g.issue_number, g.state, g.reason, g.slug, g.pr_number, g.pr_url, g.spec_hash,
          g.updated_at, tf_gap_title(g.gap_key) as title
        from tf_gaps g
        where g.installation_id = p_installation_id and lower(g.repo) = lower(p_repo)
          and g.state not in ('merged', 'closed', 'rejected')
        order by g.updated_at desc
        limit greatest(coalesce(p_limit, 50), 1)
      ) x), '[]'::jsonb),
    'pause', tf_pause_status(p_installation_id, p_repo),
    'settings', (select s.settings from tf_repo_settings s where s.repo = lower(p_repo))
  )
$$;

-- Everything the operator page shows that is not the metrics, in one call.
create or replace function tf_operator_overview(
  p_audit_limit int default 25,
  p_gap_limit int default 25,
  p_now timestamptz default now()
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  with repos as (
    select lower(g.repo) as repo, min(g.repo) as name, g.installation_id from tf_gaps g group by 1, 3
    union
    select s.repo, s.repo, s.installation_id from tf_repo_settings s
  ),
  repo_rows as (
    select r.installation_id, min(r.name) as repo, r.repo as key,
      (select count(*) from tf_gaps g where lower(g.repo) = r.repo and g.state not in ('merged', 'closed', 'rejected')) as open_gaps,
      (select count(*) from tf_gaps g where lower(g.repo) = r.repo and g.state = 'pr-open') as open_prs,
      tf_pause_status(r.installation_id, r.repo) as pause,
      (select s.settings from tf_repo_settings s where s.repo = r.repo) as settings
    from repos r group by r.installation_id, r.repo
  ),
  installations as (
    select installation_id from repo_rows
    union select installation_id from tf_pauses
  )
  select jsonb_build_object(
    'installations', coalesce((select jsonb_agg(jsonb_build_object(
        'installation_id', i.installation_id,
        'repos', (select count(*) from repo_rows r where r.installation_id = i.installation_id),
        'pause', tf_pause_status(i.installation_id, '')) order by i.installation_id)
      from installations i), '[]'::jsonb),
    'repos', coalesce((select jsonb_agg(to_jsonb(r) - 'key' order by r.repo) from repo_rows r), '[]'::jsonb),
    'gaps_by_state', coalesce((select jsonb_object_agg(state, n) from (
        select state, count(*) as n from tf_gaps group by state) s), '{}'::jsonb),
    'gaps', coalesce((select jsonb_agg(to_jsonb(x) order by x.updated_at desc) from (
        select g.gap_key, g.repo, g.installation_id, g.issue_number, g.state, g.reason, g.pr_number,
          g.updated_at, tf_gap_title(g.gap_key) as title
        from tf_gaps g order by g.updated_at desc limit greatest(coalesce(p_gap_limit, 25), 1)) x), '[]'::jsonb),
    'audit', coalesce((select jsonb_agg(to_jsonb(x) order by x.id desc) from (
        select a.id, a.at, a.action, a.actor, a.gap_key, a.repo, a.details
        from tf_audit_log a order by a.id desc limit greatest(coalesce(p_audit_limit, 25), 1)) x), '[]'::jsonb),
    'slots', coalesce((select jsonb_agg(jsonb_build_object('scope', c.scope, 'used', c.used) order by c.scope)
      from tf_daily_counters c where c.day = (p_now at time zone 'UTC')::date), '[]'::jsonb),
    'runs_24h', (select jsonb_build_object('runs', count(*), 'failed', count(*) filter (where failed))
      from tf_runs where at > p_now - interval '1 day'),
    'now', p_now
  )
$$;

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_team_pr_gap', 'tf_record_pr_event', 'tf_record_deployment_status',
        'tf_metrics_window', 'tf_metrics', 'tf_metrics_trend', 'tf_record_run', 'tf_breaker_stats',
        'tf_observe_repo', 'tf_repo_settings_of', 'tf_claim_dashboard_update', 'tf_set_dashboard_issue', 'tf_dashboard_issue',
        'tf_gap_title', 'tf_repo_dashboard', 'tf_operator_overview') loop
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

insert into tf_schema_migrations (version, name) values ('20261129110000', 'metrics')
on conflict (version) do nothing;

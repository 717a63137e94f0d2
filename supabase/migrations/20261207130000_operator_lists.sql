-- The operator page, second version (issue 27): its gaps, approvals and audit entries filtered
-- (repository, state, source) and paged in SQL, so a large store sends one page.

-- Where a gap came from, as the page filters it: `detected` by the scan (tasks or signals),
-- `update` of an existing team (/regenerate, upgrades), else `explicit` (a label, a command, a form).
create or replace function tf_gap_source(p_trigger text)
returns text
language sql
immutable
set search_path = public, pg_temp
as $$
  select case when p_trigger in ('scan', 'signals') then 'detected'
    when p_trigger = 'regenerate' then 'update' else 'explicit' end
$$;

-- The audit entries of one repository, newest first.
create index if not exists tf_audit_log_repo_idx on tf_audit_log (lower(repo), id desc)
  where repo is not null;

-- One page of each list. A null or empty filter is no filter; limits are clamped to 1..100 and
-- offsets to 0..100000. The audit list is read one row past its page: `audit_more` says whether
-- an older page exists without counting the whole trail.
create or replace function tf_operator_lists(
  p_repo text default null,
  p_state text default null,
  p_source text default null,
  p_gap_offset int default 0,
  p_gap_limit int default 25,
  p_audit_offset int default 0,
  p_audit_limit int default 25,
  p_approval_limit int default 50
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  with bounds as (
    select nullif(lower(p_repo), '') as repo, nullif(p_state, '') as state, nullif(p_source, '') as source,
      least(greatest(coalesce(p_gap_offset, 0), 0), 100000) as gap_offset,
      least(greatest(coalesce(p_gap_limit, 25), 1), 100) as gap_limit,
      least(greatest(coalesce(p_audit_offset, 0), 0), 100000) as audit_offset,
      least(greatest(coalesce(p_audit_limit, 25), 1), 100) as audit_limit,
      least(greatest(coalesce(p_approval_limit, 50), 1), 100) as approval_limit
  ),
  scoped as (
    select g.* from tf_gaps g, bounds b
    where (b.repo is null or lower(g.repo) = b.repo)
      and (b.source is null or tf_gap_source(g.trigger) = b.source)
  ),
  listed as (
    select s.* from scoped s, bounds b where b.state is null or s.state = b.state
  )
  select jsonb_build_object(
    'by_state', coalesce((select jsonb_object_agg(state, n) from (
        select state, count(*) as n from scoped group by state) x), '{}'::jsonb),
    'gaps_total', (select count(*) from listed),
    'gaps', coalesce((select jsonb_agg(to_jsonb(x) order by x.updated_at desc, x.gap_key) from (
        select l.gap_key, l.repo, l.installation_id, l.issue_number, l.state, l.reason, l.pr_number,
          l.pr_url, l.trigger, tf_gap_source(l.trigger) as source, l.updated_at,
          tf_gap_title(l.gap_key) as title
        from listed l order by l.updated_at desc, l.gap_key
        offset (select gap_offset from bounds) limit (select gap_limit from bounds)) x), '[]'::jsonb),
    'approvals', coalesce((select jsonb_agg(to_jsonb(x) order by x.updated_at desc, x.gap_key) from (
        select s.gap_key, s.repo, s.installation_id, s.issue_number, s.spec_hash, s.requester,
          to_jsonb(s.spec_authors) as spec_authors, s.updated_at, tf_gap_title(s.gap_key) as title,
          case when jsonb_typeof(s.cost->'monthlyUsd') = 'number' then (s.cost->>'monthlyUsd')::float8 end
            as monthly_usd
        from scoped s where s.state = 'awaiting-approval' and s.spec_hash is not null
        order by s.updated_at desc, s.gap_key limit (select approval_limit from bounds)) x), '[]'::jsonb),
    'audit', coalesce((select jsonb_agg(to_jsonb(x) order by x.id desc) from (
        select a.id, a.at, a.action, a.actor, a.gap_key, a.repo, a.details
        from tf_audit_log a, bounds b
        where b.repo is null or lower(a.repo) = b.repo
        order by a.id desc offset (select audit_offset from bounds)
        limit (select audit_limit + 1 from bounds)) x), '[]'::jsonb)
  )
$$;

-- The overview, the same answer as before, counted in one pass over tf_gaps instead of two
-- scans per repository (1,000 repositories with 3,000 gaps: ~2 s before). The page and every
-- /metrics scrape read it.
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
  with gap_counts as (
    select lower(g.repo) as key, g.installation_id, min(g.repo) as name,
      count(*) filter (where g.state not in ('merged', 'closed', 'rejected')) as open_gaps,
      count(*) filter (where g.state = 'pr-open') as open_prs
    from tf_gaps g group by 1, 2
  ),
  repo_totals as (
    select key, sum(open_gaps) as open_gaps, sum(open_prs) as open_prs from gap_counts group by key
  ),
  repos as (
    select c.key as repo, c.name, c.installation_id from gap_counts c
    union
    select s.repo, s.repo, s.installation_id from tf_repo_settings s
  ),
  repo_rows as (
    select r.installation_id, min(r.name) as repo, r.repo as key,
      coalesce(max(t.open_gaps), 0) as open_gaps,
      coalesce(max(t.open_prs), 0) as open_prs,
      tf_pause_status(r.installation_id, r.repo) as pause,
      (select s.settings from tf_repo_settings s where s.repo = r.repo) as settings
    from repos r left join repo_totals t on t.key = r.repo
    group by r.installation_id, r.repo
  ),
  installations as (
    select installation_id, count(*) as repos from repo_rows group by installation_id
    union all
    select p.installation_id, 0 from tf_pauses p
    where not exists (select 1 from repo_rows r where r.installation_id = p.installation_id)
    group by p.installation_id
  )
  select jsonb_build_object(
    'installations', coalesce((select jsonb_agg(jsonb_build_object(
        'installation_id', i.installation_id,
        'repos', i.repos,
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

do $grants$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_gap_source', 'tf_operator_lists') loop
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

insert into tf_schema_migrations (version, name) values ('20261207130000', 'operator_lists')
on conflict (version) do nothing;

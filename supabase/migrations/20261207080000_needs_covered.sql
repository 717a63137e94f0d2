-- Honest coverage (issue 24): how many of a gap's needs its team meets with working tools, as the
-- planner recorded it in the audit trail (`spec.planned`, details.needs), beside each gap the
-- dashboard issue lists.

-- The needs of a gap's latest plan, {"covered": n, "total": m}, or null before one.
create or replace function tf_gap_needs(p_gap_key text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select a.details->'needs' from tf_audit_log a
  where a.gap_key = p_gap_key and a.action = 'spec.planned'
    and jsonb_typeof(a.details->'needs') = 'object'
    and jsonb_typeof(a.details->'needs'->'covered') = 'number'
    and jsonb_typeof(a.details->'needs'->'total') = 'number'
  order by a.id desc limit 1
$$;

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
          g.updated_at, tf_gap_title(g.gap_key) as title, tf_gap_needs(g.gap_key) as needs
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

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_gap_needs', 'tf_repo_dashboard') loop
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

insert into tf_schema_migrations (version, name) values ('20261207080000', 'needs_covered')
on conflict (version) do nothing;

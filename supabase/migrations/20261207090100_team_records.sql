-- What the app recorded for a team (issue 25): team.json is trusted only as far as these go. Each
-- gap of the repository whose spec names the team, newest first, with the spec hashes a
-- maintainer approved for it.
create index if not exists tf_gaps_repo_team_idx on tf_gaps (lower(repo), (spec->>'name'))
  where spec_hash is not null;

create or replace function tf_team_records(p_repo text, p_team text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(to_jsonb(g) || jsonb_build_object('approved_hashes', coalesce((
      select jsonb_agg(distinct a.spec_hash) from tf_approvals a where a.gap_key = g.gap_key
    ), '[]'::jsonb)) order by g.updated_at desc, g.gap_key), '[]'::jsonb)
  from tf_gaps g
  where lower(g.repo) = lower(p_repo) and g.spec->>'name' = p_team and g.spec_hash is not null
$$;

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.proname = 'tf_team_records' loop
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

insert into tf_schema_migrations (version, name) values ('20261207090100', 'team_records')
on conflict (version) do nothing;

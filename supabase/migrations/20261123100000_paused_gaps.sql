-- Gaps held back while Team Factory was paused for their repository (or its installation):
-- `/team-factory resume` publishes them. Newest last, at most p_limit.
create or replace function tf_list_paused_gaps(
  p_installation_id bigint,
  p_repo text,
  p_limit int default 50
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(to_jsonb(g) order by g.updated_at), '[]'::jsonb)
  from (
    select * from tf_gaps
    where installation_id = p_installation_id
      and (coalesce(p_repo, '') = '' or lower(repo) = lower(p_repo))
      and state = 'planned' and reason = 'paused'
    order by updated_at
    limit greatest(coalesce(p_limit, 50), 1)
  ) g
$$;

revoke all on function tf_list_paused_gaps(bigint, text, int) from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke execute on function tf_list_paused_gaps(bigint, text, int) from anon, authenticated;
  end if;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant execute on function tf_list_paused_gaps(bigint, text, int) to service_role;
  end if;
end
$$;

insert into tf_schema_migrations (version, name) values ('20261123100000', 'paused_gaps')
on conflict (version) do nothing;

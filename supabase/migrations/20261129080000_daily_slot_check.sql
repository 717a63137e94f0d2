-- The daily cap, checked without reserving (issue 11): the pipeline asks before it plans, so a
-- gap refused by the cap costs no model call; the reservation still decides under its row lock.
create or replace function tf_check_daily_slot(
  p_scope text,
  p_gap_key text,
  p_limit int,
  p_day date default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  v_day date := coalesce(p_day, (p_now at time zone 'UTC')::date);
  v_used int;
  v_held boolean;
begin
  if p_scope is null or p_scope = '' or p_gap_key is null or p_gap_key = '' then
    raise exception 'tf_check_daily_slot: scope and gap key are required' using errcode = '22023';
  end if;
  if p_limit is null or p_limit < 0 or p_limit > 1000 then
    raise exception 'tf_check_daily_slot: limit must be a whole number from 0 to 1000 (got %)', coalesce(p_limit::text, 'null')
      using errcode = '22023';
  end if;
  select coalesce((select used from tf_daily_counters where scope = p_scope and day = v_day), 0) into v_used;
  v_held := exists (select 1 from tf_daily_slots where scope = p_scope and day = v_day and gap_key = p_gap_key);
  return jsonb_build_object('reserved', false, 'already', v_held, 'used', v_used,
    'remaining', greatest(p_limit - v_used, 0), 'limit', p_limit);
end
$$;

revoke all on function tf_check_daily_slot(text, text, int, date, timestamptz) from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    revoke execute on function tf_check_daily_slot(text, text, int, date, timestamptz) from anon, authenticated;
  end if;
  if exists (select 1 from pg_roles where rolname = 'service_role') then
    grant execute on function tf_check_daily_slot(text, text, int, date, timestamptz) to service_role;
  end if;
end
$$;

insert into tf_schema_migrations (version, name) values ('20261129080000', 'daily_slot_check')
on conflict (version) do nothing;

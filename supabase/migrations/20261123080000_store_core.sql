-- Team Factory store, part 1 (issue 5): migration record, webhook deliveries, the daily cap,
-- pause/resume and leases. Tables carry a `tf_` prefix so they sit beside a target's own tables.
-- Every function takes `p_now` where time matters so tests control the clock.

create table if not exists tf_schema_migrations (
  version text primary key,
  name text not null,
  applied_at timestamptz not null default now()
);

-- Versions recorded so far, for the app's schema check at start.
create or replace function tf_schema_status()
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'versions', coalesce((select jsonb_agg(version order by version) from tf_schema_migrations), '[]'::jsonb)
  )
$$;

-- Webhook deliveries: true the first time a delivery id is seen, false on a redelivery.
create table if not exists tf_deliveries (
  delivery_id text primary key,
  event text not null,
  received_at timestamptz not null
);

create or replace function tf_record_delivery(p_delivery_id text, p_event text, p_now timestamptz default now())
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if p_delivery_id is null or btrim(p_delivery_id) = '' then
    raise exception 'tf_record_delivery: the delivery id is empty' using errcode = '22023';
  end if;
  insert into tf_deliveries (delivery_id, event, received_at)
  values (p_delivery_id, coalesce(p_event, ''), p_now)
  on conflict (delivery_id) do nothing;
  return found;
end
$$;

-- The daily cap: one counter row per scope and UTC day, locked while a slot is taken, and one
-- row per gap holding a slot so the same gap re-triggered the same day keeps its slot.
create table if not exists tf_daily_counters (
  scope text not null,
  day date not null,
  used int not null default 0 check (used >= 0),
  primary key (scope, day)
);

create table if not exists tf_daily_slots (
  scope text not null,
  day date not null,
  gap_key text not null,
  reserved_at timestamptz not null,
  primary key (scope, day, gap_key)
);

create or replace function tf_reserve_daily_slot(
  p_scope text,
  p_gap_key text,
  p_limit int,
  p_day date default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_day date := coalesce(p_day, (p_now at time zone 'UTC')::date);
  v_used int;
begin
  if p_scope is null or p_scope = '' or p_gap_key is null or p_gap_key = '' then
    raise exception 'tf_reserve_daily_slot: scope and gap key are required' using errcode = '22023';
  end if;
  if p_limit is null or p_limit < 0 or p_limit > 1000 then
    raise exception 'tf_reserve_daily_slot: limit must be a whole number from 0 to 1000 (got %)', coalesce(p_limit::text, 'null')
      using errcode = '22023';
  end if;
  insert into tf_daily_counters (scope, day) values (p_scope, v_day) on conflict do nothing;
  -- The row lock serialises every reservation of this scope and day.
  select used into v_used from tf_daily_counters where scope = p_scope and day = v_day for update;
  if exists (select 1 from tf_daily_slots where scope = p_scope and day = v_day and gap_key = p_gap_key) then
    return jsonb_build_object('reserved', true, 'already', true, 'used', v_used,
      'remaining', greatest(p_limit - v_used, 0), 'limit', p_limit);
  end if;
  if v_used >= p_limit then
    return jsonb_build_object('reserved', false, 'already', false, 'used', v_used,
      'remaining', greatest(p_limit - v_used, 0), 'limit', p_limit);
  end if;
  insert into tf_daily_slots (scope, day, gap_key, reserved_at) values (p_scope, v_day, p_gap_key, p_now);
  update tf_daily_counters set used = used + 1 where scope = p_scope and day = v_day;
  return jsonb_build_object('reserved', true, 'already', false, 'used', v_used + 1,
    'remaining', greatest(p_limit - v_used - 1, 0), 'limit', p_limit);
end
$$;

-- Gives a gap's slot back (a publish that failed); false when the gap held none that day.
create or replace function tf_release_daily_slot(
  p_scope text,
  p_gap_key text,
  p_day date default null,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_day date := coalesce(p_day, (p_now at time zone 'UTC')::date);
begin
  perform 1 from tf_daily_counters where scope = p_scope and day = v_day for update;
  delete from tf_daily_slots where scope = p_scope and day = v_day and gap_key = p_gap_key;
  if not found then
    return false;
  end if;
  update tf_daily_counters set used = greatest(used - 1, 0) where scope = p_scope and day = v_day;
  return true;
end
$$;

-- Pause/resume: repo '' pauses a whole installation.
create table if not exists tf_pauses (
  installation_id bigint not null,
  repo text not null default '',
  paused boolean not null,
  actor text not null,
  changed_at timestamptz not null,
  primary key (installation_id, repo)
);

create or replace function tf_set_paused(
  p_installation_id bigint,
  p_repo text,
  p_paused boolean,
  p_actor text,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if p_installation_id is null or p_paused is null or coalesce(p_actor, '') = '' then
    raise exception 'tf_set_paused: installation, paused and actor are required' using errcode = '22023';
  end if;
  insert into tf_pauses (installation_id, repo, paused, actor, changed_at)
  values (p_installation_id, coalesce(p_repo, ''), p_paused, p_actor, p_now)
  on conflict (installation_id, repo)
  do update set paused = excluded.paused, actor = excluded.actor, changed_at = excluded.changed_at;
  return tf_pause_status(p_installation_id, coalesce(p_repo, ''));
end
$$;

-- Paused when the installation or the repository is paused; says which, by whom and when.
create or replace function tf_pause_status(p_installation_id bigint, p_repo text default '')
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('paused', true,
        'scope', case when p.repo = '' then 'installation' else 'repository' end,
        'actor', p.actor, 'changed_at', p.changed_at)
     from tf_pauses p
     where p.installation_id = p_installation_id and p.paused
       and (p.repo = '' or p.repo = coalesce(p_repo, ''))
     order by p.repo = '' desc
     limit 1),
    jsonb_build_object('paused', false)
  )
$$;

-- Leases: true for exactly one holder of a name until it expires (the scheduled scan's tick).
create table if not exists tf_leases (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);

create or replace function tf_acquire_lease(
  p_name text,
  p_holder text,
  p_ttl_seconds int,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_won boolean;
begin
  if coalesce(p_name, '') = '' or coalesce(p_holder, '') = '' or p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception 'tf_acquire_lease: name, holder and a ttl of at least 1 second are required' using errcode = '22023';
  end if;
  insert into tf_leases as l (name, holder, expires_at)
  values (p_name, p_holder, p_now + make_interval(secs => p_ttl_seconds))
  on conflict (name) do update
    set holder = excluded.holder, expires_at = excluded.expires_at
    where l.expires_at <= p_now or l.holder = excluded.holder;
  v_won := found;
  if v_won then
    delete from tf_leases where expires_at < p_now - interval '1 day';
  end if;
  return v_won;
end
$$;

insert into tf_schema_migrations (version, name) values ('20261123080000', 'store_core')
on conflict (version) do nothing;

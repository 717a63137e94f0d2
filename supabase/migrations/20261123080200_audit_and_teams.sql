-- Team Factory store, part 3 (issue 5): the hash-chained audit trail, the team registry
-- (compatible with the ELF `teams` / `team_members` tables), and access for Supabase.

create sequence if not exists tf_audit_log_id_seq;

create table if not exists tf_audit_log (
  id bigint primary key default nextval('tf_audit_log_id_seq'),
  at timestamptz not null,
  action text not null,
  actor text not null,
  gap_key text,
  repo text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null
);

create or replace function tf_audit_log_refuse_change()
returns trigger
language plpgsql
as $$
begin
  raise exception 'tf_audit_log is append-only: % is not allowed', tg_op
    using errcode = '42501', hint = 'Append a new entry with tf_audit_append instead.';
end
$$;

drop trigger if exists tf_audit_log_append_only on tf_audit_log;
create trigger tf_audit_log_append_only
  before update or delete on tf_audit_log
  for each row execute function tf_audit_log_refuse_change();
drop trigger if exists tf_audit_log_no_truncate on tf_audit_log;
create trigger tf_audit_log_no_truncate
  before truncate on tf_audit_log
  for each statement execute function tf_audit_log_refuse_change();

-- The canonical text a row's hash covers: jsonb's text form is deterministic (sorted keys),
-- and the time is written in UTC so the session's time zone does not matter.
create or replace function tf_audit_content(
  p_id bigint, p_at timestamptz, p_action text, p_actor text, p_gap_key text, p_repo text, p_details jsonb
)
returns text
language sql
immutable
as $$
  select jsonb_build_object(
    'id', p_id,
    'at', to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'action', p_action, 'actor', p_actor, 'gap_key', p_gap_key, 'repo', p_repo,
    'details', coalesce(p_details, '{}'::jsonb)
  )::text
$$;

create or replace function tf_audit_hash(p_prev_hash text, p_content text)
returns text
language sql
immutable
as $$ select encode(sha256(convert_to(p_prev_hash || p_content, 'UTF8')), 'hex') $$;

-- Appends one entry. A transaction-scoped advisory lock serialises appends, so every entry
-- links to the one before it and the chain never forks.
create or replace function tf_audit_append(
  p_action text,
  p_actor text,
  p_gap_key text default null,
  p_repo text default null,
  p_details jsonb default '{}'::jsonb,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
  v_prev text;
  v_hash text;
  v_details jsonb := coalesce(p_details, '{}'::jsonb);
begin
  if coalesce(p_action, '') = '' or coalesce(p_actor, '') = '' then
    raise exception 'tf_audit_append: action and actor are required' using errcode = '22023';
  end if;
  if jsonb_typeof(v_details) <> 'object' then
    raise exception 'tf_audit_append: details must be a JSON object' using errcode = '22023';
  end if;
  perform pg_advisory_xact_lock(7361626, 1);
  select hash into v_prev from tf_audit_log order by id desc limit 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_id := nextval('tf_audit_log_id_seq');
  v_hash := tf_audit_hash(v_prev, tf_audit_content(v_id, p_now, p_action, p_actor, p_gap_key, p_repo, v_details));
  insert into tf_audit_log (id, at, action, actor, gap_key, repo, details, prev_hash, hash)
  values (v_id, p_now, p_action, p_actor, p_gap_key, p_repo, v_details, v_prev, v_hash);
  return jsonb_build_object('id', v_id, 'hash', v_hash);
end
$$;

-- Walks the chain in order: the first row whose link or hash does not match, or ok.
create or replace function tf_verify_audit_chain()
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  r tf_audit_log;
  v_prev text := repeat('0', 64);
  v_rows bigint := 0;
begin
  for r in select * from tf_audit_log order by id loop
    if r.prev_hash is distinct from v_prev then
      return jsonb_build_object('ok', false, 'rows', v_rows, 'broken_id', r.id,
        'reason', 'prev_hash does not match the previous entry (an entry was removed or changed)');
    end if;
    if r.hash is distinct from tf_audit_hash(r.prev_hash,
        tf_audit_content(r.id, r.at, r.action, r.actor, r.gap_key, r.repo, r.details)) then
      return jsonb_build_object('ok', false, 'rows', v_rows, 'broken_id', r.id,
        'reason', 'hash does not match the entry''s content (the entry was changed)');
    end if;
    v_prev := r.hash;
    v_rows := v_rows + 1;
  end loop;
  return jsonb_build_object('ok', true, 'rows', v_rows);
end
$$;

-- The team registry, with the columns of the ELF schema; an existing registry is left as is.
do $$
begin
  if to_regclass('public.teams') is null then
    create table public.teams (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      display_name text,
      department text,
      placement text,
      purpose text,
      framework text,
      llm_provider text,
      llm_model text,
      status text not null default 'active' check (status in ('active', 'inactive', 'archived')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      metadata jsonb not null default '{}'::jsonb
    );
    alter table public.teams enable row level security;
  end if;
  if to_regclass('public.team_members') is null then
    create table public.team_members (
      id uuid primary key default gen_random_uuid(),
      team_id uuid not null references public.teams (id) on delete cascade,
      role text not null,
      is_manager boolean not null default false,
      responsibilities text[] not null default '{}',
      skills text[] not null default '{}',
      system_prompt text,
      created_at timestamptz not null default now(),
      unique (team_id, role)
    );
    alter table public.team_members enable row level security;
  end if;
end
$$;

-- Registers (or updates) a team and replaces its members. p_team: name, display_name,
-- department, placement, purpose, framework, llm_provider, llm_model, metadata. p_members: an
-- array of { role, is_manager, responsibilities[], skills[], system_prompt }.
create or replace function tf_register_team(
  p_team jsonb,
  p_members jsonb,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_id uuid;
  v_created boolean;
begin
  if jsonb_typeof(p_team) <> 'object' or coalesce(p_team->>'name', '') = '' then
    raise exception 'tf_register_team: the team needs a name' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_members, '[]'::jsonb)) <> 'array' then
    raise exception 'tf_register_team: members must be a JSON array' using errcode = '22023';
  end if;
  select id into v_id from teams where name = p_team->>'name' for update;
  v_created := v_id is null;
  if v_created then
    insert into teams (name, display_name, department, placement, purpose, framework, llm_provider,
      llm_model, status, metadata, created_at, updated_at)
    values (p_team->>'name', p_team->>'display_name', p_team->>'department', p_team->>'placement',
      p_team->>'purpose', p_team->>'framework', p_team->>'llm_provider', p_team->>'llm_model',
      'active', coalesce(p_team->'metadata', '{}'::jsonb), p_now, p_now)
    returning id into v_id;
  else
    update teams set display_name = p_team->>'display_name', department = p_team->>'department',
      placement = p_team->>'placement', purpose = p_team->>'purpose', framework = p_team->>'framework',
      llm_provider = p_team->>'llm_provider', llm_model = p_team->>'llm_model',
      metadata = coalesce(p_team->'metadata', metadata), updated_at = p_now
    where id = v_id;
    delete from team_members where team_id = v_id;
  end if;
  insert into team_members (team_id, role, is_manager, responsibilities, skills, system_prompt)
  select v_id, m->>'role', coalesce((m->>'is_manager')::boolean, false),
    array(select jsonb_array_elements_text(coalesce(m->'responsibilities', '[]'::jsonb))),
    array(select jsonb_array_elements_text(coalesce(m->'skills', '[]'::jsonb))),
    m->>'system_prompt'
  from jsonb_array_elements(coalesce(p_members, '[]'::jsonb)) m;
  return jsonb_build_object('id', v_id, 'created', v_created);
end
$$;

-- On Supabase the tables are reachable through PostgREST: keep them to the service role.
do $$
declare
  t text;
  f record;
begin
  foreach t in array array['tf_schema_migrations', 'tf_deliveries', 'tf_daily_counters', 'tf_daily_slots',
    'tf_pauses', 'tf_leases', 'tf_gaps', 'tf_jobs', 'tf_approvals', 'tf_audit_log'] loop
    execute format('alter table public.%I enable row level security', t);
  end loop;
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.proname like 'tf\_%' loop
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

insert into tf_schema_migrations (version, name) values ('20261123080200', 'audit_and_teams')
on conflict (version) do nothing;

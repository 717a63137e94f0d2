-- Many installations on several replicas (issue 26): one GitHub write budget per installation
-- shared by every replica, pauses that any replica records for all, and jobs claimed round-robin
-- across installations and their repositories, people's requests before scan gaps.

-- Jobs know their installation (older rows learn it from their payload).
alter table tf_jobs add column if not exists installation_id bigint;
update tf_jobs set installation_id = (payload->>'installationId')::bigint
where installation_id is null and status in ('queued', 'running')
  and payload->>'installationId' ~ '^[0-9]{1,18}$';
create index if not exists tf_jobs_running_installation_idx on tf_jobs (installation_id) where status = 'running';

drop function if exists tf_enqueue_job(text, text, jsonb, text, int, text, timestamptz);
create or replace function tf_enqueue_job(
  p_delivery_id text,
  p_kind text,
  p_payload jsonb,
  p_gap_key text default null,
  p_max_attempts int default 5,
  p_lane text default null,
  p_installation_id bigint default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_id bigint;
begin
  if coalesce(p_delivery_id, '') = '' or coalesce(p_kind, '') = '' or p_payload is null then
    raise exception 'tf_enqueue_job: delivery id, kind and payload are required' using errcode = '22023';
  end if;
  -- The delivery is recorded in the same transaction, so "seen" and "queued" cannot drift apart.
  insert into tf_deliveries (delivery_id, event, received_at) values (p_delivery_id, p_kind, p_now)
  on conflict (delivery_id) do nothing;
  insert into tf_jobs (delivery_id, kind, gap_key, lane, installation_id, payload, max_attempts, available_at, created_at, updated_at)
  values (p_delivery_id, p_kind, p_gap_key, p_lane, p_installation_id, p_payload,
    greatest(coalesce(p_max_attempts, 5), 1), p_now, p_now, p_now)
  on conflict (delivery_id) do nothing
  returning id into v_id;
  if v_id is not null then
    return jsonb_build_object('id', v_id, 'created', true);
  end if;
  select id into v_id from tf_jobs where delivery_id = p_delivery_id;
  return jsonb_build_object('id', v_id, 'created', false);
end
$$;

-- Whose turn it is: the sequence number of the last claim of each installation and lane.
create table if not exists tf_job_turns (
  scope text primary key,
  seq bigint not null
);
create sequence if not exists tf_job_turn_seq;

-- The next job, fairly: among the jobs that are due (or whose worker's lease ran out), whose gap
-- no live worker runs, outside p_skip_lanes and of installations with fewer than
-- p_max_per_installation jobs running (null: no cap), take people's requests before scan gaps,
-- then the installation served longest ago, then its lane (repository) served longest ago, then
-- the oldest job. A backlog in one installation thus waits its turn beside another's single job.
-- Claims take a transaction-scoped advisory lock, so turns and gaps are decided one at a time.
drop function if exists tf_claim_job(text, int, jsonb, timestamptz);
create or replace function tf_claim_job(
  p_owner text,
  p_lease_seconds int default 30,
  p_skip_lanes jsonb default '[]'::jsonb,
  p_max_per_installation int default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_job tf_jobs;
  v_skip text[];
  v_full bigint[];
  v_id bigint;
  v_seq bigint;
begin
  if coalesce(p_owner, '') = '' or p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'tf_claim_job: owner and a lease of at least 1 second are required' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(p_skip_lanes, '[]'::jsonb)) <> 'array' then
    raise exception 'tf_claim_job: skip lanes must be a JSON array of strings' using errcode = '22023';
  end if;
  if p_max_per_installation is not null and p_max_per_installation < 1 then
    raise exception 'tf_claim_job: at most 1 or more jobs per installation' using errcode = '22023';
  end if;
  select coalesce(array_agg(x), '{}') into v_skip
  from jsonb_array_elements_text(coalesce(p_skip_lanes, '[]'::jsonb)) x;
  perform pg_advisory_xact_lock(7361626, 1);
  -- Installations at their cap, counted once (not per candidate job).
  select coalesce(array_agg(b.installation_id), '{}') into v_full from (
    select r.installation_id from tf_jobs r
    where p_max_per_installation is not null and r.status = 'running' and r.lease_until > p_now
      and r.installation_id is not null
    group by r.installation_id
    having count(*) >= p_max_per_installation) b;
  -- The choice first (a bounded sort of ids), then its row locked and checked again.
  select j.id into v_id from tf_jobs j
  left join tf_job_turns ti on ti.scope = 'i:' || coalesce(j.installation_id, 0)
  left join tf_job_turns tl on tl.scope = 'l:' || coalesce(j.lane, '')
  where ((j.status = 'queued' and j.available_at <= p_now)
      or (j.status = 'running' and j.lease_until <= p_now))
    and (j.lane is null or not (j.lane = any (v_skip)))
    and (j.installation_id is null or not (j.installation_id = any (v_full)))
    and (j.gap_key is null or not exists (
      select 1 from tf_jobs r
      where r.gap_key = j.gap_key and r.status = 'running' and r.lease_until > p_now and r.id <> j.id))
  order by (j.kind = 'scan'), coalesce(ti.seq, 0), coalesce(tl.seq, 0), j.id
  limit 1;
  if v_id is null then
    return null;
  end if;
  select * into v_job from tf_jobs where id = v_id for update;
  if not ((v_job.status = 'queued' and v_job.available_at <= p_now)
      or (v_job.status = 'running' and v_job.lease_until <= p_now)) then
    return null;
  end if;
  update tf_jobs set status = 'running', owner = p_owner, attempts = attempts + 1,
    lease_until = p_now + make_interval(secs => p_lease_seconds), updated_at = p_now
  where id = v_job.id
  returning * into v_job;
  v_seq := nextval('tf_job_turn_seq');
  insert into tf_job_turns (scope, seq)
  values ('i:' || coalesce(v_job.installation_id, 0), v_seq), ('l:' || coalesce(v_job.lane, ''), v_seq)
  on conflict (scope) do update set seq = excluded.seq;
  return to_jsonb(v_job);
end
$$;

-- GitHub's limits per installation, shared by every replica: a pause (a `retry-after`, a reset)
-- and the content-creating requests granted, each at the time it may be sent.
create table if not exists tf_github_budgets (
  installation_id bigint primary key,
  paused_until timestamptz,
  pause_reason text,
  updated_at timestamptz not null
);
create table if not exists tf_github_writes (
  id bigint generated always as identity primary key,
  installation_id bigint not null,
  at timestamptz not null
);
create index if not exists tf_github_writes_installation_at_idx on tf_github_writes (installation_id, at desc);

-- Grants the installation's next content-creating request: the earliest time at or after now that
-- no pause covers and that keeps every window of p_windows (a JSON array of {limit, ms}: at most
-- `limit` grants in any `ms`, plus p_margin_ms). Grants of one installation are decided one at a
-- time under its budget row's lock. Returns {id, wait_ms}: send after wait_ms (the database's
-- clock decides, so replicas on other hosts agree); a wait means confirm the grant first.
create or replace function tf_take_github_write(
  p_installation_id bigint,
  p_windows jsonb default '[]'::jsonb,
  p_margin_ms int default 0,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_budget tf_github_budgets;
  v_at timestamptz := p_now;
  v_nth timestamptz;
  v_longest bigint := 0;
  v_id bigint;
  w record;
begin
  if p_installation_id is null or jsonb_typeof(coalesce(p_windows, '[]'::jsonb)) <> 'array'
      or coalesce(p_margin_ms, 0) < 0 then
    raise exception 'tf_take_github_write: an installation, a JSON array of windows and a margin of 0 or more are required'
      using errcode = '22023';
  end if;
  insert into tf_github_budgets (installation_id, updated_at) values (p_installation_id, p_now)
  on conflict (installation_id) do nothing;
  select * into v_budget from tf_github_budgets where installation_id = p_installation_id for update;
  if v_budget.paused_until > v_at then
    v_at := v_budget.paused_until;
  end if;
  for w in
    select (x->>'limit')::int as lim, (x->>'ms')::bigint as ms
    from jsonb_array_elements(coalesce(p_windows, '[]'::jsonb)) x
  loop
    if w.lim is null or w.lim < 1 or w.ms is null or w.ms < 1 then
      raise exception 'tf_take_github_write: each window needs a limit and ms of 1 or more' using errcode = '22023';
    end if;
    v_longest := greatest(v_longest, w.ms + coalesce(p_margin_ms, 0));
    select g.at into v_nth from tf_github_writes g
    where g.installation_id = p_installation_id
    order by g.at desc
    offset w.lim - 1 limit 1;
    if found and v_nth + make_interval(secs => (w.ms + coalesce(p_margin_ms, 0)) / 1000.0) > v_at then
      v_at := v_nth + make_interval(secs => (w.ms + coalesce(p_margin_ms, 0)) / 1000.0);
    end if;
  end loop;
  insert into tf_github_writes (installation_id, at) values (p_installation_id, v_at) returning id into v_id;
  delete from tf_github_writes
  where installation_id = p_installation_id and at < p_now - make_interval(secs => v_longest / 1000.0);
  return jsonb_build_object('id', v_id,
    'wait_ms', greatest(0, floor(extract(epoch from (v_at - p_now)) * 1000))::bigint);
end
$$;

-- A granted request has been answered: it counts from now on rather than from its grant, so a
-- request that reached GitHub late never lets a later one into its window early.
create or replace function tf_github_write_done(p_id bigint, p_now timestamptz default now())
returns boolean
language sql
set search_path = public, pg_temp
as $$
  update tf_github_writes set at = greatest(at, p_now) where id = p_id returning true
$$;

-- A grant still stands (no pause cancelled it since it was taken).
create or replace function tf_confirm_github_write(p_id bigint)
returns boolean
language sql
stable
set search_path = public, pg_temp
as $$ select exists (select 1 from tf_github_writes where id = p_id) $$;

-- Pauses the installation's writes on every replica for p_ms (a `retry-after`, a reset): grants
-- not sent yet are cancelled (their holders take new ones). A shorter pause never shortens one
-- in force. Returns {paused_ms, cancelled}.
create or replace function tf_pause_github(
  p_installation_id bigint,
  p_ms bigint,
  p_reason text default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_until timestamptz;
  v_cancelled int;
begin
  if p_installation_id is null or p_ms is null or p_ms < 0 then
    raise exception 'tf_pause_github: an installation and a pause of 0 ms or more are required' using errcode = '22023';
  end if;
  insert into tf_github_budgets (installation_id, paused_until, pause_reason, updated_at)
  values (p_installation_id, p_now + make_interval(secs => p_ms / 1000.0), left(p_reason, 200), p_now)
  on conflict (installation_id) do update
    set paused_until = greatest(coalesce(tf_github_budgets.paused_until, excluded.paused_until), excluded.paused_until),
        pause_reason = case when excluded.paused_until >= coalesce(tf_github_budgets.paused_until, excluded.paused_until)
          then excluded.pause_reason else tf_github_budgets.pause_reason end,
        updated_at = p_now
  returning paused_until into v_until;
  delete from tf_github_writes where installation_id = p_installation_id and at > p_now;
  get diagnostics v_cancelled = row_count;
  return jsonb_build_object(
    'paused_ms', greatest(0, floor(extract(epoch from (v_until - p_now)) * 1000))::bigint,
    'cancelled', v_cancelled);
end
$$;

-- What the operator sees of an installation's budget: the pause and the grants in the last p_ms.
create or replace function tf_github_budget_status(
  p_installation_id bigint,
  p_ms bigint default 60000,
  p_now timestamptz default now()
)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'paused_ms', coalesce((select greatest(0, floor(extract(epoch from (b.paused_until - p_now)) * 1000))::bigint
      from tf_github_budgets b where b.installation_id = p_installation_id), 0),
    'pause_reason', (select b.pause_reason from tf_github_budgets b
      where b.installation_id = p_installation_id and b.paused_until > p_now),
    'writes', (select count(*) from tf_github_writes g
      where g.installation_id = p_installation_id and g.at > p_now - make_interval(secs => coalesce(p_ms, 60000) / 1000.0)
        and g.at <= p_now))
$$;

do $$
declare
  t text;
  f record;
begin
  foreach t in array array['tf_job_turns', 'tf_github_budgets', 'tf_github_writes'] loop
    execute format('alter table public.%I enable row level security', t);
  end loop;
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_enqueue_job', 'tf_claim_job', 'tf_take_github_write', 'tf_github_write_done', 'tf_confirm_github_write',
        'tf_pause_github', 'tf_github_budget_status') loop
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

insert into tf_schema_migrations (version, name) values ('20261207110000', 'fleet_budget_fair_claims')
on conflict (version) do nothing;

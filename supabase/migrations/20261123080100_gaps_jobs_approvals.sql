-- Team Factory store, part 2 (issue 5): one row per gap key (shared by label, command and scan
-- triggers) with its state machine, durable jobs, and approvals bound to a spec hash.

create table if not exists tf_gaps (
  gap_key text primary key,
  repo text not null,
  installation_id bigint not null,
  issue_number int,
  trigger text not null,
  requester text,
  state text not null default 'received' check (state in (
    'received', 'planned', 'awaiting-approval', 'publishing', 'pr-open',
    'merged', 'closed', 'rejected', 'failed')),
  slug text,
  branch text,
  spec jsonb,
  spec_hash text,
  cost jsonb,
  pr_number int,
  pr_url text,
  paths jsonb not null default '[]'::jsonb,
  reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Allowed moves. A re-trigger may plan a gap again (after a failure, rejection, closed PR, or a
-- crash mid-publish); a merged gap is final.
create or replace function tf_gap_next_states(p_state text)
returns text[]
language sql
immutable
as $$
  select case p_state
    when 'received' then array['planned', 'rejected', 'failed']
    when 'planned' then array['planned', 'awaiting-approval', 'publishing', 'rejected', 'failed']
    when 'awaiting-approval' then array['awaiting-approval', 'planned', 'publishing', 'rejected', 'failed']
    when 'publishing' then array['pr-open', 'planned', 'failed']
    when 'pr-open' then array['pr-open', 'planned', 'merged', 'closed', 'rejected', 'failed']
    when 'closed' then array['planned', 'rejected', 'failed']
    when 'rejected' then array['planned', 'rejected', 'failed']
    when 'failed' then array['planned', 'rejected', 'failed']
    else array[]::text[]
  end
$$;

-- Records a trigger of a gap: the first one creates it (state received, requester = actor);
-- later ones return the existing row and fill a missing issue number.
create or replace function tf_open_gap(
  p_gap_key text,
  p_repo text,
  p_installation_id bigint,
  p_issue_number int,
  p_trigger text,
  p_actor text,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_gap tf_gaps;
begin
  if coalesce(p_gap_key, '') = '' or coalesce(p_repo, '') = '' or p_installation_id is null or coalesce(p_trigger, '') = '' then
    raise exception 'tf_open_gap: gap key, repo, installation and trigger are required' using errcode = '22023';
  end if;
  insert into tf_gaps (gap_key, repo, installation_id, issue_number, trigger, requester, created_at, updated_at)
  values (p_gap_key, p_repo, p_installation_id, p_issue_number, p_trigger, nullif(p_actor, ''), p_now, p_now)
  on conflict (gap_key) do update
    set issue_number = coalesce(tf_gaps.issue_number, excluded.issue_number),
        requester = coalesce(tf_gaps.requester, excluded.requester)
  returning * into v_gap;
  return to_jsonb(v_gap);
end
$$;

create or replace function tf_get_gap(p_gap_key text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$ select to_jsonb(g) from tf_gaps g where g.gap_key = p_gap_key $$;

-- Moves a gap to p_state, refusing moves the state machine does not allow. p_fields may set
-- slug, branch, spec, spec_hash, cost, pr_number, pr_url, paths and reason; absent keys keep
-- their values.
create or replace function tf_transition_gap(
  p_gap_key text,
  p_state text,
  p_actor text,
  p_fields jsonb default '{}'::jsonb,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_gap tf_gaps;
  v_f jsonb := coalesce(p_fields, '{}'::jsonb);
  v_next text[];
begin
  select * into v_gap from tf_gaps where gap_key = p_gap_key for update;
  if not found then
    raise exception 'gap % is not recorded', p_gap_key
      using errcode = 'P0002', hint = 'Open the gap (tf_open_gap) before moving it.';
  end if;
  v_next := tf_gap_next_states(v_gap.state);
  if not (p_state = any (v_next)) then
    raise exception 'gap % cannot move from % to %', p_gap_key, v_gap.state, coalesce(p_state, 'null')
      using errcode = '22023',
        hint = case when cardinality(v_next) = 0 then format('%s is final.', v_gap.state)
          else format('From %s it can move to: %s.', v_gap.state, array_to_string(v_next, ', ')) end;
  end if;
  if jsonb_typeof(v_f) <> 'object' then
    raise exception 'tf_transition_gap: fields must be a JSON object' using errcode = '22023';
  end if;
  update tf_gaps set
    state = p_state,
    slug = case when v_f ? 'slug' then v_f->>'slug' else slug end,
    branch = case when v_f ? 'branch' then v_f->>'branch' else branch end,
    spec = case when v_f ? 'spec' then v_f->'spec' else spec end,
    spec_hash = case when v_f ? 'spec_hash' then v_f->>'spec_hash' else spec_hash end,
    cost = case when v_f ? 'cost' then v_f->'cost' else cost end,
    pr_number = case when v_f ? 'pr_number' then (v_f->>'pr_number')::int else pr_number end,
    pr_url = case when v_f ? 'pr_url' then v_f->>'pr_url' else pr_url end,
    paths = case when v_f ? 'paths' then coalesce(v_f->'paths', '[]'::jsonb) else paths end,
    reason = case when v_f ? 'reason' then v_f->>'reason' else null end,
    updated_at = p_now
  where gap_key = p_gap_key
  returning * into v_gap;
  return to_jsonb(v_gap);
end
$$;

-- Durable jobs: recorded before the webhook is answered (one per delivery), claimed with a
-- lease so a crashed worker's job is picked up again, retried until max_attempts.
create table if not exists tf_jobs (
  id bigint generated always as identity primary key,
  delivery_id text not null unique,
  kind text not null,
  gap_key text,
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts int not null default 0,
  max_attempts int not null default 5,
  owner text,
  lease_until timestamptz,
  available_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index if not exists tf_jobs_unfinished_idx on tf_jobs (id) where status in ('queued', 'running');

create or replace function tf_enqueue_job(
  p_delivery_id text,
  p_kind text,
  p_payload jsonb,
  p_gap_key text default null,
  p_max_attempts int default 5,
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
  insert into tf_jobs (delivery_id, kind, gap_key, payload, max_attempts, available_at, created_at, updated_at)
  values (p_delivery_id, p_kind, p_gap_key, p_payload, greatest(coalesce(p_max_attempts, 5), 1), p_now, p_now, p_now)
  on conflict (delivery_id) do nothing
  returning id into v_id;
  if v_id is not null then
    return jsonb_build_object('id', v_id, 'created', true);
  end if;
  select id into v_id from tf_jobs where delivery_id = p_delivery_id;
  return jsonb_build_object('id', v_id, 'created', false);
end
$$;

-- The oldest job that is queued and due, or running with an expired lease; null when none.
create or replace function tf_claim_job(
  p_owner text,
  p_lease_seconds int default 300,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_job tf_jobs;
begin
  if coalesce(p_owner, '') = '' or p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception 'tf_claim_job: owner and a lease of at least 1 second are required' using errcode = '22023';
  end if;
  select * into v_job from tf_jobs
  where (status = 'queued' and available_at <= p_now) or (status = 'running' and lease_until <= p_now)
  order by id
  limit 1
  for update skip locked;
  if not found then
    return null;
  end if;
  update tf_jobs set status = 'running', owner = p_owner, attempts = attempts + 1,
    lease_until = p_now + make_interval(secs => p_lease_seconds), updated_at = p_now
  where id = v_job.id
  returning * into v_job;
  return to_jsonb(v_job);
end
$$;

create or replace function tf_complete_job(p_id bigint, p_owner text, p_now timestamptz default now())
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
begin
  update tf_jobs set status = 'done', lease_until = null, last_error = null, updated_at = p_now
  where id = p_id and owner = p_owner and status = 'running';
  return found;
end
$$;

-- Records a failure; the job is queued again after p_retry_seconds until attempts run out
-- (p_give_up: failed now, e.g. a payload that can never run).
create or replace function tf_fail_job(
  p_id bigint,
  p_owner text,
  p_error text,
  p_retry_seconds int default 60,
  p_give_up boolean default false,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_job tf_jobs;
begin
  update tf_jobs set
    status = case when attempts >= max_attempts or coalesce(p_give_up, false) then 'failed' else 'queued' end,
    available_at = p_now + make_interval(secs => greatest(coalesce(p_retry_seconds, 60), 0)),
    lease_until = null,
    last_error = left(coalesce(p_error, 'unknown error'), 4000),
    updated_at = p_now
  where id = p_id and owner = p_owner and status = 'running'
  returning * into v_job;
  if not found then
    return null;
  end if;
  return to_jsonb(v_job);
end
$$;

-- Queued and running jobs, oldest first (a restarted app resumes or reports them).
create or replace function tf_list_unfinished_jobs(p_limit int default 100)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(to_jsonb(j) order by j.id), '[]'::jsonb)
  from (select * from tf_jobs where status in ('queued', 'running') order by id limit greatest(coalesce(p_limit, 100), 1)) j
$$;

-- Approvals, bound to the exact spec hash that was approved.
create table if not exists tf_approvals (
  gap_key text not null,
  spec_hash text not null,
  approver text not null,
  approved_at timestamptz not null,
  primary key (gap_key, spec_hash, approver)
);

-- True when recorded now, false when this approver had already approved this spec. The
-- requester of the gap cannot approve it.
create or replace function tf_record_approval(
  p_gap_key text,
  p_spec_hash text,
  p_approver text,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_requester text;
begin
  if coalesce(p_gap_key, '') = '' or coalesce(p_spec_hash, '') = '' or coalesce(p_approver, '') = '' then
    raise exception 'tf_record_approval: gap key, spec hash and approver are required' using errcode = '22023';
  end if;
  select requester into v_requester from tf_gaps where gap_key = p_gap_key;
  if lower(v_requester) = lower(p_approver) then
    raise exception '% asked for this team and cannot approve it', p_approver
      using errcode = '42501', hint = 'Another maintainer or admin has to comment /approve-team.';
  end if;
  insert into tf_approvals (gap_key, spec_hash, approver, approved_at)
  values (p_gap_key, p_spec_hash, p_approver, p_now)
  on conflict do nothing;
  return found;
end
$$;

create or replace function tf_find_approval(p_gap_key text, p_spec_hash text)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select to_jsonb(a) from tf_approvals a
  where a.gap_key = p_gap_key and a.spec_hash = p_spec_hash
  order by a.approved_at
  limit 1
$$;

insert into tf_schema_migrations (version, name) values ('20261123080100', 'gaps_jobs_approvals')
on conflict (version) do nothing;

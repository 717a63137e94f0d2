-- Trust boundary, part 1 (issue 12): approvals bound to the exact spec, its authors and its time;
-- gap identity from the app's own records; one team name per repository.

alter table tf_gaps add column if not exists spec_authors text[] not null default '{}';
alter table tf_gaps add column if not exists planned_at timestamptz;

-- A team name (folder and branch) belongs to one gap per repository.
create unique index if not exists tf_gaps_repo_slug_idx on tf_gaps (lower(repo), slug) where slug is not null;
create index if not exists tf_gaps_repo_issue_idx on tf_gaps (lower(repo), issue_number) where issue_number is not null;

-- As before, and: a move that records a spec adds the actor to the spec's authors (a re-plan
-- records who shaped it), and a new spec hash sets planned_at.
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
    spec_authors = case
      when v_f ? 'spec' and nullif(p_actor, '') is not null
        and not (lower(p_actor) = any (select lower(a) from unnest(spec_authors) a))
      then array_append(spec_authors, p_actor)
      else spec_authors end,
    planned_at = case
      when v_f ? 'spec_hash' and (v_f->>'spec_hash') is distinct from spec_hash then p_now
      else planned_at end,
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

-- The approval of one spec, checked again under the gap's row lock: the gap waits for an
-- approval of exactly this hash, the approver neither asked for the team nor shaped its spec, and
-- the approving comment was written after the spec was planned.
drop function if exists tf_record_approval(text, text, text, timestamptz);
create or replace function tf_record_approval(
  p_gap_key text,
  p_spec_hash text,
  p_approver text,
  p_written_at timestamptz default null,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_gap tf_gaps;
begin
  if coalesce(p_gap_key, '') = '' or coalesce(p_spec_hash, '') = '' or coalesce(p_approver, '') = '' then
    raise exception 'tf_record_approval: gap key, spec hash and approver are required' using errcode = '22023';
  end if;
  select * into v_gap from tf_gaps where gap_key = p_gap_key for update;
  if not found or v_gap.state <> 'awaiting-approval' or v_gap.spec_hash is distinct from p_spec_hash then
    raise exception 'the spec % is not the one waiting for approval', left(p_spec_hash, 12)
      using errcode = '42501', hint = 'Approve the spec named in the latest Team Factory comment.';
  end if;
  if lower(coalesce(v_gap.requester, '')) = lower(p_approver)
    or lower(p_approver) = any (select lower(a) from unnest(v_gap.spec_authors) a) then
    raise exception '% asked for this team or shaped its spec and cannot approve it', p_approver
      using errcode = '42501', hint = 'Another maintainer or admin has to comment /approve-team.';
  end if;
  -- GitHub's timestamps have whole seconds: a comment in the second of the planning counts.
  if p_written_at is not null and v_gap.planned_at is not null
    and p_written_at < date_trunc('second', v_gap.planned_at) then
    raise exception 'this approval was written before the spec it would approve was planned'
      using errcode = '42501', hint = 'Comment /approve-team again with the spec hash shown now.';
  end if;
  insert into tf_approvals (gap_key, spec_hash, approver, approved_at)
  values (p_gap_key, p_spec_hash, p_approver, p_now)
  on conflict do nothing;
  return found;
end
$$;

-- The gap recorded for an issue (a scan gap keeps its skill key on the issue the scan opened).
create or replace function tf_find_gap_by_issue(p_repo text, p_issue_number int)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select to_jsonb(g) from tf_gaps g
  where lower(g.repo) = lower(p_repo) and g.issue_number = p_issue_number
  order by g.created_at
  limit 1
$$;

-- Team names other gaps of the repository hold.
create or replace function tf_list_team_names(p_repo text, p_except_gap_key text default null)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(g.slug order by g.slug), '[]'::jsonb) from tf_gaps g
  where lower(g.repo) = lower(p_repo) and g.slug is not null
    and g.gap_key is distinct from p_except_gap_key
$$;

-- Answers to people who may not trigger are rationed: a notice is taken only while every scope
-- (e.g. one person on one repository, the repository) has had fewer than its limit in the window.
create table if not exists tf_notices (
  scope text not null,
  noticed_at timestamptz not null
);
create index if not exists tf_notices_scope_idx on tf_notices (scope, noticed_at);
alter table tf_notices enable row level security;

create or replace function tf_take_notice(
  p_scopes jsonb,
  p_window_seconds int,
  p_now timestamptz default now()
)
returns boolean
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_scope jsonb;
  v_widest text;
begin
  if jsonb_typeof(p_scopes) <> 'array' or jsonb_array_length(p_scopes) = 0
    or coalesce(p_window_seconds, 0) < 1 then
    raise exception 'tf_take_notice: scopes [{"key", "limit"}, ...] and a window of at least 1 second are required'
      using errcode = '22023';
  end if;
  -- Replicas taking a notice for the same last scope (the widest) wait for each other.
  v_widest := p_scopes->(jsonb_array_length(p_scopes) - 1)->>'key';
  perform pg_advisory_xact_lock(hashtext('tf_notice:' || coalesce(v_widest, '')));
  for v_scope in select * from jsonb_array_elements(p_scopes) loop
    if (select count(*) from tf_notices
        where scope = v_scope->>'key'
          and noticed_at > p_now - make_interval(secs => p_window_seconds)) >= (v_scope->>'limit')::int then
      return false;
    end if;
  end loop;
  insert into tf_notices (scope, noticed_at)
  select e->>'key', p_now from jsonb_array_elements(p_scopes) e;
  delete from tf_notices where noticed_at < p_now - interval '2 days';
  return true;
end
$$;

do $$
declare
  f record;
begin
  for f in select p.oid::regprocedure as sig from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and p.proname in ('tf_transition_gap', 'tf_record_approval', 'tf_find_gap_by_issue',
        'tf_list_team_names', 'tf_take_notice') loop
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

insert into tf_schema_migrations (version, name) values ('20261129090000', 'trust_boundary')
on conflict (version) do nothing;

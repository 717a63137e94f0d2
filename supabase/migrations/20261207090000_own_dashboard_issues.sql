-- The dashboard issue is only ever one the app opened (issue 25). A number found before this
-- release by its marker alone may be another bot's issue: each is forgotten once, and the next
-- update finds the dashboard again among the app's own issues (or opens one).
update tf_dashboards set issue_number = null where issue_number is not null;

insert into tf_schema_migrations (version, name) values ('20261207090000', 'own_dashboard_issues')
on conflict (version) do nothing;

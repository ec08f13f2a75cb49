-- keel_reader: analysts connect as it and read the report views, nothing else. A role belongs to the whole server, so it
-- is created once and shared by every Keel database on it; it cannot log in until keel.db.reader-password gives it a
-- password (applied at start-up). Views run with their owner's rights, so SELECT on a view needs no right on the tables.
DO $$
DECLARE
  v record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keel_reader') THEN
    CREATE ROLE keel_reader NOLOGIN;
  END IF;
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM keel_reader', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO keel_reader', current_database());
  REVOKE ALL ON ALL TABLES IN SCHEMA public FROM keel_reader;
  REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM keel_reader;
  REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM keel_reader;
  GRANT USAGE ON SCHEMA public TO keel_reader;
  FOR v IN SELECT viewname FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'report\_%' LOOP
    EXECUTE format('GRANT SELECT ON %I TO keel_reader', v.viewname);
  END LOOP;
END
$$;

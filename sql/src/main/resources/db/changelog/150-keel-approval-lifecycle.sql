--liquibase formatted sql

-- The approval surface's base: the key that signs investors' page links, every proposal's status history, and the
-- cost-blind yardstick an investor sees beside a proposal's cost.

--changeset keel:installation-link-key
-- 64 hex characters from two random UUIDs (244 random bits); never printed or logged. Rotated with the installation id
-- when a database is emptied, so a link to an old proposal never opens a new proposal that reuses its id.
ALTER TABLE installation ADD COLUMN link_key TEXT NOT NULL
  DEFAULT (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));
COMMENT ON COLUMN installation.link_key IS 'HMAC key of the signed links to proposal pages (secret)';

--changeset keel:table-proposal-status-history
CREATE TABLE proposal_status_history (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_id  BIGINT NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
  status       TEXT NOT NULL,
  at           TIMESTAMPTZ NOT NULL,
  actor        TEXT,
  reason       TEXT
);
CREATE INDEX proposal_status_history_ix ON proposal_status_history (proposal_id, id);
COMMENT ON TABLE proposal_status_history IS 'every status a proposal has had, written by a trigger whichever module made the transition';
COMMENT ON COLUMN proposal_status_history.at IS 'the transition''s own time: created, decided, claimed or finished; for an expiry its expiry, or the statement time when closed earlier';

--changeset keel:proposal-status-history-trigger splitStatements:false
CREATE FUNCTION proposal_status_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
    INSERT INTO proposal_status_history (proposal_id, status, at, actor, reason)
    VALUES (NEW.id, NEW.status,
            CASE
              WHEN TG_OP = 'INSERT' THEN NEW.created_at
              WHEN NEW.status IN ('APPROVED', 'REJECTED') THEN coalesce(NEW.decided_at, statement_timestamp())
              WHEN NEW.status = 'EXECUTING' THEN coalesce(NEW.claimed_at, statement_timestamp())
              WHEN NEW.status IN ('EXECUTED', 'PARTIAL', 'FAILED', 'HELD') THEN coalesce(NEW.finished_at, statement_timestamp())
              ELSE least(NEW.expires_at, statement_timestamp())
            END,
            CASE
              WHEN TG_OP = 'UPDATE' AND NEW.status IN ('APPROVED', 'REJECTED') THEN NEW.decided_by
              WHEN NEW.status = 'EXECUTING' THEN NEW.claimed_by
            END,
            CASE
              WHEN TG_OP = 'UPDATE' AND NEW.status IN ('APPROVED', 'REJECTED') THEN NEW.decision_reason
              WHEN NEW.status IN ('EXPIRED', 'HELD', 'FAILED', 'PARTIAL') THEN coalesce(NEW.outcome_reason, NEW.decision_reason)
            END);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER proposal_status_history_tg AFTER INSERT OR UPDATE OF status ON proposal
  FOR EACH ROW EXECUTE FUNCTION proposal_status_history_record();

--changeset keel:proposal-cost-to-target
ALTER TABLE proposal ADD COLUMN cost_to_target NUMERIC(38, 8) CHECK (cost_to_target >= 0);
COMMENT ON COLUMN proposal.cost_to_target IS 'what trading every line exactly back to target would have cost at the proposal''s prices by the same cost model, USDT; null for proposals written before it was recorded';

--liquibase formatted sql

-- The proposal lifecycle's transitions, as the database enforces them: proposal_transition holds every (from, to) pair
-- that dev.keel.domain.proposal.ProposalStatus allows (a test compares the two pair by pair), and a trigger refuses any
-- other change of a proposal's status, whichever module or statement makes it. A new proposal may start in any status:
-- its birth is decided by ProposalLifecycle and written by the scan's COPY, which this does not slow down.

--changeset keel:table-proposal-transition
CREATE TABLE proposal_transition (
  from_status  TEXT NOT NULL CHECK (from_status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTING', 'EXECUTED', 'PARTIAL', 'FAILED', 'HELD')),
  to_status    TEXT NOT NULL CHECK (to_status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'EXPIRED', 'EXECUTING', 'EXECUTED', 'PARTIAL', 'FAILED', 'HELD')),
  PRIMARY KEY (from_status, to_status),
  CHECK (from_status <> to_status)
);
COMMENT ON TABLE proposal_transition IS 'the status changes a proposal may make, as ProposalStatus.canBecome allows them; any other is refused by proposal_status_transition_tg';
INSERT INTO proposal_transition (from_status, to_status) VALUES
  ('PROPOSED', 'APPROVED'), ('PROPOSED', 'REJECTED'), ('PROPOSED', 'EXPIRED'),
  ('APPROVED', 'EXECUTING'), ('APPROVED', 'EXPIRED'),
  ('EXECUTING', 'EXECUTED'), ('EXECUTING', 'PARTIAL'), ('EXECUTING', 'FAILED'), ('EXECUTING', 'HELD');

--changeset keel:proposal-status-transition-trigger splitStatements:false
CREATE FUNCTION proposal_status_transition_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  allowed TEXT;
BEGIN
  IF OLD.status IS DISTINCT FROM NEW.status AND NOT EXISTS (
      SELECT 1 FROM proposal_transition WHERE from_status = OLD.status AND to_status = NEW.status) THEN
    SELECT string_agg(to_status, ', ' ORDER BY to_status) INTO allowed FROM proposal_transition WHERE from_status = OLD.status;
    RAISE EXCEPTION 'proposal % cannot go from % to %: %', OLD.id, OLD.status, NEW.status,
        coalesce('from ' || OLD.status || ' the lifecycle allows ' || allowed, OLD.status || ' is final')
      USING ERRCODE = 'check_violation', CONSTRAINT = 'proposal_status_transition', TABLE = 'proposal', COLUMN = 'status';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER proposal_status_transition_tg BEFORE UPDATE OF status ON proposal
  FOR EACH ROW EXECUTE FUNCTION proposal_status_transition_check();

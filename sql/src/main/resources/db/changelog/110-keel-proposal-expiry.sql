--liquibase formatted sql

-- A proposal's expiry is counted from its cycle, not from when the row was written. A cycle rerun
-- after its proposals' lifetime (an operator restarting yesterday's failed scan) writes them as
-- EXPIRED: kept for the record, never actionable, never auto-approved on old prices.

--changeset keel:proposal-expiry-after-cycle
ALTER TABLE proposal DROP CONSTRAINT proposal_check;
ALTER TABLE proposal ADD CONSTRAINT proposal_expires_after_cycle_ck CHECK (expires_at > cycle);

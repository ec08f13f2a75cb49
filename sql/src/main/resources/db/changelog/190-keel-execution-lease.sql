--liquibase formatted sql

-- Which process runs a job's cycle: the launcher's advisory lock stays the mutex, and this row says who holds it,
-- refreshed by a heartbeat, so a restart or a recovery can tell a live execution from one whose process died even
-- when the lock's connection dropped while the process lives, or outlives a dead host.

--changeset keel:table-execution-lease
CREATE TABLE execution_lease (
  job_name      TEXT NOT NULL,
  cycle         TIMESTAMPTZ NOT NULL,
  execution_id  BIGINT,
  node          TEXT NOT NULL,
  host          TEXT NOT NULL,
  pid           BIGINT NOT NULL,
  acquired_at   TIMESTAMPTZ NOT NULL,
  heartbeat_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (job_name, cycle),
  CHECK (heartbeat_at >= acquired_at)
);
COMMENT ON TABLE execution_lease IS 'one row per job cycle being run: the process that runs it and its last heartbeat; deleted when the launch ends';
COMMENT ON COLUMN execution_lease.execution_id IS 'the Spring Batch execution, filled in by the first heartbeat after it is created';
COMMENT ON COLUMN execution_lease.node IS 'the Quartz instance id of the node, or the operator command that launched it';
COMMENT ON COLUMN execution_lease.heartbeat_at IS 'refreshed every keel.operations.heartbeat; older than keel.operations.lease-stale-after means the process is gone';

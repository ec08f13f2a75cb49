--liquibase formatted sql

-- The approval API: the platform's API keys (stored hashed) and the idempotency records of its decisions.

--changeset keel:table-api-key
CREATE TABLE api_key (
  id            TEXT PRIMARY KEY CHECK (id ~ '^[a-z2-7]{12}$'),
  client        TEXT NOT NULL CHECK (client ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  secret_sha256 BYTEA NOT NULL CHECK (length(secret_sha256) = 32),
  created_at    TIMESTAMPTZ NOT NULL,
  created_by    TEXT NOT NULL,
  last_used_at  TIMESTAMPTZ,
  revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_key_client_ix ON api_key (client);
COMMENT ON TABLE api_key IS 'bearer keys of the API''s clients (keel_<id>_<secret>); a client may hold several at once, so a key rotates without downtime';
COMMENT ON COLUMN api_key.id IS 'the public lookup part of the key, 12 base32 characters';
COMMENT ON COLUMN api_key.secret_sha256 IS 'SHA-256 of the whole key; the key itself is printed once at creation and never stored';
COMMENT ON COLUMN api_key.last_used_at IS 'last accepted request, written at most once a minute per key';

--changeset keel:table-api-idempotency
CREATE TABLE api_idempotency (
  client           TEXT NOT NULL,
  idempotency_key  TEXT NOT NULL,
  fingerprint      BYTEA NOT NULL CHECK (length(fingerprint) = 32),
  state            TEXT NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
  created_at       TIMESTAMPTZ NOT NULL,
  completed_at     TIMESTAMPTZ,
  response_status  INTEGER,
  response_body    TEXT,
  PRIMARY KEY (client, idempotency_key),
  CHECK ((state = 'DONE') = (response_status IS NOT NULL))
);
CREATE INDEX api_idempotency_created_ix ON api_idempotency (created_at);
COMMENT ON TABLE api_idempotency IS 'one row per client and Idempotency-Key of a decision request: its fingerprint and, once done, the response every repeat gets; housekeepingJob removes rows past keel.api.idempotency-retention';
COMMENT ON COLUMN api_idempotency.fingerprint IS 'SHA-256 over the request''s method, path and decision body: the same key with another request is refused (422)';

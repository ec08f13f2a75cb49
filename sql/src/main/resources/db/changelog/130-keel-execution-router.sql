--liquibase formatted sql

-- The execution router: at most one open proposal per portfolio, the state an order needs to be reconciled by its
-- client order id, venue back-off shared by every executor, venue alerts, and what execution is measured against.

--changeset keel:proposal-one-open-per-portfolio
-- A scan cycle restarted after a later cycle has run used to give a portfolio a second open proposal. Before the index
-- exists, every open proposal but the newest of its portfolio is closed as EXPIRED, with the reason.
UPDATE proposal p SET status = 'EXPIRED',
       decision_reason = coalesce(p.decision_reason || '; ', '') || 'closed: a newer open proposal of the portfolio exists (' || n.id || ')'
FROM (SELECT DISTINCT ON (portfolio_id) portfolio_id, id FROM proposal
      WHERE status IN ('PROPOSED', 'APPROVED', 'EXECUTING') ORDER BY portfolio_id, cycle DESC, id DESC) n
WHERE p.portfolio_id = n.portfolio_id AND p.id <> n.id AND p.status IN ('PROPOSED', 'APPROVED');
CREATE UNIQUE INDEX proposal_one_open_uk ON proposal (portfolio_id) WHERE status IN ('PROPOSED', 'APPROVED', 'EXECUTING');
COMMENT ON INDEX proposal_one_open_uk IS 'a portfolio has at most one open proposal (waiting, approved or executing): never traded twice';

--changeset keel:proposal-execution-columns
ALTER TABLE proposal
  ADD COLUMN claimed_by      TEXT,
  ADD COLUMN claimed_at      TIMESTAMPTZ,
  ADD COLUMN finished_at     TIMESTAMPTZ,
  ADD COLUMN outcome_reason  TEXT,
  ADD COLUMN naive_cost      NUMERIC(38, 8) CHECK (naive_cost >= 0),
  ADD COLUMN naive_notional  NUMERIC(38, 8) CHECK (naive_notional >= 0),
  ADD COLUMN naive_venue     TEXT REFERENCES venue (id);
COMMENT ON COLUMN proposal.outcome_reason IS 'why the proposal was HELD, FAILED or PARTIAL, or closed without a decision';
COMMENT ON COLUMN proposal.naive_cost IS 'what trading every line back to target, cost-blind, on the single default venue would have cost on the books Keel executed on, USDT';
COMMENT ON COLUMN proposal.naive_notional IS 'the notional of that naive rebalance, USDT';

--changeset keel:proposal-trade-execution-columns
ALTER TABLE proposal_trade
  ADD COLUMN price_cap         NUMERIC(38, 18) CHECK (price_cap > 0),
  ADD COLUMN mid_at_execution  NUMERIC(38, 18) CHECK (mid_at_execution > 0),
  ADD COLUMN touch_at_execution NUMERIC(38, 18) CHECK (touch_at_execution > 0),
  ADD COLUMN planned_qty       NUMERIC(38, 18) CHECK (planned_qty >= 0);
COMMENT ON COLUMN proposal_trade.price_cap IS 'the worst price any order of the trade may fill at, USDT per unit: a buy never above, a sell never below';
COMMENT ON COLUMN proposal_trade.touch_at_execution IS 'the best price on the side the trade takes when it was routed (best ask for a buy, best bid for a sell): splits the realised cost into spread and impact';
COMMENT ON COLUMN proposal_trade.planned_qty IS 'the quantity execution aims for: the proposal''s quantity, or less for a buy when the sells raised less cash';

--changeset keel:venue-order-reconciliation-columns
ALTER TABLE venue_order
  ADD COLUMN sequence            INTEGER NOT NULL DEFAULT 1 CHECK (sequence >= 1),
  ADD COLUMN checks              INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0),
  ADD COLUMN not_found_checks    INTEGER NOT NULL DEFAULT 0 CHECK (not_found_checks >= 0),
  ADD COLUMN first_not_found_at  TIMESTAMPTZ,
  ADD COLUMN last_checked_at     TIMESTAMPTZ,
  ADD COLUMN expected_price      NUMERIC(38, 18) CHECK (expected_price > 0),
  ADD COLUMN final_at            TIMESTAMPTZ,
  ADD CONSTRAINT venue_order_trade_sequence_uk UNIQUE (proposal_trade_id, sequence);
COMMENT ON COLUMN venue_order.status IS 'NEW: intent committed, the venue may or may not have it; UNKNOWN: placement reply lost; OPEN/PARTIALLY_FILLED: live at the venue; FILLED/CANCELLED/EXPIRED/REJECTED/FAILED: final';
COMMENT ON COLUMN venue_order.not_found_checks IS 'lookups by client order id that answered "no such order"; several over a window are needed before "not placed"';

--changeset keel:venue-order-one-live-per-trade
CREATE UNIQUE INDEX venue_order_live_uk ON venue_order (proposal_trade_id)
  WHERE status IN ('NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED');
COMMENT ON INDEX venue_order_live_uk IS 'at most one live order per proposal trade';

--changeset keel:index-venue-order-live
CREATE INDEX venue_order_live_ix ON venue_order (venue_id) WHERE status IN ('NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED');

--changeset keel:index-venue-order-given-up
CREATE INDEX venue_order_given_up_ix ON venue_order (final_at) WHERE status = 'FAILED';
COMMENT ON INDEX venue_order_given_up_ix IS 'orders given up as never placed are looked up for late fills for a while after (FAULTS.md E5)';

--changeset keel:index-fill-order
CREATE INDEX fill_order_ix ON fill (venue_order_id);

--changeset keel:index-allocation-trade
CREATE INDEX allocation_trade_ix ON allocation (proposal_trade_id);

--changeset keel:holding-entry-fill
ALTER TABLE holding_entry ADD COLUMN fill_id BIGINT REFERENCES fill (id);
ALTER TABLE holding_entry ADD COLUMN note TEXT;
COMMENT ON COLUMN holding_entry.fill_id IS 'the fill behind a TRADE or FEE entry, or behind an ADJUSTMENT for a fill beyond its trade (a late fill of an order given up)';

--changeset keel:table-venue-pause
CREATE TABLE venue_pause (
  venue_id      TEXT PRIMARY KEY REFERENCES venue (id),
  kind          TEXT NOT NULL CHECK (kind IN ('RATE_LIMITED', 'BANNED')),
  paused_from   TIMESTAMPTZ NOT NULL,
  paused_until  TIMESTAMPTZ NOT NULL,
  reason        TEXT NOT NULL,
  CHECK (paused_until >= paused_from)
);
COMMENT ON TABLE venue_pause IS 'a venue no executor sends orders to until paused_until: after HTTP 429 (at least its Retry-After) or 418 (halted, alerted)';

--changeset keel:notification-venue-alert
ALTER TABLE notification ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE notification ADD COLUMN venue_id TEXT REFERENCES venue (id);
ALTER TABLE notification ADD CONSTRAINT notification_addressee_ck CHECK ((kind = 'VENUE_ALERT') = (account_id IS NULL));

--changeset keel:index-proposal-executable
CREATE INDEX proposal_executable_ix ON proposal (id) WHERE status IN ('APPROVED', 'EXECUTING');

--changeset keel:table-installation
-- One row: this database's id, the prefix of every client order id Keel sends, so that a database recreated from
-- scratch (its proposal trade ids starting at 1 again) never sends a venue a client order id it has seen before.
CREATE TABLE installation (
  id          TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9]{8}$'),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  singleton   BOOLEAN NOT NULL DEFAULT TRUE UNIQUE CHECK (singleton)
);
INSERT INTO installation (id) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 8));

--changeset keel:notification-proposal-held
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check
  CHECK (kind IN ('PROPOSAL_READY', 'PROPOSAL_EXECUTED', 'PROPOSAL_EXPIRED', 'PROPOSAL_FAILED', 'PROPOSAL_HELD', 'VENUE_ALERT'));

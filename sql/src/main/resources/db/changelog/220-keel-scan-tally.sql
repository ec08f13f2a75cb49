--liquibase formatted sql

-- The drift scan writes what decided something, not every calm portfolio every minute (docs/adr/0010): scan_outcome
-- keeps a row for each proposal, no-trade decision and skip, and scan_tally one row per committed chunk that accounts
-- for every portfolio of its id range, one character each, with the counts and the drift distribution. The chunk's
-- outcome rows and its tally commit together, so the tallies of a cycle prove in SQL that every portfolio in scope has
-- exactly one outcome (report_scan_completeness), and report_scan_portfolio answers for one portfolio and cycle.

--changeset keel:table-scan-tally
CREATE TABLE scan_tally (
  cycle              TIMESTAMPTZ NOT NULL,
  first_id           BIGINT NOT NULL,
  last_id            BIGINT NOT NULL,
  outcomes           TEXT NOT NULL,
  portfolios         INTEGER NOT NULL,
  no_breach          INTEGER NOT NULL,
  awaiting_decision  INTEGER NOT NULL,
  proposal           INTEGER NOT NULL,
  no_trade           INTEGER NOT NULL,
  skipped            INTEGER NOT NULL,
  max_drift          DOUBLE PRECISION,
  drift_count        INTEGER NOT NULL,
  drift_sum          DOUBLE PRECISION NOT NULL,
  drift_histogram    INTEGER[] NOT NULL,
  step_name          TEXT NOT NULL,
  recorded_at        TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (cycle, first_id),
  CONSTRAINT scan_tally_range_ck CHECK (last_id >= first_id AND length(outcomes) = last_id - first_id + 1),
  CONSTRAINT scan_tally_codes_ck CHECK (outcomes ~ '^[NEAPTS]([NEAPTS.]*[NEAPTS])?$'),
  CONSTRAINT scan_tally_counts_ck CHECK (
    no_breach = length(outcomes) - length(translate(outcomes, 'NE', ''))
    AND awaiting_decision = length(outcomes) - length(replace(outcomes, 'A', ''))
    AND proposal = length(outcomes) - length(replace(outcomes, 'P', ''))
    AND no_trade = length(outcomes) - length(replace(outcomes, 'T', ''))
    AND skipped = length(outcomes) - length(replace(outcomes, 'S', ''))
    AND portfolios = no_breach + awaiting_decision + proposal + no_trade + skipped),
  CONSTRAINT scan_tally_drift_ck CHECK (cardinality(drift_histogram) = 100 AND drift_count BETWEEN 0 AND portfolios)
);
COMMENT ON TABLE scan_tally IS 'one row per committed chunk of a drift-scan cycle, accounting for every portfolio id from first_id to last_id; written in the chunk''s transaction with its scan_outcome rows';
COMMENT ON COLUMN scan_tally.first_id IS 'the lowest portfolio id of the chunk (a restarted chunk leaves out the portfolios a committed tally already holds)';
COMMENT ON COLUMN scan_tally.outcomes IS 'one character per portfolio id from first_id to last_id: N no breach, E no breach (holds nothing), A awaiting a decision on an earlier proposal, P proposal, T no trade, S skipped, . not scanned (inactive or no such id); P, T and S have their row in scan_outcome';
COMMENT ON COLUMN scan_tally.max_drift IS 'largest |weight - target| of the chunk''s portfolios, fraction of portfolio value; null when none is known';
COMMENT ON COLUMN scan_tally.drift_count IS 'portfolios whose largest drift is known (skipped ones may have none)';
COMMENT ON COLUMN scan_tally.drift_sum IS 'sum of those portfolios'' largest drifts, fraction of portfolio value';
COMMENT ON COLUMN scan_tally.drift_histogram IS 'portfolios by largest drift in bins of 0.25 percentage points: element i (from 1) counts drifts in [(i-1) * 0.0025, i * 0.0025), the 100th every drift from 0.2475 up';
COMMENT ON COLUMN scan_tally.step_name IS 'the partition''s worker step that wrote the chunk, for example scanToleranceBands.worker:partition3';
COMMENT ON TABLE scan_outcome IS 'the drift-scan outcomes that decided something (PROPOSAL, NO_TRADE, SKIPPED), one per portfolio and cycle; the rest are counted in scan_tally';

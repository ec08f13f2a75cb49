-- Outcome counts per drift-scan cycle: every portfolio in scope ends each cycle with exactly one outcome. Proposals,
-- no-trade decisions and skips are counted from their scan_outcome rows, the calm portfolios and those awaiting a
-- decision from the cycle's scan_tally rows. Replaces the first definition (report_scan_outcomes.sql), columns unchanged.
CREATE OR REPLACE VIEW report_scan_outcomes AS
SELECT cycle,
       outcome,
       reason,
       portfolios,
       round(100.0 * portfolios / sum(portfolios) OVER (PARTITION BY cycle), 2) AS percent
FROM (SELECT cycle, 'NO_BREACH'::text AS outcome, NULL::text AS reason, sum(no_breach)::bigint AS portfolios
      FROM scan_tally GROUP BY cycle
      UNION ALL
      SELECT cycle, 'AWAITING_DECISION', NULL, sum(awaiting_decision)::bigint
      FROM scan_tally GROUP BY cycle
      UNION ALL
      SELECT cycle, outcome, reason, count(*)
      FROM scan_outcome GROUP BY cycle, outcome, reason) counted
WHERE portfolios > 0;

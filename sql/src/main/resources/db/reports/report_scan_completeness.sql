-- The proof, per drift-scan cycle, that every portfolio scanned has exactly one outcome and nothing was counted twice:
-- portfolios counted by the cycle's scan_tally rows, how many of them twice (0: a restarted chunk left out what a
-- committed tally already held), outcome rows without their character in a tally and P/T/S characters without their
-- row (both 0: a chunk's rows and its tally commit together). Compare portfolios with the active portfolios.
--   SELECT * FROM report_scan_completeness WHERE cycle = '2026-12-05 10:15:00+00';
CREATE OR REPLACE VIEW report_scan_completeness AS
SELECT c.cycle, x.chunks, x.portfolios, x.counted_twice, x.outcome_rows, x.rows_without_tally, x.tallied_without_row
FROM (SELECT DISTINCT cycle FROM scan_tally) c
CROSS JOIN LATERAL (
  WITH covered AS (
    SELECT t.first_id + g.k AS portfolio_id, substr(t.outcomes, (g.k + 1)::int, 1) AS code
    FROM scan_tally t CROSS JOIN LATERAL generate_series(0, t.last_id - t.first_id) AS g(k)
    WHERE t.cycle = c.cycle AND substr(t.outcomes, (g.k + 1)::int, 1) <> '.'),
  written AS (SELECT o.portfolio_id FROM scan_outcome o WHERE o.cycle = c.cycle)
  SELECT (SELECT count(*) FROM scan_tally t WHERE t.cycle = c.cycle)                           AS chunks,
         (SELECT count(*) FROM covered)                                                       AS portfolios,
         (SELECT count(*) - count(DISTINCT portfolio_id) FROM covered)                        AS counted_twice,
         (SELECT count(*) FROM written)                                                       AS outcome_rows,
         (SELECT count(*) FROM written w WHERE NOT EXISTS (SELECT 1 FROM covered v
            WHERE v.portfolio_id = w.portfolio_id AND v.code IN ('P', 'T', 'S')))             AS rows_without_tally,
         (SELECT count(*) FROM covered v WHERE v.code IN ('P', 'T', 'S') AND NOT EXISTS
            (SELECT 1 FROM written w WHERE w.portfolio_id = v.portfolio_id))                  AS tallied_without_row
) x;

-- Outcome counts per drift-scan cycle: every portfolio in scope ends each cycle with exactly one outcome.
CREATE OR REPLACE VIEW report_scan_outcomes AS
SELECT cycle,
       outcome,
       reason,
       count(*)                                                      AS portfolios,
       round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY cycle), 2) AS percent
FROM scan_outcome
GROUP BY cycle, outcome, reason;

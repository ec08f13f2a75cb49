-- One row per portfolio and drift-scan cycle: why a portfolio was or was not rebalanced at a given cycle.
--   SELECT * FROM report_scan_portfolio WHERE portfolio_id = 42 AND cycle = '2026-12-05 10:15:00+00';
-- Proposals, no-trade decisions and skips come with their scan_outcome row (detail, largest drift); a calm portfolio or
-- one awaiting a decision on an earlier proposal is read from its chunk's scan_tally (its own drift is not kept; the
-- chunk's largest is), and the awaited proposal is the portfolio's latest one written before that chunk.
CREATE OR REPLACE VIEW report_scan_portfolio AS
SELECT t.cycle,
       p.id                                                     AS portfolio_id,
       coalesce(o.outcome, CASE c.code WHEN 'A' THEN 'AWAITING_DECISION' ELSE 'NO_BREACH' END) AS outcome,
       o.reason,
       coalesce(o.detail, CASE c.code
                            WHEN 'N' THEN 'every weight inside its band'
                            WHEN 'E' THEN 'portfolio holds nothing'
                            WHEN 'A' THEN 'proposal ' || w.id || ' of cycle '
                                          || to_char(w.cycle AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                          || ', expires '
                                          || to_char(w.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                          || ', was still open (' || w.status || ' now)'
                          END)                                  AS detail,
       o.max_drift,
       t.max_drift                                              AS chunk_max_drift,
       w.id                                                     AS awaited_proposal_id,
       t.step_name,
       coalesce(o.recorded_at, t.recorded_at)                   AS recorded_at
FROM scan_tally t
JOIN portfolio p ON p.id BETWEEN t.first_id AND t.last_id
CROSS JOIN LATERAL (SELECT substr(t.outcomes, (p.id - t.first_id + 1)::int, 1) AS code) c
LEFT JOIN scan_outcome o ON o.cycle = t.cycle AND o.portfolio_id = p.id AND c.code IN ('P', 'T', 'S')
LEFT JOIN LATERAL (SELECT x.id, x.cycle, x.status, x.expires_at FROM proposal x
                   WHERE x.portfolio_id = p.id AND x.created_at <= t.recorded_at AND c.code = 'A'
                   ORDER BY x.cycle DESC LIMIT 1) w ON TRUE
WHERE c.code <> '.';

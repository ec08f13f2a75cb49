-- The approval funnel per day of creation and tier: how many proposals were made, how investors decided (standard
-- tier), how many lapsed undecided, and how those that went ahead ended. Times are minutes from creation to decision.
CREATE OR REPLACE VIEW report_approval_funnel AS
SELECT date_trunc('day', p.created_at)                                                      AS day,
       p.tier_at_creation                                                                    AS tier,
       count(*)                                                                              AS proposals,
       count(*) FILTER (WHERE p.decided_by IS NOT NULL AND p.tier_at_creation = 'STANDARD'
                          AND p.status <> 'REJECTED')                                        AS approved_by_investor,
       count(*) FILTER (WHERE p.status = 'REJECTED')                                         AS rejected,
       count(*) FILTER (WHERE p.status = 'EXPIRED' AND p.decided_by IS NULL)                 AS expired_undecided,
       count(*) FILTER (WHERE p.status = 'EXPIRED' AND p.decided_by IS NOT NULL)             AS expired_approved,
       count(*) FILTER (WHERE p.status = 'PROPOSED')                                         AS waiting,
       count(*) FILTER (WHERE p.status IN ('APPROVED', 'EXECUTING'))                         AS in_execution,
       count(*) FILTER (WHERE p.status = 'EXECUTED')                                         AS executed,
       count(*) FILTER (WHERE p.status = 'PARTIAL')                                          AS partial,
       count(*) FILTER (WHERE p.status = 'FAILED')                                           AS failed,
       count(*) FILTER (WHERE p.status = 'HELD')                                             AS held,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.decided_at - p.created_at) / 60)
              FILTER (WHERE p.tier_at_creation = 'STANDARD' AND p.decided_at IS NOT NULL))::numeric, 1)
                                                                                             AS median_minutes_to_decision
FROM proposal p
GROUP BY 1, 2;

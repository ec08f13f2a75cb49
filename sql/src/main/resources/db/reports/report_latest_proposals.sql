-- The proposals of the latest drift-scan cycle, one row per trade, with costs in money and in basis points.
CREATE OR REPLACE VIEW report_latest_proposals AS
SELECT p.id                     AS proposal_id,
       p.cycle,
       p.portfolio_id,
       pf.account_id,
       p.tier_at_creation       AS tier,
       p.status,
       p.portfolio_value,
       round(p.max_drift::numeric, 4)              AS max_drift,
       p.expected_cost          AS proposal_cost,
       round(p.expected_cost_bps::numeric, 2)      AS proposal_cost_bps,
       round(p.tracking_error_before::numeric, 4)  AS tracking_error_before,
       round(p.tracking_error_after::numeric, 4)   AS tracking_error_after,
       p.expires_at,
       t.asset,
       t.side,
       t.quantity,
       t.estimated_price,
       t.notional,
       t.estimated_cost         AS trade_cost,
       round(t.cost_bps::numeric, 2)               AS trade_cost_bps,
       t.venue_id               AS venue,
       t.status                 AS trade_status
FROM proposal p
JOIN portfolio pf ON pf.id = p.portfolio_id
JOIN proposal_trade t ON t.proposal_id = p.id
WHERE p.cycle = (SELECT max(cycle) FROM proposal);

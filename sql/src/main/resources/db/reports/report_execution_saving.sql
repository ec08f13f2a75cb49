-- What Keel's executed proposals cost beside the naive policy (every line back to target, cost-blind, on the single
-- default venue) priced on the same books at the same moment, per day and tier. USDT, and basis points of the
-- portfolios' value.
--   keel_cost:              Keel's realised cost against the mids the proposals were priced at (the market's move
--                           between proposal and execution included, as in report_fills)
--   keel_market_move:       that move (mid at execution against mid at proposal, signed by side)
--   keel_cost_at_execution: keel_cost less the move: against the mids at execution, the mids the naive cost is priced from
--   saving:                 naive_cost - keel_cost_at_execution: both policies measured from the same mids
-- Crossed fills (venue keel-internal) count: the view reads every allocation.
CREATE OR REPLACE VIEW report_execution_saving AS
WITH realised AS (
  SELECT t.proposal_id,
         sum(CASE WHEN t.side = 'BUY' THEN f.price - t.estimated_price ELSE t.estimated_price - f.price END * a.quantity + a.fee) AS cost,
         sum(CASE WHEN t.side = 'BUY' THEN coalesce(t.mid_at_execution, t.estimated_price) - t.estimated_price
                  ELSE t.estimated_price - coalesce(t.mid_at_execution, t.estimated_price) END * a.quantity) AS market_move,
         sum(a.quantity * f.price) AS notional
  FROM allocation a
  JOIN fill f ON f.id = a.fill_id
  JOIN proposal_trade t ON t.id = a.proposal_trade_id
  GROUP BY t.proposal_id)
SELECT (p.finished_at AT TIME ZONE 'UTC')::date             AS day,
       p.tier_at_creation                                    AS tier,
       count(*)                                              AS proposals,
       round(sum(p.portfolio_value), 2)                      AS portfolio_value,
       round(sum(r.notional), 2)                             AS keel_notional,
       round(sum(r.cost), 4)                                 AS keel_cost,
       round(sum(p.expected_cost), 4)                        AS keel_expected_cost,
       round(sum(p.naive_notional), 2)                       AS naive_notional,
       round(sum(p.naive_cost), 4)                           AS naive_cost,
       round(sum(p.naive_cost) - (sum(r.cost) - sum(r.market_move)), 4) AS saving,
       round(1e4 * sum(r.cost) / nullif(sum(p.portfolio_value), 0), 3)       AS keel_bps_of_value,
       round(1e4 * sum(p.naive_cost) / nullif(sum(p.portfolio_value), 0), 3) AS naive_bps_of_value,
       round(sum(r.market_move), 4)                          AS keel_market_move,
       round(sum(r.cost) - sum(r.market_move), 4)            AS keel_cost_at_execution
FROM proposal p
JOIN realised r ON r.proposal_id = p.id
WHERE p.status IN ('EXECUTED', 'PARTIAL') AND p.naive_cost IS NOT NULL
GROUP BY 1, 2;

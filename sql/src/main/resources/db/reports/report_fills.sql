-- One row per fill allocated to a proposal trade: where and at what price it traded, and what it cost against the mid
-- the proposal was priced at. Costs are USDT; positive is a cost to the portfolio.
--   market_move: the mid moved between the proposal and the routing (mid_at_execution - mid_at_proposal, signed by side)
--   spread:      from mid to the best price on the side taken, when the trade was routed
--   impact:      from that best price to the fill's price (walking the book)
--   fee:         the venue's fee, in USDT
CREATE OR REPLACE VIEW report_fills AS
SELECT f.id                                   AS fill_id,
       f.filled_at,
       (f.filled_at AT TIME ZONE 'UTC')::date AS day,
       f.venue_id                             AS venue,
       f.venue_trade_id,
       o.client_order_id,
       o.venue_order_id,
       p.id                                   AS proposal_id,
       p.portfolio_id,
       p.tier_at_creation                     AS tier,
       t.id                                   AS trade_id,
       t.asset,
       t.side,
       a.quantity,
       f.price,
       a.quantity * f.price                   AS notional,
       a.fee,
       t.estimated_price                      AS mid_at_proposal,
       t.mid_at_execution,
       CASE WHEN t.side = 'BUY' THEN f.price - t.estimated_price ELSE t.estimated_price - f.price END * a.quantity AS price_cost,
       CASE WHEN t.side = 'BUY' THEN f.price - t.estimated_price ELSE t.estimated_price - f.price END * a.quantity + a.fee AS realised_cost,
       t.estimated_cost * a.quantity / t.quantity AS expected_cost,
       CASE WHEN t.side = 'BUY' THEN t.mid_at_execution - t.estimated_price ELSE t.estimated_price - t.mid_at_execution END * a.quantity AS market_move,
       CASE WHEN t.side = 'BUY' THEN t.touch_at_execution - t.mid_at_execution ELSE t.mid_at_execution - t.touch_at_execution END * a.quantity AS spread,
       CASE WHEN t.side = 'BUY' THEN f.price - t.touch_at_execution ELSE t.touch_at_execution - f.price END * a.quantity AS impact
FROM fill f
JOIN venue_order o ON o.id = f.venue_order_id
JOIN allocation a ON a.fill_id = f.id
JOIN proposal_trade t ON t.id = a.proposal_trade_id
JOIN proposal p ON p.id = t.proposal_id;

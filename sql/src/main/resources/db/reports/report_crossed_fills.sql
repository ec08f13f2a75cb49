-- One row per allocation of a trade that took part in an internal cross: its crossed part (venue keel-internal, at the
-- cross's mid, no fee) and its share of the net's venue fills, each with its price. Quantities in base units, money in
-- USDT. A trade's average price over all its rows is the one price it got; saving_vs_touch is what it saved against
-- buying at the best offer or selling at the best bid when it was routed, before fees.
CREATE OR REPLACE VIEW report_crossed_fills AS
SELECT c.id                                    AS cross_id,
       c.decided_at,
       (c.decided_at AT TIME ZONE 'UTC')::date AS day,
       c.asset,
       c.mid                                   AS cross_mid,
       c.crossed_qty                           AS cross_quantity,
       c.net_side,
       p.id                                    AS proposal_id,
       p.portfolio_id,
       t.id                                    AS trade_id,
       t.side,
       l.intended,
       l.crossed,
       l.to_venue,
       l.venue_filled,
       f.venue_id                              AS venue,
       f.id                                    AS fill_id,
       (f.internal_cross_id IS NOT NULL)       AS crossed_internally,
       a.quantity,
       f.price,
       a.quantity * f.price                    AS notional,
       a.fee,
       CASE WHEN t.side = 'BUY' THEN t.touch_at_execution - f.price ELSE f.price - t.touch_at_execution END * a.quantity AS saving_vs_touch
FROM cross_leg l
JOIN internal_cross c ON c.id = l.internal_cross_id
JOIN proposal_trade t ON t.id = l.proposal_trade_id
JOIN proposal p ON p.id = t.proposal_id
JOIN allocation a ON a.proposal_trade_id = t.id
JOIN fill f ON f.id = a.fill_id
WHERE f.internal_cross_id = c.id
   OR f.venue_order_id IN (SELECT o.id FROM venue_order o WHERE o.internal_cross_id = c.id);

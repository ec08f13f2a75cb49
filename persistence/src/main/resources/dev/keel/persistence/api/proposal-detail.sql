-- One proposal as the API's detail shows it, in one round trip: the proposal with its account's reference, its trades
-- and its status history as arrays (one element per trade, sells first; one per status, oldest first).
SELECT p.id, p.portfolio_id, p.status, p.tier_at_creation, p.cycle, p.created_at, p.expires_at, p.portfolio_value,
       p.expected_cost, p.expected_cost_bps, p.max_drift, p.tracking_error_before, p.tracking_error_after, p.decided_by,
       p.decided_at, coalesce(cardinality(tr.asset), 0) AS trades, a.external_ref, p.drift_before::text AS drift_json,
       p.regime::text AS regime_json, p.dust::text AS dust_json, p.cost_venue, p.decision_reason, p.outcome_reason,
       p.naive_cost, p.naive_notional, p.naive_venue, p.claimed_at, p.finished_at,
       tr.asset AS t_asset, tr.side AS t_side, tr.quantity AS t_quantity, tr.estimated_price AS t_price, tr.notional AS t_notional,
       tr.estimated_cost AS t_cost, tr.cost_bps AS t_cost_bps, tr.venue AS t_venue, tr.status AS t_status,
       tr.executed_qty AS t_executed, tr.reason AS t_reason,
       hi.status AS h_status, hi.at AS h_at, hi.actor AS h_actor, hi.reason AS h_reason
FROM proposal p
JOIN portfolio pf ON pf.id = p.portfolio_id
JOIN account a ON a.id = pf.account_id
LEFT JOIN LATERAL (
  SELECT array_agg(t.asset ORDER BY t.side DESC, t.asset) AS asset,
         array_agg(t.side ORDER BY t.side DESC, t.asset) AS side,
         array_agg(t.quantity ORDER BY t.side DESC, t.asset) AS quantity,
         array_agg(t.estimated_price ORDER BY t.side DESC, t.asset) AS estimated_price,
         array_agg(t.notional ORDER BY t.side DESC, t.asset) AS notional,
         array_agg(t.estimated_cost ORDER BY t.side DESC, t.asset) AS estimated_cost,
         array_agg(t.cost_bps ORDER BY t.side DESC, t.asset) AS cost_bps,
         array_agg(t.venue_id ORDER BY t.side DESC, t.asset) AS venue,
         array_agg(t.status ORDER BY t.side DESC, t.asset) AS status,
         array_agg(t.executed_qty ORDER BY t.side DESC, t.asset) AS executed_qty,
         array_agg(t.reason ORDER BY t.side DESC, t.asset) AS reason
  FROM proposal_trade t WHERE t.proposal_id = p.id
) tr ON true
LEFT JOIN LATERAL (
  SELECT array_agg(h.status ORDER BY h.id) AS status,
         array_agg(h.at ORDER BY h.id) AS at,
         array_agg(h.actor ORDER BY h.id) AS actor,
         array_agg(h.reason ORDER BY h.id) AS reason
  FROM proposal_status_history h WHERE h.proposal_id = p.id
) hi ON true
WHERE p.id = :id

-- One proposal with everything people are shown about it (the investor's page and the API's detail), in one round
-- trip: the proposal with its account, its trades (sells first), its portfolio's lines as the scan saw them (by asset)
-- and its status history (oldest first), each as arrays of one element per row.
SELECT p.id, p.portfolio_id, pf.account_id, p.status, p.tier_at_creation, p.cycle, p.created_at, p.expires_at,
       p.portfolio_value, p.expected_cost, p.expected_cost_bps, p.max_drift, p.tracking_error_before,
       p.tracking_error_after, p.cost_to_target, p.decided_by, p.decided_at, p.decision_reason, p.outcome_reason,
       p.naive_cost, p.naive_notional, p.naive_venue, coalesce(cardinality(tr.id), 0) AS trades, a.external_ref,
       tr.id AS t_id, tr.asset AS t_asset, tr.side AS t_side, tr.quantity AS t_quantity, tr.estimated_price AS t_price,
       tr.notional AS t_notional, tr.estimated_cost AS t_cost, tr.venue AS t_venue, tr.status AS t_status,
       tr.executed_qty AS t_executed, tr.reason AS t_reason,
       dl.asset AS d_asset, dl.target AS d_target, dl.weight AS d_weight, dl.drift AS d_drift, dl.base_band AS d_base_band,
       dl.band AS d_band, dl.regime AS d_regime, dl.multiplier AS d_multiplier,
       hi.status AS h_status, hi.at AS h_at, hi.actor AS h_actor, hi.reason AS h_reason
FROM proposal p
JOIN portfolio pf ON pf.id = p.portfolio_id
JOIN account a ON a.id = pf.account_id
LEFT JOIN LATERAL (
  SELECT array_agg(t.id ORDER BY t.side DESC, t.id) AS id,
         array_agg(t.asset ORDER BY t.side DESC, t.id) AS asset,
         array_agg(t.side ORDER BY t.side DESC, t.id) AS side,
         array_agg(t.quantity ORDER BY t.side DESC, t.id) AS quantity,
         array_agg(t.estimated_price ORDER BY t.side DESC, t.id) AS estimated_price,
         array_agg(t.notional ORDER BY t.side DESC, t.id) AS notional,
         array_agg(t.estimated_cost ORDER BY t.side DESC, t.id) AS estimated_cost,
         array_agg(t.venue_id ORDER BY t.side DESC, t.id) AS venue,
         array_agg(t.status ORDER BY t.side DESC, t.id) AS status,
         array_agg(t.executed_qty ORDER BY t.side DESC, t.id) AS executed_qty,
         array_agg(t.reason ORDER BY t.side DESC, t.id) AS reason
  FROM proposal_trade t WHERE t.proposal_id = p.id
) tr ON true
LEFT JOIN LATERAL (
  SELECT array_agg(d.key ORDER BY d.key) AS asset,
         array_agg((d.value->>'target')::float8 ORDER BY d.key) AS target,
         array_agg((d.value->>'weight')::float8 ORDER BY d.key) AS weight,
         array_agg(coalesce((d.value->>'drift')::float8, (d.value->>'weight')::float8 - (d.value->>'target')::float8)
                   ORDER BY d.key) AS drift,
         array_agg((d.value->>'baseBand')::float8 ORDER BY d.key) AS base_band,
         array_agg((d.value->>'band')::float8 ORDER BY d.key) AS band,
         array_agg(r.value->>'regime' ORDER BY d.key) AS regime,
         array_agg((r.value->>'multiplier')::float8 ORDER BY d.key) AS multiplier
  FROM jsonb_each(p.drift_before) d LEFT JOIN jsonb_each(p.regime) r ON r.key = d.key
) dl ON true
LEFT JOIN LATERAL (
  SELECT array_agg(h.status ORDER BY h.id) AS status,
         array_agg(h.at ORDER BY h.id) AS at,
         array_agg(h.actor ORDER BY h.id) AS actor,
         array_agg(h.reason ORDER BY h.id) AS reason
  FROM proposal_status_history h WHERE h.proposal_id = p.id
) hi ON true
WHERE p.id = :id

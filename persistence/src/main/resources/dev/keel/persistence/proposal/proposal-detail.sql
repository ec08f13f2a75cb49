-- One proposal with everything people are shown about it (the investor's page and the API's detail), in one round
-- trip: the proposal with its account, and as JSON arrays of one object per row, its trades (sells first), its
-- portfolio's lines as the scan saw them (by asset) and its status history (oldest first). Each object's keys are the
-- names of the record it is read into (ProposalDao.TradeLine, DriftLine, StatusChange).
SELECT p.id, p.portfolio_id, pf.account_id, p.status, p.tier_at_creation, p.cycle, p.created_at, p.expires_at,
       p.portfolio_value, p.expected_cost, p.expected_cost_bps, p.max_drift, p.tracking_error_before,
       p.tracking_error_after, p.cost_to_target, p.decided_by, p.decided_at, p.decision_reason, p.outcome_reason,
       p.naive_cost, p.naive_notional, p.naive_venue, tr.n AS trades, a.external_ref,
       tr.rows AS trade_rows, dl.rows AS line_rows, hi.rows AS history_rows
FROM proposal p
JOIN portfolio pf ON pf.id = p.portfolio_id
JOIN account a ON a.id = pf.account_id
LEFT JOIN LATERAL (
  SELECT count(*) AS n,
         json_agg(json_build_object('id', t.id, 'asset', t.asset, 'side', t.side, 'quantity', t.quantity,
                                    'estimatedPrice', t.estimated_price, 'notional', t.notional,
                                    'estimatedCost', t.estimated_cost, 'venue', t.venue_id, 'status', t.status,
                                    'executedQty', t.executed_qty, 'reason', t.reason)
                  ORDER BY t.side DESC, t.id) AS rows
  FROM proposal_trade t WHERE t.proposal_id = p.id
) tr ON true
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('asset', d.key, 'target', (d.value->>'target')::float8,
                                    'weight', (d.value->>'weight')::float8,
                                    'drift', coalesce((d.value->>'drift')::float8,
                                                      (d.value->>'weight')::float8 - (d.value->>'target')::float8),
                                    'baseBand', (d.value->>'baseBand')::float8, 'band', (d.value->>'band')::float8,
                                    'regime', r.value->>'regime', 'multiplier', (r.value->>'multiplier')::float8)
                  ORDER BY d.key) AS rows
  FROM jsonb_each(p.drift_before) d LEFT JOIN jsonb_each(p.regime) r ON r.key = d.key
) dl ON true
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('status', h.status, 'at', h.at, 'actor', h.actor, 'reason', h.reason)
                  ORDER BY h.id) AS rows
  FROM proposal_status_history h WHERE h.proposal_id = p.id
) hi ON true
WHERE p.id = :id

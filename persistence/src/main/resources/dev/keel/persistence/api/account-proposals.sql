-- An account's proposals, newest first, in one round trip with the account's lookup: one row with null proposal
-- columns when the account has none (or none on this page), no row when there is no such account.
SELECT a.id AS account_id, q.*
FROM account a
LEFT JOIN LATERAL (
  SELECT p.id, p.portfolio_id, p.status, p.tier_at_creation, p.cycle, p.created_at, p.expires_at, p.portfolio_value,
         p.expected_cost, p.expected_cost_bps, p.max_drift, p.tracking_error_before, p.tracking_error_after, p.decided_by,
         p.decided_at, (SELECT count(*) FROM proposal_trade t WHERE t.proposal_id = p.id) AS trades
  FROM proposal p
  WHERE p.portfolio_id IN (SELECT pf.id FROM portfolio pf WHERE pf.account_id = a.id)
    AND (CAST(:status AS text) IS NULL OR p.status = :status)
    AND (CAST(:before AS bigint) IS NULL OR p.id < :before)
  ORDER BY p.id DESC
  LIMIT :limit
) q ON true
WHERE a.external_ref = :ref

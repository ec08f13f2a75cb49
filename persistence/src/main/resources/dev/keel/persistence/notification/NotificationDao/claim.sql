-- Claims the due deliveries: each one's attempt is counted and it is kept from other claimers until :leaseEnd (a
-- process that dies while sending leaves it due again then). Returns what sending needs: the event, the endpoint, the
-- investor's address and the proposal's facts.
WITH due AS (
  SELECT id FROM notification_delivery
  WHERE status = 'PENDING' AND next_attempt_at <= :now
  ORDER BY next_attempt_at, id
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE notification_delivery d
  SET attempts = d.attempts + 1, last_attempt_at = :now, next_attempt_at = :leaseEnd
  FROM due WHERE d.id = due.id
  RETURNING d.id, d.notification_id, d.channel, d.client, d.attempts
)
SELECT c.id, c.channel, c.client, c.attempts, n.event_id::text AS event_id, n.kind, n.payload::text AS payload, n.created_at,
       n.account_id, n.proposal_id, e.url, e.secret, coalesce(e.active, false) AS endpoint_active, a.email,
       pf.name AS portfolio_name, p.expected_cost, p.expires_at, coalesce(p.outcome_reason, p.decision_reason) AS reason
FROM claimed c
JOIN notification n ON n.id = c.notification_id
LEFT JOIN webhook_endpoint e ON e.client = c.client
LEFT JOIN account a ON a.id = n.account_id
LEFT JOIN proposal p ON p.id = n.proposal_id
LEFT JOIN portfolio pf ON pf.id = p.portfolio_id
ORDER BY c.id

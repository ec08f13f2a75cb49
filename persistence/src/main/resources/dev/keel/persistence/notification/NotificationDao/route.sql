-- Gives the oldest events not yet routed their deliveries, in one statement: one per active webhook endpoint, and one
-- email when email is on, the event is about a proposal and its account has an address. Concurrent runs take disjoint
-- events (SKIP LOCKED); the unique key on (event, channel, client) is the last guard against a second delivery.
WITH batch AS (
  SELECT id, account_id, proposal_id FROM notification
  WHERE status = 'PENDING'
  ORDER BY id
  LIMIT :limit
  FOR UPDATE SKIP LOCKED
), hooks AS (
  INSERT INTO notification_delivery (notification_id, channel, client, next_attempt_at, created_at)
  SELECT b.id, 'WEBHOOK', e.client, :now, :now FROM batch b CROSS JOIN webhook_endpoint e WHERE e.active
  ON CONFLICT DO NOTHING
), mails AS (
  INSERT INTO notification_delivery (notification_id, channel, client, next_attempt_at, created_at)
  SELECT b.id, 'EMAIL', NULL, :now, :now FROM batch b JOIN account a ON a.id = b.account_id
  WHERE :email AND b.proposal_id IS NOT NULL AND a.email IS NOT NULL
  ON CONFLICT DO NOTHING
)
UPDATE notification n SET status = 'ROUTED', routed_at = :now FROM batch b WHERE n.id = b.id

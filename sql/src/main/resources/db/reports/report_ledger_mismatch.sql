-- Every (portfolio, asset) whose holding is not the sum of its ledger entries. Empty in a healthy database:
-- a holding moves only with the entries booked beside it, in the same transaction.
CREATE OR REPLACE VIEW report_ledger_mismatch AS
SELECT coalesce(h.portfolio_id, e.portfolio_id)   AS portfolio_id,
       coalesce(h.asset, e.asset)                 AS asset,
       h.quantity                                 AS holding,
       coalesce(e.total, 0)                       AS entries,
       coalesce(h.quantity, 0) - coalesce(e.total, 0) AS difference
FROM holding h
FULL JOIN (SELECT portfolio_id, asset, sum(delta) AS total FROM holding_entry GROUP BY portfolio_id, asset) e
  ON e.portfolio_id = h.portfolio_id AND e.asset = h.asset
WHERE coalesce(h.quantity, 0) <> coalesce(e.total, 0);

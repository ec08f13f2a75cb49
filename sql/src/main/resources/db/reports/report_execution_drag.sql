-- Execution drag per day, asset and venue: what Keel's fills cost against the mid each proposal was priced at, beside
-- what the proposals expected for the same quantities, in USDT and in basis points of the traded notional.
CREATE OR REPLACE VIEW report_execution_drag AS
SELECT day,
       asset,
       venue,
       count(*)                                        AS fills,
       sum(quantity)                                   AS quantity,
       round(sum(notional), 2)                         AS notional,
       round(sum(realised_cost), 4)                    AS realised_cost,
       round(sum(expected_cost), 4)                    AS expected_cost,
       round(sum(fee), 4)                              AS fee,
       round(sum(spread), 4)                           AS spread,
       round(sum(impact), 4)                           AS impact,
       round(sum(market_move), 4)                      AS market_move,
       round(1e4 * sum(realised_cost) / nullif(sum(notional), 0), 2) AS realised_bps,
       round(1e4 * sum(expected_cost) / nullif(sum(notional), 0), 2) AS expected_bps
FROM report_fills
GROUP BY day, asset, venue;

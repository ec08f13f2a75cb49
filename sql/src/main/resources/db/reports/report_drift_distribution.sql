-- The distribution of each cycle's largest drift per portfolio (|weight - target|, fraction of value).
CREATE OR REPLACE VIEW report_drift_distribution AS
SELECT cycle,
       count(*)                                                                   AS portfolios,
       round(avg(max_drift)::numeric, 4)                                          AS mean,
       round((percentile_cont(0.50) WITHIN GROUP (ORDER BY max_drift))::numeric, 4) AS p50,
       round((percentile_cont(0.90) WITHIN GROUP (ORDER BY max_drift))::numeric, 4) AS p90,
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY max_drift))::numeric, 4) AS p99,
       round(max(max_drift)::numeric, 4)                                          AS max,
       count(*) FILTER (WHERE max_drift < 0.02)                                   AS under_2pct,
       count(*) FILTER (WHERE max_drift >= 0.02 AND max_drift < 0.05)             AS from_2_to_5pct,
       count(*) FILTER (WHERE max_drift >= 0.05 AND max_drift < 0.10)             AS from_5_to_10pct,
       count(*) FILTER (WHERE max_drift >= 0.10)                                  AS over_10pct
FROM scan_outcome
WHERE max_drift IS NOT NULL
GROUP BY cycle;

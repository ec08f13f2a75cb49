-- The distribution of each cycle's largest drift per portfolio (|weight - target|, fraction of value), from the
-- cycle's scan_tally rows: mean, maximum and the bands' counts exact; percentiles to the histogram's bin of 0.25
-- percentage points (the bin's upper edge, or the maximum when lower). Replaces the first definition
-- (report_drift_distribution.sql), columns unchanged.
CREATE OR REPLACE VIEW report_drift_distribution AS
SELECT c.cycle,
       c.portfolios,
       round((c.drift_sum / c.portfolios)::numeric, 4)                          AS mean,
       round(q.p50::numeric, 4)                                                 AS p50,
       round(q.p90::numeric, 4)                                                 AS p90,
       round(q.p99::numeric, 4)                                                 AS p99,
       round(c.max_drift::numeric, 4)                                           AS max,
       q.under_2pct,
       q.from_2_to_5pct,
       q.from_5_to_10pct,
       q.over_10pct
FROM (SELECT cycle, sum(drift_count)::bigint AS portfolios, sum(drift_sum) AS drift_sum, max(max_drift) AS max_drift
      FROM scan_tally GROUP BY cycle HAVING sum(drift_count) > 0) c
CROSS JOIN LATERAL (
  SELECT min(upper_edge) FILTER (WHERE below >= 0.50 * c.portfolios)  AS p50,
         min(upper_edge) FILTER (WHERE below >= 0.90 * c.portfolios)  AS p90,
         min(upper_edge) FILTER (WHERE below >= 0.99 * c.portfolios)  AS p99,
         coalesce(sum(n) FILTER (WHERE bin <= 8), 0)::bigint              AS under_2pct,
         coalesce(sum(n) FILTER (WHERE bin BETWEEN 9 AND 20), 0)::bigint  AS from_2_to_5pct,
         coalesce(sum(n) FILTER (WHERE bin BETWEEN 21 AND 40), 0)::bigint AS from_5_to_10pct,
         coalesce(sum(n) FILTER (WHERE bin > 40), 0)::bigint              AS over_10pct
  FROM (SELECT bin, n, sum(n) OVER (ORDER BY bin) AS below,
               CASE WHEN bin = 100 THEN c.max_drift ELSE least(bin * 0.0025, c.max_drift) END AS upper_edge
        FROM (SELECT h.bin, sum(h.n) AS n
              FROM scan_tally t CROSS JOIN LATERAL unnest(t.drift_histogram) WITH ORDINALITY AS h(n, bin)
              WHERE t.cycle = c.cycle
              GROUP BY h.bin) bins) cumulative) q;

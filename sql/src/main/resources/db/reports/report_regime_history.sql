-- Each asset's regime changes: one row per regimeJob cycle where the volatility regime, the spread regime or the band
-- multiplier changed, with what it was before and the figures and reason behind the change.
CREATE OR REPLACE VIEW report_regime_history AS
SELECT asset, as_of, cycle, previous_regime, regime, decision, previous_spread_regime, spread_regime, previous_multiplier,
       band_multiplier, round(volatility_fast::numeric, 4) AS volatility_fast, round(percentile_fast::numeric, 3) AS percentile_fast,
       round(spread_ratio::numeric, 2) AS spread_ratio, reason
FROM (SELECT r.*,
             lag(r.regime) OVER w          AS previous_regime,
             lag(r.spread_regime) OVER w   AS previous_spread_regime,
             lag(r.band_multiplier) OVER w AS previous_multiplier
      FROM asset_regime r
      WINDOW w AS (PARTITION BY r.asset ORDER BY r.cycle, r.id)) h
WHERE previous_regime IS DISTINCT FROM regime
   OR previous_spread_regime IS DISTINCT FROM spread_regime
   OR previous_multiplier IS DISTINCT FROM band_multiplier;

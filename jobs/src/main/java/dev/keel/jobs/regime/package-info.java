/**
 * regimeJob: recomputes every asset's volatility regime and band multiplier from price bars and spreads, and every
 * basket's regime from its target-weighted value index, with history (asset_regime, basket_regime).
 */
package dev.keel.jobs.regime;

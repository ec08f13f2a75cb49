/** regimeJob: recomputes every asset's volatility regime and band multiplier from price bars, with history. */
package dev.keel.jobs.regime;

/** Volatility estimation, regime classification with hysteresis, and the band multipliers it sets. */
package dev.keel.domain.regime;

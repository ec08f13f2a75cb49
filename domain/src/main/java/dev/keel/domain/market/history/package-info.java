/** Daily price history read from files, as typed bar series per market, for regimes, covariance, liquidity scaling and backtests. */
package dev.keel.domain.market.history;

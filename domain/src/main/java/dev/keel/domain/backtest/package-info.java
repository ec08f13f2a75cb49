/** Replay of price history through the production domain code. */
package dev.keel.domain.backtest;

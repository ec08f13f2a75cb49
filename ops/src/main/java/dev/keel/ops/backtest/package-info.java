/** {@code keel backtest}: replays a folder of daily price files through the domain's policies and writes the evidence as a table, CSV files and charts. */
package dev.keel.ops.backtest;

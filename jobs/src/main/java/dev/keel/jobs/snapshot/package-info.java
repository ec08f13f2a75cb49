/** marketSnapshotJob: order books, spreads, depth, fees and volume of every market on every venue, each cycle. */
package dev.keel.jobs.snapshot;

/** scanToleranceBandsJob: every portfolio checked against its regime-adjusted bands in parallel partitions. */
package dev.keel.jobs.scan;

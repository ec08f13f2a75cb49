/** The runnable Keel service: configuration, Quartz triggers and the bridge that launches Spring Batch jobs. */
package dev.keel.scheduler;

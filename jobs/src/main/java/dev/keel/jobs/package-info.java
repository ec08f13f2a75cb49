/** Keel's Spring Batch jobs: one configuration per job, connecting domain and persistence. */
package dev.keel.jobs;

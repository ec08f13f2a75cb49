/** What Keel's bench commands read and reset between runs: never used by the running service. */
package dev.keel.persistence.bench;

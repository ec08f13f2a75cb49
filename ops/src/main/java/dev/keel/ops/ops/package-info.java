/** {@code keel ops}: what an operator needs to see executions, run a job now, and recover and restart failed ones. */
package dev.keel.ops.ops;

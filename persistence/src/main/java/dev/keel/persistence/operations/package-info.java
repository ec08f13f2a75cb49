/** What operators look at: execution leases, the last runs and steps of every job, and the state the status command reports. */
package dev.keel.persistence.operations;

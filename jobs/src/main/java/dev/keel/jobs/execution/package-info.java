/** executionJob: approved proposals become orders on the best venue, placed once, reconciled, booked into the ledger. */
package dev.keel.jobs.execution;

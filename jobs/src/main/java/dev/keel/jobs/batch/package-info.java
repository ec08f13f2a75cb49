/** The batch infrastructure every job shares: JDBC job repository, transaction manager, cycle parameters. */
package dev.keel.jobs.batch;

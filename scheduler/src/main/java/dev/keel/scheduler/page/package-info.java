/** The page an investor opens from a signed link to approve or reject one proposal. */
package dev.keel.scheduler.page;

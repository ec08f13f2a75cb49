/** Venue choice, order planning and fill accounting. */
package dev.keel.domain.execution;

/** Seeded property checks for the domain's tests: fixed seeds, fixed case counts, failures that name their seed and case. */
package dev.keel.domain.testing;

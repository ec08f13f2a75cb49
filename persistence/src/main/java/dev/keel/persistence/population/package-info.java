/** Bulk writing of generated populations with COPY. */
package dev.keel.persistence.population;

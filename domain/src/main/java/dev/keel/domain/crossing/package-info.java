/** Internal crossing: opposite trades of different portfolios in one asset matched at the fair mid, and the fair allocation of the net's venue fills back to the portfolios. */
package dev.keel.domain.crossing;

/** The drift scan's reads (portfolios, the cycle's market) and its writes (outcomes, proposals, trades). */
package dev.keel.persistence.scan;

/** Reading price bars and spreads for the regime detector, and storing its assessments per cycle. */
package dev.keel.persistence.regime;

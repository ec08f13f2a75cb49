/** The execution router's reads and writes: claims, order intents, reconciliation, fills into the holdings ledger. */
package dev.keel.persistence.execution;

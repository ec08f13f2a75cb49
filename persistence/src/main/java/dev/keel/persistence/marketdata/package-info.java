/** Venues, markets, market snapshots and price bars in PostgreSQL. */
package dev.keel.persistence.marketdata;

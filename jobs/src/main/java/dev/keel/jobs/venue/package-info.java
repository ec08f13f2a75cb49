/** Venues behind a small interface: Binance and Kraken over XChange, and the seeded paper venue, the only package that imports XChange. */
package dev.keel.jobs.venue;

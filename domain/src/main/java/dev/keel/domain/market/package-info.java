/** Assets, venues, order books, fee schedules and the cost of trading them, in units of traded notional. */
package dev.keel.domain.market;

/** Portfolios, their targets and tolerance bands, risk profiles, tiers and drift. */
package dev.keel.domain.portfolio;

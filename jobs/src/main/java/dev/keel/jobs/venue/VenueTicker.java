package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.TradingVolume24h;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A venue's 24-hour statistics of one market.
 *
 * @param market    the market
 * @param volume24h traded base quantity and value over the venue's rolling 24 hours
 * @param last      last trade price, quote currency per base unit, when reported
 */
public record VenueTicker(Market market, TradingVolume24h volume24h, Optional<BigDecimal> last) {
  public VenueTicker {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(volume24h, "volume24h");
    Objects.requireNonNull(last, "last");
  }
}

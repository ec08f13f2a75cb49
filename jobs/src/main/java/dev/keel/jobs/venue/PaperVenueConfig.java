package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.VenueLiquidity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A paper venue: its liquidity relative to the model's reference market, its fees, the markets it lists and the
 * seeded model that serves its books.
 *
 * @param liquidity         the venue's id and its depth, spread and volume multipliers
 * @param fees              its published fee schedule and Keel's 30-day volume there (the paper venue reports these
 *                          fees through its account service, as a real venue would)
 * @param markets           listed markets and their weekday parameters, in listing order
 * @param model             the seeded microstructure model
 * @param startingBalances  the paper account's opening balances, asset symbol to quantity (base units)
 */
public record PaperVenueConfig(VenueLiquidity liquidity, ConfiguredFees fees, Map<Market, MarketParameters> markets,
    MicrostructureModel model, Map<String, BigDecimal> startingBalances) {
  public PaperVenueConfig {
    Objects.requireNonNull(liquidity, "liquidity");
    Objects.requireNonNull(fees, "fees");
    Objects.requireNonNull(model, "model");
    markets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(markets, "markets")));
    startingBalances = Map.copyOf(Objects.requireNonNull(startingBalances, "startingBalances"));
    if (markets.isEmpty()) {
      throw new IllegalArgumentException("paper venue " + liquidity.venue() + " lists no market");
    }
    startingBalances.forEach((asset, quantity) -> {
      if (quantity.signum() < 0) {
        throw new IllegalArgumentException("paper venue " + liquidity.venue() + ": starting balance of " + asset + " is negative: " + quantity);
      }
    });
  }
}

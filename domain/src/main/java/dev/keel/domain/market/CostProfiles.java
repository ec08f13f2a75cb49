package dev.keel.domain.market;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Chooses, per market and side, the cheapest venue's coefficients from the cost profiles of all venues. */
public final class CostProfiles {

  private CostProfiles() {}

  /**
   * For every market with a profile, the best venue's coefficients per side at {@code when}.
   *
   * @param profiles          any number per market, one per venue
   * @param when              the time of the planned trade (its time-of-week bucket is used)
   * @param referenceNotional typical trade size used to rank venues, quote currency
   */
  public static Map<Market, Map<Side, CostCoefficients>> bestByMarket(Collection<CostProfile> profiles, Instant when,
      double referenceNotional) {
    Map<Market, List<CostProfile>> byMarket = profiles.stream()
        .collect(Collectors.groupingBy(CostProfile::market, LinkedHashMap::new, Collectors.toList()));
    Map<Market, Map<Side, CostCoefficients>> out = new LinkedHashMap<>();
    byMarket.forEach((market, list) -> {
      Map<Side, CostCoefficients> sides = new EnumMap<>(Side.class);
      for (Side side : Side.values()) {
        List<CostCoefficients> candidates = list.stream().map(p -> p.coefficients(side, when))
            .flatMap(Optional::stream).toList();
        CostModel.best(candidates, referenceNotional).ifPresent(c -> sides.put(side, c));
      }
      if (!sides.isEmpty()) {
        out.put(market, sides);
      }
    });
    return out;
  }
}

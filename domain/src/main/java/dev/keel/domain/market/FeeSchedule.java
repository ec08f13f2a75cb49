package dev.keel.domain.market;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A venue's maker/taker fees by 30-day volume tier.
 *
 * @param name  a label, e.g. "binance-spot-vip"
 * @param tiers ascending by volume, the first starting at zero volume, fees not rising with volume
 */
public record FeeSchedule(String name, List<FeeTier> tiers) {
  public FeeSchedule {
    Objects.requireNonNull(name, "name");
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    if (tiers.isEmpty() || tiers.get(0).minVolume30d() != 0) {
      throw new IllegalArgumentException("fee schedule " + name + " needs a first tier starting at volume 0");
    }
    for (int i = 1; i < tiers.size(); i++) {
      FeeTier lower = tiers.get(i - 1);
      FeeTier upper = tiers.get(i);
      if (upper.minVolume30d() <= lower.minVolume30d()) {
        throw new IllegalArgumentException("fee schedule " + name + ": tier volumes must ascend, tier " + i);
      }
      if (upper.rate().maker() > lower.rate().maker() || upper.rate().taker() > lower.rate().taker()) {
        throw new IllegalArgumentException("fee schedule " + name + ": fees must not rise with volume, tier " + i);
      }
    }
  }

  /** A schedule with a single tier. */
  public static FeeSchedule flat(String name, FeeRate rate) {
    return new FeeSchedule(name, List.of(new FeeTier(0, rate)));
  }

  /**
   * The fees for an account's 30-day volume.
   *
   * @param volume30d traded volume over the last 30 days, USD, zero or positive
   */
  public FeeRate rateFor(double volume30d) {
    if (!(volume30d >= 0)) {
      throw new IllegalArgumentException("30-day volume must not be negative, was " + volume30d);
    }
    return tiers.stream().filter(t -> t.minVolume30d() <= volume30d)
        .max(Comparator.comparingDouble(FeeTier::minVolume30d)).orElseThrow().rate();
  }
}

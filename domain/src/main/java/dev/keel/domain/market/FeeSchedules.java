package dev.keel.domain.market;

import java.util.List;

/**
 * Published spot fee schedules used as configuration defaults and by the paper venues. Figures as published
 * by the exchanges (Binance VIP table without the BNB discount; Kraken Pro); check them against the exchanges'
 * own pages before production use.
 */
public final class FeeSchedules {

  private FeeSchedules() {}

  /** Binance spot: 0.10 % / 0.10 % at VIP 0, falling through VIP 1 to 9 by 30-day volume. */
  public static FeeSchedule binanceSpot() {
    return new FeeSchedule("binance-spot", List.of(
        tier(0, 0.1000, 0.1000),
        tier(1_000_000, 0.0900, 0.1000),
        tier(5_000_000, 0.0800, 0.1000),
        tier(20_000_000, 0.0420, 0.0600),
        tier(100_000_000, 0.0420, 0.0540),
        tier(150_000_000, 0.0360, 0.0480),
        tier(400_000_000, 0.0300, 0.0420),
        tier(800_000_000, 0.0240, 0.0360),
        tier(2_000_000_000, 0.0180, 0.0300),
        tier(4_000_000_000.0, 0.0120, 0.0240)));
  }

  /** Kraken Pro: 0.25 % / 0.40 % below $10k of 30-day volume, falling to 0.00 % / 0.10 % at $10M and above. */
  public static FeeSchedule krakenPro() {
    return new FeeSchedule("kraken-pro", List.of(
        tier(0, 0.25, 0.40),
        tier(10_000, 0.20, 0.35),
        tier(50_000, 0.14, 0.24),
        tier(100_000, 0.12, 0.22),
        tier(250_000, 0.10, 0.20),
        tier(500_000, 0.08, 0.18),
        tier(1_000_000, 0.06, 0.16),
        tier(2_500_000, 0.04, 0.14),
        tier(5_000_000, 0.02, 0.12),
        tier(10_000_000, 0.00, 0.10)));
  }

  private static FeeTier tier(double volume, double makerPercent, double takerPercent) {
    return new FeeTier(volume, FeeRate.ofPercent(makerPercent, takerPercent));
  }
}

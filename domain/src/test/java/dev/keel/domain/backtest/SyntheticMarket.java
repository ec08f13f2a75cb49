package dev.keel.domain.backtest;

import dev.keel.domain.market.AssetCatalogue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Hand-made replays for the simulator's tests: chosen prices, one cost for every trade, a fixed covariance. */
final class SyntheticMarket {

  static final LocalDate START = LocalDate.of(2024, 1, 1);

  private SyntheticMarket() {}

  /**
   * A replay of {@code closes[asset][day]} for the assets after the cash line, every day tradable at {@code cost},
   * each asset at {@code volatility} annualised with pairwise correlation 0.5, band multiplier 1.
   */
  static MarketReplay of(List<String> assets, double[][] closes, DailyCost cost, double volatility) {
    int n = assets.size() + 1;
    int t = closes[0].length;
    List<String> all = new ArrayList<>();
    all.add(AssetCatalogue.CASH);
    all.addAll(assets);
    List<LocalDate> days = new ArrayList<>();
    for (int d = 0; d < t; d++) {
      days.add(START.plusDays(d));
    }
    double[][] close = new double[n][];
    DailyCost[][] costs = new DailyCost[n][t];
    double[][] multiplier = new double[n][t];
    double[][] vol = new double[n][t];
    close[0] = new double[t];
    Arrays.fill(close[0], 1.0);
    Arrays.fill(costs[0], DailyCost.FREE);
    for (int a = 1; a < n; a++) {
      close[a] = closes[a - 1].clone();
      Arrays.fill(costs[a], cost);
      Arrays.fill(vol[a], volatility);
    }
    for (double[] row : multiplier) {
      Arrays.fill(row, 1.0);
    }
    double[][] sigma = new double[n][n];
    for (int i = 1; i < n; i++) {
      for (int j = 1; j < n; j++) {
        sigma[i][j] = volatility * volatility * (i == j ? 1 : 0.5);
      }
    }
    double[][][] covariance = new double[t][][];
    Arrays.fill(covariance, sigma);
    LocalDate[] first = new LocalDate[n];
    LocalDate[] last = new LocalDate[n];
    for (int a = 1; a < n; a++) {
      first[a] = START.minusYears(3);
      last[a] = days.get(t - 1);
    }
    return new MarketReplay(days, all, close, costs, covariance, multiplier, vol, first, last);
  }

  /** The same replay with the band multiplier of every asset set to {@code multiplier} from day {@code from} to {@code to}. */
  static MarketReplay withMultiplier(MarketReplay m, double multiplier, int from, int to) {
    int n = m.assets().size();
    int t = m.days().size();
    double[][] close = new double[n][t];
    DailyCost[][] costs = new DailyCost[n][t];
    double[][] mult = new double[n][t];
    double[][] vol = new double[n][t];
    double[][][] cov = new double[t][n][n];
    LocalDate[] first = new LocalDate[n];
    LocalDate[] last = new LocalDate[n];
    for (int a = 0; a < n; a++) {
      first[a] = m.firstBar(a);
      last[a] = m.lastBar(a);
      for (int d = 0; d < t; d++) {
        close[a][d] = m.close(a, d);
        costs[a][d] = m.cost(a, d);
        mult[a][d] = a > 0 && d >= from && d <= to ? multiplier : m.bandMultiplier(a, d);
        vol[a][d] = m.volatility(a, d);
        for (int b = 0; b < n; b++) {
          cov[d][a][b] = m.covariance(d, a, b);
        }
      }
    }
    return new MarketReplay(m.days(), m.assets(), close, costs, cov, mult, vol, first, last);
  }

  /** Geometric random walks with daily volatility {@code dailyVolatility}, starting at 100. */
  static double[][] randomWalks(int assets, int days, double dailyVolatility, long seed) {
    Random random = new Random(seed);
    double[][] closes = new double[assets][days];
    for (int a = 0; a < assets; a++) {
      closes[a][0] = 100;
      for (int d = 1; d < days; d++) {
        closes[a][d] = closes[a][d - 1] * Math.exp(dailyVolatility * random.nextGaussian() - dailyVolatility * dailyVolatility / 2);
      }
    }
    return closes;
  }

  /** Flat prices at 100, with each asset's price multiplied by {@code factor} from {@code day} on. */
  static double[][] flatWithShocks(int assets, int days, int[][] shocks, double[] factors) {
    double[][] closes = new double[assets][days];
    for (double[] row : closes) {
      Arrays.fill(row, 100);
    }
    for (int s = 0; s < shocks.length; s++) {
      int asset = shocks[s][0];
      for (int d = shocks[s][1]; d < days; d++) {
        closes[asset][d] *= factors[s];
      }
    }
    return closes;
  }
}

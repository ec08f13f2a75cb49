package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A basket's target-weighted (constant-mix) value index, the price series its regime is classified on. */
class ValueIndexTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Map<String, Double> SIXTY_FORTY = ordered("BTC", 0.6, "ETH", 0.4);

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return m;
  }

  private static List<ClosingPrice> daily(int[] days, double... prices) {
    List<ClosingPrice> out = new ArrayList<>();
    for (int i = 0; i < prices.length; i++) {
      out.add(new ClosingPrice(day(days[i]), prices[i]));
    }
    return out;
  }

  private static List<Double> values(PriceSeries s) {
    return s.closes().stream().map(ClosingPrice::price).toList();
  }

  @Test
  void grows_by_the_weighted_price_relatives_rebalanced_every_bar() {
    // I1 = 100 (0.6 * 110/100 + 0.4 * 10/10) = 106; I2 = 106 (0.6 * 99/110 + 0.4 * 12/10) = 106 * 1.02 = 108.12
    PriceSeries index = ValueIndex.targetWeighted("BTC_ETH_60_40", PriceSeries.DAILY, SIXTY_FORTY, Set.of(),
        Map.of("BTC", daily(new int[] {0, 1, 2}, 100, 110, 99), "ETH", daily(new int[] {0, 1, 2}, 10, 10, 12)));

    assertThat(index.subject()).isEqualTo("BTC_ETH_60_40");
    assertThat(index.closes()).extracting(ClosingPrice::time).containsExactly(day(0), day(1), day(2));
    assertThat(values(index).get(0)).isEqualTo(100.0);
    assertThat(values(index).get(1)).isCloseTo(106.0, within(1e-12));
    assertThat(values(index).get(2)).isCloseTo(108.12, within(1e-12));
  }

  @Test
  void a_cash_line_keeps_its_value() {
    // I1 = 100 (0.5 + 0.5 * 200/100) = 150; I2 = 150 (0.5 + 0.5 * 100/200) = 112.5
    PriceSeries index = ValueIndex.targetWeighted("HALF_CASH", PriceSeries.DAILY, ordered("BTC", 0.5, "USDT", 0.5),
        Set.of("USDT"), Map.of("BTC", daily(new int[] {0, 1, 2}, 100, 200, 100)));

    assertThat(values(index)).containsExactly(100.0, 150.0, 112.5);
  }

  @Test
  void only_times_every_priced_asset_has_a_close_make_a_point() {
    // ETH lacks day 1: I(day 2) = 100 (0.6 * 99/100 + 0.4 * 12/10) = 107.4, one return over two days
    PriceSeries index = ValueIndex.targetWeighted("B", PriceSeries.DAILY, SIXTY_FORTY, Set.of("USDT"),
        Map.of("BTC", daily(new int[] {0, 1, 2, 3}, 100, 110, 99, 98), "ETH", daily(new int[] {0, 2}, 10, 12)));

    assertThat(index.closes()).extracting(ClosingPrice::time).containsExactly(day(0), day(2));
    assertThat(values(index).get(1)).isCloseTo(107.4, within(1e-12));
  }

  @Test
  void is_empty_while_a_priced_asset_has_no_closes() {
    PriceSeries index = ValueIndex.targetWeighted("B", PriceSeries.DAILY, SIXTY_FORTY, Set.of(),
        Map.of("BTC", daily(new int[] {0, 1}, 100, 110), "ETH", List.of()));

    assertThat(index.closes()).isEmpty();
  }

  @Test
  void refuses_weights_that_do_not_sum_to_one_and_priced_assets_without_closes() {
    assertThatThrownBy(() -> ValueIndex.targetWeighted("B", PriceSeries.DAILY, ordered("BTC", 0.6, "ETH", 0.3), Set.of(),
        Map.of("BTC", List.of(), "ETH", List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B: weights must sum to 1");
    assertThatThrownBy(() -> ValueIndex.targetWeighted("B", PriceSeries.DAILY, SIXTY_FORTY, Set.of(),
        Map.of("BTC", List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no closes given for ETH");
  }

  @Test
  void its_realised_volatility_is_the_portfolio_volatility_of_the_weights_and_the_covariance() {
    // two correlated assets (2% and 3% daily, correlation 0.5): the index's realised volatility is sqrt(w' Sigma w)
    SplittableRandom rng = new SplittableRandom(11);
    int n = 4000;
    double[][] r = new double[2][n];
    List<ClosingPrice> btc = new ArrayList<>();
    List<ClosingPrice> eth = new ArrayList<>();
    double pb = 100;
    double pe = 10;
    btc.add(new ClosingPrice(day(0), pb));
    eth.add(new ClosingPrice(day(0), pe));
    for (int i = 0; i < n; i++) {
      double z1 = rng.nextGaussian();
      double z2 = 0.5 * z1 + Math.sqrt(0.75) * rng.nextGaussian();
      r[0][i] = 0.02 * z1;
      r[1][i] = 0.03 * z2;
      pb *= Math.exp(r[0][i]);
      pe *= Math.exp(r[1][i]);
      btc.add(new ClosingPrice(day(i + 1), pb));
      eth.add(new ClosingPrice(day(i + 1), pe));
    }
    double[][] covariance = new double[2][2];
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 2; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += r[a][i] * r[b][i];
        }
        covariance[a][b] = 365 * s / n;
      }
    }
    List<ClosingPrice> index = ValueIndex.targetWeighted("B", PriceSeries.DAILY, SIXTY_FORTY, Set.of(),
        Map.of("BTC", btc, "ETH", eth)).closes();
    double s = 0;
    for (int i = 1; i < index.size(); i++) {
      double ri = Math.log(index.get(i).price() / index.get(i - 1).price());
      s += ri * ri;
    }
    double realised = Math.sqrt(365 * s / n);

    assertThat(realised).isCloseTo(PortfolioVolatility.of(new double[] {0.6, 0.4}, covariance), within(0.005 * realised));
  }
}

package dev.keel.domain.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.ReferencePrices;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopulationGeneratorTest {

  private static PopulationGenerator generator(int accounts, long seed) {
    return new PopulationGenerator(PopulationSpec.defaults(accounts, seed), ReferencePrices.all());
  }

  @Test
  void same_seed_gives_the_same_population() {
    PopulationGenerator a = generator(500, 42);
    PopulationGenerator b = generator(500, 42);
    for (int i = 0; i < 500; i++) {
      assertThat(a.account(i)).isEqualTo(b.account(i));
    }
  }

  @Test
  void another_seed_gives_another_population() {
    assertThat(generator(10, 1).account(3)).isNotEqualTo(generator(10, 2).account(3));
  }

  @Test
  void an_account_does_not_depend_on_the_population_size() {
    assertThat(generator(10, 7).account(5)).isEqualTo(generator(1_000, 7).account(5));
  }

  @Test
  void population_mixes_tiers_profiles_and_baskets_as_configured() {
    PopulationGenerator g = generator(20_000, 11);
    Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
    Map<RiskProfile, Integer> profiles = new EnumMap<>(RiskProfile.class);
    Map<String, Integer> baskets = new HashMap<>();
    int portfolios = 0;
    for (int i = 0; i < 20_000; i++) {
      GeneratedAccount a = g.account(i);
      tiers.merge(a.tier(), 1, Integer::sum);
      for (GeneratedAccount.Portfolio p : a.portfolios()) {
        portfolios++;
        profiles.merge(p.profile(), 1, Integer::sum);
        baskets.merge(p.basket().name(), 1, Integer::sum);
      }
    }
    assertThat(tiers.get(Tier.PREMIUM) / 20_000.0).isBetween(0.18, 0.22);
    assertThat(portfolios / 20_000.0).isBetween(1.3, 1.45);
    assertThat(profiles).containsOnlyKeys(RiskProfile.values());
    assertThat(baskets).containsOnlyKeys("BTC_ETH_60_40", "TOP10_EQUAL", "LARGE_CAPS_STABLE", "DEFI");
  }

  @Test
  void portfolio_values_are_log_normal_between_the_bounds() {
    PopulationGenerator g = generator(20_000, 5);
    int small = 0;
    int large = 0;
    int n = 0;
    for (int i = 0; i < 20_000; i++) {
      for (GeneratedAccount.Portfolio p : g.account(i).portfolios()) {
        n++;
        assertThat(p.value()).isBetween(new BigDecimal("25"), new BigDecimal("500000"));
        if (p.value().compareTo(new BigDecimal("100")) < 0) {
          small++;
        }
        if (p.value().compareTo(new BigDecimal("50000")) > 0) {
          large++;
        }
      }
    }
    assertThat(small).as("portfolios under 100 USDT").isGreaterThan(n / 50);
    assertThat(large).as("portfolios over 50,000 USDT").isGreaterThan(n / 200);
  }

  @Test
  void holdings_are_positive_and_value_to_the_portfolio_value_at_reference_prices() {
    PopulationGenerator g = generator(2_000, 9);
    for (int i = 0; i < 2_000; i++) {
      for (GeneratedAccount.Portfolio p : g.account(i).portfolios()) {
        assertThat(p.holdings().keySet()).isEqualTo(p.basket().weights().keySet());
        BigDecimal value = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> h : p.holdings().entrySet()) {
          assertThat(h.getValue().signum()).isPositive();
          value = value.add(h.getValue().multiply(ReferencePrices.of(h.getKey())));
        }
        assertThat(value.doubleValue()).isCloseTo(p.value().doubleValue(), org.assertj.core.data.Percentage.withPercentage(0.01));
      }
    }
  }

  @Test
  void holdings_have_drifted_so_some_portfolios_are_off_target() {
    PopulationGenerator g = generator(5_000, 3);
    int outside = 0;
    int n = 0;
    for (int i = 0; i < 5_000; i++) {
      for (GeneratedAccount.Portfolio p : g.account(i).portfolios()) {
        n++;
        double v = p.value().doubleValue();
        boolean breach = false;
        for (Map.Entry<String, Double> t : p.basket().weights().entrySet()) {
          double w = p.holdings().get(t.getKey()).doubleValue() * ReferencePrices.of(t.getKey()).doubleValue() / v;
          breach |= Math.abs(w - t.getValue()) > p.profile().bandFor(t.getValue());
        }
        outside += breach ? 1 : 0;
      }
    }
    assertThat(outside / (double) n).as("share of portfolios outside a band").isBetween(0.05, 0.5);
  }

  @Test
  void out_of_range_arguments_are_refused_with_the_value() {
    assertThatThrownBy(() -> PopulationSpec.defaults(0, 1)).hasMessageContaining("accounts").hasMessageContaining("0");
    assertThatThrownBy(() -> new PopulationSpec(10, 1, 1.5, 2000, 1.6, 25, 500_000, 0.1))
        .hasMessageContaining("premium share").hasMessageContaining("1.5");
    assertThatThrownBy(() -> new PopulationGenerator(PopulationSpec.defaults(10, 1), Map.of("BTC", BigDecimal.ONE)))
        .hasMessageContaining("price");
  }
}

package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutionPolicyTest {

  private static final ExecutionPolicy D = ExecutionPolicy.DEFAULT;

  static ExecutionPolicy costRiseTolerance(double v) {
    return new ExecutionPolicy(v, D.midMoveBandFraction(), D.capCostMultiple(), D.minCapSlippage(), D.notFoundChecks(),
        D.notFoundWindow(), D.maxOrdersPerTrade());
  }

  static ExecutionPolicy midMoveBandFraction(double v) {
    return new ExecutionPolicy(D.costRiseTolerance(), v, D.capCostMultiple(), D.minCapSlippage(), D.notFoundChecks(),
        D.notFoundWindow(), D.maxOrdersPerTrade());
  }

  static ExecutionPolicy capCostMultiple(double v) {
    return new ExecutionPolicy(D.costRiseTolerance(), D.midMoveBandFraction(), v, D.minCapSlippage(), D.notFoundChecks(),
        D.notFoundWindow(), D.maxOrdersPerTrade());
  }

  static ExecutionPolicy minCapSlippage(double v) {
    return new ExecutionPolicy(D.costRiseTolerance(), D.midMoveBandFraction(), D.capCostMultiple(), v, D.notFoundChecks(),
        D.notFoundWindow(), D.maxOrdersPerTrade());
  }

  static ExecutionPolicy notFound(int checks, Duration window) {
    return new ExecutionPolicy(D.costRiseTolerance(), D.midMoveBandFraction(), D.capCostMultiple(), D.minCapSlippage(), checks,
        window, D.maxOrdersPerTrade());
  }

  static ExecutionPolicy maxOrdersPerTrade(int v) {
    return new ExecutionPolicy(D.costRiseTolerance(), D.midMoveBandFraction(), D.capCostMultiple(), D.minCapSlippage(),
        D.notFoundChecks(), D.notFoundWindow(), v);
  }

  @Test
  void the_defaults_are_the_documented_settings() {
    assertThat(D).isEqualTo(new ExecutionPolicy(0.5, 1.0, 2.0, 0.001, 4, Duration.ofSeconds(60), 4));
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        arguments("keel.execution.cost-rise-tolerance", "-0.1", (Supplier<?>) () -> costRiseTolerance(-0.1)),
        arguments("keel.execution.cost-rise-tolerance", "NaN", (Supplier<?>) () -> costRiseTolerance(Double.NaN)),
        arguments("keel.execution.cost-rise-tolerance", "Infinity", (Supplier<?>) () -> costRiseTolerance(Double.POSITIVE_INFINITY)),
        arguments("keel.execution.mid-move-band-fraction", "0.0", (Supplier<?>) () -> midMoveBandFraction(0)),
        arguments("keel.execution.mid-move-band-fraction", "-1.0", (Supplier<?>) () -> midMoveBandFraction(-1)),
        arguments("keel.execution.mid-move-band-fraction", "NaN", (Supplier<?>) () -> midMoveBandFraction(Double.NaN)),
        arguments("keel.execution.mid-move-band-fraction", "Infinity", (Supplier<?>) () -> midMoveBandFraction(Double.POSITIVE_INFINITY)),
        arguments("keel.execution.cap-cost-multiple", "0.99", (Supplier<?>) () -> capCostMultiple(0.99)),
        arguments("keel.execution.cap-cost-multiple", "NaN", (Supplier<?>) () -> capCostMultiple(Double.NaN)),
        arguments("keel.execution.cap-cost-multiple", "Infinity", (Supplier<?>) () -> capCostMultiple(Double.POSITIVE_INFINITY)),
        arguments("keel.execution.min-cap-slippage", "0.0", (Supplier<?>) () -> minCapSlippage(0)),
        arguments("keel.execution.min-cap-slippage", "-0.001", (Supplier<?>) () -> minCapSlippage(-0.001)),
        arguments("keel.execution.min-cap-slippage", "0.5", (Supplier<?>) () -> minCapSlippage(0.5)),
        arguments("keel.execution.min-cap-slippage", "NaN", (Supplier<?>) () -> minCapSlippage(Double.NaN)),
        arguments("keel.execution.not-found-checks", "1", (Supplier<?>) () -> notFound(1, Duration.ofSeconds(60))),
        arguments("keel.execution.not-found-window", "PT0S", (Supplier<?>) () -> notFound(4, Duration.ZERO)),
        arguments("keel.execution.not-found-window", "PT-1S", (Supplier<?>) () -> notFound(4, Duration.ofSeconds(-1))),
        arguments("keel.execution.not-found-window", "null", (Supplier<?>) () -> notFound(4, null)),
        arguments("keel.execution.max-orders-per-trade", "0", (Supplier<?>) () -> maxOrdersPerTrade(0)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badSettings")
  void a_bad_setting_is_refused_with_a_message_naming_the_setting_and_its_value(String setting, String value,
      Supplier<?> policy) {
    assertThatThrownBy(policy::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting + " ")
        .hasMessageEndingWith("was " + value);
  }

  @Test
  void the_lowest_allowed_values_are_accepted() {
    assertThat(costRiseTolerance(0).costRiseTolerance()).isZero();
    assertThat(capCostMultiple(1).capCostMultiple()).isEqualTo(1);
    assertThat(minCapSlippage(1e-6).minCapSlippage()).isEqualTo(1e-6);
    assertThat(notFound(2, Duration.ofSeconds(1)).notFoundChecks()).isEqualTo(2);
    assertThat(maxOrdersPerTrade(1).maxOrdersPerTrade()).isEqualTo(1);
  }
}

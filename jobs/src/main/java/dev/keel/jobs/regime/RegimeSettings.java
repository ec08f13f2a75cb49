package dev.keel.jobs.regime;

import dev.keel.domain.regime.BandMultipliers;
import dev.keel.domain.regime.RegimeConfig;
import dev.keel.domain.regime.RegimeThresholds;
import dev.keel.domain.regime.ShockRule;
import dev.keel.domain.regime.SpreadRule;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The regime detector's settings ({@code keel.regime.*}), read by regimeJob and by the drift scan (the band ceiling).
 * The detector's calibration (docs/regimes.md, section 9) is stated once, in the domain: every key left out takes its
 * value from {@link RegimeConfig#DEFAULT}, whose constructor also checks them; the bar interval's default is here.
 *
 * @param barInterval      the price_bar interval the regime detector reads: 1m, 5m, 1h or 1d; daily bars match the
 *                         calibration
 * @param fastHalfLife     half-life of the fast EWMA volatility
 * @param slowHalfLife     half-life of the slow EWMA volatility, longer than the fast one
 * @param lookBack         reach of each volatility's trailing distribution
 * @param minimumHistory   history an asset needs before it is classified
 * @param dwell            least time in a regime before stepping down to a calmer one
 * @param thresholds       percentile ranks for entering and holding each regime
 * @param multipliers      the band multiplier of each regime
 * @param maxBandHalfWidth ceiling on any band half-width after the multiplier, fraction of portfolio value
 * @param spread           the cost-awareness rule: spread regimes and their multiplier floors
 * @param shock            the crash rule: a fall from the recent high that enters HIGH at once
 */
@ConfigurationProperties(prefix = "keel.regime")
public record RegimeSettings(@DefaultValue("1d") String barInterval, Duration fastHalfLife, Duration slowHalfLife, Duration lookBack,
                             Duration minimumHistory, Duration dwell, @DefaultValue Thresholds thresholds,
                             @DefaultValue Multipliers multipliers, Double maxBandHalfWidth, @DefaultValue Spread spread,
                             @DefaultValue Shock shock) {
  public RegimeSettings {
    if (barInterval == null || !RegimeUpdate.INTERVALS.containsKey(barInterval)) {
      throw new IllegalArgumentException("keel.regime.bar-interval must be one of 1m, 5m, 1h, 1d, was '" + barInterval + "'");
    }
    RegimeConfig d = RegimeConfig.DEFAULT;
    fastHalfLife = fastHalfLife == null ? d.fastHalfLife() : fastHalfLife;
    slowHalfLife = slowHalfLife == null ? d.slowHalfLife() : slowHalfLife;
    lookBack = lookBack == null ? d.lookBack() : lookBack;
    minimumHistory = minimumHistory == null ? d.minimumHistory() : minimumHistory;
    dwell = dwell == null ? d.dwell() : dwell;
    maxBandHalfWidth = maxBandHalfWidth == null ? d.maxBandHalfWidth() : maxBandHalfWidth;
    config(fastHalfLife, slowHalfLife, lookBack, minimumHistory, dwell, thresholds, multipliers, maxBandHalfWidth, spread, shock);
  }

  /** The detector's configuration these settings give. */
  public RegimeConfig config() {
    return config(fastHalfLife, slowHalfLife, lookBack, minimumHistory, dwell, thresholds, multipliers, maxBandHalfWidth, spread,
        shock);
  }

  private static RegimeConfig config(Duration fast, Duration slow, Duration lookBack, Duration minimumHistory, Duration dwell,
                                     Thresholds t, Multipliers m, double ceiling, Spread s, Shock k) {
    try {
      RegimeConfig d = RegimeConfig.DEFAULT;
      return new RegimeConfig(fast, slow, lookBack, minimumHistory, d.distributionStep(),
          new RegimeThresholds(t.calmEnter(), t.calmHold(), t.highEnter(), t.highHold(), t.extremeEnter(), t.extremeHold()),
          dwell, new BandMultipliers(m.calm(), m.normal(), m.high(), m.extreme()),
          new SpreadRule(s.window(), s.baseline(), s.minimumObservations(), s.wideEnter(), s.wideHold(), s.stressedEnter(),
              s.stressedHold(), s.wideFloor(), s.stressedFloor(), s.dwell()), ceiling,
          new ShockRule(k.enabled(), k.drop(), k.window(), k.hold()));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("keel.regime: " + kebab(String.valueOf(e.getMessage())));
    }
  }

  /** The detector's messages name fields in camel case (slowHalfLife); settings are written slow-half-life. */
  static String kebab(String message) {
    Matcher m = Pattern.compile("\\b[a-z]+(?:[A-Z][a-z]+)+\\b").matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Percentile ranks, in [0, 1], for entering and holding each regime; each left out takes its value from
   * {@link RegimeThresholds#DEFAULT}.
   *
   * @param calmEnter    enter CALM at or below this rank
   * @param calmHold     stay CALM while at or below this rank
   * @param highEnter    enter HIGH at or above this rank
   * @param highHold     stay HIGH while at or above this rank
   * @param extremeEnter enter EXTREME at or above this rank
   * @param extremeHold  stay EXTREME while at or above this rank
   */
  public record Thresholds(Double calmEnter, Double calmHold, Double highEnter, Double highHold, Double extremeEnter,
                           Double extremeHold) {
    public Thresholds {
      RegimeThresholds d = RegimeThresholds.DEFAULT;
      calmEnter = calmEnter == null ? d.calmEnter() : calmEnter;
      calmHold = calmHold == null ? d.calmHold() : calmHold;
      highEnter = highEnter == null ? d.highEnter() : highEnter;
      highHold = highHold == null ? d.highHold() : highHold;
      extremeEnter = extremeEnter == null ? d.extremeEnter() : extremeEnter;
      extremeHold = extremeHold == null ? d.extremeHold() : extremeHold;
    }
  }

  /**
   * The band multiplier of each regime; each left out takes its value from {@link BandMultipliers#DEFAULT}.
   *
   * @param calm    in CALM
   * @param normal  in NORMAL
   * @param high    in HIGH
   * @param extreme in EXTREME
   */
  public record Multipliers(Double calm, Double normal, Double high, Double extreme) {
    public Multipliers {
      BandMultipliers d = BandMultipliers.DEFAULT;
      calm = calm == null ? d.calm() : calm;
      normal = normal == null ? d.normal() : normal;
      high = high == null ? d.high() : high;
      extreme = extreme == null ? d.extreme() : extreme;
    }
  }

  /**
   * The spread rule of docs/regimes.md; each left out takes its value from {@link SpreadRule#DEFAULT}.
   *
   * @param window              how far back the current spread reaches
   * @param baseline            how far back the baseline reaches before the window
   * @param minimumObservations fewest baseline observations for a spread regime
   * @param wideEnter           enter WIDE at or above this ratio of current to baseline spread
   * @param wideHold            stay WIDE while at or above this ratio
   * @param stressedEnter       enter STRESSED at or above this ratio
   * @param stressedHold        stay STRESSED while at or above this ratio
   * @param wideFloor           least band multiplier in WIDE
   * @param stressedFloor       least band multiplier in STRESSED
   * @param dwell               least time in a spread regime before stepping down to a narrower one
   */
  public record Spread(Duration window, Duration baseline, Integer minimumObservations, Double wideEnter, Double wideHold,
                       Double stressedEnter, Double stressedHold, Double wideFloor, Double stressedFloor, Duration dwell) {
    public Spread {
      SpreadRule d = SpreadRule.DEFAULT;
      window = window == null ? d.window() : window;
      baseline = baseline == null ? d.baseline() : baseline;
      minimumObservations = minimumObservations == null ? d.minimumObservations() : minimumObservations;
      wideEnter = wideEnter == null ? d.wideEnter() : wideEnter;
      wideHold = wideHold == null ? d.wideHold() : wideHold;
      stressedEnter = stressedEnter == null ? d.stressedEnter() : stressedEnter;
      stressedHold = stressedHold == null ? d.stressedHold() : stressedHold;
      wideFloor = wideFloor == null ? d.wideFloor() : wideFloor;
      stressedFloor = stressedFloor == null ? d.stressedFloor() : stressedFloor;
      dwell = dwell == null ? d.dwell() : dwell;
    }
  }

  /**
   * The crash rule of docs/regimes.md; each left out takes its value from {@link ShockRule#DEFAULT}.
   *
   * @param enabled whether a fall from the recent high enters HIGH at once
   * @param drop    least fall below the window's highest close, fraction in (0, 1)
   * @param window  how far back the highest close is taken
   * @param hold    how long after the last such close the asset stays at least HIGH
   */
  public record Shock(Boolean enabled, Double drop, Duration window, Duration hold) {
    public Shock {
      ShockRule d = ShockRule.DEFAULT;
      enabled = enabled == null ? d.enabled() : enabled;
      drop = drop == null ? d.drop() : drop;
      window = window == null ? d.window() : window;
      hold = hold == null ? d.hold() : hold;
    }
  }
}

package dev.keel.domain.regime;

import dev.keel.domain.statistics.Quantiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Classifies an asset's volatility regime bar by bar and sets its band multiplier.
 *
 * <p>Signal: two EWMA volatilities (fast and slow half-life) are each ranked in their own trailing
 * distribution over the look-back; the signal is the higher rank, so a shock shows at once through the
 * fast one and a turbulent stretch stays turbulent through the slow one. Classification: the signal is
 * held against {@link RegimeThresholds} with hysteresis (entering a regime takes a stronger signal than
 * staying); stepping up to a more turbulent regime is immediate, stepping down waits for the dwell time.
 * Crashes: a close far enough below its recent high ({@link ShockRule}) puts the asset in HIGH at once even
 * when the ranks lag, and keeps it there while the fall lasts.
 * Cost awareness: spread observations give a {@link SpreadRegime} whose floor can raise the multiplier.
 *
 * <p>Stateless apart from its configuration; the state that must survive between runs is the
 * {@link RegimeState} the caller passes to {@link #continueFrom}.
 */
public final class RegimeClassifier {

  public static final RegimeClassifier DEFAULT = new RegimeClassifier(RegimeConfig.DEFAULT);

  private static final double MAX_SPREAD_RATIO = 1e6;
  /** How the spread clause of a reason begins; the volatility part of a reason never contains it. */
  static final String SPREAD_CLAUSE = "; spread ";

  private final RegimeConfig config;

  public RegimeClassifier(RegimeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public RegimeConfig config() {
    return config;
  }

  /** Classifies every bar of a price history from scratch, without spread observations. */
  public RegimeTimeline classify(PriceSeries prices) {
    return run(prices, List.of(), null);
  }

  /** Classifies every bar of a price history from scratch. */
  public RegimeTimeline classify(PriceSeries prices, List<SpreadObservation> spreads) {
    return run(prices, spreads, null);
  }

  /**
   * Classifies the bars after {@code previous.asOf()}, starting from the previous regime and the time it was
   * entered, so hysteresis and dwell carry across runs. Earlier bars only warm up the volatilities and
   * their trailing distributions: pass at least {@link RegimeConfig#historyToRead()} of them. The result
   * is empty when no bar is newer than {@code previous.asOf()}.
   */
  public RegimeTimeline continueFrom(RegimeState previous, PriceSeries prices, List<SpreadObservation> spreads) {
    return run(prices, spreads, Objects.requireNonNull(previous, "previous"));
  }

  private RegimeTimeline run(PriceSeries prices, List<SpreadObservation> spreads, RegimeState previous) {
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(spreads, "spreads");
    List<ClosingPrice> closes = prices.closes();
    List<RegimeAssessment> out = new ArrayList<>();
    if (closes.isEmpty()) {
      return new RegimeTimeline(prices.subject(), out);
    }
    double[] fast = EwmaVolatility.annualised(prices, config.fastHalfLife());
    double[] slow = EwmaVolatility.annualised(prices, config.slowHalfLife());
    double[] fall = RecentHigh.fallBelow(closes, config.shock().window());
    Instant lastShock = null;
    TrailingDistribution fastHistory = new TrailingDistribution(config.lookBack(), config.distributionStep());
    TrailingDistribution slowHistory = new TrailingDistribution(config.lookBack(), config.distributionStep());
    SpreadWindow spreadWindow = new SpreadWindow(spreads, config.spread());
    Instant first = closes.get(0).time();
    RegimeState state = previous;
    for (int i = 0; i < closes.size(); i++) {
      Instant t = closes.get(i).time();
      fastHistory.advanceTo(t);
      slowHistory.advanceTo(t);
      Duration history = Duration.between(first, t);
      boolean mature = history.compareTo(config.minimumHistory()) >= 0
          && fastHistory.size() >= 2 && slowHistory.size() >= 2 && !Double.isNaN(fast[i]);
      double fastRank = mature ? fastHistory.rankOf(fast[i]) : Double.NaN;
      double slowRank = mature ? slowHistory.rankOf(slow[i]) : Double.NaN;
      fastHistory.offer(t, fast[i]);
      slowHistory.offer(t, slow[i]);
      if (config.shock().firesAt(fall[i])) {
        lastShock = t;
      }
      if (previous != null && !t.isAfter(previous.asOf())) {
        continue;
      }
      if (state == null) {
        state = RegimeState.initial(t);
      }
      RegimeAssessment a = assess(prices.subject(), t, fast[i], slow[i], fastRank, slowRank, fall[i], lastShock, history,
          state, spreadWindow.ratioAt(t));
      out.add(a);
      state = a.state();
    }
    return new RegimeTimeline(prices.subject(), out);
  }

  /** One bar's step of the classification with no fall from a recent high; for tests that drive a synthetic signal. */
  RegimeAssessment assess(String subject, Instant t, double fastVol, double slowVol, double fastRank,
      double slowRank, Duration history, RegimeState state, double spreadRatio) {
    return assess(subject, t, fastVol, slowVol, fastRank, slowRank, Double.NaN, null, history, state, spreadRatio);
  }

  /**
   * One bar's step of the classification; package-private so tests can drive it with a synthetic signal.
   *
   * @param fall      how far the bar's close is below the highest close of the shock rule's window before it, fraction
   *                  of that high; NaN when the window holds no close
   * @param lastShock the time of the latest bar up to {@code t} that set the shock rule off; null if none
   */
  RegimeAssessment assess(String subject, Instant t, double fastVol, double slowVol, double fastRank,
      double slowRank, double fall, Instant lastShock, Duration history, RegimeState state, double spreadRatio) {
    Regime current = state.regime();
    Instant since = state.regimeSince();
    Regime next = current;
    Decision decision;
    StringBuilder reason = new StringBuilder();
    if (Double.isNaN(fastRank)) {
      decision = Decision.WARMING_UP;
      reason.append("warming up: ").append(history.toDays()).append(" of ").append(config.minimumHistory().toDays())
          .append(" days of history; ").append(current).append(" kept");
    } else {
      double signal = Math.max(fastRank, slowRank);
      Regime target = target(current, signal);
      reason.append("signal p").append(twoDecimals(signal)).append(" (fast p").append(twoDecimals(fastRank))
          .append(", slow p").append(twoDecimals(slowRank)).append(')');
      boolean firesNow = config.shock().firesAt(fall);
      boolean heldByShock = !firesNow && lastShock != null && !t.isAfter(lastShock.plus(config.shock().hold()));
      boolean shock = (firesNow || heldByShock) && target.compareTo(Regime.HIGH) < 0;
      if (shock) {
        target = Regime.HIGH;
        if (firesNow) {
          reason.append(", close ").append(percent(fall)).append("% below the ").append(span(config.shock().window()))
              .append(" high");
        } else {
          reason.append(", shock ").append(days(Duration.between(lastShock, t))).append(" ago (shock hold ")
              .append(days(config.shock().hold())).append(')');
        }
      }
      if (target.above(current)) {
        decision = Decision.ESCALATED;
        next = target;
        if (shock && firesNow) {
          reason.append(" >= shock drop ").append(percent(config.shock().drop())).append('%');
        } else if (shock) {
          reason.append(" within the shock hold");
        } else if (target == Regime.NORMAL) {
          reason.append(" > calm hold p").append(twoDecimals(config.thresholds().calmHold()));
        } else {
          reason.append(" >= ").append(target.name().toLowerCase(Locale.ROOT)).append(" entry p")
              .append(twoDecimals(entry(target)));
        }
        reason.append(": ").append(current).append(" -> ").append(target);
      } else if (target == current) {
        decision = Decision.HELD;
        reason.append(" holds ").append(current);
        if (shock) {
          reason.append(" (shock rule)");
        }
      } else if (Duration.between(since, t).compareTo(config.dwell()) < 0) {
        decision = Decision.HELD_BY_DWELL;
        reason.append(" points to ").append(target).append("; ").append(current).append(" held by dwell (")
            .append(days(Duration.between(since, t))).append(" of ").append(days(config.dwell())).append(')');
      } else {
        decision = Decision.DEESCALATED;
        next = target;
        reason.append(" left ").append(current).append("'s hold band: ").append(current).append(" -> ").append(target);
      }
    }
    if (next != current) {
      since = t;
    }
    SpreadStep spread = spreadStep(t, next, state.spreadRegime(), state.spreadRegimeSince(), spreadRatio);
    reason.append(spread.clause());
    return new RegimeAssessment(subject, t, fastVol, slowVol, fastRank, slowRank, next, since, decision,
        spreadRatio, spread.regime(), spread.since(), spread.multiplier(), reason.toString());
  }

  /**
   * Checks the spreads again at {@code now}, a time after the assessment's bar, and keeps everything that the
   * bar decided (volatilities, ranks, regime, decision, {@code asOf}): the spread regime steps with its own
   * hysteresis and dwell from the assessment's spread regime, and the band multiplier is the regime's
   * multiplier raised to the new spread floor. This is how widening spreads raise the multiplier between
   * bars (with daily bars, within the day) rather than at the next bar's close.
   *
   * @param latest the assessment of the asset's last bar (or a previous recheck of it)
   * @param spreads observations reaching at least {@code spread.baseline + spread.window} before {@code now}
   * @param now     the time of the check, not before {@code latest.asOf()}
   */
  public RegimeAssessment recheckSpreads(RegimeAssessment latest, List<SpreadObservation> spreads, Instant now) {
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(spreads, "spreads");
    Objects.requireNonNull(now, "now");
    if (now.isBefore(latest.asOf())) {
      throw new IllegalArgumentException(latest.asset() + ": spreads are rechecked at " + now
          + ", before the assessment's bar at " + latest.asOf());
    }
    double ratio = new SpreadWindow(spreads, config.spread()).ratioAt(now);
    SpreadStep spread = spreadStep(now, latest.regime(), latest.spreadRegime(), latest.spreadRegimeSince(), ratio);
    return new RegimeAssessment(latest.asset(), latest.asOf(), latest.fastVolatility(), latest.slowVolatility(),
        latest.fastPercentile(), latest.slowPercentile(), latest.regime(), latest.regimeSince(), latest.decision(),
        ratio, spread.regime(), spread.since(), spread.multiplier(), volatilityReason(latest.reason()) + spread.clause());
  }

  /** The part of a reason that explains the volatility regime: everything before the spread clause. */
  static String volatilityReason(String reason) {
    int i = reason.indexOf(SPREAD_CLAUSE);
    return i < 0 ? reason : reason.substring(0, i);
  }

  /** The spread regime, when it was entered, the band multiplier and the reason's spread clause ("" when there is nothing to say). */
  private record SpreadStep(SpreadRegime regime, Instant since, double multiplier, String clause) {}

  /** One step of the spread regime at {@code t}, from {@code current} (entered at {@code currentSince}), for an asset in {@code regime}. */
  private SpreadStep spreadStep(Instant t, Regime regime, SpreadRegime current, Instant currentSince, double ratio) {
    SpreadRegime next = spreadTarget(current, ratio);
    boolean heldByDwell = false;
    if (next.compareTo(current) < 0 && Duration.between(currentSince, t).compareTo(config.spread().dwell()) < 0) {
      next = current;
      heldByDwell = true;
    }
    Instant since = next != current ? t : currentSince;
    double multiplier = config.multipliers().of(regime);
    double floor = config.spread().floor(next);
    String observed = Double.isNaN(ratio) ? SPREAD_CLAUSE + "unobserved now" : SPREAD_CLAUSE + "x" + twoDecimals(ratio) + " of baseline";
    String clause = "";
    if (floor > multiplier) {
      clause = observed + " (" + next + (heldByDwell ? ", held by dwell" : "") + ") raises the multiplier from "
          + twoDecimals(multiplier) + " to " + twoDecimals(floor);
      multiplier = floor;
    } else if (next != current) {
      clause = observed + ": " + current + " -> " + next;
    }
    return new SpreadStep(next, since, multiplier, clause);
  }

  /** Where the signal puts an asset that is currently in {@code current}: entry thresholds, widened by the hold band. */
  Regime target(Regime current, double signal) {
    RegimeThresholds th = config.thresholds();
    if (signal >= th.extremeEnter() || (current == Regime.EXTREME && signal >= th.extremeHold())) {
      return Regime.EXTREME;
    }
    if (signal >= th.highEnter() || (current.compareTo(Regime.HIGH) >= 0 && signal >= th.highHold())) {
      return Regime.HIGH;
    }
    if (signal <= th.calmEnter() || (current == Regime.CALM && signal <= th.calmHold())) {
      return Regime.CALM;
    }
    return Regime.NORMAL;
  }

  private double entry(Regime regime) {
    RegimeThresholds th = config.thresholds();
    return switch (regime) {
      case CALM -> th.calmEnter();
      case NORMAL -> th.calmHold();
      case HIGH -> th.highEnter();
      case EXTREME -> th.extremeEnter();
    };
  }

  private SpreadRegime spreadTarget(SpreadRegime current, double ratio) {
    if (Double.isNaN(ratio)) {
      return SpreadRegime.UNOBSERVED;
    }
    SpreadRule rule = config.spread();
    if (ratio >= rule.stressedEnter() || (current == SpreadRegime.STRESSED && ratio >= rule.stressedHold())) {
      return SpreadRegime.STRESSED;
    }
    if (ratio >= rule.wideEnter() || (current.compareTo(SpreadRegime.WIDE) >= 0 && ratio >= rule.wideHold())) {
      return SpreadRegime.WIDE;
    }
    return SpreadRegime.NORMAL;
  }

  /** Formats a non-negative fraction with two decimals, without the cost of String.format on every bar. */
  static String twoDecimals(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    long hundredths = Math.round(value * 100);
    long whole = hundredths / 100;
    long frac = Math.abs(hundredths % 100);
    return (hundredths < 0 && whole == 0 ? "-" : "") + whole + (frac < 10 ? ".0" : ".") + frac;
  }

  /** A fraction as a whole percentage, e.g. 0.234 as "23". */
  private static String percent(double fraction) {
    return Long.toString(Math.round(fraction * 100));
  }

  /** A window's length as an adjective: "7-day", "36-hour". */
  private static String span(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + "-day" : d.toHours() + "-hour";
  }

  private static String days(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + " d" : String.format(Locale.ROOT, "%.1f d", d.toMinutes() / 1440.0);
  }

  /** Spread observations sorted by time, with the medians the rule compares. */
  private static final class SpreadWindow {
    private final long[] times;
    private final double[] spreads;
    private final SpreadRule rule;

    SpreadWindow(List<SpreadObservation> observations, SpreadRule rule) {
      this.rule = rule;
      List<SpreadObservation> sorted = new ArrayList<>(observations);
      sorted.sort(Comparator.comparing(SpreadObservation::time));
      times = new long[sorted.size()];
      spreads = new double[sorted.size()];
      for (int i = 0; i < sorted.size(); i++) {
        times[i] = sorted.get(i).time().toEpochMilli();
        spreads[i] = sorted.get(i).relativeSpread();
      }
    }

    /** Current median spread over baseline median spread at {@code t}; NaN if there are too few observations. */
    double ratioAt(Instant t) {
      if (times.length == 0) {
        return Double.NaN;
      }
      long now = t.toEpochMilli();
      long windowStart = now - rule.window().toMillis();
      long baselineStart = windowStart - rule.baseline().toMillis();
      int currentFrom = upperBound(windowStart);
      int currentTo = upperBound(now);
      int baselineFrom = upperBound(baselineStart);
      if (currentTo - currentFrom < 1 || currentFrom - baselineFrom < rule.minimumObservations()) {
        return Double.NaN;
      }
      double current = median(currentFrom, currentTo);
      double baseline = median(baselineFrom, currentFrom);
      if (baseline == 0) {
        return current == 0 ? 1.0 : MAX_SPREAD_RATIO;
      }
      return Math.min(MAX_SPREAD_RATIO, current / baseline);
    }

    /** The first index whose time is after {@code millis}. */
    private int upperBound(long millis) {
      int lo = 0;
      int hi = times.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (times[mid] <= millis) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private double median(int from, int to) {
      return Quantiles.median(spreads, from, to);
    }
  }
}

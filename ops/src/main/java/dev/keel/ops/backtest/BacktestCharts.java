package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.DailyCost;
import dev.keel.domain.backtest.DailyTotals;
import dev.keel.domain.backtest.MarketReplay;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.regime.BandScaling;
import dev.keel.domain.regime.RegimeConfig;
import dev.keel.ops.chart.DayAxis;
import dev.keel.ops.chart.Sheet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The backtest's pictures, drawn by JFreeChart: {@code overview.png} (tracking error and cumulative cost per policy over
 * the whole period, volatility and band widths of BTC and ETH, the March 2020 and May 2021 stretches shaded) and
 * {@code stress.png} (those two stretches close up: price, volatility, spread, bands, who traded and what it cost).
 */
final class BacktestCharts {

  static final LocalDate[][] STRESS = {
      {LocalDate.of(2020, 2, 15), LocalDate.of(2020, 4, 30)},
      {LocalDate.of(2021, 4, 15), LocalDate.of(2021, 6, 30)}};

  private static final Map<Policy, Color> COLOURS = new EnumMap<>(Policy.class);

  static {
    COLOURS.put(Policy.BUY_AND_HOLD, new Color(0x999999));
    COLOURS.put(Policy.CALENDAR_MONTHLY, new Color(0x9467BD));
    COLOURS.put(Policy.CALENDAR_QUARTERLY, new Color(0xC5B0D5));
    COLOURS.put(Policy.NAIVE_THRESHOLD, new Color(0xD62728));
    COLOURS.put(Policy.NAIVE_KEEL_BANDS, new Color(0x8C564B));
    COLOURS.put(Policy.KEEL_STATIC, new Color(0x1F77B4));
    COLOURS.put(Policy.KEEL_ADAPTIVE, new Color(0x2CA02C));
    COLOURS.put(Policy.KEEL_COST_AWARE, new Color(0xFF7F0E));
  }

  /** A policy's colour in every chart. */
  static Color colour(Policy policy) {
    return COLOURS.getOrDefault(policy, Color.BLACK);
  }

  private static final Color BTC = new Color(0xF7931A);
  private static final Color ETH = new Color(0x3C3C9D);
  private static final Color STRESS_SHADE = new Color(0xFFF1D6);
  private static final int WIDTH = 1600;
  private static final int HEADING = 40;
  /** A panel's height with its title and date labels, pixels. */
  private static final int PANEL = 260;
  /** Room for the value labels left of a plot, pixels. */
  private static final int LEFT = 70;
  /** The legend column right of the plots, pixels. */
  private static final int RIGHT = 190;

  private BacktestCharts() {}

  /** One line of a panel: values per replayed day (NaN leaves a gap). */
  record Line(String name, Color colour, double[] values, boolean dashed) {}

  /** One panel: its title and lines. */
  private record Panel(String title, List<Line> lines) {}

  static void write(Path folder, BacktestResult result) {
    Sheet.headless();
    Sheet.write(overview(result), folder.resolve("overview.png"));
    Sheet.write(stress(result), folder.resolve("stress.png"));
    Sheet.write(FrontierChart.render(result), folder.resolve("frontier.png"));
  }

  static BufferedImage overview(BacktestResult result) {
    MarketReplay m = result.market();
    int days = m.days().size();
    List<Line> te = new ArrayList<>();
    List<Line> cost = new ArrayList<>();
    for (Policy p : result.policies()) {
      DailyTotals t = result.daily().get(p);
      double[] teValues = new double[days];
      double[] costValues = new double[days];
      double cumulative = 0;
      for (int d = 0; d < days; d++) {
        teValues[d] = 100 * smoothTrackingError(t, d, 7);
        cumulative += 1e4 * t.meanCost(d);
        costValues[d] = cumulative;
      }
      if (p != Policy.BUY_AND_HOLD) {
        te.add(new Line(p.label(), colour(p), teValues, false));
      }
      cost.add(new Line(p.label(), colour(p), costValues, false));
    }
    List<Panel> panels = List.of(
        new Panel("Mean ex-ante tracking error of live portfolios, % a year (7-day mean; buy-and-hold off the scale)", te),
        new Panel("Cumulative trading cost of the mean live portfolio, bps of value", cost),
        new Panel("Fast EWMA volatility, % a year", volatilityLines(m)),
        new Panel("Band half-width of a 60 % line (balanced profile, base 5 points), points of weight: static vs "
            + "regime-adaptive", bandLines(m)));
    Sheet sheet = new Sheet(WIDTH, HEADING + panels.size() * PANEL);
    sheet.heading("Keel backtest " + m.days().get(0) + " to " + m.days().get(days - 1) + ": "
        + result.of(Policy.KEEL_ADAPTIVE).size() + " portfolios", 16, new Rectangle2D.Double(LEFT, 8, WIDTH - LEFT, 24));
    for (int r = 0; r < panels.size(); r++) {
      int top = HEADING + r * PANEL;
      XYPlot plot = panel(sheet, m, panels.get(r), 0, days - 1, true,
          new Rectangle2D.Double(0, top, WIDTH - RIGHT, PANEL));
      sheet.legend(plot, 12, new Rectangle2D.Double(WIDTH - RIGHT + 10, top + 30, RIGHT - 10, PANEL - 30));
    }
    return sheet.image();
  }

  private static double smoothTrackingError(DailyTotals t, int d, int window) {
    double sum = 0;
    int n = 0;
    for (int k = Math.max(0, d - window + 1); k <= d; k++) {
      double v = t.meanTrackingError(k);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static List<Line> volatilityLines(MarketReplay m) {
    List<Line> out = new ArrayList<>();
    addBandAssetLines(out, m, "", (a, d) -> 100 * m.volatility(a, d));
    return out;
  }

  /** A figure of an asset on a day: asset and day as MarketReplay indexes them. */
  private interface DailyFigure {
    double of(int asset, int day);
  }

  /** One line per asset of {@link BacktestReport#BAND_ASSETS} that the replay holds, in that asset's colour. */
  private static void addBandAssetLines(List<Line> out, MarketReplay m, String prefix, DailyFigure figure) {
    for (String asset : BacktestReport.BAND_ASSETS) {
      int a = m.indexOf(asset);
      if (a < 0) {
        continue;
      }
      double[] v = new double[m.days().size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = figure.of(a, d);
      }
      out.add(new Line(prefix + asset, asset.equals("BTC") ? BTC : ETH, v, false));
    }
  }

  private static List<Line> bandLines(MarketReplay m) {
    List<Line> out = new ArrayList<>();
    double base = BacktestReport.REFERENCE_PROFILE.bandFor(BacktestReport.REFERENCE_TARGET);
    double[] flat = new double[m.days().size()];
    Arrays.fill(flat, 100 * base);
    out.add(new Line("static", colour(Policy.KEEL_STATIC), flat, true));
    addBandAssetLines(out, m, "adaptive ", (a, d) -> 100 * BandScaling.scale(BacktestReport.REFERENCE_TARGET, base,
        m.bandMultiplier(a, d), RegimeConfig.DEFAULT.maxBandHalfWidth()).halfWidth());
    return out;
  }

  static BufferedImage stress(BacktestResult result) {
    MarketReplay m = result.market();
    int columns = STRESS.length;
    int columnWidth = WIDTH / columns;
    Sheet sheet = new Sheet(WIDTH, HEADING + 5 * PANEL);
    sheet.heading("What the bands did in March 2020 and May 2021 (BTC, ETH; population means per day)", 16,
        new Rectangle2D.Double(LEFT, 8, WIDTH - LEFT, 24));
    int btc = m.indexOf("BTC");
    for (int c = 0; c < columns; c++) {
      int from = m.dayOnOrAfter(STRESS[c][0]);
      int to = Math.min(m.days().size(), m.dayOnOrAfter(STRESS[c][1].plusDays(1))) - 1;
      if (from >= to) {
        continue;
      }
      double[] price = new double[m.days().size()];
      double[] spread = new double[m.days().size()];
      for (int d = 0; d < price.length; d++) {
        price[d] = btc < 0 ? Double.NaN : m.close(btc, d);
        DailyCost cost = btc < 0 ? null : m.cost(btc, d);
        spread[d] = cost == null ? Double.NaN : 2e4 * cost.halfSpread();
      }
      List<Line> traded = new ArrayList<>();
      for (Policy p : List.of(Policy.NAIVE_THRESHOLD, Policy.NAIVE_KEEL_BANDS, Policy.KEEL_STATIC,
          Policy.KEEL_ADAPTIVE)) {
        DailyTotals t = result.daily().get(p);
        if (t == null) {
          continue;
        }
        double[] v = new double[m.days().size()];
        for (int d = 0; d < v.length; d++) {
          v[d] = 100 * t.shareRebalanced(d);
        }
        traded.add(new Line(p.label(), colour(p), v, false));
      }
      List<Panel> panels = List.of(
          new Panel("BTC close, USDT, " + STRESS[c][0] + " to " + STRESS[c][1],
              List.of(new Line("BTC close", BTC, price, false))),
          new Panel("Fast volatility, % a year", volatilityLines(m)),
          new Panel("Modelled BTC quoted spread, bps (the day's volume and range)",
              List.of(new Line("BTC spread bps", BTC, spread, false))),
          new Panel("Band half-width of a 60 % line, points", bandLines(m)),
          new Panel("Share of live portfolios that traded, % per day", traded));
      // the last column carries the legends, so it leaves the full right margin for them
      boolean last = c == columns - 1;
      int width = columnWidth - (last ? RIGHT : RIGHT / 2);
      for (int r = 0; r < panels.size(); r++) {
        int top = HEADING + r * PANEL;
        XYPlot plot = panel(sheet, m, panels.get(r), from, to, false,
            new Rectangle2D.Double(c * columnWidth, top, width, PANEL));
        if (last) {
          sheet.legend(plot, 12, new Rectangle2D.Double(WIDTH - RIGHT + 10, top + 30, RIGHT - 10, PANEL - 30));
        }
      }
    }
    return sheet.image();
  }

  /** Draws one panel of day lines over replayed days {@code from..to} into the area and returns its plot. */
  private static XYPlot panel(Sheet sheet, MarketReplay m, Panel panel, int from, int to, boolean shadeStress,
      Rectangle2D area) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Line line : panel.lines()) {
      XYSeries series = new XYSeries(line.name(), false, true);
      for (int d = from; d <= to; d++) {
        double v = line.values()[d];
        // a NaN leaves a gap in the line
        series.add(DayAxis.x(m.days().get(d)), Double.isFinite(v) ? v : Double.NaN, false);
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      int i = data.getSeriesCount();
      data.addSeries(series);
      renderer.setSeriesPaint(i, line.colour());
      renderer.setSeriesStroke(i, line.dashed()
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0)
          : new BasicStroke(1.6f));
    }
    NumberAxis values = new NumberAxis();
    values.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    double[] range = valueRange(lo, hi);
    values.setRange(range[0], range[1]);
    XYPlot plot = new XYPlot(data, DayAxis.of(m.days().get(from), m.days().get(to), 11), values, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(new Color(0xEEEEEE));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    AxisSpace left = new AxisSpace();
    left.setLeft(LEFT);
    plot.setFixedRangeAxisSpace(left);
    if (shadeStress) {
      for (LocalDate[] stretch : STRESS) {
        plot.addDomainMarker(new IntervalMarker(DayAxis.x(stretch[0]), DayAxis.x(stretch[1]), STRESS_SHADE),
            Layer.BACKGROUND);
      }
    }
    JFreeChart chart = new JFreeChart(panel.title(), new Font(Font.SANS_SERIF, Font.PLAIN, 12), plot, false);
    chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getTitle().setPaint(Color.BLACK);
    chart.getTitle().setPadding(new RectangleInsets(2, LEFT - 10, 2, 2));
    chart.setBackgroundPaint(Color.WHITE);
    sheet.chart(chart, area);
    return plot;
  }

  /** The value axis: the lines' span, from zero when they stay well above it, with 5 % room on top. */
  private static double[] valueRange(double lo, double hi) {
    if (!(hi >= lo)) {
      lo = 0;
      hi = 1;
    }
    lo = lo >= 0 && lo < 0.5 * hi ? 0 : lo;
    if (hi - lo < 1e-12) {
      hi = lo + 1;
    }
    return new double[] {lo, hi + 0.05 * (hi - lo)};
  }
}

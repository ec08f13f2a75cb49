package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.DailyCost;
import dev.keel.domain.backtest.DailyTotals;
import dev.keel.domain.backtest.MarketReplay;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.regime.BandScaling;
import dev.keel.domain.regime.RegimeConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The backtest's pictures, headless AWT: {@code overview.png} (tracking error and cumulative cost per policy over the
 * whole period, volatility and band widths of BTC and ETH, the March 2020 and May 2021 stretches shaded) and
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
  private static final int WIDTH = 1600;
  private static final int PANEL = 230;
  private static final int LEFT = 80;
  private static final int RIGHT = 190;

  private BacktestCharts() {}

  /** One line of a panel: values per replayed day (NaN leaves a gap). */
  record Line(String name, Color colour, double[] values, boolean dashed) {}

  static void write(Path folder, BacktestResult result) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    save(overview(result), folder.resolve("overview.png"));
    save(stress(result), folder.resolve("stress.png"));
    save(FrontierChart.render(result), folder.resolve("frontier.png"));
  }

  static void save(BufferedImage image, Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }

  static BufferedImage overview(BacktestResult result) {
    MarketReplay m = result.market();
    int days = m.days().size();
    List<List<Line>> panels = new ArrayList<>();
    List<String> titles = new ArrayList<>();
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
        te.add(new Line(p.label(), COLOURS.get(p), teValues, false));
      }
      cost.add(new Line(p.label(), COLOURS.get(p), costValues, false));
    }
    panels.add(te);
    titles.add("Mean ex-ante tracking error of live portfolios, % a year (7-day mean; buy-and-hold off the scale)");
    panels.add(cost);
    titles.add("Cumulative trading cost of the mean live portfolio, bps of value");
    panels.add(volatilityLines(m, 0, days));
    titles.add("Fast EWMA volatility, % a year");
    panels.add(bandLines(m, 0, days));
    titles.add("Band half-width of a 60 % line (balanced profile, base 5 points), points of weight: static vs regime-adaptive");
    return render(m, panels, titles, 0, days - 1, true, "Keel backtest " + m.days().get(0) + " to " + m.days().get(days - 1)
        + ": " + result.of(Policy.KEEL_ADAPTIVE).size() + " portfolios");
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

  private static List<Line> volatilityLines(MarketReplay m, int from, int to) {
    List<Line> out = new ArrayList<>();
    for (String asset : BacktestReport.BAND_ASSETS) {
      int a = m.indexOf(asset);
      if (a < 0) {
        continue;
      }
      double[] v = new double[m.days().size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = 100 * m.volatility(a, d);
      }
      out.add(new Line(asset, asset.equals("BTC") ? BTC : ETH, v, false));
    }
    return out;
  }

  private static List<Line> bandLines(MarketReplay m, int from, int to) {
    List<Line> out = new ArrayList<>();
    double base = BacktestReport.REFERENCE_PROFILE.bandFor(BacktestReport.REFERENCE_TARGET);
    double[] flat = new double[m.days().size()];
    java.util.Arrays.fill(flat, 100 * base);
    out.add(new Line("static", COLOURS.get(Policy.KEEL_STATIC), flat, true));
    for (String asset : BacktestReport.BAND_ASSETS) {
      int a = m.indexOf(asset);
      if (a < 0) {
        continue;
      }
      double[] v = new double[m.days().size()];
      for (int d = 0; d < v.length; d++) {
        v[d] = 100 * BandScaling.scale(BacktestReport.REFERENCE_TARGET, base, m.bandMultiplier(a, d),
            RegimeConfig.DEFAULT.maxBandHalfWidth()).halfWidth();
      }
      out.add(new Line("adaptive " + asset, asset.equals("BTC") ? BTC : ETH, v, false));
    }
    return out;
  }

  static BufferedImage stress(BacktestResult result) {
    MarketReplay m = result.market();
    int columns = STRESS.length;
    int rows = 5;
    int columnWidth = WIDTH / columns;
    BufferedImage image = new BufferedImage(WIDTH, 40 + rows * (PANEL + 30), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      prepare(g, image);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString("What the bands did in March 2020 and May 2021 (BTC, ETH; population means per day)", LEFT, 24);
      int btc = m.indexOf("BTC");
      for (int c = 0; c < columns; c++) {
        int from = m.dayOnOrAfter(STRESS[c][0]);
        int to = Math.min(m.days().size(), m.dayOnOrAfter(STRESS[c][1].plusDays(1))) - 1;
        if (from >= to) {
          continue;
        }
        int x0 = c * columnWidth;
        List<List<Line>> panels = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        double[] price = new double[m.days().size()];
        double[] spread = new double[m.days().size()];
        for (int d = 0; d < price.length; d++) {
          price[d] = btc < 0 ? Double.NaN : m.close(btc, d);
          DailyCost cost = btc < 0 ? null : m.cost(btc, d);
          spread[d] = cost == null ? Double.NaN : 2e4 * cost.halfSpread();
        }
        panels.add(List.of(new Line("BTC close", BTC, price, false)));
        titles.add("BTC close, USDT, " + STRESS[c][0] + " to " + STRESS[c][1]);
        List<Line> vol = new ArrayList<>(volatilityLines(m, from, to));
        panels.add(vol);
        titles.add("Fast volatility, % a year");
        panels.add(List.of(new Line("BTC spread bps", BTC, spread, false)));
        titles.add("Modelled BTC quoted spread, bps (the day's volume and range)");
        panels.add(bandLines(m, from, to));
        titles.add("Band half-width of a 60 % line, points");
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
          traded.add(new Line(p.label(), COLOURS.get(p), v, false));
        }
        panels.add(traded);
        titles.add("Share of live portfolios that traded, % per day");
        for (int r = 0; r < panels.size(); r++) {
          int top = 40 + r * (PANEL + 30);
          // the last column carries the legends, so it leaves the full right margin for them
          int width = columnWidth - LEFT - (c == columns - 1 ? RIGHT : RIGHT / 2);
          panel(g, m, panels.get(r), titles.get(r), from, to, x0 + LEFT, top + 20, width, PANEL - 20, false,
              c == columns - 1);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static BufferedImage render(MarketReplay m, List<List<Line>> panels, List<String> titles, int from, int to,
      boolean shadeStress, String heading) {
    BufferedImage image = new BufferedImage(WIDTH, 40 + panels.size() * (PANEL + 30), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      prepare(g, image);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(heading, LEFT, 24);
      for (int r = 0; r < panels.size(); r++) {
        int top = 40 + r * (PANEL + 30);
        panel(g, m, panels.get(r), titles.get(r), from, to, LEFT, top + 20, WIDTH - LEFT - RIGHT, PANEL - 20,
            shadeStress, true);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void prepare(Graphics2D g, BufferedImage image) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
  }

  private static void panel(Graphics2D g, MarketReplay m, List<Line> lines, String title, int from, int to, int x,
      int y, int w, int h, boolean shadeStress, boolean legend) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Line line : lines) {
      for (int d = from; d <= to; d++) {
        double v = line.values()[d];
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi >= lo)) {
      lo = 0;
      hi = 1;
    }
    lo = Math.min(lo, 0) == 0 && lo >= 0 && lo < 0.5 * hi ? 0 : lo;
    if (hi - lo < 1e-12) {
      hi = lo + 1;
    }
    double pad = 0.05 * (hi - lo);
    hi += pad;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString(title, x, y - 6);
    if (shadeStress) {
      g.setColor(new Color(0xFFF1D6));
      for (LocalDate[] stretch : STRESS) {
        int a = m.dayOnOrAfter(stretch[0]);
        int b = m.dayOnOrAfter(stretch[1]);
        if (a <= to && b >= from && a < m.days().size()) {
          int xa = xOf(Math.max(a, from), from, to, x, w);
          int xb = xOf(Math.min(b, to), from, to, x, w);
          g.fillRect(xa, y, Math.max(2, xb - xa), h);
        }
      }
    }
    g.setColor(new Color(0xDDDDDD));
    for (int k = 0; k <= 4; k++) {
      int yy = y + h - (int) Math.round(k * h / 4.0);
      g.drawLine(x, yy, x + w, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.3g", lo + k * (hi - lo) / 4), x - 60, yy + 4);
      g.setColor(new Color(0xDDDDDD));
    }
    int lastLabel = -1000;
    for (int d = from; d <= to; d++) {
      LocalDate day = m.days().get(d);
      boolean tick = (to - from) > 400 ? day.getDayOfYear() == 1 : day.getDayOfMonth() == 1 || day.getDayOfMonth() == 15;
      if (tick) {
        int xx = xOf(d, from, to, x, w);
        g.setColor(new Color(0xEEEEEE));
        g.drawLine(xx, y, xx, y + h);
        if (xx - lastLabel > 50) {
          g.setColor(Color.DARK_GRAY);
          g.drawString((to - from) > 400 ? String.valueOf(day.getYear()) : day.toString().substring(5), xx + 2, y + h + 14);
          lastLabel = xx;
        }
      }
    }
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    int legendY = y + 14;
    for (Line line : lines) {
      g.setColor(line.colour());
      g.setStroke(line.dashed()
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0)
          : new BasicStroke(1.6f));
      int px = -1;
      int py = -1;
      for (int d = from; d <= to; d++) {
        double v = line.values()[d];
        if (!Double.isFinite(v)) {
          px = -1;
          continue;
        }
        int xx = xOf(d, from, to, x, w);
        int yy = y + h - (int) Math.round((Math.min(v, hi) - lo) / (hi - lo) * h);
        if (px >= 0) {
          g.drawLine(px, py, xx, yy);
        }
        px = xx;
        py = yy;
      }
      g.setStroke(new BasicStroke(1f));
      if (legend) {
        g.fillRect(x + w + 10, legendY - 9, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString(line.name(), x + w + 30, legendY);
        legendY += 16;
      }
    }
  }

  private static int xOf(int d, int from, int to, int x, int w) {
    return x + (int) Math.round((double) (d - from) / Math.max(1, to - from) * w);
  }
}

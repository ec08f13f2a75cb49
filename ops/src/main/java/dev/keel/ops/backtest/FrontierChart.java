package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.Period;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.backtest.PolicySummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cost against tracking error per policy: the median portfolio's cost (bps of value a year) against its tracking error
 * (% a year), one panel per period (all days, in-sample, out-of-sample). A policy nearer the origin is better on both;
 * the lower-left hull of the points is the efficient frontier of the policies.
 */
final class FrontierChart {

  private static final int PANEL_W = 560;
  private static final int PANEL_H = 460;
  private static final int MARGIN = 70;

  private FrontierChart() {}

  static BufferedImage render(BacktestResult result) {
    List<Period> periods = new ArrayList<>();
    for (Period p : Period.values()) {
      if (!result.summaries(p).isEmpty() && result.summaries(p).get(0).portfolios() > 0) {
        periods.add(p);
      }
    }
    BufferedImage image = new BufferedImage(periods.size() * (PANEL_W + MARGIN) + MARGIN, PANEL_H + 2 * MARGIN,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    double maxTe = 0;
    double maxCost = 0;
    for (Period p : periods) {
      for (PolicySummary s : result.summaries(p)) {
        if (s.policy() == Policy.BUY_AND_HOLD || s.portfolios() == 0) {
          continue;
        }
        maxTe = Math.max(maxTe, 100 * s.trackingError().p50());
        maxCost = Math.max(maxCost, s.costBpsPerYear().p50());
      }
    }
    maxTe = Math.ceil(maxTe * 1.1);
    maxCost = Math.ceil(maxCost * 1.1);
    for (int k = 0; k < periods.size(); k++) {
      panel(g, result.summaries(periods.get(k)), periods.get(k), MARGIN + k * (PANEL_W + MARGIN), MARGIN, maxTe,
          maxCost);
    }
    g.dispose();
    return image;
  }

  private static void panel(Graphics2D g, List<PolicySummary> summaries, Period period, int x, int y, double maxTe,
      double maxCost) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString("cost against tracking error, " + period.label() + " (medians)", x, y - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawRect(x, y, PANEL_W, PANEL_H);
    for (int t = 0; t <= 5; t++) {
      double te = maxTe * t / 5;
      double cost = maxCost * t / 5;
      int px = x + (int) (PANEL_W * t / 5.0);
      int py = y + PANEL_H - (int) (PANEL_H * t / 5.0);
      g.setColor(new Color(0xEEEEEE));
      g.drawLine(px, y, px, y + PANEL_H);
      g.drawLine(x, py, x + PANEL_W, py);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.1f", te), px - 8, y + PANEL_H + 15);
      g.drawString(String.format(Locale.ROOT, "%.1f", cost), x - 35, py + 4);
    }
    g.drawString("tracking error, % a year", x + PANEL_W / 2 - 60, y + PANEL_H + 35);
    g.drawString("cost, bps of value a year", x - 60, y - 5);
    List<double[]> points = new ArrayList<>();
    for (PolicySummary s : summaries) {
      if (s.policy() == Policy.BUY_AND_HOLD || s.portfolios() == 0) {
        continue;
      }
      double te = 100 * s.trackingError().p50();
      double cost = s.costBpsPerYear().p50();
      int px = x + (int) (PANEL_W * te / maxTe);
      int py = y + PANEL_H - (int) (PANEL_H * cost / maxCost);
      points.add(new double[] {px, py});
      g.setColor(BacktestCharts.colour(s.policy()));
      g.fillOval(px - 6, py - 6, 12, 12);
      g.drawString(s.policy().label(), px + 9, py + 4);
    }
    // the lower-left frontier: points not dominated on both axes, joined in order of tracking error
    List<double[]> frontier = new ArrayList<>();
    for (double[] p : points) {
      boolean dominated = false;
      for (double[] q : points) {
        if (q != p && q[0] <= p[0] && q[1] >= p[1] && (q[0] < p[0] || q[1] > p[1])) {
          dominated = true;
        }
      }
      if (!dominated) {
        frontier.add(p);
      }
    }
    frontier.sort((a, b) -> Double.compare(a[0], b[0]));
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0));
    for (int i = 1; i < frontier.size(); i++) {
      g.drawLine((int) frontier.get(i - 1)[0], (int) frontier.get(i - 1)[1], (int) frontier.get(i)[0],
          (int) frontier.get(i)[1]);
    }
    g.setStroke(new BasicStroke(1));
  }
}

package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.Period;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.backtest.PolicySummary;
import dev.keel.ops.chart.Sheet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

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
    double maxTe = 0;
    double maxCost = 0;
    for (Period p : periods) {
      for (PolicySummary s : plotted(result.summaries(p))) {
        maxTe = Math.max(maxTe, 100 * s.trackingError().p50());
        maxCost = Math.max(maxCost, s.costBpsPerYear().p50());
      }
    }
    maxTe = Math.max(1, Math.ceil(maxTe * 1.1));
    maxCost = Math.max(1, Math.ceil(maxCost * 1.1));
    int cell = PANEL_W + MARGIN;
    Sheet sheet = new Sheet(periods.size() * cell + MARGIN, PANEL_H + 2 * MARGIN);
    for (int k = 0; k < periods.size(); k++) {
      sheet.chart(panel(result.summaries(periods.get(k)), periods.get(k), maxTe, maxCost),
          new Rectangle2D.Double(k * cell, 20, cell + (k == periods.size() - 1 ? MARGIN : 0), PANEL_H + MARGIN + 30));
    }
    return sheet.image();
  }

  /** The policies a panel shows: every one with portfolios but buy-and-hold, which trades only withdrawals. */
  private static List<PolicySummary> plotted(List<PolicySummary> summaries) {
    return summaries.stream().filter(s -> s.policy() != Policy.BUY_AND_HOLD && s.portfolios() > 0).toList();
  }

  private static JFreeChart panel(List<PolicySummary> summaries, Period period, double maxTe, double maxCost) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setAutoPopulateSeriesShape(false);
    renderer.setDefaultShape(new Ellipse2D.Double(-6, -6, 12, 12));
    renderer.setItemLabelInsets(new RectangleInsets(6, 6, 6, 6));
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    renderer.setDefaultItemLabelGenerator((dataset, series, item) -> dataset.getSeriesKey(series).toString());
    renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    renderer.setDefaultItemLabelsVisible(true);
    List<PolicySummary> points = plotted(summaries);
    for (PolicySummary s : points) {
      XYSeries point = new XYSeries(s.policy().label(), false, true);
      point.add(100 * s.trackingError().p50(), s.costBpsPerYear().p50());
      int i = data.getSeriesCount();
      data.addSeries(point);
      renderer.setSeriesPaint(i, BacktestCharts.colour(s.policy()));
      renderer.setSeriesItemLabelPaint(i, BacktestCharts.colour(s.policy()));
      renderer.setSeriesShapesFilled(i, true);
      if (100 * s.trackingError().p50() > 0.75 * maxTe) {
        // near the right edge the name goes on the point's left, inside the plot
        renderer.setSeriesPositiveItemLabelPosition(i, new ItemLabelPosition(ItemLabelAnchor.OUTSIDE9,
            TextAnchor.CENTER_RIGHT));
      }
    }
    // the lower-left frontier: points no other point beats on both axes, joined in order of tracking error
    XYSeries frontier = new XYSeries("frontier", true, true);
    for (PolicySummary p : points) {
      boolean dominated = false;
      for (PolicySummary q : points) {
        double qTe = q.trackingError().p50();
        double pTe = p.trackingError().p50();
        double qCost = q.costBpsPerYear().p50();
        double pCost = p.costBpsPerYear().p50();
        if (q != p && qTe <= pTe && qCost <= pCost && (qTe < pTe || qCost < pCost)) {
          dominated = true;
        }
      }
      if (!dominated) {
        frontier.add(100 * p.trackingError().p50(), p.costBpsPerYear().p50());
      }
    }
    int f = data.getSeriesCount();
    data.addSeries(frontier);
    renderer.setSeriesLinesVisible(f, true);
    renderer.setSeriesShapesVisible(f, false);
    renderer.setSeriesItemLabelsVisible(f, false);
    renderer.setSeriesPaint(f, Color.GRAY);
    renderer.setSeriesStroke(f, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1,
        new float[] {6, 4}, 0));
    XYPlot plot = new XYPlot(data, axis("tracking error, % a year", maxTe), axis("cost, bps of value a year", maxCost),
        renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.BLACK);
    plot.setDomainGridlinePaint(new Color(0xEEEEEE));
    plot.setRangeGridlinePaint(new Color(0xEEEEEE));
    JFreeChart chart = new JFreeChart("cost against tracking error, " + period.label() + " (medians)",
        new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
    chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getTitle().setPadding(new RectangleInsets(2, MARGIN, 2, 2));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** An axis from zero to {@code max} in five steps, one decimal. */
  private static NumberAxis axis(String label, double max) {
    NumberAxis axis = new NumberAxis(label);
    axis.setRange(0, max);
    axis.setTickUnit(new NumberTickUnit(max / 5, new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    return axis;
  }
}

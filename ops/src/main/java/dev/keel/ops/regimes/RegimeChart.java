package dev.keel.ops.regimes;

import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.ops.chart.DayAxis;
import dev.keel.ops.chart.Sheet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws regime timelines into a PNG with JFreeChart: one coloured strip per asset on a shared time axis, and, for a
 * single asset, its log price and fast and slow volatility above the strip. Headless.
 */
final class RegimeChart {

  private static final int WIDTH = 1600;
  private static final int TOP = 30;
  private static final int STRIP = 16;
  private static final int GAP = 4;
  private static final int PANEL = 220;
  /** Room for the title, the date labels and the legend, pixels. */
  private static final int FRAME = 90;
  private static final Color[] COLOURS = {
      new Color(0x4C9F70), new Color(0xC9D1D9), new Color(0xF0A030), new Color(0xD03030)};
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private RegimeChart() {}

  static void write(List<AssetRegimes> results, Path file) {
    Sheet.write(render(results), file);
  }

  static BufferedImage render(List<AssetRegimes> results) {
    Sheet.headless();
    boolean single = results.size() == 1;
    int height = TOP + (single ? 2 * (PANEL + 20) : 0) + results.size() * (STRIP + GAP) + FRAME;
    long first = results.stream().mapToLong(r -> r.series().first().date().toEpochDay()).min().orElse(0);
    long last = results.stream().mapToLong(r -> r.series().last().date().toEpochDay()).max().orElse(first + 1);
    DateAxis time = DayAxis.of(LocalDate.ofEpochDay(first), LocalDate.ofEpochDay(Math.max(last, first + 1)), 11);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(GAP);
    if (single) {
      AssetRegimes r = results.get(0);
      plot.add(price(r), PANEL);
      plot.add(volatility(r), PANEL);
    }
    plot.add(strips(results), results.size() * (STRIP + GAP));
    LegendItemCollection legend = new LegendItemCollection();
    for (Regime regime : Regime.values()) {
      legend.add(new LegendItem(regime.name(), null, null, null, new Rectangle(0, 0, 14, 10), COLOURS[regime.ordinal()]));
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart = new JFreeChart("Keel regimes: CALM (green), NORMAL (grey), HIGH (orange), EXTREME (red)", FONT,
        plot, true);
    chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getTitle().setPaint(Color.DARK_GRAY);
    chart.getLegend().setPosition(RectangleEdge.BOTTOM);
    chart.getLegend().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getLegend().setItemFont(FONT);
    chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    chart.setBackgroundPaint(Color.WHITE);
    return new Sheet(WIDTH, height).chart(chart, new Rectangle2D.Double(0, 0, WIDTH, height)).image();
  }

  /** The closes on a log scale. */
  private static XYPlot price(AssetRegimes r) {
    XYSeries closes = new XYSeries("close", false, true);
    for (int i = 0; i < r.series().size(); i++) {
      double c = r.series().get(i).close();
      closes.add(DayAxis.x(r.series().get(i).date()), c > 0 ? c : Double.NaN, false);
    }
    LogAxis axis = new LogAxis();
    axis.setTickLabelFont(FONT);
    XYPlot plot = lines(new XYSeriesCollection(closes), axis, r.asset() + " close (log scale)");
    plot.getRenderer().setSeriesPaint(0, new Color(0x1F4E79));
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(1.2f));
    return plot;
  }

  /** Fast and slow EWMA volatility from zero to the highest fast one. */
  private static XYPlot volatility(AssetRegimes r) {
    XYSeries fast = new XYSeries("fast", false, true);
    XYSeries slow = new XYSeries("slow", false, true);
    double hi = 0;
    for (RegimeAssessment a : r.timeline().assessments()) {
      double x = DayAxis.x(AssetRegimes.day(a));
      if (!Double.isNaN(a.fastVolatility())) {
        fast.add(x, a.fastVolatility(), false);
        hi = Math.max(hi, a.fastVolatility());
      }
      if (!Double.isNaN(a.slowVolatility())) {
        slow.add(x, a.slowVolatility(), false);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection(fast);
    data.addSeries(slow);
    NumberAxis axis = new NumberAxis();
    axis.setRange(0, Math.max(1e-9, hi) * 1.05);
    axis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
    axis.setTickLabelFont(FONT);
    XYPlot plot = lines(data, axis, String.format(Locale.ROOT,
        "fast (dark) and slow (light) EWMA volatility, annualised, 0 to %.0f%%", hi * 100));
    plot.getRenderer().setSeriesPaint(0, new Color(0x7030A0));
    plot.getRenderer().setSeriesPaint(1, new Color(0xB8A0D0));
    return plot;
  }

  private static XYPlot lines(XYSeriesCollection data, ValueAxis axis, String title) {
    XYPlot plot = new XYPlot(data, null, axis, new XYLineAndShapeRenderer(true, false));
    plot.setBackgroundPaint(new Color(0xF6F8FA));
    plot.setDomainGridlinePaint(Color.GRAY);
    TextTitle label = new TextTitle(title, FONT);
    label.setPaint(Color.DARK_GRAY);
    plot.addAnnotation(new XYTitleAnnotation(0.005, 0.98, label, RectangleAnchor.TOP_LEFT));
    return plot;
  }

  /** One strip per asset, a block per established day in its regime's colour. */
  private static XYPlot strips(List<AssetRegimes> results) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    String[] names = new String[results.size()];
    for (int row = 0; row < results.size(); row++) {
      AssetRegimes r = results.get(row);
      names[row] = r.asset();
      List<RegimeAssessment> days = r.timeline().assessments().stream().filter(RegimeAssessment::established).toList();
      double[][] xyz = new double[3][days.size()];
      for (int i = 0; i < days.size(); i++) {
        xyz[0][i] = DayAxis.x(AssetRegimes.day(days.get(i)));
        xyz[1][i] = row;
        xyz[2][i] = days.get(i).regime().ordinal();
      }
      data.addSeries(r.asset(), xyz);
    }
    LookupPaintScale colours = new LookupPaintScale(0, COLOURS.length, Color.WHITE);
    for (Regime regime : Regime.values()) {
      colours.add(regime.ordinal(), COLOURS[regime.ordinal()]);
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(DayAxis.oneDay());
    renderer.setBlockHeight((double) STRIP / (STRIP + GAP));
    renderer.setBlockAnchor(RectangleAnchor.LEFT);
    renderer.setPaintScale(colours);
    SymbolAxis assets = new SymbolAxis(null, names);
    assets.setInverted(true);
    assets.setGridBandsVisible(false);
    assets.setTickLabelFont(FONT);
    assets.setRange(-0.5, results.size() - 0.5);
    XYPlot plot = new XYPlot(data, null, assets, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinesVisible(false);
    plot.setDomainGridlinePaint(Color.GRAY);
    return plot;
  }
}

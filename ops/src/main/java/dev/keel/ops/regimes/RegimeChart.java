package dev.keel.ops.regimes;

import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws regime timelines into a PNG: one coloured strip per asset on a shared time axis, and, for a single
 * asset, its log price and fast and slow volatility above the strip. Headless AWT only.
 */
final class RegimeChart {

  private static final int WIDTH = 1600;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int STRIP = 16;
  private static final int GAP = 4;
  private static final int PANEL = 220;
  private static final Color[] COLOURS = {
      new Color(0x4C9F70), new Color(0xC9D1D9), new Color(0xF0A030), new Color(0xD03030)};

  private RegimeChart() {}

  static void write(List<AssetRegimes> results, Path file) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    BufferedImage image = render(results);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
  }

  static BufferedImage render(List<AssetRegimes> results) {
    boolean single = results.size() == 1;
    int height = TOP + (single ? 2 * (PANEL + 20) : 0) + results.size() * (STRIP + GAP) + 60;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      long first = results.stream().mapToLong(r -> r.series().first().date().toEpochDay()).min().orElse(0);
      long last = results.stream().mapToLong(r -> r.series().last().date().toEpochDay()).max().orElse(first + 1);
      Axis x = new Axis(first, Math.max(last, first + 1));
      g.setColor(Color.DARK_GRAY);
      g.drawString("Keel regimes: CALM (green), NORMAL (grey), HIGH (orange), EXTREME (red)", LEFT, 18);
      int y = TOP;
      if (single) {
        AssetRegimes r = results.get(0);
        drawPrice(g, x, r, y);
        y += PANEL + 20;
        drawVolatility(g, x, r, y);
        y += PANEL + 20;
      }
      for (AssetRegimes r : results) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(r.asset(), 8, y + STRIP - 4);
        for (RegimeAssessment a : r.timeline().assessments()) {
          if (!a.established()) {
            continue;
          }
          long day = AssetRegimes.day(a).toEpochDay();
          int x0 = x.at(day);
          int x1 = Math.max(x0 + 1, x.at(day + 1));
          g.setColor(COLOURS[a.regime().ordinal()]);
          g.fillRect(x0, y, x1 - x0, STRIP);
        }
        y += STRIP + GAP;
      }
      drawYears(g, x, TOP, y);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawPrice(Graphics2D g, Axis x, AssetRegimes r, int top) {
    double[] closes = r.series().closes();
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double c : closes) {
      lo = Math.min(lo, Math.log(c));
      hi = Math.max(hi, Math.log(c));
    }
    frame(g, top, r.asset() + " close (log scale)");
    g.setColor(new Color(0x1F4E79));
    g.setStroke(new BasicStroke(1.2f));
    int px = -1;
    int py = -1;
    for (int i = 0; i < closes.length; i++) {
      int cx = x.at(r.series().get(i).date().toEpochDay());
      int cy = top + PANEL - (int) Math.round((Math.log(closes[i]) - lo) / Math.max(1e-9, hi - lo) * (PANEL - 10)) - 5;
      if (px >= 0) {
        g.drawLine(px, py, cx, cy);
      }
      px = cx;
      py = cy;
    }
  }

  private static void drawVolatility(Graphics2D g, Axis x, AssetRegimes r, int top) {
    double hi = 0;
    for (RegimeAssessment a : r.timeline().assessments()) {
      if (!Double.isNaN(a.fastVolatility())) {
        hi = Math.max(hi, a.fastVolatility());
      }
    }
    frame(g, top, String.format("fast (dark) and slow (light) EWMA volatility, annualised, 0 to %.0f%%", hi * 100));
    line(g, x, r, top, hi, true, new Color(0x7030A0));
    line(g, x, r, top, hi, false, new Color(0xB8A0D0));
  }

  private static void line(Graphics2D g, Axis x, AssetRegimes r, int top, double hi, boolean fast, Color colour) {
    g.setColor(colour);
    int px = -1;
    int py = -1;
    for (RegimeAssessment a : r.timeline().assessments()) {
      double v = fast ? a.fastVolatility() : a.slowVolatility();
      if (Double.isNaN(v)) {
        continue;
      }
      int cx = x.at(AssetRegimes.day(a).toEpochDay());
      int cy = top + PANEL - (int) Math.round(v / Math.max(1e-9, hi) * (PANEL - 10)) - 5;
      if (px >= 0) {
        g.drawLine(px, py, cx, cy);
      }
      px = cx;
      py = cy;
    }
  }

  private static void frame(Graphics2D g, int top, String title) {
    g.setColor(new Color(0xF6F8FA));
    g.fillRect(LEFT, top, WIDTH - LEFT - RIGHT, PANEL);
    g.setColor(Color.DARK_GRAY);
    g.drawString(title, LEFT + 6, top + 14);
  }

  private static void drawYears(Graphics2D g, Axis x, int top, int bottom) {
    g.setColor(Color.GRAY);
    LocalDate from = LocalDate.ofEpochDay(x.first);
    for (int year = from.getYear() + 1; LocalDate.of(year, 1, 1).toEpochDay() <= x.last; year++) {
      int px = x.at(LocalDate.of(year, 1, 1).toEpochDay());
      g.drawLine(px, top, px, bottom);
      g.drawString(Integer.toString(year), px + 3, bottom + 14);
    }
    int lx = LEFT;
    int ly = bottom + 30;
    for (Regime regime : Regime.values()) {
      g.setColor(COLOURS[regime.ordinal()]);
      g.fillRect(lx, ly, 14, 10);
      g.setColor(Color.DARK_GRAY);
      g.drawString(regime.name(), lx + 18, ly + 10);
      lx += 100;
    }
  }

  /** Maps epoch days to pixels. */
  private record Axis(long first, long last) {
    int at(long epochDay) {
      return LEFT + (int) Math.round((double) (epochDay - first) / (last - first) * (WIDTH - LEFT - RIGHT));
    }
  }
}

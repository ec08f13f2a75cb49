package dev.keel.ops.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;

/**
 * One PNG image holding several JFreeChart charts at fixed places, with a heading and legends drawn beside the charts
 * rather than inside them, so the plots of stacked panels line up whatever their legends hold. Headless: creating a
 * sheet sets {@code java.awt.headless=true} unless the JVM was started with a value.
 */
public final class Sheet {

  private final BufferedImage image;
  private final Graphics2D g;

  /** A white sheet, pixels. */
  public Sheet(int width, int height) {
    headless();
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  /** Charts draw with AWT but need no display. */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A bold line of text, left-aligned in the area. */
  public Sheet heading(String text, int fontSize, Rectangle2D area) {
    TextTitle title = new TextTitle(text, new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
    title.setHorizontalAlignment(HorizontalAlignment.LEFT);
    title.arrange(g, RectangleConstraint.NONE);
    title.draw(g, area);
    return this;
  }

  /** The chart, scaled to nothing: drawn at the area's size. */
  public Sheet chart(JFreeChart chart, Rectangle2D area) {
    chart.draw(g, area);
    return this;
  }

  /** The plot's legend, one item a line, from the area's top left corner. */
  public Sheet legend(XYPlot plot, int fontSize, Rectangle2D area) {
    LegendTitle legend = new LegendTitle(plot);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
    legend.setBackgroundPaint(Color.WHITE);
    legend.arrange(g, RectangleConstraint.NONE);
    legend.draw(g, area);
    return this;
  }

  /** The finished image. */
  public BufferedImage image() {
    g.dispose();
    return image;
  }

  /** Writes an image as a PNG file, creating its folder. */
  public static void write(BufferedImage image, Path file) {
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
}

/** What Keel's command-line charts share: JFreeChart charts placed on one PNG sheet, drawn headless, on a UTC day axis. */
package dev.keel.ops.chart;

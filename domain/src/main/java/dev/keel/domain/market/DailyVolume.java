package dev.keel.domain.market;

/**
 * A market's recent real daily volume and last close (read from the shared history by
 * {@link dev.keel.domain.market.history.DailyVolumeFiles}).
 *
 * @param symbol             the base asset, e.g. "BTC"
 * @param medianQuoteVolume  median daily traded value over the days read, USDT
 * @param lastClose          the newest day's close, USDT per base unit
 * @param days               how many days the median covers
 */
public record DailyVolume(String symbol, double medianQuoteVolume, double lastClose, int days) {}

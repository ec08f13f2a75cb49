package dev.keel.jobs.venue;

import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link PostResendIT} in a JVM of its own, started with a given {@code sun.net.http.retryPost}: places one
 * order on a {@link FakeBinance} that resets the connection after accepting it, and prints what the venue answered
 * and how many placements reached the fake: {@code <probe> <result> <placements>}. With the argument
 * {@code http-first} it makes a plain HTTP request before loading {@link XChangeVenues}, as Liquibase's start-up does.
 */
public final class PostResendChild {

  private PostResendChild() {}

  public static void main(String[] args) throws java.io.IOException {
    try (FakeBinance fake = FakeBinance.start()) {
      if (args.length > 0 && args[0].equals("http-first")) {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) fake.baseUrl().resolve("/api/v3/depth?symbol=BTCUSDT").toURL().openConnection();
        c.getResponseCode();
        c.disconnect();
      }
      XChangeVenue venue = XChangeVenues.binance(VenueId.of("binance"), fake.connection(Duration.ofSeconds(5)), List.of(FakeBinance.BTC_USDT),
          0, Clock.systemUTC());
      fake.failNextPlacement(FakeExchange.Fault.acceptThenReset());
      VenueResult<OrderReport> r = venue.place(new OrderRequest(FakeBinance.BTC_USDT, Side.BUY, BigDecimal.ONE, new BigDecimal("78001"),
          "keel-child-1"));
      String result = r instanceof VenueResult.Failed<OrderReport> f ? f.fault().kind().name() : "OK";
      System.out.println("RESULT " + HttpPostRetry.check() + " " + result + " " + fake.placements().size());
    }
  }
}

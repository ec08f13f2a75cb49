package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.Quarantine;
import dev.keel.domain.market.QuarantineReason;
import org.junit.jupiter.api.Test;

class NonFiniteNumbersTest {

  private static final Market BTC = Market.of("BTC", "USDT");

  @Test
  void a_quoted_nan_in_a_binance_book_names_the_side_the_level_and_the_price() {
    String body = "{\"lastUpdateId\": 1, \"bids\": [[\"78000.0\", \"0.5\"]], \"asks\": [[\"78000.1\", \"0.4\"], [\"NaN\", \"1.1\"]]}";
    Quarantine q = NonFiniteNumbers.find(BTC, "depth", body).orElseThrow();
    assertThat(q.reason()).isEqualTo(QuarantineReason.NON_FINITE_NUMBER);
    assertThat(q.detail()).isEqualTo("BTC/USDT: depth asks[1][0] (ask level 1 price) NaN");
  }

  @Test
  void an_infinite_quantity_in_a_kraken_book_names_its_path_and_sign() {
    String body = "{\"error\": [], \"result\": {\"XBTUSDT\": {\"asks\": [[\"78004.1\", \"0.25\", 1776851990]],"
        + " \"bids\": [[\"78003.9\", \"0.5\", 1776851991], [\"78000.0\", \"-Infinity\", 1776851980]]}}}";
    assertThat(NonFiniteNumbers.find(BTC, "depth", body).orElseThrow().detail())
        .isEqualTo("BTC/USDT: depth result.XBTUSDT.bids[1][1] (bid level 1 quantity) -Infinity");
  }

  @Test
  void bare_json_tokens_and_other_spellings_count() {
    assertThat(NonFiniteNumbers.find(BTC, "ticker", "{\"lastPrice\": NaN}").orElseThrow().detail())
        .isEqualTo("BTC/USDT: ticker lastPrice NaN");
    assertThat(NonFiniteNumbers.find(BTC, "ticker", "{\"lastPrice\": \" inf \"}").orElseThrow().detail()).endsWith("Infinity");
    assertThat(NonFiniteNumbers.nonFinite("+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(NonFiniteNumbers.nonFinite("nan")).isNaN();
    assertThat(NonFiniteNumbers.nonFinite("Nancy")).isZero();
  }

  @Test
  void a_reply_without_such_numbers_or_broken_before_one_is_not_quarantined() {
    assertThat(NonFiniteNumbers.find(BTC, "depth", "{\"bids\": [[\"78000.0\", \"0.5\"]], \"asks\": [[\"78000.1\", \"0.4\"]]}")).isEmpty();
    assertThat(NonFiniteNumbers.find(BTC, "depth", "{\"bids\": [[\"78000.0\", \"0.5\"], [\"77999")).isEmpty();
    assertThat(NonFiniteNumbers.find(BTC, "depth", "<html>502</html>")).isEmpty();
    assertThat(NonFiniteNumbers.find(BTC, "depth", null)).isEmpty();
    assertThat(NonFiniteNumbers.find(BTC, "depth", "{\"bids\": [[\"NaN\", \"0.5\"], [\"77999")).as("found before the break")
        .isPresent();
  }
}

package dev.keel.jobs.venue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBookCheck;
import dev.keel.domain.market.Quarantine;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds NaN and infinities in a venue's raw market-data reply. XChange reads prices and quantities into
 * {@code BigDecimal}, which cannot hold them, so such a reply never reaches Keel as a book: XChange fails to read it.
 * Found here, the market is quarantined for the cycle with the field and the value (FAULTS.md M2) instead of being
 * recorded as a malformed reply. Both the venues' usual quoted form ({@code "NaN"}, {@code "Infinity"}, {@code "inf"})
 * and bare JSON tokens ({@code NaN}) count.
 */
final class NonFiniteNumbers {

  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final Pattern BOOK_LEVEL = Pattern.compile("(bids|asks)\\[(\\d+)]\\[([01])]$");

  private NonFiniteNumbers() {}

  /**
   * The first NaN or infinity in the reply.
   *
   * @param reply what the reply was, e.g. "depth" or "ticker"
   * @param body  the reply's body as the venue sent it
   * @return a {@code NON_FINITE_NUMBER} quarantine naming the market, the reply, the field and the value; empty when
   *         the body holds none up to where it stops being JSON
   */
  static Optional<Quarantine> find(Market market, String reply, String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try (JsonParser p = JSON.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        double value;
        if (t == JsonToken.VALUE_STRING) {
          value = nonFinite(p.getText());
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
          value = p.getDoubleValue();
        } else {
          continue;
        }
        if (!Double.isFinite(value)) {
          return OrderBookCheck.checkPrice(market, reply + " " + field(p.getParsingContext()), value);
        }
      }
    } catch (IOException notJsonFromHere) {
      // the reply stops being JSON before any such number: malformed, not a bad number
    }
    return Optional.empty();
  }

  /** NaN or an infinity when the text spells one, else 0. */
  static double nonFinite(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      default -> 0;
    };
  }

  /** The value's path in the reply, e.g. {@code asks[0][0] (ask level 0 price)} or {@code lastPrice}. */
  private static String field(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      path.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
    }
    String p = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    Matcher m = BOOK_LEVEL.matcher(p);
    if (m.find()) {
      return p + " (" + (m.group(1).equals("bids") ? "bid" : "ask") + " level " + m.group(2) + " "
          + (m.group(3).equals("0") ? "price" : "quantity") + ")";
    }
    return p;
  }
}

package dev.keel.ops.optimize;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.keel.domain.optimize.ExchangeConstraints;
import dev.keel.domain.optimize.ExchangeConstraints.VenueLimits;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.portfolio.RiskProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a rebalancing problem from the JSON format documented in docs/optimizer.md: Jackson binds the file to
 * {@link ProblemFile}, then the problem is checked and built. Every error names the field and the value at fault.
 */
final class ProblemJson {

  /**
   * The file as written. Numbers are JSON numbers (a string is refused); decimals that reach an order (price, lot size,
   * minimum notional, portfolio value) may also be strings, which keeps them exact.
   *
   * @param assets          the portfolio's lines, at least one
   * @param cash            the symbol of the cash line, or null for none
   * @param riskAversion    lambda, dimensionless; or null to take the risk profile's
   * @param riskProfile     CONSERVATIVE, BALANCED or AGGRESSIVE, when riskAversion is not given
   * @param covarianceScale factor on every covariance entry (e.g. days / 365 from annualised figures); null is 1
   * @param covariance      n x n covariance of the assets' returns, in the assets' order
   * @param portfolioValue  the portfolio's value, quote currency; needed with venue limits
   */
  record ProblemFile(List<AssetLine> assets, String cash, Double riskAversion, String riskProfile,
      Double covarianceScale, List<List<Double>> covariance, BigDecimal portfolioValue) {}

  /**
   * One line of the portfolio.
   *
   * @param symbol      the asset
   * @param current     today's weight, fraction of portfolio value
   * @param target      the target weight, fraction of portfolio value
   * @param band        the band half-width, fraction of portfolio value
   * @param buyCost     linear cost of buying, fraction of traded notional; null is 0
   * @param sellCost    linear cost of selling, fraction of traded notional; null is 0
   * @param impact      quadratic impact coefficient; null is 0
   * @param price       the venue's price, quote currency per unit; giving it gives the problem venue limits
   * @param lotSize     the venue's lot size, units
   * @param minNotional the venue's least order value, quote currency; null is 0
   */
  record AssetLine(String symbol, Double current, Double target, Double band, Double buyCost, Double sellCost,
      Double impact, BigDecimal price, BigDecimal lotSize, BigDecimal minNotional) {}

  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  static {
    JSON.coercionConfigFor(BigDecimal.class).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
  }

  private ProblemJson() {
  }

  /** Thrown for a problem file that does not say what it must. */
  static final class InvalidProblem extends RuntimeException {
    InvalidProblem(String message) {
      super(message);
    }
  }

  /** Parses and checks a problem file's text. */
  static RebalanceProblem read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidProblem("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidProblem("the problem must be a JSON object");
    }
    ProblemFile file;
    try {
      file = JSON.treeToValue(root, ProblemFile.class);
    } catch (JsonProcessingException e) {
      throw misfit(root, e);
    }
    return read(file);
  }

  static RebalanceProblem read(ProblemFile file) {
    List<AssetLine> lines = file.assets();
    if (lines == null) {
      throw new InvalidProblem("the problem has no assets");
    }
    if (lines.isEmpty()) {
      throw new InvalidProblem("assets must be a non-empty array");
    }
    int n = lines.size();
    List<String> symbols = new ArrayList<>();
    double[] current = new double[n];
    double[] target = new double[n];
    double[] band = new double[n];
    double[] kb = new double[n];
    double[] ks = new double[n];
    double[] eta = new double[n];
    List<VenueLimits> venues = new ArrayList<>();
    boolean anyVenue = false;
    for (int i = 0; i < n; i++) {
      AssetLine a = lines.get(i);
      if (a == null) {
        throw new InvalidProblem("assets[" + i + "] must be an object, was null");
      }
      if (a.symbol() == null) {
        throw new InvalidProblem("assets[" + i + "].symbol must be a string, was null");
      }
      symbols.add(a.symbol());
      String where = "assets[" + i + "] (" + a.symbol() + ")";
      current[i] = required(a.current(), where + ".current");
      target[i] = required(a.target(), where + ".target");
      band[i] = required(a.band(), where + ".band");
      kb[i] = a.buyCost() == null ? 0 : a.buyCost();
      ks[i] = a.sellCost() == null ? 0 : a.sellCost();
      eta[i] = a.impact() == null ? 0 : a.impact();
      if (a.price() != null) {
        anyVenue = true;
        if (a.lotSize() == null) {
          throw new InvalidProblem(where + ".lotSize must be a decimal number (a string keeps it exact), was null");
        }
        venues.add(new VenueLimits(a.price(), a.lotSize(), a.minNotional() == null ? BigDecimal.ZERO : a.minNotional()));
      } else {
        venues.add(null);
      }
    }
    int cash = -1;
    if (file.cash() != null) {
      cash = symbols.indexOf(file.cash());
      if (cash < 0) {
        throw new InvalidProblem("cash '" + file.cash() + "' is not one of the assets " + symbols);
      }
    }
    double lambda;
    if (file.riskAversion() != null) {
      lambda = file.riskAversion();
    } else if (file.riskProfile() != null) {
      try {
        lambda = RiskProfile.valueOf(file.riskProfile().toUpperCase(Locale.ROOT)).riskAversion();
      } catch (IllegalArgumentException e) {
        throw new InvalidProblem("riskProfile '" + file.riskProfile()
            + "' is not one of CONSERVATIVE, BALANCED, AGGRESSIVE");
      }
    } else {
      throw new InvalidProblem("the problem needs riskAversion (a number) or riskProfile");
    }
    double scale = file.covarianceScale() == null ? 1 : file.covarianceScale();
    List<List<Double>> cov = file.covariance();
    if (cov == null) {
      throw new InvalidProblem("the problem has no covariance");
    }
    if (cov.size() != n) {
      throw new InvalidProblem("covariance must be an array of " + n + " rows");
    }
    double[][] sigma = new double[n][n];
    for (int i = 0; i < n; i++) {
      List<Double> row = cov.get(i);
      if (row == null || row.size() != n) {
        throw new InvalidProblem("covariance row " + i + " must have " + n + " numbers");
      }
      for (int j = 0; j < n; j++) {
        sigma[i][j] = required(row.get(j), "covariance[" + i + "][" + j + "]") * scale;
      }
    }
    ExchangeConstraints exchange = null;
    if (file.portfolioValue() != null || anyVenue) {
      if (file.portfolioValue() == null) {
        throw new InvalidProblem("the problem.portfolioValue must be a decimal number (a string keeps it exact), was null");
      }
      for (int i = 0; i < n; i++) {
        if (venues.get(i) == null) {
          if (i != cash) {
            throw new InvalidProblem("assets[" + i + "] (" + symbols.get(i)
                + ") needs price and lotSize, since the problem has venue limits");
          }
          venues.set(i, VenueLimits.unlimited(BigDecimal.ONE));
        }
      }
      exchange = new ExchangeConstraints(file.portfolioValue(), venues);
    }
    try {
      return new RebalanceProblem(symbols, cash, current, target, band, sigma, lambda, kb, ks, eta, exchange);
    } catch (IllegalArgumentException e) {
      throw new InvalidProblem(e.getMessage());
    }
  }

  private static double required(Double value, String field) {
    if (value == null) {
      throw new InvalidProblem(field + " must be a number, was null");
    }
    return value;
  }

  /** A value of the wrong kind, named by its place in the file (with the asset's symbol) and shown as written. */
  private static InvalidProblem misfit(JsonNode root, JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return new InvalidProblem("the problem cannot be read: " + e.getOriginalMessage());
    }
    StringBuilder field = new StringBuilder();
    StringBuilder pointer = new StringBuilder();
    JsonNode node = root;
    for (JsonMappingException.Reference r : mapping.getPath()) {
      if (r.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
        pointer.append('/').append(r.getFieldName());
      } else {
        field.append('[').append(r.getIndex()).append(']');
        pointer.append('/').append(r.getIndex());
        if (node == root.get("assets")) {
          JsonNode symbol = node.path(r.getIndex()).path("symbol");
          if (symbol.isTextual()) {
            field.append(" (").append(symbol.asText()).append(')');
          }
        }
      }
      node = root.at(JsonPointer.compile(pointer.toString()));
    }
    String value = node.isMissingNode() ? "null" : node.toString();
    Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (type == BigDecimal.class && e instanceof InvalidFormatException) {
      return new InvalidProblem(field + " is not a decimal number: '" + node.asText() + "'");
    }
    String wanted = type == BigDecimal.class ? "a decimal number (a string keeps it exact)"
        : type == Double.class || type == double.class ? "a number"
        : type == String.class ? "a string"
        : type != null && List.class.isAssignableFrom(type) ? "an array"
        : "an object";
    return new InvalidProblem(field + " must be " + wanted + ", was " + value);
  }
}

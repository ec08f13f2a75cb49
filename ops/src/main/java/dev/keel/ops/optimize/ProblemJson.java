package dev.keel.ops.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.domain.optimize.ExchangeConstraints;
import dev.keel.domain.optimize.ExchangeConstraints.VenueLimits;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.portfolio.RiskProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a rebalancing problem from the JSON format documented in docs/optimizer.md. Every error
 * names the field and the value at fault.
 */
final class ProblemJson {

  private ProblemJson() {
  }

  /** Thrown for a problem file that does not say what it must. */
  static final class InvalidProblem extends RuntimeException {
    InvalidProblem(String message) {
      super(message);
    }
  }

  static RebalanceProblem read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidProblem("the problem must be a JSON object");
    }
    JsonNode lines = required(root, "assets");
    if (!lines.isArray() || lines.isEmpty()) {
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
      JsonNode a = lines.get(i);
      String where = "assets[" + i + "]";
      String symbol = text(a, "symbol", where);
      symbols.add(symbol);
      where = "assets[" + i + "] (" + symbol + ")";
      current[i] = number(a, "current", where);
      target[i] = number(a, "target", where);
      band[i] = number(a, "band", where);
      kb[i] = optionalNumber(a, "buyCost", where, 0);
      ks[i] = optionalNumber(a, "sellCost", where, 0);
      eta[i] = optionalNumber(a, "impact", where, 0);
      if (a.has("price")) {
        anyVenue = true;
        venues.add(new VenueLimits(decimal(a, "price", where), decimal(a, "lotSize", where),
            a.has("minNotional") ? decimal(a, "minNotional", where) : BigDecimal.ZERO));
      } else {
        venues.add(null);
      }
    }
    int cash = -1;
    if (root.has("cash") && !root.get("cash").isNull()) {
      String c = root.get("cash").asText();
      cash = symbols.indexOf(c);
      if (cash < 0) {
        throw new InvalidProblem("cash '" + c + "' is not one of the assets " + symbols);
      }
    }
    double lambda;
    if (root.has("riskAversion")) {
      lambda = number(root, "riskAversion", "the problem");
    } else if (root.has("riskProfile")) {
      String profile = root.get("riskProfile").asText();
      try {
        lambda = RiskProfile.valueOf(profile.toUpperCase(Locale.ROOT)).riskAversion();
      } catch (IllegalArgumentException e) {
        throw new InvalidProblem("riskProfile '" + profile + "' is not one of CONSERVATIVE, BALANCED, AGGRESSIVE");
      }
    } else {
      throw new InvalidProblem("the problem needs riskAversion (a number) or riskProfile");
    }
    double scale = root.has("covarianceScale") ? number(root, "covarianceScale", "the problem") : 1;
    JsonNode cov = required(root, "covariance");
    if (!cov.isArray() || cov.size() != n) {
      throw new InvalidProblem("covariance must be an array of " + n + " rows");
    }
    double[][] sigma = new double[n][n];
    for (int i = 0; i < n; i++) {
      JsonNode row = cov.get(i);
      if (!row.isArray() || row.size() != n) {
        throw new InvalidProblem("covariance row " + i + " must have " + n + " numbers");
      }
      for (int j = 0; j < n; j++) {
        if (!row.get(j).isNumber()) {
          throw new InvalidProblem("covariance[" + i + "][" + j + "] must be a number, was " + row.get(j));
        }
        sigma[i][j] = row.get(j).asDouble() * scale;
      }
    }
    ExchangeConstraints exchange = null;
    if (root.has("portfolioValue") || anyVenue) {
      BigDecimal value = decimal(root, "portfolioValue", "the problem");
      for (int i = 0; i < n; i++) {
        if (venues.get(i) == null) {
          if (i != cash) {
            throw new InvalidProblem("assets[" + i + "] (" + symbols.get(i)
                + ") needs price and lotSize, since the problem has venue limits");
          }
          venues.set(i, VenueLimits.unlimited(BigDecimal.ONE));
        }
      }
      exchange = new ExchangeConstraints(value, venues);
    }
    try {
      return new RebalanceProblem(symbols, cash, current, target, band, sigma, lambda, kb, ks, eta, exchange);
    } catch (IllegalArgumentException e) {
      throw new InvalidProblem(e.getMessage());
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidProblem("the problem has no " + field);
    }
    return v;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidProblem(where + "." + field + " must be a string, was " + v);
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new InvalidProblem(where + "." + field + " must be a number, was " + v);
    }
    return v.asDouble();
  }

  private static double optionalNumber(JsonNode node, String field, String where, double otherwise) {
    return node.has(field) ? number(node, field, where) : otherwise;
  }

  private static BigDecimal decimal(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !(v.isNumber() || v.isTextual())) {
      throw new InvalidProblem(where + "." + field + " must be a decimal number (a string keeps it exact), was " + v);
    }
    try {
      return new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      throw new InvalidProblem(where + "." + field + " is not a decimal number: '" + v.asText() + "'");
    }
  }
}

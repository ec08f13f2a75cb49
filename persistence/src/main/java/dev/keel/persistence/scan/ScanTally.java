package dev.keel.persistence.scan;

import dev.keel.domain.portfolio.ScanResult;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk's account of its portfolios, stored as a row of scan_tally: a character per portfolio id from the lowest
 * to the highest (N no breach, E no breach because it holds nothing, A awaiting a decision, P proposal, T no trade,
 * S skipped, '.' an id the chunk did not scan), the counts by outcome and the distribution of largest drifts.
 */
record ScanTally(long firstId, long lastId, String outcomes, int noBreach, int awaitingDecision, int proposal, int noTrade,
                 int skipped, Double maxDrift, int driftCount, double driftSum, int[] driftHistogram) {

  /** Histogram bins: 0.25 percentage points of drift each, the last one open above. */
  static final int BINS = 100;
  static final double BIN_WIDTH = 0.0025;

  /** The tally of a chunk's results (at least one, ids distinct). */
  static ScanTally of(List<ScanResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("a tally needs at least one result");
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (ScanResult r : results) {
      first = Math.min(first, r.portfolioId());
      last = Math.max(last, r.portfolioId());
    }
    long span = last - first + 1;
    if (span > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a tally spans at most " + Integer.MAX_VALUE + " ids, was " + span + " (ids "
          + first + " to " + last + ")");
    }
    char[] codes = new char[(int) span];
    Arrays.fill(codes, '.');
    int[] counts = new int[5];
    int[] histogram = new int[BINS];
    double max = Double.NaN;
    double sum = 0;
    int known = 0;
    for (ScanResult r : results) {
      char code = code(r);
      int at = (int) (r.portfolioId() - first);
      if (codes[at] != '.') {
        throw new IllegalArgumentException("portfolio " + r.portfolioId() + " has two results in one chunk");
      }
      codes[at] = code;
      counts["NAPTS".indexOf(code == 'E' ? 'N' : code)]++;
      double d = r.maxDrift();
      if (!Double.isNaN(d)) {
        known++;
        sum += d;
        max = Double.isNaN(max) ? d : Math.max(max, d);
        histogram[bin(d)]++;
      }
    }
    return new ScanTally(first, last, new String(codes), counts[0], counts[1], counts[2], counts[3], counts[4],
        Double.isNaN(max) ? null : max, known, sum, histogram);
  }

  /** The histogram bin of a drift, from 0; a tiny margin keeps an edge such as 0.02 in the bin it starts. */
  static int bin(double drift) {
    return (int) Math.max(0, Math.min(BINS - 1, Math.floor(drift / BIN_WIDTH + 1e-9)));
  }

  /** The character that stands for a result in {@link #outcomes}. */
  static char code(ScanResult r) {
    if (r instanceof ScanResult.NoBreach nb) {
      return nb.holdsNothing() ? 'E' : 'N';
    } else if (r instanceof ScanResult.AwaitingDecision) {
      return 'A';
    } else if (r instanceof ScanResult.Proposal) {
      return 'P';
    } else if (r instanceof ScanResult.NoTrade) {
      return 'T';
    }
    return 'S';
  }

  /** Whether a result has its own row in scan_outcome: it decided something (a proposal, no trade, a skip). */
  static boolean written(ScanResult r) {
    return !(r instanceof ScanResult.NoBreach || r instanceof ScanResult.AwaitingDecision);
  }

  /** Portfolios the tally accounts for. */
  int portfolios() {
    return noBreach + awaitingDecision + proposal + noTrade + skipped;
  }

  /** Whether the tally accounts for this portfolio id. */
  static boolean accounts(long firstId, String outcomes, long id) {
    long at = id - firstId;
    return at >= 0 && at < outcomes.length() && outcomes.charAt((int) at) != '.';
  }
}

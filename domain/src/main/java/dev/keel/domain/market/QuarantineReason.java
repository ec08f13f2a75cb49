package dev.keel.domain.market;

/** Why a market's data may not be priced with in this cycle (FAULTS.md M2, M3). */
public enum QuarantineReason {
  /** A price or quantity was NaN or infinite. */
  NON_FINITE_NUMBER,
  /** A price was zero or negative. */
  NON_POSITIVE_PRICE,
  /** A level's quantity was zero or negative. */
  NON_POSITIVE_QUANTITY,
  /** The best bid was at or above the best ask. */
  CROSSED_BOOK,
  /** One side, or both, had no level. */
  EMPTY_BOOK,
  /** Levels were not in price order (bids descending, asks ascending). */
  UNORDERED_BOOK
}

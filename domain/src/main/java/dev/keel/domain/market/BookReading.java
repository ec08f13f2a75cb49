package dev.keel.domain.market;

import java.util.Objects;

/** The result of checking a venue's book: usable for pricing, or quarantined with a reason. */
public sealed interface BookReading {

  /** A book that passed every check: positive finite prices and quantities, both sides present, ordered, not crossed. */
  record Usable(OrderBook book) implements BookReading {
    public Usable {
      Objects.requireNonNull(book, "book");
    }
  }

  /** A book that must not be priced with this cycle. */
  record Quarantined(Quarantine quarantine) implements BookReading {
    public Quarantined {
      Objects.requireNonNull(quarantine, "quarantine");
    }
  }
}

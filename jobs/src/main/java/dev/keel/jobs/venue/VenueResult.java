package dev.keel.jobs.venue;

import dev.keel.domain.market.Quarantine;
import dev.keel.domain.market.VenueFault;
import java.util.Objects;
import java.util.function.Function;

/**
 * The answer of a venue call: a value, a classified fault, or data the venue sent that must not be priced with.
 * XChange exceptions never leave this package.
 */
public sealed interface VenueResult<T> {

  /** The venue answered. */
  record Ok<T>(T value) implements VenueResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The venue did not answer usefully. */
  record Failed<T>(VenueFault fault) implements VenueResult<T> {
    public Failed {
      Objects.requireNonNull(fault, "fault");
    }
  }

  /**
   * The venue answered for the market, but with a number that cannot be priced with (NaN or infinity, which neither
   * XChange nor a {@code BigDecimal} can hold): the market is quarantined for the cycle (FAULTS.md M2), the venue is
   * not at fault for its other markets.
   */
  record Quarantined<T>(Quarantine quarantine) implements VenueResult<T> {
    public Quarantined {
      Objects.requireNonNull(quarantine, "quarantine");
    }
  }

  static <T> VenueResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> VenueResult<T> failed(VenueFault fault) {
    return new Failed<>(fault);
  }

  static <T> VenueResult<T> quarantined(Quarantine quarantine) {
    return new Quarantined<>(quarantine);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value; throws IllegalStateException naming the fault or the quarantine when there is none. */
  default T orThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    if (this instanceof Quarantined<T> q) {
      throw new IllegalStateException("venue data quarantined: " + q.quarantine().reason() + ": " + q.quarantine().detail());
    }
    throw new IllegalStateException("venue call failed: " + ((Failed<T>) this).fault().describe());
  }

  default <U> VenueResult<U> map(Function<T, U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    if (this instanceof Quarantined<T> q) {
      return new Quarantined<>(q.quarantine());
    }
    return new Failed<>(((Failed<T>) this).fault());
  }
}

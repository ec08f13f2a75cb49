package dev.keel.jobs.venue;

import dev.keel.domain.market.VenueFault;
import java.util.Objects;
import java.util.function.Function;

/** The answer of a venue call: a value, or a classified fault. XChange exceptions never leave this package. */
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

  static <T> VenueResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> VenueResult<T> failed(VenueFault fault) {
    return new Failed<>(fault);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value; throws IllegalStateException naming the fault when it failed. */
  default T orThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException("venue call failed: " + ((Failed<T>) this).fault().describe());
  }

  default <U> VenueResult<U> map(Function<T, U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    return new Failed<>(((Failed<T>) this).fault());
  }
}

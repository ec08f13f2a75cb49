package dev.keel.domain.regime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the detector answered one shock episode: caught when the asset is HIGH or EXTREME at the close of the
 * episode's first shock day or of a bar at most {@code grace} after it.
 *
 * @param episode  the episode
 * @param firstDay the assessment of the episode's first shock day; established (the asset was past its warm-up)
 * @param flagged  the first HIGH or EXTREME assessment from the first shock day to {@code grace} after it, if any
 */
public record ShockCatch(ShockEpisode episode, RegimeAssessment firstDay, Optional<RegimeAssessment> flagged) {

  /** The allowance: the first shock day or one of the two days after. */
  public static final Duration GRACE = Duration.ofDays(2);

  public ShockCatch {
    Objects.requireNonNull(episode, "episode");
    Objects.requireNonNull(firstDay, "firstDay");
    Objects.requireNonNull(flagged, "flagged");
  }

  public boolean caught() {
    return flagged.isPresent();
  }

  /** From the first shock day to the first HIGH or EXTREME close; empty when missed. */
  public Optional<Duration> delay() {
    return flagged.map(a -> Duration.between(episode.start(), a.asOf()));
  }

  /**
   * The outcome of every episode whose first shock day the timeline assessed after the asset's warm-up, in the
   * episodes' order; episodes that start before the timeline, in its warm-up or on a bar it lacks are left out.
   */
  public static List<ShockCatch> of(RegimeTimeline timeline, List<ShockEpisode> episodes, Duration grace) {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(grace, "grace");
    List<ShockCatch> out = new ArrayList<>();
    for (ShockEpisode e : episodes) {
      Optional<RegimeAssessment> first = timeline.at(e.start());
      if (first.isEmpty() || !first.get().established()) {
        continue;
      }
      Instant last = e.start().plus(grace);
      Optional<RegimeAssessment> flagged = timeline.assessments().stream()
          .filter(a -> !a.asOf().isBefore(e.start()) && !a.asOf().isAfter(last))
          .filter(a -> a.regime().compareTo(Regime.HIGH) >= 0)
          .findFirst();
      out.add(new ShockCatch(e, first.get(), flagged));
    }
    return out;
  }
}

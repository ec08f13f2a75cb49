package dev.keel.scheduler.api;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.persistence.population.PopulationWriter;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.context.ConfigurableApplicationContext;

/** Real proposals: a generated population that drifts, a market snapshot on the paper venues, a scan. */
final class Pipeline {

  private Pipeline() {}

  /** A standard-tier population's proposals, each waiting for a decision. */
  static void proposals(ConfigurableApplicationContext ctx, int accounts) {
    proposals(ctx, accounts, 0.0);
  }

  /** Proposals of a population with this share of premium-tier accounts (fraction, 0 to 1), approved on creation. */
  static void proposals(ConfigurableApplicationContext ctx, int accounts, double premiumShare) {
    TestDatabase db = TestDatabase.get();
    Instant now = ctx.getBean(Clock.class).instant();
    PopulationSpec d = PopulationSpec.defaults(accounts, 11);
    new PopulationWriter(db.dataSource()).write(new PopulationGenerator(new PopulationSpec(accounts, 11, premiumShare, d.medianValue(),
        d.valueSigma(), d.minValue(), d.maxValue(), 0.5), ReferencePrices.all()), now, PopulationWriter.Existing.REPLACE, n -> { });
    CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
    Instant cycle = now.truncatedTo(ChronoUnit.SECONDS);
    if (!launcher.launch(MarketSnapshotJobConfig.JOB, cycle).ranAndCompleted() || !launcher.launch(ScanJobConfig.JOB, cycle).ranAndCompleted()) {
      throw new IllegalStateException("the snapshot or the scan did not complete");
    }
  }
}

package dev.keel.ops;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.population.PopulationWriter;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keel generate}: writes a realistic, seeded population of accounts and portfolios. */
@Command(name = "generate", description = "Generate a population of accounts, portfolios, targets and drifted holdings.")
class GenerateCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Option(names = "--accounts", required = true, description = "number of accounts (1 to 10,000,000)")
  int accounts;

  @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed writes the same population (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--premium-share", defaultValue = "0.2", description = "fraction of premium-tier accounts (default ${DEFAULT-VALUE})")
  double premiumShare;

  @Option(names = "--drift", defaultValue = "0.08", description = "log-drift of holdings since the last rebalance (default ${DEFAULT-VALUE})")
  double drift;

  @Option(names = "--replace", description = "replace an existing population (and everything that hangs off it)")
  boolean replace;

  @Override
  public Integer call() {
    if (accounts < 1 || accounts > PopulationSpec.MAX_ACCOUNTS) {
      throw new IllegalArgumentException("--accounts must be between 1 and " + PopulationSpec.MAX_ACCOUNTS + ", was " + accounts);
    }
    if (!(premiumShare >= 0 && premiumShare <= 1)) {
      throw new IllegalArgumentException("--premium-share must be in [0, 1], was " + premiumShare);
    }
    if (!(drift >= 0 && drift <= 2)) {
      throw new IllegalArgumentException("--drift must be in [0, 2], was " + drift);
    }
    PopulationSpec d = PopulationSpec.defaults(accounts, seed);
    PopulationSpec spec = new PopulationSpec(accounts, seed, premiumShare, d.medianValue(), d.valueSigma(),
        d.minValue(), d.maxValue(), drift);
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      Result r = generate(ctx.getBean(KeelDatabase.class), ctx.getBean(Clock.class), spec, replace, System.out);
      System.out.printf("generated %,d accounts, %,d portfolios, %,d targets, %,d holdings in %.1f s (%,.0f portfolios/s)%n",
          r.written().accounts(), r.written().portfolios(), r.written().targets(), r.written().holdings(), r.seconds(),
          r.written().portfolios() / r.seconds());
      return 0;
    }
  }

  record Result(PopulationWriter.Written written, double seconds) {}

  static Result generate(KeelDatabase database, Clock clock, PopulationSpec spec, boolean replace, PrintStream progress) {
    PopulationGenerator generator = new PopulationGenerator(spec, ReferencePrices.all());
    long t0 = System.nanoTime();
    long step = Math.max(1, spec.accounts() / 10);
    long[] next = {step};
    PopulationWriter.Written w = new PopulationWriter(database.dataSource()).write(generator, clock.instant(),
        replace ? PopulationWriter.Existing.REPLACE : PopulationWriter.Existing.REFUSE, done -> {
          if (done >= next[0] || done == spec.accounts()) {
            progress.printf("  generate: %,d of %,d accounts' rows written (%d%%), %.1f s%n", done, (long) spec.accounts(),
                100 * done / spec.accounts(), (System.nanoTime() - t0) / 1e9);
            next[0] = done + step;
          }
        });
    return new Result(w, (System.nanoTime() - t0) / 1e9);
  }
}

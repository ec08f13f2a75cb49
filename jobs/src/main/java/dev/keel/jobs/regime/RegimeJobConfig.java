package dev.keel.jobs.regime;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.BasketCatalogue;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.jobs.batch.Cycle;
import dev.keel.persistence.regime.BasketRegimeRow;
import dev.keel.persistence.regime.RegimeDao;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * regimeJob, two steps. {@code regime.classify}: for every traded asset, the volatility regime and band
 * multiplier as of the cycle (bars timed at their close, spreads checked at the cycle), stored in asset_regime
 * with its figures and reason when the cycle changed something (a new bar, a move of the spread regime or the
 * multiplier, or the asset's first row). {@code regime.baskets}: every basket's regime, from its target-weighted
 * value index, stored in basket_regime when the index has a new bar. A rerun of a cycle computes the same rows
 * and keeps the ones already written. The drift scan reads the latest asset_regime row per asset.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegimeSettings.class)
public class RegimeJobConfig {

  public static final String JOB = "regimeJob";
  static final int CHUNK = 8;

  @Bean
  public RegimeDao regimeDao(Jdbi jdbi) {
    return new RegimeDao(jdbi);
  }

  /** The classifier of the keel.regime.* settings. */
  @Bean
  public RegimeClassifier regimeClassifier(RegimeSettings settings) {
    return new RegimeClassifier(settings.config());
  }

  @Bean
  public RegimeUpdate regimeUpdate(RegimeDao dao, RegimeClassifier regimeClassifier, RegimeSettings settings) {
    return new RegimeUpdate(dao, regimeClassifier, settings.barInterval());
  }

  @Bean
  public BasketRegimeUpdate basketRegimeUpdate(RegimeDao dao, RegimeClassifier regimeClassifier, RegimeSettings settings) {
    return new BasketRegimeUpdate(dao, regimeClassifier, settings.barInterval());
  }

  @Bean
  public Job regimeJob(JobRepository jobRepository, Step classifyRegimesStep, Step classifyBasketsStep) {
    return new JobBuilder(JOB, jobRepository).start(classifyRegimesStep).next(classifyBasketsStep).build();
  }

  @Bean
  public Step classifyRegimesStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                                  ListItemReader<String> regimeAssets, ItemProcessor<String, RegimeAssessment> regimeAssessor,
                                  ItemWriter<RegimeAssessment> regimeWriter) {
    return new StepBuilder("regime.classify", jobRepository)
        .<String, RegimeAssessment>chunk(CHUNK)
        .transactionManager(transactionManager)
        .reader(regimeAssets)
        .processor(regimeAssessor)
        .writer(regimeWriter)
        .listener(dev.keel.jobs.batch.ChunkStateGuard.INSTANCE)
        .build();
  }

  @Bean
  public Step classifyBasketsStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                                  ListItemReader<Basket> regimeBaskets, ItemProcessor<Basket, BasketRegimeRow> basketAssessor,
                                  ItemWriter<BasketRegimeRow> basketWriter) {
    return new StepBuilder("regime.baskets", jobRepository)
        .<Basket, BasketRegimeRow>chunk(CHUNK)
        .transactionManager(transactionManager)
        .reader(regimeBaskets)
        .processor(basketAssessor)
        .writer(basketWriter)
        .listener(dev.keel.jobs.batch.ChunkStateGuard.INSTANCE)
        .build();
  }

  @Bean
  @StepScope
  public ListItemReader<Basket> regimeBaskets() {
    return new ListItemReader<>(BasketCatalogue.all());
  }

  @Bean
  @StepScope
  public BasketAssessor basketAssessor(BasketRegimeUpdate update, @Value("#{jobParameters['cycle']}") String cycle) {
    return new BasketAssessor(update, Cycle.parse(cycle));
  }

  @Bean
  @StepScope
  public CycleWriter<BasketRegimeRow> basketWriter(RegimeDao dao, Clock clock,
                                                   @Value("#{jobParameters['cycle']}") String cycle) {
    return new CycleWriter<>(dao::storeBaskets, clock, Cycle.parse(cycle));
  }

  @Bean
  @StepScope
  public ListItemReader<String> regimeAssets(RegimeDao dao) {
    return new ListItemReader<>(dao.tradedAssets());
  }

  @Bean
  @StepScope
  public Assessor regimeAssessor(RegimeUpdate update, @Value("#{jobParameters['cycle']}") String cycle) {
    return new Assessor(update, Cycle.parse(cycle));
  }

  @Bean
  @StepScope
  public CycleWriter<RegimeAssessment> regimeWriter(RegimeDao dao, Clock clock,
                                                   @Value("#{jobParameters['cycle']}") String cycle) {
    return new CycleWriter<>(dao::store, clock, Cycle.parse(cycle));
  }

  /** Assesses one asset for the cycle; null (nothing to store) when the cycle changed nothing. */
  public static class Assessor implements ItemProcessor<String, RegimeAssessment> {
    private final RegimeUpdate update;
    private final Instant cycle;

    Assessor(RegimeUpdate update, Instant cycle) {
      this.update = update;
      this.cycle = cycle;
    }

    @Override
    public RegimeAssessment process(String asset) {
      RegimeUpdate.Result r = update.update(asset, cycle);
      return r.changed() ? r.assessment() : null;
    }
  }

  /** Stores a chunk of one step's rows for the cycle, stamped with the time they were computed. */
  public static class CycleWriter<T> implements ItemWriter<T> {
    /** A DAO method that stores rows of a cycle. */
    public interface Store<T> {
      void store(Instant cycle, Instant computedAt, java.util.List<T> rows);
    }

    private final Store<T> store;
    private final Clock clock;
    private final Instant cycle;

    CycleWriter(Store<T> store, Clock clock, Instant cycle) {
      this.store = store;
      this.clock = clock;
      this.cycle = cycle;
    }

    @Override
    public void write(org.springframework.batch.infrastructure.item.Chunk<? extends T> chunk) {
      store.store(cycle, clock.instant(), new ArrayList<>(chunk.getItems()));
    }
  }

  /** Assesses one basket for the cycle; null (nothing to store) when its index has no new bar. */
  public static class BasketAssessor implements ItemProcessor<Basket, BasketRegimeRow> {
    private final BasketRegimeUpdate update;
    private final Instant cycle;

    BasketAssessor(BasketRegimeUpdate update, Instant cycle) {
      this.update = update;
      this.cycle = cycle;
    }

    @Override
    public BasketRegimeRow process(Basket basket) {
      BasketRegimeUpdate.Result r = update.update(basket, cycle);
      return r.changed() ? r.row() : null;
    }
  }
}

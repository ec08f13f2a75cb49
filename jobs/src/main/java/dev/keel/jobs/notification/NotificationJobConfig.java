package dev.keel.jobs.notification;

import dev.keel.jobs.api.ApiSettings;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.notification.NotificationDao;
import dev.keel.persistence.proposal.ProposalDao;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * notificationJob: every 10 seconds by default, gives new events in the outbox their deliveries (one per active webhook
 * endpoint, and an email to the investor for proposal events when email is on), then sends the due ones: signed
 * webhooks and emails, retried with exponential back-off, DEAD after the last attempt. Its writes commit on their own
 * (a claim before anything is sent), never in the step's transaction, so no transaction waits on a receiver; a rerun of
 * a cycle simply works on what the database says is due.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DeliverySettings.class, ApiSettings.class})
public class NotificationJobConfig {

  public static final String JOB = "notificationJob";
  /** Claims one run makes at most, so a long backlog is worked off over several runs rather than in one endless one. */
  static final int MAX_BATCHES_PER_RUN = 50;
  private static final Logger log = LoggerFactory.getLogger(NotificationJobConfig.class);

  @Bean
  public NotificationDao notificationDao(DataSource dataSource) {
    return new NotificationDao(Jdbis.standalone(dataSource));
  }

  /** Delivery from keel.notifications.*, page links under keel.api.public-url; a NotificationSettings bean (a test's) wins. */
  @Bean
  public NotificationDelivery notificationDelivery(NotificationDao dao, DataSource dataSource, Clock clock,
                                                   ObjectProvider<NotificationSettings> settings, DeliverySettings delivery,
                                                   ApiSettings api) {
    return new NotificationDelivery(dao, new ProposalDao(Jdbis.standalone(dataSource)), clock,
        settings.getIfAvailable(() -> delivery.settings(api.publicUrl())));
  }

  @Bean
  public Job notificationJob(JobRepository jobRepository, Step routeNotificationsStep, Step deliverNotificationsStep) {
    return new JobBuilder(JOB, jobRepository).start(routeNotificationsStep).next(deliverNotificationsStep).build();
  }

  @Bean
  public Step routeNotificationsStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                                     NotificationDelivery delivery) {
    return new StepBuilder("notification.route", jobRepository)
        .tasklet((contribution, chunk) -> {
          contribution.incrementWriteCount(delivery.route());
          return RepeatStatus.FINISHED;
        }, transactionManager)
        .build();
  }

  @Bean
  public Step deliverNotificationsStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                                       NotificationDelivery delivery) {
    return new StepBuilder("notification.deliver", jobRepository)
        .tasklet((contribution, chunk) -> {
          NotificationDelivery.Summary s = delivery.deliver(MAX_BATCHES_PER_RUN);
          for (int i = 0; i < s.claimed(); i++) {
            contribution.incrementReadCount(); // no bulk form in Spring Batch 6
          }
          contribution.incrementWriteCount(s.sent());
          contribution.incrementFilterCount(s.retrying() + s.dead());
          contribution.getStepExecution().getExecutionContext().putString("summary", s.describe());
          if (s.claimed() > 0) {
            log.info("{}: {}", JOB, s.describe());
          }
          return RepeatStatus.FINISHED;
        }, transactionManager)
        .build();
  }
}

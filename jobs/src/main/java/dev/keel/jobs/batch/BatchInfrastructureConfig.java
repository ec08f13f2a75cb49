package dev.keel.jobs.batch;

import dev.keel.persistence.db.Jdbis;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The infrastructure every job shares. The job repository is JDBC-backed (the default in Spring
 * Batch 6 stores nothing and cannot restart), and every writing step gets this real transaction
 * manager, which Jdbi joins through {@link dev.keel.persistence.db.SpringConnectionFactory}.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
// READ_COMMITTED, not Batch's SERIALIZABLE, for creating executions: two different jobs launched in the same second
// (executionJob and notificationJob both fire at :00 and :30) made PostgreSQL cancel one launch as a serialization
// pivot, and that cycle was lost. One job's cycle is never created twice at once: its launch holds the cycle's
// advisory lock, and BATCH_JOB_INSTANCE's unique key stays the last guard.
@EnableJdbcJobRepository(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager",
    isolationLevelForCreate = org.springframework.transaction.annotation.Isolation.READ_COMMITTED)
public class BatchInfrastructureConfig {

  @Bean
  public JdbcTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  public Jdbi jdbi(DataSource dataSource) {
    return Jdbis.create(dataSource);
  }
}

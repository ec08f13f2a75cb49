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
@EnableJdbcJobRepository(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager")
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

package dev.keel.scheduler;

import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.scheduling.quartz.SpringBeanJobFactory;

/**
 * Quartz with the JDBC job store on Keel's PostgreSQL: PostgreSQLDelegate, clustered, tables
 * from Liquibase (never auto-initialised). The scheduler starts only in the long-running service;
 * the demo and the operator's commands create it in standby so they can read and sync triggers.
 */
@Configuration(proxyBeanMethods = false)
public class QuartzConfig {

  @Bean
  public SchedulerFactoryBean quartzScheduler(DataSource dataSource, JdbcTransactionManager transactionManager,
                                              KeelProperties properties, ApplicationContext context) {
    SchedulerFactoryBean factory = new SchedulerFactoryBean();
    factory.setDataSource(dataSource);
    factory.setTransactionManager(transactionManager);
    factory.setQuartzProperties(quartzProperties(properties.scheduler()));
    SpringBeanJobFactory jobFactory = new SpringBeanJobFactory();
    jobFactory.setApplicationContext(context);
    factory.setJobFactory(jobFactory);
    factory.setSchedulerName(properties.scheduler().name());
    // in standby until `keel run` has synchronised the triggers with keel.schedule.* and starts it
    factory.setAutoStartup(false);
    factory.setWaitForJobsToCompleteOnShutdown(true);
    factory.setOverwriteExistingJobs(true);
    return factory;
  }

  static Properties quartzProperties(KeelProperties.Scheduler s) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", s.name());
    p.setProperty("org.quartz.scheduler.instanceId", s.instanceId());
    p.setProperty("org.quartz.jobStore.driverDelegateClass", KeelProperties.Scheduler.POSTGRES_DELEGATE);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(s.clustered()));
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "10000");
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(s.misfireThresholdMs()));
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(s.threadCount()));
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    return p;
  }
}

package dev.keel.persistence.db;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Gives Jdbi the connection of the current Spring transaction, so a Jdbi DAO called inside a
 * Spring Batch chunk commits and rolls back with it. (jdbi3-spring 3.55.0 is not served by the
 * registry Keel builds from; this is the part of it Keel needs.)
 */
public final class SpringConnectionFactory implements ConnectionFactory {

  private final DataSource dataSource;

  public SpringConnectionFactory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection openConnection() {
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public void closeConnection(Connection connection) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }
}

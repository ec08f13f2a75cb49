package dev.keel.persistence.db;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Builds the one Jdbi that Keel uses, joined to Spring's transactions. */
public final class Jdbis {

  private Jdbis() {}

  public static Jdbi create(DataSource dataSource) {
    return Jdbi.create(new SpringConnectionFactory(dataSource))
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin());
  }

  /**
   * A Jdbi on the pool's own connections, never joined to a Spring transaction: for work that must commit before it
   * calls out (an order intent is committed before the venue is called), even when it runs inside a batch step.
   */
  public static Jdbi standalone(DataSource dataSource) {
    return Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
  }
}

package dev.keel.ops;

import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.Migrations;
import java.sql.Connection;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keel migrate}: applies the Liquibase changelog and reports what it did. */
@Command(name = "migrate", description = "Apply Keel's schema changelog to the database.")
class MigrateCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() throws Exception {
    try (ConfigurableApplicationContext ctx = Keel.start(db, "--keel.db.migrate-on-start=false")) {
      KeelDatabase database = ctx.getBean(KeelDatabase.class);
      long t0 = System.nanoTime();
      int applied = Migrations.migrate(database.dataSource());
      int total;
      try (Connection c = database.dataSource().getConnection()) {
        total = Migrations.appliedCount(c);
      }
      System.out.printf("migrated %s: %d change sets applied now, %d in all (%d ms)%n",
          database.embedded() ? "the embedded database" : database.displayUrl(), applied, total, (System.nanoTime() - t0) / 1_000_000);
      return 0;
    }
  }
}

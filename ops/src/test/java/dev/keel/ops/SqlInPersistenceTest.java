package dev.keel.ops;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Connection;
import java.sql.Statement;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Only persistence issues SQL: jobs, the scheduler and the command line reach the database through persistence's DAOs, so
 * each query lives once, beside the others on its tables, with named parameters.
 */
class SqlInPersistenceTest {

  private static final JavaClasses ABOVE_PERSISTENCE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      // jobs' stub venues reach ops's tests as a test jar, which the option above does not recognise
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("dev.keel.jobs", "dev.keel.scheduler", "dev.keel.ops");

  /** Jdbi's statements, JDBC's statements and Spring's JDBC templates: every way of handing the database SQL text. */
  static final ArchRule NO_SQL_OUTSIDE_PERSISTENCE = noClasses()
      .that().resideInAnyPackage("dev.keel.jobs..", "dev.keel.scheduler..", "dev.keel.ops..")
      .should().callMethodWhere(calls(Handle.class,
          "createQuery|createUpdate|execute|createScript|createBatch|prepareBatch|createCall|select|queryMetadata"))
      .orShould().callMethodWhere(calls(Connection.class, "prepareStatement|createStatement|prepareCall"))
      .orShould().callMethodWhere(calls(Statement.class, "execute.*|addBatch"))
      .orShould().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.JdbcOperations.class)
      .orShould().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations.class)
      .orShould().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.simple.JdbcClient.class)
      .because("SQL lives in persistence's DAOs");

  @Test
  void jobs_scheduler_and_ops_issue_no_sql() {
    NO_SQL_OUTSIDE_PERSISTENCE.check(ABOVE_PERSISTENCE);
  }

  /** The rule sees each way of issuing SQL: a class above persistence that used any of them would fail it. */
  @Test
  void the_rule_catches_jdbi_jdbc_and_spring_sql() {
    assertThatThrownBy(() -> NO_SQL_OUTSIDE_PERSISTENCE.check(new ClassFileImporter().importClasses(IssuesSql.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Handle.createQuery").hasMessageContaining("Handle.execute")
        .hasMessageContaining("Connection.prepareStatement").hasMessageContaining("Statement.executeUpdate")
        .hasMessageContaining("JdbcTemplate");
  }

  /** Every way the rule forbids, in a class of the ops package. */
  @SuppressWarnings("unused")
  static final class IssuesSql {

    long jdbi(Handle h) {
      h.execute("DELETE FROM proposal");
      return h.createQuery("SELECT count(*) FROM proposal").mapTo(Long.class).one();
    }

    void jdbc(Connection c) throws java.sql.SQLException {
      try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM proposal"); Statement s = c.createStatement()) {
        ps.execute();
        s.executeUpdate("DELETE FROM proposal");
      }
    }

    void spring(org.springframework.jdbc.core.JdbcTemplate template) {
      template.update("DELETE FROM proposal");
    }
  }

  private static DescribedPredicate<JavaCall<?>> calls(Class<?> type, String methods) {
    return target(owner(assignableTo(type))).and(target(nameMatching(methods)))
        .as("a call of " + type.getName() + "'s " + methods.replace("|", ", "));
  }
}

package dev.keel.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain is pure Java and ojalgo: no framework reaches it. */
class DomainArchitectureTest {

  private static final JavaClasses DOMAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.keel.domain");

  @Test
  void domain_imports_no_spring_jdbi_quartz_or_xchange() {
    noClasses().that().resideInAPackage("dev.keel.domain..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "org.jdbi..", "org.quartz..", "org.knowm..", "java.sql..", "javax.sql..")
        .check(DOMAIN);
  }

  @Test
  void domain_reads_no_wall_clock() {
    noClasses().that().resideInAPackage("dev.keel.domain..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .check(DOMAIN);
  }

  /** Only the history loader reads files: every other rule in domain is computed from what it is given. */
  @Test
  void domain_does_no_io_outside_the_history_loader() {
    noClasses().that().resideInAPackage("dev.keel.domain..").and().resideOutsideOfPackage("dev.keel.domain.market.history..")
        .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
        .check(DOMAIN);
  }
}

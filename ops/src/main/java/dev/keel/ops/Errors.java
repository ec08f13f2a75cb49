package dev.keel.ops;

import dev.keel.persistence.db.Redact;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/** Turns a failure into the one line an operator needs: which setting, which value, what is wrong. */
final class Errors {

  private Errors() {}

  static String describe(Throwable e) {
    UnboundConfigurationPropertiesException unbound = find(e, UnboundConfigurationPropertiesException.class);
    if (unbound != null) {
      Set<String> names = new LinkedHashSet<>();
      for (ConfigurationProperty p : unbound.getUnboundProperties()) {
        names.add(p.getName() + "=" + Redact.value(p.getName().toString(), p.getValue()));
      }
      return "unknown setting " + String.join(", ", names);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      boolean own = c instanceof IllegalArgumentException && c.getMessage() != null && c.getMessage().contains("keel.");
      if (own || c instanceof dev.keel.persistence.db.DatabaseUnavailableException
          || c instanceof dev.keel.persistence.db.Migrations.MigrationException) {
        return c.getMessage();
      }
    }
    BindException bind = find(e, BindException.class);
    if (bind != null) {
      String name = bind.getProperty() == null ? bind.getName().toString() : bind.getProperty().getName().toString();
      Object given = bind.getProperty() == null ? null : bind.getProperty().getValue();
      String value = given == null ? "" : " (value '" + Redact.value(name, given) + "')";
      String why = deepest(bind).getMessage();
      return "setting " + name + value + " is not valid: " + (Redact.looksSecret(name) && given != null ? Redact.without(why, given.toString()) : why);
    }
    IllegalArgumentException iae = find(e, IllegalArgumentException.class);
    Throwable t = iae != null ? iae : deepest(e);
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static Throwable deepest(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

package dev.keel.ops;

import java.util.ArrayList;
import java.util.List;

/** Subcommands that live in their own packages of this module, found by name. */
final class Extensions {

  private static final String[] CLASSES = {
      "dev.keel.ops.optimize.OptimizeCommand",
      "dev.keel.ops.regimes.RegimesCommand",
      "dev.keel.ops.backtest.BacktestCommand",
  };

  private Extensions() {}

  static List<Object> commands() {
    List<Object> out = new ArrayList<>();
    for (String name : CLASSES) {
      try {
        out.add(Class.forName(name).getDeclaredConstructor().newInstance());
      } catch (ClassNotFoundException absent) {
        // not built into this version
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create subcommand " + name, e);
      }
    }
    return out;
  }
}

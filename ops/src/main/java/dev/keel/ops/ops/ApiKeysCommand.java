package dev.keel.ops.ops;

import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.scheduler.api.ApiKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keel ops api-keys}: the approval API's keys. A key is printed once, when it is made, and stored only as its
 * SHA-256; a client may hold several at once, so a key rotates without downtime: create the new one, switch the client
 * to it, revoke the old one.
 */
@Command(name = "api-keys", description = "The approval API's keys: create (printed once), list, revoke.",
    subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
public class ApiKeysCommand implements Runnable {

  /** Exit code when there is no such key. */
  public static final int NOT_FOUND = 5;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static String operator() {
    return "operator:" + System.getProperty("user.name", "unknown");
  }

  @Command(name = "create", description = "Make a key for a client and print it once; only its hash is kept.")
  static class Create implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--client", required = true, description = "who holds the key: 1 to 64 letters, digits, '.', '-', '_'")
    String client;

    @Override
    public Integer call() {
      if (!ApiKey.CLIENT.matcher(client).matches()) {
        throw new IllegalArgumentException("--client must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter"
            + " or digit, was '" + client + "'");
      }
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        Instant now = ctx.getBean(Clock.class).instant();
        ApiKey.Generated key = ApiKey.generate(new SecureRandom());
        new ApiKeyDao(ctx.getBean(Jdbi.class)).create(key.id(), client, ApiKey.sha256(key.key()), now, operator());
        System.out.println("api key " + key.id() + " for client " + client + " created at " + now);
        System.out.println(key.key());
        System.out.println("this is the only time the key is shown; Keel keeps its SHA-256 only."
            + " Send it as: Authorization: Bearer <key>");
        return 0;
      }
    }
  }

  @Command(name = "list", description = "Keys, newest first: id, client, created, last used, revoked. Never a secret.")
  static class ListKeys implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--client", description = "only this client's keys")
    String client;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        List<ApiKeyDao.StoredKey> keys = new ApiKeyDao(ctx.getBean(Jdbi.class)).list(client);
        System.out.printf("%-12s  %-24s  %-24s  %-20s  %-24s  %s%n", "id", "client", "created", "last used (to the minute)",
            "revoked", "created by");
        for (ApiKeyDao.StoredKey k : keys) {
          System.out.printf("%-12s  %-24s  %-24s  %-20s  %-24s  %s%n", k.id(), k.client(), k.createdAt(),
              k.lastUsedAt() == null ? "-" : k.lastUsedAt(), k.revokedAt() == null ? "-" : k.revokedAt(), k.createdBy());
        }
        if (keys.isEmpty()) {
          System.out.println("(no api keys)");
        }
        return 0;
      }
    }
  }

  @Command(name = "revoke", description = "Revoke a key: refused on every node within keel.api.auth-cache-ttl (5 s).")
  static class Revoke implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the key's id (the part after keel_, as list shows it)")
    String id;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        Instant now = ctx.getBean(Clock.class).instant();
        Optional<ApiKeyDao.StoredKey> k = new ApiKeyDao(ctx.getBean(Jdbi.class)).revoke(id, now, operator());
        if (k.isEmpty()) {
          // an id, never a whole key, is expected here; echo only what could be an id
          String shown = id.length() <= 12 ? "'" + id + "'" : "(not an id: " + id.length() + " characters)";
          ProposalsCommand.error(spec, "keel ops api-keys revoke: no api key " + shown);
          return NOT_FOUND;
        }
        System.out.println("api key " + k.get().id() + " of client " + k.get().client() + " revoked at " + k.get().revokedAt());
        return 0;
      }
    }
  }
}

package dev.keel.ops.ops;

import dev.keel.domain.notification.WebhookSecret;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.notification.WebhookEndpointDao;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keel ops webhooks}: where each API client receives every event. Adding prints the signing secret once; it is
 * never listed or logged afterwards.
 */
@Command(name = "webhooks", description = "Webhook endpoints per API client: add (prints the secret once), list, remove.",
    subcommands = {WebhooksCommand.Add.class, WebhooksCommand.ListEndpoints.class, WebhooksCommand.Remove.class})
public class WebhooksCommand implements Runnable {


  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  private static WebhookEndpointDao dao(ConfigurableApplicationContext ctx) {
    return new WebhookEndpointDao(ctx.getBean(Jdbi.class));
  }

  private static String who() {
    return ApiKeysCommand.operator();
  }

  static String client(String name) {
    if (name == null || !dev.keel.scheduler.api.ApiKey.CLIENT.matcher(name).matches()) {
      throw new IllegalArgumentException("--client must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, was "
          + ProposalsCommand.quoted(name));
    }
    return name;
  }

  /** An http(s) URL with a host and no credentials; a refusal never echoes a URL that carries credentials. */
  static String url(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url is not a URL (" + e.getReason() + ")");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("--url must not carry credentials; the endpoint authenticates Keel by the signature");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null || uri.getFragment() != null) {
      throw new IllegalArgumentException("--url must be http(s)://host[:port][/path] without a fragment, was " + ProposalsCommand.quoted(url));
    }
    return url;
  }

  @Command(name = "add", description = "Adds the client's endpoint and prints its signing secret, once.")
  static class Add implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, description = "the API client's name")
    String client;

    @Option(names = "--url", required = true, description = "where the client receives events (http or https)")
    String url;

    @Override
    public Integer call() {
      String name = client(client);
      String target = url(url);
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
        WebhookEndpointDao.Added r = dao(ctx).add(name, target, secret.reveal(), who(), ctx.getBean(Clock.class).instant());
        if (r == WebhookEndpointDao.Added.EXISTS) {
          ProposalsCommand.error(spec, "keel ops webhooks add: client " + name + " has an endpoint already; remove it first");
          return ProposalsCommand.CONFLICT;
        }
        System.out.println("webhook endpoint of client " + name + (r == WebhookEndpointDao.Added.REACTIVATED ? " added again: " : " added: ")
            + target);
        System.out.println("signing secret (shown this once; the receiver verifies webhook-signature with it):");
        System.out.println(secret.reveal());
        return 0;
      }
    }
  }

  @Command(name = "list", description = "Endpoints, active first: client, URL, since when. Never the secret.")
  static class ListEndpoints implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        List<WebhookEndpointDao.Endpoint> rows = dao(ctx).list();
        System.out.printf("%-24s %-8s %-24s  %s%n", "client", "active", "since", "url");
        for (WebhookEndpointDao.Endpoint e : rows) {
          System.out.printf("%-24s %-8s %-24s  %s%n", e.client(), e.active() ? "yes" : "removed", e.updatedAt(), e.url());
        }
        if (rows.isEmpty()) {
          System.out.println("(no webhook endpoints)");
        }
        return 0;
      }
    }
  }

  @Command(name = "remove", description = "Removes the client's endpoint: no new deliveries; pending ones are dead-lettered.")
  static class Remove implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, description = "the API client's name")
    String client;

    @Override
    public Integer call() {
      String name = client(client);
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        if (!dao(ctx).remove(name, who(), ctx.getBean(Clock.class).instant())) {
          ProposalsCommand.error(spec, "keel ops webhooks remove: client " + name + " has no active endpoint");
          return ProposalsCommand.NOT_FOUND;
        }
        System.out.println("webhook endpoint of client " + name + " removed");
        return 0;
      }
    }
  }
}

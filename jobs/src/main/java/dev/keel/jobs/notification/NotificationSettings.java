package dev.keel.jobs.notification;

import dev.keel.domain.notification.DeliveryPolicy;
import java.util.Objects;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What notificationJob needs to know: the retry rules, where investors' page links point, and the SMTP server.
 *
 * @param policy    retries, dead-lettering, timeouts, claim size
 * @param publicUrl the base of page links: {@code <publicUrl>/p/<token>}
 * @param email     the SMTP server; email is off when its host is empty
 */
public record NotificationSettings(DeliveryPolicy policy, String publicUrl, Email email) {

  public NotificationSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(email, "email");
  }

  /**
   * The SMTP server ({@code keel.notifications.email.*}), its defaults and its checks.
   *
   * @param host     the SMTP server's host; empty or null: no email is sent, and none is queued
   * @param port     its port
   * @param from     the sender's address; required when host is set
   * @param user     the SMTP user; empty for no authentication
   * @param password the SMTP password (secret: never shown in a message)
   * @param starttls require STARTTLS before anything is sent
   */
  public record Email(String host, @DefaultValue("587") int port, String from, String user, String password,
                      @DefaultValue("true") boolean starttls) {

    public Email {
      host = host == null || host.isBlank() ? null : host.trim();
      from = from == null || from.isBlank() ? null : from.trim();
      user = user == null || user.isBlank() ? null : user;
      password = password == null || password.isEmpty() ? null : password;
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("keel.notifications.email.port must be between 1 and 65535, was " + port);
      }
      if (host != null && (from == null || !from.matches("[^@\\s]+@[^@\\s]+"))) {
        throw new IllegalArgumentException("keel.notifications.email.from must be an address when email is on, was '"
            + (from == null ? "" : from) + "'");
      }
      if (password != null && user == null) {
        throw new IllegalArgumentException("keel.notifications.email.password is set without keel.notifications.email.user");
      }
    }

    public boolean enabled() {
      return host != null;
    }

    @Override
    public String toString() {
      return "Email[" + (host == null ? "off" : host + ":" + port + " from " + from + (user == null ? "" : " as " + user)
          + (starttls ? " starttls" : "")) + "]";
    }
  }
}

package dev.keel.jobs.notification;

import dev.keel.domain.notification.DeliveryPolicy;
import java.util.Objects;

/**
 * What notificationJob needs to know: the retry rules, where investors' page links point, and the SMTP server.
 *
 * @param policy    retries, dead-lettering, timeouts, claim size
 * @param publicUrl the base of page links: {@code <publicUrl>/p/<token>}
 * @param email     the SMTP server; email is off when its host is empty
 */
public record NotificationSettings(DeliveryPolicy policy, String publicUrl, Email email) {

  public static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
  /** Email off, the default policy, links to the local port. */
  public static final NotificationSettings DEFAULT = new NotificationSettings(DeliveryPolicy.DEFAULT, DEFAULT_PUBLIC_URL, Email.OFF);

  public NotificationSettings {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(email, "email");
  }

  /**
   * @param host     the SMTP server's host; empty or null: no email is sent, and none is queued
   * @param port     its port
   * @param from     the sender's address
   * @param user     the SMTP user, or null for no authentication
   * @param password the SMTP password (secret: never shown)
   * @param starttls true to require STARTTLS before anything is sent
   */
  public record Email(String host, int port, String from, String user, String password, boolean starttls) {
    public static final Email OFF = new Email(null, 587, null, null, null, true);

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

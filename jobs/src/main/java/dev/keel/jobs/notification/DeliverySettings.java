package dev.keel.jobs.notification;

import dev.keel.domain.notification.DeliveryPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox's events are delivered ({@code keel.notifications.*}, docs/approval.md, Notifications): the one place
 * these defaults are stated; {@link DeliveryPolicy} checks the retry rules, {@link NotificationSettings.Email} the SMTP
 * server.
 *
 * @param maxAttempts    attempts per delivery before it is DEAD, until {@code keel ops notifications replay ID}
 * @param baseDelay      the wait after the first failure, doubled after each further one
 * @param maxDelay       the longest wait between two attempts
 * @param connectTimeout to open a connection to a webhook receiver or the SMTP server
 * @param requestTimeout for one webhook request, or one SMTP read or write
 * @param claimBatch     deliveries claimed at a time
 * @param email          the SMTP server for investors' emails; email is off while its host is empty
 */
@ConfigurationProperties(prefix = "keel.notifications")
public record DeliverySettings(@DefaultValue("10") int maxAttempts, @DefaultValue("30s") Duration baseDelay,
                               @DefaultValue("1h") Duration maxDelay, @DefaultValue("5s") Duration connectTimeout,
                               @DefaultValue("10s") Duration requestTimeout, @DefaultValue("20") int claimBatch,
                               @DefaultValue @NestedConfigurationProperty NotificationSettings.Email email) {
  public DeliverySettings {
    // the retry rules check themselves
    new DeliveryPolicy(maxAttempts, baseDelay, maxDelay, connectTimeout, requestTimeout, claimBatch);
  }

  /** The retry rules these give. */
  public DeliveryPolicy policy() {
    return new DeliveryPolicy(maxAttempts, baseDelay, maxDelay, connectTimeout, requestTimeout, claimBatch);
  }

  /** notificationJob's settings, with page links under {@code publicUrl} ({@code keel.api.public-url}). */
  public NotificationSettings settings(String publicUrl) {
    return new NotificationSettings(policy(), publicUrl, email);
  }
}

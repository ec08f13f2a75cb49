package dev.keel.jobs.notification;

import dev.keel.domain.notification.InvestorEmail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends an investor's email through a real SMTP client (Spring's JavaMailSender over Jakarta Mail), plain text in
 * UTF-8, with the event id in a header of its own. Failures are described without the password.
 */
final class EmailSender {

  /** The header receivers and support match an email to its event by. */
  static final String EVENT_HEADER = "X-Keel-Event-Id";

  private final JavaMailSenderImpl mail;
  private final NotificationSettings.Email settings;

  EmailSender(NotificationSettings.Email settings, java.time.Duration connectTimeout, java.time.Duration requestTimeout) {
    this.settings = settings;
    this.mail = new JavaMailSenderImpl();
    mail.setHost(settings.host());
    mail.setPort(settings.port());
    mail.setUsername(settings.user());
    mail.setPassword(settings.password());
    mail.setDefaultEncoding(StandardCharsets.UTF_8.name());
    Properties p = new Properties();
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(requestTimeout.toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(requestTimeout.toMillis()));
    p.setProperty("mail.smtp.auth", Boolean.toString(settings.user() != null));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
    mail.setJavaMailProperties(p);
  }

  /** Sends it; null when the server took it, else why not (safe to store). */
  String send(String to, InvestorEmail email, String eventId) {
    try {
      MimeMessage m = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(m, false, StandardCharsets.UTF_8.name());
      helper.setFrom(settings.from());
      helper.setTo(to);
      helper.setSubject(email.subject());
      helper.setText(email.text(), false);
      m.setHeader(EVENT_HEADER, eventId);
      mail.send(m);
      return null;
    } catch (MailAuthenticationException e) {
      return "SMTP authentication refused";
    } catch (MailSendException e) {
      return "SMTP: " + redact(rootMessage(e));
    } catch (MailException | MessagingException e) {
      return "SMTP: " + redact(rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip().replaceAll("\\s+", " "));
  }

  private String redact(String message) {
    String m = message.length() > 300 ? message.substring(0, 300) : message;
    return settings.password() == null ? m : m.replace(settings.password(), "***");
  }
}

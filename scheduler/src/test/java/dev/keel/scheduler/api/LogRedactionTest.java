package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

/** What {@link LogRedaction} removes from a log line, and what it leaves alone. */
class LogRedactionTest {

  private static final String KEY = "keel_abcdefghij23_" + "0123456789abcdef".repeat(4);
  private static final String TOKEN = "AAAAAAAAAAoAAAAAaxO3ZF_pim14GWecHOhj4KRUnKY2cRw_8pnz5SRexmYhyur9";

  @Test
  void tomcats_dump_of_a_request_keeps_its_lines_but_not_the_authorization_header_s_value() {
    String dump = "Received [GET /api/v1/accounts/acc-1/proposals HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer " + KEY
        + "\nUser-Agent: x\n\n]";
    assertThat(LogRedaction.redact(dump)).isEqualTo("Received [GET /api/v1/accounts/acc-1/proposals HTTP/1.1\nHost: 127.0.0.1\n"
        + "[credential removed]\nUser-Agent: x\n\n]");
    assertThat(LogRedaction.redact("headers={authorization=Basic a2VlbDpodW50ZXIy, accept=*/*}"))
        .isEqualTo("headers={[credential removed], accept=*/*}");
  }

  @Test
  void a_bearer_credential_or_an_api_key_anywhere_in_a_line_is_removed() {
    assertThat(LogRedaction.redact("sent bearer " + KEY + " to x")).isEqualTo("sent [credential removed] to x");
    assertThat(LogRedaction.redact("key " + KEY + ".")).isEqualTo("key [API key removed].");
  }

  @Test
  void a_page_token_in_a_path_of_any_length_or_on_its_own_is_removed() {
    assertThat(LogRedaction.redact("Securing GET /p/" + TOKEN)).isEqualTo("Securing GET /p/[token removed]");
    assertThat(LogRedaction.redact("GET \"/p/" + TOKEN.substring(0, 40) + "\", parameters={}"))
        .isEqualTo("GET \"/p/[token removed]\", parameters={}");
    assertThat(LogRedaction.redact("https://keel.example.com/rebalance/p/" + TOKEN + "?x=1"))
        .isEqualTo("https://keel.example.com/rebalance/p/[token removed]?x=1");
    assertThat(LogRedaction.redact("Arguments: [" + TOKEN + ", approve, fine]")).isEqualTo("Arguments: [[token removed], approve, fine]");
    assertThat(LogRedaction.redact("<form method=post action=\"" + TOKEN + "\">")).isEqualTo("<form method=post action=\"[token removed]\">");
  }

  @Test
  void a_line_without_a_credential_is_the_same_string_and_a_redacted_one_is_redacted_no_further() {
    for (String plain : new String[] {"refused GET /api/v1/accounts/acc-1/proposals: not a valid API key",
        "scanToleranceBandsJob 2026-11-24T10:00:00Z/partition3 wrote 1,204 proposals", "a " + "x".repeat(63) + " and " + "y".repeat(65)}) {
      assertThat(LogRedaction.redact(plain)).isSameAs(plain);
    }
    String once = LogRedaction.redact("GET /p/" + TOKEN + " Authorization: Bearer " + KEY);
    assertThat(LogRedaction.redact(once)).isSameAs(once);
  }

  @Test
  void the_filter_writes_a_line_holding_a_credential_once_redacted_and_leaves_other_lines_and_disabled_levels_alone() {
    LoggerContext context = new LoggerContext();
    LogRedaction filter = new LogRedaction();
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.setContext(context);
    lines.start();
    Logger logger = context.getLogger("org.apache.coyote.http11.Http11InputBuffer");
    logger.addAppender(lines);
    logger.setLevel(Level.DEBUG);
    IllegalStateException failure = new IllegalStateException("boom");
    logger.debug("Received [{}]", "POST /p/" + TOKEN + " HTTP/1.1", failure);
    logger.info("plain {}", 42);
    logger.trace("not enabled /p/{}", TOKEN);
    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("Received [POST /p/[token removed] HTTP/1.1]", "plain 42");
    assertThat(lines.list.get(0).getThrowableProxy().getMessage()).as("the exception kept").isEqualTo("boom");
    assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.DEBUG);
  }
}

package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK's {@code HttpURLConnection}, under XChange, sends a POST a second time when the connection resets before a
 * reply, unless {@code sun.net.http.retryPost=false}: after a venue accepted an order, that is a second order. Each case
 * runs in a JVM of its own, because the JDK reads the property once.
 */
class PostResendIT {

  private static String child(String jvmOption, String argument) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (jvmOption != null) {
      command.add(jvmOption);
    }
    command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), PostResendChild.class.getName(), argument));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError("no result:\n" + out));
  }

  @Test
  void started_with_retry_post_off_a_reset_after_acceptance_leaves_one_order_of_unknown_outcome() throws Exception {
    assertThat(child("-Dsun.net.http.retryPost=false", "http-first")).isEqualTo("RESULT false SERVER_ERROR 1");
  }

  @Test
  void loading_the_venue_factory_before_any_http_call_turns_the_resend_off_too() throws Exception {
    assertThat(child(null, "-")).isEqualTo("RESULT false SERVER_ERROR 1");
  }

  @Test
  void a_jvm_that_made_an_http_call_before_keel_could_turn_the_resend_off_is_found_out_and_sends_no_order() throws Exception {
    assertThat(child(null, "http-first")).isEqualTo("RESULT true REJECTED 0");
  }

  @Test
  void a_jvm_told_to_resend_posts_is_found_out_and_sends_no_order() throws Exception {
    assertThat(child("-Dsun.net.http.retryPost=true", "-")).isEqualTo("RESULT true REJECTED 0");
  }
}

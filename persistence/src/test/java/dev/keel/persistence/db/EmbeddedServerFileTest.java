package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file that lets a command find the embedded server another Keel process runs in a data directory. */
class EmbeddedServerFileTest {

  @TempDir
  Path dir;

  private void file(long pid, int port) throws Exception {
    Files.writeString(dir.resolve(EmbeddedServerFile.NAME), "port=" + port + "\ndatabase=keel\npid=" + pid + "\n");
  }

  @Test
  void a_live_process_whose_server_answers_is_found_and_a_service_refuses_to_share_its_data_directory() throws Exception {
    // another live process: this JVM's parent lives for the whole test
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    try (ServerSocket server = new ServerSocket(0)) {
      file(parent, server.getLocalPort());
      assertThat(EmbeddedServerFile.running(dir)).contains(new EmbeddedServerFile.Running(server.getLocalPort(), "keel", parent));
      assertThatThrownBy(() -> KeelDatabase.open(DatabaseSettings.embedded(dir, "keel"), false))
          .isInstanceOf(DatabaseUnavailableException.class)
          .hasMessageContaining("keel.db.data-dir").hasMessageContaining("is run by Keel process " + parent);
    }
  }

  @Test
  void a_file_left_by_a_dead_process_or_naming_this_one_or_a_closed_port_is_ignored() throws Exception {
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    gone.waitFor(1, TimeUnit.MINUTES);
    int port;
    try (ServerSocket server = new ServerSocket(0)) {
      port = server.getLocalPort();
      file(gone.pid(), port);
      assertThat(EmbeddedServerFile.running(dir)).as("dead process").isEmpty();
      file(ProcessHandle.current().pid(), port);
      assertThat(EmbeddedServerFile.running(dir)).as("this process").isEmpty();
    }
    file(ProcessHandle.current().parent().orElseThrow().pid(), port);
    assertThat(EmbeddedServerFile.running(dir)).as("nothing listens on the port").isEmpty();
    Files.writeString(dir.resolve(EmbeddedServerFile.NAME), "port=x\n");
    assertThat(EmbeddedServerFile.running(dir)).as("unreadable").isEmpty();
  }
}

package dev.keel.persistence.db;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <data-dir>/keel-server.properties}: how to reach the embedded server a Keel process runs in a data directory
 * (port, database, pid). It holds no password: the embedded server trusts local connections. Written by the process
 * that started the server, removed when it stops it; a file left by a process that died is ignored.
 */
public final class EmbeddedServerFile {

  public static final String NAME = "keel-server.properties";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServerFile.class);

  /** A live server: its port, the database its owner uses, and the owner's process id. */
  public record Running(int port, String database, long pid) {}

  private final Path file;

  private EmbeddedServerFile(Path file) {
    this.file = file;
  }

  /** Records the server this process has just started. */
  static EmbeddedServerFile write(Path dataDir, int port, String database) {
    Path file = dataDir.resolve(NAME);
    Properties p = new Properties();
    p.setProperty("port", Integer.toString(port));
    p.setProperty("database", database);
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    try {
      Path tmp = Files.createTempFile(dataDir, NAME, ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "the embedded PostgreSQL of a running Keel process; removed when it stops");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the server works without it; only operators' commands beside it will not find it
      log.warn("could not write {}: {}", file, e.getMessage());
    }
    return new EmbeddedServerFile(file);
  }

  /** The server another live process runs in {@code dataDir}, if it answers on its port. */
  public static Optional<Running> running(Path dataDir) {
    Path file = dataDir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
      Running running = new Running(Integer.parseInt(p.getProperty("port")), p.getProperty("database"),
          Long.parseLong(p.getProperty("pid")));
      boolean alive = running.pid() != ProcessHandle.current().pid()
          && ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive && answers(running.port()) ? Optional.of(running) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not remove {}: {}", file, e.getMessage());
    }
  }
}

package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ops.nodes.KeelNode;
import dev.keel.ops.nodes.SlowTestJobConfig;
import dev.keel.persistence.db.EmbeddedServerFile;
import dev.keel.persistence.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel run} as real processes: stopped with SIGTERM in the middle of a job (FAULTS B3), beside an operator's
 * commands on its embedded server, and several nodes on one database (B7, B8, B9). Each child JVM costs seconds of CPU,
 * so the scenarios are few and each checks several things.
 */
class KeelNodesIT {

  @TempDir
  Path tmp;

  private static long count(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** Runs a command of the CLI in this JVM with the slow job in its context. */
  private static CliRun.Result keelWithSlowJob(String... args) {
    System.setProperty("spring.main.sources", SlowTestJobConfig.class.getName());
    System.setProperty("slowjob.chunk-millis", "5");
    try {
      return CliRun.keel(args);
    } finally {
      System.clearProperty("spring.main.sources");
      System.clearProperty("slowjob.chunk-millis");
    }
  }

  @Test
  void sigterm_stops_the_running_execution_at_a_chunk_boundary_then_the_pool_then_the_embedded_server_and_a_restart_completes_it()
      throws Exception {
    Path data = tmp.resolve("data");
    String dataDir = "--data-dir=" + data;
    try (KeelNode node = KeelNode.start("embedded-node", tmp, "*/10 * * * * ?",
        List.of("-Dslowjob.chunk-millis=600"), List.of(dataDir))) {
      node.awaitRunning();
      Path file = data.resolve(EmbeddedServerFile.NAME);
      assertThat(file).exists();
      Properties server = new Properties();
      try (var r = Files.newBufferedReader(file)) {
        server.load(r);
      }
      assertThat(server.stringPropertyNames()).containsExactlyInAnyOrder("port", "database", "pid");
      assertThat(server.getProperty("pid")).isEqualTo(Long.toString(node.pid()));
      Jdbi child = Jdbi.create("jdbc:postgresql://localhost:" + server.getProperty("port") + "/keel", "postgres", "");
      Poll.until("the slow job to commit some chunks", Duration.ofMinutes(2), () -> {
        try {
          return count(child, "SELECT count(*) FROM slow_test_item") >= 6;
        } catch (RuntimeException tableNotYetThere) {
          return false;
        }
      });

      // an operator beside the running service: the commands use its server instead of failing on the lock
      CliRun.Result executions = CliRun.keel("ops", "executions", dataDir);
      assertThat(executions.code()).as(executions.err()).isZero();
      assertThat(executions.out()).contains(SlowTestJobConfig.JOB).contains("STARTED");

      assertThat(node.terminate()).as(node.log()).isIn(0, 143);
    }
    String log = Files.readString(tmp.resolve("embedded-node.log"));
    assertThat(log).as(log).doesNotContain("Exception").doesNotContain("terminating connection").doesNotContain("\tat ");
    List<String> steps = List.of("stopping: Quartz fires no more jobs on this node", "asked to stop at their next chunk boundary",
        "ended STOPPED", "stopping: Quartz stopped", "stopping: connection pool closed", "stopping: embedded PostgreSQL stopped");
    int at = -1;
    for (String step : steps) {
      int next = log.indexOf(step, at + 1);
      assertThat(next).as("'" + step + "' after the previous step in:\n" + log).isGreaterThan(at);
      at = next;
    }
    assertThat(data.resolve(EmbeddedServerFile.NAME)).as("removed with the server").doesNotExist();
    java.util.regex.Matcher stopped = java.util.regex.Pattern.compile("execution (\\d+) of slowTestJob ended STOPPED").matcher(log);
    assertThat(stopped.find()).isTrue();
    String id = stopped.group(1);

    CliRun.Result restart = keelWithSlowJob("ops", "restart", id, dataDir);
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();
    assertThat(restart.out()).contains("COMPLETED");

    try (dev.keel.persistence.db.KeelDatabase db = dev.keel.persistence.db.KeelDatabase.open(
        dev.keel.persistence.db.DatabaseSettings.embedded(data, "keel"))) {
      Jdbi jdbi = Jdbi.create(db.dataSource());
      String cycle = jdbi.withHandle(h -> h.createQuery("SELECT p.parameter_value FROM batch_job_execution_params p"
          + " WHERE p.job_execution_id = :id AND p.parameter_name = 'cycle'").bind("id", Long.parseLong(id)).mapTo(String.class).one());
      String stepRows = jdbi.withHandle(h -> h.createQuery("SELECT s.job_execution_id || ' ' || s.step_name || ' ' || s.status || ' read '"
          + " || s.read_count || ' wrote ' || s.write_count || ' ' || coalesce(c.short_context, '') FROM batch_step_execution s"
          + " LEFT JOIN batch_step_execution_context c USING (step_execution_id) ORDER BY s.step_execution_id")
          .mapTo(String.class).list()).toString();
      assertThat(count(jdbi, "SELECT count(*) FROM slow_test_item WHERE cycle = '" + cycle + "'")).as(stepRows).isEqualTo(SlowTestJobConfig.ITEMS);
      assertThat(count(jdbi, "SELECT count(DISTINCT item) FROM slow_test_item WHERE cycle = '" + cycle + "'")).isEqualTo(SlowTestJobConfig.ITEMS);
      List<String> statuses = jdbi.withHandle(h -> h.createQuery("SELECT e.status FROM batch_job_execution e JOIN batch_job_execution_params p"
              + " USING (job_execution_id) WHERE p.parameter_name = 'cycle' AND p.parameter_value = :c ORDER BY e.job_execution_id")
          .bind("c", cycle).mapTo(String.class).list());
      assertThat(statuses).containsExactly("STOPPED", "COMPLETED");
      assertThat(count(jdbi, "SELECT count(*) FROM execution_lease")).as("every lease released").isZero();
    }
  }

  /**
   * Two nodes on one database with a short cron (FAULTS B7, B8, B9). Each slot runs once across both; the node running a
   * job is killed with SIGKILL and the other takes the same scheduled time over, restarting the same instance; then every
   * node is down across several slots, and a node started afterwards runs the next slot only.
   */
  @Test
  void two_nodes_run_each_slot_once_take_over_a_killed_node_s_cycle_and_do_not_catch_up_after_downtime() throws Exception {
    dev.keel.persistence.testing.TestDatabase db = dev.keel.persistence.testing.TestDatabase.get();
    db.reset();
    Jdbi jdbi = db.jdbi();
    jdbi.useHandle(h -> h.execute("DROP TABLE IF EXISTS slow_test_item"));
    String cron = "*/8 * * * * ?";
    List<String> jvm = List.of("-Dslowjob.chunk-millis=250");
    List<String> options = List.of("--db-url", db.url(), "--keel.operations.heartbeat=500ms", "--keel.operations.lease-stale-after=3s",
        "--keel.operations.recovery-retry=2s", "--keel.scheduler.misfire-threshold-ms=1000", "--keel.db.pool-size=8");
    String executions = "SELECT count(*) FROM batch_job_execution";
    String perCycle = "SELECT p.parameter_value FROM batch_job_execution e JOIN batch_job_execution_params p USING (job_execution_id)"
        + " WHERE p.parameter_name = 'cycle' GROUP BY p.parameter_value";
    KeelNode a = KeelNode.start("node-a", tmp, cron, jvm, options);
    KeelNode b = KeelNode.start("node-b", tmp, cron, jvm, options);
    try (a; b) {
      a.awaitRunning();
      b.awaitRunning();
      long before = count(jdbi, "SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'");
      Poll.until("three slots to complete with both nodes up", Duration.ofMinutes(2),
          () -> count(jdbi, "SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'") >= before + 3);

      // B7: one fire per scheduled time across the nodes: one execution per cycle, no node told "already running"
      assertThat(count(jdbi, "SELECT count(*) FROM batch_job_instance")).isEqualTo(count(jdbi, executions));
      assertThat(a.log() + b.log()).doesNotContain("skipped:");

      // B8: kill the node running the job, in the middle of it
      Poll.until("a job to be half-way", Duration.ofMinutes(1), () -> count(jdbi, "SELECT count(*) FROM execution_lease l"
          + " WHERE l.execution_id IS NOT NULL AND (SELECT count(*) FROM slow_test_item i WHERE i.cycle ="
          + " to_char(l.cycle AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) BETWEEN 6 AND 30") == 1);
      var lease = new dev.keel.persistence.operations.ExecutionLeaseDao(jdbi).all().get(0);
      KeelNode victim = lease.pid() == a.pid() ? a : b;
      KeelNode survivor = victim == a ? b : a;
      victim.kill();
      String cycle = lease.cycle().toString();
      Poll.until("the survivor to complete the killed node's cycle", Duration.ofMinutes(2), () -> count(jdbi,
          "SELECT count(*) FROM batch_job_execution e JOIN batch_job_execution_params p USING (job_execution_id)"
              + " WHERE p.parameter_name = 'cycle' AND p.parameter_value = '" + cycle + "' AND e.status = 'COMPLETED'") == 1);
      assertThat(survivor.log()).contains("recovering execution " + lease.executionId());
      List<String> statuses = jdbi.withHandle(h -> h.createQuery("SELECT e.status FROM batch_job_execution e"
              + " JOIN batch_job_execution_params p USING (job_execution_id) WHERE p.parameter_name = 'cycle' AND p.parameter_value = :c"
              + " ORDER BY e.job_execution_id").bind("c", cycle).mapTo(String.class).list());
      assertThat(statuses).as("the same instance restarted").containsExactly("FAILED", "COMPLETED");
      assertThat(count(jdbi, "SELECT count(*) FROM batch_job_instance i JOIN batch_job_execution e USING (job_instance_id)"
          + " JOIN batch_job_execution_params p USING (job_execution_id) WHERE p.parameter_value = '" + cycle + "'")).isEqualTo(2);
      assertThat(count(jdbi, "SELECT count(*) FROM slow_test_item WHERE cycle = '" + cycle + "'")).isEqualTo(SlowTestJobConfig.ITEMS);
      assertThat(count(jdbi, "SELECT count(DISTINCT item) FROM slow_test_item WHERE cycle = '" + cycle + "'"))
          .isEqualTo(SlowTestJobConfig.ITEMS);
      assertThat(count(jdbi, "SELECT count(DISTINCT pid) FROM slow_test_item WHERE cycle = '" + cycle + "'"))
          .as("written by both nodes").isEqualTo(2);

      // B9: every node down across several slots, then one node again: no burst of the missed slots
      assertThat(survivor.terminate()).isIn(0, 143);
      String lastBefore = jdbi.withHandle(h -> h.createQuery("SELECT max(parameter_value) FROM batch_job_execution_params"
          + " WHERE parameter_name = 'cycle'").mapTo(String.class).one());
      java.time.Instant downUntil = java.time.Instant.parse(lastBefore).plus(Duration.ofSeconds(8 * 4));
      Poll.until("four slots to pass with no node up", Duration.ofMinutes(1), () -> java.time.Instant.now().isAfter(downUntil));
    }
    try (KeelNode c = KeelNode.start("node-c", tmp, cron, jvm, options)) {
      c.awaitRunning();
      java.time.Instant started = java.time.Instant.now();
      long cycles = count(jdbi, "SELECT count(*) FROM (" + perCycle + ") c");
      Poll.until("the next slot to run", Duration.ofMinutes(1), () -> count(jdbi, "SELECT count(*) FROM (" + perCycle + ") c") > cycles);
      List<java.time.Instant> after = jdbi.withHandle(h -> h.createQuery(perCycle).mapTo(String.class).list()).stream()
          .map(java.time.Instant::parse).sorted().toList();
      java.time.Instant newest = after.get(after.size() - 1);
      java.time.Instant previous = after.get(after.size() - 2);
      assertThat(Duration.between(previous, newest)).as("the slots missed while every node was down are not run")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(8 * 4));
      assertThat(newest).as("the first run after the start is a regular slot, not a catch-up").isAfter(started.minusSeconds(8));
    }
  }
}

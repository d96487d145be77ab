package dev.mapreduce.cli;

import static dev.mapreduce.examples.OutputAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.examples.CorpusGenerator;
import dev.mapreduce.examples.OutputFiles;
import dev.mapreduce.examples.Reference;
import dev.mapreduce.grpc.GrpcSecurity;
import dev.mapreduce.grpc.GrpcStatusClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator and workers as separate JVMs talking gRPC on loopback, with timings shortened by
 * flags (300 ms heartbeats, FAILED after 1.2 s). Workers are killed with SIGKILL.
 */
class ProcessClusterTest {
  @TempDir Path dir;
  private Path input;
  private int port;
  private CliProcesses cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliProcesses(dir);
    input = dir.resolve("input");
    new CorpusGenerator(3_000, 7).write(input, 6, 150_000);
    port = CliProcesses.freePort();
  }

  @AfterEach
  void killAll() {
    cli.close();
  }

  private Process launch(String name, String... args) throws IOException {
    return cli.launch(name, List.of(args));
  }

  private Process coordinator(String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "coordinator",
                "--job",
                "wordcount",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--reducers",
                "3",
                "--split-size",
                "64k",
                "--port",
                Integer.toString(port),
                "--status-interval",
                "1s"));
    args.addAll(CliProcesses.FAST);
    args.addAll(List.of(extra));
    return launch("coordinator", args.toArray(String[]::new));
  }

  private Process worker(String id, String... extra) throws IOException {
    return cli.worker(id, port, dir.resolve("work-" + id), List.of(extra));
  }

  private String log(String name) throws IOException {
    return cli.log(name);
  }

  private int exitCode(Process p, String name) throws Exception {
    return cli.exitCode(p, name);
  }

  private Optional<StatusSnapshot> status() {
    try {
      return Optional.of(
          GrpcStatusClient.fetch("127.0.0.1:" + port, GrpcSecurity.none(), Duration.ofSeconds(1)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void assertReferenceOutput() throws IOException {
    assertThat(OutputFiles.counts(dir.resolve("out"))).isEqualTo(Reference.wordCount(input));
    assertWellFormed(dir.resolve("out"), 3);
  }

  @Test
  void threeWorkerProcessesMatchTheReference() throws Exception {
    Process c = coordinator();
    List<Process> ws = List.of(worker("worker1"), worker("worker2"), worker("worker3"));
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(exitCode(ws.get(i), "worker" + (i + 1))).as(log("worker" + (i + 1))).isZero();
    }
    assertReferenceOutput();
    assertThat(log("coordinator")).contains("SYSTEM STATUS", "Output committed");
  }

  @Test
  void sigkillOneWorkerMidMapAndAnotherInTheReducePhase() throws Exception {
    Process c = coordinator("--set", "wordcount.pause.micros.per.line=400");
    Process w1 = worker("worker1");
    Process w2 = worker("worker2");
    worker("worker3");
    // worker1 has finished a map (its output is needed) and is running another one.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                status()
                    .flatMap(
                        s -> s.workers().stream().filter(w -> w.id().equals("worker1")).findFirst())
                    .filter(w -> w.tasksCompleted() >= 1 && w.state().equals("busy"))
                    .isPresent());
    w1.destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> status().filter(s -> s.phase() == StatusSnapshot.Phase.REDUCE).isPresent());
    w2.destroyForcibly();
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    assertReferenceOutput();
    assertThat(log("coordinator")).contains("worker1 FAILED", "worker2 FAILED");
  }

  @Test
  void aWorkerThatFailsAfterTwoTasks() throws Exception {
    Process c = coordinator();
    worker("worker1");
    worker("worker2");
    Process unstable = worker("worker3", "--fail-after", "2");
    assertThat(exitCode(unstable, "worker3")).isEqualTo(4);
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    assertReferenceOutput();
  }

  @Test
  void aWorkerStartedBeforeTheCoordinatorWaitsForIt() throws Exception {
    Process w = worker("worker1");
    await().atMost(Duration.ofSeconds(30)).until(() -> log("worker1").contains("started"));
    Process c = coordinator();
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    assertThat(exitCode(w, "worker1")).isZero();
    assertReferenceOutput();
  }

  @Test
  void aWorkerGivesUpOnAnUnreachableCoordinator() throws Exception {
    Process w = worker("lonely", "--coordinator-timeout", "2s");
    assertThat(exitCode(w, "lonely")).isEqualTo(3);
    assertThat(log("lonely")).contains("unreachable");
  }

  @Test
  void aWrongTokenIsRejected() throws Exception {
    coordinator("--token", "right-token");
    Process w = worker("intruder", "--token", "wrong-token", "--coordinator-timeout", "3s");
    assertThat(exitCode(w, "intruder")).isEqualTo(3);
    assertThat(log("intruder")).contains("UNAUTHENTICATED");
    // The coordinator is still there and answers a caller with the right token.
    GrpcSecurity right =
        new GrpcSecurity(
            Optional.of("right-token"), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(GrpcStatusClient.fetch("127.0.0.1:" + port, right, Duration.ofSeconds(5)).workers())
        .isEmpty();
  }
}

package dev.mapreduce.cli;

import static dev.mapreduce.examples.OutputAssertions.assertWellFormed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.ByteSink;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.internal.io.RunWriter;
import dev.mapreduce.examples.CorpusGenerator;
import dev.mapreduce.examples.OutputFiles;
import dev.mapreduce.examples.Reference;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker and coordinator processes on a work dir and a port that are not fresh: files a killed
 * worker left behind, a user's files, two workers sharing one --work-dir, a taken port.
 */
class WorkDirAndPortTest {
  @TempDir Path dir;
  private Path input;
  private int port;
  private CliProcesses cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliProcesses(dir);
    input = dir.resolve("input");
    new CorpusGenerator(2_000, 11).write(input, 3, 60_000);
    port = CliProcesses.freePort();
  }

  @AfterEach
  void killAll() {
    cli.close();
  }

  private Process launch(String name, String... args) throws IOException {
    return cli.launch(name, List.of(args));
  }

  private Process coordinator(Path out) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "coordinator",
                "--job",
                "wordcount",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--reducers",
                "1",
                "--port",
                Integer.toString(port)));
    args.addAll(CliProcesses.FAST);
    return launch("coordinator", args.toArray(String[]::new));
  }

  private Process worker(String id, Path workDir) throws IOException {
    return cli.worker(id, port, workDir, List.of());
  }

  private int exitCode(Process p, String name) throws Exception {
    return cli.exitCode(p, name);
  }

  private String log(String name) throws IOException {
    return cli.log(name);
  }

  /**
   * A valid map-output run, as a worker killed mid-fetch leaves it: one word counted 1000 times.
   */
  private static void writeStaleRun(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ByteSink k = new ByteSink(16);
    new StringCodec().write("0stale", k);
    ByteSink v = new ByteSink(16);
    new LongCodec().write(1000L, v);
    try (OutputStream os = Files.newOutputStream(file);
        RunWriter w = new RunWriter(os)) {
      w.write(k.array(), 0, k.size(), v.array(), 0, v.size());
    }
  }

  @Test
  void staleFilesInAReusedWorkDirNeverReachTheOutputAndTheUsersFilesSurvive() throws Exception {
    Path shared = dir.resolve("shared-work");
    // What an earlier worker killed mid-reduce left, in every layout a worker might look at.
    for (int m = 0; m < 3; m++) {
      writeStaleRun(shared.resolve("r-00000-a1").resolve(String.format("from-m-%05d.run", m)));
    }
    Files.writeString(shared.resolve("notes.txt"), "the user's own file");
    Files.createDirectories(shared.resolve("mr-worker1-0123"));
    Files.writeString(
        shared.resolve("mr-worker1-0123").resolve("old.run"), "left by a dead worker1");
    Files.writeString(shared.resolve("mr-worker1-0123").resolve(".owner.lock"), ""); // unlocked
    Path out = dir.resolve("out");
    Process c = coordinator(out);
    // Two workers given the same --work-dir, and only they could run the job.
    Process w1 = worker("worker1", shared);
    Process w2 = worker("worker2", shared);
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    assertThat(exitCode(w1, "worker1")).as(log("worker1")).isZero();
    assertThat(exitCode(w2, "worker2")).as(log("worker2")).isZero();
    assertThat(OutputFiles.counts(out)).isEqualTo(Reference.wordCount(input));
    assertWellFormed(out, 1);
    // The user's file and the unknown layout's files are untouched; the worker's own directories
    // are gone, and so is the dead worker1's leftover (no one holds its lock).
    assertThat(Files.readString(shared.resolve("notes.txt"))).isEqualTo("the user's own file");
    assertThat(shared.resolve("r-00000-a1").resolve("from-m-00000.run")).exists();
    try (var entries = Files.list(shared)) {
      assertThat(
              entries
                  .map(p -> p.getFileName().toString())
                  .filter(n -> n.startsWith("mr-"))
                  .toList())
          .isEmpty();
    }
  }

  @Test
  void aCoordinatorThatCannotBindItsPortLeavesTheOutputAsItWas() throws Exception {
    Path out = dir.resolve("out");
    try (ServerSocket taken = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      Process c = coordinator(out);
      assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isNotZero();
    }
    assertThat(out).doesNotExist();
    // A rerun on the now free port is not refused as "not empty" and completes.
    Process c = coordinator(out);
    Process w = worker("worker1", dir.resolve("work"));
    assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isZero();
    assertThat(exitCode(w, "worker1")).isZero();
    assertThat(OutputFiles.counts(out)).isEqualTo(Reference.wordCount(input));
  }

  /** The status page's port taken: nothing may have touched the output when the command fails. */
  @Test
  void aTakenStatusPortLeavesTheOutputAsItWas() throws Exception {
    Path out = dir.resolve("out");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "coordinator",
                  "--job",
                  "wordcount",
                  "--input",
                  input.toString(),
                  "--output",
                  out.toString(),
                  "--port",
                  Integer.toString(port),
                  "--http-port",
                  Integer.toString(taken.getLocalPort())));
      Process c = launch("coordinator", args.toArray(String[]::new));
      assertThat(exitCode(c, "coordinator")).as(log("coordinator")).isNotZero();
      Process r =
          launch(
              "run",
              "run",
              "--job",
              "wordcount",
              "--input",
              input.toString(),
              "--output",
              out.toString(),
              "--http-port",
              Integer.toString(taken.getLocalPort()));
      assertThat(exitCode(r, "run")).as(log("run")).isNotZero();
    }
    assertThat(out).doesNotExist();
  }
}

package dev.mapreduce.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the command line as separate JVMs for tests, each logging to {@code DIR/NAME.log}. */
final class CliProcesses implements AutoCloseable {
  /** Timings shortened by flags: 300 ms heartbeats, a worker FAILED after 1.2 s of silence. */
  static final List<String> FAST =
      List.of(
          "--heartbeat-interval",
          "300ms",
          "--failure-check-interval",
          "300ms",
          "--failure-timeout",
          "1200ms",
          "--rpc-timeout",
          "1s");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  CliProcesses(Path dir) {
    this.dir = dir;
  }

  Process launch(String name, List<String> args) throws IOException {
    return launch(name, "-Xmx256m", args);
  }

  /** With a heap limit of {@code xmx} (e.g. "-Xmx96m"). */
  Process launch(String name, String xmx, List<String> args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                xmx,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showLogName=false",
                "-cp",
                System.getProperty("java.class.path"),
                MapReduceCli.class.getName()));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  /**
   * A worker process of {@code id} on the coordinator at loopback {@code port}, with FAST timings.
   */
  Process worker(String id, int port, Path workDir, List<String> extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "--coordinator",
                "127.0.0.1:" + port,
                "--id",
                id,
                "--work-dir",
                workDir.toString()));
    args.addAll(FAST);
    args.addAll(extra);
    return launch(id, args);
  }

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String log(String name) throws IOException {
    Path f = dir.resolve(name + ".log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
  }

  int exitCode(Process p, String name) throws Exception {
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit; its log:\n" + log(name));
    }
    return p.exitValue();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}

package dev.mapreduce.cli;

import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import dev.mapreduce.grpc.WorkerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mapreduce worker}: a worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run a worker; exits 0 when told the job is over, 3 when the coordinator stays unreachable.")
final class WorkerCommand implements Callable<Integer> {
  static final int COORDINATOR_LOST = 3;
  static final int HALTED = 4;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--coordinator",
      defaultValue = "127.0.0.1:50051",
      description = "HOST:PORT (default ${DEFAULT-VALUE})")
  String coordinator;

  @Option(names = "--id", description = "worker name (default: worker-<pid>)")
  String id;

  @Option(
      names = "--fail-after",
      description = "complete and report N tasks, then halt abruptly (exit " + HALTED + ")")
  Integer failAfter;

  @Option(
      names = "--work-dir",
      description = "local directory for map outputs (default: a temporary one)")
  Path workDir;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "address of the shuffle server (default ${DEFAULT-VALUE})")
  String bind;

  @Option(
      names = "--shuffle-port",
      defaultValue = "0",
      description = "shuffle server port (default: any free port)")
  int shufflePort;

  @Option(
      names = "--advertise-host",
      description = "host other workers use to reach this one (default: --bind)")
  String advertiseHost;

  @Option(
      names = "--jobs",
      defaultValue = "1",
      description =
          "serve this many jobs, one after another, before exiting (default ${DEFAULT-VALUE})")
  int jobs;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    // Unique by default: in containers every JVM may be PID 1, and two processes with one name
    // would take each other for a restarted worker.
    String name = id != null ? id : defaultName();
    Path dir = workDir != null ? workDir : Files.createTempDirectory("mapreduce-" + name + "-");
    WorkerOptions options = WorkerOptions.in(dir);
    if (failAfter != null) {
      // No goodbye: like a crash, the process vanishes with its map outputs.
      options = options.withFailAfter(failAfter, () -> Runtime.getRuntime().halt(HALTED));
    }
    int served = 0;
    while (true) {
      try (WorkerProcess w =
          WorkerProcess.start(
              name,
              coordinator,
              bind,
              shufflePort,
              advertiseHost != null ? advertiseHost : bind,
              cluster.timings(java.time.Duration.ofSeconds(10)),
              options,
              cluster.security(),
              EventSink.NONE)) {
        WorkerNode.Exit exit = w.exit().join();
        if (exit == WorkerNode.Exit.JOB_DONE && !w.node().everAccepted()) {
          // The previous job's coordinator is still saying goodbye: wait for the next one.
          Thread.sleep(200);
          continue;
        }
        served++;
        spec.commandLine()
            .getOut()
            .println(name + " stopped: " + exit + " (" + served + " of " + jobs + " jobs)");
        switch (exit) {
          case JOB_DONE -> {
            if (served < jobs) {
              continue;
            }
            return ExitCodes.OK;
          }
          case COORDINATOR_LOST -> {
            spec.commandLine()
                .getErr()
                .println(
                    "error: coordinator "
                        + coordinator
                        + " unreachable for "
                        + cluster.coordinatorTimeout.toSeconds()
                        + " s"
                        + (w.node().lastCoordinatorError().isEmpty()
                            ? ""
                            : "; last error: " + w.node().lastCoordinatorError()));
            return COORDINATOR_LOST;
          }
          default -> {
            return HALTED;
          }
        }
      }
    }
  }

  private static String defaultName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "");
      host = host.substring(0, Math.min(host.length(), 60));
    } catch (IOException e) {
      host = "host";
    }
    return "worker-" + host + "-" + ProcessHandle.current().pid();
  }
}

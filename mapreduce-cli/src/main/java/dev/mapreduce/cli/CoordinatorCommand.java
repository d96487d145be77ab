package dev.mapreduce.cli;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.examples.Summary;
import dev.mapreduce.grpc.CoordinatorProcess;
import dev.mapreduce.status.StatusHttpServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mapreduce coordinator}: serves one job to worker processes over gRPC. */
@Command(
    name = "coordinator",
    mixinStandardHelpOptions = true,
    description =
        "Run a job's coordinator; exits 0 once the output is committed, 1 if the job fails.")
final class CoordinatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions options;

  @Option(
      names = "--port",
      defaultValue = "50051",
      description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "address to listen on, gRPC and HTTP (default ${DEFAULT-VALUE})")
  String bind;

  @Option(
      names = "--no-worker-timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "fail the job after this long without a live worker (default ${DEFAULT-VALUE})")
  Duration noWorkerTimeout;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    // Workers may run elsewhere or in another directory: they get absolute paths.
    Job job = options.builder(true).noWorkerTimeout(noWorkerTimeout).build();
    // The status page binds first: a taken port then fails before the output directory is touched.
    LateStatus status = new LateStatus();
    try (StatusHttpServer http =
            options.httpPort == null
                ? null
                : StatusHttpServer.start(bind, options.httpPort, status);
        CoordinatorProcess p =
            CoordinatorProcess.start(
                job,
                bind,
                port,
                cluster.timings(options.statusInterval),
                cluster.security(),
                EventSink.NONE)) {
      status.connect(p.coordinator()::status);
      JobResult result = p.awaitResult();
      spec.commandLine().getOut().println(Summary.render(result));
      if (!result.succeeded()) {
        spec.commandLine()
            .getErr()
            .println("error: " + result.failureReason().orElse("job failed"));
        return ExitCodes.JOB_FAILED;
      }
      spec.commandLine().getOut().println("Output committed to " + job.output());
      return ExitCodes.OK;
    }
  }
}

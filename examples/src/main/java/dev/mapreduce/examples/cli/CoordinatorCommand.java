package dev.mapreduce.examples.cli;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.examples.Summary;
import dev.mapreduce.grpc.CoordinatorProcess;
import dev.mapreduce.status.StatusHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mapreduce coordinator}: serves one job to worker processes over gRPC. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
    description = "Run a job's coordinator; exits 0 once the output is committed, 1 if the job fails.")
final class CoordinatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--job", required = true, description = "wordcount, indexer, or a JobTemplate class name")
  String job;

  @Option(names = "--input", required = true, arity = "1..*", description = "input files or directories")
  List<Path> inputs;

  @Option(names = "--output", required = true, description = "output directory (must not exist or be empty)")
  Path output;

  @Option(names = "--reducers", defaultValue = "3", description = "reduce tasks R (default ${DEFAULT-VALUE})")
  int reducers;

  @Option(names = "--split-size", defaultValue = "32MB", converter = SizeConverter.class,
      description = "bytes of input per map task (default ${DEFAULT-VALUE})")
  long splitSize;

  @Option(names = "--port", defaultValue = "50051", description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--status-interval", defaultValue = "10s", converter = DurationConverter.class,
      description = "how often the status block is logged (default ${DEFAULT-VALUE})")
  Duration statusInterval;

  @Option(names = "--no-worker-timeout", defaultValue = "120s", converter = DurationConverter.class,
      description = "fail the job after this long without a live worker (default ${DEFAULT-VALUE})")
  Duration noWorkerTimeout;

  @Option(names = "--set", description = "a job setting KEY=VALUE, visible to tasks (repeatable)")
  java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Option(names = "--http-port", description = "serve the status page, /status.json and /metrics on this port (bound to --bind)")
  Integer httpPort;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    // Workers may run elsewhere or in another directory: give them absolute paths.
    List<Path> absolute = inputs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Job.Builder builder = JobCatalog.builder(job, absolute, output.toAbsolutePath().normalize())
        .reduceTasks(reducers).splitSize(splitSize).noWorkerTimeout(noWorkerTimeout);
    settings.forEach(builder::set);
    Job j = builder.build();
    try (CoordinatorProcess p = CoordinatorProcess.start(j, bind, port, cluster.timings(statusInterval),
        cluster.security(), EventSink.NONE);
        StatusHttpServer http = httpPort == null ? null
            : StatusHttpServer.start(bind, httpPort, p.coordinator()::status)) {
      JobResult result = p.awaitResult();
      spec.commandLine().getOut().println(Summary.render(result));
      if (!result.succeeded()) {
        spec.commandLine().getErr().println("error: " + result.failureReason().orElse("job failed"));
        return ExitCodes.JOB_FAILED;
      }
      spec.commandLine().getOut().println("Output committed to " + j.output());
      return ExitCodes.OK;
    }
  }
}
